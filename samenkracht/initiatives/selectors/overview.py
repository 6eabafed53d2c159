"""The municipality's overview of initiatives: filtered lists, map points, the domain ×
buurt matrix, trends, and initiatives that could work together.

The heavy reads are cached in Django's cache under a data version kept in the database
(`OverviewVersion`). Any write to an initiative or to what the filters look at (domains,
buurten, needs, partners, phases) changes the version through the signals at the bottom,
in the same transaction as the write, so the next read in any process recomputes: a cache
of its own per process (LocMemCache) is as correct as a shared one (Redis), only colder.
"""

import gzip
import hashlib
import json
import secrets
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar, cast

from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Prefetch, Q, QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.translation import gettext as _

from samenkracht.core.initiatives import (
    CooperationPair,
    InitiativeSketch,
    cooperation_pairs,
)
from samenkracht.initiatives.models import (
    CLOSED_PHASES,
    Initiative,
    OverviewVersion,
    Partner,
    Phase,
    PhaseChange,
    PolicyDomain,
    Resource,
    SupportRequest,
)
from samenkracht.people.models import Neighbourhood

T = TypeVar("T")
VERSION_ROW = 1
# The version is in every key, so an entry is never stale; the timeout only frees memory.
CACHE_SECONDS = 3600
PAGE_SIZE = 25
MAX_TEXT_LENGTH = 100
SORTS = {
    "name": ("name", "id"),
    "-name": ("-name", "-id"),
    "newest": ("-created_at", "-id"),
    "oldest": ("created_at", "id"),
    "phase": ("phase", "name", "id"),
}
DEFAULT_SORT = "name"
COORDINATE_DIGITS = 5  # about a metre: more says nothing and makes the map data heavier


# --- the data version ------------------------------------------------------------------------


def data_version() -> int:
    """Return the current data version; it changes with every write the overview shows.

    One query by primary key. Read it once per request and pass it on, so that everything
    one answer shows belongs to the same version.
    """
    # Plain SQL: every overview request and map answer pays for this read, and building
    # the same query through the ORM costs several times as much.
    with connection.cursor() as cursor:
        cursor.execute(_VERSION_SQL, [VERSION_ROW])
        found = cursor.fetchone()
    if found is not None:
        return int(found[0])
    row, _created = OverviewVersion.objects.get_or_create(
        pk=VERSION_ROW, defaults={"version": _new_version()}
    )
    return row.version


# OverviewVersion's table, in the standard SQL quoting that PostgreSQL and SQLite share.
_VERSION_SQL = 'SELECT "version" FROM "initiatives_overviewversion" WHERE "id" = %s'


def data_version_bump(**_kwargs: Any) -> None:
    """Make every cached overview read stale (connected to the model signals below).

    The UPDATE runs in the writer's transaction: other processes see the new version
    exactly when they can see the new data.
    """
    bumped = OverviewVersion.objects.filter(pk=VERSION_ROW).update(
        version=_new_version(), updated_at=timezone.now()
    )
    if not bumped:
        _row, created = OverviewVersion.objects.get_or_create(
            pk=VERSION_ROW, defaults={"version": _new_version()}
        )
        if not created:
            # Another process made the row meanwhile, perhaps before this write: change it.
            data_version_bump()


def _new_version() -> int:
    # Random, not counted: see OverviewVersion. 62 bits fit a signed BIGINT in every database.
    return secrets.randbits(62)


def _cached(name: str, key: str, compute: Callable[[], T], version: int | None) -> T:
    if version is None:
        version = data_version()
    return cached_once(f"initiatives:overview:{name}:{version:x}:{key}", compute, CACHE_SECONDS)


_computing: dict[str, threading.Lock] = {}
_computing_guard = threading.Lock()


def _default_is_local() -> bool:
    """True when the default cache is this process's own memory already (no second copy)."""
    return isinstance(caches["default"], LocMemCache)


