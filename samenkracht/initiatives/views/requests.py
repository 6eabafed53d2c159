"""Pages: support requests — sending one, following it, and handling it as the municipality."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from samenkracht.common.errors import ApplicationError
from samenkracht.common.forms import form_add_errors
from samenkracht.initiatives import permissions, selectors, services
from samenkracht.initiatives.forms.requests import (
    DecisionForm,
    MessageForm,
    SupportRequestForm,
    TreatForm,
)
from samenkracht.initiatives.models import Initiative, SupportRequest
from samenkracht.initiatives.selectors.requests import OVERDUE_DAYS, TREATMENT_DUE_DAYS
from samenkracht.initiatives.views.access import initiative_or_404, person, refusal
from samenkracht.people.models import User
from samenkracht.people.permissions import is_admin

STEPS = (
    SupportRequest.Status.RECEIVED,
    SupportRequest.Status.IN_TREATMENT,
    SupportRequest.Status.DECIDED,
)


def _request_or_404(pk: int) -> SupportRequest:
    request = selectors.request_get(pk=pk)
    if request is None:
        raise Http404
    return request


def _viewable_or_404(request: HttpRequest, pk: int) -> tuple[User, SupportRequest]:
    """Requests are not public; to others they do not exist."""
    user = person(request)
    support_request = _request_or_404(pk)
    if not permissions.can_view_request(user, support_request):
        raise Http404
    return user, support_request


def _departments(initiative: Initiative) -> list[Any]:
    return list(selectors.department_list(municipality_id=initiative.municipality_id))


class RequestListView(LoginRequiredMixin, View):
    """An initiative's requests to the municipality and where each one stands."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        user = person(request)
        initiative = initiative_or_404(pk)
        if not permissions.can_view_requests_of(user, initiative):
            raise PermissionDenied
        return render(
            request,
            "initiatives/request_list.html",
            {
                "initiative": initiative,
                "requests": list(selectors.request_list_for_initiative(initiative=initiative)),
                "can_send": permissions.request_send_problem(user, initiative) is None,
            },
        )


