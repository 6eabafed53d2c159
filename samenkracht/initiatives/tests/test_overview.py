"""The municipality's overview: list with filters, exports, matrix, cooperation, trends."""

import csv
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samenkracht.initiatives import selectors
from samenkracht.initiatives.models import Initiative, PolicyDomain, Resource
from samenkracht.initiatives.tests.factories import (
    InitiativeFactory,
    PartnerFactory,
    PhaseChangeFactory,
    PolicyDomainFactory,
    ResourceFactory,
    SupportRequestFactory,
)
from samenkracht.initiatives.tests.helpers import ROLES, person_in
from samenkracht.people.tests.factories import (
    MunicipalityFactory,
    NeighbourhoodFactory,
    OfficialFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db

VIEWERS = {"professional", "official", "admin"}
PAGES = [
    "initiatives:overview",
    "initiatives:overview-matrix",
    "initiatives:overview-cooperation",
    "initiatives:overview-trends",
    "initiatives:overview-export-csv",
    "initiatives:overview-export-geojson",
]


def _domain(slug: str) -> PolicyDomain:
    # The seeded domain, or the same again when a browser test emptied the database.
    return PolicyDomainFactory(slug=slug, name=slug.capitalize())


def _client(user) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def _official(municipality=None) -> Client:
    municipality = municipality or MunicipalityFactory()
    return _client(OfficialFactory(municipality=municipality))


def _many(count: int, **kwargs) -> list[Initiative]:
    neighbourhood = kwargs.pop("neighbourhood", None) or NeighbourhoodFactory()
    return [
        InitiativeFactory(
            name=f"Initiatief {index:03d}",
            neighbourhoods=[neighbourhood],
            domains=[_domain("zorg"), _domain("groen")],
            lead=False,
            **kwargs,
        )
        for index in range(count)
    ]


def _queries(client: Client, url: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return len(context.captured_queries)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", PAGES)
def test_the_overview_is_for_professionals_officials_and_admins(role, name):
    initiative = InitiativeFactory()
    user = person_in(initiative, role)
    response = _client(user).get(reverse(name))
    if user is None:
        assert response.status_code == 302
    else:
        assert response.status_code == (200 if role in VIEWERS else 403)


def test_the_list_filters_on_domain_phase_buurt_need_partner_and_text():
    # given
    garden = InitiativeFactory(name="Moestuin Zonnehoek", domains=[_domain("groen")])
    choir = InitiativeFactory(
        name="Buurtkoor", goal="Samen zingen", domains=[_domain("cultuur")], phase="running"
    )
    ResourceFactory(initiative=choir, kind=Resource.Kind.SPACE)
    PartnerFactory(initiative=choir, organisation=OrganisationFactory(name="Woonstichting De Key"))
    client = _official(garden.municipality)
    url = reverse("initiatives:overview")

    def names(query: str) -> list[str]:
        page = client.get(f"{url}?{query}")
        assert page.status_code == 200
        return [row.name for row in page.context["page"].rows]

    # then
    assert names("") == ["Buurtkoor", "Moestuin Zonnehoek"]
    assert names("domain=groen") == ["Moestuin Zonnehoek"]
    assert names("phase=running") == ["Buurtkoor"]
    assert names("need=space") == ["Buurtkoor"]
    assert names("partner=de+key") == ["Buurtkoor"]
    assert names("q=zingen") == ["Buurtkoor"]
    code = garden.neighbourhoods.get().code
    assert names(f"neighbourhood={code}") == ["Moestuin Zonnehoek"]
    assert names("sort=-name") == ["Moestuin Zonnehoek", "Buurtkoor"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("domain=ruimtevaart", "Kies een waarde uit de lijst."),
        ("phase=bijna", "Kies een waarde uit de lijst."),
        ("neighbourhood=BU99999999", "Kies een waarde uit de lijst."),
        ("need=liefde", "Kies een waarde uit de lijst."),
        ("sort=random", "Kies een waarde uit de lijst."),
    ],
)
def test_unknown_filters_get_a_dutch_message_and_no_list(query, message):
    client = _official()
    response = client.get(f"{reverse('initiatives:overview')}?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()
    assert response.context["page"] is None


def test_a_bad_page_number_shows_the_first_or_last_page():
    municipality = MunicipalityFactory()
    _many(30, municipality=municipality)
    client = _official(municipality)
    url = reverse("initiatives:overview")
    assert client.get(f"{url}?pagina=abc").context["page"].number == 1
    assert client.get(f"{url}?pagina=99").context["page"].number == 2
    assert client.get(f"{url}?pagina=-3").context["page"].number == 1


def test_the_list_page_queries_do_not_grow_with_the_page_size():
    municipality = MunicipalityFactory()
    client = _official(municipality)
    url = reverse("initiatives:overview")
    _many(2, municipality=municipality)
    few = _queries(client, url)
    _many(40, municipality=municipality)
    cache.clear()
    with django_assert_exact(few):
        assert len(client.get(url).context["page"].rows) == 25


def django_assert_exact(count: int):
    return _Exactly(count)


class _Exactly(CaptureQueriesContext):
    def __init__(self, count: int) -> None:
        super().__init__(connection)
        self.count = count

    def __exit__(self, *args):
        super().__exit__(*args)
        assert len(self.captured_queries) == self.count, [q["sql"] for q in self.captured_queries]


@pytest.mark.parametrize(
    "name", ["initiatives:overview-export-csv", "initiatives:overview-export-geojson"]
)
def test_exports_use_a_fixed_number_of_queries(name, django_assert_num_queries):
    municipality = MunicipalityFactory()
    client = _official(municipality)
    _many(2, municipality=municipality)
    few = _queries(client, reverse(name))
    _many(30, municipality=municipality)
    cache.clear()
    with django_assert_num_queries(few):
        client.get(reverse(name))


def test_a_cached_list_is_fresh_after_a_write():
    municipality = MunicipalityFactory()
    (first,) = _many(1, municipality=municipality)
    client = _official(municipality)
    url = reverse("initiatives:overview")
    assert [row.name for row in client.get(url).context["page"].rows] == ["Initiatief 000"]
    # when the initiative is renamed, gets a new domain, and a second one arrives
    first.name = "Nieuwe naam"
    first.save()
    first.domains.set([_domain("sport")])
    InitiativeFactory(name="Tweede", municipality=municipality)
    # then
    rows = client.get(url).context["page"].rows
    assert [(row.name, row.domains) for row in rows] == [
        ("Nieuwe naam", ("Sport",)),
        ("Tweede", (_domain("zorg").name,)),
    ]


@contextmanager
def _process(name: str, shared: Path | None = None) -> Iterator[None]:
    """Act as one of several server processes, each with a cache of its own (the default),
    or, with `shared`, sharing one cache (as Redis would be) besides its own memory."""
    location = f"process-{name}"
    default = (
        {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": shared}
        if shared is not None
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": location}
    )
    with override_settings(
        CACHES={
            "default": default,
            "local": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": f"{location}-local",
            },
        }
    ):
        yield


@pytest.fixture(params=["own caches", "one shared cache"])
def two_processes(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path | None]:
    shared = tmp_path / "shared-cache" if request.param == "one shared cache" else None
    yield shared
    for name in ("a", "b"):
        with _process(name, shared):
            cache.clear()
            caches["local"].clear()


def test_a_write_in_one_process_shows_at_once_in_another(two_processes: Path | None):
    # given: process A has the list and the map in its cache
    shared = two_processes
    municipality = MunicipalityFactory()
    (initiative,) = _many(1, municipality=municipality)
    official = _official(municipality)
    anonymous = _client(None)
    url = reverse("initiatives:overview")
    map_url = reverse("api:initiatives_open_map")

    def shown() -> tuple[bool, bool, list[str]]:
        page = official.get(url).content.decode()
        features = json.loads(anonymous.get(map_url).content)["features"]
        return (
            "Oude naam" in page,
            "Nieuwe naam" in page,
            [f["properties"]["name"] for f in features],
        )

    initiative.name = "Oude naam"
    initiative.save()
    with _process("a", shared):
        assert shown() == (True, False, ["Oude naam"])
    # when process B renames the initiative
    with _process("b", shared):
        assert shown() == (True, False, ["Oude naam"])
        initiative.name = "Nieuwe naam"
        initiative.save()
        assert shown() == (False, True, ["Nieuwe naam"])
    # then process A shows the new name at once, though its own memory still holds the old
    with _process("a", shared):
        assert shown() == (False, True, ["Nieuwe naam"])


def test_csv_export_has_the_filtered_rows_and_is_safe_for_spreadsheets():
    municipality = MunicipalityFactory()
    InitiativeFactory(name="=HYPERLINK(1)", municipality=municipality, domains=[_domain("zorg")])
    InitiativeFactory(name="Buurtkoor", municipality=municipality, domains=[_domain("cultuur")])
    response = _official(municipality).get(
        reverse("initiatives:overview-export-csv") + "?domain=zorg"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:4] == ["id", "naam", "doel", "fase"]
    assert [row[1] for row in rows[1:]] == ["'=HYPERLINK(1)"]


def test_geojson_export_is_a_feature_collection():
    municipality = MunicipalityFactory()
    initiative = InitiativeFactory(municipality=municipality, latitude=52.15, longitude=5.38)
    body = json.loads(
        _official(municipality).get(reverse("initiatives:overview-export-geojson")).content
    )
    assert body["type"] == "FeatureCollection"
    assert [(f["id"], f["geometry"]["coordinates"]) for f in body["features"]] == [
        (initiative.pk, [5.38, 52.15])
    ]


def test_an_export_with_a_bad_filter_is_a_4xx_json_answer():
    response = _official().get(reverse("initiatives:overview-export-csv") + "?phase=zomaar")
    assert response.status_code == 400
    assert response.json()["errors"] == {"phase": ["Kies een waarde uit de lijst."]}


def test_the_matrix_counts_initiatives_per_buurt_and_domain():
    municipality = MunicipalityFactory()
    north = NeighbourhoodFactory(name="Noord", district__municipality=municipality)
    south = NeighbourhoodFactory(name="Zuid", district__municipality=municipality)
    InitiativeFactory(
        municipality=municipality,
        neighbourhoods=[north],
        domains=[_domain("zorg"), _domain("groen")],
    )
    InitiativeFactory(
        municipality=municipality, neighbourhoods=[north, south], domains=[_domain("zorg")]
    )
    matrix = selectors.domain_neighbourhood_matrix(
        selectors.filters_build(municipality_id=municipality.pk)
    )
    columns = {name: index for index, name in enumerate(matrix.domains)}
    by_name = {row.name: row for row in matrix.rows}
    assert by_name["Noord"].counts[columns[_domain("zorg").name]] == 2
    assert by_name["Noord"].counts[columns[_domain("groen").name]] == 1
    assert by_name["Zuid"].counts[columns[_domain("zorg").name]] == 1
    assert (by_name["Noord"].total, by_name["Zuid"].total, matrix.total) == (2, 1, 2)
    page = _official(municipality).get(reverse("initiatives:overview-matrix"))
    assert page.status_code == 200
    assert '<th class="utrecht-table__header-cell" scope="row">Noord</th>' in page.content.decode()


def test_cooperation_pairs_are_explained_in_words():
    municipality = MunicipalityFactory()
    garden = InitiativeFactory(
        name="Moestuin", municipality=municipality, latitude=52.1560, longitude=5.3870
    )
    school = InitiativeFactory(
        name="Schoolplein", municipality=municipality, latitude=52.1565, longitude=5.3870
    )
    ResourceFactory(initiative=garden, kind=Resource.Kind.SPACE)
    ResourceFactory(initiative=school, kind=Resource.Kind.SPACE, direction="offer")
    response = _official(municipality).get(reverse("initiatives:overview-cooperation"))
    assert response.status_code == 200
    (row, reasons) = response.context["rows"][0]
    assert (row.first_name, row.second_name) == ("Moestuin", "Schoolplein")
    assert reasons[0] == "Ze liggen 56 meter van elkaar."
    assert "Moestuin heeft ruimte nodig; Schoolplein kan dat bieden." in reasons


def test_cooperation_with_an_unknown_distance_is_a_form_message():
    response = _official().get(reverse("initiatives:overview-cooperation") + "?distance=50")
    assert response.status_code == 400
    assert "Kies een afstand uit de lijst." in response.content.decode()


def test_trends_count_per_month():
    municipality = MunicipalityFactory()
    initiative = InitiativeFactory(municipality=municipality, domains=[_domain("zorg")])
    PhaseChangeFactory(initiative=initiative, phase="running", date=date(2026, 2, 10))
    SupportRequestFactory(initiative=initiative, received_at=timezone.now() - timedelta(days=1))
    filters = selectors.filters_build(municipality_id=municipality.pk)
    today = timezone.localdate()
    month = date(today.year, today.month, 1)
    by_domain = selectors.trends_by_domain(filters, start=month, end=today)
    column = by_domain.columns.index(_domain("zorg").name)
    assert by_domain.months == [month]
    assert by_domain.counts[0][column] == 1
    phases = selectors.trends_by_phase(filters, start=date(2026, 2, 1), end=date(2026, 2, 28))
    assert phases.counts == [[0, 0, 1, 0, 0]]


def test_trends_in_the_wrong_order_get_a_dutch_message():
    response = _official().get(
        reverse("initiatives:overview-trends") + "?start=2026-05&end=2026-01"
    )
    assert response.status_code == 400
    assert "De beginmaand ligt na de eindmaand. Draai ze om." in response.content.decode()


def test_trends_page_shows_three_tables():
    response = _official().get(
        reverse("initiatives:overview-trends") + "?start=2026-01&end=2026-03"
    )
    assert response.status_code == 200
    page = response.content.decode()
    for table in ("trend-domains", "trend-phases", "trend-requests"):
        assert f'id="{table}"' in page
