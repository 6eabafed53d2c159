"""Background tasks and the cron command: fetch by id, call a service."""

from io import StringIO

import pytest
from django.core.management import call_command

from samenkracht.budgeting.models import BudgetRound, Phase, RoundResult
from samenkracht.budgeting.tasks import result_compute_task, rounds_advance_task
from samenkracht.budgeting.tests.factories import ballot_round, phase_dates

pytestmark = pytest.mark.django_db


def test_the_result_task_for_a_round_that_is_gone_does_nothing():
    assert result_compute_task.enqueue(budget_round_id=987654).return_value == "missing"


def test_the_cron_command_moves_rounds_and_queues_their_results(django_capture_on_commit_callbacks):
    # given: a round whose voting closed
    budget_round, _proposals = ballot_round(phase=Phase.VOTING)
    BudgetRound.objects.filter(pk=budget_round.pk).update(**phase_dates(Phase.RESULTS))
    # when
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("advance_budget_rounds", stdout=out)
    # then
    budget_round.refresh_from_db()
    assert budget_round.applied_phase == Phase.RESULTS
    assert RoundResult.objects.get().status == RoundResult.Status.DONE
    assert rounds_advance_task.enqueue().return_value == 0
