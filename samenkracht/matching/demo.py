"""Asks and offers for the demo municipality, so that matching has something to show.

Seeded and deterministic like the people generator. Rows are bulk-created with values
that are valid by construction: the services' per-row checks would make a benchmark-size
city take minutes.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from samenkracht.core.matching.taxonomy import TAXONOMY
from samenkracht.matching.models import Category, Listing
from samenkracht.people.models import User

ASK_TITLES = (
    "Wie kan mij helpen met {word}?",
    "Hulp gezocht: {word}",
    "Ik zoek iemand voor {word}",
    "Wie helpt mij met {word}?",
)
OFFER_TITLES = (
    "Ik help graag met {word}",
    "Hulp aangeboden: {word}",
    "Ik kan {word} voor u doen",
    "Graag help ik bij {word}",
)
DESCRIPTIONS = (
    "Het gaat om {words}. {when}",
    "Ik denk aan {words}. {when}",
    "Vooral {words}. {when}",
)
WHEN = (
    "Overdag kan het het beste.",
    "Liefst in het weekend.",
    "'s Avonds heb ik tijd.",
    "Wanneer het u uitkomt.",
)
# The fixed demo resident asks for this; neighbours offer it, so the demo shows matches.
FIXED_ASK = (
    "supermarkt",
    "Wie kan mij helpen met boodschappen doen?",
    "Ik kan zelf niet meer goed naar de supermarkt. Eén keer per week boodschappen halen zou fijn zijn.",
)
FIXED_OFFERS = (
    (
        "supermarkt",
        "Ik doe graag boodschappen voor een buur",
        "Ik ga elke dinsdagmiddag naar de supermarkt en neem graag iets mee.",
    ),
    (
        "telefoon",
        "Hulp met computer en telefoon",
        "Ik help u met e-mail, WhatsApp of een app op uw telefoon.",
    ),
)


@dataclass(frozen=True)
class DemoMatchingResult:
    listings: int
    offers: int
    asks: int


def _availability(rng: random.Random) -> int:
    if rng.random() < 0.25:
        return 0  # flexible
    bits = 0
    for _ in range(rng.randint(1, 5)):
        bits |= 1 << (rng.randrange(7) * 3 + rng.randrange(3))
    return bits


def _listing(
    *,
    owner: User,
    kind: str,
    category: Category,
    title: str,
    description: str,
    rng: random.Random,
    now: datetime,
) -> Listing:
    neighbourhood = owner.neighbourhood
    assert neighbourhood is not None
    created = now - timedelta(days=rng.randint(0, 40), minutes=rng.randint(0, 1440))
    return Listing(
        kind=kind,
        owner=owner,
        title=title[:120],
        description=description[:2000],
        category=category,
        availability=_availability(rng),
        place=rng.choice([Listing.Place.NEIGHBOURHOOD, Listing.Place.RADIUS]),
        radius_km=rng.choice([1.0, 2.0, 3.0, 5.0]),
        neighbourhood=neighbourhood,
        latitude=neighbourhood.latitude + rng.uniform(-0.003, 0.003),
        longitude=neighbourhood.longitude + rng.uniform(-0.004, 0.004),
        is_recurring=rng.random() < 0.3,
        expires_at=created + timedelta(days=60),
        created_at=created,
    )


@transaction.atomic
def demo_matching_generate(
    *, share: float = 0.3, seed: int = 2026, now: datetime | None = None
) -> DemoMatchingResult:
    """Give about `share` of the residents one ask or offer from the Dutch taxonomy."""
    rng = random.Random(seed)
    now = now or timezone.now()
    categories = {c.slug: c for c in Category.objects.filter(is_active=True)}
    subcategories = [
        (sub, categories[sub.slug])
        for top in TAXONOMY
        for sub in top.children
        if sub.slug in categories
    ]
    residents = list(
        User.objects.filter(role=User.Role.RESIDENT, is_active=True, neighbourhood__isnull=False)
        .select_related("neighbourhood")
        .order_by("id")
    )
    rows: list[Listing] = []
    fixed = next((r for r in residents if r.username == "bewoner"), None)
    if fixed is not None and FIXED_ASK[0] in categories:
        slug, title, description = FIXED_ASK
        rows.append(
            _listing(
                owner=fixed,
                kind=Listing.Kind.ASK,
                category=categories[slug],
                title=title,
                description=description,
                rng=rng,
                now=now,
            )
        )
        home = fixed.neighbourhood
        assert home is not None

        def distance(resident: User) -> float:
            place = resident.neighbourhood
            assert place is not None
            return (place.latitude - home.latitude) ** 2 + (place.longitude - home.longitude) ** 2

        # The nearest other residents: in a small demo the own buurt may have nobody else.
        neighbours = sorted((r for r in residents if r.pk != fixed.pk), key=distance)
        for (slug, title, description), neighbour in zip(FIXED_OFFERS, neighbours, strict=False):
            if slug in categories:
                rows.append(
                    _listing(
                        owner=neighbour,
                        kind=Listing.Kind.OFFER,
                        category=categories[slug],
                        title=title,
                        description=description,
                        rng=rng,
                        now=now,
                    )
                )
    for resident in residents:
        if resident.username == "bewoner" or rng.random() >= share:
            continue
        sub, category = rng.choice(subcategories)
        kind = Listing.Kind.OFFER if rng.random() < 0.55 else Listing.Kind.ASK
        word = rng.choice(sub.words)
        template = rng.choice(OFFER_TITLES if kind == Listing.Kind.OFFER else ASK_TITLES)
        words = ", ".join(rng.sample(sub.words, k=min(3, len(sub.words))))
        description = rng.choice(DESCRIPTIONS).format(words=words, when=rng.choice(WHEN))
        rows.append(
            _listing(
                owner=resident,
                kind=kind,
                category=category,
                title=template.format(word=word),
                description=description,
                rng=rng,
                now=now,
            )
        )
    created = Listing.objects.bulk_create(rows, batch_size=2000)
    offers = sum(1 for row in created if row.kind == Listing.Kind.OFFER)
    return DemoMatchingResult(listings=len(created), offers=offers, asks=len(created) - offers)
