"""The time-bank API as the contract clients rely on."""

import json
import uuid
from typing import Any

import pytest
from django.test import Client

from samenkracht.exchange.models import Account, Transfer
from samenkracht.exchange.tests.factories import CurrencyFactory, account_for, balance, hours
from samenkracht.matching.models import Notification
from samenkracht.matching.tests.factories import ContactFactory
from samenkracht.people import services as people_services
from samenkracht.people.tests.factories import AdminFactory, ResidentFactory

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post(client: Client, path: str, data: Any, key: str | None = None) -> Any:
    headers = {"Idempotency-Key": key} if key else {}
    return client.post(
        path, data=json.dumps(data), content_type="application/json", headers=headers
    )


def test_create_answers_201_and_a_retry_answers_the_same_body():
    # given
    hours()
    ann, bas = ResidentFactory(), ResidentFactory()
    client = _client(ann)
    body = {"to_person": bas.pk, "amount": "1.25", "memo": "Boodschappen"}
    # when
    first = _post(client, "/api/v1/exchange/transfers", body, key="abc")
    again = _post(client, "/api/v1/exchange/transfers", body, key="abc")
    # then
    assert first.status_code == 201
    assert again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    data = first.json()
    transfer = Transfer.objects.get()
    assert data == {
        "id": str(transfer.pk),
        "key": "abc",
        "kind": "free",
        "currency": "uren",
        "amount": "1.25",
        "from_account": str(transfer.debit_id),
        "to_account": str(transfer.credit_id),
        "from_holder": str(ann),
        "to_holder": str(bas),
        "is_pending": False,
        "pending_state": "",
        "expires_at": None,
        "pending": None,
        "reverses": None,
        "reason": "",
        "memo": "Boodschappen",
        "contact": None,
        "created_at": data["created_at"],
    }


def test_a_reused_key_with_another_body_is_a_409_and_writes_nothing():
    # given
    hours()
    ann, bas = ResidentFactory(), ResidentFactory()
    client = _client(ann)
    _post(client, "/api/v1/exchange/transfers", {"to_person": bas.pk, "amount": "1"}, key="k")
    # when
    response = _post(
        client, "/api/v1/exchange/transfers", {"to_person": bas.pk, "amount": "2"}, key="k"
    )
    # then
    assert response.status_code == 409
    assert response.json()["detail"] == "Deze sleutel is al gebruikt voor een andere overboeking."
    assert Transfer.objects.count() == 1


@pytest.mark.parametrize(
    ("amount", "field_error"),
    [
        ("-1", "Het aantal moet meer dan nul zijn."),
        ("0", "Het aantal moet meer dan nul zijn."),
        ("abc", "Vul een getal in, bijvoorbeeld 1,5."),
        ("1.001", "Gebruik hoogstens 2 cijfers achter de komma."),
    ],
)
def test_bad_amounts_are_422_with_the_field_and_nothing_is_written(amount, field_error):
    # given
    hours()
    ann, bas = ResidentFactory(), ResidentFactory()
    # when
    response = _post(
        _client(ann), "/api/v1/exchange/transfers", {"to_person": bas.pk, "amount": amount}, "k"
    )
    # then
    assert response.status_code == 422
    assert response.json() == {"detail": field_error, "errors": {"amount": [field_error]}}
    assert Transfer.objects.exists() is False


