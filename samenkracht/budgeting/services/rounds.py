"""Writes of budget rounds: create, change, and move them through their phases."""

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from samenkracht.budgeting import permissions, selectors
from samenkracht.budgeting.models import PHASE_ORDER, BudgetRound, Phase, Proposal
from samenkracht.budgeting.services.results import result_request
from samenkracht.common.errors import ApplicationError
from samenkracht.people.models import Municipality, Neighbourhood, User

PHASE_FIELDS = (
    "proposals_start",
    "support_start",
    "feasibility_start",
    "voting_start",
    "voting_end",
    "delivery_start",
)
# What voters rely on: fixed once the first vote is cast.
LOCKED_FIELDS = frozenset(
    {
        "amount",
        "neighbourhoods",
        "ballot_type",
        "min_projects",
        "max_projects",
        "points_total",
        "rule",
        "minimum_age",
        "voting_start",
        # Voters plan by the closing day: ending early would shut some of them out.
        "voting_end",
        "allows_letter_codes",
    }
)
UPDATABLE_FIELDS = frozenset(
    {"title", "description", "min_supports", "voting_end", "delivery_start", *PHASE_FIELDS}
    | LOCKED_FIELDS
)
# The rules a round can be created with; the others exist for imported elections.
OFFERED_RULES = (
    BudgetRound.Rule.MES_COMPLETED,
    BudgetRound.Rule.GREEDY,
    BudgetRound.Rule.PHRAGMEN,
)


def _area_check(municipality: Municipality, neighbourhoods: list[Neighbourhood]) -> None:
    if not neighbourhoods:
        raise ValidationError({"neighbourhoods": [_("Kies minstens één buurt.")]})
    outside = [n.name for n in neighbourhoods if n.district.municipality_id != municipality.pk]
    if outside:
        raise ValidationError(
            {
                "neighbourhoods": [
                    _("Deze buurten liggen niet in de gemeente: %(names)s")
                    % {"names": ", ".join(outside)}
                ]
            }
        )


