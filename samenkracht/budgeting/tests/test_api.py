"""The budgeting API as the contract the front end relies on: JSON always, 4xx never 500."""

from decimal import Decimal

import pytest
from django.test import Client

from samenkracht.budgeting.models import Ballot, Phase, Proposal, Support, VoterRecord
from samenkracht.budgeting.tests.factories import (
    FURTHER,
    NEXT_DOOR,
    BudgetRoundFactory,
    ProposalFactory,
    ballot_round,
    place_round,
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


def test_a_proposal_with_a_point_comes_back_with_its_buurt():
    # given
    budget_round = place_round()
    api = _client(voter_for(budget_round))
    # when
    response = api.post(
        f"/api/v1/budget-rounds/{budget_round.pk}/proposals",
        {"title": "Bankjes", "estimated_cost": "1200", "latitude": 52.1671, "longitude": "5,39"},
        content_type="application/json",
    )
    # then
    assert response.status_code == 201
    data = response.json()
    kattenbroek = budget_round.neighbourhoods.get(name="Kattenbroek")
    assert {key: data[key] for key in ("neighbourhood", "neighbourhood_name")} == {
        "neighbourhood": kattenbroek.code,
        "neighbourhood_name": "Kattenbroek",
    }
    assert (data["latitude"], data["longitude"]) == (52.1671, 5.39)
    assert api.get(f"/api/v1/budget-proposals/{data['id']}").json() == data


@pytest.mark.parametrize(
    ("place", "errors"),
    [
        (
            {"latitude": "noord", "longitude": 5.39},
            {"latitude": ["Vul een getal in, zoals 52.1561."]},
        ),
        (
            {"latitude": 52.157, "longitude": True},
            {"longitude": ["Vul een getal in, zoals 5.3878."]},
        ),
        ({"latitude": 52.157}, {"longitude": ["Vul de breedtegraad én de lengtegraad in."]}),
        (
            {"latitude": 48.85, "longitude": 2.35},
            {
                "latitude": [
                    "Deze plek ligt niet in Nederland. Kies een plek in de buurten Kattenbroek "
                    "en Soesterkwartier, of laat de plek leeg."
                ]
            },
        ),
        (
            {"latitude": FURTHER[0], "longitude": FURTHER[1]},
            {
                "latitude": [
                    "Deze plek ligt in de buurt Hooglanderveen. Deze burgerbegroting is alleen "
                    "voor de buurten Kattenbroek en Soesterkwartier. Kies daar een plek, of laat "
                    "de plek leeg."
                ]
            },
        ),
    ],
)
def test_a_bad_or_outside_place_is_a_422_with_the_forms_message(place, errors):
    # given
    budget_round = place_round()
    # when
    response = _client(voter_for(budget_round)).post(
        f"/api/v1/budget-rounds/{budget_round.pk}/proposals",
        {"title": "Bankjes", "estimated_cost": "1200", **place},
        content_type="application/json",
    )
    # then
    assert response.status_code == 422
    assert response.json() == {"detail": "De gegevens kloppen niet.", "errors": errors}
    assert Proposal.objects.exists() is False


def test_not_a_number_in_json_is_a_422_too():
    budget_round = place_round()
    response = _client(voter_for(budget_round)).post(
        f"/api/v1/budget-rounds/{budget_round.pk}/proposals",
        '{"title": "Bankjes", "estimated_cost": "1200", "latitude": NaN, "longitude": 5.39}',
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"latitude": ["Vul een getal in, zoals 52.1561."]}
    assert Proposal.objects.exists() is False


def test_the_author_moves_and_removes_the_point_through_the_api():
    # given
    budget_round = place_round()
    proposal = ProposalFactory(budget_round=budget_round, latitude=None, longitude=None)
    api = _client(proposal.author)
    url = f"/api/v1/budget-proposals/{proposal.pk}"
    # when the point is set in the buurt next door
    moved = api.patch(
        url,
        {"latitude": NEXT_DOOR[0], "longitude": NEXT_DOOR[1], "neighbourhood": None},
        content_type="application/json",
    )
    # then
    assert moved.status_code == 200
    assert (moved.json()["latitude"], moved.json()["neighbourhood_name"]) == (
        NEXT_DOOR[0],
        "Kattenbroek",
    )
    # when it is moved outside the round
    outside = api.patch(
        url, {"latitude": FURTHER[0], "longitude": FURTHER[1]}, content_type="application/json"
    )
    # then nothing changed
    assert outside.status_code == 422
    assert outside.json()["errors"]["latitude"][0].startswith(
        "Deze plek ligt in de buurt Hooglanderveen."
    )
    proposal.refresh_from_db()
    assert (proposal.latitude, proposal.longitude) == NEXT_DOOR
    # when the point is removed
    removed = api.patch(url, {"latitude": None, "longitude": None}, content_type="application/json")
    # then the buurt stays
    assert removed.status_code == 200
    assert (removed.json()["latitude"], removed.json()["longitude"]) == (None, None)
    assert removed.json()["neighbourhood_name"] == "Kattenbroek"


@pytest.mark.parametrize(
    ("who", "status"), [("anonymous", 401), ("other resident", 403), ("author", 422)]
)
def test_changing_a_proposal_through_the_api_is_refused_without_a_change(who, status):
    # given
    budget_round = place_round()
    proposal = ProposalFactory(budget_round=budget_round, title="Bankjes")
    client = {
        "anonymous": Client(),
        "other resident": _client(voter_for(budget_round)),
        "author": _client(proposal.author),
    }[who]
    # when the author sends an empty title, or someone else sends a good one
    body: dict[str, str | None] = {"title": None} if who == "author" else {"title": "Iets anders"}
    response = client.patch(
        f"/api/v1/budget-proposals/{proposal.pk}", body, content_type="application/json"
    )
    # then
    assert response.status_code == status
    proposal.refresh_from_db()
    assert proposal.title == "Bankjes"
    if who == "author":
        assert response.json()["errors"] == {"title": ["Vul dit veld in."]}


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
