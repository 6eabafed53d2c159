"""The Dutch admin for rounds, proposals and delivery; a locked round stays locked there too."""

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains

from samenkracht.budgeting.models import BudgetRound, Phase, RoundResult
from samenkracht.budgeting.tests.factories import ProposalFactory, ballot_round
from samenkracht.people.tests.factories import AdminFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/beheer/budgeting/budgetround/",
        "/beheer/budgeting/proposal/",
        "/beheer/budgeting/deliveryupdate/",
        "/beheer/budgeting/roundresult/",
        "/beheer/budgeting/voterrecord/",
        "/beheer/budgeting/voteassistance/",
    ],
)
def test_admin_lists_open(client, path):
    ProposalFactory()
    client.force_login(AdminFactory())
    assert client.get(path).status_code == 200


def test_ballots_are_not_in_the_admin(client):
    client.force_login(AdminFactory())
    assert client.get("/beheer/budgeting/ballot/").status_code == 404


def test_a_locked_round_shows_its_voting_settings_read_only(client):
    budget_round, _proposals = ballot_round()
    BudgetRound.objects.filter(pk=budget_round.pk).update(settings_locked_at=timezone.now())
    client.force_login(AdminFactory())
    page = client.get(f"/beheer/budgeting/budgetround/{budget_round.pk}/change/")
    assert page.status_code == 200
    assert "amount" not in page.context["adminform"].form.fields
    assertContains(page, "burgerbegroting")


def test_the_admin_action_asks_for_the_result(client, django_capture_on_commit_callbacks):
    budget_round, _proposals = ballot_round(phase=Phase.RESULTS)
    client.force_login(AdminFactory())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/beheer/budgeting/budgetround/",
            {"action": "result_compute", "_selected_action": [budget_round.pk]},
        )
    assert RoundResult.objects.get(budget_round=budget_round).status == RoundResult.Status.DONE


def test_costs_and_titles_on_a_locked_ballot_are_read_only_in_the_admin(client):
    # given: a vote has been cast
    budget_round, (proposal, *_rest) = ballot_round()
    BudgetRound.objects.filter(pk=budget_round.pk).update(settings_locked_at=timezone.now())
    client.force_login(AdminFactory())
    # when
    round_page = client.get(f"/beheer/budgeting/budgetround/{budget_round.pk}/change/")
    proposal_page = client.get(f"/beheer/budgeting/proposal/{proposal.pk}/change/")
    # then
    inline_form = round_page.context["inline_admin_formsets"][0].formset.forms[0]
    assert not {"title", "estimated_cost", "assessed_cost"} & set(inline_form.fields)
    assert not {"title", "estimated_cost", "assessed_cost", "budget_round"} & set(
        proposal_page.context["adminform"].form.fields
    )


def test_costs_stay_editable_in_the_admin_before_the_first_vote(client):
    _budget_round, (proposal, *_rest) = ballot_round()
    client.force_login(AdminFactory())
    proposal_page = client.get(f"/beheer/budgeting/proposal/{proposal.pk}/change/")
    assert "assessed_cost" in proposal_page.context["adminform"].form.fields


def test_the_admin_action_while_voting_is_open_says_why_on_the_list(client):
    budget_round, _proposals = ballot_round()
    client.force_login(AdminFactory())
    response = client.post(
        "/beheer/budgeting/budgetround/",
        {"action": "result_compute", "_selected_action": [budget_round.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assertContains(response, "niet berekenen")
    assert not RoundResult.objects.filter(budget_round=budget_round).exists()
