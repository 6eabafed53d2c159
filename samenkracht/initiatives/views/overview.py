"""Pages: the municipality's overview — map and list, matrix, cooperation, trends, exports."""

import csv
import hashlib
import json
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View

from samenkracht.common.forms import form_add_errors
from samenkracht.initiatives import permissions, selectors
from samenkracht.initiatives.forms.overview import CooperationForm, OverviewFilterForm, TrendsForm
from samenkracht.initiatives.models import Phase, PolicyDomain, Resource
from samenkracht.people import selectors as people_selectors
from samenkracht.people.models import Neighbourhood, User
from samenkracht.people.permissions import is_admin, is_official

# Every key holds the data version, so an entry is never stale; the timeout frees memory.
CHOICES_SECONDS = 3600
CONTENT_SECONDS = 3600
EXPORT_FIELDS = [
    "id",
    "naam",
    "doel",
    "fase",
    "fase_sinds",
    "beleidsdomeinen",
    "buurten",
    "behoeften",
    "breedtegraad",
    "lengtegraad",
    "adres",
]


def _viewer(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not permissions.can_view_overview(user):
        raise PermissionDenied
    return user


def _municipality_id(user: User) -> int | None:
    """Officials see their own municipality, admins all; others the installation's own."""
    if is_admin(user):
        return None
    if is_official(user):
        return user.municipality_id
    municipality = people_selectors.municipality_get_default()
    return municipality.pk if municipality is not None else None


def _choices(
    municipality_id: int | None, version: int
) -> tuple[list[PolicyDomain], list[Neighbourhood]]:
    """The filter choices change seldom and every overview page shows them: cached."""
    key = f"initiatives:overview:choices:{municipality_id}:{version:x}"
    found = cache.get(key)
    if found is None:
        neighbourhoods = Neighbourhood.objects.only("id", "code", "name", "latitude", "longitude")
        if municipality_id is not None:
            neighbourhoods = neighbourhoods.filter(district__municipality_id=municipality_id)
        found = (
            list(PolicyDomain.objects.filter(is_active=True).only("id", "name", "slug")),
            list(neighbourhoods.order_by("name")),
        )
        cache.set(key, found, CHOICES_SECONDS)
    return found


def _filter_form(
    request: HttpRequest,
    municipality_id: int | None,
    version: int,
    *,
    with_sort: bool = True,
) -> tuple[OverviewFilterForm, "selectors.OverviewFilters | None"]:
    domains, neighbourhoods = _choices(municipality_id, version)
    form = OverviewFilterForm(
        request.GET,
        domains=domains,
        neighbourhoods=neighbourhoods,
        municipality_id=municipality_id,
        with_sort=with_sort,
    )
    if not form.is_valid():
        return form, None
    try:
        return form, form.filters()
    except ValidationError as error:
        form_add_errors(form, error)
        return form, None


def _query(request: HttpRequest, *drop: str) -> str:
    params = request.GET.copy()
    for name in drop:
        params.pop(name, None)
    return params.urlencode()


class OverviewListView(LoginRequiredMixin, View):
    """The map and the filterable list; without JavaScript the list is the whole page.

    The filters, the map's data and the list are the same for every viewer of one
    municipality, so they are rendered once per language, query and data version and
    cached as HTML; the rest of the page (menu, notifications, CSRF token) is the viewer's.
    """

    def get(self, request: HttpRequest) -> HttpResponse:
        user = _viewer(request)
        municipality_id = _municipality_id(user)
        version = selectors.data_version()
        key = _content_key(request, "list", municipality_id, version)
        html, status = selectors.cached_once(
            key, lambda: self._content(request, municipality_id, version), CONTENT_SECONDS
        )
        return render(
            request,
            "initiatives/overview.html",
            {"content": mark_safe(html)},  # noqa: S308 - our own template's output
            status=status,
        )

    def _content(
        self, request: HttpRequest, municipality_id: int | None, version: int
    ) -> tuple[str, int]:
        form, filters = _filter_form(request, municipality_id, version)
        page = None
        if filters is not None:
            try:
                number = int(request.GET.get("pagina", "1"))
            except ValueError:
                number = 1
            page = selectors.overview_page(
                filters, sort=form.cleaned_data.get("sort") or "name", page=number, version=version
            )
        _domains, neighbourhoods = _choices(municipality_id, version)
        query = _query(request, "pagina", "sort")
        map_url = reverse("api:initiatives_open_map")
        html = render_to_string(
            "initiatives/overview_content.html",
            {
                "form": form,
                "page": page,
                "query": _query(request, "pagina"),
                "filter_query": query,
                "map_data_url": f"{map_url}?{query}" if query else map_url,
                "map_tiles": settings.SAMENKRACHT_MAP_TILES,
                "map_attribution": settings.SAMENKRACHT_MAP_ATTRIBUTION,
                "neighbourhood_centres": [
                    {"name": n.name, "lat": n.latitude, "lon": n.longitude}
                    for n in neighbourhoods
                    if n.latitude is not None and n.longitude is not None
                ],
            },
            request,
        )
        return html, 200 if filters is not None else 400


def _content_key(request: HttpRequest, page: str, municipality_id: int | None, version: int) -> str:
    """Key of a page's shared part: the order of the query's parameters does not matter."""
    query = json.dumps(sorted(request.GET.lists()))
    digest = hashlib.sha256(query.encode()).hexdigest()[:32]
    return (
        f"initiatives:overview:{page}-content:{version:x}:{get_language()}:"
        f"{municipality_id}:{digest}"
    )


class OverviewExportView(LoginRequiredMixin, View):
    """The filtered list as CSV (for a spreadsheet) or GeoJSON (for a map program)."""

    format = "csv"

    def get(self, request: HttpRequest) -> HttpResponse:
        user = _viewer(request)
        version = selectors.data_version()
        form, filters = _filter_form(request, _municipality_id(user), version, with_sort=False)
        if filters is None:
            errors = {field: [str(e) for e in messages] for field, messages in form.errors.items()}
            return HttpResponse(
                json.dumps({"detail": _("De filters kloppen niet."), "errors": errors}),
                status=400,
                content_type="application/json",
            )
        rows = selectors.export_rows(filters, version=version)
        stamp = timezone.localdate().isoformat()
        base = settings.SAMENKRACHT_BASE_URL.rstrip("/")
        phases = dict(Phase.choices)
        if self.format == "geojson":
            body = {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "id": row.id,
                        "geometry": {"type": "Point", "coordinates": [row.longitude, row.latitude]},
                        "properties": {
                            "name": row.name,
                            "goal": row.goal,
                            "phase": row.phase,
                            "phase_since": row.phase_since.isoformat(),
                            "domains": list(row.domains),
                            "neighbourhoods": list(row.neighbourhoods),
                            "needs": list(row.needs),
                            "url": base + reverse("initiatives:initiative-detail", args=[row.id]),
                        },
                    }
                    for row in rows
                ],
            }
            response = HttpResponse(
                json.dumps(body, ensure_ascii=False), content_type="application/geo+json"
            )
            response["Content-Disposition"] = f'attachment; filename="initiatieven-{stamp}.geojson"'
            return response
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="initiatieven-{stamp}.csv"'
        # A byte-order mark, so that Excel reads the accents in names correctly.
        response.write("\ufeff")
        writer = csv.writer(response, delimiter=";")
        writer.writerow(EXPORT_FIELDS)
        for row in rows:
            writer.writerow(
                [
                    row.id,
                    _spreadsheet_safe(row.name),
                    _spreadsheet_safe(row.goal),
                    phases.get(row.phase, row.phase),
                    row.phase_since.isoformat(),
                    ", ".join(row.domains),
                    ", ".join(row.neighbourhoods),
                    ", ".join(row.needs),
                    row.latitude,
                    row.longitude,
                    base + reverse("initiatives:initiative-detail", args=[row.id]),
                ]
            )
        return response


