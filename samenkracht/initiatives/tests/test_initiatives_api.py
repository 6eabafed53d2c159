"""The initiatives API as the contract the front end relies on: JSON always, 4xx never 500."""

import pytest
from django.test import Client

from samenkracht.initiatives.models import Initiative, PartnerRole
from samenkracht.initiatives.tests.factories import (
    InitiativeFactory,
    PartnerFactory,
    PartnerRoleFactory,
    ResourceFactory,
)
from samenkracht.initiatives.tests.helpers import lead_of
from samenkracht.people import services as people_services
from samenkracht.people.tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    _token, raw = people_services.api_token_create(user=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}", raise_request_exception=False)


def _many(count: int) -> None:
    for _ in range(count):
        initiative = InitiativeFactory()
        ResourceFactory(initiative=initiative)


def test_the_list_does_not_grow_in_queries_with_the_page_size(client, django_assert_num_queries):
    # given
    _many(3)
    # the count, the page, its domains and its buurten
    with django_assert_num_queries(4) as small:
        response = client.get("/api/v1/initiatives?limit=2")
    assert len(response.json()["items"]) == 2
    _many(7)
    # when / then
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get("/api/v1/initiatives?limit=10")
    assert len(response.json()["items"]) == 10


def test_partner_and_member_lists_do_not_grow_in_queries(client, django_assert_num_queries):
    initiative = InitiativeFactory()
    for _ in range(2):
        PartnerRoleFactory(partner=PartnerFactory(initiative=initiative))
    # the initiative (with its domains and buurten), the count, the partners, their roles
    with django_assert_num_queries(6) as small:
        assert client.get(f"/api/v1/initiatives/{initiative.pk}/partners").json()["count"] == 2
    for _ in range(5):
        PartnerRoleFactory(partner=PartnerFactory(initiative=initiative))
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(f"/api/v1/initiatives/{initiative.pk}/partners").json()["count"] == 7


def test_the_list_item_says_what_the_front_end_needs(client):
    initiative = InitiativeFactory(name="Moestuin")
    ResourceFactory(initiative=initiative)
    [item] = client.get("/api/v1/initiatives").json()["items"]
    assert item["name"] == "Moestuin"
    assert item["domains"] == [d.slug for d in initiative.domains.all()]
    assert item["neighbourhoods"] == [n.code for n in initiative.neighbourhoods.all()]
    assert item["phase"] == "idea"
    assert item["member_count"] == 1
    assert item["open_need_count"] == 1


def test_filters_by_domain_and_an_unknown_domain_is_a_422(client):
    InitiativeFactory()
    assert client.get("/api/v1/initiatives?domain=zorg").json()["count"] == 1
    assert client.get("/api/v1/initiatives?domain=sport").json()["count"] == 0
    response = client.get("/api/v1/initiatives?domain=ruimtevaart")
    assert response.status_code == 422
    assert response.json()["errors"] == {"domain": ["Onbekend beleidsdomein: ruimtevaart"]}


def test_register_and_change_phase_through_the_api():
    # given
    user = ResidentFactory()
    client = _client(user)
    # when
    response = client.post(
        "/api/v1/initiatives",
        {
            "name": "Repair Café",
            "goal": "Samen spullen repareren.",
            "domains": ["economie", "groen"],
            "neighbourhoods": [user.neighbourhood.code],
            "latitude": 52.16,
            "longitude": 5.39,
        },
        content_type="application/json",
    )
    # then
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["domains"] == ["groen", "economie"]
    assert [p["phase"] for p in data["phase_history"]] == ["idea"]
    phase = client.post(
        f"/api/v1/initiatives/{data['id']}/phase",
        {"phase": "starting"},
        content_type="application/json",
    )
    assert phase.status_code == 200
    assert phase.json()["phase"] == "starting"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"domains": ["ruimtevaart"]}, "domains", "Onbekend beleidsdomein: ruimtevaart"),
        ({"neighbourhoods": ["BU00000000"]}, "neighbourhoods", "Onbekende buurt: BU00000000"),
        (
            {"latitude": 40.0, "longitude": 5.0},
            "latitude",
            "Deze plek ligt niet in Nederland. Kies een plek in de buurt.",
        ),
        ({"latitude": "noord"}, "latitude", None),
    ],
)
def test_bad_input_is_a_422_and_nothing_is_stored(changes, field, message):
    user = ResidentFactory()
    body = {
        "name": "Repair Café",
        "goal": "Samen spullen repareren.",
        "domains": ["groen"],
        "neighbourhoods": [user.neighbourhood.code],
        **changes,
    }
    response = _client(user).post("/api/v1/initiatives", body, content_type="application/json")
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert field in errors
    if message is not None:
        assert errors[field] == [message]
    assert Initiative.objects.count() == 0


def test_a_partner_role_changes_over_the_api_and_keeps_history():
    initiative = InitiativeFactory()
    role = PartnerRoleFactory(partner=PartnerFactory(initiative=initiative), role="host")
    client = _client(lead_of(initiative))
    response = client.post(
        f"/api/v1/initiatives/{initiative.pk}/partners/{role.partner_id}/roles/{role.pk}/change",
        {"role": "funder"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert [r["role"] for r in response.json()["roles"]] == ["host", "funder"]
    assert PartnerRole.objects.filter(partner=role.partner).count() == 2


def test_follow_and_join():
    initiative = InitiativeFactory()
    client = _client(ResidentFactory())
    assert client.put(f"/api/v1/initiatives/{initiative.pk}/follow").json() == {
        "is_following": True
    }
    joined = client.post(f"/api/v1/initiatives/{initiative.pk}/join")
    assert joined.status_code == 201
    assert joined.json()["role"] == "volunteer"
    again = client.post(f"/api/v1/initiatives/{initiative.pk}/join")
    assert again.status_code == 422
    assert again.json()["detail"] == "U doet al mee met dit initiatief."


def test_an_unknown_initiative_is_a_404(client):
    response = client.get("/api/v1/initiatives/999999")
    assert response.status_code == 404
    assert response.json()["detail"] == "Niet gevonden."
