"""The guided flow "Ik vraag" / "Ik bied": four small steps, one question at a time.

Every step is a plain form post. The answers of the other steps travel along as hidden fields,
so the flow works without JavaScript, survives the back button and keeps no session state.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from samenkracht.common.errors import ApplicationError
from samenkracht.matching import selectors, services
from samenkracht.matching.forms import (
    CHECK_STEP,
    EXPIRY_CHOICES,
    FLOW_FIELDS,
    ONCE,
    DetailsForm,
    TopCategoryForm,
    WhenWhereForm,
    availability_labels,
)
from samenkracht.matching.models import Category, Listing
from samenkracht.matching.permissions import can_post_listing, can_post_on_behalf
from samenkracht.matching.tasks import matches_notify_new_task
from samenkracht.matching.views.access import person
from samenkracht.people import selectors as people_selectors
from samenkracht.people.models import Organisation, User

STEP_TITLES: dict[str, dict[int, Any]] = {
    Listing.Kind.ASK: {
        1: gettext_lazy("Wat zou u helpen?"),
        2: gettext_lazy("Vertel wat u zoekt"),
        3: gettext_lazy("Wanneer en waar?"),
        4: gettext_lazy("Klopt het zo?"),
    },
    Listing.Kind.OFFER: {
        1: gettext_lazy("Wat kunt u bieden?"),
        2: gettext_lazy("Vertel wat u biedt"),
        3: gettext_lazy("Wanneer en waar?"),
        4: gettext_lazy("Klopt het zo?"),
    },
}


def _values(data: QueryDict, names: list[str]) -> list[tuple[str, str]]:
    return [(name, value) for name in names for value in data.getlist(name)]


def _initial(data: QueryDict, names: list[str]) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    for name in names:
        values = data.getlist(name)
        if name == "availability":
            initial[name] = values
        elif values:
            initial[name] = values[-1]
    return initial


class ListingPostView(LoginRequiredMixin, View):
    kind: str = Listing.Kind.ASK

    # --- what the person may choose from -------------------------------------------------

    def _tops(self) -> list[Category]:
        return selectors.category_tree()

    def _organisations(self, user: User) -> list[Organisation]:
        if self.kind != Listing.Kind.OFFER:
            return []
        return [m.organisation for m in people_selectors.user_memberships(user=user)]

    def _residents(self, user: User) -> list[User]:
        if self.kind != Listing.Kind.ASK or user.role != User.Role.PROFESSIONAL:
            return []
        return list(selectors.residents_supported_by(professional=user))

    def _details_form(
        self, user: User, top: Category, data: QueryDict | None = None, **kwargs: Any
    ) -> DetailsForm:
        return DetailsForm(
            data,
            kind=self.kind,
            top=top,
            children=list(top.children.all()),
            organisations=self._organisations(user),
            residents=self._residents(user),
            **kwargs,
        )

    # --- rendering -----------------------------------------------------------------------

    def _render(
        self,
        request: HttpRequest,
        *,
        step: int,
        data: QueryDict,
        form: Any = None,
        tops: list[Category] | None = None,
        summary: dict[str, Any] | None = None,
        page_error: str = "",
        status: int = 200,
    ) -> HttpResponse:
        other_fields = [
            name for number, names in FLOW_FIELDS.items() if number != step for name in names
        ]
        context = {
            "kind": self.kind,
            "is_ask": self.kind == Listing.Kind.ASK,
            "step": step,
            "step_count": CHECK_STEP,
            "step_title": STEP_TITLES[self.kind][step],
            "form": form,
            "tops": tops or [],
            "carry": _values(data, other_fields),
            "summary": summary,
            "page_error": page_error,
        }
        return render(request, "matching/listing_post.html", context, status=status)

    def _render_step(
        self, request: HttpRequest, user: User, step: int, data: QueryDict, tops: list[Category]
    ) -> HttpResponse:
        """Show `step` fresh, filled in with what the person answered before."""
        initial = _initial(data, FLOW_FIELDS.get(step, []))
        if step == 1:
            return self._render(
                request,
                step=1,
                data=data,
                form=TopCategoryForm(tops=tops, initial=initial),
                tops=tops,
            )
        top_form = TopCategoryForm(data, tops=tops)
        if not top_form.is_valid():
            return self._render(request, step=1, data=data, form=top_form, tops=tops, status=400)
        if step == 2:
            form = self._details_form(user, top_form.top(), initial=initial)
            return self._render(request, step=2, data=data, form=form)
        return self._render(request, step=3, data=data, form=WhenWhereForm(initial=initial))

    # --- HTTP ----------------------------------------------------------------------------

    def get(self, request: HttpRequest) -> HttpResponse:
        user = person(request)
        if not can_post_listing(user):
            raise PermissionDenied
        tops = self._tops()
        slug = request.GET.get("categorie", "")
        if any(top.slug == slug for top in tops):
            # A link from elsewhere ("Bied hulp bij boodschappen") skips the first question.
            data = QueryDict(mutable=True)
            data["top_category"] = slug
            return self._render_step(request, user, 2, data, tops)
        return self._render_step(request, user, 1, QueryDict(), tops)

    def post(self, request: HttpRequest) -> HttpResponse:
        user = person(request)
        if not can_post_listing(user):
            raise PermissionDenied
        tops = self._tops()
        data = request.POST
        try:
            step = int(data.get("step", "1"))
        except ValueError:
            step = 0
        if not 1 <= step <= CHECK_STEP:
            return self._render(
                request,
                step=1,
                data=QueryDict(),
                form=TopCategoryForm(tops=tops),
                tops=tops,
                page_error=_("Er ging iets mis met de stappen. Begin opnieuw."),
                status=400,
            )
        goto = data.get("goto", "")
        earlier_steps = {str(number): number for number in range(1, step)}
        if goto in earlier_steps:
            return self._render_step(request, user, earlier_steps[goto], data, tops)

        top_form = TopCategoryForm(data, tops=tops)
        if not top_form.is_valid():
            return self._render(request, step=1, data=data, form=top_form, tops=tops, status=400)
        if step == 1:
            return self._render_step(request, user, 2, data, tops)
        details = self._details_form(user, top_form.top(), data)
        if not details.is_valid():
            return self._render(request, step=2, data=data, form=details, status=400)
        if step == 2:
            return self._render_step(request, user, 3, data, tops)
        when_where = WhenWhereForm(data)
        if not when_where.is_valid():
            return self._render(request, step=3, data=data, form=when_where, status=400)
        if step == 3:
            return self._render(
                request, step=CHECK_STEP, data=data, summary=self._summary(details, when_where)
            )
        return self._place(request, user, data, details, when_where)

    # --- the last step -------------------------------------------------------------------

    def _summary(self, details: DetailsForm, when_where: WhenWhereForm) -> dict[str, Any]:
        detail_data, place_data = details.cleaned_data, when_where.cleaned_data
        mask = when_where.availability_mask()
        resource = detail_data.get("resource")
        return {
            "category": details.chosen_category(),
            "title": detail_data["title"],
            "description": detail_data["description"],
            "is_recurring": detail_data["frequency"] != ONCE,
            "organisation": details.chosen_organisation(),
            "resident": details.chosen_resident(),
            "resource": Listing.Resource(resource).label if resource else "",
            "when": availability_labels(mask),
            "place": place_data["place"],
            "radius_km": place_data["radius_km"],
            "expiry": dict(EXPIRY_CHOICES)[place_data["expires_in_days"]],
        }

    def _place(
        self,
        request: HttpRequest,
        user: User,
        data: QueryDict,
        details: DetailsForm,
        when_where: WhenWhereForm,
    ) -> HttpResponse:
        resident = details.chosen_resident()
        if resident is not None and not can_post_on_behalf(user, resident):
            details.add_error("owner", _("U kunt geen vraag plaatsen voor deze bewoner."))
            return self._render(request, step=2, data=data, form=details, status=400)
        detail_data, place_data = details.cleaned_data, when_where.cleaned_data
        is_radius = place_data["place"] == Listing.Place.RADIUS
        try:
            listing = services.listing_create(
                owner=resident or user,
                kind=self.kind,
                title=detail_data["title"],
                description=detail_data["description"],
                category=details.chosen_category(),
                resource=detail_data.get("resource") or Listing.Resource.HELP,
                is_recurring=detail_data["frequency"] != ONCE,
                availability=when_where.availability_mask(),
                place=place_data["place"],
                radius_km=place_data["radius_km"] if is_radius else 2.0,
                organisation=details.chosen_organisation(),
                created_by=user if resident is not None else None,
                expires_in_days=int(place_data["expires_in_days"]),
            )
        except (ValidationError, ApplicationError) as error:
            return self._service_error(request, data, details, when_where, error)
        transaction.on_commit(lambda: matches_notify_new_task.enqueue(listing_id=listing.pk))
        if self.kind == Listing.Kind.ASK:
            messages.success(
                request, _("Uw vraag staat erop. Hieronder ziet u wie u misschien kan helpen.")
            )
        else:
            messages.success(
                request, _("Uw aanbod staat erop. Hieronder ziet u wie u misschien kunt helpen.")
            )
        return redirect(listing)

    def _service_error(
        self,
        request: HttpRequest,
        data: QueryDict,
        details: DetailsForm,
        when_where: WhenWhereForm,
        error: ValidationError | ApplicationError,
    ) -> HttpResponse:
        """Show what the service refused on the step where the person can change it."""
        if isinstance(error, ApplicationError):
            return self._render(
                request,
                step=CHECK_STEP,
                data=data,
                summary=self._summary(details, when_where),
                page_error=error.message,
                status=400,
            )
        fields = error.message_dict if hasattr(error, "error_dict") else {}
        for form, step in ((details, 2), (when_where, 3)):
            named = {name: errors for name, errors in fields.items() if name in form.fields}
            if named:
                for name, errors in named.items():
                    form.add_error(name, errors)
                return self._render(request, step=step, data=data, form=form, status=400)
        return self._render(
            request,
            step=CHECK_STEP,
            data=data,
            summary=self._summary(details, when_where),
            page_error=" ".join(error.messages),
            status=400,
        )


class AskPostView(ListingPostView):
    kind = Listing.Kind.ASK


class OfferPostView(ListingPostView):
    kind = Listing.Kind.OFFER
