"""Budget rounds: the list, one round per phase, creating and changing, asking for the result."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from samenkracht.budgeting import permissions, selectors, services
from samenkracht.budgeting.forms import RoundForm
from samenkracht.budgeting.models import PHASE_ORDER, BudgetRound, Phase, Proposal
from samenkracht.budgeting.tasks import result_compute_enqueue
from samenkracht.budgeting.text import euro
from samenkracht.budgeting.views.access import person, round_current, round_or_404
from samenkracht.budgeting.views.proposals import proposal_places
from samenkracht.common.errors import ApplicationError
from samenkracht.common.forms import form_add_errors
from samenkracht.people import selectors as people_selectors
from samenkracht.people.models import Neighbourhood, User
from samenkracht.people.permissions import is_admin, is_official

# The day each phase starts, as residents read it; voting shows its last day too.
PHASE_STARTS = (
    (Phase.PROPOSALS, "proposals_start"),
    (Phase.SUPPORT, "support_start"),
    (Phase.FEASIBILITY, "feasibility_start"),
    (Phase.VOTING, "voting_start"),
    (Phase.RESULTS, "voting_end"),
    (Phase.DELIVERY, "delivery_start"),
)


@dataclass(frozen=True)
class PhaseStep:
    label: str
    starts: datetime
    is_current: bool
    is_done: bool


def phase_steps(budget_round: BudgetRound, now: datetime) -> list[PhaseStep]:
    current = PHASE_ORDER[budget_round.phase_at(now)]
    return [
        PhaseStep(
            label=str(phase.label),
            starts=getattr(budget_round, field),
            is_current=PHASE_ORDER[phase] == current,
            is_done=PHASE_ORDER[phase] < current,
        )
        for phase, field in PHASE_STARTS
    ]


def voting_last_day(budget_round: BudgetRound) -> datetime:
    return budget_round.voting_end - timedelta(microseconds=1)


class RoundListView(View):
    """Every round of the municipality: current ones first, then finished ones."""

    def get(self, request: HttpRequest) -> HttpResponse:
        now = timezone.now()
        rounds = list(selectors.round_list())
        current: list[dict[str, Any]] = []
        finished: list[dict[str, Any]] = []
        for budget_round in rounds:
            phase = budget_round.phase_at(now)
            row = {"round": budget_round, "phase": phase, "amount": euro(budget_round.amount)}
            (finished if PHASE_ORDER[phase] >= PHASE_ORDER[Phase.RESULTS] else current).append(row)
        return render(
            request,
            "budgeting/round_list.html",
            {
                "current": current,
                "finished": finished,
                "can_create": permissions.can_create_round(request.user),
            },
        )


class RoundDetailView(View):
    """One round: what it is, where it stands, and what the visitor can do now."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        now = timezone.now()
        budget_round = round_or_404(pk, now)
        user = request.user
        phase = budget_round.phase_at(now)
        proposals = list(
            selectors.proposal_list(budget_round=budget_round, statuses=selectors.PUBLIC_STATUSES)
        )
        result = selectors.result_get(budget_round=budget_round)
        is_voting = phase == Phase.VOTING
        record = (
            selectors.voter_record_get(budget_round=budget_round, person=user)
            if is_voting and isinstance(user, User)
            else None
        )
        context: dict[str, Any] = {
            "round": budget_round,
            "phase": phase,
            "phase_label": phase.label,
            "steps": phase_steps(budget_round, now),
            "amount": euro(budget_round.amount),
            "neighbourhoods": list(budget_round.neighbourhoods.all()),
            "proposals": proposals,
            "proposal_places": proposal_places(proposals, with_links=True),
            "ballot_proposals": [p for p in proposals if p.status in selectors.BALLOT_STATUSES],
            "supported_ids": selectors.supported_ids(user=user, budget_round=budget_round),  # type: ignore[arg-type]
            "can_submit": permissions.can_submit_proposal(user, budget_round, now),
            "participation_problem": permissions.participation_problem(user, budget_round, now),
            "can_vote": permissions.can_vote(user, budget_round, now),
            "can_support_any": permissions.participation_problem(user, budget_round, now) is None,
            "has_voted": record is not None,
            "voting_last_day": voting_last_day(budget_round),
            "can_manage": permissions.can_manage_round(user, budget_round),
            "can_assist": permissions.can_assist_voting(user, budget_round, now),
            "can_print_letters": permissions.can_print_voting_letters(user, budget_round, now),
            "can_compute": permissions.can_compute_result(user, budget_round, now),
            "is_result_published": selectors.is_result_published(
                budget_round=budget_round, now=now
            ),
            "result": result,
            "is_support_phase": phase in permissions.SUPPORT_PHASES,
            "is_feasibility_phase": phase == Phase.FEASIBILITY,
            "is_proposals_open": phase in (Phase.PROPOSALS, Phase.SUPPORT, Phase.FEASIBILITY),
            "statuses": Proposal.Status,
        }
        return render(request, "budgeting/round_detail.html", context)


