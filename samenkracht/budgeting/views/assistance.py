"""Professionals help residents vote: in person (logged), or with a letter and a code."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views import View

from samenkracht.budgeting import permissions, selectors, services
from samenkracht.budgeting.forms import AssistForm, LettersForm
from samenkracht.budgeting.models import BudgetRound
from samenkracht.budgeting.views.access import (
    person,
    round_or_404,
    session_forget,
    session_recall,
    session_remember,
)
from samenkracht.budgeting.views.rounds import voting_last_day
from samenkracht.common.forms import form_add_errors
from samenkracht.people.models import User
from samenkracht.people.permissions import is_admin


class AssistStartView(LoginRequiredMixin, View):
    """A professional chooses the resident they help to vote."""

    def _residents(self, user: User, budget_round: BudgetRound) -> Any:
        if is_admin(user):
            return selectors.eligible_residents(budget_round=budget_round)
        return selectors.eligible_residents(
            budget_round=budget_round, neighbourhoods=user.work_neighbourhoods.all()
        )

    def _round(self, request: HttpRequest, pk: int) -> tuple[User, BudgetRound]:
        user = person(request)
        budget_round = round_or_404(pk, timezone.now())
        if not permissions.can_assist_voting(user, budget_round, timezone.now()):
            raise PermissionDenied
        return user, budget_round

    def _render(
        self, request: HttpRequest, budget_round: BudgetRound, form: AssistForm, status: int = 200
    ) -> HttpResponse:
        return render(
            request,
            "budgeting/assist_start.html",
            {"round": budget_round, "form": form},
            status=status,
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        user, budget_round = self._round(request, pk)
        return self._render(
            request, budget_round, AssistForm(residents=self._residents(user, budget_round))
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user, budget_round = self._round(request, pk)
        form = AssistForm(request.POST, residents=self._residents(user, budget_round))
        if not form.is_valid():
            return self._render(request, budget_round, form, status=400)
        resident = form.cleaned_data["resident"]
        problem = permissions.assist_problem(user, resident, budget_round, timezone.now())
        if problem is not None:
            form.add_error("resident", problem)
            return self._render(request, budget_round, form, status=400)
        session_remember(request, "assist", budget_round, resident.pk)
        return redirect("budgeting:ballot-assisted", pk=budget_round.pk)


class LettersView(LoginRequiredMixin, View):
    """A professional makes letters with a voting code for residents without an account."""

    def _round(self, request: HttpRequest, pk: int) -> tuple[User, BudgetRound]:
        user = person(request)
        budget_round = round_or_404(pk, timezone.now())
        if not permissions.can_print_voting_letters(user, budget_round, timezone.now()):
            raise PermissionDenied
        return user, budget_round

    def _residents(self, user: User, budget_round: BudgetRound) -> Any:
        if is_admin(user):
            return selectors.eligible_residents(budget_round=budget_round)
        return selectors.eligible_residents(
            budget_round=budget_round, neighbourhoods=user.work_neighbourhoods.all()
        )

    def _render(
        self, request: HttpRequest, budget_round: BudgetRound, form: LettersForm, status: int = 200
    ) -> HttpResponse:
        return render(
            request,
            "budgeting/letters.html",
            {"round": budget_round, "form": form},
            status=status,
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        user, budget_round = self._round(request, pk)
        residents = self._residents(user, budget_round)
        without_account = [r.pk for r in residents if not r.has_usable_password()]
        form = LettersForm(residents=residents, initial={"residents": without_account})
        return self._render(request, budget_round, form)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user, budget_round = self._round(request, pk)
        form = LettersForm(request.POST, residents=self._residents(user, budget_round))
        if not form.is_valid():
            return self._render(request, budget_round, form, status=400)
        try:
            letters = services.voting_codes_issue(
                budget_round=budget_round,
                issued_by=user,
                residents=list(form.cleaned_data["residents"]),
                now=timezone.now(),
            )
        except ValidationError as error:
            form_add_errors(form, error)
            return self._render(request, budget_round, form, status=400)
        session_remember(
            request,
            "letters",
            budget_round,
            [{"name": r.full_name or r.username, "code": code} for r, code in letters],
        )
        return redirect("budgeting:letters-print", pk=budget_round.pk)


class LettersPrintView(LoginRequiredMixin, View):
    """The letters just made; "Klaar" forgets their codes."""

    def _round(self, request: HttpRequest, pk: int) -> BudgetRound:
        budget_round = round_or_404(pk, timezone.now())
        if not permissions.can_print_voting_letters(person(request), budget_round, timezone.now()):
            raise PermissionDenied
        return budget_round

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        budget_round = self._round(request, pk)
        letters = session_recall(request, "letters", budget_round)
        if not letters:
            messages.info(
                request, _("Deze brieven zijn niet meer te zien. Maak zo nodig nieuwe brieven.")
            )
            return redirect("budgeting:letters", pk=budget_round.pk)
        response = render(
            request,
            "budgeting/letters_print.html",
            {
                "round": budget_round,
                "letters": letters,
                "code_url": settings.SAMENKRACHT_BASE_URL.rstrip("/")
                + reverse("budgeting:ballot-code-entry", kwargs={"pk": budget_round.pk}),
                "voting_last_day": voting_last_day(budget_round),
            },
        )
        add_never_cache_headers(response)
        return response

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        budget_round = self._round(request, pk)
        session_forget(request, "letters", budget_round)
        messages.success(
            request, _("De brieven zijn klaar. De codes staan nergens meer op het scherm.")
        )
        return redirect(budget_round)
