"""Small lookups every budgeting view needs: the signed-in person and objects or a 404."""

import time
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from samenkracht.budgeting import selectors, services
from samenkracht.budgeting.models import BudgetRound, Proposal
from samenkracht.budgeting.tasks import round_catch_up
from samenkracht.people.models import User


def person(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def round_current(budget_round: BudgetRound, now: datetime) -> BudgetRound:
    return round_catch_up(budget_round=budget_round, now=now)


def round_or_404(pk: int, now: datetime) -> BudgetRound:
    budget_round = selectors.round_get(pk=pk)
    if budget_round is None:
        raise Http404
    return round_current(budget_round, now)


def proposal_or_404(pk: int, now: datetime) -> Proposal:
    proposal = selectors.proposal_get(pk=pk)
    if proposal is None or proposal.status == Proposal.Status.WITHDRAWN:
        raise Http404
    if services.round_advance_is_due(budget_round=proposal.budget_round, now=now):
        round_catch_up(budget_round=proposal.budget_round, now=now)
        refreshed = selectors.proposal_get(pk=pk)
        if refreshed is None:
            raise Http404
        return refreshed
    return proposal


# A receipt or a letter waits in the session this long, so a reload shows it again.
SESSION_SECONDS = 60 * 60


def _session_key(kind: str, budget_round: BudgetRound) -> str:
    return f"budgeting.{kind}.{budget_round.pk}"


def session_remember(
    request: HttpRequest, kind: str, budget_round: BudgetRound, value: Any
) -> None:
    request.session[_session_key(kind, budget_round)] = {"value": value, "at": time.time()}


def session_recall(request: HttpRequest, kind: str, budget_round: BudgetRound) -> Any:
    stored = request.session.get(_session_key(kind, budget_round))
    if not stored or time.time() - stored.get("at", 0) > SESSION_SECONDS:
        request.session.pop(_session_key(kind, budget_round), None)
        return None
    return stored["value"]


def session_forget(request: HttpRequest, kind: str, budget_round: BudgetRound) -> None:
    request.session.pop(_session_key(kind, budget_round), None)
