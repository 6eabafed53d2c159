"""Proposals: submit, change, read, support and follow; the feasibility check; delivery."""

import mimetypes
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, SuspiciousFileOperation, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from samenkracht.budgeting import permissions, selectors, services
from samenkracht.budgeting.forms import DeliveryUpdateForm, FeasibilityForm, ProposalForm
from samenkracht.budgeting.models import BudgetRound, Proposal
from samenkracht.budgeting.text import euro
from samenkracht.budgeting.views.access import person, proposal_or_404, round_or_404
from samenkracht.common.errors import ApplicationError
from samenkracht.common.forms import form_add_errors
from samenkracht.people.models import Neighbourhood, User


def proposal_places(proposals: list[Proposal], *, with_links: bool) -> list[dict[str, Any]]:
    """The proposals that have a point, for a map (templates/common/place_map.html)."""
    return [
        {
            "lat": proposal.latitude,
            "lon": proposal.longitude,
            "name": proposal.title,
            **({"url": proposal.get_absolute_url()} if with_links else {}),
        }
        for proposal in proposals
        if proposal.latitude is not None and proposal.longitude is not None
    ]


def _area(budget_round: BudgetRound) -> list[Neighbourhood]:
    return selectors.round_neighbourhood_list(budget_round=budget_round)


