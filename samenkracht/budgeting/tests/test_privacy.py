"""What a person's export holds of budget rounds, and what deleting their account keeps."""

import json

import pytest
from django.utils import timezone

from samenkracht.budgeting import services
from samenkracht.budgeting.models import (
    Ballot,
    Follow,
    Phase,
    Proposal,
    Support,
    VoterRecord,
    VotingCode,
)
from samenkracht.budgeting.tests.factories import (
    BudgetRoundFactory,
    ProposalFactory,
    ballot_round,
    voter_for,
)
from samenkracht.people import services as people_services
from samenkracht.people.models import User

pytestmark = pytest.mark.django_db


def test_the_export_has_proposals_supports_follows_and_the_own_vote():
    # given
    budget_round, (a, b, *_rest) = ballot_round()
    person = voter_for(budget_round, first_name="Fatima", last_name="El Idrissi")
    ProposalFactory(author=person, title="Een bankje voor oma")
    ideas = BudgetRoundFactory(phase=Phase.SUPPORT)
    other = ProposalFactory(budget_round=ideas)
    Support.objects.create(proposal=other, user=person)
    Follow.objects.create(proposal=a, user=person)
    services.ballot_cast(
        budget_round=budget_round, voter=person, choices=[(b.pk, None)], now=timezone.now()
    )
    # when
    data = people_services.user_data_export(user=person)
    # then
    assert [p["title"] for p in data["budget_proposals"]] == ["Een bankje voor oma"]
    assert [s["proposal"] for s in data["budget_supports"]] == [other.title]
    assert [f["proposal"] for f in data["budget_follows"]] == [a.title]
    [vote] = data["budget_votes"]
    assert vote["my_choice"] == [b.title]
    assert vote["method"] == "account"
    json.dumps(data)


def test_deleting_an_account_keeps_the_counted_vote_and_the_proposal_without_a_name():
    # given
    budget_round, (a, *_rest) = ballot_round()
    person = voter_for(budget_round, first_name="Fatima")
    proposal = ProposalFactory(author=person, budget_round=BudgetRoundFactory())
    collecting = ProposalFactory(budget_round=BudgetRoundFactory(phase=Phase.SUPPORT))
    Support.objects.create(proposal=collecting, user=person)
    Follow.objects.create(proposal=a, user=person)
    VotingCode.objects.create(budget_round=budget_round, person=person, code_hash="x" * 64)
    services.ballot_cast(
        budget_round=budget_round, voter=person, choices=[(a.pk, None)], now=timezone.now()
    )
    # when
    people_services.user_delete(user=person)
    # then
    assert Ballot.objects.filter(budget_round=budget_round).count() == 1
    assert VoterRecord.objects.filter(person=person).count() == 1
    proposal.refresh_from_db()
    assert proposal.author is None
    assert proposal.status == Proposal.Status.SUBMITTED
    assert Support.objects.filter(user=person).exists() is False
    assert Follow.objects.filter(user=person).exists() is False
    assert VotingCode.objects.filter(person=person).exists() is False
    text = json.dumps(people_services.user_data_export(user=User.objects.get(pk=person.pk)))
    assert "Fatima" not in text