def _manageable_neighbourhoods(user: User) -> list[Neighbourhood]:
    """The buurten a person may run a round for."""
    if is_admin(user) or is_official(user):
        municipality = (
            user.municipality if is_official(user) else people_selectors.municipality_get_default()
        )
        return list(people_selectors.neighbourhood_choices(municipality=municipality))
    return list(user.work_neighbourhoods.select_related("district").order_by("name"))


class RoundCreateView(LoginRequiredMixin, View):
    def _render(self, request: HttpRequest, form: RoundForm, status: int = 200) -> HttpResponse:
        return render(
            request, "budgeting/round_form.html", {"form": form, "round": None}, status=status
        )

    def _user(self, request: HttpRequest) -> User:
        user = person(request)
        if not permissions.can_create_round(user):
            raise PermissionDenied
        return user

    def get(self, request: HttpRequest) -> HttpResponse:
        user = self._user(request)
        return self._render(request, RoundForm(neighbourhoods=_manageable_neighbourhoods(user)))

    def post(self, request: HttpRequest) -> HttpResponse:
        user = self._user(request)
        form = RoundForm(request.POST, neighbourhoods=_manageable_neighbourhoods(user))
        if not form.is_valid():
            return self._render(request, form, status=400)
        values = form.values()
        neighbourhoods: list[Neighbourhood] = values["neighbourhoods"]
        try:
            budget_round = services.round_create(
                created_by=user,
                municipality=neighbourhoods[0].district.municipality,
                **values,
            )
        except ValidationError as error:
            form_add_errors(form, error)
            return self._render(request, form, status=400)
        except PermissionDenied as error:
            form.add_error("neighbourhoods", str(error))
            return self._render(request, form, status=400)
        messages.success(request, _("De burgerbegroting is gemaakt."))
        return redirect(budget_round)


class RoundEditView(LoginRequiredMixin, View):
    def _round(self, request: HttpRequest, pk: int) -> tuple[User, BudgetRound]:
        user = person(request)
        budget_round = round_or_404(pk, timezone.now())
        if not permissions.can_manage_round(user, budget_round):
            raise PermissionDenied
        return user, budget_round

    def _render(
        self,
        request: HttpRequest,
        budget_round: BudgetRound,
        form: RoundForm,
        page_error: str = "",
        status: int = 200,
    ) -> HttpResponse:
        return render(
            request,
            "budgeting/round_form.html",
            {
                "form": form,
                "round": budget_round,
                "page_error": page_error,
                "locked_problem": permissions.round_settings_problem(budget_round),
            },
            status=status,
        )

    def _neighbourhoods(self, user: User, budget_round: BudgetRound) -> list[Neighbourhood]:
        allowed = {n.pk: n for n in _manageable_neighbourhoods(user)}
        for neighbourhood in budget_round.neighbourhoods.select_related("district"):
            allowed.setdefault(neighbourhood.pk, neighbourhood)
        return list(allowed.values())

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        user, budget_round = self._round(request, pk)
        form = RoundForm(
            initial=RoundForm.initial_for(budget_round),
            neighbourhoods=self._neighbourhoods(user, budget_round),
            current_rule=budget_round.rule,
        )
        return self._render(request, budget_round, form)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user, budget_round = self._round(request, pk)
        form = RoundForm(
            request.POST,
            neighbourhoods=self._neighbourhoods(user, budget_round),
            current_rule=budget_round.rule,
        )
        if not form.is_valid():
            return self._render(request, budget_round, form, status=400)
        try:
            services.round_update(
                budget_round=budget_round, actor=user, now=timezone.now(), **form.values()
            )
        except ApplicationError as error:
            return self._render(request, budget_round, form, error.message, status=400)
        except ValidationError as error:
            form_add_errors(form, error)
            return self._render(request, budget_round, form, status=400)
        except PermissionDenied as error:
            form.add_error("neighbourhoods", str(error))
            return self._render(request, budget_round, form, status=400)
        messages.success(request, _("Uw wijzigingen zijn opgeslagen."))
        return redirect(budget_round)


class ResultComputeView(LoginRequiredMixin, View):
    """An official asks for the result ("uitslag berekenen"); it is computed in the background."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user = person(request)
        now = timezone.now()
        budget_round = round_or_404(pk, now)
        if not permissions.can_compute_result(user, budget_round, now):
            raise PermissionDenied
        try:
            if services.result_request(budget_round=budget_round, requested_by=user, now=now):
                result_compute_enqueue(budget_round_id=budget_round.pk)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect(budget_round)
        messages.success(request, _("De uitslag wordt berekend. Dat duurt meestal kort."))
        return redirect(round_current(budget_round, now))
