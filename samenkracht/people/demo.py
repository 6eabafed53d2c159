"""A demo municipality: residents in households, organisations, professionals and officials.

Everything follows from one seed: the same seed and scale give the same people with the
same names in the same neighbourhoods. Rows are written with `bulk_create` in batches and
every generated account shares one precomputed password hash, so 100,000 residents take
seconds, not hours.
"""

import math
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from faker import Faker

from samenkracht.common.errors import ApplicationError
from samenkracht.people.models import (
    DEFAULT_DOMAIN_BY_KIND,
    ConsentKind,
    ConsentRecord,
    Household,
    Membership,
    Municipality,
    Neighbourhood,
    Organisation,
    User,
)
from samenkracht.people.selectors import municipality_get_default

DEMO_PASSWORD = "Samen-Sterk-2026"
LOGIN_URL = "http://127.0.0.1:8000/account/inloggen/"
BATCH_SIZE = 2000
EMAIL_DOMAINS = ("example.nl", "example.nl", "example.com", "example.org", "example.net")


@dataclass(frozen=True)
class DemoAccount:
    role: str
    username: str
    email: str
    first_name: str
    last_name: str


DEMO_ACCOUNTS = (
    DemoAccount(User.Role.RESIDENT, "bewoner", "bewoner@example.nl", "Sanne", "de Boer"),
    DemoAccount(User.Role.PROFESSIONAL, "makelaar", "makelaar@example.nl", "Karim", "El Amrani"),
    DemoAccount(User.Role.OFFICIAL, "gemeente", "gemeente@example.nl", "Ingrid", "Hoekstra"),
    DemoAccount(User.Role.ADMIN, "beheer", "beheer@example.nl", "Ruud", "Verbeek"),
)

# The fixed resident's buurt, if the imported table has one of these; else the first.
DEMO_RESIDENT_NEIGHBOURHOODS = ("Bomenbuurt", "Vinkenbaan", "Muziekbuurt-Noord")

# Share of Dutch adults per age band (CBS, rounded); singles and heads of households.
AGE_BANDS = (
    ((18, 19), 4),
    ((20, 24), 11),
    ((25, 29), 12),
    ((30, 34), 12),
    ((35, 39), 11),
    ((40, 44), 10),
    ((45, 49), 10),
    ((50, 54), 12),
    ((55, 59), 13),
    ((60, 64), 12),
    ((65, 69), 11),
    ((70, 74), 10),
    ((75, 79), 8),
    ((80, 84), 5),
    ((85, 89), 3),
    ((90, 95), 1),
)
# Adults per household: many live alone, most others as a couple.
HOUSEHOLD_SIZES = ((1, 40), (2, 46), (3, 9), (4, 4), (5, 1))
# A household's language besides Dutch, and how likely its members also speak Dutch.
HOME_LANGUAGES = (
    ("", 740, 1.0),
    ("tr", 50, 0.9),
    ("ber", 30, 0.9),
    ("ar", 30, 0.85),
    ("en", 30, 0.4),
    ("de", 20, 0.8),
    ("pl", 20, 0.6),
    ("srn", 20, 1.0),
    ("uk", 15, 0.35),
    ("pap", 10, 1.0),
    ("ti", 8, 0.5),
    ("fy", 7, 1.0),
)
SECOND_LANGUAGES = (("en", 0.45), ("de", 0.12), ("fr", 0.06), ("es", 0.04), ("ngt", 0.004))
CONSENT_SHARES = (
    (ConsentKind.CONTACTABLE, 0.82),
    (ConsentKind.NETWORK_ANALYSIS, 0.48),
    (ConsentKind.WELLBEING, 0.14),
)
SPARSE_AREAS = ("bedrijventerrein", "sportpark", "winkelcentrum", "buitengebied", "bosgebied")