def _ballot_settings_check(budget_round: BudgetRound) -> None:
    errors: dict[str, list[str]] = {}
    is_cumulative = budget_round.ballot_type == BudgetRound.BallotType.CUMULATIVE
    if not is_cumulative:
        budget_round.points_total = None
    if budget_round.min_projects == 0:
        budget_round.min_projects = None
    if budget_round.max_projects == 0:
        errors["max_projects"] = [_("Het maximum is minstens 1 project.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def round_create(
    *,
    created_by: User,
    municipality: Municipality,
    neighbourhoods: list[Neighbourhood],
    title: str,
    amount: Decimal,
    proposals_start: datetime,
    support_start: datetime,
    feasibility_start: datetime,
    voting_start: datetime,
    voting_end: datetime,
    delivery_start: datetime,
    description: str = "",
    min_supports: int = 10,
    ballot_type: str = BudgetRound.BallotType.KNAPSACK,
    min_projects: int | None = None,
    max_projects: int | None = None,
    points_total: int | None = None,
    rule: str = BudgetRound.Rule.MES_COMPLETED,
    minimum_age: int = 16,
    allows_letter_codes: bool = True,
) -> BudgetRound:
    """Create a round for one or more buurten of a municipality."""
    if not permissions.can_manage_area(
        created_by, municipality_id=municipality.pk, neighbourhoods=neighbourhoods
    ):
        raise PermissionDenied(_("U kunt geen burgerbegroting maken voor deze buurten."))
    _area_check(municipality, neighbourhoods)
    if rule not in OFFERED_RULES:
        raise ValidationError({"rule": [_("Kies een manier van verdelen.")]})
    budget_round = BudgetRound(
        municipality=municipality,
        title=title.strip(),
        description=description.strip(),
        amount=amount,
        proposals_start=proposals_start,
        support_start=support_start,
        feasibility_start=feasibility_start,
        voting_start=voting_start,
        voting_end=voting_end,
        delivery_start=delivery_start,
        min_supports=min_supports,
        ballot_type=ballot_type,
        min_projects=min_projects,
        max_projects=max_projects,
        points_total=points_total,
        rule=rule,
        minimum_age=minimum_age,
        allows_letter_codes=allows_letter_codes,
        created_by=created_by,
    )
    _ballot_settings_check(budget_round)
    budget_round.full_clean()
    budget_round.save()
    budget_round.neighbourhoods.set(neighbourhoods)
    return budget_round


def phase_regression_problem(budget_round: BudgetRound, *, now: datetime) -> str | None:
    """Why the round's (changed, unsaved) dates are refused: a phase that passed came back.

    What happened in a phase (support counted, votes closed) cannot be undone, so dates
    may only move the round forward or keep it where it is. The admin checks this too.
    """
    if PHASE_ORDER[budget_round.phase_at(now)] < PHASE_ORDER[Phase(budget_round.applied_phase)]:
        return _(
            "Een fase die al voorbij is, kan niet opnieuw beginnen. Kies data die daarna liggen."
        )
    return None


@transaction.atomic
def round_update(
    *, budget_round: BudgetRound, actor: User, now: datetime, **changes: Any
) -> BudgetRound:
    """Change a round; voting settings are refused once the first vote is cast."""
    if not permissions.can_manage_round(actor, budget_round):
        raise PermissionDenied(_("U kunt deze burgerbegroting niet wijzigen."))
    unknown = set(changes) - UPDATABLE_FIELDS
    if unknown:
        raise ApplicationError(
            _("Deze velden kunnen niet worden gewijzigd: %s") % ", ".join(sorted(unknown))
        )
    budget_round = BudgetRound.objects.select_for_update().get(pk=budget_round.pk)
    current_area = sorted(selectors.round_neighbourhood_ids(budget_round=budget_round))
    changed = {
        field
        for field, value in changes.items()
        if (
            sorted(n.pk for n in value) != current_area
            if field == "neighbourhoods"
            else getattr(budget_round, field) != value
        )
    }
    locked = changed & LOCKED_FIELDS
    problem = permissions.round_settings_problem(budget_round) if locked else None
    if problem is not None:
        raise ApplicationError(problem)
    if "rule" in changed and changes["rule"] not in OFFERED_RULES:
        raise ValidationError({"rule": [_("Kies een manier van verdelen.")]})
    neighbourhoods = changes.pop("neighbourhoods", None)
    if neighbourhoods is not None and "neighbourhoods" in changed:
        _area_check(budget_round.municipality, neighbourhoods)
        if not permissions.can_manage_area(
            actor, municipality_id=budget_round.municipality_id, neighbourhoods=neighbourhoods
        ):
            raise PermissionDenied(_("U kunt geen burgerbegroting maken voor deze buurten."))
    for field, value in changes.items():
        setattr(budget_round, field, value.strip() if isinstance(value, str) else value)
    problem = phase_regression_problem(budget_round, now=now)
    if problem is not None:
        raise ValidationError({"__all__": [problem]})
    _ballot_settings_check(budget_round)
    budget_round.full_clean()
    fields = sorted(set(changes) & changed | {"points_total", "min_projects"})
    budget_round.save(update_fields=[*fields, "updated_at"])
    if neighbourhoods is not None and "neighbourhoods" in changed:
        budget_round.neighbourhoods.set(neighbourhoods)
    return budget_round


# --- phases ----------------------------------------------------------------------------------


def _support_close(budget_round: BudgetRound) -> None:
    """Proposals with enough support go on to the feasibility check; the rest stop here."""
    counted = Proposal.objects.filter(
        budget_round=budget_round, status=Proposal.Status.SUBMITTED
    ).annotate(support_total=Count("supports"))
    passed = [p.pk for p in counted if p.support_total >= budget_round.min_supports]
    Proposal.objects.filter(pk__in=passed).update(status=Proposal.Status.PASSED)
    Proposal.objects.filter(budget_round=budget_round, status=Proposal.Status.SUBMITTED).exclude(
        pk__in=passed
    ).update(status=Proposal.Status.NOT_PASSED)


def _ballot_fix(budget_round: BudgetRound) -> None:
    """Feasible proposals go on the ballot; proposals never judged do not."""
    Proposal.objects.filter(budget_round=budget_round, status=Proposal.Status.FEASIBLE).update(
        status=Proposal.Status.ON_BALLOT
    )


def round_advance(*, budget_round: BudgetRound, now: datetime) -> bool:
    """Run the transitions of every phase the round entered since the last call.

    Idempotent, and safe to call from any page or the periodic command: support is
    counted when the feasibility check starts, the ballot is fixed when voting starts, and
    the result is asked for when voting closes. Return True when the result was asked
    for; the caller then queues its computation (after commit).
    """
    with transaction.atomic():
        budget_round = BudgetRound.objects.select_for_update().get(pk=budget_round.pk)
        target = budget_round.phase_at(now)
        applied = Phase(budget_round.applied_phase)
        if PHASE_ORDER[target] <= PHASE_ORDER[applied]:
            return False
        reached = PHASE_ORDER[target]
        if PHASE_ORDER[applied] < PHASE_ORDER[Phase.FEASIBILITY] <= reached:
            _support_close(budget_round)
        if PHASE_ORDER[applied] < PHASE_ORDER[Phase.VOTING] <= reached:
            _ballot_fix(budget_round)
        budget_round.applied_phase = target
        budget_round.save(update_fields=["applied_phase", "updated_at"])
        if PHASE_ORDER[applied] < PHASE_ORDER[Phase.RESULTS] <= reached:
            return result_request(budget_round=budget_round, requested_by=None, now=now)
    return False


def round_advance_is_due(*, budget_round: BudgetRound, now: datetime) -> bool:
    return bool(budget_round.phase_at(now) != budget_round.applied_phase)


def rounds_advance(*, now: datetime) -> list[int]:
    """Advance every round whose phase moved on; return the ids whose result was asked for."""
    requested = []
    for budget_round in selectors.rounds_unfinished():
        if round_advance_is_due(budget_round=budget_round, now=now) and round_advance(
            budget_round=budget_round, now=now
        ):
            requested.append(budget_round.pk)
    return requested