def cached_once(key: str, compute: Callable[[], T], timeout: int) -> T:
    """The cached value of `key`, computed by one thread of this process at a time.

    After a write every thread of a process would otherwise compute the same map or page
    at once (the whole 20,000-point map each), on cores that the waiting requests need.
    """
    # A copy in this process's own memory first: the key holds the data version, so the copy
    # is never stale, and a shared cache costs a round trip (and a copy of the whole page).
    local = caches["local"] if not _default_is_local() else None
    if local is not None:
        value = local.get(key)
        if value is not None:
            return cast(T, value)
    value = cache.get(key)
    if value is not None:
        if local is not None:
            local.set(key, value, timeout)
        return cast(T, value)
    with _computing_guard:
        lock = _computing.setdefault(key, threading.Lock())
    try:
        with lock:
            value = cache.get(key)
            if value is None:
                value = compute()
                cache.set(key, value, timeout)
            if local is not None:
                local.set(key, value, timeout)
            return cast(T, value)
    finally:
        with _computing_guard:
            _computing.pop(key, None)


# --- filters ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class OverviewFilters:
    """What a list, map or export shows; empty tuples and strings mean 'no filter'."""

    municipality_id: int | None = None
    domains: tuple[str, ...] = ()
    phases: tuple[str, ...] = ()
    neighbourhoods: tuple[str, ...] = ()
    partner: str = ""
    need: str = ""
    text: str = ""
    bbox: tuple[float, float, float, float] | None = None

    def key(self) -> str:
        raw = json.dumps(
            [
                self.municipality_id,
                sorted(self.domains),
                sorted(self.phases),
                sorted(self.neighbourhoods),
                self.partner.lower(),
                self.need,
                self.text.lower(),
                self.bbox,
            ]
        )
        return hashlib.sha256(raw.encode()).hexdigest()[:32]


def bbox_parse(raw: str) -> tuple[float, float, float, float]:
    """Read 'west,south,east,north' in degrees, as in GeoJSON; raise a Dutch error if wrong."""
    wrong = ValidationError(
        {
            "bbox": [
                _("Geef het gebied op als west,zuid,oost,noord in graden, zoals 5.3,52.1,5.5,52.2.")
            ]
        }
    )
    parts = raw.split(",")
    if len(parts) != 4:
        raise wrong
    try:
        west, south, east, north = (float(part) for part in parts)
    except ValueError as error:
        raise wrong from error
    if any(
        value != value or value in (float("inf"), float("-inf"))
        for value in (west, south, east, north)
    ):
        raise wrong
    if not (
        -180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= 90 and -90 <= north <= 90
    ):
        raise wrong
    if west > east or south > north:
        raise ValidationError(
            {
                "bbox": [
                    _(
                        "Het gebied klopt niet: west moet kleiner zijn dan oost, zuid kleiner dan noord."
                    )
                ]
            }
        )
    return west, south, east, north


def _sayable(values: Iterable[str]) -> list[str]:
    """Values a database query may hold: PostgreSQL refuses NUL, and no slug or code has one."""
    return [value for value in values if "\x00" not in value]


def filters_build(
    *,
    municipality_id: int | None,
    domains: Iterable[str] = (),
    phases: Iterable[str] = (),
    neighbourhoods: Iterable[str] = (),
    partner: str = "",
    need: str = "",
    text: str = "",
    bbox: str = "",
) -> OverviewFilters:
    """Check filter values from a form or a query string; unknown values are an error."""
    errors: dict[str, list[str]] = {}
    domain_slugs = tuple(sorted({value.strip() for value in domains if value.strip()}))
    if domain_slugs:
        known = set(
            PolicyDomain.objects.filter(slug__in=_sayable(domain_slugs)).values_list(
                "slug", flat=True
            )
        )
        unknown = [slug for slug in domain_slugs if slug not in known]
        if unknown:
            errors["domain"] = [_("Onbekend beleidsdomein: %s") % ", ".join(unknown)]
    phase_values = tuple(sorted({value for value in phases if value}))
    unknown_phases = [value for value in phase_values if value not in Phase.values]
    if unknown_phases:
        errors["phase"] = [_("Onbekende fase: %s") % ", ".join(unknown_phases)]
    codes = tuple(sorted({value.strip().upper() for value in neighbourhoods if value.strip()}))
    if codes:
        known = set(
            Neighbourhood.objects.filter(code__in=_sayable(codes)).values_list("code", flat=True)
        )
        unknown = [code for code in codes if code not in known]
        if unknown:
            errors["neighbourhood"] = [_("Onbekende buurt: %s") % ", ".join(unknown)]
    if need and need not in Resource.Kind.values:
        errors["need"] = [_("Onbekende soort behoefte: %s") % need]
    partner = partner.strip()
    text = text.strip()
    if len(partner) > MAX_TEXT_LENGTH:
        errors["partner"] = [_("Gebruik hoogstens %d tekens.") % MAX_TEXT_LENGTH]
    if len(text) > MAX_TEXT_LENGTH:
        errors["q"] = [_("Gebruik hoogstens %d tekens.") % MAX_TEXT_LENGTH]
    if "\x00" in partner or "\x00" in text:
        errors["q"] = [_("Deze tekst bevat tekens die niet kunnen.")]
    box = None
    if bbox:
        try:
            box = bbox_parse(bbox)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return OverviewFilters(
        municipality_id=municipality_id,
        domains=domain_slugs,
        phases=phase_values,
        neighbourhoods=codes,
        partner=partner,
        need=need,
        text=text,
        bbox=box,
    )