# Latin-script names for languages whose Faker locale writes another script or has none.
OWN_NAMES = {
    "ar": (
        ("Mohamed", "Youssef", "Ahmed", "Omar", "Bilal", "Hamza", "Mustafa", "Ayoub"),
        ("Fatima", "Khadija", "Samira", "Nadia", "Yasmina", "Imane", "Malika", "Hanan"),
        ("El Idrissi", "Benali", "Bouzid", "El Khatib", "Haddou", "Amrani", "Saidi", "Tahiri"),
    ),
    "uk": (
        ("Oleksandr", "Andrii", "Dmytro", "Serhii", "Mykola", "Taras", "Ivan", "Yurii"),
        ("Olena", "Iryna", "Nataliia", "Oksana", "Tetiana", "Yuliia", "Kateryna", "Svitlana"),
        ("Shevchenko", "Kovalenko", "Bondarenko", "Tkachenko", "Melnyk", "Boiko", "Kravets"),
    ),
    "ti": (
        ("Yonas", "Tesfay", "Filmon", "Mehari", "Dawit", "Kidane"),
        ("Senait", "Helen", "Luwam", "Selam", "Mihret", "Saba"),
        ("Tesfamariam", "Ghebremedhin", "Habte", "Kidane", "Berhane", "Woldu"),
    ),
}
OWN_NAMES["ber"] = OWN_NAMES["ar"]
FAKER_LOCALES = {"nl": "nl_NL", "tr": "tr_TR", "pl": "pl_PL", "de": "de_DE", "en": "en_GB"}

ABOUT_OPENINGS = (
    "Ik woon sinds {year} in {buurt}.",
    "Geboren en getogen in {city}.",
    "Met mijn gezin woon ik in {buurt}.",
    "Ik ben pas verhuisd naar {buurt}.",
    "Al jaren woon ik met plezier in {buurt}.",
)
ABOUT_MIDDLES = (
    "Ik houd van tuinieren en help graag in de moestuin.",
    "Ik kook graag, ook voor anderen.",
    "Ik ben handig met computers en telefoons.",
    "Ik kan fietsen repareren.",
    "Ik wandel elke dag met de hond.",
    "Ik zing in een koor.",
    "Ik lees graag voor aan kinderen.",
    "Ik ben met pensioen en heb tijd over.",
    "Ik werk in de zorg.",
    "Ik ben goed met papieren en formulieren.",
    "Ik klus graag: een kastje ophangen of een lamp vervangen.",
    "Ik breng graag iemand met de auto naar het ziekenhuis.",
)
ABOUT_ENDINGS = (
    "Vraag me gerust om hulp.",
    "Ik zoek iemand om samen mee te wandelen.",
    "Ik wil graag mensen in de buurt leren kennen.",
    "Stuur me een bericht als u iets nodig hebt.",
    "",
)

