"""Writes of results: ask for a round's result, compute it with the allocation core, store it."""

import secrets
from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from samenkracht.budgeting import permissions, selectors
from samenkracht.budgeting.models import (
    PHASE_ORDER,
    Ballot,
    BudgetRound,
    Phase,
    Proposal,
    RoundResult,
)
from samenkracht.budgeting.services.notices import followers_notify
from samenkracht.budgeting.text import fraction_text
from samenkracht.common.errors import ApplicationError
from samenkracht.core.budgeting import Outcome, allocate
from samenkracht.matching.services.notifications import quoted
from samenkracht.people.models import User

CENT = Decimal("0.01")
GREEDY = "greedy"


def _decimal(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(CENT)


def _closed_check(budget_round: BudgetRound, now: datetime) -> None:
    if PHASE_ORDER[budget_round.phase_at(now)] < PHASE_ORDER[Phase.RESULTS]:
        raise ApplicationError(_("Het stemmen is nog niet gesloten. De uitslag komt pas daarna."))


@transaction.atomic
def result_request(*, budget_round: BudgetRound, requested_by: User | None, now: datetime) -> bool:
    """Mark the round's result as "wordt berekend"; return True when it must be computed.

    The caller queues `result_compute_task` after commit. An official's explicit request
    always computes again; the automatic one at closing only when there is no result yet
    (or the last computation failed).
    """
    if requested_by is not None and not permissions.can_compute_result(
        requested_by, budget_round, now
    ):
        raise PermissionDenied(_("U kunt de uitslag van deze burgerbegroting niet berekenen."))
    _closed_check(budget_round, now)
    result = RoundResult.objects.select_for_update().filter(budget_round=budget_round).first()
    if result is None:
        result = RoundResult(budget_round=budget_round, rule=budget_round.rule)
    elif requested_by is None and result.status != RoundResult.Status.FAILED:
        return False
    result.status = RoundResult.Status.COMPUTING
    result.rule = budget_round.rule
    result.error = ""
    result.full_clean()
    result.save()
    return True


def _numbers_assign(budget_round: BudgetRound) -> None:
    """Give ballots without one a public number, in random order.

    The numbers are what the published file calls voters; a random order keeps them from
    telling who voted when.
    """
    unnumbered = list(
        Ballot.objects.select_for_update().filter(
            budget_round=budget_round, public_number__isnull=True
        )
    )
    if not unnumbered:
        return
    start = (
        Ballot.objects.filter(budget_round=budget_round).aggregate(top=Max("public_number"))["top"]
        or 0
    )
    secrets.SystemRandom().shuffle(unnumbered)
    for offset, ballot in enumerate(unnumbered, start=1):
        ballot.public_number = start + offset
    Ballot.objects.bulk_update(unnumbered, ["public_number"])


def _projects_json(outcome: Outcome, by_project_id: dict[str, Proposal]) -> dict[str, Any]:
    projects: dict[str, Any] = {}
    for project_id, explained in outcome.projects.items():
        proposal = by_project_id.get(project_id)
        if proposal is None:
            continue
        projects[str(proposal.pk)] = {
            "supporters": explained.supporters,
            "selected": explained.selected,
            "round": explained.round,
            "payers": explained.payers,
            "max_payment": (
                fraction_text(explained.max_payment) if explained.max_payment is not None else None
            ),
            "supporters_left": (
                fraction_text(explained.supporters_left)
                if explained.supporters_left is not None
                else None
            ),
            "rank": explained.rank,
            "by_completion": explained.by_completion,
            "cost": fraction_text(explained.cost),
        }
    return projects


@transaction.atomic
def result_compute(*, budget_round: BudgetRound, now: datetime) -> RoundResult:
    """Compute the round's result with its rule, and greedy's for comparison, and store both.

    Proposals on the ballot become won or lost; the chosen ones are planned for delivery.
    """
    budget_round = BudgetRound.objects.select_for_update().get(pk=budget_round.pk)
    _closed_check(budget_round, now)
    result = RoundResult.objects.select_for_update().filter(budget_round=budget_round).first()
    if result is None:
        result = RoundResult(budget_round=budget_round, rule=budget_round.rule)
    # Followers hear the outcome once, not again when the result is computed again.
    first_result = result.computed_at is None
    _numbers_assign(budget_round)
    instance, by_project_id = selectors.instance_build(budget_round=budget_round)
    try:
        # Exact: anyone who recomputes the round with pabutools must get the same result.
        outcome = allocate(instance, budget_round.rule, utility="cost", exact=True)
        greedy = outcome if budget_round.rule == GREEDY else allocate(instance, GREEDY)
    except (ValueError, ArithmeticError) as error:
        result.status = RoundResult.Status.FAILED
        result.error = str(error)[:2000]
        result.save()
        return result
    selected = [by_project_id[project_id].pk for project_id in outcome.selected]
    result.status = RoundResult.Status.DONE
    result.rule = budget_round.rule
    result.utility = outcome.utility
    result.voter_count = len(instance.ballots)
    result.budget = budget_round.amount
    result.spent = _decimal(outcome.spent)
    result.voter_budget = (
        fraction_text(outcome.voter_budget) if outcome.voter_budget is not None else ""
    )
    result.selected = selected
    result.projects = _projects_json(outcome, by_project_id)
    result.greedy_selected = [by_project_id[project_id].pk for project_id in greedy.selected]
    result.greedy_spent = _decimal(greedy.spent)
    result.computed_at = now
    result.error = ""
    result.full_clean()
    result.save()
    on_ballot = [p.pk for p in by_project_id.values()]
    Proposal.objects.filter(pk__in=selected).update(status=Proposal.Status.WON)
    Proposal.objects.filter(pk__in=set(on_ballot) - set(selected)).update(
        status=Proposal.Status.LOST
    )
    Proposal.objects.filter(pk__in=selected, delivery_status=Proposal.Delivery.NONE).update(
        delivery_status=Proposal.Delivery.PLANNED
    )
    if first_result:
        chosen = set(selected)
        for proposal in by_project_id.values():
            followers_notify(
                proposal=proposal,
                text=(
                    _("%(title)s is gekozen en wordt uitgevoerd.")
                    if proposal.pk in chosen
                    else _("%(title)s is niet gekozen. Lees waarom.")
                )
                % {"title": quoted(proposal.title)},
            )
    return result
