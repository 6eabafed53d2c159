"""The people API as the contract the front end relies on."""

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.test import Client

from samenkracht.people import services
from samenkracht.people.models import ApiToken, ConsentRecord, Membership, Organisation, User
from samenkracht.people.tests.factories import (
    PASSWORD,
    DistrictFactory,
    MembershipFactory,
    MunicipalityFactory,
    NeighbourhoodFactory,
    OrganisationFactory,
    ResidentFactory,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 10, 30, tzinfo=UTC)
NOW_JSON = "2026-03-02T10:30:00Z"
# What samenkracht.common.api answers for these failures.
NOT_SIGNED_IN = {"detail": "U bent niet ingelogd.", "errors": {}}
NOT_FOUND = {"detail": "Niet gevonden.", "errors": {}}
INVALID = "De gegevens kloppen niet."
CSRF_SECRET = "abcdefghijklmnopqrstuvwxyzABCDEF"


def _token_client(user: User, **kwargs: Any) -> tuple[Client, ApiToken]:
    token, raw_key = services.api_token_create(user=user, name="Test")
    return Client(headers={"Authorization": f"Bearer {raw_key}"}, **kwargs), token


def _session_client(user: User, **kwargs: Any) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


def _patch(client: Client, path: str, data: Any) -> Any:
    return client.patch(path, data=json.dumps(data), content_type="application/json")


def _post(client: Client, path: str, data: Any, **extra: Any) -> Any:
    return client.post(path, data=json.dumps(data), content_type="application/json", **extra)


def _profile_snapshot(user: User) -> dict[str, Any]:
    user.refresh_from_db()
    return {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "show_full_name": user.show_full_name,
        "neighbourhood_id": user.neighbourhood_id,
        "birth_year": user.birth_year,
        "about": user.about,
        "languages": user.languages,
    }


# --- POST /auth/token ------------------------------------------------------------------------


@pytest.mark.parametrize("identifier", ["anna@example.nl", "ANNA@example.nl", "anna.b.1234"])
def test_token_create_gives_a_key_for_the_right_password(identifier):
    # given
    user = ResidentFactory(username="anna.b.1234", email="anna@example.nl")
    # when
    response = _post(
        Client(),
        "/api/v1/auth/token",
        {"username": identifier, "password": PASSWORD, "name": "Mijn app"},
    )
    # then
    assert response.status_code == 201
    body = response.json()
    token = ApiToken.objects.get()
    assert body == {"token": body["token"], "id": str(token.id), "name": "Mijn app"}
    assert hashlib.sha256(body["token"].encode()).hexdigest() == token.key_hash
    assert token.user == user


def test_token_create_refuses_a_wrong_password_and_creates_nothing():
    # given
    ResidentFactory(email="anna@example.nl")
    # when
    response = _post(
        Client(),
        "/api/v1/auth/token",
        {"username": "anna@example.nl", "password": "fout", "name": "Mijn app"},
    )
    # then
    assert response.status_code == 401
    assert response.json() == {
        "detail": "Het e-mailadres (of de gebruikersnaam) of het wachtwoord klopt niet.",
        "errors": {},
    }
    assert ApiToken.objects.exists() is False


def test_token_create_refuses_an_inactive_person():
    # given
    ResidentFactory(email="anna@example.nl", is_active=False)
    # when
    response = _post(
        Client(),
        "/api/v1/auth/token",
        {"username": "anna@example.nl", "password": PASSWORD, "name": "Mijn app"},
    )
    # then
    assert response.status_code == 401
    assert ApiToken.objects.exists() is False


def test_token_create_locks_out_after_five_failures_with_a_json_answer():
    # given
    ResidentFactory(email="anna@example.nl")
    client = Client()
    wrong = {"username": "anna@example.nl", "password": "fout", "name": "Mijn app"}
    statuses = [_post(client, "/api/v1/auth/token", wrong).status_code for _ in range(4)]
    # when
    fifth = _post(client, "/api/v1/auth/token", wrong)
    right_after = _post(client, "/api/v1/auth/token", {**wrong, "password": PASSWORD})
    # then
    lockout = {
        "detail": "U heeft te vaak een verkeerd wachtwoord ingevuld. "
        "Wacht 15 minuten en probeer het dan opnieuw.",
        "errors": {},
    }
    assert statuses == [401, 401, 401, 401]
    assert (fifth.status_code, fifth["Content-Type"]) == (429, "application/json; charset=utf-8")
    assert fifth.json() == lockout
    assert right_after.status_code == 429
    assert right_after.json() == lockout
    assert ApiToken.objects.exists() is False


def test_token_create_refuses_an_empty_name_and_creates_nothing():
    # given
    ResidentFactory(email="anna@example.nl")
    # when
    response = _post(
        Client(),
        "/api/v1/auth/token",
        {"username": "anna@example.nl", "password": PASSWORD, "name": "  "},
    )
    # then
    assert response.status_code == 422
    assert response.json() == {
        "detail": INVALID,
        "errors": {"name": ["Geef de sleutel een naam."]},
    }
    assert ApiToken.objects.exists() is False


def test_token_create_refuses_missing_fields():
    # when
    response = _post(Client(), "/api/v1/auth/token", {"username": "anna@example.nl"})
    # then
    assert response.status_code == 422
    assert response.json() == {
        "detail": INVALID,
        "errors": {"password": ["Field required"], "name": ["Field required"]},
    }


