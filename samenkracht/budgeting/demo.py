"""Three budget rounds for the demo municipality: one with results, one voting, one for ideas.

Seeded and deterministic like the other demo generators. Rounds and proposals are written
directly (valid by construction); votes go through `ballot_cast`, so the demo's ballots
are stored exactly like real ones, and the result is computed by the allocation core.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from samenkracht.budgeting import services
from samenkracht.budgeting.models import (
    BudgetRound,
    DeliveryUpdate,
    Phase,
    Proposal,
    Support,
)
from samenkracht.common.errors import ApplicationError
from samenkracht.people.models import Neighbourhood, User
from samenkracht.people.selectors import municipality_get_default

# (title, text, cost in euro)
IDEAS = (
    (
        "Nieuwe speeltoestellen in de speeltuin",
        "De speeltuin is oud. Een klimrek en een schommel voor kleine kinderen maken hem weer leuk.",
        14000,
    ),
    (
        "Bankjes langs het wandelpad",
        "Vier bankjes langs het pad, zodat ouderen onderweg kunnen uitrusten.",
        4800,
    ),
    (
        "Moestuin bij het buurthuis",
        "Bakken met groente en kruiden. Bewoners zorgen er samen voor en delen de oogst.",
        3500,
    ),
    (
        "Buurtfeest in september",
        "Een feest voor de hele buurt, met muziek, eten uit alle keukens en spelletjes voor kinderen.",
        2500,
    ),
    (
        "AED aan de gevel van de school",
        "Een AED die dag en nacht te pakken is, en een cursus reanimeren voor twintig buren.",
        3200,
    ),
    (
        "Geveltuinen in de hele straat",
        "Tegels eruit, planten erin: geveltuinen maken de straat groener en koeler.",
        6000,
    ),
    (
        "Boekenkastje op het plein",
        "Een weerbestendig kastje waar iedereen boeken kan brengen en halen.",
        900,
    ),
    (
        "Verlichting in het parkje",
        "Lampen langs het pad in het parkje, zodat mensen er 's avonds veilig lopen.",
        12000,
    ),
    (
        "Tafeltennistafel voor jongeren",
        "Een betonnen tafeltennistafel bij het veldje, voor jongeren en iedereen die wil spelen.",
        5500,
    ),
    (
        "Repair café elke maand",
        "Materiaal en gereedschap voor een maandelijks repair café in het buurthuis.",
        2200,
    ),
    (
        "Waterpunt bij het sportveld",
        "Een drinkwaterkraan bij het sportveld, voor sporters en wandelaars.",
        7500,
    ),
    (
        "Insectenhotels en bloemenstroken",
        "Bloemen langs de bermen en insectenhotels bij de school: goed voor bijen en vlinders.",
        2800,
    ),
)
VOTING_SHARE = 0.7
MINIMUM_AGE = 16


@dataclass(frozen=True)
class DemoBudgetingResult:
    rounds: int
    proposals: int
    ballots: int


def _area(size: int) -> list[Neighbourhood]:
    """The fixed professional's buurten (the fixed resident lives in the first one)."""
    makelaar = User.objects.filter(username="makelaar").first()
    resident = User.objects.filter(username="bewoner").select_related("neighbourhood").first()
    area: list[Neighbourhood] = []
    if resident is not None and resident.neighbourhood is not None:
        area.append(resident.neighbourhood)
    if makelaar is not None:
        for neighbourhood in makelaar.work_neighbourhoods.order_by("code"):
            if neighbourhood not in area:
                area.append(neighbourhood)
    if not area:
        municipality = municipality_get_default()
        area = list(
            Neighbourhood.objects.filter(district__municipality=municipality).order_by("code")
        )
    return area[:size]


