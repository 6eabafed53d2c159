"""The sociaal makelaar's desk: per neighbourhood, who is waiting and who could meet."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from samenkracht.common.errors import ApplicationError
from samenkracht.matching import selectors, services
from samenkracht.matching.forms import DeskFilterForm, IntroduceForm
from samenkracht.matching.permissions import can_introduce, can_view_desk
from samenkracht.matching.views.access import person
from samenkracht.people import selectors as people_selectors
from samenkracht.people.models import Neighbourhood

DEFAULT_DAYS = 14
# "Stel voor" is one click: without a note of their own the residents read this one.
DEFAULT_NOTE = gettext_lazy(
    "Ik denk dat u elkaar kunt helpen. Kijk maar of het past. U beslist het allebei zelf."
)


class DeskView(LoginRequiredMixin, View):
    def _neighbourhood(self, request: HttpRequest, code: str) -> Neighbourhood:
        neighbourhood = people_selectors.neighbourhood_get(code=code)
        if neighbourhood is None:
            raise Http404
        if not can_view_desk(person(request), neighbourhood):
            raise PermissionDenied
        return neighbourhood

    def _render(
        self,
        request: HttpRequest,
        neighbourhood: Neighbourhood,
        *,
        days: int = DEFAULT_DAYS,
        filter_form: DeskFilterForm | None = None,
        failed: IntroduceForm | None = None,
        status: int = 200,
    ) -> HttpResponse:
        overview = selectors.desk_overview(
            neighbourhood=neighbourhood, now=timezone.now(), days=days
        )
        suggestions: list[tuple[Any, IntroduceForm]] = []
        for number, suggestion in enumerate(overview.suggestions):
            form = IntroduceForm(
                initial={"ask": suggestion.ask.pk, "offer": suggestion.offer.pk},
                auto_id=f"id_introduce{number}_%s",
            )
            if failed is not None and failed.data.get("ask") == str(suggestion.ask.pk):
                failed.auto_id = f"id_introduce{number}_%s"
                form = failed
            suggestions.append((suggestion, form))
        return render(
            request,
            "matching/desk.html",
            {
                "neighbourhood": neighbourhood,
                "overview": overview,
                "suggestions": suggestions,
                "introduce_errors": (
                    [str(message) for errors in failed.errors.values() for message in errors]
                    if failed is not None
                    else []
                ),
                "filter_form": filter_form or DeskFilterForm(initial={"dagen": days}),
                "match_rates": selectors.match_rate_stats(neighbourhoods=[neighbourhood]),
            },
            status=status,
        )

    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        neighbourhood = self._neighbourhood(request, code)
        form = DeskFilterForm(request.GET or None)
        if form.is_bound and not form.is_valid():
            return self._render(request, neighbourhood, filter_form=form, status=400)
        days = (form.cleaned_data.get("dagen") if form.is_bound else None) or DEFAULT_DAYS
        return self._render(request, neighbourhood, days=days, filter_form=form)


class DeskIntroduceView(DeskView):
    """ "Stel voor": introduce an ask and an offer; both residents still have to say yes."""

    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        return redirect("matching:desk", code=code)

    def post(self, request: HttpRequest, code: str) -> HttpResponse:
        neighbourhood = self._neighbourhood(request, code)
        user = person(request)
        form = IntroduceForm(request.POST)
        if not form.is_valid():
            return self._render(request, neighbourhood, failed=form, status=400)
        ask = selectors.listing_get(pk=form.cleaned_data["ask"])
        offer = selectors.listing_get(pk=form.cleaned_data["offer"])
        if ask is None or offer is None:
            form.add_error(None, _("Deze vraag of dit aanbod bestaat niet meer."))
            return self._render(request, neighbourhood, failed=form, status=400)
        if not can_introduce(user, ask, offer):
            raise PermissionDenied
        try:
            services.contact_introduce(
                professional=user,
                ask=ask,
                offer=offer,
                note=form.cleaned_data["note"] or str(DEFAULT_NOTE),
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
            return self._render(request, neighbourhood, failed=form, status=400)
        except ValidationError as error:
            form.add_error(None, error.messages)
            return self._render(request, neighbourhood, failed=form, status=400)
        messages.success(
            request,
            _(
                "U heeft %(asker)s en %(offerer)s aan elkaar voorgesteld. Zij krijgen allebei bericht."
            )
            % {"asker": ask.owner.public_name, "offerer": offer.owner.public_name},
        )
        return redirect(reverse("matching:desk", kwargs={"code": neighbourhood.code}))