def initiatives_filtered(filters: OverviewFilters) -> QuerySet[Initiative]:
    """The initiatives that pass the filters; subqueries keep every initiative once."""
    qs = Initiative.objects.all()
    if filters.municipality_id is not None:
        qs = qs.filter(municipality_id=filters.municipality_id)
    if filters.domains:
        with_domain = Initiative.domains.through.objects.filter(
            policydomain__slug__in=filters.domains
        )
        qs = qs.filter(pk__in=with_domain.values("initiative_id"))
    if filters.phases:
        qs = qs.filter(phase__in=filters.phases)
    if filters.neighbourhoods:
        in_neighbourhood = Initiative.neighbourhoods.through.objects.filter(
            neighbourhood__code__in=filters.neighbourhoods
        )
        qs = qs.filter(pk__in=in_neighbourhood.values("initiative_id"))
    if filters.partner:
        partners = Partner.objects.filter(organisation__name__icontains=filters.partner)
        qs = qs.filter(pk__in=partners.values("initiative_id"))
    if filters.need:
        needs = Resource.objects.filter(
            direction=Resource.Direction.NEED, kind=filters.need, is_fulfilled=False
        )
        qs = qs.filter(pk__in=needs.values("initiative_id"))
    if filters.text:
        qs = qs.filter(Q(name__icontains=filters.text) | Q(goal__icontains=filters.text))
    if filters.bbox is not None:
        west, south, east, north = filters.bbox
        qs = qs.filter(
            longitude__gte=west, longitude__lte=east, latitude__gte=south, latitude__lte=north
        )
    return qs


# --- the list --------------------------------------------------------------------------------


@dataclass(frozen=True)
class OverviewRow:
    id: int
    name: str
    goal: str
    phase: str
    phase_since: date
    latitude: float
    longitude: float
    domains: tuple[str, ...]
    neighbourhoods: tuple[str, ...]
    needs: tuple[str, ...]

    @property
    def phase_label(self) -> str:
        """The phase in the reader's language (looked up when shown, not when cached)."""
        return str(_PHASE_LABELS.get(self.phase, ""))

    @property
    def need_labels(self) -> list[str]:
        return [str(_KIND_LABELS.get(kind, "")) for kind in self.needs]


# Lazy labels: each lookup gives the label in the language active at that moment.
_PHASE_LABELS = dict(Phase.choices)
_KIND_LABELS = dict(Resource.Kind.choices)


@dataclass(frozen=True)
class OverviewPage:
    rows: list[OverviewRow]
    count: int
    number: int
    num_pages: int

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages


def _with_details(qs: QuerySet[Initiative]) -> QuerySet[Initiative]:
    return qs.prefetch_related(
        Prefetch("domains", queryset=PolicyDomain.objects.only("id", "name", "slug")),
        Prefetch("neighbourhoods", queryset=Neighbourhood.objects.only("id", "name", "code")),
        Prefetch(
            "resources",
            queryset=Resource.objects.filter(is_fulfilled=False).only(
                "id", "initiative_id", "direction", "kind"
            ),
            to_attr="open_resources",
        ),
    )


def _row(initiative: Initiative) -> OverviewRow:
    return OverviewRow(
        id=initiative.pk,
        name=initiative.name,
        goal=initiative.goal,
        phase=initiative.phase,
        phase_since=initiative.phase_since,
        latitude=initiative.latitude,
        longitude=initiative.longitude,
        domains=tuple(domain.name for domain in initiative.domains.all()),
        neighbourhoods=tuple(n.name for n in initiative.neighbourhoods.all()),
        needs=tuple(
            sorted(
                {
                    resource.kind
                    for resource in initiative.open_resources  # type: ignore[attr-defined]
                    if resource.direction == Resource.Direction.NEED
                }
            )
        ),
    )


