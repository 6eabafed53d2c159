"""Background work for budget rounds: fetch by id, call a service."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from samenkracht.budgeting import selectors, services
from samenkracht.budgeting.models import BudgetRound


@task()
def result_compute_task(*, budget_round_id: int) -> str:
    """Compute and store a round's result; return its status."""
    budget_round = selectors.round_get(pk=budget_round_id)
    if budget_round is None:
        return "missing"
    return services.result_compute(budget_round=budget_round, now=timezone.now()).status


@task()
def rounds_advance_task() -> int:
    """Move rounds to their next phase (cron); queue the results of rounds that closed."""
    requested = services.rounds_advance(now=timezone.now())
    for budget_round_id in requested:
        result_compute_enqueue(budget_round_id=budget_round_id)
    return len(requested)


def result_compute_enqueue(*, budget_round_id: int) -> None:
    """Queue the computation once the request for it is committed."""
    transaction.on_commit(lambda: result_compute_task.enqueue(budget_round_id=budget_round_id))


def round_catch_up(*, budget_round: BudgetRound, now: datetime) -> BudgetRound:
    """The round with its phase transitions caught up; nothing is written when none is due.

    Pages and the API must not wait for the periodic command: a round whose voting just
    closed asks for its result here, and its computation is queued.
    """
    if not services.round_advance_is_due(budget_round=budget_round, now=now):
        return budget_round
    if services.round_advance(budget_round=budget_round, now=now):
        result_compute_enqueue(budget_round_id=budget_round.pk)
    return selectors.round_get(pk=budget_round.pk) or budget_round
