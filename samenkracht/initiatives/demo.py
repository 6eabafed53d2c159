"""Citizen initiatives for the demo municipality, with their history, teams and coalitions.

Seeded and deterministic like the other demo generators, and run after them: teams come
from the demo's residents, partners from its organisations of the three O's, and support
requests are handled by its officials. Rows are bulk-created in batches with values that
are valid by construction, so 20,000 initiatives take about a minute.

The demo resident (`bewoner`) leads a running initiative with requests in every state and
an idea just started, so the demo official (`gemeente`) finds her requests in the overview.
"""

import itertools
import math
import random
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, cast

from django.db import connection, transaction
from django.db.models import DateField, DateTimeField, Field, Model
from django.utils import timezone
from django.utils.text import slugify

from samenkracht.common.errors import ApplicationError
from samenkracht.initiatives.demo_vocabulary import (
    ANSWERS,
    CONTRIBUTIONS,
    DECISION_TEXTS,
    DEPARTMENTS,
    DEPARTMENTS_FOR,
    EXPERTISE_MOTIVATIONS,
    KINDS,
    PHASE_NOTES,
    QUESTIONS,
    REQUEST_TEXTS,
    REQUEST_TITLES,
    ROLE_NOTES,
    SOCIAL_DOMAINS,
    STREETS,
    TREATMENT_TEXTS,
    UPDATES,
    Kind,
)
from samenkracht.initiatives.models import (
    Contribution,
    Department,
    Expertise,
    Initiative,
    InitiativeFollow,
    InitiativeMember,
    InitiativeUpdate,
    Partner,
    PartnerRole,
    Phase,
    PhaseChange,
    PolicyDomain,
    Resource,
    SupportRequest,
    SupportRequestEvent,
)
from samenkracht.initiatives.selectors import data_version_bump
from samenkracht.people.models import Municipality, Neighbourhood, Organisation, User
from samenkracht.people.selectors import municipality_get_default

BATCH_SIZE = 2000
# Initiatives per resident in `make demo`: 120 for the default 2,000 residents.
INITIATIVES_PER_RESIDENT = 0.06
# Points outside this box are not in the Netherlands; a far-off imported buurt is clamped.
NL_BOUNDS = (50.76, 53.55, 3.37, 7.21)
KIND_CUMULATIVE = tuple(itertools.accumulate(kind.weight for kind in KINDS))
DECISIONS = (
    (SupportRequest.Decision.GRANTED, 0.55),
    (SupportRequest.Decision.PARTLY, 0.25),
    (SupportRequest.Decision.REFUSED, 0.2),
)
KIND_OF_REQUEST = (
    (SupportRequest.Kind.SUBSIDY, 0.4),
    (SupportRequest.Kind.ADVICE, 0.25),
    (SupportRequest.Kind.SPACE, 0.2),
    (SupportRequest.Kind.PERMIT, 0.15),
)
# The roles an organisation of each kind usually takes first.
FIRST_ROLES: dict[str, tuple[str, ...]] = {
    Organisation.Kind.MUNICIPALITY: ("funder", "funder", "advisor"),
    Organisation.Kind.HOUSING: ("host", "funder", "supplier"),
    Organisation.Kind.WELFARE: ("advisor", "volunteers", "expert"),
    Organisation.Kind.BUSINESS: ("funder", "supplier", "host", "supplier"),
    Organisation.Kind.ASSOCIATION: ("host", "volunteers", "ambassador"),
    Organisation.Kind.FOUNDATION: ("host", "volunteers", "expert"),
    Organisation.Kind.COOPERATIVE: ("funder", "expert", "advisor"),
}
PERSON_ROLES = ("expert", "volunteers", "ambassador", "host")
# Written with bulk_create, which would otherwise stamp them with the present.
STAMPED_MODELS: tuple[type[Model], ...] = (
    Initiative,
    Partner,
    SupportRequest,
    Expertise,
    Contribution,
)


@dataclass
class DemoInitiativesResult:
    """How many rows of each kind the generator wrote."""

    initiatives: int = 0
    phase_changes: int = 0
    members: int = 0
    resources: int = 0
    updates: int = 0
    follows: int = 0
    partners: int = 0
    partner_roles: int = 0
    departments: int = 0
    support_requests: int = 0
    request_events: int = 0
    expertises: int = 0
    contributions: int = 0

    def rows(self) -> dict[str, int]:
        return {item.name: getattr(self, item.name) for item in fields(self)}


@dataclass(frozen=True)
class _Resident:
    pk: int
    neighbourhood_id: int
    birth_year: int


@dataclass(frozen=True)
class _Organisation:
    pk: int
    name: str
    kind: str
    neighbourhood_id: int | None
    district_id: int | None


@dataclass
class _Area:
    neighbourhood: Neighbourhood
    wijk: str
    residents: list[_Resident] = field(default_factory=list)


@dataclass
class _Forced:
    """An initiative the demo needs: its kind, its history and who leads it."""

    kind: str
    timeline: tuple[tuple[str, int], ...]  # (phase, days ago)
    lead: _Resident
    requests: tuple[tuple[str, str, int], ...] = ()  # (kind, status, days ago)


