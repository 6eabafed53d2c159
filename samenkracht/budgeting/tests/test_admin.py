"""The Dutch admin for rounds, proposals and delivery; a locked round stays locked there too."""

from datetime import timedelta

import pytest
from django import forms
from django.utils import timezone
from pytest_django.asserts import assertContains

from samenkracht.budgeting.admin import BudgetRoundAdminForm
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


def _round_form_data(budget_round: BudgetRound, **changes: object) -> dict[str, object]:
    data = forms.model_to_dict(budget_round, fields=BudgetRoundAdminForm.Meta.fields)
    data.update(changes)
    return data


def test_the_admin_cannot_move_a_round_back_to_a_phase_that_has_passed():
    # given: a round in its voting phase
    budget_round, _proposals = ballot_round()
    before = BudgetRound.objects.get(pk=budget_round.pk)
    later = timezone.now() + timedelta(days=30)
    # when: the admin moves the start of the support phase (and all after it) into the future
    form = BudgetRoundAdminForm(
        instance=budget_round,
        data=_round_form_data(
            budget_round,
            support_start=later,
            feasibility_start=later + timedelta(days=1),
            voting_start=later + timedelta(days=2),
            voting_end=later + timedelta(days=3),
            delivery_start=later + timedelta(days=4),
        ),
    )
    # then: refused with the services' reason, nothing changed
    assert not form.is_valid()
    assert "kan niet opnieuw beginnen" in " ".join(str(error) for error in form.non_field_errors())
    assert BudgetRound.objects.get(pk=budget_round.pk).support_start == before.support_start


def test_the_admin_can_move_a_later_phase_date_forward():
    # given: a round in its voting phase
    budget_round, _proposals = ballot_round()
    # when: the admin gives delivery a later start
    form = BudgetRoundAdminForm(
        instance=budget_round,
        data=_round_form_data(
            budget_round, delivery_start=budget_round.delivery_start + timedelta(days=7)
        ),
    )
    # then
    assert form.is_valid(), form.errors
