from datetime import timedelta
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import TemplateView

from samenkracht.budgeting import selectors as budgeting_selectors
from samenkracht.budgeting.permissions import can_create_round
from samenkracht.initiatives import selectors as initiatives_selectors
from samenkracht.matching import selectors as matching_selectors
from samenkracht.matching.models import Notification
from samenkracht.people import selectors
from samenkracht.people.models import User
from samenkracht.people.permissions import is_admin

MATCHING_RECENT_DAYS = 30
BUDGET_ROUNDS_SHOWN = 10
INITIATIVES_SHOWN = 5


def _budget_rounds(rounds: Any) -> list[dict[str, Any]]:
    """Budget rounds with the phase each is in now, for the start pages."""
    now = timezone.now()
    return [
        {"round": budget_round, "phase": budget_round.phase_at(now)}
        for budget_round in rounds[:BUDGET_ROUNDS_SHOWN]
    ]


class LandingView(TemplateView):
    template_name = "people/landing.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            return redirect("people:home")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["municipality"] = selectors.municipality_get_default()
        return context


class HomeView(LoginRequiredMixin, TemplateView):
    """Each role lands on its own start page."""

    def get_template_names(self) -> list[str]:
        user = self.request.user
        assert isinstance(user, User)
        if user.role == User.Role.PROFESSIONAL:
            return ["people/home_professional.html"]
        if user.role == User.Role.OFFICIAL or is_admin(user):
            return ["people/home_official.html"]
        return ["people/home_resident.html"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        assert isinstance(user, User)
        if user.role == User.Role.PROFESSIONAL:
            context["neighbourhoods"] = selectors.professional_neighbourhoods(professional=user)
            context["registered_residents"] = selectors.residents_registered_by(professional=user)[
                :20
            ]
            context["budget_rounds"] = _budget_rounds(
                budgeting_selectors.rounds_for_professional(user=user)
            )
            context["can_create_round"] = can_create_round(user)
        elif user.role == User.Role.OFFICIAL or is_admin(user):
            municipality = user.municipality or selectors.municipality_get_default()
            context["municipality"] = municipality
            if municipality is not None:
                context["districts"] = selectors.district_overview(municipality=municipality)
                context["organisation_counts"] = selectors.organisation_counts_by_domain(
                    municipality=municipality
                )
                context["matching_stats"] = matching_selectors.stats_matching(
                    neighbourhoods=selectors.neighbourhood_list(municipality=municipality),
                    contacts_since=timezone.now() - timedelta(days=MATCHING_RECENT_DAYS),
                )
                context["matching_recent_days"] = MATCHING_RECENT_DAYS
                context["budget_rounds"] = _budget_rounds(
                    budgeting_selectors.rounds_for_municipality(municipality_id=municipality.pk)
                )
                context["can_create_round"] = can_create_round(user)
        else:
            neighbourhood = user.neighbourhood
            context["neighbourhood"] = neighbourhood
            if neighbourhood is not None:
                context["resident_count"] = selectors.neighbourhood_resident_count(
                    neighbourhood=neighbourhood
                )
                context["professionals"] = selectors.neighbourhood_professionals(
                    neighbourhood=neighbourhood
                )
            context["budget_rounds"] = _budget_rounds(
                budgeting_selectors.rounds_for_resident(user=user)
            )
            context["followed_proposals"] = list(
                budgeting_selectors.proposals_followed(user=user)[:BUDGET_ROUNDS_SHOWN]
            )
            context["near_initiatives"] = initiatives_selectors.initiatives_near(
                user=user, limit=INITIATIVES_SHOWN
            )
            context["my_initiatives"] = list(
                initiatives_selectors.initiatives_of_user(user=user)[:INITIATIVES_SHOWN]
            )
            context["consents"] = selectors.consent_current(user=user)
            context["memberships"] = selectors.user_memberships(user=user)
            context["own_listings"] = list(matching_selectors.listing_list(owner=user)[:5])
            context["new_matches"] = [
                notification
                for notification in matching_selectors.notification_list(
                    user=user, is_unread_only=True
                )[:20]
                if notification.kind == Notification.Kind.NEW_MATCH
            ][:5]
        return context
