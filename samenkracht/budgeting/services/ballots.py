"""Writes of votes: cast or change a ballot, help someone vote, letters with voting codes."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from samenkracht.budgeting import permissions, selectors
from samenkracht.budgeting.models import (
    Ballot,
    BudgetRound,
    Proposal,
    VoteAssistance,
    VoterRecord,
    VotingCode,
)
from samenkracht.budgeting.services.rounds import round_advance
from samenkracht.budgeting.text import euro
from samenkracht.common.errors import ApplicationError
from samenkracht.core.codes import activation_code_new, activation_code_normalise
from samenkracht.people.models import User

_ALREADY_VOTED_WITH_CODE = gettext_lazy(
    "Voor deze bewoner is al een stem geteld. Met een code uit een brief kan die stem niet "
    "worden veranderd."
)

# One choice on a ballot: (proposal id, points). Points only on a cumulative ballot.
Choice = tuple[int, int | None]


@dataclass(frozen=True)
class CheckedChoice:
    proposal: Proposal
    points: int | None


@dataclass(frozen=True)
class CheckedBallot:
    """A ballot that passed every rule, ready to show on the confirm screen or to store."""

    choices: tuple[CheckedChoice, ...]
    total_cost: Decimal
    points_used: int


@dataclass(frozen=True)
class CastBallot:
    ballot: Ballot
    receipt_code: str
    is_change: bool


def _count_check(budget_round: BudgetRound, count: int) -> str | None:
    minimum = budget_round.min_projects or 1
    if count < minimum:
        return ngettext(
            "Kies minstens %(min)d project.", "Kies minstens %(min)d projecten.", minimum
        ) % {"min": minimum}
    maximum = budget_round.max_projects
    if maximum is not None and count > maximum:
        return ngettext(
            "U mag hoogstens %(max)d project kiezen. U koos er %(count)d.",
            "U mag hoogstens %(max)d projecten kiezen. U koos er %(count)d.",
            maximum,
        ) % {"max": maximum, "count": count}
    return None


def ballot_check(*, budget_round: BudgetRound, choices: Sequence[Choice]) -> CheckedBallot:
    """Check a ballot against the round's rules; raise a ValidationError in plain Dutch.

    Writes nothing, so the confirm screen can use it before the vote is cast.
    """
    on_ballot = {p.pk: p for p in selectors.ballot_proposals(budget_round=budget_round)}
    ids = [proposal_id for proposal_id, _points in choices]
    if any(proposal_id not in on_ballot for proposal_id in ids):
        raise ValidationError(
            {"choices": [_("Een van de gekozen projecten staat niet op het stembiljet.")]}
        )
    if len(set(ids)) != len(ids):
        raise ValidationError({"choices": [_("U heeft een project twee keer gekozen.")]})
    problem = _count_check(budget_round, len(ids))
    if problem is not None:
        raise ValidationError({"choices": [problem]})
    checked = []
    points_used = 0
    is_cumulative = budget_round.ballot_type == BudgetRound.BallotType.CUMULATIVE
    for proposal_id, points in choices:
        if is_cumulative:
            if points is None or isinstance(points, bool) or points < 1:
                raise ValidationError(
                    {"choices": [_("Geef elk project dat u kiest minstens 1 punt.")]}
                )
            points_used += points
        checked.append(
            CheckedChoice(proposal=on_ballot[proposal_id], points=points if is_cumulative else None)
        )
    total = sum((choice.proposal.cost for choice in checked), Decimal("0"))
    if budget_round.ballot_type == BudgetRound.BallotType.KNAPSACK and total > budget_round.amount:
        raise ValidationError(
            {
                "choices": [
                    _(
                        "Uw keuze kost %(total)s. Dat is meer dan het budget van %(budget)s. "
                        "Haal een project weg."
                    )
                    % {"total": euro(total), "budget": euro(budget_round.amount)}
                ]
            }
        )
    if is_cumulative and points_used > (budget_round.points_total or 0):
        raise ValidationError(
            {
                "choices": [
                    _("U verdeelde %(used)d punten. U mag er hoogstens %(total)d verdelen.")
                    % {"used": points_used, "total": budget_round.points_total or 0}
                ]
            }
        )
    return CheckedBallot(choices=tuple(checked), total_cost=total, points_used=points_used)


def _receipt_new() -> str:
    return activation_code_new()


def _recast_problem(
    *,
    record: VoterRecord | None,
    ballot: Ballot | None,
    voting_code: VotingCode | None,
    is_assisted: bool,
) -> str | None:
    """Why a person who already took part may not cast again this way, or None.

    A code from a letter votes once and never replaces a vote cast otherwise, so whoever
    printed the letter cannot change a resident's vote with it. For the same reason a
    professional who helps may change only a vote cast with help, never one the resident
    cast on their own (ADR 0011). A participation without a ballot to replace (the server
    secret changed) must not add a second ballot.
    """
    if record is None:
        return None
    if voting_code is not None:
        return str(_ALREADY_VOTED_WITH_CODE)
    if is_assisted and record.method != VoterRecord.Method.ASSISTED:
        return _(
            "Deze bewoner heeft zelf al gestemd. Alleen de bewoner zelf kan die stem nog "
            "veranderen, met het eigen account."
        )
    if ballot is None:
        return _(
            "Uw eerdere stem is niet terug te vinden, daarom kunt u hem niet veranderen. "
            "Uw eerdere stem telt wel mee. Neem bij vragen contact op met de gemeente."
        )
    return None


@transaction.atomic
def ballot_cast(
    *,
    budget_round: BudgetRound,
    voter: User,
    choices: Sequence[Choice],
    now: datetime,
    assisted_by: User | None = None,
    voting_code: VotingCode | None = None,
) -> CastBallot:
    """Cast a vote, or replace the voter's earlier vote while voting is open.

    One participation per person: the ballot is found again through the voter's key, so a
    second cast replaces the first and the count stays one. The ballot itself holds no
    link to the person.
    """
    round_advance(budget_round=budget_round, now=now)
    budget_round = BudgetRound.objects.select_for_update().get(pk=budget_round.pk)
    if assisted_by is not None:
        problem = permissions.assist_problem(assisted_by, voter, budget_round, now)
    else:
        problem = permissions.vote_problem(voter, budget_round, now)
    if problem is not None:
        raise ApplicationError(problem)
    if voting_code is not None:
        voting_code = _voting_code_lock(voting_code, budget_round=budget_round, voter=voter)
    checked = ballot_check(budget_round=budget_round, choices=choices)
    stored = [[choice.proposal.pk, choice.points] for choice in checked.choices]
    receipt_code = _receipt_new()
    key = selectors.voter_key(budget_round=budget_round, person=voter)
    ballot = (
        Ballot.objects.select_for_update().filter(budget_round=budget_round, voter_key=key).first()
    )
    record = (
        VoterRecord.objects.select_for_update()
        .filter(budget_round=budget_round, person=voter)
        .first()
    )
    problem = _recast_problem(
        record=record, ballot=ballot, voting_code=voting_code, is_assisted=assisted_by is not None
    )
    if problem is not None:
        raise ApplicationError(problem)
    is_change = ballot is not None
    if ballot is None:
        ballot = Ballot(budget_round=budget_round, voter_key=key)
    ballot.choices = stored
    ballot.receipt_hash = selectors.receipt_hash(code=receipt_code)
    ballot.full_clean()
    ballot.save()
    method = VoterRecord.Method.ACCOUNT
    if assisted_by is not None:
        method = VoterRecord.Method.ASSISTED
    elif voting_code is not None:
        method = VoterRecord.Method.LETTER
    if record is None:
        record = VoterRecord(budget_round=budget_round, person=voter)
    else:
        record.times_changed += 1
    record.voted_at = now
    record.method = method
    record.assisted_by = assisted_by
    record.full_clean()
    record.save()
    if assisted_by is not None:
        assistance = VoteAssistance(
            budget_round=budget_round, professional=assisted_by, resident=voter
        )
        assistance.full_clean()
        assistance.save()
    if voting_code is not None:
        voting_code.used_at = now
        voting_code.save(update_fields=["used_at", "updated_at"])
    if budget_round.settings_locked_at is None:
        budget_round.settings_locked_at = now
        budget_round.save(update_fields=["settings_locked_at", "updated_at"])
    return CastBallot(ballot=ballot, receipt_code=receipt_code, is_change=is_change)


# --- letters with voting codes ---------------------------------------------------------------


def _voting_code_lock(code: VotingCode, *, budget_round: BudgetRound, voter: User) -> VotingCode:
    locked = VotingCode.objects.select_for_update().get(pk=code.pk)
    if locked.budget_round_id != budget_round.pk or locked.person_id != voter.pk:
        raise ApplicationError(_("Deze code klopt niet."))
    problem = _voting_code_problem(locked)
    if problem is not None:
        raise ApplicationError(problem)
    return locked


def _voting_code_problem(code: VotingCode) -> str | None:
    if code.revoked_at is not None:
        return _("Deze code werkt niet meer. Er is een nieuwere brief gemaakt.")
    if code.used_at is not None:
        return _("Met deze code is al gestemd. Een code werkt maar één keer.")
    return None


def voting_code_verify(*, budget_round: BudgetRound, code: str, now: datetime) -> VotingCode:
    """Find the letter's code for this round; raise an ApplicationError when it cannot vote."""
    problem = permissions.voting_phase_problem(budget_round, now)
    if problem is not None:
        raise ApplicationError(problem)
    if not budget_round.allows_letter_codes:
        raise ApplicationError(_("Bij deze burgerbegroting kunt u niet stemmen met een code."))
    found = selectors.voting_code_find(
        budget_round=budget_round, code=activation_code_normalise(code)
    )
    if found is None:
        raise ApplicationError(_("Deze code klopt niet. Kijk goed of u alle tekens overnam."))
    problem = _voting_code_problem(found) or permissions.participation_problem(
        found.person, budget_round, now
    )
    if problem is not None:
        raise ApplicationError(problem)
    if selectors.voter_record_get(budget_round=budget_round, person=found.person) is not None:
        raise ApplicationError(str(_ALREADY_VOTED_WITH_CODE))
    return found


