"""The support-request API as the contract: JSON always, 4xx never 500, nothing stored on refusal."""

import pytest
from django.test import Client

from samenkracht.initiatives.models import SupportRequest
from samenkracht.initiatives.tests.factories import (
    DepartmentFactory,
    InitiativeFactory,
    SupportRequestFactory,
)
from samenkracht.initiatives.tests.helpers import lead_of
from samenkracht.people import services as people_services
from samenkracht.people.tests.factories import (
    MunicipalityFactory,
    OfficialFactory,
    ResidentFactory,
)

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    _token, raw = people_services.api_token_create(user=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}", raise_request_exception=False)


def test_send_treat_decide_and_read_the_timeline():
    # given
    initiative = InitiativeFactory()
    department = DepartmentFactory(municipality=initiative.municipality, name="Subsidies")
    lead = _client(lead_of(initiative))
    official = _client(OfficialFactory(municipality=initiative.municipality))
    # when
    sent = lead.post(
        f"/api/v1/initiatives/{initiative.pk}/requests",
        {
            "kind": "subsidy",
            "title": "Tenten",
            "text": "Voor het feest.",
            "amount": "250.50",
            "department": department.pk,
        },
        content_type="application/json",
    )
    request_id = sent.json()["id"]
    treated = official.post(
        f"/api/v1/requests/{request_id}/treatment",
        {"text": "Ik pak het op."},
        content_type="application/json",
    )
    decided = official.post(
        f"/api/v1/requests/{request_id}/decision",
        {"decision": "granted", "text": "Veel plezier."},
        content_type="application/json",
    )
    message = lead.post(
        f"/api/v1/requests/{request_id}/messages",
        {"text": "Dank u wel!"},
        content_type="application/json",
    )
    # then
    assert (sent.status_code, treated.status_code, decided.status_code, message.status_code) == (
        201,
        200,
        200,
        201,
    )
    body = lead.get(f"/api/v1/requests/{request_id}").json()
    assert (body["status"], body["decision"], body["amount"], body["department"]) == (
        "decided",
        "granted",
        "250.50",
        "Subsidies",
    )
    assert [(e["status"], e["text"]) for e in body["events"]] == [
        ("received", ""),
        ("in_treatment", "Ik pak het op."),
        ("decided", "Veel plezier."),
        ("decided", "Dank u wel!"),
    ]


def test_a_resident_cannot_decide_and_nothing_changes():
    initiative = InitiativeFactory()
    request = SupportRequestFactory(initiative=initiative)
    response = _client(ResidentFactory()).post(
        f"/api/v1/requests/{request.pk}/decision",
        {"decision": "granted", "text": "Ja"},
        content_type="application/json",
    )
    assert response.status_code == 404
    request.refresh_from_db()
    assert (request.status, request.events.count()) == ("received", 0)


def test_an_official_of_another_municipality_cannot_treat_and_nothing_changes():
    initiative = InitiativeFactory()
    request = SupportRequestFactory(initiative=initiative)
    other = OfficialFactory(municipality=MunicipalityFactory(code="GM0344", name="Utrecht"))
    response = _client(other).post(
        f"/api/v1/requests/{request.pk}/treatment", {}, content_type="application/json"
    )
    assert response.status_code == 404
    request.refresh_from_db()
    assert (request.status, request.in_treatment_at) == ("received", None)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "loan", "title": "Tenten", "text": "Feest"}, "kind"),
        ({"kind": "subsidy", "title": "Tenten", "text": "Feest"}, "amount"),
        ({"kind": "advice", "title": "", "text": "Feest"}, "title"),
        (
            {"kind": "advice", "title": "Tenten", "text": "Feest", "department": 999999},
            "department",
        ),
        ({"kind": "subsidy", "title": "Tenten", "text": "Feest", "amount": "veel"}, "amount"),
    ],
)
def test_wrong_requests_are_422_and_store_nothing(body, field):
    initiative = InitiativeFactory()
    response = _client(lead_of(initiative)).post(
        f"/api/v1/initiatives/{initiative.pk}/requests", body, content_type="application/json"
    )
    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert SupportRequest.objects.exists() is False


def test_the_open_request_overview_is_for_officials():
    initiative = InitiativeFactory()
    SupportRequestFactory(initiative=initiative, title="Ruimte gezocht")
    official = _client(OfficialFactory(municipality=initiative.municipality))
    body = official.get("/api/v1/overview/requests").json()
    assert [item["title"] for item in body["open_requests"]] == ["Ruimte gezocht"]
    assert _client(ResidentFactory()).get("/api/v1/overview/requests").status_code == 403
    assert Client().get("/api/v1/overview/requests").status_code == 401