class ProposalSubmitView(LoginRequiredMixin, View):
    def _render(
        self,
        request: HttpRequest,
        budget_round: BudgetRound,
        form: ProposalForm | None,
        page_error: str = "",
        status: int = 200,
    ) -> HttpResponse:
        return render(
            request,
            "budgeting/proposal_form.html",
            {
                "form": form,
                "round": budget_round,
                "proposal": None,
                "page_error": page_error,
                "neighbourhoods": _area(budget_round),
            },
            status=status,
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        user = person(request)
        now = timezone.now()
        budget_round = round_or_404(pk, now)
        problem = permissions.proposal_submit_problem(user, budget_round, now)
        if problem is not None:
            return self._render(request, budget_round, None, problem, status=403)
        form = ProposalForm(
            neighbourhoods=_area(budget_round), initial={"neighbourhood": user.neighbourhood_id}
        )
        return self._render(request, budget_round, form)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user = person(request)
        now = timezone.now()
        budget_round = round_or_404(pk, now)
        form = ProposalForm(request.POST, request.FILES, neighbourhoods=_area(budget_round))
        if not form.is_valid():
            return self._render(request, budget_round, form, status=400)
        try:
            proposal = services.proposal_submit(
                author=user, budget_round=budget_round, now=now, **form.values()
            )
        except ApplicationError as error:
            return self._render(request, budget_round, form, error.message, status=400)
        except ValidationError as error:
            form_add_errors(form, error)
            return self._render(request, budget_round, form, status=400)
        messages.success(
            request,
            _(
                "Uw voorstel staat erop. Vraag buren om het te steunen: het heeft %(count)d steun nodig."
            )
            % {"count": budget_round.min_supports},
        )
        return redirect(proposal)


class ProposalEditView(LoginRequiredMixin, View):
    def _proposal(self, request: HttpRequest, pk: int) -> tuple[User, Proposal]:
        user = person(request)
        proposal = proposal_or_404(pk, timezone.now())
        if not permissions.can_edit_proposal(user, proposal, timezone.now()):
            raise PermissionDenied
        return user, proposal

    def _render(
        self, request: HttpRequest, proposal: Proposal, form: ProposalForm, status: int = 200
    ) -> HttpResponse:
        return render(
            request,
            "budgeting/proposal_form.html",
            {
                "form": form,
                "round": proposal.budget_round,
                "proposal": proposal,
                "neighbourhoods": _area(proposal.budget_round),
            },
            status=status,
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        _user, proposal = self._proposal(request, pk)
        form = ProposalForm(
            neighbourhoods=_area(proposal.budget_round),
            is_editing=True,
            initial={
                "title": proposal.title,
                "text": proposal.text,
                "estimated_cost": proposal.estimated_cost,
                "neighbourhood": proposal.neighbourhood_id,
                "latitude": proposal.latitude,
                "longitude": proposal.longitude,
            },
        )
        return self._render(request, proposal, form)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user, proposal = self._proposal(request, pk)
        form = ProposalForm(
            request.POST,
            request.FILES,
            neighbourhoods=_area(proposal.budget_round),
            is_editing=True,
        )
        if not form.is_valid():
            return self._render(request, proposal, form, status=400)
        try:
            services.proposal_update(
                proposal=proposal, actor=user, now=timezone.now(), **form.values()
            )
        except ValidationError as error:
            form_add_errors(form, error)
            return self._render(request, proposal, form, status=400)
        messages.success(request, _("Uw wijzigingen zijn opgeslagen."))
        return redirect(proposal)


class ProposalWithdrawView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user = person(request)
        now = timezone.now()
        proposal = proposal_or_404(pk, now)
        if not permissions.can_edit_proposal(user, proposal, now):
            raise PermissionDenied
        services.proposal_withdraw(proposal=proposal, actor=user, now=now)
        messages.success(request, _("Het voorstel is ingetrokken."))
        return redirect(proposal.budget_round)


class ProposalDetailView(View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        now = timezone.now()
        proposal = proposal_or_404(pk, now)
        user = request.user
        budget_round = proposal.budget_round
        is_person = isinstance(user, User)
        return render(
            request,
            "budgeting/proposal_detail.html",
            {
                "proposal": proposal,
                "round": budget_round,
                "estimated_cost": euro(proposal.estimated_cost),
                "assessed_cost": euro(proposal.assessed_cost)
                if proposal.assessed_cost is not None
                else "",
                "support_count": proposal.support_count,  # type: ignore[attr-defined]
                "min_supports": budget_round.min_supports,
                "has_supported": is_person
                and selectors.support_exists(proposal=proposal, user=user),  # type: ignore[arg-type]
                "is_following": is_person and selectors.follow_exists(proposal=proposal, user=user),  # type: ignore[arg-type]
                "can_support": permissions.can_support(user, proposal, now),
                "support_problem": permissions.support_problem(user, proposal, now)
                if budget_round.phase_at(now) in permissions.SUPPORT_PHASES
                and proposal.status == Proposal.Status.SUBMITTED
                else None,
                "can_follow": permissions.can_follow(user, proposal),
                "can_edit": permissions.can_edit_proposal(user, proposal, now),
                "can_assess": permissions.can_record_feasibility(user, proposal, now),
                "can_update_delivery": permissions.can_update_delivery(user, proposal),
                "updates": list(selectors.delivery_updates(proposal=proposal)),
                "places": proposal_places([proposal], with_links=False),
                "statuses": Proposal.Status,
                "is_judged": proposal.status
                in (
                    Proposal.Status.FEASIBLE,
                    Proposal.Status.NOT_FEASIBLE,
                    Proposal.Status.ON_BALLOT,
                    Proposal.Status.WON,
                    Proposal.Status.LOST,
                ),
            },
        )


class ProposalSupportView(LoginRequiredMixin, View):
    """Support a proposal, or take the support back (the same button)."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user = person(request)
        now = timezone.now()
        proposal = proposal_or_404(pk, now)
        try:
            if request.POST.get("action") == "remove":
                services.support_remove(proposal=proposal, user=user, now=now)
                messages.success(request, _("Uw steun is weggehaald."))
            else:
                services.support_add(proposal=proposal, user=user, now=now)
                messages.success(request, _("Bedankt! U steunt dit voorstel."))
        except ApplicationError as error:
            messages.error(request, error.message)
        if request.POST.get("next") == "round":
            return redirect(f"{proposal.budget_round.get_absolute_url()}#voorstel-{proposal.pk}")
        return redirect(proposal)


class ProposalFollowView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user = person(request)
        proposal = proposal_or_404(pk, timezone.now())
        if request.POST.get("action") == "remove":
            services.follow_remove(proposal=proposal, user=user)
            messages.success(request, _("U volgt dit voorstel niet meer."))
        else:
            services.follow_add(proposal=proposal, user=user)
            messages.success(
                request, _("U volgt dit voorstel. U ziet het terug op uw startpagina.")
            )
        return redirect(proposal)


class FeasibilityView(LoginRequiredMixin, View):
    """The professional or official records the verdict, the cost and a public reason."""

    def _proposal(self, request: HttpRequest, pk: int) -> tuple[User, Proposal]:
        user = person(request)
        now = timezone.now()
        proposal = proposal_or_404(pk, now)
        if not permissions.can_record_feasibility(user, proposal, now):
            raise PermissionDenied
        return user, proposal

    def _render(
        self, request: HttpRequest, proposal: Proposal, form: FeasibilityForm, status: int = 200
    ) -> HttpResponse:
        return render(
            request,
            "budgeting/feasibility_form.html",
            {
                "form": form,
                "proposal": proposal,
                "estimated_cost": euro(proposal.estimated_cost),
                "budget": euro(proposal.budget_round.amount),
            },
            status=status,
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        _user, proposal = self._proposal(request, pk)
        initial: dict[str, Any] = {
            "assessed_cost": proposal.assessed_cost or proposal.estimated_cost,
            "reason": proposal.feasibility_reason,
        }
        if proposal.status == Proposal.Status.FEASIBLE:
            initial["verdict"] = "feasible"
        elif proposal.status == Proposal.Status.NOT_FEASIBLE:
            initial["verdict"] = "not_feasible"
        return self._render(request, proposal, FeasibilityForm(initial=initial))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user, proposal = self._proposal(request, pk)
        form = FeasibilityForm(request.POST)
        if not form.is_valid():
            return self._render(request, proposal, form, status=400)
        data = form.cleaned_data
        try:
            services.feasibility_record(
                proposal=proposal,
                actor=user,
                is_feasible=data["verdict"] == "feasible",
                reason=data["reason"],
                assessed_cost=data["assessed_cost"],
                now=timezone.now(),
            )
        except ValidationError as error:
            form_add_errors(form, error)
            if "feasibility_reason" in getattr(error, "error_dict", {}):
                form.add_error("reason", error.message_dict["feasibility_reason"])
            return self._render(request, proposal, form, status=400)
        messages.success(request, _("De toets is opgeslagen. Iedereen kan de uitleg lezen."))
        return redirect(proposal)


class DeliveryUpdateView(LoginRequiredMixin, View):
    def _proposal(self, request: HttpRequest, pk: int) -> tuple[User, Proposal]:
        user = person(request)
        proposal = proposal_or_404(pk, timezone.now())
        if not permissions.can_update_delivery(user, proposal):
            raise PermissionDenied
        return user, proposal

    def _render(
        self, request: HttpRequest, proposal: Proposal, form: DeliveryUpdateForm, status: int = 200
    ) -> HttpResponse:
        return render(
            request,
            "budgeting/delivery_form.html",
            {"form": form, "proposal": proposal},
            status=status,
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        _user, proposal = self._proposal(request, pk)
        form = DeliveryUpdateForm(initial={"status": proposal.delivery_status or "planned"})
        return self._render(request, proposal, form)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user, proposal = self._proposal(request, pk)
        form = DeliveryUpdateForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._render(request, proposal, form, status=400)
        try:
            services.delivery_update_add(
                proposal=proposal,
                actor=user,
                status=form.cleaned_data["status"],
                text=form.cleaned_data["text"],
                photo=form.cleaned_data.get("photo"),
            )
        except ValidationError as error:
            form_add_errors(form, error)
            return self._render(request, proposal, form, status=400)
        messages.success(request, _("De mijlpaal is toegevoegd."))
        return redirect(proposal)


class ProposalPhotoView(View):
    """Photos of proposals and milestones show public places: everyone may see them."""

    def get(self, request: HttpRequest, name: str) -> FileResponse:
        path = f"proposals/{name}"
        try:
            if not selectors.proposal_photo_exists(name=path) or not default_storage.exists(path):
                raise Http404
        except SuspiciousFileOperation as error:
            raise Http404 from error
        content_type, _encoding = mimetypes.guess_type(path)
        response = FileResponse(default_storage.open(path, "rb"), content_type=content_type)
        response["Cache-Control"] = "public, max-age=3600"
        response["X-Content-Type-Options"] = "nosniff"
        return response
