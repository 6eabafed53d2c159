"""The public open-data API: no login, no personal data, 4xx on bad filters, light map data."""

import gzip
import json

import pytest
from django.core.cache import cache
from django.test import Client

from samenkracht.initiatives.models import PolicyDomain, Resource
from samenkracht.initiatives.tests.factories import (
    InitiativeFactory,
    PartnerFactory,
    PolicyDomainFactory,
    ResourceFactory,
    SupportRequestFactory,
)
from samenkracht.initiatives.tests.helpers import lead_of
from samenkracht.people.tests.factories import NeighbourhoodFactory, ResidentFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/open/initiatives"
MAP = "/api/v1/open/initiatives/map"


def _domain(slug: str) -> PolicyDomain:
    # The seeded domain, or the same again when a browser test emptied the database.
    return PolicyDomainFactory(slug=slug, name=slug.capitalize())


@pytest.fixture
def anonymous() -> Client:
    return Client(raise_request_exception=False)


def test_the_list_is_public_and_has_no_personal_data(anonymous):
    # given: an initiative with a lead, a resident partner, an organisation partner, a request
    initiative = InitiativeFactory(name="Buurtkoor", domains=[_domain("cultuur")])
    lead = lead_of(initiative)
    resident = ResidentFactory(first_name="Geheime", last_name="Persoon")
    PartnerFactory(initiative=initiative, organisation=None, person=resident)
    PartnerFactory(initiative=initiative)
    ResourceFactory(initiative=initiative, kind=Resource.Kind.SPACE)
    SupportRequestFactory(initiative=initiative, text="Vertrouwelijke toelichting")
    # when
    response = anonymous.get(LIST)
    # then
    assert response.status_code == 200
    item = response.json()["items"][0]
    assert item["name"] == "Buurtkoor"
    assert item["domains"] == ["cultuur"]
    assert item["needs"] == ["space"]
    assert len(item["partner_organisations"]) == 1
    text = response.content.decode()
    for secret in (lead.first_name, lead.last_name, "Geheime", "Vertrouwelijke", lead.email):
        assert secret not in text


def test_the_list_is_paginated_with_a_fixed_number_of_queries(anonymous, django_assert_num_queries):
    neighbourhood = NeighbourhoodFactory()
    for index in range(3):
        InitiativeFactory(name=f"Initiatief {index}", neighbourhoods=[neighbourhood], lead=False)
    with django_assert_num_queries(6) as few:
        anonymous.get(f"{LIST}?limit=100")
    for index in range(3, 30):
        initiative = InitiativeFactory(
            name=f"Initiatief {index}", neighbourhoods=[neighbourhood], lead=False
        )
        PartnerFactory(initiative=initiative)
        ResourceFactory(initiative=initiative)
    with django_assert_num_queries(len(few.captured_queries)):
        body = anonymous.get(f"{LIST}?limit=100").json()
    assert body["count"] == 30
    assert len(body["items"]) == 30


def test_the_map_is_geojson_points_with_name_phase_and_domains(anonymous):
    initiative = InitiativeFactory(
        name="Moestuin", latitude=52.156123456, longitude=5.387654321, domains=[_domain("groen")]
    )
    response = anonymous.get(MAP)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert json.loads(response.content) == {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": initiative.pk,
                "geometry": {"type": "Point", "coordinates": [5.38765, 52.15612]},
                "properties": {"name": "Moestuin", "phase": "idea", "domains": ["groen"]},
            }
        ],
    }


def test_the_map_endpoint_queries_do_not_grow(anonymous, django_assert_num_queries):
    neighbourhood = NeighbourhoodFactory()
    InitiativeFactory(neighbourhoods=[neighbourhood], lead=False)
    # The data version (one row by primary key), the initiatives, their domains.
    cache.clear()
    with django_assert_num_queries(3):
        anonymous.get(MAP)
    for _ in range(30):
        InitiativeFactory(neighbourhoods=[neighbourhood], lead=False)
    cache.clear()
    with django_assert_num_queries(3):
        body = json.loads(anonymous.get(MAP).content)
    assert len(body["features"]) == 31
    # and a second request comes from the cache: only the version is read
    with django_assert_num_queries(1):
        anonymous.get(MAP)


def test_the_map_is_gzipped_for_clients_that_accept_it(anonymous):
    # given
    initiative = InitiativeFactory(name="Moestuin", domains=[_domain("groen")])
    # when
    plain = anonymous.get(MAP)
    zipped = anonymous.get(MAP, headers={"Accept-Encoding": "gzip, deflate, br"})
    # then
    assert "Content-Encoding" not in plain
    assert zipped["Content-Encoding"] == "gzip"
    # (the language too: LocaleMiddleware adds it to every answer)
    assert plain["Vary"] == zipped["Vary"] == "Accept-Encoding, Accept-Language"
    assert gzip.decompress(zipped.content) == plain.content
    assert [f["id"] for f in json.loads(plain.content)["features"]] == [initiative.pk]


