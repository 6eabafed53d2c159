"""Who may do what in a budget round: the one place that decides.

Functions named `*_problem` return the reason in plain Dutch why a person may not do
something (or None); services raise it as an ApplicationError, pages show it. The `can_*`
functions answer yes or no from the same rules.
"""

from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from samenkracht.budgeting import selectors
from samenkracht.budgeting.models import PHASE_ORDER, BudgetRound, Phase, Proposal
from samenkracht.people.models import Neighbourhood, User
from samenkracht.people.permissions import is_admin, is_official, is_professional

AnyUser = User | AnonymousUser

PROPOSAL_EDIT_STATUSES = (Proposal.Status.SUBMITTED,)
FEASIBILITY_STATUSES = (
    Proposal.Status.PASSED,
    Proposal.Status.FEASIBLE,
    Proposal.Status.NOT_FEASIBLE,
)
SUPPORT_PHASES = (Phase.PROPOSALS, Phase.SUPPORT)


def _day(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "j F Y")


def _is_active_person(user: AnyUser) -> bool:
    return bool(
        isinstance(user, User) and user.is_authenticated and user.is_active and not user.is_deleted
    )


def _work_area_ids(user: User) -> set[int]:
    return set(user.work_neighbourhoods.values_list("pk", flat=True))


def age_in_year(*, birth_year: int, now: datetime) -> int:
    """The age a person reaches this calendar year; only the birth year is known."""
    return timezone.localtime(now).year - birth_year


# --- managing rounds -------------------------------------------------------------------------


def can_create_round(user: AnyUser) -> bool:
    """Officials of a municipality, professionals with a work area, and admins."""
    if not _is_active_person(user):
        return False
    if is_admin(user):
        return True
    if is_official(user):
        return user.municipality_id is not None  # type: ignore[union-attr]
    if is_professional(user):
        return bool(_work_area_ids(user))  # type: ignore[arg-type]
    return False


def can_manage_area(
    user: AnyUser, *, municipality_id: int, neighbourhoods: list[Neighbourhood]
) -> bool:
    """May `user` run a round for these buurten of this municipality?

    An official runs rounds of their own municipality; a professional only for buurten
    that are all in their work area.
    """
    if not _is_active_person(user):
        return False
    if is_admin(user):
        return True
    if is_official(user):
        return user.municipality_id == municipality_id  # type: ignore[union-attr]
    if is_professional(user):
        area = {n.pk for n in neighbourhoods}
        return bool(area) and area <= _work_area_ids(user)  # type: ignore[arg-type]
    return False


def can_manage_round(user: AnyUser, budget_round: BudgetRound) -> bool:
    """Change the round, record feasibility, update delivery."""
    if not _is_active_person(user):
        return False
    if is_admin(user):
        return True
    if is_official(user):
        return user.municipality_id == budget_round.municipality_id  # type: ignore[union-attr]
    if is_professional(user):
        area = selectors.round_neighbourhood_ids(budget_round=budget_round)
        return bool(area) and area <= _work_area_ids(user)  # type: ignore[arg-type]
    return False


def round_settings_problem(budget_round: BudgetRound) -> str | None:
    """Voting settings are fixed once the first vote is cast."""
    if budget_round.is_settings_locked or selectors.round_has_votes(budget_round=budget_round):
        return _(
            "Er is al gestemd. Daarom liggen het budget, de buurten, het stembiljet en de "
            "manier van verdelen nu vast."
        )
    return None


def can_compute_result(user: AnyUser, budget_round: BudgetRound, now: datetime) -> bool:
    """An official (or admin) asks for the result once voting has closed."""
    if not _is_active_person(user):
        return False
    if not (is_admin(user) or is_official(user)):
        return False
    if not can_manage_round(user, budget_round):
        return False
    return PHASE_ORDER[budget_round.phase_at(now)] >= PHASE_ORDER[Phase.RESULTS]


# --- taking part -----------------------------------------------------------------------------


def participation_problem(user: AnyUser, budget_round: BudgetRound, now: datetime) -> str | None:
    """Why `user` may not take part in the round (propose, support, vote), or None."""
    if not _is_active_person(user):
        return _("Log in om mee te doen.")
    assert isinstance(user, User)
    if user.role != User.Role.RESIDENT:
        return _("Alleen bewoners van de buurt doen mee aan de burgerbegroting.")
    if user.neighbourhood_id not in selectors.round_neighbourhood_ids(budget_round=budget_round):
        return _("U woont niet in een buurt van deze burgerbegroting. Daarom kunt u niet meedoen.")
    if budget_round.minimum_age:
        if user.birth_year is None:
            return _("Wij weten uw leeftijd niet. Vul eerst uw geboortejaar in bij uw profiel.")
        if age_in_year(birth_year=user.birth_year, now=now) < budget_round.minimum_age:
            return _("U bent te jong om mee te doen. U moet minstens %(age)d jaar zijn.") % {
                "age": budget_round.minimum_age
            }
    return None


def proposal_submit_problem(user: AnyUser, budget_round: BudgetRound, now: datetime) -> str | None:
    phase = budget_round.phase_at(now)
    if phase != Phase.PROPOSALS:
        if PHASE_ORDER[phase] < PHASE_ORDER[Phase.PROPOSALS]:
            return _("Voorstellen indienen kan vanaf %(date)s.") % {
                "date": _day(budget_round.proposals_start)
            }
        return _("Voorstellen indienen kan niet meer. Dat kon tot %(date)s.") % {
            "date": _day(budget_round.support_start)
        }
    return participation_problem(user, budget_round, now)