# --- authentication --------------------------------------------------------------------------

PROTECTED = [
    ("get", "/api/v1/me"),
    ("patch", "/api/v1/me"),
    ("delete", "/api/v1/me"),
    ("get", "/api/v1/me/consents"),
    ("post", "/api/v1/me/consents"),
    ("get", "/api/v1/me/consents/history"),
    ("get", "/api/v1/me/export"),
    ("get", "/api/v1/me/tokens"),
    ("delete", "/api/v1/me/tokens/00000000-0000-0000-0000-000000000000"),
    ("get", "/api/v1/people/1"),
]


@pytest.mark.parametrize(("method", "path"), PROTECTED)
def test_protected_endpoints_refuse_anonymous(method, path):
    # given
    user = ResidentFactory(first_name="Anna")
    services.api_token_create(user=user, name="Mijn app")
    before = _profile_snapshot(user)
    # when
    response = Client().generic(
        method.upper(),
        path,
        data=json.dumps({"kind": "contactable", "is_given": True, "first_name": "Nieuw"}),
        content_type="application/json",
    )
    # then
    assert response.status_code == 401
    assert response.json() == NOT_SIGNED_IN
    assert _profile_snapshot(user) == before
    assert user.is_deleted is False
    assert ConsentRecord.objects.exists() is False
    assert ApiToken.objects.count() == 1


@pytest.mark.parametrize("header", ["Bearer sk_nonsense", "Bearer ", "Token abc", "Basic YTpi"])
def test_an_unknown_or_malformed_token_is_refused(header):
    # when
    response = Client(headers={"Authorization": header}).get("/api/v1/me")
    # then
    assert response.status_code == 401
    assert response.json() == NOT_SIGNED_IN


def test_a_token_signs_in():
    # given
    user = ResidentFactory()
    client, _token = _token_client(user)
    # when
    response = client.get("/api/v1/me")
    # then
    assert response.status_code == 200
    assert response.json()["id"] == user.pk


def test_a_token_of_an_inactive_person_is_refused():
    # given
    user = ResidentFactory()
    client, _token = _token_client(user)
    User.objects.filter(pk=user.pk).update(is_active=False)
    # when
    response = client.get("/api/v1/me")
    # then
    assert response.status_code == 401


def test_a_revoked_token_stops_working():
    # given
    user = ResidentFactory()
    client, token = _token_client(user)
    # when
    revoke = client.delete(f"/api/v1/me/tokens/{token.id}")
    after = client.get("/api/v1/me")
    # then
    assert revoke.status_code == 204
    assert revoke.content == b""
    assert after.status_code == 401
    assert after.json() == NOT_SIGNED_IN
    assert ApiToken.objects.exists() is False


def test_session_writes_need_a_csrf_token_and_are_refused_without_one():
    # given
    user = ResidentFactory()
    client = _session_client(user, enforce_csrf_checks=True)
    # when
    response = _post(client, "/api/v1/me/consents", {"kind": "contactable", "is_given": True})
    # then
    assert response.status_code == 403
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert ConsentRecord.objects.exists() is False


def test_session_writes_with_a_csrf_token_succeed():
    # given
    user = ResidentFactory()
    client = _session_client(user, enforce_csrf_checks=True)
    client.cookies["csrftoken"] = CSRF_SECRET
    # when
    response = _post(
        client,
        "/api/v1/me/consents",
        {"kind": "contactable", "is_given": True},
        headers={"X-CSRFToken": CSRF_SECRET},
    )
    # then
    assert response.status_code == 201
    assert ConsentRecord.objects.filter(user=user).count() == 1


def test_session_reads_need_no_csrf_token():
    # given
    user = ResidentFactory()
    client = _session_client(user, enforce_csrf_checks=True)
    # when
    response = client.get("/api/v1/me")
    # then
    assert response.status_code == 200


def test_token_writes_need_no_csrf_token():
    # given
    user = ResidentFactory()
    client, _token = _token_client(user, enforce_csrf_checks=True)
    # when
    response = _post(client, "/api/v1/me/consents", {"kind": "contactable", "is_given": True})
    # then
    assert response.status_code == 201


# --- /me -------------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_me_returns_the_own_profile():
    # given
    neighbourhood = NeighbourhoodFactory(code="BU03070100")
    user = ResidentFactory(
        username="anna.b.1234",
        email="anna@example.nl",
        first_name="Anna",
        last_name="Bakker",
        neighbourhood=neighbourhood,
        birth_year=1980,
        about="Ik kook graag.",
        languages=["nl", "ar"],
    )
    # when
    response = _session_client(user).get("/api/v1/me")
    # then
    assert response.status_code == 200
    assert response.json() == {
        "id": user.pk,
        "username": "anna.b.1234",
        "email": "anna@example.nl",
        "first_name": "Anna",
        "last_name": "Bakker",
        "public_name": "Anna B.",
        "show_full_name": False,
        "role": "resident",
        "neighbourhood": "BU03070100",
        "birth_year": 1980,
        "about": "Ik kook graag.",
        "languages": ["nl", "ar"],
        "date_joined": NOW_JSON,
    }