# (kind, name templates, local to a buurt, relative share per 1,000 residents)
ORGANISATION_TEMPLATES: tuple[tuple[str, tuple[str, ...], bool, float], ...] = (
    (
        Organisation.Kind.BUSINESS,
        (
            "Bakkerij {last}",
            "Supermarkt {buurt}",
            "Installatiebedrijf {last}",
            "Kapsalon {first}",
            "Fietsenmaker {buurt}",
            "Schildersbedrijf {last} & Zn.",
            "Bloemenhuis {buurt}",
            "Apotheek {buurt}",
            "Klusbedrijf {last}",
            "Slagerij {last}",
            "Administratiekantoor {last}",
            "Eetcafé {buurt}",
        ),
        True,
        3.3,
    ),
    (
        Organisation.Kind.ASSOCIATION,
        (
            "Buurtvereniging {buurt}",
            "Speeltuinvereniging {buurt}",
            "Bewonerscommissie {buurt}",
            "Volkstuinvereniging {buurt}",
            "Seniorenvereniging {wijk}",
            "Voetbalvereniging {wijk}",
            "Muziekvereniging {wijk}",
            "Wijkraad {wijk}",
        ),
        True,
        2.0,
    ),
    (
        Organisation.Kind.COOPERATIVE,
        (
            "Energiecoöperatie {wijk}",
            "Zorgcoöperatie {wijk}",
            "Broodfonds {buurt}",
            "Buurtcoöperatie {buurt}",
            "Voedselcoöperatie {wijk}",
        ),
        True,
        0.7,
    ),
    (
        Organisation.Kind.FOUNDATION,
        (
            "Stichting Buurthuis {buurt}",
            "Stichting Repair Café {wijk}",
            "Stichting Taalhuis {wijk}",
            "Stichting Huiskamer {buurt}",
            "Stichting Samen Eten {wijk}",
        ),
        True,
        1.2,
    ),
)
DESCRIPTIONS = {
    Organisation.Kind.WELFARE: "Sociaal makelaars en opbouwwerkers die bewoners met elkaar verbinden.",
    Organisation.Kind.MUNICIPALITY: "De gemeente: beleid, buurtbudgetten en subsidies.",
    Organisation.Kind.HOUSING: "Betaalbare huurwoningen en leefbare buurten.",
    Organisation.Kind.BUSINESS: "Een ondernemer uit de buurt die graag iets terugdoet.",
    Organisation.Kind.ASSOCIATION: "Door en voor bewoners.",
    Organisation.Kind.COOPERATIVE: "Bewoners die samen iets organiseren en er samen eigenaar van zijn.",
    Organisation.Kind.FOUNDATION: "Vrijwilligers die zich inzetten voor de buurt.",
}


@dataclass
class DemoCounts:
    """How many rows of each kind the generator wrote."""

    households: int = 0
    residents: int = 0
    professionals: int = 0
    officials: int = 0
    admins: int = 0
    consent_records: int = 0
    organisations: int = 0
    memberships: int = 0
    work_neighbourhoods: int = 0

    def rows(self) -> dict[str, int]:
        return {
            "Household": self.households,
            "User": self.residents + self.professionals + self.officials + self.admins,
            "ConsentRecord": self.consent_records,
            "Organisation": self.organisations,
            "Membership": self.memberships,
            "User.work_neighbourhoods": self.work_neighbourhoods,
        }


@dataclass(frozen=True)
class _NamePool:
    male: tuple[str, ...]
    female: tuple[str, ...]
    last: tuple[str, ...]


@dataclass
class _Area:
    neighbourhood: Neighbourhood
    district_name: str
    weight: float
    residents: list[User] = field(default_factory=list)
    professionals: list[User] = field(default_factory=list)


def demo_generate(*, residents: int, seed: int = 2026, now: datetime | None = None) -> DemoCounts:
    """Fill the default municipality with `residents` residents and everyone around them."""
    municipality = municipality_get_default()
    neighbourhoods = (
        list(
            Neighbourhood.objects.filter(district__municipality=municipality)
            .select_related("district")
            .order_by("code")
        )
        if municipality is not None
        else []
    )
    if municipality is None or not neighbourhoods:
        raise ApplicationError(
            "Er zijn nog geen buurten ingelezen. Draai eerst: "
            "manage.py import_neighbourhoods --builtin"
        )
    generator = _Generator(
        seed=seed,
        municipality=municipality,
        neighbourhoods=neighbourhoods,
        now=now or timezone.now(),
    )
    with transaction.atomic():
        return generator.run(residents=max(residents, 1))


def demo_residents_exist() -> bool:
    return User.objects.filter(role=User.Role.RESIDENT).exists()


