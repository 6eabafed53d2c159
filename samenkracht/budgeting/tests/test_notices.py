"""People who follow a proposal, and its author, hear what happens to it."""

import pytest
from django.utils import timezone

from samenkracht.budgeting import services
from samenkracht.budgeting.models import BudgetRound, Phase, Proposal
from samenkracht.budgeting.tests.factories import (
    BudgetRoundFactory,
    ProposalFactory,
    ballot_round,
    phase_dates,
    voter_for,
)
from samenkracht.matching.models import Notification
from samenkracht.people.tests.factories import AdminFactory, ProfessionalFactory, ResidentFactory

pytestmark = pytest.mark.django_db


def _news(user):
    return list(
        Notification.objects.filter(user=user, kind=Notification.Kind.PROPOSAL_UPDATE)
        .order_by("id")
        .values_list("text", "url")
    )


def test_the_feasibility_verdict_reaches_the_author_and_followers():
    # given
    budget_round = BudgetRoundFactory(phase=Phase.FEASIBILITY)
    author, follower, bystander = ResidentFactory(), ResidentFactory(), ResidentFactory()
    proposal = ProposalFactory(
        budget_round=budget_round,
        status=Proposal.Status.PASSED,
        author=author,
        title="Bankjes in het park",
    )
    services.follow_add(proposal=proposal, user=follower)
    professional = ProfessionalFactory(work_neighbourhoods=list(budget_round.neighbourhoods.all()))
    # when
    services.feasibility_record(
        proposal=proposal,
        actor=professional,
        is_feasible=False,
        reason="Het park is van de provincie.",
        now=timezone.now(),
    )
    # then
    expected = [
        (
            "“Bankjes in het park” is niet haalbaar. Lees waarom.",
            f"/burgerbegroting/voorstellen/{proposal.pk}/",
        )
    ]
    assert _news(author) == expected
    assert _news(follower) == expected
    assert _news(bystander) == []


def test_a_delivery_milestone_reaches_the_followers():
    proposal = ProposalFactory(
        budget_round=BudgetRoundFactory(phase=Phase.DELIVERY), status=Proposal.Status.WON
    )
    follower = ResidentFactory()
    services.follow_add(proposal=proposal, user=follower)
    services.delivery_update_add(
        proposal=proposal,
        actor=AdminFactory(),
        status=Proposal.Delivery.IN_PROGRESS,
        text="De bankjes zijn besteld.",
    )
    [(text, _url)] = _news(follower)
    assert text.startswith("Nieuws over de uitvoering van “")


def test_the_result_reaches_followers_once():
    # given: a vote for the first project (the second does not fit next to it)
    budget_round, (chosen, other) = ballot_round(costs=(8000, 15000))
    services.ballot_cast(
        budget_round=budget_round,
        voter=voter_for(budget_round),
        choices=[(chosen.pk, None)],
        now=timezone.now(),
    )
    fan_of_chosen, fan_of_other = ResidentFactory(), ResidentFactory()
    services.follow_add(proposal=chosen, user=fan_of_chosen)
    services.follow_add(proposal=other, user=fan_of_other)
    BudgetRound.objects.filter(pk=budget_round.pk).update(**phase_dates(Phase.RESULTS))
    budget_round.refresh_from_db()
    # when: computed twice
    services.result_compute(budget_round=budget_round, now=timezone.now())
    services.result_compute(budget_round=budget_round, now=timezone.now())
    # then
    [(chosen_text, _url)] = _news(fan_of_chosen)
    assert chosen_text.endswith("is gekozen en wordt uitgevoerd.")
    [(other_text, _url)] = _news(fan_of_other)
    assert other_text.endswith("is niet gekozen. Lees waarom.")