def test_me_update_changes_only_the_fields_sent():
    # given
    old = NeighbourhoodFactory()
    new = NeighbourhoodFactory(code="BU03070299")
    user = ResidentFactory(first_name="Anna", last_name="Bakker", neighbourhood=old)
    client = _session_client(user)
    # when
    response = _patch(
        client,
        "/api/v1/me",
        {
            "first_name": " Annie ",
            "show_full_name": True,
            "neighbourhood": "BU03070299",
            "birth_year": 1979,
            "about": "Ik help graag met de computer.",
            "languages": ["nl", "tr", "nl"],
        },
    )
    # then
    assert response.status_code == 200
    body = response.json()
    assert {
        key: body[key] for key in body if key not in {"id", "username", "email", "date_joined"}
    } == {
        "first_name": "Annie",
        "last_name": "Bakker",
        "public_name": "Annie Bakker",
        "show_full_name": True,
        "role": "resident",
        "neighbourhood": "BU03070299",
        "birth_year": 1979,
        "about": "Ik help graag met de computer.",
        "languages": ["nl", "tr"],
    }
    assert _profile_snapshot(user) == {
        "first_name": "Annie",
        "last_name": "Bakker",
        "show_full_name": True,
        "neighbourhood_id": new.pk,
        "birth_year": 1979,
        "about": "Ik help graag met de computer.",
        "languages": ["nl", "tr"],
    }


def test_me_update_clears_the_neighbourhood_with_null():
    # given
    user = ResidentFactory()
    # when
    response = _patch(_session_client(user), "/api/v1/me", {"neighbourhood": None})
    # then
    assert response.status_code == 200
    assert response.json()["neighbourhood"] is None
    assert _profile_snapshot(user)["neighbourhood_id"] is None


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        pytest.param(
            {"neighbourhood": "BU99999999", "first_name": "Nieuw"},
            {"neighbourhood": ["Onbekende buurt: BU99999999"]},
            id="unknown-neighbourhood",
        ),
        pytest.param(
            {"languages": ["nl", "klingon"], "first_name": "Nieuw"},
            {"languages": ["Onbekende taal: klingon"]},
            id="unknown-language",
        ),
        pytest.param(
            {"about": "x" * 501, "first_name": "Nieuw"},
            {
                "about": [
                    "Zorg dat deze waarde niet meer dan 500 tekens bevat (het zijn er nu 501)."
                ]
            },
            id="about-too-long",
        ),
        pytest.param(
            {"birth_year": 1850, "first_name": "Nieuw"},
            {"birth_year": ["Zorg ervoor dat deze waarde minstens 1900 is."]},
            id="birth-year-too-early",
        ),
        pytest.param(
            {"birth_year": "negentien", "first_name": "Nieuw"},
            {
                "birth_year": [
                    "Input should be a valid integer, unable to parse string as an integer"
                ]
            },
            id="birth-year-not-a-number",
        ),
        pytest.param(
            {"languages": "nl", "first_name": "Nieuw"},
            {"languages": ["Input should be a valid list"]},
            id="languages-not-a-list",
        ),
        pytest.param(
            {"show_full_name": "misschien", "first_name": "Nieuw"},
            {"show_full_name": ["Input should be a valid boolean, unable to interpret input"]},
            id="show-full-name-not-a-boolean",
        ),
        pytest.param(
            {"first_name": None, "about": "Nieuw"},
            {"first_name": ["Value error, Dit veld mag niet leeg zijn."]},
            id="first-name-null",
        ),
    ],
)
def test_me_update_refuses_bad_input_and_writes_nothing(data, errors):
    # given
    user = ResidentFactory(first_name="Anna", languages=["nl"], birth_year=1980)
    before = _profile_snapshot(user)
    # when
    response = _patch(_session_client(user), "/api/v1/me", data)
    # then
    assert response.status_code == 422
    assert response.json() == {"detail": INVALID, "errors": errors}
    assert _profile_snapshot(user) == before


def test_me_update_refuses_a_malformed_json_body_and_writes_nothing():
    # given
    user = ResidentFactory(first_name="Anna")
    before = _profile_snapshot(user)
    # when
    response = _session_client(user).patch(
        "/api/v1/me", data='{"first_name": "Nieuw",', content_type="application/json"
    )
    # then
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert _profile_snapshot(user) == before


@pytest.mark.parametrize(
    ("use_csrf_client", "body", "expected"),
    [
        (False, '{"kind": ', (400, "De gegevens konden niet worden gelezen.")),
        (True, '{"kind": "contactable", "is_given": true}', (403, "CSRF-controle mislukt.")),
    ],
)
def test_ninja_http_errors_have_a_dutch_detail(use_csrf_client, body, expected):
    # given
    user = ResidentFactory()
    client = _session_client(user, enforce_csrf_checks=use_csrf_client)
    # when
    response = client.post("/api/v1/me/consents", data=body, content_type="application/json")
    # then
    status, detail = expected
    assert response.status_code == status
    assert response.json() == {"detail": detail, "errors": {}}


def test_me_delete_erases_the_account():
    # given
    user = ResidentFactory(first_name="Anna")
    client, token = _token_client(user)
    # when
    response = client.delete(
        "/api/v1/me", data={"password": PASSWORD}, content_type="application/json"
    )
    after = client.get("/api/v1/me")
    # then
    assert response.status_code == 204
    assert response.content == b""
    user.refresh_from_db()
    assert (user.is_deleted, user.is_active, user.first_name) == (True, False, "")
    assert ApiToken.objects.filter(pk=token.pk).exists() is False
    assert after.status_code == 401