class _Generator:
    def __init__(
        self,
        *,
        seed: int,
        municipality: Municipality,
        neighbourhoods: list[Neighbourhood],
        now: datetime,
    ) -> None:
        self.rng = random.Random(seed)
        self.municipality = municipality
        self.city = municipality.name
        self.now = now
        self.counts = DemoCounts()
        self.password_hash = make_password(DEMO_PASSWORD)
        self.pools = _name_pools(seed)
        self.areas = [
            _Area(n, _district_short_name(n.district.name), self._area_weight(n))
            for n in neighbourhoods
        ]
        self.area_weights = [area.weight for area in self.areas]
        self.taken_usernames = {u.lower() for u in User.objects.values_list("username", flat=True)}
        self.taken_emails = {
            e.lower() for e in User.objects.exclude(email=None).values_list("email", flat=True)
        }
        self.taken_slugs = set(Organisation.objects.values_list("slug", flat=True))
        self.all_residents: list[User] = []

    def run(self, *, residents: int) -> DemoCounts:
        fixed = self._fixed_accounts()
        professionals = self._professionals(residents, fixed["makelaar"])
        officials = self._officials(residents)
        self._residents(residents - (1 if "bewoner" in self.created_fixed else 0))
        self._consents()
        self._organisations(fixed, professionals, [fixed["gemeente"], *officials])
        return self.counts

    # --- people ----------------------------------------------------------------------------

    def _fixed_accounts(self) -> dict[str, User]:
        existing = {u.username: u for u in User.objects.filter(username__in=_demo_usernames())}
        home = next(
            (a for name in DEMO_RESIDENT_NEIGHBOURHOODS for a in self.areas if a.neighbourhood.name == name),
            self.areas[0],
        )
        self.home_area = home
        accounts: dict[str, User] = {}
        new: list[User] = []
        for account in DEMO_ACCOUNTS:
            user = existing.get(account.username) or User(
                username=account.username,
                email=account.email,
                email_confirmed_at=self.now,
                first_name=account.first_name,
                last_name=account.last_name,
                role=account.role,
                password=self.password_hash,
                date_joined=self.now,
            )
            if user.pk is None:
                new.append(user)
            accounts[account.username] = user
        resident, makelaar = accounts["bewoner"], accounts["makelaar"]
        if resident.pk is None:
            household = Household.objects.create(neighbourhood=home.neighbourhood)
            self.counts.households += 1
            resident.household = household
            resident.neighbourhood = home.neighbourhood
            resident.birth_year = self.now.year - 41
            resident.languages = ["nl", "en"]
            resident.about = f"Ik woon sinds {self.now.year - 6} in {home.neighbourhood.name}. Ik kook graag, ook voor anderen."
        accounts["gemeente"].municipality = self.municipality
        admin = accounts["beheer"]
        admin.is_staff = admin.is_superuser = True
        User.objects.bulk_create(new)
        self.created_fixed = {user.username for user in new}
        for user in new:
            self._count_user(user)
        if resident.pk is not None and resident.username in self.created_fixed:
            self.all_residents.append(resident)
            home.residents.append(resident)
        if makelaar.username in self.created_fixed:
            start = self.areas.index(home)
            self._work_area_assign(makelaar, [*range(start, start + 8)])
        return accounts

    def _professionals(self, residents: int, makelaar: User) -> list[User]:
        chunks = self._coverage_chunks()
        extra = max(0, round(residents / 2500) - len(chunks))
        for _ in range(extra):
            start = self.rng.randrange(len(self.areas))
            chunks.append(list(range(start, start + self.rng.randint(5, 15))))
        professionals = [
            self._staff_member(User.Role.PROFESSIONAL, "welzijn.example.nl") for _ in chunks
        ]
        self._bulk(professionals)
        for professional, chunk in zip(professionals, chunks, strict=True):
            self._work_area_assign(professional, chunk)
        if makelaar.username in self.created_fixed:
            professionals.insert(0, makelaar)
        return professionals

    def _coverage_chunks(self) -> list[list[int]]:
        """Split the buurten, in code order, into runs of 5–15 so every buurt has someone."""
        chunks, start, total = [], 0, len(self.areas)
        while start < total:
            remaining = total - start
            size = self.rng.randint(5, 15)
            if remaining - size < 5:
                size = remaining if remaining <= 15 else remaining - 5
            chunks.append(list(range(start, start + size)))
            start += size
        return chunks

    def _work_area_assign(self, professional: User, indexes: Sequence[int]) -> None:
        areas = {index % len(self.areas): self.areas[index % len(self.areas)] for index in indexes}
        through = User.work_neighbourhoods.through
        rows = [
            through(user_id=professional.pk, neighbourhood_id=area.neighbourhood.pk)
            for area in areas.values()
        ]
        through.objects.bulk_create(rows)
        for area in areas.values():
            area.professionals.append(professional)
        self.counts.work_neighbourhoods += len(rows)

    def _officials(self, residents: int) -> list[User]:
        officials = [
            self._staff_member(User.Role.OFFICIAL, "gemeente.example.nl")
            for _ in range(max(3, residents // 10_000))
        ]
        for official in officials:
            official.municipality = self.municipality
        self._bulk(officials)
        return officials

    def _staff_member(self, role: str, domain: str) -> User:
        age = self.rng.randint(24, 63)
        first, last = self._name(self.pools["nl"], is_female=self.rng.random() < 0.6)
        username = self._username(first, last)
        return User(
            username=username,
            email=self._email(username, domain),
            email_confirmed_at=self.now,
            first_name=first,
            last_name=last,
            role=role,
            password=self.password_hash,
            birth_year=self.now.year - age,
            languages=["nl", "en"],
            date_joined=self._joined(),
        )

    def _residents(self, total: int) -> None:
        rng, batch, households = self.rng, [], []
        created = 0
        while created < total:
            area = rng.choices(self.areas, weights=self.area_weights)[0]
            household = Household(neighbourhood=area.neighbourhood)
            size = min(_weighted(rng, HOUSEHOLD_SIZES), total - created)
            home_language, nl_share = _home_language(rng)
            pool = self.pools.get(home_language, self.pools["nl"])
            family_name = self._name(pool, is_female=False)[1]
            for position, age in enumerate(self._household_ages(size)):
                user = self._resident(area, pool, family_name, position, age, home_language, nl_share)
                user.household = household
                batch.append(user)
            households.append(household)
            created += size
            if len(batch) >= BATCH_SIZE:
                self._residents_write(households, batch)
                batch, households = [], []
        self._residents_write(households, batch)

    def _residents_write(self, households: list[Household], residents: list[User]) -> None:
        Household.objects.bulk_create(households, batch_size=BATCH_SIZE)
        self.counts.households += len(households)
        for user in residents:
            user.household_id = user.household.pk  # type: ignore[union-attr]
        self._bulk(residents)

    def _household_ages(self, size: int) -> list[int]:
        rng = self.rng
        if size <= 2:
            head = _age(rng)
            partner = min(95, max(18, round(rng.gauss(head - 2, 3))))
            return [head, partner][:size]
        parents = [rng.randint(44, 66)]
        parents.append(min(95, max(18, round(rng.gauss(parents[0] - 2, 3)))))
        return parents + [rng.randint(18, 27) for _ in range(size - 2)]

    def _resident(
        self,
        area: _Area,
        pool: _NamePool,
        family_name: str,
        position: int,
        age: int,
        home_language: str,
        nl_share: float,
    ) -> User:
        rng = self.rng
        first, last = self._name(pool, is_female=(position == 1) != (rng.random() < 0.5))
        if position != 1 or rng.random() < 0.5:
            last = family_name
        username = self._username(first, last)
        has_email = rng.random() >= (0.35 if age >= 75 else 0.08)
        joined = self._joined()
        user = User(
            username=username,
            first_name=first,
            last_name=last,
            show_full_name=rng.random() < 0.2,
            role=User.Role.RESIDENT,
            neighbourhood=area.neighbourhood,
            birth_year=self.now.year - age - rng.randint(0, 1),
            languages=self._languages(rng, home_language, nl_share, age),
            about=self._about(area) if rng.random() < 0.25 else "",
            date_joined=joined,
        )
        if has_email:
            user.email = self._email(username, rng.choice(EMAIL_DOMAINS))
            user.password = self.password_hash
            if rng.random() < 0.92:
                user.email_confirmed_at = joined + timedelta(minutes=rng.randint(2, 600))
        else:
            user.password = make_password(None)
            if area.professionals:
                user.registered_by = rng.choice(area.professionals)
        area.residents.append(user)
        self.all_residents.append(user)
        return user

    def _languages(
        self, rng: random.Random, home_language: str, nl_share: float, age: int
    ) -> list[str]:
        languages = ["nl"] if rng.random() < nl_share else []
        if home_language:
            languages.append(home_language)
        for code, share in SECOND_LANGUAGES:
            if code not in languages and rng.random() < (share if age < 65 else share / 3):
                languages.append(code)
        return languages or ["nl"]

    def _about(self, area: _Area) -> str:
        rng = self.rng
        parts = (
            rng.choice(ABOUT_OPENINGS).format(
                year=self.now.year - rng.randint(1, 40),
                buurt=area.neighbourhood.name,
                city=self.city,
            ),
            rng.choice(ABOUT_MIDDLES),
            rng.choice(ABOUT_ENDINGS),
        )
        return " ".join(part for part in parts if part)

    def _consents(self) -> None:
        rng, batch = self.rng, []
        for user in self.all_residents:
            for kind, share in CONSENT_SHARES:
                draw = rng.random()
                if draw < share:
                    batch.append(ConsentRecord(user_id=user.pk, kind=kind, is_given=True))
                elif draw > 0.97:
                    batch.append(ConsentRecord(user_id=user.pk, kind=kind, is_given=False))
            if len(batch) >= BATCH_SIZE:
                self.counts.consent_records += len(ConsentRecord.objects.bulk_create(batch))
                batch = []
        self.counts.consent_records += len(ConsentRecord.objects.bulk_create(batch))

    # --- organisations ---------------------------------------------------------------------

    def _organisations(
        self, fixed: dict[str, User], professionals: list[User], officials: list[User]
    ) -> None:
        rng, city = self.rng, self.city
        plans: list[tuple[Organisation, list[tuple[User, str]]]] = []
        welfare = [f"Welzijn {city}", f"Sociaal Werk {city}"]
        for index, name in enumerate(welfare):
            staff = professionals[index :: len(welfare)]
            plans.append((self._organisation(name, Organisation.Kind.WELFARE, None), self._staff(staff, "volunteer", 0.003)))
        plans.append(
            (
                self._organisation(f"Gemeente {city}", Organisation.Kind.MUNICIPALITY, None),
                [(user, Membership.Role.ADMIN if i == 0 else Membership.Role.STAFF) for i, user in enumerate(officials)],
            )
        )
        for name in (f"Woonstichting {city}", "Woningcorporatie Eemvallei"):
            housing = self._organisation(name, Organisation.Kind.HOUSING, None)
            plans.append((housing, self._pick_members(None, admins=1, staff=rng.randint(2, 5))))
        plans.append(
            (
                self._organisation(f"Stichting Voedselbank {city}", Organisation.Kind.FOUNDATION, None),
                self._pick_members(None, admins=1, volunteers=rng.randint(10, 30)),
            )
        )
        home = self.home_area
        own = self._organisation(
            f"Buurtvereniging {home.neighbourhood.name}", Organisation.Kind.ASSOCIATION, home
        )
        own_members = self._pick_members(home, admins=1, members=rng.randint(8, 40))
        if "bewoner" in self.created_fixed:
            own_members.append((fixed["bewoner"], Membership.Role.VOLUNTEER))
        plans.append((own, own_members))
        scale = len(self.all_residents) / 1000
        for kind, templates, _is_local, share in ORGANISATION_TEMPLATES:
            for _ in range(max(3, round(share * scale))):
                area = rng.choices(self.areas, weights=self.area_weights)[0]
                name = rng.choice(templates).format(
                    buurt=area.neighbourhood.name,
                    wijk=area.district_name,
                    last=_capitalised(self._name(self.pools["nl"], is_female=False)[1]),
                    first=self._name(self.pools["nl"], is_female=True)[0],
                )
                organisation = self._organisation(name, kind, area)
                plans.append((organisation, self._members_for(kind, area)))
        Organisation.objects.bulk_create([organisation for organisation, _ in plans])
        self.counts.organisations += len(plans)
        memberships = [
            Membership(organisation=organisation, user=user, role=role)
            for organisation, members in plans
            for user, role in dict(members).items()
        ]
        Membership.objects.bulk_create(memberships, batch_size=BATCH_SIZE)
        self.counts.memberships += len(memberships)

    def _organisation(self, name: str, kind: str, area: _Area | None) -> Organisation:
        slug = base = slugify(name)[:200] or "organisatie"
        number = 2
        while slug in self.taken_slugs:
            slug, number = f"{base}-{number}", number + 1
        self.taken_slugs.add(slug)
        return Organisation(
            name=name,
            slug=slug,
            kind=kind,
            domain=DEFAULT_DOMAIN_BY_KIND[Organisation.Kind(kind)],
            description=DESCRIPTIONS[Organisation.Kind(kind)],
            website=f"https://{slug}.example.nl",
            email=f"info@{slug}.example.nl",
            phone=f"033-{self.rng.randint(2_000_000, 4_999_999)}",
            municipality=self.municipality,
            neighbourhood=area.neighbourhood if area is not None else None,
        )

    def _members_for(self, kind: str, area: _Area) -> list[tuple[User, str]]:
        rng = self.rng
        if kind == Organisation.Kind.BUSINESS:
            return self._pick_members(area, admins=1, staff=rng.randint(0, 4))
        if kind == Organisation.Kind.ASSOCIATION:
            return self._pick_members(
                area, admins=1, volunteers=rng.randint(1, 4), members=rng.randint(8, 60)
            )
        if kind == Organisation.Kind.COOPERATIVE:
            return self._pick_members(area, admins=2, members=rng.randint(15, 80))
        return self._pick_members(area, admins=1, volunteers=rng.randint(3, 25))

    def _pick_members(
        self, area: _Area | None, *, admins: int, staff: int = 0, volunteers: int = 0, members: int = 0
    ) -> list[tuple[User, str]]:
        """Pick distinct residents, most from the organisation's own buurt."""
        rng, wanted = self.rng, admins + staff + volunteers + members
        wanted = min(wanted, len(self.all_residents))
        chosen: dict[int, User] = {}
        local = area.residents if area is not None else []
        for _ in range(wanted * 3):
            if len(chosen) >= wanted:
                break
            source = local if local and rng.random() < 0.75 else self.all_residents
            user = rng.choice(source)
            chosen.setdefault(id(user), user)
        roles = (
            [Membership.Role.ADMIN] * admins
            + [Membership.Role.STAFF] * staff
            + [Membership.Role.VOLUNTEER] * volunteers
            + [Membership.Role.MEMBER] * members
        )
        return list(zip(chosen.values(), roles, strict=False))

    def _staff(self, staff: list[User], extra_role: str, share: float) -> list[tuple[User, str]]:
        members = [
            (user, Membership.Role.ADMIN if i == 0 else Membership.Role.STAFF)
            for i, user in enumerate(staff)
        ]
        volunteers = round(len(self.all_residents) * share)
        return members + [(user, extra_role) for user, _ in self._pick_members(None, admins=volunteers)]

    # --- small pieces ----------------------------------------------------------------------

    def _area_weight(self, neighbourhood: Neighbourhood) -> float:
        weight = self.rng.lognormvariate(0, 0.6)
        text = f"{neighbourhood.name} {neighbourhood.district.name}".lower()
        return weight * 0.05 if any(word in text for word in SPARSE_AREAS) else weight

    def _name(self, pool: _NamePool, *, is_female: bool) -> tuple[str, str]:
        first = self.rng.choice(pool.female if is_female else pool.male)
        return first, self.rng.choice(pool.last)

    def _username(self, first: str, last: str) -> str:
        base = f"{_slug(first)}.{_slug(last)}".strip(".") or "bewoner"
        username, number = base, 2
        while username in self.taken_usernames:
            username, number = f"{base}{number}", number + 1
        self.taken_usernames.add(username)
        return username

    def _email(self, username: str, domain: str) -> str:
        email, number = f"{username}@{domain}", 2
        while email in self.taken_emails:
            email, number = f"{username}{number}@{domain}", number + 1
        self.taken_emails.add(email)
        return email

    def _joined(self) -> datetime:
        return self.now - timedelta(minutes=self.rng.randint(60, 3 * 365 * 24 * 60))

    def _bulk(self, users: list[User]) -> None:
        User.objects.bulk_create(users, batch_size=BATCH_SIZE)
        for user in users:
            self._count_user(user)

    def _count_user(self, user: User) -> None:
        attribute = {
            User.Role.RESIDENT: "residents",
            User.Role.PROFESSIONAL: "professionals",
            User.Role.OFFICIAL: "officials",
            User.Role.ADMIN: "admins",
        }[User.Role(user.role)]
        setattr(self.counts, attribute, getattr(self.counts, attribute) + 1)


def _demo_usernames() -> list[str]:
    return [account.username for account in DEMO_ACCOUNTS]


def _name_pools(seed: int) -> dict[str, _NamePool]:
    """Draw names once per locale; a Faker call costs far more than a random choice."""
    pools = {}
    for language, locale in FAKER_LOCALES.items():
        fake = Faker(locale)
        fake.seed_instance(seed)
        size = 400 if language == "nl" else 80
        pools[language] = _NamePool(
            male=_unique(fake.first_name_male() for _ in range(size)),
            female=_unique(fake.first_name_female() for _ in range(size)),
            last=_unique(fake.last_name() for _ in range(size * 2)),
        )
    for language, (male, female, last) in OWN_NAMES.items():
        pools[language] = _NamePool(male, female, last)
    return pools


def _unique(names: object) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))  # type: ignore[call-overload]