def _round(
    *,
    title: str,
    description: str,
    area: list[Neighbourhood],
    amount: int,
    phase: Phase,
    starts: dict[str, datetime],
) -> BudgetRound:
    municipality = area[0].district.municipality
    budget_round = BudgetRound(
        municipality=municipality,
        title=title,
        description=description,
        amount=Decimal(amount),
        min_supports=3,
        ballot_type=BudgetRound.BallotType.KNAPSACK,
        rule=BudgetRound.Rule.MES_COMPLETED,
        minimum_age=MINIMUM_AGE,
        applied_phase=phase,
        created_by=User.objects.filter(username="makelaar").first(),
        **starts,
    )
    budget_round.full_clean()
    budget_round.save()
    budget_round.neighbourhoods.set(area)
    return budget_round


def _dates(*, now: datetime, voting_start_days: int, voting_days: int = 21) -> dict[str, datetime]:
    """Phase dates around a voting start that lies `voting_start_days` from now."""
    # Midnight where the municipality is, as the round form makes them.
    voting_start = timezone.localtime(now + timedelta(days=voting_start_days)).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    return {
        "proposals_start": voting_start - timedelta(days=70),
        "support_start": voting_start - timedelta(days=42),
        "feasibility_start": voting_start - timedelta(days=28),
        "voting_start": voting_start,
        "voting_end": voting_start + timedelta(days=voting_days),
        "delivery_start": voting_start + timedelta(days=voting_days + 30),
    }


def _residents(area: list[Neighbourhood], now: datetime) -> list[User]:
    return list(
        User.objects.filter(
            role=User.Role.RESIDENT,
            is_active=True,
            neighbourhood__in=area,
            birth_year__lte=now.year - MINIMUM_AGE,
        ).order_by("pk")
    )


def _proposals(
    *,
    budget_round: BudgetRound,
    ideas: list[tuple[str, str, int]],
    authors: list[User],
    status: str,
    rng: random.Random,
) -> list[Proposal]:
    area = list(budget_round.neighbourhoods.all())
    rows = []
    for title, text, cost in ideas:
        neighbourhood = rng.choice(area)
        is_judged = status in (Proposal.Status.ON_BALLOT, Proposal.Status.FEASIBLE)
        rows.append(
            Proposal(
                budget_round=budget_round,
                author=rng.choice(authors) if authors else None,
                title=title,
                text=text,
                neighbourhood=neighbourhood,
                latitude=neighbourhood.latitude + rng.uniform(-0.002, 0.002),
                longitude=neighbourhood.longitude + rng.uniform(-0.003, 0.003),
                estimated_cost=Decimal(cost),
                assessed_cost=Decimal(round(cost * rng.uniform(0.9, 1.2), -2))
                if is_judged
                else None,
                feasibility_reason=(
                    "De gemeente heeft de plek bekeken. Het kan, en de kosten zijn nagerekend."
                    if is_judged
                    else ""
                ),
                status=status,
            )
        )
    return Proposal.objects.bulk_create(rows)


def _supports(proposals: list[Proposal], residents: list[User], rng: random.Random) -> None:
    rows: list[Support] = []
    for proposal in proposals:
        supporters = rng.sample(residents, k=min(len(residents), rng.randint(2, 9)))
        rows.extend(
            Support(proposal=proposal, user=person)
            for person in supporters
            if person.pk != proposal.author_id
        )
    Support.objects.bulk_create(rows, ignore_conflicts=True)


def _votes(
    *,
    budget_round: BudgetRound,
    proposals: list[Proposal],
    voters: list[User],
    moment: datetime,
    rng: random.Random,
) -> int:
    """Each voter picks favourites of their own buurt first, then others, within the budget.

    Buurten like different projects, so equal shares and "most votes first" differ.
    """
    area = [n.pk for n in budget_round.neighbourhoods.order_by("pk")]
    favourites = {
        neighbourhood_id: rng.sample(proposals, k=min(3, len(proposals)))
        for neighbourhood_id in area
    }
    cast = 0
    for voter in voters:
        wishes = favourites.get(voter.neighbourhood_id or 0, [])[:]
        others = [p for p in proposals if p not in wishes]
        rng.shuffle(others)
        chosen: list[Proposal] = []
        total = Decimal(0)
        for proposal in [*wishes, *others[: rng.randint(0, 3)]]:
            if total + proposal.cost <= budget_round.amount and rng.random() < 0.85:
                chosen.append(proposal)
                total += proposal.cost
        if not chosen:
            continue
        services.ballot_cast(
            budget_round=budget_round,
            voter=voter,
            choices=[(p.pk, None) for p in chosen],
            now=moment,
        )
        cast += 1
    return cast