def overview_page(
    filters: OverviewFilters,
    *,
    sort: str = DEFAULT_SORT,
    page: int = 1,
    per_page: int = PAGE_SIZE,
    version: int | None = None,
) -> OverviewPage:
    """One page of the filtered list; the same filters and page come from the cache."""
    order = SORTS.get(sort, SORTS[DEFAULT_SORT])

    def compute() -> OverviewPage:
        qs = initiatives_filtered(filters).order_by(*order)
        paginator = Paginator(qs.only("id"), per_page)
        number = min(max(1, page), paginator.num_pages)
        window = paginator.page(number)
        ids = [initiative.pk for initiative in window.object_list]
        initiatives = _with_details(
            Initiative.objects.filter(pk__in=ids).only(
                "id", "name", "goal", "phase", "phase_since", "latitude", "longitude"
            )
        )
        by_id = {initiative.pk: initiative for initiative in initiatives}
        return OverviewPage(
            rows=[_row(by_id[pk]) for pk in ids],
            count=paginator.count,
            number=number,
            num_pages=paginator.num_pages,
        )

    return _cached("page", f"{filters.key()}:{sort}:{page}:{per_page}", compute, version)


def export_rows(filters: OverviewFilters, *, version: int | None = None) -> list[OverviewRow]:
    """Every filtered initiative, for CSV and GeoJSON; a fixed number of queries."""
    qs = _with_details(initiatives_filtered(filters).order_by("name", "id"))
    return _cached(
        "export", filters.key(), lambda: [_row(initiative) for initiative in qs], version
    )


# --- the map ---------------------------------------------------------------------------------


def map_geojson_gzip(filters: OverviewFilters, *, version: int | None = None) -> bytes:
    """GeoJSON points (id, name, phase, domain slugs) of the filtered initiatives, gzipped.

    Serialised and compressed once per filters and data version: every later answer sends
    the same bytes. Only the compressed form is cached, about a tenth of the size; the rare
    client that does not accept gzip gets it unpacked (`map_geojson`).
    """
    return _cached(
        "map.gz",
        filters.key(),
        lambda: gzip.compress(_map_geojson(filters), compresslevel=6, mtime=0),
        version,
    )


def map_geojson(filters: OverviewFilters, *, version: int | None = None) -> bytes:
    """The same GeoJSON as `map_geojson_gzip`, uncompressed."""
    return gzip.decompress(map_geojson_gzip(filters, version=version))


def map_etag(filters: OverviewFilters, *, version: int) -> str:
    """A weak entity tag of the map data: the same for gzip and plain, which hold the same."""
    return f'W/"{version:x}-{filters.key()[:16]}"'


def _map_geojson(filters: OverviewFilters) -> bytes:
    # Two queries of plain values; no model instances, since there may be tens of thousands.
    qs = initiatives_filtered(filters)
    rows = list(qs.order_by("id").values_list("id", "name", "phase", "longitude", "latitude"))
    domains: dict[int, list[str]] = defaultdict(list)
    for initiative_id, slug in (
        Initiative.domains.through.objects.filter(initiative_id__in=qs.values("id"))
        .order_by("initiative_id", "policydomain__position", "policydomain__slug")
        .values_list("initiative_id", "policydomain__slug")
    ):
        domains[initiative_id].append(slug)
    features = [
        {
            "type": "Feature",
            "id": pk,
            "geometry": {
                "type": "Point",
                "coordinates": [round(lon, COORDINATE_DIGITS), round(lat, COORDINATE_DIGITS)],
            },
            "properties": {"name": name, "phase": phase, "domains": domains.get(pk, [])},
        }
        for pk, name, phase, lon, lat in rows
    ]
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode()


# --- the matrix ------------------------------------------------------------------------------


@dataclass(frozen=True)
class MatrixRow:
    code: str
    name: str
    counts: list[int]
    total: int


@dataclass(frozen=True)
class Matrix:
    domains: list[str]
    rows: list[MatrixRow]
    totals: list[int]
    total: int


