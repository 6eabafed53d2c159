"""The budgeting API as the contract the front end relies on: JSON always, 4xx never 500."""

from decimal import Decimal

import pytest
from django.test import Client

from samenkracht.budgeting.models import Ballot, Phase, Proposal, Support, VoterRecord
from samenkracht.budgeting.tests.factories import (
    BudgetRoundFactory,
    ProposalFactory,
    ballot_round,
    voter_for,
)
from samenkracht.people import services as people_services
from samenkracht.people.tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    _token, raw = people_services.api_token_create(user=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}", raise_request_exception=False)


def test_rounds_are_public_and_paginated(client, django_assert_max_num_queries):
    # given
    budget_round = BudgetRoundFactory(title="Buurtbudget Nieuwland")
    ProposalFactory(budget_round=budget_round)
    # when
    with django_assert_max_num_queries(6) as first:
        response = client.get("/api/v1/budget-rounds")
    # then
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1
    [item] = data["items"]
    assert item["title"] == "Buurtbudget Nieuwland"
    assert item["phase"] == "proposals"
    assert item["amount"] == "20000.00"
    assert item["proposal_count"] == 1
    assert item["neighbourhoods"] == [n.code for n in budget_round.neighbourhoods.all()]
    for _ in range(4):
        BudgetRoundFactory()
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert client.get("/api/v1/budget-rounds").json()["count"] == 5


def test_rounds_filtered_by_an_unknown_buurt_is_a_422(client):
    response = client.get("/api/v1/budget-rounds?neighbourhood=BU99999999")
    assert response.status_code == 422
    assert response.json()["errors"] == {"neighbourhood": ["Onbekende buurt: BU99999999"]}


def test_an_unknown_round_is_a_json_404(client):
    response = client.get("/api/v1/budget-rounds/987654")
    assert response.status_code == 404
    assert response.json() == {"detail": "Niet gevonden.", "errors": {}}


def test_proposals_of_a_round_are_public(client):
    proposal = ProposalFactory(title="Moestuin")
    Support.objects.create(proposal=proposal, user=voter_for(proposal.budget_round))
    response = client.get(f"/api/v1/budget-rounds/{proposal.budget_round_id}/proposals")
    [item] = response.json()["items"]
    assert (item["title"], item["support_count"], item["status"]) == ("Moestuin", 1, "submitted")
    assert client.get(f"/api/v1/budget-proposals/{proposal.pk}").json()["id"] == proposal.pk


