"""Linked transfers through the API: all go through or none does, a key per transfer."""

import json
from typing import Any

import pytest
from django.test import Client

from samenkracht.exchange import services
from samenkracht.exchange.models import Account, Transfer
from samenkracht.exchange.selectors import ledger_verify
from samenkracht.exchange.tests.factories import account_for, balance, hours
from samenkracht.matching.models import Notification
from samenkracht.people.tests.factories import MembershipFactory, ResidentFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/exchange/transfers/linked"
FLOOR_TEXT = "Dat kan niet: dan komt het saldo te laag. U mag hoogstens 10,00 uur onder nul komen."


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post(client: Client, transfers: list[dict[str, Any]]) -> Any:
    return client.post(
        URL, data=json.dumps({"transfers": transfers}), content_type="application/json"
    )


def _rows() -> tuple[int, int, int]:
    return Account.objects.count(), Transfer.objects.count(), Notification.objects.count()


@pytest.fixture
def people():
    hours()
    return ResidentFactory(), ResidentFactory(), ResidentFactory()


def test_linked_transfers_are_booked_together_with_a_key_each(people):
    # given
    ann, bas, cor = people
    body = [
        {"to_person": bas.pk, "amount": "2", "key": "buurtfeest-1", "memo": "Tafels"},
        {"to_person": cor.pk, "amount": "1.5", "key": "buurtfeest-2", "memo": "Stoelen"},
    ]
    # when
    response = _post(_client(ann), body)
    # then
    assert response.status_code == 201
    assert "Idempotent-Replayed" not in response
    data = response.json()
    assert [(t["key"], t["amount"], t["memo"], t["to_holder"]) for t in data] == [
        ("buurtfeest-1", "2.00", "Tafels", str(bas)),
        ("buurtfeest-2", "1.50", "Stoelen", str(cor)),
    ]
    assert (balance(account_for(ann)), balance(account_for(bas)), balance(account_for(cor))) == (
        -350,
        200,
        150,
    )
    assert Notification.objects.filter(user__in=[bas, cor]).count() == 2
    assert ledger_verify() == []


def test_when_one_transfer_is_refused_none_is_booked_and_nothing_is_written(people):
    # given: together the two would take Ann below her floor of 10 hours
    ann, bas, cor = people
    before = _rows()
    body = [
        {"to_person": bas.pk, "amount": "6", "key": "a"},
        {"to_person": cor.pk, "amount": "6", "key": "b"},
    ]
    # when
    response = _post(_client(ann), body)
    # then
    assert response.status_code == 422
    assert response.json() == {"detail": FLOOR_TEXT, "errors": {"transfers.1": [FLOOR_TEXT]}}
    assert _rows() == before
    assert Account.objects.filter(owner__in=[ann, bas, cor]).exists() is False


def test_a_bad_field_names_its_transfer_and_nothing_is_written(people):
    # given
    ann, bas, cor = people
    before = _rows()
    body = [
        {"to_person": bas.pk, "amount": "1", "key": "a"},
        {"to_person": cor.pk, "amount": "1,255", "key": "b"},
    ]
    # when
    response = _post(_client(ann), body)
    # then
    assert response.status_code == 422
    text = "Gebruik hoogstens 2 cijfers achter de komma."
    assert response.json() == {"detail": text, "errors": {"transfers.1.amount": [text]}}
    assert _rows() == before


def test_the_same_list_again_returns_the_first_transfers_even_after_the_balance_changed(people):
    # given
    ann, bas, cor = people
    client = _client(ann)
    body = [
        {"to_person": bas.pk, "amount": "4", "key": "a"},
        {"to_person": cor.pk, "amount": "4", "key": "b"},
    ]
    first = _post(client, body)
    # Ann now sends the last 2 hours she may: the same list again would break her floor
    client.post(
        "/api/v1/exchange/transfers",
        data=json.dumps({"to_person": bas.pk, "amount": "2"}),
        content_type="application/json",
        headers={"Idempotency-Key": "c"},
    )
    before = _rows()
    # when
    again = _post(client, body)
    # then
    assert first.status_code == 201
    assert again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert _rows() == before


@pytest.mark.parametrize(
    "second",
    [
        {"amount": "3", "key": "b"},  # another amount under a used key
        {"amount": "4", "key": "new"},  # only part of the batch was booked before
    ],
)
def test_a_list_that_is_not_the_first_one_under_its_keys_is_a_conflict(people, second):
    # given
    ann, bas, cor = people
    client = _client(ann)
    _post(
        client,
        [
            {"to_person": bas.pk, "amount": "4", "key": "a"},
            {"to_person": cor.pk, "amount": "4", "key": "b"},
        ],
    )
    before = _rows()
    # when
    response = _post(
        client,
        [{"to_person": bas.pk, "amount": "4", "key": "a"}, {"to_person": cor.pk, **second}],
    )
    # then
    assert response.status_code == 409
    assert list(response.json()["errors"]) == ["transfers.1.key"]
    assert _rows() == before


@pytest.mark.parametrize(
    ("transfers", "field"),
    [
        ([], "transfers"),
        ([{"amount": "1", "key": f"k{n}"} for n in range(services.LINKED_MAX + 1)], "transfers"),
        ([{"amount": "1"}], "transfers.0.key"),
        ([{"amount": "1", "key": "a"}], "transfers.0.to"),
        ([{"amount": "1", "key": "a", "to_person": 987654321}], "transfers.0.to_person"),
        ([{"amount": "1", "key": "a", "currency": "munt"}], "transfers.0.currency"),
    ],
)
def test_malformed_lists_are_422_and_nothing_is_written(people, transfers, field):
    # given
    ann, _bas, _cor = people
    before = _rows()
    # when
    response = _post(_client(ann), transfers)
    # then
    assert response.status_code == 422
    assert list(response.json()["errors"]) == [field]
    assert _rows() == before


def test_the_same_key_twice_in_one_list_is_422(people):
    ann, bas, cor = people
    before = _rows()
    response = _post(
        _client(ann),
        [
            {"to_person": bas.pk, "amount": "1", "key": "a"},
            {"to_person": cor.pk, "amount": "1", "key": "a"},
        ],
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "transfers.1.key": ["Geef elke overboeking een eigen sleutel."]
    }
    assert _rows() == before


def test_an_organisation_pays_from_its_account_only_through_its_staff(people):
    # given
    ann, bas, cor = people
    staff = MembershipFactory(role="staff")
    organisation_account = account_for(organisation=staff.organisation)
    body = [
        {
            "from_account": str(organisation_account.pk),
            "to_person": bas.pk,
            "amount": "1",
            "key": "a",
        },
        {
            "from_account": str(organisation_account.pk),
            "to_person": cor.pk,
            "amount": "1",
            "key": "b",
        },
    ]
    before = _rows()
    # when
    stranger = _post(_client(ann), body)
    anonymous = _post(Client(), body)
    after_denied = _rows()
    member = _post(_client(staff.user), body)
    # then
    assert stranger.status_code == 403
    assert anonymous.status_code == 401
    assert after_denied == before
    assert member.status_code == 201
    assert balance(organisation_account) == -200