@time_machine.travel(NOW, tick=False)
def test_me_export_returns_the_data_export():
    # given
    user = ResidentFactory(first_name="Anna")
    services.consent_set(user=user, kind="contactable", is_given=True)
    # when
    response = _session_client(user).get("/api/v1/me/export")
    # then
    assert response.status_code == 200
    assert response.json() == json.loads(json.dumps(services.user_data_export(user=user)))
    assert response.json()["consents"] == [
        {"kind": "contactable", "is_given": True, "decided_at": "2026-03-02T10:30:00+00:00"}
    ]


# --- consents --------------------------------------------------------------------------------


def test_consents_show_the_current_state_of_every_kind():
    # given
    user = ResidentFactory()
    with time_machine.travel(NOW, tick=False):
        services.consent_set(user=user, kind="contactable", is_given=True)
    with time_machine.travel(datetime(2026, 3, 3, 9, 0, tzinfo=UTC), tick=False):
        services.consent_set(user=user, kind="contactable", is_given=False)
    # when
    response = _session_client(user).get("/api/v1/me/consents")
    # then
    assert response.status_code == 200
    assert response.json() == [
        {
            "kind": "contactable",
            "label": "Anderen mogen contact met mij opnemen",
            "is_given": False,
            "decided_at": "2026-03-03T09:00:00Z",
        },
        {
            "kind": "network_analysis",
            "label": "Ik mag meetellen in de netwerkanalyse van de buurt",
            "is_given": False,
            "decided_at": None,
        },
        {
            "kind": "wellbeing",
            "label": "Het platform mag mijn antwoorden over mijn welzijn bewaren",
            "is_given": False,
            "decided_at": None,
        },
    ]


@time_machine.travel(NOW, tick=False)
def test_consent_set_records_a_decision():
    # given
    user = ResidentFactory()
    # when
    response = _post(
        _session_client(user), "/api/v1/me/consents", {"kind": "wellbeing", "is_given": True}
    )
    # then
    record = ConsentRecord.objects.get()
    assert response.status_code == 201
    assert response.json() == {
        "id": record.pk,
        "kind": "wellbeing",
        "label": "Het platform mag mijn antwoorden over mijn welzijn bewaren",
        "is_given": True,
        "decided_at": NOW_JSON,
    }
    assert (record.user, record.kind, record.is_given) == (user, "wellbeing", True)


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"kind": "marketing", "is_given": True}, {"kind": ["Onbekende toestemming."]}),
        (
            {"kind": "wellbeing", "is_given": "graag"},
            {"is_given": ["Input should be a valid boolean, unable to interpret input"]},
        ),
        ({"kind": "wellbeing"}, {"is_given": ["Field required"]}),
        ({"kind": 3, "is_given": True}, {"kind": ["Input should be a valid string"]}),
    ],
)
def test_consent_set_refuses_bad_input_and_writes_nothing(data, errors):
    # given
    user = ResidentFactory()
    # when
    response = _post(_session_client(user), "/api/v1/me/consents", data)
    # then
    assert response.status_code == 422
    assert response.json() == {"detail": INVALID, "errors": errors}
    assert ConsentRecord.objects.exists() is False


def test_consent_history_lists_every_decision_newest_first():
    # given
    user = ResidentFactory()
    other = ResidentFactory()
    with time_machine.travel(NOW, tick=False):
        first = services.consent_set(user=user, kind="contactable", is_given=True)
        services.consent_set(user=other, kind="contactable", is_given=True)
    with time_machine.travel(datetime(2026, 3, 3, 9, 0, tzinfo=UTC), tick=False):
        second = services.consent_set(user=user, kind="contactable", is_given=False)
    # when
    response = _session_client(user).get("/api/v1/me/consents/history")
    # then
    assert response.status_code == 200
    assert response.json() == [
        {
            "id": second.pk,
            "kind": "contactable",
            "label": "Anderen mogen contact met mij opnemen",
            "is_given": False,
            "decided_at": "2026-03-03T09:00:00Z",
        },
        {
            "id": first.pk,
            "kind": "contactable",
            "label": "Anderen mogen contact met mij opnemen",
            "is_given": True,
            "decided_at": NOW_JSON,
        },
    ]


# --- /me/tokens ------------------------------------------------------------------------------


def test_token_list_shows_own_keys_without_their_value():
    # given
    user = ResidentFactory()
    with time_machine.travel(NOW, tick=False):
        token, _raw_key = services.api_token_create(user=user, name="Mijn app")
    services.api_token_create(user=ResidentFactory(), name="Van een ander")
    # when
    response = _session_client(user).get("/api/v1/me/tokens")
    # then
    assert response.status_code == 200
    assert response.json() == [
        {
            "id": str(token.id),
            "name": "Mijn app",
            "prefix": token.prefix,
            "created_at": NOW_JSON,
            "last_used_at": None,
        }
    ]


def test_token_revoke_refuses_someone_elses_key():
    # given
    user = ResidentFactory()
    other_token, _raw_key = services.api_token_create(user=ResidentFactory(), name="Van een ander")
    # when
    response = _session_client(user).delete(f"/api/v1/me/tokens/{other_token.id}")
    # then
    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    assert ApiToken.objects.filter(pk=other_token.pk).exists() is True


def test_token_revoke_refuses_a_malformed_id():
    # given
    user = ResidentFactory()
    # when
    response = _session_client(user).delete("/api/v1/me/tokens/niet-een-uuid")
    # then
    assert response.status_code == 422
    assert response.json()["detail"] == INVALID


# --- /people/{id} ----------------------------------------------------------------------------


