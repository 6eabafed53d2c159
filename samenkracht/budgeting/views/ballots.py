"""Voting: the ballot, the confirm screen and the receipt, for three kinds of voters.

A resident votes with their own account; a resident without one with the code from a
letter; a professional of the buurt helps a resident, which is logged. The same ballot
and confirm screen serve all three; only who the voter is differs.
"""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views import View

from samenkracht.budgeting import permissions, selectors, services
from samenkracht.budgeting.forms import BallotForm, VotingCodeForm
from samenkracht.budgeting.models import BudgetRound, VotingCode
from samenkracht.budgeting.text import euro
from samenkracht.budgeting.views.access import (
    person,
    round_or_404,
    session_forget,
    session_recall,
    session_remember,
)
from samenkracht.budgeting.views.rounds import voting_last_day
from samenkracht.common import throttle
from samenkracht.common.errors import ApplicationError
from samenkracht.common.forms import form_add_errors
from samenkracht.common.throttle import TOO_MANY_GUESSES
from samenkracht.people import selectors as people_selectors
from samenkracht.people.models import User


@dataclass(frozen=True)
class Voter:
    person: User
    assisted_by: User | None = None
    voting_code: VotingCode | None = None

    @property
    def is_self(self) -> bool:
        return self.assisted_by is None and self.voting_code is None


class BallotView(View):
    """The ballot for the signed-in resident; subclasses decide who else votes here."""

    url_name = "budgeting:ballot"

    def voter(self, request: HttpRequest, budget_round: BudgetRound) -> Voter | HttpResponse:
        if not request.user.is_authenticated:
            return redirect(f"{reverse(settings.LOGIN_URL)}?next={request.path}")
        return Voter(person=person(request))

    def problem(self, voter: Voter, budget_round: BudgetRound) -> str | None:
        now = timezone.now()
        if voter.assisted_by is not None:
            return permissions.assist_problem(voter.assisted_by, voter.person, budget_round, now)
        return permissions.vote_problem(voter.person, budget_round, now)

    def _context(self, budget_round: BudgetRound, voter: Voter) -> dict[str, Any]:
        return {
            "round": budget_round,
            "voter": voter,
            "budget": euro(budget_round.amount),
            "budget_value": budget_round.amount,
            "voting_last_day": voting_last_day(budget_round),
            "ballot_url": reverse(self.url_name, kwargs={"pk": budget_round.pk}),
            "types": BudgetRound.BallotType,
        }

    def _render_ballot(
        self,
        request: HttpRequest,
        budget_round: BudgetRound,
        voter: Voter,
        form: BallotForm | None,
        page_error: str = "",
        status: int = 200,
    ) -> HttpResponse:
        context = self._context(budget_round, voter)
        has_voted = voter.is_self and (
            selectors.voter_record_get(budget_round=budget_round, person=voter.person) is not None
        )
        context.update(
            {
                "form": form,
                "page_error": page_error,
                "has_voted": has_voted,
                "rows": form.rows() if form else [],
            }
        )
        response = render(request, "budgeting/ballot.html", context, status=status)
        add_never_cache_headers(response)
        return response

    def _form(self, budget_round: BudgetRound, data: Any = None) -> BallotForm:
        return BallotForm(
            data,
            budget_round=budget_round,
            proposals=selectors.ballot_proposals(budget_round=budget_round),
        )

    def _start(self, request: HttpRequest, pk: int) -> tuple[BudgetRound, Voter] | HttpResponse:
        """The round and the voter, or the page that tells why this voter cannot vote here."""
        budget_round = round_or_404(pk, timezone.now())
        voter = self.voter(request, budget_round)
        if isinstance(voter, HttpResponse):
            return voter
        problem = self.problem(voter, budget_round)
        if problem is not None:
            return self._render_ballot(request, budget_round, voter, None, problem, status=403)
        return budget_round, voter

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        started = self._start(request, pk)
        if isinstance(started, HttpResponse):
            return started
        budget_round, voter = started
        data = None
        if voter.is_self:
            ballot = selectors.ballot_get_for(budget_round=budget_round, person=voter.person)
            if ballot is not None:
                data = BallotForm.data_for(
                    budget_round, [(int(pk), points) for pk, points in ballot.choices]
                )
        form = self._form(budget_round, data)
        if data is not None:
            form.is_valid()
        return self._render_ballot(request, budget_round, voter, form)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        started = self._start(request, pk)
        if isinstance(started, HttpResponse):
            return started
        budget_round, voter = started
        form = self._form(budget_round, request.POST)
        action = request.POST.get("action", "check")
        if not form.is_valid():
            return self._render_ballot(request, budget_round, voter, form, status=400)
        if action == "change":
            return self._render_ballot(request, budget_round, voter, form)
        try:
            checked = services.ballot_check(budget_round=budget_round, choices=form.choices())
        except ValidationError as error:
            return self._render_ballot(
                request, budget_round, voter, form, " ".join(error.messages), status=400
            )
        if action != "cast":
            return self._confirm(request, budget_round, voter, form, checked)
        return self._cast(request, budget_round, voter, form)

    def _confirm(
        self,
        request: HttpRequest,
        budget_round: BudgetRound,
        voter: Voter,
        form: BallotForm,
        checked: services.CheckedBallot,
    ) -> HttpResponse:
        context = self._context(budget_round, voter)
        context.update(
            {
                "form": form,
                "checked": checked,
                "choices": [
                    {"proposal": c.proposal, "cost": euro(c.proposal.cost), "points": c.points}
                    for c in checked.choices
                ],
                "total": euro(checked.total_cost),
                "left": euro(budget_round.amount - checked.total_cost),
                "hidden": [
                    (name, value)
                    for name, value in request.POST.lists()
                    if name not in {"csrfmiddlewaretoken", "action"}
                ],
            }
        )
        response = render(request, "budgeting/ballot_confirm.html", context)
        add_never_cache_headers(response)
        return response

    def _cast(
        self, request: HttpRequest, budget_round: BudgetRound, voter: Voter, form: BallotForm
    ) -> HttpResponse:
        try:
            cast = services.ballot_cast(
                budget_round=budget_round,
                voter=voter.person,
                choices=form.choices(),
                now=timezone.now(),
                assisted_by=voter.assisted_by,
                voting_code=voter.voting_code,
            )
        except ApplicationError as error:
            return self._render_ballot(
                request, budget_round, voter, form, error.message, status=400
            )
        except ValidationError as error:
            form_add_errors(form, error)
            return self._render_ballot(
                request, budget_round, voter, form, " ".join(error.messages), status=400
            )
        self.after_cast(request, budget_round)
        session_remember(
            request,
            "receipt",
            budget_round,
            {
                "code": cast.receipt_code,
                "is_change": cast.is_change,
                "name": voter.person.public_name if not voter.is_self else "",
                "can_change": voter.is_self,
            },
        )
        return redirect("budgeting:ballot-receipt", pk=budget_round.pk)

    def after_cast(self, request: HttpRequest, budget_round: BudgetRound) -> None:
        """What a kind of voting forgets once the vote is in."""