def domain_neighbourhood_matrix(filters: OverviewFilters, *, version: int | None = None) -> Matrix:
    """How many initiatives each buurt has per policy domain (an initiative counts once per
    cell, and in every cell it belongs to)."""

    def compute() -> Matrix:
        qs = initiatives_filtered(filters)
        domains = list(PolicyDomain.objects.filter(is_active=True).values_list("id", "name"))
        neighbourhoods = Neighbourhood.objects.order_by("name", "code")
        if filters.municipality_id is not None:
            neighbourhoods = neighbourhoods.filter(
                district__municipality_id=filters.municipality_id
            )
        ids = qs.values("id")
        domains_of: dict[int, list[int]] = defaultdict(list)
        for initiative_id, domain_id in Initiative.domains.through.objects.filter(
            initiative_id__in=ids
        ).values_list("initiative_id", "policydomain_id"):
            domains_of[initiative_id].append(domain_id)
        cells: Counter[tuple[int, int]] = Counter()
        row_totals: Counter[int] = Counter()
        for initiative_id, neighbourhood_id in Initiative.neighbourhoods.through.objects.filter(
            initiative_id__in=ids
        ).values_list("initiative_id", "neighbourhood_id"):
            row_totals[neighbourhood_id] += 1
            for domain_id in domains_of.get(initiative_id, []):
                cells[(neighbourhood_id, domain_id)] += 1
        rows = [
            MatrixRow(
                code=code,
                name=name,
                counts=[cells[(pk, domain_id)] for domain_id, _name in domains],
                total=row_totals[pk],
            )
            for pk, code, name in neighbourhoods.values_list("id", "code", "name")
        ]
        totals = [sum(row.counts[index] for row in rows) for index in range(len(domains))]
        return Matrix(
            domains=[name for _pk, name in domains],
            rows=rows,
            totals=totals,
            total=qs.count(),
        )

    return _cached("matrix", filters.key(), compute, version)


# --- trends ----------------------------------------------------------------------------------


def month_range(start: date, end: date) -> list[date]:
    """The first days of the months from `start` to `end`, both included."""
    months = []
    current = date(start.year, start.month, 1)
    while current <= end:
        months.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months


@dataclass(frozen=True)
class TrendTable:
    """Counts per month (rows) and per column (a domain, a phase, a request status)."""

    months: list[date]
    columns: list[str]
    counts: list[list[int]]

    @property
    def maximum(self) -> int:
        return max((value for row in self.counts for value in row), default=0)

    def rows(self) -> list[tuple[date, list[int]]]:
        return list(zip(self.months, self.counts, strict=True))


def _month_of(moment: datetime | date) -> date:
    if isinstance(moment, datetime):
        moment = timezone.localtime(moment).date()
    return date(moment.year, moment.month, 1)


def _table(
    months: list[date], columns: list[Any], counts: Counter[tuple[date, Any]], labels: list[str]
) -> TrendTable:
    return TrendTable(
        months=months,
        columns=labels,
        counts=[[counts[(month, column)] for column in columns] for month in months],
    )


def trends_by_domain(filters: OverviewFilters, *, start: date, end: date) -> TrendTable:
    """New initiatives per month per policy domain (by the day they were registered)."""
    months = month_range(start, end)
    domains = list(PolicyDomain.objects.filter(is_active=True).values_list("id", "name"))
    counts: Counter[tuple[date, int]] = Counter()
    for created_at, domain_id in Initiative.domains.through.objects.filter(
        initiative_id__in=initiatives_filtered(filters).values("id"),
        initiative__created_at__date__gte=months[0],
        initiative__created_at__date__lte=end,
    ).values_list("initiative__created_at", "policydomain_id"):
        counts[(_month_of(created_at), domain_id)] += 1
    return _table(months, [pk for pk, _name in domains], counts, [name for _pk, name in domains])


def trends_by_phase(filters: OverviewFilters, *, start: date, end: date) -> TrendTable:
    """How many initiatives entered each phase per month (from the phase history)."""
    months = month_range(start, end)
    counts: Counter[tuple[date, str]] = Counter()
    for day, phase in PhaseChange.objects.filter(
        initiative_id__in=initiatives_filtered(filters).values("id"),
        date__gte=months[0],
        date__lte=end,
    ).values_list("date", "phase"):
        counts[(_month_of(day), phase)] += 1
    return _table(months, list(Phase.values), counts, [str(label) for label in Phase.labels])