def test_a_resident_submits_a_proposal_through_the_api():
    budget_round = BudgetRoundFactory()
    api = _client(voter_for(budget_round))
    response = api.post(
        f"/api/v1/budget-rounds/{budget_round.pk}/proposals",
        {"title": "Buurtfeest", "text": "Met muziek.", "estimated_cost": "2500"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["title"] == "Buurtfeest"
    assert response.json()["estimated_cost"] == "2500.00"


def test_submitting_refusals_are_json_4xx_and_store_nothing():
    budget_round = BudgetRoundFactory()
    url = f"/api/v1/budget-rounds/{budget_round.pk}/proposals"
    anonymous = Client().post(url, {}, content_type="application/json")
    assert anonymous.status_code == 401
    outsider = _client(ResidentFactory(birth_year=1980)).post(
        url,
        {"title": "Van elders", "estimated_cost": "10"},
        content_type="application/json",
    )
    assert outsider.status_code == 422
    assert outsider.json()["detail"].startswith("U woont niet in een buurt")
    wrong = _client(voter_for(budget_round)).post(
        url, {"title": "x", "estimated_cost": "veel"}, content_type="application/json"
    )
    assert wrong.status_code == 422
    assert "estimated_cost" in wrong.json()["errors"]
    assert Proposal.objects.exists() is False


def test_support_and_take_it_back():
    proposal = ProposalFactory(budget_round=BudgetRoundFactory(phase=Phase.SUPPORT))
    api = _client(voter_for(proposal.budget_round))
    url = f"/api/v1/budget-proposals/{proposal.pk}/support"
    assert api.post(url).json()["support_count"] == 1
    assert api.post(url).json()["support_count"] == 1
    assert api.delete(url).json()["support_count"] == 0
    own = _client(proposal.author).post(url)
    assert own.status_code == 422
    assert own.json()["detail"] == "U kunt uw eigen voorstel niet steunen."


def test_cast_get_and_change_the_own_ballot():
    # given
    budget_round, (a, b, *_rest) = ballot_round()
    api = _client(voter_for(budget_round))
    url = f"/api/v1/budget-rounds/{budget_round.pk}/ballot"
    assert api.get(url).json() == {
        "has_voted": False,
        "choices": [],
        "voted_at": None,
        "times_changed": 0,
        "can_change": True,
    }
    # when
    first = api.put(url, {"choices": [{"proposal": a.pk}]}, content_type="application/json")
    second = api.put(url, {"choices": [{"proposal": b.pk}]}, content_type="application/json")
    # then
    assert first.status_code == 200
    assert first.json()["is_change"] is False
    assert len(first.json()["receipt_code"]) == 14
    assert second.json()["is_change"] is True
    own = api.get(url).json()
    assert own["choices"] == [{"proposal": b.pk, "points": None}]
    assert own["times_changed"] == 1
    assert Ballot.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "field_or_detail"),
    [
        ({"choices": "alles"}, "choices"),
        ({"choices": [{"proposal": "x"}]}, "choices.0.proposal"),
        ({}, "choices"),
    ],
)
def test_malformed_ballots_are_422(body, field_or_detail):
    budget_round, _proposals = ballot_round()
    response = _client(voter_for(budget_round)).put(
        f"/api/v1/budget-rounds/{budget_round.pk}/ballot", body, content_type="application/json"
    )
    assert response.status_code == 422
    assert field_or_detail in response.json()["errors"]
    assert VoterRecord.objects.exists() is False


def test_refused_ballots_are_422_with_the_reason_and_store_nothing():
    budget_round, proposals = ballot_round()
    url = f"/api/v1/budget-rounds/{budget_round.pk}/ballot"
    over = _client(voter_for(budget_round)).put(
        url, {"choices": [{"proposal": p.pk} for p in proposals]}, content_type="application/json"
    )
    assert over.status_code == 422
    assert over.json()["errors"]["choices"][0].startswith("Uw keuze kost")
    outsider = _client(ResidentFactory(birth_year=1980)).put(
        url, {"choices": [{"proposal": proposals[0].pk}]}, content_type="application/json"
    )
    assert outsider.status_code == 422
    closed, closed_proposals = ballot_round(phase=Phase.RESULTS)
    late = _client(voter_for(closed)).put(
        f"/api/v1/budget-rounds/{closed.pk}/ballot",
        {"choices": [{"proposal": closed_proposals[0].pk}]},
        content_type="application/json",
    )
    assert late.status_code == 422
    assert late.json()["detail"].startswith("Het stemmen is gesloten.")
    assert Ballot.objects.exists() is False


def test_results_and_open_data_are_404_until_published(client):
    budget_round, _proposals = ballot_round(phase=Phase.VOTING)
    for path in ("results", "open-data.pb"):
        response = client.get(f"/api/v1/budget-rounds/{budget_round.pk}/{path}")
        assert response.status_code == 404
        assert response.json()["detail"] == "Niet gevonden."


def test_only_an_official_asks_for_the_result():
    budget_round, _proposals = ballot_round(phase=Phase.RESULTS)
    response = _client(voter_for(budget_round)).post(
        f"/api/v1/budget-rounds/{budget_round.pk}/results"
    )
    assert response.status_code == 403


def test_decimal_amounts_come_back_exactly(client):
    budget_round = BudgetRoundFactory(amount=Decimal("12345.67"))
    assert client.get(f"/api/v1/budget-rounds/{budget_round.pk}").json()["amount"] == "12345.67"