def test_person_detail_shows_the_public_profile_only():
    # given
    viewer = ResidentFactory()
    person = ResidentFactory(
        first_name="Henk",
        last_name="de Boer",
        email="henk@example.nl",
        birth_year=1950,
        about="Ik repareer fietsen.",
        languages=["nl", "fy"],
        neighbourhood=NeighbourhoodFactory(code="BU03070101"),
    )
    # when
    response = _session_client(viewer).get(f"/api/v1/people/{person.pk}")
    # then
    assert response.status_code == 200
    assert response.json() == {
        "id": person.pk,
        "public_name": "Henk B.",
        "languages": ["nl", "fy"],
        "about": "Ik repareer fietsen.",
        "neighbourhood": "BU03070101",
    }


@pytest.mark.parametrize("state", ["deleted", "inactive", "missing"])
def test_person_detail_hides_deleted_inactive_and_missing_people(state):
    # given
    viewer = ResidentFactory()
    person = ResidentFactory()
    if state == "deleted":
        services.user_delete(user=person)
    elif state == "inactive":
        User.objects.filter(pk=person.pk).update(is_active=False)
    person_id = person.pk if state != "missing" else person.pk + 1000
    # when
    response = _session_client(viewer).get(f"/api/v1/people/{person_id}")
    # then
    assert response.status_code == 404
    assert response.json() == NOT_FOUND


# --- districts and neighbourhoods ------------------------------------------------------------


def test_district_list_shows_the_districts_of_this_municipality():
    # given
    district = DistrictFactory(code="WK030701", name="Binnenstad", latitude=52.15, longitude=5.38)
    DistrictFactory(
        code="WK034401", municipality=MunicipalityFactory(code="GM0344", name="Utrecht")
    )
    # when
    response = Client().get("/api/v1/districts")
    # then
    assert response.status_code == 200
    assert response.json() == [
        {"code": district.code, "name": "Binnenstad", "latitude": 52.15, "longitude": 5.38}
    ]


def test_neighbourhood_list_shows_neighbourhoods_with_resident_count():
    # given
    district = DistrictFactory(code="WK030701", name="Binnenstad")
    kern = NeighbourhoodFactory(
        code="BU03070100", name="Kern", district=district, latitude=52.1, longitude=5.3
    )
    NeighbourhoodFactory(code="BU03070101", name="Zuid", district=district)
    ResidentFactory.create_batch(2, neighbourhood=kern)
    ResidentFactory(neighbourhood=kern, is_active=False)
    # when
    response = Client().get("/api/v1/neighbourhoods", {"limit": 1})
    # then
    assert response.status_code == 200
    assert response.json() == {
        "items": [
            {
                "code": "BU03070100",
                "name": "Kern",
                "district_code": "WK030701",
                "district_name": "Binnenstad",
                "latitude": 52.1,
                "longitude": 5.3,
                "resident_count": 2,
            }
        ],
        "count": 2,
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"district": "WK030702"}, ["Noord"]),
        ({"q": "zui"}, ["Zuid"]),
        ({"q": "oost"}, ["Noord"]),
        ({"offset": 1}, ["Noord", "Zuid"]),
        ({"district": "WK999999"}, []),
    ],
)
def test_neighbourhood_list_filters_and_pages(query, expected):
    # given
    west = DistrictFactory(code="WK030701", name="West")
    east = DistrictFactory(code="WK030702", name="Oost")
    NeighbourhoodFactory(code="BU03070100", name="Kern", district=west)
    NeighbourhoodFactory(code="BU03070101", name="Zuid", district=west)
    NeighbourhoodFactory(code="BU03070200", name="Noord", district=east)
    # when
    response = Client().get("/api/v1/neighbourhoods", query)
    # then
    assert response.status_code == 200
    assert [item["name"] for item in response.json()["items"]] == expected


@pytest.mark.parametrize("query", [{"limit": 0}, {"offset": -1}, {"limit": "veel"}])
def test_neighbourhood_list_refuses_bad_paging(query):
    # when
    response = Client().get("/api/v1/neighbourhoods", query)
    # then
    assert response.status_code == 422
    assert response.json()["detail"] == INVALID


def test_neighbourhood_detail_shows_one_neighbourhood():
    # given
    district = DistrictFactory(code="WK030701", name="Binnenstad")
    neighbourhood = NeighbourhoodFactory(
        code="BU03070100", name="Kern", district=district, latitude=52.1, longitude=5.3
    )
    ResidentFactory(neighbourhood=neighbourhood)
    # when
    response = Client().get("/api/v1/neighbourhoods/BU03070100")
    # then
    assert response.status_code == 200
    assert response.json() == {
        "code": "BU03070100",
        "name": "Kern",
        "district_code": "WK030701",
        "district_name": "Binnenstad",
        "municipality_code": "GM0307",
        "municipality_name": "Amersfoort",
        "latitude": 52.1,
        "longitude": 5.3,
        "resident_count": 1,
    }


def test_neighbourhood_detail_answers_404_for_an_unknown_code():
    # when
    response = Client().get("/api/v1/neighbourhoods/BU99999999")
    # then
    assert response.status_code == 404
    assert response.json() == NOT_FOUND


# --- organisations ---------------------------------------------------------------------------