@dataclass
class _Made:
    """What later steps need from one initiative: wijkspecialists advise on it."""

    initiative: Initiative
    district: int
    domains: list[str]
    started: datetime
    requests: list[SupportRequest]


# Child rows go in as plain INSERTs: building a model instance for each of half a million rows
# would take most of the time. The first value is the parent, whose id is known once written;
# the last is the moment the row was made (created_at and updated_at).
CHILD_TABLES: dict[str, tuple[type[Model], tuple[str, ...]]] = {
    "domain_links": (Initiative.domains.through, ("initiative", "policydomain")),
    "neighbourhood_links": (Initiative.neighbourhoods.through, ("initiative", "neighbourhood")),
    "phase_changes": (PhaseChange, ("initiative", "phase", "date", "note", "changed_by")),
    "members": (InitiativeMember, ("initiative", "user", "role")),
    "resources": (Resource, ("initiative", "direction", "kind", "description", "is_fulfilled")),
    "updates": (InitiativeUpdate, ("initiative", "author", "text", "photo")),
    "follows": (InitiativeFollow, ("initiative", "user")),
    "roles": (PartnerRole, ("partner", "role", "starts_on", "ends_on", "note")),
    "events": (SupportRequestEvent, ("request", "status", "text", "author")),
}


@dataclass
class _Batch:
    initiatives: list[Initiative] = field(default_factory=list)
    partners: list[Partner] = field(default_factory=list)
    requests: list[SupportRequest] = field(default_factory=list)
    rows: dict[str, list[tuple[Any, ...]]] = field(
        default_factory=lambda: {name: [] for name in CHILD_TABLES}
    )


def demo_initiatives_default_count() -> int:
    """The number of initiatives for the demo's size: 120 for 2,000 residents."""
    residents = User.objects.filter(role=User.Role.RESIDENT).count()
    return max(10, round(residents * INITIATIVES_PER_RESIDENT))


def demo_initiatives_generate(
    *, initiatives: int | None = None, seed: int = 2026, now: datetime | None = None
) -> DemoInitiativesResult:
    """Create `initiatives` initiatives (default: in proportion to the residents)."""
    municipality = municipality_get_default()
    if (
        municipality is None
        or not Neighbourhood.objects.filter(district__municipality=municipality).exists()
    ):
        raise ApplicationError(
            "Er zijn nog geen buurten ingelezen. Draai eerst: "
            "manage.py import_neighbourhoods --builtin"
        )
    if not User.objects.filter(role=User.Role.RESIDENT, neighbourhood__isnull=False).exists():
        raise ApplicationError("Er zijn nog geen bewoners. Draai eerst: manage.py generate_demo")
    total = demo_initiatives_default_count() if initiatives is None else initiatives
    with transaction.atomic(), _own_timestamps(STAMPED_MODELS):
        generator = _Generator(seed=seed, municipality=municipality, now=now or timezone.now())
        result = generator.run(total=max(total, 1))
        # bulk_create sends no signals: make the overview's caches stale by hand.
        data_version_bump()
        return result


@contextmanager
def _own_timestamps(models: Sequence[type[Model]]) -> Iterator[None]:
    """Keep the created_at and updated_at the generator sets.

    bulk_create calls each field's pre_save, which would stamp every row with the present;
    timelines, request ages and trends need the past.
    """
    stamps = [
        model._meta.get_field(name) for model in models for name in ("created_at", "updated_at")
    ]
    saved = [(stamp, stamp.auto_now, stamp.auto_now_add) for stamp in stamps]  # type: ignore[union-attr]
    for stamp in stamps:
        stamp.auto_now = stamp.auto_now_add = False  # type: ignore[union-attr]
    try:
        yield
    finally:
        for stamp, auto_now, auto_now_add in saved:
            stamp.auto_now, stamp.auto_now_add = auto_now, auto_now_add  # type: ignore[union-attr]


def _at(moment: datetime, updated: datetime | None = None) -> dict[str, datetime]:
    return {"created_at": moment, "updated_at": updated or moment}