@transaction.atomic
def demo_budgeting_generate(
    *, seed: int = 2026, now: datetime | None = None
) -> DemoBudgetingResult:
    """Create a round with results, one in voting and one collecting ideas."""
    rng = random.Random(seed)
    now = now or timezone.now()
    area = _area(5)
    if not area:
        raise ApplicationError(
            "Er zijn nog geen buurten ingelezen. Draai eerst: manage.py import_neighbourhoods --builtin"
        )
    residents = _residents(area, now)
    ideas = list(IDEAS)
    rng.shuffle(ideas)
    names = ", ".join(n.name for n in area)
    fixed = next((r for r in residents if r.username == "bewoner"), None)

    # 1. Results: voting closed ten days ago; the demo resident voted.
    closed = _round(
        title=f"Buurtbudget {area[0].name} {now.year - 1}",
        description=f"Bewoners van {names} verdeelden € 25.000 over plannen voor de buurt.",
        area=area,
        amount=25000,
        phase=Phase.VOTING,
        starts=_dates(now=now, voting_start_days=-31),
    )
    closed_proposals = _proposals(
        budget_round=closed,
        ideas=ideas[:8],
        authors=residents,
        status=Proposal.Status.ON_BALLOT,
        rng=rng,
    )
    voters = [r for r in residents if r is fixed or rng.random() < VOTING_SHARE]
    ballots = _votes(
        budget_round=closed,
        proposals=closed_proposals,
        voters=voters,
        moment=closed.voting_start + timedelta(days=3),
        rng=rng,
    )
    result = services.result_compute(budget_round=closed, now=now)
    services.round_advance(budget_round=closed, now=now)
    for pk in result.selected[:2]:
        proposal = Proposal.objects.get(pk=pk)
        update = DeliveryUpdate(
            proposal=proposal,
            author=closed.created_by,
            status=Proposal.Delivery.IN_PROGRESS,
            text="De gemeente heeft alles besteld. In de komende weken begint het werk.",
        )
        update.full_clean()
        update.save()
        Proposal.objects.filter(pk=pk).update(delivery_status=Proposal.Delivery.IN_PROGRESS)

    # 2. Voting: open for another two weeks; neighbours voted, the demo resident not yet.
    voting = _round(
        title=f"Buurtbudget {area[0].name} {now.year}",
        description=f"Stem mee: waar gaat € 30.000 voor {names} naartoe?",
        area=area,
        amount=30000,
        phase=Phase.VOTING,
        starts=_dates(now=now, voting_start_days=-7),
    )
    voting_proposals = _proposals(
        budget_round=voting,
        ideas=ideas[4:11],
        authors=residents,
        status=Proposal.Status.ON_BALLOT,
        rng=rng,
    )
    ballots += _votes(
        budget_round=voting,
        proposals=voting_proposals,
        voters=[r for r in residents if r is not fixed and rng.random() < 0.4],
        moment=now - timedelta(days=1),
        rng=rng,
    )

    # 3. Ideas: proposals come in for another three weeks.
    ideas_round = _round(
        title=f"Ideeën voor {area[0].name} {now.year + 1}",
        description="Heeft u een idee voor de buurt? Dien het in en vraag buren om steun.",
        area=area,
        amount=40000,
        phase=Phase.PROPOSALS,
        starts=_dates(now=now, voting_start_days=63),
    )
    idea_proposals = _proposals(
        budget_round=ideas_round,
        ideas=ideas[:5],
        authors=[r for r in residents if r is not fixed],
        status=Proposal.Status.SUBMITTED,
        rng=rng,
    )
    _supports(idea_proposals, residents, rng)
    proposals = len(closed_proposals) + len(voting_proposals) + len(idea_proposals)
    return DemoBudgetingResult(rounds=3, proposals=proposals, ballots=ballots)