class RequestCreateView(LoginRequiredMixin, View):
    def _render(
        self,
        request: HttpRequest,
        initiative: Initiative,
        form: SupportRequestForm | None,
        page_error: str = "",
        status: int = 200,
    ) -> HttpResponse:
        return render(
            request,
            "initiatives/request_form.html",
            {"initiative": initiative, "form": form, "page_error": page_error},
            status=status,
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        user = person(request)
        initiative = initiative_or_404(pk)
        problem = permissions.request_send_problem(user, initiative)
        if problem is not None:
            return self._render(request, initiative, None, problem, status=403)
        return self._render(
            request, initiative, SupportRequestForm(departments=_departments(initiative))
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user = person(request)
        initiative = initiative_or_404(pk)
        problem = permissions.request_send_problem(user, initiative)
        if problem is not None:
            return self._render(request, initiative, None, problem, status=403)
        form = SupportRequestForm(request.POST, departments=_departments(initiative))
        if not form.is_valid():
            return self._render(request, initiative, form, status=400)
        try:
            support_request = services.support_request_send(
                user=user, initiative=initiative, now=timezone.now(), **form.values()
            )
        except ApplicationError as error:
            return self._render(request, initiative, form, error.message, status=400)
        except ValidationError as error:
            form_add_errors(form, error)
            return self._render(request, initiative, form, status=400)
        messages.success(
            request,
            _("Uw vraag is verstuurd. U ziet hier hoe ver de gemeente ermee is."),
        )
        return redirect(support_request)


def _timeline(support_request: SupportRequest) -> list[dict[str, Any]]:
    """The three steps, each with its date once reached."""
    moments = {
        SupportRequest.Status.RECEIVED: support_request.received_at,
        SupportRequest.Status.IN_TREATMENT: support_request.in_treatment_at,
        SupportRequest.Status.DECIDED: support_request.decided_at,
    }
    current = STEPS.index(SupportRequest.Status(support_request.status))
    return [
        {
            "label": step.label,
            "at": moments[step],
            "is_done": index <= current,
            "is_current": index == current,
        }
        for index, step in enumerate(STEPS)
    ]


class RequestDetailView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        user, support_request = _viewable_or_404(request, pk)
        return self.render_page(request, user, support_request)

    @staticmethod
    def render_page(
        request: HttpRequest,
        user: User,
        support_request: SupportRequest,
        *,
        forms: dict[str, Any] | None = None,
        status: int = 200,
    ) -> HttpResponse:
        initiative = support_request.initiative
        can_handle = permissions.request_handle_problem(user, support_request) is None
        departments = _departments(initiative) if can_handle else []
        forms = forms or {}
        is_received = support_request.status == SupportRequest.Status.RECEIVED
        return render(
            request,
            "initiatives/request_detail.html",
            {
                "support_request": support_request,
                "initiative": initiative,
                "timeline": _timeline(support_request),
                "events": list(selectors.request_events(request=support_request)),
                "contributions": list(selectors.request_contributions(request=support_request)),
                "can_handle": can_handle,
                "treat_form": forms.get("treat")
                or (TreatForm(departments=departments) if can_handle and is_received else None),
                "decision_form": forms.get("decision") or (DecisionForm() if can_handle else None),
                "message_form": forms.get("message")
                or (
                    MessageForm()
                    if permissions.request_message_problem(user, support_request) is None
                    else None
                ),
                "contribution_form": forms.get("contribution")
                or (
                    MessageForm(prefix="advice")
                    if permissions.can_contribute(user, initiative)
                    else None
                ),
                "statuses": SupportRequest.Status,
            },
            status=status,
        )


def _request_step(
    request: HttpRequest,
    user: User,
    support_request: SupportRequest,
    *,
    form: Form,
    form_name: str,
    step: Callable[[], object],
    success: str,
    refused: tuple[type[Exception], ...] = (ApplicationError,),
) -> HttpResponse:
    """Take one step on a request from a posted form.

    A refusal goes back to the request with the reason on top; a field error shows the
    request page again with the form and its errors.
    """
    if form.is_valid():
        try:
            step()
        except refused as error:
            refusal(request, error)
            return redirect(support_request)
        except ValidationError as error:
            form_add_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(support_request)
    return RequestDetailView.render_page(
        request, user, support_request, forms={form_name: form}, status=400
    )


class RequestTreatView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user, support_request = _viewable_or_404(request, pk)
        if not permissions.can_handle_request(user, support_request):
            raise PermissionDenied
        form = TreatForm(request.POST, departments=_departments(support_request.initiative))
        return _request_step(
            request,
            user,
            support_request,
            form=form,
            form_name="treat",
            step=lambda: services.support_request_treat(
                user=user,
                request=support_request,
                department=form.cleaned_data["department"],
                text=form.cleaned_data["text"],
                now=timezone.now(),
            ),
            success=_("De vraag is nu in behandeling."),
        )


class RequestDecideView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user, support_request = _viewable_or_404(request, pk)
        if not permissions.can_handle_request(user, support_request):
            raise PermissionDenied
        form = DecisionForm(request.POST)
        return _request_step(
            request,
            user,
            support_request,
            form=form,
            form_name="decision",
            step=lambda: services.support_request_decide(
                user=user,
                request=support_request,
                decision=form.cleaned_data["decision"],
                text=form.cleaned_data["text"],
                now=timezone.now(),
            ),
            success=_("Het besluit is opgeslagen en het initiatief krijgt bericht."),
        )


class RequestMessageView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user, support_request = _viewable_or_404(request, pk)
        if permissions.request_message_problem(user, support_request) is not None:
            raise PermissionDenied
        form = MessageForm(request.POST)
        return _request_step(
            request,
            user,
            support_request,
            form=form,
            form_name="message",
            step=lambda: services.support_request_message(
                user=user, request=support_request, text=form.cleaned_data["text"]
            ),
            success=_("Uw bericht is geplaatst."),
        )


class RequestAdviceView(LoginRequiredMixin, View):
    """A wijkspecialist's advice on a request (stored as a Contribution)."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user, support_request = _viewable_or_404(request, pk)
        if not permissions.can_contribute(user, support_request.initiative):
            raise PermissionDenied
        form = MessageForm(request.POST, prefix="advice")
        return _request_step(
            request,
            user,
            support_request,
            form=form,
            form_name="contribution",
            step=lambda: services.contribution_create(
                user=user,
                initiative=support_request.initiative,
                request=support_request,
                text=form.cleaned_data["text"],
            ),
            success=_("Dank u wel. Uw advies staat bij de vraag."),
            refused=(ApplicationError, PermissionDenied),
        )


class RequestOverviewView(LoginRequiredMixin, View):
    """The municipality's open requests, oldest first, and how fast each department answers."""

    def get(self, request: HttpRequest) -> HttpResponse:
        user = person(request)
        if not permissions.can_view_request_overview(user):
            raise PermissionDenied
        municipality = None if is_admin(user) else user.municipality
        now = timezone.now()
        return render(
            request,
            "initiatives/request_overview.html",
            {
                "open_requests": selectors.open_requests(municipality=municipality, now=now),
                "answer_times": selectors.answer_times(
                    municipality=municipality, now=now, no_department=_("Nog geen afdeling")
                ),
                "overdue_days": OVERDUE_DAYS,
                "treatment_due_days": TREATMENT_DUE_DAYS,
            },
        )


urlpatterns = [
    path(
        "initiatieven/<int:pk>/ondersteuning/",
        RequestListView.as_view(),
        name="request-list",
    ),
    path(
        "initiatieven/<int:pk>/ondersteuning/nieuw/",
        RequestCreateView.as_view(),
        name="request-create",
    ),
    path("ondersteuning/<int:pk>/", RequestDetailView.as_view(), name="request-detail"),
    path("ondersteuning/<int:pk>/behandelen/", RequestTreatView.as_view(), name="request-treat"),
    path("ondersteuning/<int:pk>/besluit/", RequestDecideView.as_view(), name="request-decide"),
    path("ondersteuning/<int:pk>/bericht/", RequestMessageView.as_view(), name="request-message"),
    path("ondersteuning/<int:pk>/advies/", RequestAdviceView.as_view(), name="request-advice"),
    path("overzicht/ondersteuning/", RequestOverviewView.as_view(), name="request-overview"),
]