def can_submit_proposal(user: AnyUser, budget_round: BudgetRound, now: datetime) -> bool:
    return proposal_submit_problem(user, budget_round, now) is None


def can_edit_proposal(user: AnyUser, proposal: Proposal, now: datetime) -> bool:
    """The author, while proposals may be submitted; the round's managers until voting."""
    if not _is_active_person(user):
        return False
    budget_round = proposal.budget_round
    phase = budget_round.phase_at(now)
    if can_manage_round(user, budget_round):
        return PHASE_ORDER[phase] < PHASE_ORDER[Phase.VOTING]
    if proposal.author_id != user.pk:
        return False
    if proposal.status not in PROPOSAL_EDIT_STATUSES:
        return False
    return phase == Phase.PROPOSALS


def support_problem(user: AnyUser, proposal: Proposal, now: datetime) -> str | None:
    budget_round = proposal.budget_round
    if budget_round.phase_at(now) not in SUPPORT_PHASES:
        return _("Steunen kan nu niet. Dat kan alleen zolang voorstellen steun verzamelen.")
    if proposal.status != Proposal.Status.SUBMITTED:
        return _("Dit voorstel verzamelt geen steun meer.")
    if user.is_authenticated and proposal.author_id == user.pk:
        return _("U kunt uw eigen voorstel niet steunen.")
    return participation_problem(user, budget_round, now)


def can_support(user: AnyUser, proposal: Proposal, now: datetime) -> bool:
    return support_problem(user, proposal, now) is None


def can_follow(user: AnyUser, proposal: Proposal) -> bool:
    """Everyone who is signed in may follow a public proposal."""
    return _is_active_person(user) and proposal.status != Proposal.Status.WITHDRAWN


def can_record_feasibility(user: AnyUser, proposal: Proposal, now: datetime) -> bool:
    """Professionals and officials of the round judge proposals with enough support."""
    if not can_manage_round(user, proposal.budget_round):
        return False
    if proposal.budget_round.phase_at(now) != Phase.FEASIBILITY:
        return False
    return proposal.status in FEASIBILITY_STATUSES


def can_update_delivery(user: AnyUser, proposal: Proposal) -> bool:
    if not can_manage_round(user, proposal.budget_round):
        return False
    return proposal.status == Proposal.Status.WON


# --- voting ----------------------------------------------------------------------------------


def voting_phase_problem(budget_round: BudgetRound, now: datetime) -> str | None:
    phase = budget_round.phase_at(now)
    if PHASE_ORDER[phase] < PHASE_ORDER[Phase.VOTING]:
        return _("Het stemmen is nog niet begonnen. U kunt stemmen vanaf %(date)s.") % {
            "date": _day(budget_round.voting_start)
        }
    if phase != Phase.VOTING:
        return _("Het stemmen is gesloten. Stemmen kon tot %(date)s.") % {
            "date": _day(budget_round.voting_end)
        }
    return None


def vote_problem(user: AnyUser, budget_round: BudgetRound, now: datetime) -> str | None:
    """Why `user` may not cast or change a vote now, or None."""
    return voting_phase_problem(budget_round, now) or participation_problem(user, budget_round, now)


def can_vote(user: AnyUser, budget_round: BudgetRound, now: datetime) -> bool:
    return vote_problem(user, budget_round, now) is None


def can_assist_voting(user: AnyUser, budget_round: BudgetRound, now: datetime) -> bool:
    """A professional working in one of the round's buurten helps residents to vote."""
    if not _is_active_person(user):
        return False
    if voting_phase_problem(budget_round, now) is not None:
        return False
    if is_admin(user):
        return True
    if not is_professional(user):
        return False
    area = selectors.round_neighbourhood_ids(budget_round=budget_round)
    return bool(area & _work_area_ids(user))  # type: ignore[arg-type]


def assist_problem(
    user: AnyUser, resident: User, budget_round: BudgetRound, now: datetime
) -> str | None:
    """Why `user` may not vote on behalf of `resident`, or None."""
    if not can_assist_voting(user, budget_round, now):
        return _("U kunt bij deze burgerbegroting niet helpen stemmen.")
    assert isinstance(user, User)
    if user.pk == resident.pk:
        return _("U kunt niet uzelf helpen stemmen.")
    if not is_admin(user) and resident.neighbourhood_id not in _work_area_ids(user):
        return _("Deze bewoner woont niet in uw werkgebied.")
    return participation_problem(resident, budget_round, now)


def can_print_voting_letters(user: AnyUser, budget_round: BudgetRound, now: datetime) -> bool:
    """A professional of the buurt prints letters with codes until voting closes."""
    if not budget_round.allows_letter_codes:
        return False
    if PHASE_ORDER[budget_round.phase_at(now)] > PHASE_ORDER[Phase.VOTING]:
        return False
    if not _is_active_person(user):
        return False
    if is_admin(user):
        return True
    if not is_professional(user):
        return False
    area = selectors.round_neighbourhood_ids(budget_round=budget_round)
    return bool(area & _work_area_ids(user))  # type: ignore[arg-type]


# --- results ---------------------------------------------------------------------------------


def can_view_results(user: AnyUser, budget_round: BudgetRound, now: datetime) -> bool:
    """Everyone, once the result is published."""
    return selectors.is_result_published(budget_round=budget_round, now=now)


def can_view_round(user: AnyUser, budget_round: BudgetRound) -> bool:
    """Rounds and their proposals are public, like a council's agenda."""
    return True