class CodeBallotView(BallotView):
    """The ballot for a resident who typed the code from their letter."""

    url_name = "budgeting:ballot-code"

    def voter(self, request: HttpRequest, budget_round: BudgetRound) -> Voter | HttpResponse:
        code_id = session_recall(request, "code", budget_round)
        voting_code = selectors.voting_code_get(pk=code_id) if code_id else None
        if voting_code is None or voting_code.budget_round_id != budget_round.pk:
            return redirect("budgeting:ballot-code-entry", pk=budget_round.pk)
        return Voter(person=voting_code.person, voting_code=voting_code)

    def problem(self, voter: Voter, budget_round: BudgetRound) -> str | None:
        assert voter.voting_code is not None
        if voter.voting_code.used_at is not None:
            return _("Met deze code is al gestemd. Een code werkt maar één keer.")
        return super().problem(voter, budget_round)

    def after_cast(self, request: HttpRequest, budget_round: BudgetRound) -> None:
        session_forget(request, "code", budget_round)


class AssistedBallotView(LoginRequiredMixin, BallotView):
    """The ballot a professional fills in together with a resident."""

    url_name = "budgeting:ballot-assisted"

    def voter(self, request: HttpRequest, budget_round: BudgetRound) -> Voter | HttpResponse:
        helper = person(request)
        resident_id = session_recall(request, "assist", budget_round)
        resident = people_selectors.person_get(pk=resident_id) if resident_id else None
        if resident is None:
            return redirect("budgeting:ballot-assist", pk=budget_round.pk)
        return Voter(person=resident, assisted_by=helper)

    def after_cast(self, request: HttpRequest, budget_round: BudgetRound) -> None:
        session_forget(request, "assist", budget_round)


class ReceiptView(View):
    """ "Uw stem is geteld", with the receipt code (shown for an hour, then gone)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        budget_round = round_or_404(pk, timezone.now())
        receipt = session_recall(request, "receipt", budget_round)
        if receipt is None:
            return redirect(budget_round)
        response = render(
            request,
            "budgeting/receipt.html",
            {
                "round": budget_round,
                "receipt": receipt,
                "voting_last_day": voting_last_day(budget_round),
            },
        )
        add_never_cache_headers(response)
        return response


class CodeEntryView(View):
    """A resident without an account types the code from their letter."""

    def _render(
        self,
        request: HttpRequest,
        budget_round: BudgetRound,
        form: VotingCodeForm,
        status: int = 200,
    ) -> HttpResponse:
        return render(
            request,
            "budgeting/code_entry.html",
            {"round": budget_round, "form": form},
            status=status,
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        budget_round = round_or_404(pk, timezone.now())
        return self._render(request, budget_round, VotingCodeForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        budget_round = round_or_404(pk, timezone.now())
        form = VotingCodeForm(request.POST)
        if not form.is_valid():
            return self._render(request, budget_round, form, status=400)
        if throttle.guesses_blocked("voting-code", request):
            form.add_error("code", TOO_MANY_GUESSES)
            return self._render(request, budget_round, form, status=429)
        try:
            voting_code = services.voting_code_verify(
                budget_round=budget_round, code=form.cleaned_data["code"], now=timezone.now()
            )
        except ApplicationError as error:
            throttle.wrong_guess_record("voting-code", request)
            form.add_error("code", error.message)
            return self._render(request, budget_round, form, status=400)
        session_remember(request, "code", budget_round, voting_code.pk)
        return redirect("budgeting:ballot-code", pk=budget_round.pk)