def test_a_number_instead_of_a_decimal_string_is_422():
    hours()
    ann, bas = ResidentFactory(), ResidentFactory()
    response = _post(
        _client(ann), "/api/v1/exchange/transfers", {"to_person": bas.pk, "amount": 1.5}, "k"
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["amount"]
    assert Transfer.objects.exists() is False


def test_missing_key_self_deleted_and_other_currency_are_422():
    # given
    hours()
    makkie = CurrencyFactory(code="makkie", name="Makkie")
    ann, bas, gone = ResidentFactory(), ResidentFactory(), ResidentFactory()
    account_for(gone)
    people_services.user_delete(user=gone)
    makkie_account = account_for(ann, currency=makkie)
    client = _client(ann)
    url = "/api/v1/exchange/transfers"
    # when
    answers = [
        _post(client, url, {"to_person": bas.pk, "amount": "1"}),
        _post(client, url, {"to_person": ann.pk, "amount": "1"}, "a"),
        _post(client, url, {"to_person": gone.pk, "amount": "1"}, "b"),
        _post(client, url, {"to_account": str(makkie_account.pk), "amount": "1"}, "c"),
        _post(client, url, {"to_person": bas.pk, "amount": "1", "currency": "makkie"}, "d"),
        _post(client, url, {"amount": "1"}, "e"),
    ]
    # then
    assert [a.status_code for a in answers] == [422] * 6
    assert [a.json()["detail"] for a in answers] == [
        "Geef een sleutel van 1 tot 100 tekens mee.",
        "U kunt niet aan uzelf overmaken.",
        "Deze rekening is gesloten. Er kan niets meer naartoe of vanaf.",
        "De ontvanger heeft geen rekening in Uren.",
        f"{bas} heeft geen rekening in Makkie.",
        "Kies één ontvanger: een persoon of een rekening.",
    ]
    assert Transfer.objects.exists() is False


def test_thanks_for_a_contact_through_the_api():
    hours()
    contact = ContactFactory(accepted=True)
    response = _post(
        _client(contact.ask.owner),
        "/api/v1/exchange/transfers",
        {"contact": contact.pk, "amount": "1.5"},
        "t",
    )
    assert response.status_code == 201
    assert (response.json()["kind"], response.json()["contact"]) == ("thanks", contact.pk)
    assert balance(account_for(contact.offer.owner)) == 150


def test_pending_confirm_and_decline():
    # given
    hours()
    ann, bas = ResidentFactory(), ResidentFactory()
    created = _post(
        _client(ann),
        "/api/v1/exchange/transfers",
        {"to_person": bas.pk, "amount": "2", "is_pending": True},
        "p",
    ).json()
    # when
    by_sender = _client(ann).post(f"/api/v1/exchange/transfers/{created['id']}/confirm")
    confirmed = _client(bas).post(f"/api/v1/exchange/transfers/{created['id']}/confirm")
    declined = _client(bas).post(f"/api/v1/exchange/transfers/{created['id']}/decline")
    stranger = _client(ResidentFactory()).post(
        f"/api/v1/exchange/transfers/{created['id']}/confirm"
    )
    # then
    assert created["pending_state"] == "open"
    assert by_sender.status_code == 422
    assert confirmed.status_code == 200
    assert (confirmed.json()["kind"], confirmed.json()["pending"]) == ("post", created["id"])
    assert declined.status_code == 422
    assert declined.json()["detail"] == "Deze overboeking is al bevestigd."
    assert stranger.status_code == 404
    assert balance(account_for(bas)) == 200


def test_accounts_and_statements_are_only_for_their_holder():
    # given
    hours()
    ann, bas = ResidentFactory(), ResidentFactory()
    _post(_client(ann), "/api/v1/exchange/transfers", {"to_person": bas.pk, "amount": "2"}, "k")
    account = account_for(bas)
    # when
    mine = _client(bas).get("/api/v1/exchange/accounts")
    detail = _client(bas).get(f"/api/v1/exchange/accounts/{account.pk}")
    other = _client(ann).get(f"/api/v1/exchange/accounts/{account.pk}")
    transfer = Transfer.objects.get()
    month = transfer.created_at
    statement = _client(bas).get(
        f"/api/v1/exchange/accounts/{account.pk}/statements/{month.year}/{month.month}"
    )
    bad_month = _client(bas).get(f"/api/v1/exchange/accounts/{account.pk}/statements/2026/13")
    # then
    assert [a["id"] for a in mine.json()] == [str(account.pk)]
    assert detail.json()["balance"] == "2.00"
    assert (detail.json()["floor"], detail.json()["ceiling"]) == ("10.00", "100.00")
    assert other.status_code == 404
    assert statement.status_code == 200
    assert statement.json()["closing"] == "2.00"
    assert statement.json()["lines"][0]["amount"] == "2.00"
    assert bad_month.status_code == 422


def test_anonymous_callers_get_401_and_nothing_is_written():
    hours()
    bas = ResidentFactory()
    response = _post(
        Client(), "/api/v1/exchange/transfers", {"to_person": bas.pk, "amount": "1"}, "k"
    )
    assert response.status_code in (401, 403)
    assert Client().get(f"/api/v1/exchange/accounts/{uuid.uuid4()}").status_code == 401
    assert Transfer.objects.exists() is False


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"amount": "9" * 5000}, "amount"),
        ({"amount": "1", "memo": "boodschappen\x00"}, "memo"),
        ({"amount": "1", "key": "sleutel\x00"}, "key"),
        ({"amount": "1", "currency": "uren\x00"}, "currency"),
    ],
)
def test_huge_amounts_and_nul_characters_are_422_and_nothing_is_written(extra, field):
    # given
    hours()
    ann, bas = ResidentFactory(), ResidentFactory()
    account_for(ann)
    body = {"to_person": bas.pk, **extra}
    # when
    response = _post(
        _client(ann), "/api/v1/exchange/transfers", body, None if "key" in extra else "k"
    )
    # then
    assert response.status_code == 422
    assert list(response.json()["errors"]) == [field]
    assert Transfer.objects.exists() is False
    assert balance(account_for(ann)) == 0