def test_organisation_list_filters_by_domain():
    # given
    kern = OrganisationFactory(
        name="Buurthuis De Kern",
        slug="buurthuis-de-kern",
        domain=Organisation.Domain.OIKOS,
        description="Voor de hele buurt.",
        neighbourhood=NeighbourhoodFactory(code="BU03070100"),
    )
    MembershipFactory.create_batch(2, organisation=kern)
    OrganisationFactory(name="Bakkerij", kind="business", domain=Organisation.Domain.ONDERNEMING)
    # when
    response = Client().get("/api/v1/organisations", {"domain": "oikos"})
    # then
    assert response.status_code == 200
    assert response.json() == {
        "items": [
            {
                "slug": "buurthuis-de-kern",
                "name": "Buurthuis De Kern",
                "kind": "association",
                "domain": "oikos",
                "description": "Voor de hele buurt.",
                "website": "",
                "neighbourhood": "BU03070100",
                "member_count": 2,
            }
        ],
        "count": 1,
    }


def test_organisation_list_refuses_an_unknown_domain():
    # when
    response = Client().get("/api/v1/organisations", {"domain": "kerk"})
    # then
    assert response.status_code == 422
    assert response.json()["detail"] == INVALID


def test_organisation_detail_lists_members_by_public_name_and_role_only():
    # given
    organisation = OrganisationFactory(slug="buurthuis-de-kern", name="Buurthuis De Kern")
    MembershipFactory(
        organisation=organisation,
        user=ResidentFactory(first_name="Anna", last_name="Bakker", email="anna@example.nl"),
        role=Membership.Role.ADMIN,
    )
    gone = ResidentFactory(first_name="Gone")
    MembershipFactory(organisation=organisation, user=gone)
    services.user_delete(user=gone)
    # when
    response = _session_client(ResidentFactory()).get("/api/v1/organisations/buurthuis-de-kern")
    # then
    assert response.status_code == 200
    assert response.json() == {
        "slug": "buurthuis-de-kern",
        "name": "Buurthuis De Kern",
        "kind": "association",
        "domain": "oikos",
        "description": "",
        "website": "",
        "neighbourhood": None,
        "members": [{"public_name": "Anna B.", "role": "admin"}],
    }
    assert "anna@example.nl" not in response.content.decode()


def test_organisation_detail_answers_404_for_an_unknown_slug():
    # when
    response = Client().get("/api/v1/organisations/bestaat-niet")
    # then
    assert response.status_code == 404
    assert response.json() == NOT_FOUND


# --- query counts ----------------------------------------------------------------------------


def _neighbourhoods(rows: int) -> None:
    district = DistrictFactory()
    for number in range(rows):
        neighbourhood = NeighbourhoodFactory(
            code=f"BU{district.code[2:]}{number:02d}", district=district
        )
        ResidentFactory(neighbourhood=neighbourhood)


def _organisations(rows: int) -> None:
    for _number in range(rows):
        MembershipFactory(organisation=OrganisationFactory(neighbourhood=NeighbourhoodFactory()))


def _districts(rows: int) -> None:
    for number in range(rows):
        DistrictFactory(code=f"WK0307{number:02d}")


@pytest.mark.parametrize("rows", [3, 30])
@pytest.mark.parametrize(
    ("path", "make_rows", "queries"),
    [
        ("/api/v1/neighbourhoods", _neighbourhoods, 3),
        ("/api/v1/organisations", _organisations, 3),
        ("/api/v1/districts", _districts, 2),
    ],
)
def test_public_lists_use_a_constant_number_of_queries(
    django_assert_num_queries, rows, path, make_rows, queries
):
    # given
    make_rows(rows)
    client = Client()
    # when
    with django_assert_num_queries(queries):
        response = client.get(path, {"limit": 50} if path != "/api/v1/districts" else {})
    # then
    assert response.status_code == 200
    body = response.json()
    assert len(body["items"] if isinstance(body, dict) else body) == rows


@pytest.mark.parametrize("rows", [3, 30])
@pytest.mark.parametrize(
    ("path", "queries"),
    [("/api/v1/me/consents/history", 2), ("/api/v1/me/tokens", 2)],
)
def test_own_lists_use_a_constant_number_of_queries(django_assert_num_queries, rows, path, queries):
    # given
    user = ResidentFactory()
    for number in range(rows):
        services.consent_set(user=user, kind="contactable", is_given=number % 2 == 0)
        services.api_token_create(user=user, name=f"Sleutel {number}")
    client, _token = _token_client(user)
    client.get("/api/v1/me")  # first use of the key records its last use: one write
    # when
    with django_assert_num_queries(queries):
        response = client.get(path)
    # then
    assert response.status_code == 200
    assert len(response.json()) == rows + (1 if path.endswith("tokens") else 0)


# --- OpenAPI, docs and robustness ------------------------------------------------------------