@transaction.atomic
def voting_codes_issue(
    *, budget_round: BudgetRound, issued_by: User, residents: Sequence[User], now: datetime
) -> list[tuple[User, str]]:
    """Make a one-time voting code for each resident, for a printed letter.

    Only a keyed hash of each code is stored; an earlier unused code of the same resident
    stops working. Residents who may not vote get no letter, and nothing is made.
    """
    if not permissions.can_print_voting_letters(issued_by, budget_round, now):
        raise PermissionDenied(_("U kunt voor deze burgerbegroting geen brieven maken."))
    if not residents:
        raise ValidationError({"residents": [_("Kies minstens één bewoner.")]})
    refused = [
        resident.full_name or resident.username
        for resident in residents
        if permissions.participation_problem(resident, budget_round, now) is not None
    ]
    if refused:
        raise ValidationError(
            {
                "residents": [
                    _("Deze bewoners mogen niet stemmen: %(names)s") % {"names": ", ".join(refused)}
                ]
            }
        )
    letters = []
    for resident in residents:
        VotingCode.objects.filter(
            budget_round=budget_round,
            person=resident,
            used_at__isnull=True,
            revoked_at__isnull=True,
        ).update(revoked_at=now)
        code = activation_code_new()
        voting_code = VotingCode(
            budget_round=budget_round,
            person=resident,
            code_hash=selectors.voting_code_hash(code=code),
            issued_by=issued_by,
        )
        voting_code.full_clean()
        voting_code.save()
        letters.append((resident, code))
    return letters