class _Generator:
    def __init__(self, *, seed: int, municipality: Municipality, now: datetime) -> None:
        self.rng = random.Random(seed)
        self.now = now
        self.today = timezone.localdate(now)
        self.municipality = municipality
        self.result = DemoInitiativesResult()
        self.domains = {d.slug: d.pk for d in PolicyDomain.objects.filter(is_active=True)}
        self.areas = self._areas()
        self.area_by_id = {area.neighbourhood.pk: area for area in self.areas}
        self.by_district: dict[int, list[_Area]] = defaultdict(list)
        for area in self.areas:
            self.by_district[area.neighbourhood.district_id].append(area)
        # Busy buurten start more initiatives; empty ones (industry, fields) hardly any.
        self.area_cumulative = tuple(
            itertools.accumulate(len(area.residents) + 0.3 for area in self.areas)
        )
        self.residents = [resident for area in self.areas for resident in area.residents]
        self.residents.sort(key=lambda resident: resident.pk)
        self.organisations = self._organisations()
        self.organisations_by_kind: dict[str, list[_Organisation]] = defaultdict(list)
        for organisation in self.organisations:
            self.organisations_by_kind[organisation.kind].append(organisation)
        self.adoptable = {o for o in self.organisations if o.kind != Organisation.Kind.BUSINESS}
        self.officials = list(
            User.objects.filter(
                role=User.Role.OFFICIAL, municipality=municipality, is_active=True
            ).order_by("pk")
        )
        self.fixed = {
            user.username: user
            for user in User.objects.filter(username__in=["bewoner", "makelaar", "gemeente"])
        }
        self.professionals = self._professionals()
        self.departments = self._departments()
        self.taken_names = set(
            Initiative.objects.filter(municipality=municipality).values_list("name", flat=True)
        )
        self.made: list[_Made] = []
        self.leads: list[tuple[_Resident, str]] = []

    def run(self, *, total: int) -> DemoInitiativesResult:
        forced = self._forced()[:total]
        batch = _Batch()
        for position in range(total):
            if position < len(forced):
                self._initiative(batch, forced=forced[position])
            else:
                self._initiative(batch)
            if len(batch.initiatives) >= BATCH_SIZE:
                self._flush(batch)
                batch = _Batch()
        self._flush(batch)
        self._wijkspecialists()
        return self.result

    # --- what exists already ---------------------------------------------------------------

    def _areas(self) -> list[_Area]:
        neighbourhoods = list(
            Neighbourhood.objects.filter(district__municipality=self.municipality)
            .select_related("district")
            .order_by("code")
        )
        areas = [_Area(n, _wijk_name(n.district.name)) for n in neighbourhoods]
        by_id = {area.neighbourhood.pk: area for area in areas}
        rows = (
            User.objects.filter(
                role=User.Role.RESIDENT, is_active=True, neighbourhood__in=neighbourhoods
            )
            .order_by("pk")
            .values_list("pk", "neighbourhood_id", "birth_year")
        )
        for pk, neighbourhood_id, birth_year in rows.iterator(chunk_size=10_000):
            by_id[neighbourhood_id].residents.append(
                _Resident(pk, neighbourhood_id, birth_year or self.now.year - 45)
            )
        return areas

    def _organisations(self) -> list[_Organisation]:
        rows = (
            Organisation.objects.filter(municipality=self.municipality)
            .order_by("pk")
            .values_list("pk", "name", "kind", "neighbourhood_id", "neighbourhood__district_id")
        )
        return [_Organisation(*row) for row in rows]

    def _professionals(self) -> dict[int, list[int]]:
        """The professionals who work in each buurt, by id."""
        through = User.work_neighbourhoods.through
        working: dict[int, list[int]] = defaultdict(list)
        for user_id, neighbourhood_id in through.objects.order_by("user_id").values_list(
            "user_id", "neighbourhood_id"
        ):
            working[neighbourhood_id].append(user_id)
        return working

    def _departments(self) -> dict[str, Department]:
        existing = {d.name: d for d in Department.objects.filter(municipality=self.municipality)}
        missing = [
            Department(
                municipality=self.municipality,
                name=name,
                email=f"{name.lower().replace(' ', '')}@gemeente.example.nl",
            )
            for name, _, _ in DEPARTMENTS
            if name not in existing
        ]
        Department.objects.bulk_create(missing)
        self.result.departments = len(missing)
        existing.update({department.name: department for department in missing})
        return existing

    def _forced(self) -> list[_Forced]:
        """The demo resident's own initiatives, if she exists and lives in the municipality."""
        bewoner = self.fixed.get("bewoner")
        area = self.area_by_id.get(bewoner.neighbourhood_id or 0) if bewoner else None
        if bewoner is None or area is None:
            return []
        her = next(r for r in area.residents if r.pk == bewoner.pk)
        running = _Forced(
            kind="samen-eten",
            timeline=(("idea", 430), ("starting", 380), ("running", 310)),
            lead=her,
            requests=(
                ("subsidy", SupportRequest.Status.DECIDED, 300),
                ("space", SupportRequest.Status.IN_TREATMENT, 45),
                ("permit", SupportRequest.Status.RECEIVED, 3),
            ),
        )
        idea = _Forced(kind="geveltuin", timeline=(("idea", 12),), lead=her)
        return [running, idea]

    # --- one initiative ----------------------------------------------------------------------

    def _initiative(self, batch: _Batch, forced: _Forced | None = None) -> None:
        rng = self.rng
        if forced is not None:
            kind = next(k for k in KINDS if k.key == forced.kind)
            area = self.area_by_id[forced.lead.neighbourhood_id]
            timeline = [(phase, self._days_ago(days)) for phase, days in forced.timeline]
        else:
            kind = rng.choices(KINDS, cum_weights=KIND_CUMULATIVE)[0]
            area = rng.choices(self.areas, cum_weights=self.area_cumulative)[0]
            timeline = self._timeline()
        pattern = rng.choice(kind.names)
        areas = [area, *self._more_areas(area, wide="{wijk}" in pattern)]
        name, organisation = self._name(kind, pattern, area)
        if organisation is not None:
            form = organisation.kind
        else:
            form = rng.choices([f for f, _ in kind.forms], [w for _, w in kind.forms])[0]
        slugs = self._domain_slugs(kind)
        started, (phase, since) = timeline[0][1], timeline[-1]
        ended = since if phase in (Phase.FINISHED, Phase.STOPPED) else self.now
        place = area.neighbourhood
        initiative = Initiative(
            municipality=self.municipality,
            name=name,
            goal=rng.choice(kind.goals),
            description=f"{rng.choice(kind.goals)} {kind.story}",
            latitude=_clamp(place.latitude + rng.gauss(0, 0.0025), NL_BOUNDS[0], NL_BOUNDS[1]),
            longitude=_clamp(place.longitude + rng.gauss(0, 0.004), NL_BOUNDS[2], NL_BOUNDS[3]),
            phase=phase,
            phase_since=timezone.localdate(since),
            form=form,
            organisation_id=organisation.pk if organisation else None,
            website=f"https://{_slug(name)}.example.nl" if rng.random() < 0.25 else "",
            **_at(started, since),
        )
        batch.initiatives.append(initiative)
        batch.rows["domain_links"] += [(initiative, self.domains[slug]) for slug in slugs]
        batch.rows["neighbourhood_links"] += [(initiative, a.neighbourhood.pk) for a in areas]
        team = self._team(batch, initiative, kind, area, phase, started, ended, forced)
        initiative.created_by_id = team[0]
        self.result.initiatives += 1
        batch.rows["phase_changes"] += [
            (
                initiative,
                step,
                timezone.localdate(moment),
                rng.choice(PHASE_NOTES[step]),
                rng.choice(team[:2]),
                moment,
            )
            for step, moment in timeline
        ]
        self.result.phase_changes += len(timeline)
        self._resources(batch, initiative, kind, phase, started, ended)
        partner_names = self._partners(batch, initiative, kind, area, organisation, started, ended)
        self._updates(batch, initiative, area, team, partner_names, phase, started, ended)
        self._follows(batch, initiative, area, set(team), phase, started)
        requests = self._requests(batch, initiative, kind, slugs[0], area, team, phase, started)
        if forced is not None:
            requests += self._forced_requests(batch, initiative, kind, area, team, forced)
        district = area.neighbourhood.district_id
        self.made.append(_Made(initiative, district, slugs, started, requests))

    def _days_ago(self, days: int) -> datetime:
        return self.now - timedelta(days=days, minutes=self.rng.randint(0, 600))

    def _timeline(self) -> list[tuple[str, datetime]]:
        """Phases with the moment each began: most ideas are recent, some never start."""
        rng = self.rng
        moment = self.now - timedelta(days=2200 * rng.random() ** 1.9, minutes=rng.randint(0, 1440))
        steps = [(str(Phase.IDEA), moment)]
        plan = (
            (Phase.STARTING, 60, 0.07),
            (Phase.RUNNING, 100, 0.05),
            (Phase.FINISHED, 1200, 0.3),
        )
        for phase, median_days, stop_share in plan:
            moment += timedelta(days=rng.lognormvariate(math.log(median_days), 0.7))
            if moment > self.now:
                break
            steps.append((str(Phase.STOPPED if rng.random() < stop_share else phase), moment))
            if steps[-1][0] == Phase.STOPPED:
                break
        # Now and then a stopped initiative is picked up again; its history shows it.
        if steps[-1][0] == Phase.STOPPED and len(steps) > 2 and rng.random() < 0.1:
            moment += timedelta(days=rng.randint(60, 300))
            if moment < self.now:
                steps.append((str(Phase.RUNNING), moment))
        return steps

    def _more_areas(self, area: _Area, *, wide: bool) -> list[_Area]:
        """A wijk-wide initiative covers a few buurten of its wijk; a few others one more."""
        rng = self.rng
        others = [a for a in self.by_district[area.neighbourhood.district_id] if a is not area]
        if not others or rng.random() >= (0.7 if wide else 0.05):
            return []
        return rng.sample(others, k=min(len(others), rng.randint(1, 3) if wide else 1))

    def _name(self, kind: Kind, pattern: str, area: _Area) -> tuple[str, _Organisation | None]:
        rng = self.rng
        if kind.organisation_prefix and rng.random() < 0.5:
            district = area.neighbourhood.district_id
            candidates = [
                o
                for o in self.organisations
                if o in self.adoptable
                and o.district_id == district
                and o.name.startswith(kind.organisation_prefix)
                and o.name not in self.taken_names
            ]
            if candidates:
                organisation = rng.choice(candidates)
                self.adoptable.discard(organisation)
                self.taken_names.add(organisation.name)
                return organisation.name, organisation
        name = pattern.format(
            buurt=area.neighbourhood.name,
            wijk=area.wijk,
            street=rng.choice(STREETS),
            nick=rng.choice(kind.nicks),
        )[:120]
        candidate, number = name, 2
        while candidate in self.taken_names:
            candidate = f"{name} ({rng.choice(STREETS)})" if number < 5 else f"{name} {number}"
            number += 1
        self.taken_names.add(candidate)
        return candidate[:120], None

    def _domain_slugs(self, kind: Kind) -> list[str]:
        rng = self.rng
        slugs = [kind.domains[0]]
        for position, slug in enumerate(kind.domains[1:]):
            if rng.random() < (0.6 if position == 0 else 0.3):
                slugs.append(slug)
        if rng.random() < 0.08:
            slugs.append(rng.choice(sorted(self.domains)))
        return [slug for slug in dict.fromkeys(slugs) if slug in self.domains] or [
            next(iter(self.domains))
        ]

    def _person(self, area: _Area, *, local: float = 0.85) -> _Resident:
        rng = self.rng
        pool = area.residents if area.residents and rng.random() < local else self.residents
        return rng.choice(pool)

    def _team(
        self,
        batch: _Batch,
        initiative: Initiative,
        kind: Kind,
        area: _Area,
        phase: str,
        started: datetime,
        ended: datetime,
        forced: _Forced | None,
    ) -> list[int]:
        """Leads first, then the core team, then volunteers; returns their ids in that order."""
        rng = self.rng
        bewoner = self.fixed.get("bewoner")
        # The demo resident leads her own initiatives and no one else's: a tidy demo.
        others = {forced.lead.pk} if forced else {bewoner.pk if bewoner else 0}
        leads = [forced.lead] if forced else []
        wanted = 1 if rng.random() < 0.75 else 2
        for _ in range(6):
            if len(leads) >= wanted:
                break
            person = self._person(area, local=0.95)
            # Initiatives for older people are mostly run by older people.
            if kind.is_for_older_people and self.now.year - person.birth_year < 55:
                person = self._person(area, local=0.95)
            if person.pk not in others:
                leads.append(person)
                others.add(person.pk)
        if not leads:
            leads.append(self.residents[0])
        core = {
            Phase.IDEA: (0, 2),
            Phase.STARTING: (1, 4),
            Phase.RUNNING: (2, 6),
            Phase.FINISHED: (1, 5),
            Phase.STOPPED: (0, 3),
        }[Phase(phase)]
        volunteers = 0
        if phase != Phase.IDEA:
            volunteers = min(40, int(rng.expovariate(1 / (6 if phase == Phase.RUNNING else 2))))
        chosen: dict[int, str] = {lead.pk: InitiativeMember.Role.LEAD for lead in leads}
        for role, number in (
            (str(InitiativeMember.Role.MEMBER), rng.randint(*core)),
            (str(InitiativeMember.Role.VOLUNTEER), volunteers),
        ):
            for _ in range(number):
                person = self._person(area)
                if bewoner is None or person.pk != bewoner.pk:
                    chosen.setdefault(person.pk, role)
        span = max(1.0, (ended - started).total_seconds() / 86_400)
        for user_id, role in chosen.items():
            joined = started
            if role != InitiativeMember.Role.LEAD:
                joined += timedelta(
                    days=rng.uniform(0, min(span, 120 if role == "member" else span))
                )
            batch.rows["members"].append((initiative, user_id, role, joined))
        self.result.members += len(chosen)
        self.leads += [(lead, kind.domains[0]) for lead in leads]
        return list(chosen)

    def _resources(
        self,
        batch: _Batch,
        initiative: Initiative,
        kind: Kind,
        phase: str,
        started: datetime,
        ended: datetime,
    ) -> None:
        rng = self.rng
        fulfilled = {"idea": 0.05, "starting": 0.25, "running": 0.5, "finished": 0.9}.get(
            phase, 0.2
        )
        needs = rng.sample(kind.needs, k=min(len(kind.needs), rng.randint(1, 3)))
        offers = kind.offers if phase in ("running", "finished") and rng.random() < 0.6 else ()
        for direction, items in (
            (Resource.Direction.NEED, needs),
            (Resource.Direction.OFFER, offers),
        ):
            for resource_kind, description in items:
                moment = started + (ended - started) * rng.random() * 0.3
                is_fulfilled = direction == Resource.Direction.NEED and rng.random() < fulfilled
                batch.rows["resources"].append(
                    (initiative, direction, resource_kind, description, is_fulfilled, moment)
                )
                self.result.resources += 1

    def _partners(
        self,
        batch: _Batch,
        initiative: Initiative,
        kind: Kind,
        area: _Area,
        organisation: _Organisation | None,
        started: datetime,
        ended: datetime,
    ) -> list[str]:
        """The coalition: organisations that fit the kind, most of them nearby; returns names."""
        rng = self.rng
        low, high = {"idea": (0, 1), "starting": (0, 2), "stopped": (0, 2)}.get(
            initiative.phase, (1, 4)
        )
        wanted: list[tuple[_Organisation | None, str]] = []
        if organisation is not None:
            wanted.append((organisation, "initiator"))
        for _ in range(rng.randint(low, high)):
            candidate = self._organisation_for(rng.choice(kind.partner_kinds), area)
            if candidate is not None and all(candidate != o for o, _ in wanted):
                wanted.append((candidate, rng.choice(FIRST_ROLES[candidate.kind])))
        if rng.random() < 0.15:
            wanted.append((None, rng.choice(PERSON_ROLES)))
        names = []
        for partner_organisation, role in wanted:
            joined = started + timedelta(days=rng.uniform(0, 90))
            joined = min(joined, ended)
            partner = Partner(
                initiative=initiative,
                organisation_id=partner_organisation.pk if partner_organisation else None,
                person_id=None if partner_organisation else self._person(area).pk,
                **_at(joined),
            )
            batch.partners.append(partner)
            self._roles(batch, partner, role, joined, ended, initiative.phase)
            if partner_organisation is not None:
                names.append(partner_organisation.name)
        self.result.partners += len(wanted)
        return names

    def _organisation_for(self, kind: str, area: _Area) -> _Organisation | None:
        rng = self.rng
        same_kind = self.organisations_by_kind.get(kind, [])
        if not same_kind:
            return None
        nearby = [
            o
            for o in same_kind
            if o.neighbourhood_id is None or o.district_id == area.neighbourhood.district_id
        ]
        return rng.choice(nearby if nearby and rng.random() < 0.8 else same_kind)

    def _roles(
        self,
        batch: _Batch,
        partner: Partner,
        role: str,
        joined: datetime,
        ended: datetime,
        phase: str,
    ) -> None:
        """One role, sometimes followed by another; roles of a closed initiative have ended."""
        rng = self.rng
        starts = timezone.localdate(joined)
        last = timezone.localdate(ended) if phase in (Phase.FINISHED, Phase.STOPPED) else None
        periods: list[tuple[str, date, date | None]] = [(role, starts, last)]
        span = ((last or self.today) - starts).days
        if span > 60 and rng.random() < 0.25:
            switch = starts + timedelta(days=rng.randint(30, span - 1))
            periods = [(role, starts, switch - timedelta(days=1))]
            if rng.random() < 0.7:
                follow_up = rng.choice([r for r in ROLE_NOTES if r not in (role, "initiator")])
                periods.append((follow_up, switch, last))
        for period_role, period_start, period_end in periods:
            note = rng.choice(ROLE_NOTES[period_role])
            batch.rows["roles"].append(
                (partner, period_role, period_start, period_end, note, _moment(period_start))
            )
        self.result.partner_roles += len(periods)

    def _updates(
        self,
        batch: _Batch,
        initiative: Initiative,
        area: _Area,
        team: list[int],
        partner_names: list[str],
        phase: str,
        started: datetime,
        ended: datetime,
    ) -> None:
        rng = self.rng
        low, high = {"idea": (0, 1), "starting": (0, 2), "running": (1, 5), "finished": (2, 6)}.get(
            phase, (0, 2)
        )
        templates = [t for t in UPDATES if partner_names or "{partner}" not in t]
        for _ in range(rng.randint(low, high)):
            moment = started + (ended - started) * rng.random()
            text = rng.choice(templates).format(
                n=rng.randint(6, 60),
                buurt=area.neighbourhood.name,
                partner=rng.choice(partner_names) if partner_names else "",
            )
            batch.rows["updates"].append((initiative, rng.choice(team[:3]), text, "", moment))
            self.result.updates += 1

    def _follows(
        self,
        batch: _Batch,
        initiative: Initiative,
        area: _Area,
        team: set[int],
        phase: str,
        started: datetime,
    ) -> None:
        rng = self.rng
        mean = 4 if phase in ("running", "finished") else 1
        followers: set[int] = set()
        for _ in range(min(30, int(rng.expovariate(1 / mean)))):
            person = self._person(area, local=0.9)
            if person.pk not in team:
                followers.add(person.pk)
        span = (self.now - started).total_seconds()
        batch.rows["follows"] += [
            (initiative, user_id, started + timedelta(seconds=span * rng.random()))
            for user_id in sorted(followers)
        ]
        self.result.follows += len(followers)

    # --- support requests ----------------------------------------------------------------------

    def _requests(
        self,
        batch: _Batch,
        initiative: Initiative,
        kind: Kind,
        main_domain: str,
        area: _Area,
        team: list[int],
        phase: str,
        started: datetime,
    ) -> list[SupportRequest]:
        rng = self.rng
        weights = {
            "idea": (0.8, 0.2, 0, 0),
            "starting": (0.4, 0.4, 0.2, 0),
            "running": (0.3, 0.35, 0.25, 0.1),
            "finished": (0.3, 0.4, 0.2, 0.1),
        }.get(phase, (0.6, 0.4, 0, 0))
        number = rng.choices(range(4), weights)[0]
        # Most requests are from the last three years; an old initiative asked earlier too.
        first = max(started, self.now - timedelta(days=3 * 365))
        made = []
        for _ in range(number):
            request_kind = rng.choices(
                [k for k, _ in KIND_OF_REQUEST], [w for _, w in KIND_OF_REQUEST]
            )[0]
            received = first + (self.now - first) * rng.random() ** 0.8
            made.append(
                self._request(
                    batch, initiative, kind, main_domain, area, team, request_kind, received
                )
            )
        return made

    def _forced_requests(
        self,
        batch: _Batch,
        initiative: Initiative,
        kind: Kind,
        area: _Area,
        team: list[int],
        forced: _Forced,
    ) -> list[SupportRequest]:
        made = []
        for request_kind, status, days in forced.requests:
            request = self._request(
                batch,
                initiative,
                kind,
                kind.domains[0],
                area,
                team,
                request_kind,
                self._days_ago(days),
                status=status,
            )
            made.append(request)
        return made

    def _request(
        self,
        batch: _Batch,
        initiative: Initiative,
        kind: Kind,
        main_domain: str,
        area: _Area,
        team: list[int],
        request_kind: str,
        received: datetime,
        status: str | None = None,
    ) -> SupportRequest:
        rng = self.rng
        names = DEPARTMENTS_FOR[request_kind]
        if request_kind == SupportRequest.Kind.ADVICE:
            names = (names[1],) if main_domain in SOCIAL_DOMAINS else (names[0],)
        department_name = rng.choice(names)
        _, treat_days, decide_days = next(d for d in DEPARTMENTS if d[0] == department_name)
        treated = received + timedelta(days=rng.lognormvariate(math.log(treat_days), 0.6))
        decided = treated + timedelta(
            days=rng.lognormvariate(math.log(decide_days - treat_days), 0.5)
        )
        if status == SupportRequest.Status.DECIDED:
            decided = min(decided, self.now - timedelta(days=1))
            treated = min(treated, decided - timedelta(hours=1))
        elif status == SupportRequest.Status.IN_TREATMENT:
            treated = min(treated, self.now - timedelta(days=1))
            decided = self.now + timedelta(days=30)
        elif status == SupportRequest.Status.RECEIVED:
            treated = self.now + timedelta(days=1)
        if decided <= self.now:
            status = SupportRequest.Status.DECIDED
        elif treated <= self.now:
            status = SupportRequest.Status.IN_TREATMENT
        else:
            status = SupportRequest.Status.RECEIVED
        # A fresh request may not have reached a department yet.
        is_assigned = status != SupportRequest.Status.RECEIVED or rng.random() < 0.8
        official = self._official()
        requester = rng.choice(team[:2])
        values = {
            "name": initiative.name,
            "subsidy_for": kind.subsidy_for,
            "buurt": area.neighbourhood.name,
        }
        amount = None
        if request_kind == SupportRequest.Kind.SUBSIDY:
            amount = Decimal(round(rng.randint(*kind.amount), -1 if kind.amount[1] < 1000 else -2))
        decision = ""
        if status == SupportRequest.Status.DECIDED:
            decision = rng.choices([d for d, _ in DECISIONS], [w for _, w in DECISIONS])[0]
        last_step = {"decided": decided, "in_treatment": treated}.get(status, received)
        request = SupportRequest(
            initiative=initiative,
            kind=request_kind,
            title=rng.choice(REQUEST_TITLES[request_kind]).format(**values)[:150],
            text=REQUEST_TEXTS[request_kind].format(**values),
            amount=amount,
            department=self.departments[department_name] if is_assigned else None,
            status=status,
            decision=decision,
            decision_text=rng.choice(DECISION_TEXTS[decision]) if decision else "",
            received_at=received,
            in_treatment_at=treated if status != SupportRequest.Status.RECEIVED else None,
            decided_at=decided if status == SupportRequest.Status.DECIDED else None,
            requested_by_id=requester,
            handled_by_id=official if status != SupportRequest.Status.RECEIVED else None,
            **_at(received, last_step),
        )
        batch.requests.append(request)
        self.result.support_requests += 1
        self._events(batch, request, department_name, requester, official)
        return request

    def _official(self) -> int | None:
        """A third of the requests land with the demo official, so she has work to see."""
        gemeente = self.fixed.get("gemeente")
        if gemeente is not None and self.rng.random() < 0.33:
            return gemeente.pk
        return self.rng.choice(self.officials).pk if self.officials else None

    def _events(
        self,
        batch: _Batch,
        request: SupportRequest,
        department: str,
        requester: int,
        official: int | None,
    ) -> None:
        rng = self.rng
        Status = SupportRequest.Status
        steps: list[tuple[str, str, int | None, datetime]] = [
            (Status.RECEIVED, "", requester, request.received_at)
        ]
        if request.in_treatment_at is not None:
            treated = request.in_treatment_at
            text = rng.choice(TREATMENT_TEXTS).format(department=department)
            steps.append((Status.IN_TREATMENT, text, official, treated))
            end = request.decided_at or self.now
            if rng.random() < 0.3 and (end - treated) > timedelta(days=4):
                question = treated + (end - treated) * rng.uniform(0.1, 0.5)
                steps.append((Status.IN_TREATMENT, rng.choice(QUESTIONS), official, question))
                answer = question + (end - question) * rng.uniform(0.1, 0.6)
                steps.append((Status.IN_TREATMENT, rng.choice(ANSWERS), requester, answer))
        if request.decided_at is not None:
            steps.append((Status.DECIDED, request.decision_text, official, request.decided_at))
        batch.rows["events"] += [(request, *step) for step in steps]
        self.result.request_events += len(steps)

    # --- wijkspecialists ---------------------------------------------------------------------

    def _wijkspecialists(self) -> None:
        """Experienced leads recognised on a domain in their buurt, and their advice nearby."""
        rng = self.rng
        by_place: dict[tuple[int, str], list[_Made]] = defaultdict(list)
        for made in self.made:
            for slug in made.domains:
                by_place[(made.district, slug)].append(made)
        wanted = max(3, round(len(self.made) / 40))
        picked: dict[tuple[int, int], str] = {}
        bewoner = self.fixed.get("bewoner")
        if bewoner is not None and bewoner.neighbourhood_id in self.area_by_id:
            picked[(bewoner.pk, bewoner.neighbourhood_id)] = "welzijn"
        candidates = list(self.leads)
        rng.shuffle(candidates)
        for lead, domain in candidates:
            if len(picked) >= wanted:
                break
            picked.setdefault((lead.pk, lead.neighbourhood_id), domain)
        expertises = []
        for (user_id, neighbourhood_id), slug in picked.items():
            professionals = self.professionals.get(neighbourhood_id) or [
                official.pk for official in self.officials[:1]
            ]
            recognised = self.now - timedelta(days=rng.randint(30, 900))
            expertises.append(
                Expertise(
                    user_id=user_id,
                    domain_id=self.domains[slug],
                    neighbourhood_id=neighbourhood_id,
                    motivation=rng.choice(EXPERTISE_MOTIVATIONS),
                    recognised_by_id=rng.choice(professionals) if professionals else None,
                    is_active=rng.random() < 0.9,
                    **_at(recognised),
                )
            )
        Expertise.objects.bulk_create(expertises, batch_size=BATCH_SIZE)
        self.result.expertises = len(expertises)
        contributions = []
        for expertise, slug in zip(expertises, picked.values(), strict=True):
            district = self.area_by_id[expertise.neighbourhood_id].neighbourhood.district_id
            nearby = by_place.get((district, slug), [])
            for made in rng.sample(nearby, k=min(len(nearby), rng.randint(1, 4))):
                if made.initiative.created_by_id == expertise.user_id:
                    continue
                request = (
                    rng.choice(made.requests) if made.requests and rng.random() < 0.4 else None
                )
                moment = max(made.started, expertise.created_at)
                if request is not None:
                    moment = max(moment, request.received_at)
                moment += (self.now - moment) * rng.random() * 0.5
                contributions.append(
                    Contribution(
                        expertise=expertise,
                        initiative_id=made.initiative.pk,
                        request_id=request.pk if request else None,
                        text=rng.choice(CONTRIBUTIONS),
                        **_at(moment),
                    )
                )
        Contribution.objects.bulk_create(contributions, batch_size=BATCH_SIZE)
        self.result.contributions = len(contributions)

    # --- writing ------------------------------------------------------------------------------

    def _flush(self, batch: _Batch) -> None:
        Initiative.objects.bulk_create(batch.initiatives, batch_size=BATCH_SIZE)
        Partner.objects.bulk_create(batch.partners, batch_size=BATCH_SIZE)
        SupportRequest.objects.bulk_create(batch.requests, batch_size=BATCH_SIZE)
        for name, rows in batch.rows.items():
            model, names = CHILD_TABLES[name]
            _insert(model, names, [(row[0].pk, *row[1:]) for row in rows])