EXPECTED_PATHS = {
    "/api/v1/auth/token": {"post"},
    "/api/v1/me": {"get", "patch", "delete"},
    "/api/v1/me/export": {"get"},
    "/api/v1/me/consents": {"get", "post"},
    "/api/v1/me/consents/history": {"get"},
    "/api/v1/me/tokens": {"get"},
    "/api/v1/me/tokens/{id}": {"delete"},
    "/api/v1/people/{id}": {"get"},
    "/api/v1/districts": {"get"},
    "/api/v1/neighbourhoods": {"get"},
    "/api/v1/neighbourhoods/{code}": {"get"},
    "/api/v1/organisations": {"get"},
    "/api/v1/organisations/{slug}": {"get"},
    # samenkracht.matching.api
    "/api/v1/categories": {"get"},
    "/api/v1/listings": {"get", "post"},
    "/api/v1/listings/{id}": {"delete", "get", "patch"},
    "/api/v1/listings/{id}/done": {"post"},
    "/api/v1/listings/{id}/matches": {"get"},
    "/api/v1/listings/{id}/contacts": {"post"},
    "/api/v1/contacts": {"get"},
    "/api/v1/contacts/{id}": {"get"},
    "/api/v1/contacts/{id}/accept": {"post"},
    "/api/v1/contacts/{id}/decline": {"post"},
    "/api/v1/contacts/{id}/messages": {"get", "post"},
    "/api/v1/contacts/{id}/outcome": {"patch", "post"},
    "/api/v1/reports": {"post"},
    "/api/v1/blocks": {"post"},
    "/api/v1/blocks/{user_id}": {"delete"},
    "/api/v1/notifications": {"get"},
    "/api/v1/notifications/read": {"post"},
    "/api/v1/me/digest": {"get", "put"},
    "/api/v1/desk/{code}": {"get"},
    "/api/v1/introductions": {"post"},
    # samenkracht.budgeting.api
    "/api/v1/budget-rounds": {"get"},
    "/api/v1/budget-rounds/{id}": {"get"},
    "/api/v1/budget-rounds/{id}/proposals": {"get", "post"},
    "/api/v1/budget-proposals/{id}": {"get", "patch"},
    "/api/v1/budget-proposals/{id}/support": {"post", "delete"},
    "/api/v1/budget-rounds/{id}/ballot": {"get", "put"},
    "/api/v1/budget-rounds/{id}/results": {"get", "post"},
    "/api/v1/budget-rounds/{id}/open-data.pb": {"get"},
    # samenkracht.initiatives.api.initiatives
    "/api/v1/initiatives": {"get", "post"},
    "/api/v1/initiatives/{id}": {"get", "patch"},
    "/api/v1/initiatives/{id}/phase": {"post"},
    "/api/v1/initiatives/{id}/members": {"get", "post"},
    "/api/v1/initiatives/{id}/members/{member_id}": {"patch", "delete"},
    "/api/v1/initiatives/{id}/join": {"post"},
    "/api/v1/initiatives/{id}/follow": {"put", "delete"},
    "/api/v1/initiatives/{id}/resources": {"get", "post"},
    "/api/v1/initiatives/{id}/resources/{resource_id}/publish": {"post"},
    "/api/v1/initiatives/{id}/resources/{resource_id}/fulfil": {"post"},
    "/api/v1/initiatives/{id}/updates": {"get", "post"},
    "/api/v1/initiatives/{id}/partners": {"get", "post"},
    "/api/v1/initiatives/{id}/partners/{partner_id}/roles": {"post"},
    "/api/v1/initiatives/{id}/partners/{partner_id}/roles/{role_id}/change": {"post"},
    "/api/v1/initiatives/{id}/partners/{partner_id}/roles/{role_id}/end": {"post"},
    "/api/v1/initiatives/{id}/contributions": {"get", "post"},
    # samenkracht.initiatives.api.requests and .overview
    "/api/v1/initiatives/{id}/requests": {"get", "post"},
    "/api/v1/initiatives/{id}/departments": {"get"},
    "/api/v1/requests/{id}": {"get"},
    "/api/v1/requests/{id}/treatment": {"post"},
    "/api/v1/requests/{id}/decision": {"post"},
    "/api/v1/requests/{id}/messages": {"post"},
    "/api/v1/overview/requests": {"get"},
    "/api/v1/open/initiatives": {"get"},
    "/api/v1/open/initiatives/map": {"get"},
    # samenkracht.exchange.api
    "/api/v1/exchange/accounts": {"get"},
    "/api/v1/exchange/accounts/{id}": {"get"},
    "/api/v1/exchange/accounts/{id}/transfers": {"get"},
    "/api/v1/exchange/accounts/{id}/statements/{year}/{month}": {"get"},
    "/api/v1/exchange/transfers": {"get", "post"},
    "/api/v1/exchange/transfers/linked": {"post"},
    "/api/v1/exchange/transfers/{id}": {"get"},
    "/api/v1/exchange/transfers/{id}/confirm": {"post"},
    "/api/v1/exchange/transfers/{id}/decline": {"post"},
    "/api/v1/exchange/contacts/{id}/thanks-proposal": {"get"},
}
PUBLIC_OPERATIONS = {
    ("post", "/api/v1/auth/token"),
    ("get", "/api/v1/districts"),
    ("get", "/api/v1/neighbourhoods"),
    ("get", "/api/v1/neighbourhoods/{code}"),
    ("get", "/api/v1/organisations"),
    ("get", "/api/v1/organisations/{slug}"),
    ("get", "/api/v1/categories"),
    ("get", "/api/v1/budget-rounds"),
    ("get", "/api/v1/budget-rounds/{id}"),
    ("get", "/api/v1/budget-rounds/{id}/proposals"),
    ("get", "/api/v1/budget-proposals/{id}"),
    ("get", "/api/v1/budget-rounds/{id}/results"),
    ("get", "/api/v1/budget-rounds/{id}/open-data.pb"),
    # samenkracht.initiatives.api.initiatives
    ("get", "/api/v1/initiatives"),
    ("get", "/api/v1/initiatives/{id}"),
    ("get", "/api/v1/initiatives/{id}/members"),
    ("get", "/api/v1/initiatives/{id}/resources"),
    ("get", "/api/v1/initiatives/{id}/updates"),
    ("get", "/api/v1/initiatives/{id}/partners"),
    ("get", "/api/v1/initiatives/{id}/contributions"),
    # Open data: no login, no personal data.
    ("get", "/api/v1/open/initiatives"),
    ("get", "/api/v1/open/initiatives/map"),
}
HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def test_openapi_schema_lists_every_path_and_its_security():
    # when
    response = Client().get("/api/v1/openapi.json")
    # then
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"] == {
        "title": "Samenkracht API",
        "version": "1",
        "description": schema["info"]["description"],
    }
    assert {path: set(item) & HTTP_METHODS for path, item in schema["paths"].items()} == (
        EXPECTED_PATHS
    )
    operation_ids = []
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            operation_ids.append(operation["operationId"])
            assert operation["responses"], (method, path)
            is_public = (method, path) in PUBLIC_OPERATIONS
            assert ("security" not in operation) is is_public, (method, path)
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path":
                    assert f"{{{parameter['name']}}}" in path
    assert len(operation_ids) == len(set(operation_ids))
    assert set(schema["components"]["securitySchemes"]) == {"TokenAuth", "SessionAuth"}
    refs = {ref.removeprefix("#/components/schemas/") for ref in _references(schema["paths"])}
    assert refs <= set(schema["components"]["schemas"])