def _spreadsheet_safe(text: str) -> str:
    """Text that a spreadsheet would run as a formula starts with a quote instead."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class OverviewMatrixView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        user = _viewer(request)
        version = selectors.data_version()
        form, filters = _filter_form(request, _municipality_id(user), version, with_sort=False)
        return render(
            request,
            "initiatives/overview_matrix.html",
            {
                "form": form,
                "matrix": (
                    selectors.domain_neighbourhood_matrix(filters, version=version)
                    if filters
                    else None
                ),
            },
            status=200 if filters is not None else 400,
        )


class OverviewCooperationView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        user = _viewer(request)
        version = selectors.data_version()
        form, filters = _filter_form(request, _municipality_id(user), version, with_sort=False)
        distance_form = CooperationForm(request.GET)
        rows = None
        distance = 0.5
        if filters is not None and distance_form.is_valid():
            distance = float(distance_form.cleaned_data.get("distance") or 0.5)
            rows = selectors.cooperation_list(filters, max_distance_km=distance, version=version)
        kinds = dict(Resource.Kind.choices)
        return render(
            request,
            "initiatives/overview_cooperation.html",
            {
                "form": form,
                "distance_form": distance_form,
                "rows": [(row, _explain(row, kinds)) for row in rows or []],
                "is_valid": rows is not None,
                "distance_m": int(distance * 1000),
            },
            status=200 if rows is not None else 400,
        )


def _explain(row: "selectors.CooperationRow", kinds: dict[str, Any]) -> list[str]:
    """Why two initiatives could work together, in plain words."""
    pair = row.pair
    reasons = [
        _("Ze liggen %(metres)d meter van elkaar.") % {"metres": round(pair.distance_km * 1000)}
    ]
    if row.shared_domains:
        reasons.append(
            _("Ze werken allebei aan: %(domains)s.") % {"domains": ", ".join(row.shared_domains)}
        )
    for receiver, giver, received in (
        (row.first_name, row.second_name, pair.first_receives),
        (row.second_name, row.first_name, pair.second_receives),
    ):
        if received:
            reasons.append(
                _("%(receiver)s heeft %(what)s nodig; %(giver)s kan dat bieden.")
                % {
                    "receiver": receiver,
                    "giver": giver,
                    "what": ", ".join(
                        str(kinds.get(kind, kind)).lower() for kind in sorted(received)
                    ),
                }
            )
    return reasons


class OverviewTrendsView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        user = _viewer(request)
        version = selectors.data_version()
        form, filters = _filter_form(request, _municipality_id(user), version, with_sort=False)
        period = TrendsForm(request.GET)
        tables = None
        if filters is not None and period.is_valid():
            today = timezone.localdate()
            end = period.cleaned_data.get("end") or today
            start = period.cleaned_data.get("start") or date(end.year - 1, end.month, 1)
            if start > end:
                period.add_error(None, _("De beginmaand ligt na de eindmaand. Draai ze om."))
            else:
                tables = {
                    "domains": selectors.trends_by_domain(filters, start=start, end=end),
                    "phases": selectors.trends_by_phase(filters, start=start, end=end),
                    "requests": selectors.trends_of_requests(filters, start=start, end=end),
                }
        return render(
            request,
            "initiatives/overview_trends.html",
            {"form": form, "period": period, "tables": tables},
            status=200 if tables is not None else 400,
        )


urlpatterns = [
    path("overzicht/initiatieven/", OverviewListView.as_view(), name="overview"),
    path(
        "overzicht/initiatieven.csv",
        OverviewExportView.as_view(format="csv"),
        name="overview-export-csv",
    ),
    path(
        "overzicht/initiatieven.geojson",
        OverviewExportView.as_view(format="geojson"),
        name="overview-export-geojson",
    ),
    path("overzicht/matrix/", OverviewMatrixView.as_view(), name="overview-matrix"),
    path("overzicht/samenwerken/", OverviewCooperationView.as_view(), name="overview-cooperation"),
    path("overzicht/trends/", OverviewTrendsView.as_view(), name="overview-trends"),
]
