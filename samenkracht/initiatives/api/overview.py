"""API endpoints: the public open data on initiatives (no login, no personal data) and the
municipality's overview of open support requests."""

import gzip
import re
from datetime import date
from typing import Any, Literal, cast

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from samenkracht.common.api import ErrorOut, Pagination
from samenkracht.initiatives import permissions, selectors
from samenkracht.initiatives.models import Initiative, Partner, Phase, PolicyDomain, Resource
from samenkracht.people.models import Neighbourhood, User
from samenkracht.people.permissions import is_admin

router = Router(tags=["open data"])

PUBLIC_ERRORS = {422: ErrorOut}
ERRORS = {401: ErrorOut, 403: ErrorOut, 422: ErrorOut}


class OpenFilters(Schema):
    domain: list[str] = Field([], description="Korte namen van beleidsdomeinen (meer mag).")
    phase: list[str] = Field([], description="Fasen: idea, starting, running, finished, stopped.")
    neighbourhood: list[str] = Field([], description="CBS-codes van buurten (meer mag).")
    partner: str = Field("", max_length=100, description="Deel van de naam van een partner.")
    need: str = Field("", description="Soort open behoefte: volunteers, space, materials, …")
    q: str = Field("", max_length=100, description="Zoek in naam en doel.")
    bbox: str = Field("", description="Gebied als west,zuid,oost,noord in graden (WGS84).")


def _filters(filters: OpenFilters) -> "selectors.OverviewFilters":
    return selectors.filters_build(
        municipality_id=None,
        domains=filters.domain,
        phases=filters.phase,
        neighbourhoods=filters.neighbourhood,
        partner=filters.partner,
        need=filters.need,
        text=filters.q,
        bbox=filters.bbox,
    )


class OpenInitiativeOut(Schema):
    """An initiative as open data: what it does and where, never who is in it."""

    id: int
    name: str
    goal: str
    municipality: str = Field(description="CBS-code van de gemeente.")
    phase: Phase
    phase_since: date
    form: Initiative.Form
    domains: list[str] = Field(description="Korte namen van de beleidsdomeinen.")
    neighbourhoods: list[str] = Field(description="CBS-codes van de buurten.")
    latitude: float
    longitude: float
    needs: list[str] = Field(description="Soorten hulp die het nog nodig heeft.")
    offers: list[str] = Field(description="Soorten hulp die het kan bieden.")
    partner_organisations: list[str] = Field(
        description="Namen van organisaties in de coalitie (geen personen)."
    )

    @staticmethod
    def resolve_municipality(obj: Initiative) -> str:
        return obj.municipality.code

    @staticmethod
    def resolve_domains(obj: Initiative) -> list[str]:
        return [domain.slug for domain in obj.domains.all()]

    @staticmethod
    def resolve_neighbourhoods(obj: Initiative) -> list[str]:
        return [n.code for n in obj.neighbourhoods.all()]

    @staticmethod
    def resolve_needs(obj: Initiative) -> list[str]:
        return sorted(
            {r.kind for r in obj.open_resources if r.direction == Resource.Direction.NEED}  # type: ignore[attr-defined]
        )

    @staticmethod
    def resolve_offers(obj: Initiative) -> list[str]:
        return sorted(
            {r.kind for r in obj.open_resources if r.direction == Resource.Direction.OFFER}  # type: ignore[attr-defined]
        )

    @staticmethod
    def resolve_partner_organisations(obj: Initiative) -> list[str]:
        return sorted(
            {p.organisation.name for p in obj.organisation_partners if p.organisation}  # type: ignore[attr-defined]
        )


@router.get(
    "/open/initiatives",
    response={200: list[OpenInitiativeOut], **PUBLIC_ERRORS},
    auth=None,
    url_name="initiatives_open_list",
)
@paginate(Pagination)
def open_initiative_list(request: HttpRequest, filters: Query[OpenFilters]) -> QuerySet[Initiative]:
    """Every initiative as open data, by name; the same filters as the map."""
    return (
        selectors.initiatives_filtered(_filters(filters))
        .select_related("municipality")
        .prefetch_related(
            Prefetch("domains", queryset=PolicyDomain.objects.only("id", "slug")),
            Prefetch("neighbourhoods", queryset=Neighbourhood.objects.only("id", "code")),
            Prefetch(
                "resources",
                queryset=Resource.objects.filter(is_fulfilled=False),
                to_attr="open_resources",
            ),
            Prefetch(
                "partners",
                queryset=Partner.objects.filter(organisation__isnull=False).select_related(
                    "organisation"
                ),
                to_attr="organisation_partners",
            ),
        )
        .order_by("name", "id")
    )