def _references(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [ref for value in node.values() for ref in _references(value)]
    if isinstance(node, list):
        return [ref for value in node for ref in _references(value)]
    return []


def test_api_docs_page_loads():
    # when
    response = Client().get("/api/v1/docs")
    # then
    assert response.status_code == 200
    assert b"/api/v1/openapi.json" in response.content


def _nonexistent_value(parameter: dict[str, Any]) -> str:
    schema = parameter.get("schema", {})
    if schema.get("format") == "uuid":
        return "00000000-0000-0000-0000-000000000000"
    if schema.get("type") == "integer":
        return "987654321"
    return "bestaat-niet"


def _walk_urls() -> list[tuple[str, str]]:
    schema = Client().get("/api/v1/openapi.json").json()
    calls = []
    for path, item in schema["paths"].items():
        url = path
        for method in sorted(set(item) & HTTP_METHODS):
            for parameter in item[method].get("parameters", []):
                if parameter["in"] == "path":
                    url = url.replace(f"{{{parameter['name']}}}", _nonexistent_value(parameter))
        calls.append(("get", url))
        calls.extend((method, url) for method in sorted(set(item) & HTTP_METHODS))
    return calls


def test_every_operation_answers_anonymous_callers_without_a_server_error():
    # given
    ResidentFactory()
    client = Client(raise_request_exception=False)
    answers = {}
    # when
    for method, url in _walk_urls():
        response = getattr(client, method)(url)
        answers[(method, url)] = response.status_code
    # then
    assert len(answers) >= len(EXPECTED_PATHS)
    assert {call: status for call, status in answers.items() if status >= 500} == {}
    assert answers[("get", "/api/v1/me")] == 401
    assert answers[("get", "/api/v1/neighbourhoods/bestaat-niet")] == 404


def test_every_get_answers_a_signed_in_caller_without_a_server_error():
    # given
    client, _token = _token_client(ResidentFactory())
    client.raise_request_exception = False
    # when
    answers = {url: client.get(url).status_code for method, url in _walk_urls() if method == "get"}
    # then
    assert {url: status for url, status in answers.items() if status >= 500} == {}
    assert answers["/api/v1/me"] == 200
    assert answers["/api/v1/people/987654321"] == 404


def test_using_an_api_key_records_when_it_was_last_used():
    # given
    user = ResidentFactory()
    client, _token = _token_client(user)
    # when
    response = client.get("/api/v1/me")
    # then
    assert response.status_code == 200
    assert ApiToken.objects.get(user=user).last_used_at is not None


@pytest.mark.parametrize("path", ["/api/v1/neighbourhoods", "/api/v1/organisations"])
@pytest.mark.parametrize(
    "query",
    [{"offset": "99999999999999999999999"}, {"limit": "99999999999999999999999"}, {"limit": "0"}],
)
def test_list_pagination_refuses_out_of_range_numbers(client, path, query):
    response = client.get(path, query)
    assert response.status_code == 422
    assert response.json()["detail"] == "De gegevens kloppen niet."


def test_organisation_members_are_hidden_from_anonymous_visitors(client):
    # given
    membership = MembershipFactory(role=Membership.Role.ADMIN)
    slug = membership.organisation.slug
    # when
    anonymous = client.get(f"/api/v1/organisations/{slug}")
    client.force_login(ResidentFactory())
    signed_in = client.get(f"/api/v1/organisations/{slug}")
    # then
    assert anonymous.json()["members"] == []
    assert signed_in.json()["members"] == [
        {"public_name": membership.user.public_name, "role": "admin"}
    ]


@pytest.mark.parametrize("body", [{"password": "fout"}, {}])
def test_me_delete_needs_the_password(body):
    # given
    user = ResidentFactory(first_name="Anna")
    client, _token = _token_client(user)
    # when
    response = client.delete("/api/v1/me", data=body, content_type="application/json")
    # then
    assert response.status_code in {403, 422}
    user.refresh_from_db()
    assert (user.is_deleted, user.first_name) == (False, "Anna")