def test_an_expiry_without_a_time_zone_is_read_in_the_sites_zone():
    # given
    hours()
    ann, bas = ResidentFactory(), ResidentFactory()
    body = {"to_person": bas.pk, "amount": "1", "is_pending": True}
    client = _client(ann)
    # when
    future = _post(
        client, "/api/v1/exchange/transfers", {**body, "expires_at": "2099-01-01T12:00:00"}, "a"
    )
    again = _post(
        client, "/api/v1/exchange/transfers", {**body, "expires_at": "2099-01-01T12:00:00"}, "a"
    )
    past = _post(
        client, "/api/v1/exchange/transfers", {**body, "expires_at": "2000-01-01T12:00:00"}, "b"
    )
    # then
    assert future.status_code == 201
    assert again.status_code == 201
    assert again.json()["id"] == future.json()["id"]
    assert past.status_code == 422
    assert list(past.json()["errors"]) == ["expires_at"]
    assert Transfer.objects.count() == 1


def _rows() -> tuple[int, int, int]:
    return Account.objects.count(), Transfer.objects.count(), Notification.objects.count()


@pytest.mark.parametrize(
    ("body", "key", "status"),
    [
        ({"amount": "abc"}, "k", 422),
        ({"amount": "11"}, "k", 422),  # below Ann's floor of 10 hours
        ({"amount": "1"}, None, 422),
        ({"amount": "1", "is_pending": True, "expires_at": "2000-01-01T12:00:00Z"}, "k", 422),
        ({"amount": "1", "currency": "makkie"}, "k", 422),
        ({"amount": "2"}, "used", 409),
    ],
)
def test_a_refused_send_writes_nothing_not_even_an_account(body, key, status):
    # given: neither Ann nor Bas has an account in any currency yet; Ann used the key "used"
    # for a transfer to Cor
    hours()
    CurrencyFactory(code="makkie", name="Makkie", is_opened_for_everyone=True)
    ann, bas, cor = ResidentFactory(), ResidentFactory(), ResidentFactory()
    client = _client(ann)
    _post(client, "/api/v1/exchange/transfers", {"to_person": cor.pk, "amount": "1"}, "used")
    before = _rows()
    # when
    response = _post(client, "/api/v1/exchange/transfers", {"to_person": bas.pk, **body}, key)
    # then
    assert response.status_code == status
    assert _rows() == before
    assert Account.objects.filter(owner=bas).exists() is False


def test_a_refused_thanks_writes_nothing_not_even_an_account():
    # given
    hours()
    contact = ContactFactory(accepted=True)
    before = _rows()
    # when
    response = _post(
        _client(contact.ask.owner),
        "/api/v1/exchange/transfers",
        {"contact": contact.pk, "amount": "11"},
        "t",
    )
    # then
    assert response.status_code == 422
    assert _rows() == before


def test_a_transfer_shows_its_key_to_its_sender_only():
    # given
    hours()
    ann, bas = ResidentFactory(), ResidentFactory()
    admin = AdminFactory()
    sent = _post(
        _client(ann),
        "/api/v1/exchange/transfers",
        {"to_person": bas.pk, "amount": "1", "is_pending": True},
        "anns-eigen-sleutel",
    ).json()
    confirmed = _client(bas).post(f"/api/v1/exchange/transfers/{sent['id']}/confirm").json()
    bas_account = account_for(bas)
    # when
    keys = {
        "ann list": [
            t["key"] for t in _client(ann).get("/api/v1/exchange/transfers").json()["items"]
        ],
        "bas list": [
            t["key"] for t in _client(bas).get("/api/v1/exchange/transfers").json()["items"]
        ],
        "bas account": [
            t["key"]
            for t in _client(bas)
            .get(f"/api/v1/exchange/accounts/{bas_account.pk}/transfers")
            .json()["items"]
        ],
        "bas detail": _client(bas).get(f"/api/v1/exchange/transfers/{sent['id']}").json()["key"],
        "admin detail": _client(admin)
        .get(f"/api/v1/exchange/transfers/{sent['id']}")
        .json()["key"],
    }
    # then
    assert sent["key"] == "anns-eigen-sleutel"
    assert confirmed["key"] is None
    assert keys == {
        "ann list": [None, "anns-eigen-sleutel"],
        "bas list": [None, None],
        "bas account": [None, None],
        "bas detail": None,
        "admin detail": None,
    }