def _weighted(rng: random.Random, options: Sequence[tuple[int, int]]) -> int:
    return rng.choices([value for value, _ in options], weights=[w for _, w in options])[0]


def _age(rng: random.Random) -> int:
    (low, high) = rng.choices([band for band, _ in AGE_BANDS], weights=[w for _, w in AGE_BANDS])[0]
    return rng.randint(low, high)


def _home_language(rng: random.Random) -> tuple[str, float]:
    code, _weight, nl_share = rng.choices(HOME_LANGUAGES, weights=[w for _, w, _ in HOME_LANGUAGES])[0]
    return code, nl_share


def _slug(name: str) -> str:
    return slugify(name).replace("-", "")


def _capitalised(last_name: str) -> str:
    # Without a first name in front, Dutch writes the particle with a capital: "Van Dijk".
    return last_name[:1].upper() + last_name[1:]


def _district_short_name(name: str) -> str:
    short = re.sub(r"^Wijk\s+\d+\s+", "", name)
    return short[:1].upper() + short[1:]


def demo_scale_hint(residents: int) -> str:
    return f"{residents:,}".replace(",", ".") + " bewoners"


__all__ = [
    "DEMO_ACCOUNTS",
    "DEMO_PASSWORD",
    "LOGIN_URL",
    "DemoAccount",
    "DemoCounts",
    "demo_generate",
    "demo_residents_exist",
    "math",
]