def trends_of_requests(filters: OverviewFilters, *, start: date, end: date) -> TrendTable:
    """Support requests per month: received, decided, and still open at the month's end."""
    months = month_range(start, end)
    counts: Counter[tuple[date, str]] = Counter()
    requests = SupportRequest.objects.filter(
        initiative_id__in=initiatives_filtered(filters).values("id")
    ).values_list("received_at", "decided_at")
    moments = [
        (
            timezone.localtime(received).date(),
            timezone.localtime(decided).date() if decided else None,
        )
        for received, decided in requests
    ]
    for received, decided in moments:
        counts[(_month_of(received), "received")] += 1
        if decided is not None:
            counts[(_month_of(decided), "decided")] += 1
    for month in months:
        month_end = month_range(month, month)[0]
        next_month = date(month_end.year + month_end.month // 12, month_end.month % 12 + 1, 1)
        counts[(month, "open")] = sum(
            1
            for received, decided in moments
            if received < next_month and (decided is None or decided >= next_month)
        )
    return _table(
        months,
        ["received", "decided", "open"],
        counts,
        [_("Ontvangen"), _("Besloten"), _("Open aan het eind van de maand")],
    )


# --- could work together ---------------------------------------------------------------------


@dataclass(frozen=True)
class CooperationRow:
    pair: CooperationPair
    first_name: str
    second_name: str
    shared_domains: list[str] = field(default_factory=list)


def cooperation_list(
    filters: OverviewFilters,
    *,
    max_distance_km: float,
    limit: int = 50,
    version: int | None = None,
) -> list[CooperationRow]:
    """The best pairs of open initiatives (not finished or stopped) that could work together."""

    def compute() -> list[CooperationRow]:
        qs = initiatives_filtered(filters).exclude(phase__in=CLOSED_PHASES)
        ids = qs.values("id")
        places = {
            pk: (name, lat, lon)
            for pk, name, lat, lon in qs.values_list("id", "name", "latitude", "longitude")
        }
        domains: dict[int, set[int]] = defaultdict(set)
        for initiative_id, domain_id in Initiative.domains.through.objects.filter(
            initiative_id__in=ids
        ).values_list("initiative_id", "policydomain_id"):
            domains[initiative_id].add(domain_id)
        needs: dict[int, set[str]] = defaultdict(set)
        offers: dict[int, set[str]] = defaultdict(set)
        for initiative_id, direction, kind in Resource.objects.filter(
            initiative_id__in=ids, is_fulfilled=False
        ).values_list("initiative_id", "direction", "kind"):
            (needs if direction == Resource.Direction.NEED else offers)[initiative_id].add(kind)
        sketches = [
            InitiativeSketch(
                id=pk,
                lat=lat,
                lon=lon,
                domains=frozenset(domains[pk]),
                needs=frozenset(needs[pk]),
                offers=frozenset(offers[pk]),
            )
            for pk, (_name, lat, lon) in places.items()
        ]
        pairs = cooperation_pairs(sketches, max_distance_km=max_distance_km, limit=limit)
        names = dict(PolicyDomain.objects.values_list("id", "name"))
        return [
            CooperationRow(
                pair=pair,
                first_name=places[pair.first_id][0],
                second_name=places[pair.second_id][0],
                shared_domains=sorted(names[pk] for pk in pair.shared_domains if pk in names),
            )
            for pair in pairs
        ]

    return _cached("cooperation", f"{filters.key()}:{max_distance_km}:{limit}", compute, version)


# --- staying correct after writes ------------------------------------------------------------

for _model in (Initiative, Resource, Partner, PhaseChange, PolicyDomain):
    post_save.connect(
        data_version_bump, sender=_model, dispatch_uid=f"overview-save-{_model.__name__}"
    )
    post_delete.connect(
        data_version_bump, sender=_model, dispatch_uid=f"overview-delete-{_model.__name__}"
    )
for _through in (Initiative.domains.through, Initiative.neighbourhoods.through):
    m2m_changed.connect(
        data_version_bump, sender=_through, dispatch_uid=f"overview-m2m-{_through.__name__}"
    )
# Partners are found by their organisation's name.
post_save.connect(
    data_version_bump, sender="people.Organisation", dispatch_uid="overview-save-Organisation"
)