def test_the_map_answers_304_while_its_etag_still_holds(anonymous):
    # given
    initiative = InitiativeFactory(name="Oud")
    first = anonymous.get(MAP, headers={"Accept-Encoding": "gzip"})
    etag = first["ETag"]
    assert etag.startswith('W/"')
    # when the client asks again with the tag (also as a strong tag, or among others)
    for sent in (etag, etag.removeprefix("W/"), f'"other", {etag}', "*"):
        again = anonymous.get(MAP, headers={"If-None-Match": sent, "Accept-Encoding": "gzip"})
        # then nothing is sent again
        assert again.status_code == 304
        assert again.content == b""
        assert again["ETag"] == etag
    # and after a change the tag is different and the data come along
    initiative.name = "Nieuw"
    initiative.save()
    changed = anonymous.get(MAP, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert json.loads(changed.content)["features"][0]["properties"]["name"] == "Nieuw"


def test_a_filtered_map_has_its_own_etag(anonymous):
    InitiativeFactory(domains=[_domain("groen")])
    whole = anonymous.get(MAP)["ETag"]
    filtered = anonymous.get(f"{MAP}?domain=groen")
    assert filtered["ETag"] != whole
    assert anonymous.get(f"{MAP}?domain=groen", headers={"If-None-Match": whole}).status_code == 200


def test_the_map_filters_and_bbox(anonymous):
    inside = InitiativeFactory(
        name="Binnen", latitude=52.15, longitude=5.38, domains=[_domain("zorg")], phase="running"
    )
    InitiativeFactory(name="Buiten", latitude=52.30, longitude=5.60, domains=[_domain("groen")])

    def ids(query: str) -> list[int]:
        response = anonymous.get(f"{MAP}?{query}")
        assert response.status_code == 200, response.content
        return [feature["id"] for feature in json.loads(response.content)["features"]]

    assert ids("bbox=5.3,52.1,5.5,52.2") == [inside.pk]
    assert ids("domain=zorg") == [inside.pk]
    assert ids("phase=running") == [inside.pk]
    assert ids("phase=running&phase=idea&domain=zorg&domain=groen") != []


def test_the_map_is_fresh_after_a_write(anonymous):
    initiative = InitiativeFactory(name="Oud")
    assert json.loads(anonymous.get(MAP).content)["features"][0]["properties"]["name"] == "Oud"
    initiative.name = "Nieuw"
    initiative.save()
    assert json.loads(anonymous.get(MAP).content)["features"][0]["properties"]["name"] == "Nieuw"
    initiative.domains.set([_domain("sport")])
    assert json.loads(anonymous.get(MAP).content)["features"][0]["properties"]["domains"] == [
        "sport"
    ]
    initiative.delete()
    assert json.loads(anonymous.get(MAP).content)["features"] == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("domain=ruimtevaart", "domain"),
        ("phase=bijna", "phase"),
        ("neighbourhood=BU00000000", "neighbourhood"),
        ("need=liefde", "need"),
        ("bbox=1,2,3", "bbox"),
        ("bbox=a,b,c,d", "bbox"),
        ("bbox=5.5,52.1,5.3,52.2", "bbox"),
        ("bbox=5.3,52.2,5.5,52.1", "bbox"),
        ("bbox=5.3,52.1,500,52.2", "bbox"),
        ("bbox=nan,52.1,5.5,52.2", "bbox"),
        ("q=" + "x" * 101, "q"),
    ],
)
@pytest.mark.parametrize("path", [LIST, MAP])
def test_bad_filters_are_a_422_in_dutch(anonymous, path, query, field):
    response = anonymous.get(f"{path}?{query}")
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "De gegevens kloppen niet."
    assert field in body["errors"]


def test_the_open_data_is_in_the_openapi_schema(anonymous):
    schema = anonymous.get("/api/v1/openapi.json").json()
    assert "/api/v1/open/initiatives" in schema["paths"]
    assert "/api/v1/open/initiatives/map" in schema["paths"]


@pytest.mark.parametrize("parameter", ["domain", "neighbourhood"])
@pytest.mark.parametrize("path", ["/api/v1/open/initiatives", "/api/v1/open/initiatives/map"])
def test_a_nul_character_in_a_filter_is_a_422_not_a_500(client, path, parameter):
    # when: a value with a NUL character, which PostgreSQL refuses in a query
    response = client.get(path, {parameter: "groen\x00"})
    # then
    assert response.status_code == 422
    assert parameter in response.json()["errors"]


def test_the_api_description_names_the_map_datas_media_type(client):
    # The map answers application/geo+json (RFC 7946); the description must say so.
    schema = client.get("/api/v1/openapi.json").json()
    ok = schema["paths"]["/api/v1/open/initiatives/map"]["get"]["responses"]["200"]
    assert list(ok["content"]) == ["application/geo+json"]
    assert ok["content"]["application/geo+json"]["schema"]["$ref"].endswith("/MapOut")