def _insert(model: type[Model], names: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """INSERT rows of `names` (plus both timestamps, from the last value, when the model has them)."""
    meta = model._meta
    is_stamped = any(f.name == "created_at" for f in meta.concrete_fields)
    stamps = ("created_at", "updated_at") if is_stamped else ()
    columns = [cast(Field[Any, Any], meta.get_field(name)) for name in (*names, *stamps)]
    given = {column.name for column in columns}
    missing = [
        f.name for f in meta.concrete_fields if not (f.primary_key or f.null or f.name in given)
    ]
    if missing:
        raise ApplicationError(f"De demo vult {meta.label} niet volledig: {', '.join(missing)}.")
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    names_sql = ", ".join(quote(column.column) for column in columns)
    if connection.vendor == "postgresql":
        # COPY takes the rows as they are, in one stream: much faster than INSERTs.
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({names_sql}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row((*row, row[-1]) if is_stamped else row)
        return
    operations = connection.ops
    adapters = [
        (position, operations.adapt_datetimefield_value)
        if isinstance(column, DateTimeField)
        else (position, operations.adapt_datefield_value)
        for position, column in enumerate(columns)
        if isinstance(column, DateField)
    ]
    values = []
    for row in rows:
        value = [*row, row[-1]] if is_stamped else list(row)
        for position, adapt in adapters:
            value[position] = adapt(value[position])
        values.append(value)
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names from the model
        table, names_sql, ", ".join(["%s"] * len(columns))
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, values)


def _wijk_name(name: str) -> str:
    """'Wijk 01 Stadskern' is called 'Stadskern' in the neighbourhood."""
    words = name.split()
    if len(words) > 2 and words[0].lower() == "wijk" and words[1].isdigit():
        words = words[2:]
    short = " ".join(words)
    return short[:1].upper() + short[1:]


def _clamp(value: float, low: float, high: float) -> float:
    return min(max(value, low), high)


def _slug(name: str) -> str:
    return slugify(name)[:60] or "initiatief"


def _moment(day: date) -> datetime:
    """Noon of a day where the municipality is."""
    return datetime.combine(day, time(12), tzinfo=timezone.get_current_timezone())