class MapPropertiesOut(Schema):
    name: str
    phase: Phase
    domains: list[str] = Field(description="Korte namen van de beleidsdomeinen.")


class MapPointOut(Schema):
    type: Literal["Point"]
    coordinates: list[float] = Field(
        description="Lengte- en breedtegraad (WGS84), op 5 decimalen (ongeveer een meter).",
        min_length=2,
        max_length=2,
    )


class MapFeatureOut(Schema):
    type: Literal["Feature"]
    id: int
    geometry: MapPointOut
    properties: MapPropertiesOut


class MapOut(Schema):
    """GeoJSON (RFC 7946): one point per initiative."""

    type: Literal["FeatureCollection"]
    features: list[MapFeatureOut]


# As Django's GZipMiddleware decides: a client that names gzip accepts it.
ACCEPTS_GZIP = re.compile(r"\bgzip\b")


@router.get(
    "/open/initiatives/map",
    response={200: MapOut, 304: None, **PUBLIC_ERRORS},
    auth=None,
    url_name="initiatives_open_map",
    # GeoJSON's own media type (RFC 7946), as served.
    openapi_extra={
        "responses": {
            "200": {
                "description": "OK",
                "content": {
                    "application/geo+json": {"schema": {"$ref": "#/components/schemas/MapOut"}}
                },
            }
        }
    },
)
def open_initiative_map(request: HttpRequest, filters: Query[OpenFilters]) -> HttpResponse:
    """The initiatives as GeoJSON points (id, name, phase, domains) for a map.

    Without `bbox` the whole collection. The answer is gzipped for clients that accept it
    and carries an `ETag` that changes with the data: send it back in `If-None-Match` and
    an unchanged map answers 304 Not Modified without a body.
    """
    checked = _filters(filters)
    version = selectors.data_version()
    etag = selectors.map_etag(checked, version=version)
    if _matches(request.headers.get("If-None-Match", ""), etag):
        response = HttpResponse(status=304)
    else:
        body = selectors.map_geojson_gzip(checked, version=version)
        if ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")):
            response = HttpResponse(body, content_type="application/geo+json")
            response["Content-Encoding"] = "gzip"
        else:
            response = HttpResponse(gzip.decompress(body), content_type="application/geo+json")
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=60"
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


def _matches(if_none_match: str, etag: str) -> bool:
    """The weak comparison that If-None-Match asks for (RFC 9110, 13.1.2)."""
    if not if_none_match:
        return False
    tags = parse_etags(if_none_match)
    return "*" in tags or etag.removeprefix("W/") in {tag.removeprefix("W/") for tag in tags}


# --- the municipality's open requests --------------------------------------------------------


class OpenRequestOut(Schema):
    id: int
    title: str
    initiative: int
    initiative_name: str
    kind: str
    status: str
    department: str | None
    received_at: str
    age_days: int
    is_overdue: bool


class DepartmentTimesOut(Schema):
    name: str
    open_count: int
    decided_count: int
    days_to_treatment: float | None
    days_to_decision: float | None
    oldest_open_days: int | None


class RequestOverviewOut(Schema):
    open_requests: list[OpenRequestOut]
    answer_times: list[DepartmentTimesOut]


@router.get("/overview/requests", response={200: RequestOverviewOut, **ERRORS})
def request_overview(request: HttpRequest) -> dict[str, Any]:
    """Open requests of the official's municipality (oldest first) and answer times per
    department (slowest first)."""
    user = cast(User, request.user)
    if not permissions.can_view_request_overview(user):
        raise PermissionDenied(_("Alleen medewerkers van de gemeente zien dit overzicht."))
    municipality = None if is_admin(user) else user.municipality
    now = timezone.now()
    return {
        "open_requests": [
            {
                "id": item.request.pk,
                "title": item.request.title,
                "initiative": item.request.initiative_id,
                "initiative_name": item.request.initiative.name,
                "kind": item.request.kind,
                "status": item.request.status,
                "department": item.request.department.name if item.request.department else None,
                "received_at": item.request.received_at.isoformat(),
                "age_days": item.age_days,
                "is_overdue": item.is_overdue,
            }
            for item in selectors.open_requests(municipality=municipality, now=now)
        ],
        "answer_times": selectors.answer_times(
            municipality=municipality, now=now, no_department=_("Nog geen afdeling")
        ),
    }
