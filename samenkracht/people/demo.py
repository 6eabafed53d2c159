"""A demo municipality: residents in households, organisations, professionals and officials.

Everything follows from one seed: the same seed and scale give the same people with the
same names in the same neighbourhoods. Rows are written with `bulk_create` in batches and
every generated account shares one precomputed password hash, so 100,000 residents take
seconds, not hours.

Only adults get an account: a household of two adults aged 30 may well have children, but
children are not on the platform and are not stored.
"""

import itertools
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.text import slugify
from faker import Faker

from samenkracht.common.errors import ApplicationError
from samenkracht.people.demo_vocabulary import (
    ABOUT_ENDINGS,
    ABOUT_MIDDLES,
    ABOUT_OPENINGS,
    AGE_BANDS,
    CONSENT_SHARES,
    DESCRIPTIONS,
    FAKER_LOCALES,
    HOME_LANGUAGES,
    HOUSEHOLD_SIZES,
    ORGANISATION_TEMPLATES,
    OWN_NAMES,
    SECOND_LANGUAGES,
    SPARSE_AREAS,
)
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

# Published on purpose: `demo_logins` prints it, and it exists only in demo databases.
DEMO_PASSWORD = "Samen-Sterk-2026"  # noqa: S105
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

AGE_CUMULATIVE = tuple(itertools.accumulate(weight for _, weight in AGE_BANDS))
HOUSEHOLD_SIZE_CUMULATIVE = tuple(itertools.accumulate(weight for _, weight in HOUSEHOLD_SIZES))
HOME_LANGUAGE_CUMULATIVE = tuple(itertools.accumulate(weight for _, weight, _ in HOME_LANGUAGES))
ROLE_COUNTERS: dict[str, str] = {
    User.Role.RESIDENT: "residents",
    User.Role.PROFESSIONAL: "professionals",
    User.Role.OFFICIAL: "officials",
    User.Role.ADMIN: "admins",
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
        self.area_cumulative = tuple(itertools.accumulate(area.weight for area in self.areas))
        self.home_area = next(
            (
                area
                for name in DEMO_RESIDENT_NEIGHBOURHOODS
                for area in self.areas
                if area.neighbourhood.name == name
            ),
            self.areas[0],
        )
        # Loaded once so that a second run on a filled database never collides.
        self.taken_usernames = {u.lower() for u in User.objects.values_list("username", flat=True)}
        self.taken_emails = {
            email.lower()
            for email in User.objects.exclude(email=None).values_list("email", flat=True)
            if email
        }
        self.taken_usernames |= {account.username for account in DEMO_ACCOUNTS}
        self.taken_emails |= {account.email for account in DEMO_ACCOUNTS}
        self.taken_slugs = set(Organisation.objects.values_list("slug", flat=True))
        self.slugs: dict[str, str] = {}
        self.all_residents: list[User] = []
        self.created_fixed: dict[str, User] = {}
        self.consent_extra: list[tuple[int, str, bool]] = []

    def run(self, *, residents: int) -> DemoCounts:
        self._fixed_accounts()
        professionals = self._professionals(residents)
        officials = self._officials(residents)
        self._residents(residents - len(self.all_residents))
        self._consents()
        self._organisations(professionals, officials)
        return self.counts

    # --- people ----------------------------------------------------------------------------

    def _fixed_accounts(self) -> None:
        """Create the demo accounts with known passwords, unless an earlier run did."""
        existing = set(
            User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS]).values_list(
                "username", flat=True
            )
        )
        home = self.home_area
        for account in DEMO_ACCOUNTS:
            if account.username in existing:
                continue
            user = User(
                username=account.username,
                email=account.email,
                email_confirmed_at=self.now,
                first_name=account.first_name,
                last_name=account.last_name,
                role=account.role,
                password=self.password_hash,
                languages=["nl", "en"],
                date_joined=self.now,
            )
            if account.role == User.Role.RESIDENT:
                user.household = Household.objects.create(neighbourhood=home.neighbourhood)
                self.counts.households += 1
                user.neighbourhood = home.neighbourhood
                user.birth_year = self.now.year - 41
                user.about = (
                    f"Ik woon sinds {self.now.year - 6} in {home.neighbourhood.name}. "
                    "Ik kook graag, ook voor anderen."
                )
            elif account.role == User.Role.OFFICIAL:
                user.municipality = self.municipality
            elif account.role == User.Role.ADMIN:
                user.is_staff = user.is_superuser = True
            self.created_fixed[account.username] = user
        self._bulk(list(self.created_fixed.values()))
        resident = self.created_fixed.get("bewoner")
        if resident is not None:
            self.all_residents.append(resident)
            home.residents.append(resident)
            self.consent_extra = [
                (resident.pk, kind.value, True)
                for kind in (ConsentKind.CONTACTABLE, ConsentKind.NETWORK_ANALYSIS)
            ]
        if "makelaar" in self.created_fixed:
            start = self.areas.index(home)
            self._work_area_assign(self.created_fixed["makelaar"], range(start, start + 8))

    def _professionals(self, residents: int) -> list[User]:
        chunks = self._coverage_chunks()
        for _ in range(max(0, round(residents / 2500) - len(chunks))):
            start = self.rng.randrange(len(self.areas))
            chunks.append(list(range(start, start + self.rng.randint(5, 15))))
        professionals = [
            self._staff_member(User.Role.PROFESSIONAL, "welzijn.example.nl") for _ in chunks
        ]
        self._bulk(professionals)
        for professional, chunk in zip(professionals, chunks, strict=True):
            self._work_area_assign(professional, chunk)
        makelaar = self.created_fixed.get("makelaar")
        return [makelaar, *professionals] if makelaar else professionals

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

    def _work_area_assign(self, professional: User, indexes: Iterable[int]) -> None:
        # Runs wrap around the end of the list, and neighbouring codes lie close together.
        areas = {index % len(self.areas): self.areas[index % len(self.areas)] for index in indexes}
        through = User.work_neighbourhoods.through
        through.objects.bulk_create(
            [
                through(user_id=professional.pk, neighbourhood_id=area.neighbourhood.pk)
                for area in areas.values()
            ]
        )
        for area in areas.values():
            area.professionals.append(professional)
        self.counts.work_neighbourhoods += len(areas)

    def _officials(self, residents: int) -> list[User]:
        officials = [
            self._staff_member(User.Role.OFFICIAL, "gemeente.example.nl")
            for _ in range(max(3, residents // 10_000))
        ]
        for official in officials:
            official.municipality = self.municipality
        self._bulk(officials)
        gemeente = self.created_fixed.get("gemeente")
        return [gemeente, *officials] if gemeente else officials

    def _staff_member(self, role: str, domain: str) -> User:
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
            birth_year=self.now.year - self.rng.randint(24, 63),
            languages=["nl", "en"],
            date_joined=self._joined(),
        )

    def _residents(self, total: int) -> None:
        rng, households, batch, created = self.rng, [], [], 0
        while created < total:
            area = rng.choices(self.areas, cum_weights=self.area_cumulative)[0]
            household = Household(neighbourhood=area.neighbourhood)
            size = min(_household_size(rng), total - created)
            home_language, nl_share = _home_language(rng)
            pool = self.pools.get(home_language, self.pools["nl"])
            family_name = rng.choice(pool.last)
            for position, age in enumerate(self._household_ages(size)):
                # A partner keeps their own surname about half the time.
                keeps_own_name = position == 1 and rng.random() < 0.5
                user = self._resident(area, pool, age, home_language, nl_share)
                if not keeps_own_name:
                    user.last_name = family_name
                user.username = self._username(user.first_name, user.last_name)
                if user.password == self.password_hash:
                    user.email = self._email(user.username, rng.choice(EMAIL_DOMAINS))
                user.household = household
                batch.append(user)
            households.append(household)
            created += size
            if len(batch) >= BATCH_SIZE:
                self._residents_write(households, batch)
                households, batch = [], []
        self._residents_write(households, batch)

    def _residents_write(self, households: list[Household], residents: list[User]) -> None:
        Household.objects.bulk_create(households, batch_size=BATCH_SIZE)
        self.counts.households += len(households)
        self._bulk(residents)

    def _household_ages(self, size: int) -> list[int]:
        rng = self.rng
        if size <= 2:
            head = _age(rng)
            return [head, min(95, max(18, round(rng.gauss(head - 2, 3))))][:size]
        parent = rng.randint(44, 66)
        partner = min(95, max(18, round(rng.gauss(parent - 2, 3))))
        return [parent, partner] + [rng.randint(18, 27) for _ in range(size - 2)]

    def _resident(
        self, area: _Area, pool: _NamePool, age: int, home_language: str, nl_share: float
    ) -> User:
        rng = self.rng
        first, last = self._name(pool, is_female=rng.random() < 0.51)
        joined = self._joined()
        user = User(
            first_name=first,
            last_name=last,
            show_full_name=rng.random() < 0.2,
            role=User.Role.RESIDENT,
            neighbourhood=area.neighbourhood,
            birth_year=self.now.year - age - rng.randint(0, 1),
            languages=_languages(rng, home_language, nl_share, age),
            about=self._about(area) if rng.random() < 0.25 else "",
            date_joined=joined,
        )
        # The oldest residents more often have no e-mail; a professional registered them.
        if rng.random() >= (0.35 if age >= 75 else 0.08):
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

    def _about(self, area: _Area) -> str:
        rng = self.rng
        opening = rng.choice(ABOUT_OPENINGS).format(
            year=self.now.year - rng.randint(1, 40), buurt=area.neighbourhood.name, city=self.city
        )
        parts = (opening, rng.choice(ABOUT_MIDDLES), rng.choice(ABOUT_ENDINGS))
        return " ".join(part for part in parts if part)

    def _consents(self) -> None:
        rng, rows = self.rng, list(self.consent_extra)
        for user in self.all_residents:
            if user.username in self.created_fixed:
                continue
            for kind, share in CONSENT_SHARES:
                draw = rng.random()
                if draw < share:
                    rows.append((user.pk, kind, True))
                elif draw > 0.97:
                    rows.append((user.pk, kind, False))
        # The largest table, and nothing needs its ids back: plain rows skip building models.
        stamp = connection.ops.adapt_datetimefield_value(self.now)
        with connection.cursor() as cursor:
            cursor.executemany(
                _insert_sql(
                    ConsentRecord, ["user_id", "kind", "is_given", "created_at", "updated_at"]
                ),
                [(*row, stamp, stamp) for row in rows],
            )
        self.counts.consent_records += len(rows)

    # --- organisations ---------------------------------------------------------------------

    def _organisations(self, professionals: list[User], officials: list[User]) -> None:
        rng, city, home = self.rng, self.city, self.home_area
        plans: list[tuple[Organisation, list[tuple[User, str]]]] = []
        welfare_names = (f"Welzijn {city}", f"Sociaal Werk {city}")
        for index, name in enumerate(welfare_names):
            staff = professionals[index :: len(welfare_names)]
            volunteers = self._pick(
                None, [Membership.Role.VOLUNTEER] * (len(self.all_residents) // 300)
            )
            plans.append(
                (
                    self._organisation(name, Organisation.Kind.WELFARE, None),
                    _staffed(staff) + volunteers,
                )
            )
        gemeente = self._organisation(f"Gemeente {city}", Organisation.Kind.MUNICIPALITY, None)
        plans.append((gemeente, _staffed(officials)))
        for name in (f"Woonstichting {city}", "Woningcorporatie Eemvallei"):
            housing = self._organisation(name, Organisation.Kind.HOUSING, None)
            plans.append((housing, self._pick(None, _roles(admins=1, staff=rng.randint(2, 5)))))
        food_bank = self._organisation(
            f"Stichting Voedselbank {city}", Organisation.Kind.FOUNDATION, None
        )
        plans.append(
            (food_bank, self._pick(None, _roles(admins=1, volunteers=rng.randint(10, 30))))
        )
        # The demo resident's own buurt always has a buurtvereniging she helps out at.
        own = self._organisation(
            f"Buurtvereniging {home.neighbourhood.name}", Organisation.Kind.ASSOCIATION, home
        )
        own_members = self._pick(home, _roles(admins=1, members=rng.randint(8, 40)))
        if "bewoner" in self.created_fixed:
            own_members.append((self.created_fixed["bewoner"], Membership.Role.VOLUNTEER))
        plans.append((own, own_members))
        per_thousand = len(self.all_residents) / 1000
        for kind, templates, share in ORGANISATION_TEMPLATES:
            for _ in range(max(3, round(share * per_thousand))):
                area = rng.choices(self.areas, cum_weights=self.area_cumulative)[0]
                name = rng.choice(templates).format(
                    buurt=area.neighbourhood.name,
                    wijk=area.district_name,
                    last=_capitalised(rng.choice(self.pools["nl"].last)),
                    first=rng.choice(self.pools["nl"].female),
                )
                plans.append(
                    (self._organisation(name, kind, area), self._pick(area, self._roles_for(kind)))
                )
        Organisation.objects.bulk_create([organisation for organisation, _ in plans])
        self.counts.organisations += len(plans)
        memberships = [
            Membership(organisation=organisation, user=user, role=role)
            for organisation, members in plans
            for user, role in _first_role_each(members).items()
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
            description=DESCRIPTIONS[kind],
            website=f"https://{slug}.example.nl",
            email=f"info@{slug}.example.nl",
            phone=f"033-{self.rng.randint(2_000_000, 4_999_999)}",
            municipality=self.municipality,
            neighbourhood=area.neighbourhood if area is not None else None,
        )

    def _roles_for(self, kind: str) -> list[str]:
        randint = self.rng.randint
        if kind == Organisation.Kind.BUSINESS:
            return _roles(admins=1, staff=randint(0, 4))
        if kind == Organisation.Kind.ASSOCIATION:
            return _roles(admins=1, volunteers=randint(1, 4), members=randint(8, 60))
        if kind == Organisation.Kind.COOPERATIVE:
            return _roles(admins=2, members=randint(15, 80))
        return _roles(admins=1, volunteers=randint(3, 25))

    def _pick(self, area: _Area | None, roles: list[str]) -> list[tuple[User, str]]:
        """Give each role to a different resident, most of them from the buurt itself."""
        rng, local = self.rng, area.residents if area is not None else []
        chosen: dict[int, User] = {}
        wanted = min(len(roles), len(self.all_residents))
        for _ in range(wanted * 3):
            if len(chosen) >= wanted:
                break
            user = rng.choice(local if local and rng.random() < 0.75 else self.all_residents)
            chosen.setdefault(user.pk, user)
        return list(zip(chosen.values(), roles, strict=False))

    # --- small pieces ----------------------------------------------------------------------

    def _area_weight(self, neighbourhood: Neighbourhood) -> float:
        weight = self.rng.lognormvariate(0, 0.6)
        text = f"{neighbourhood.name} {neighbourhood.district.name}".lower()
        return weight * 0.05 if any(word in text for word in SPARSE_AREAS) else weight

    def _name(self, pool: _NamePool, *, is_female: bool) -> tuple[str, str]:
        first = self.rng.choice(pool.female if is_female else pool.male)
        return first, self.rng.choice(pool.last)

    def _username(self, first: str, last: str) -> str:
        base = f"{self._slug(first)}.{self._slug(last)}".strip(".") or "persoon"
        username, number = base, 2
        while username in self.taken_usernames:
            username, number = f"{base}{number}", number + 1
        self.taken_usernames.add(username)
        return username

    def _slug(self, name: str) -> str:
        if name not in self.slugs:
            self.slugs[name] = slugify(name).replace("-", "")
        return self.slugs[name]

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
            attribute = ROLE_COUNTERS[user.role]
            setattr(self.counts, attribute, getattr(self.counts, attribute) + 1)


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


def _unique(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))


def _household_size(rng: random.Random) -> int:
    return rng.choices(HOUSEHOLD_SIZES, cum_weights=HOUSEHOLD_SIZE_CUMULATIVE)[0][0]


def _age(rng: random.Random) -> int:
    (low, high), _weight = rng.choices(AGE_BANDS, cum_weights=AGE_CUMULATIVE)[0]
    return rng.randint(low, high)


def _home_language(rng: random.Random) -> tuple[str, float]:
    code, _weight, nl_share = rng.choices(HOME_LANGUAGES, cum_weights=HOME_LANGUAGE_CUMULATIVE)[0]
    return code, nl_share


def _insert_sql(model: type[Model], columns: list[str]) -> str:
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    placeholders = ", ".join(["%s"] * len(columns))
    return f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({placeholders})"  # noqa: S608


def _first_role_each(members: list[tuple[User, str]]) -> dict[User, str]:
    roles: dict[User, str] = {}
    for user, role in members:
        roles.setdefault(user, role)
    return roles


def _staffed(staff: list[User]) -> list[tuple[User, str]]:
    """The first is the organisation's admin, the others its staff."""
    return [
        (user, Membership.Role.ADMIN if index == 0 else Membership.Role.STAFF)
        for index, user in enumerate(staff)
    ]


def _languages(rng: random.Random, home_language: str, nl_share: float, age: int) -> list[str]:
    languages = ["nl"] if rng.random() < nl_share else []
    if home_language:
        languages.append(home_language)
    for code, share in SECOND_LANGUAGES:
        if code not in languages and rng.random() < (share if age < 65 else share / 3):
            languages.append(code)
    return languages or ["nl"]


def _roles(*, admins: int = 0, staff: int = 0, volunteers: int = 0, members: int = 0) -> list[str]:
    return [
        str(role)
        for role, number in (
            (Membership.Role.ADMIN, admins),
            (Membership.Role.STAFF, staff),
            (Membership.Role.VOLUNTEER, volunteers),
            (Membership.Role.MEMBER, members),
        )
        for _ in range(number)
    ]


def _capitalised(last_name: str) -> str:
    # Without a first name in front, Dutch writes the particle with a capital: "Van Dijk".
    return last_name[:1].upper() + last_name[1:]


def _district_short_name(name: str) -> str:
    short = re.sub(r"^Wijk\s+\d+\s+", "", name)
    return short[:1].upper() + short[1:]
