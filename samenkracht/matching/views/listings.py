"""Asks and offers: browse, detail with explained matches, my listings, and reacting."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from samenkracht.common.errors import ApplicationError
from samenkracht.common.forms import form_add_errors
from samenkracht.matching import selectors, services
from samenkracht.matching.forms import ContactRequestForm, ListingEditForm, ListingFilterForm
from samenkracht.matching.models import Listing
from samenkracht.matching.permissions import (
    can_contact,
    can_edit_listing,
    can_post_listing,
    can_view_listing,
)
from samenkracht.matching.views.access import listing_or_404, person
from samenkracht.people import selectors as people_selectors
from samenkracht.people.models import User

MATCH_COUNT = 20
CLOSED_MESSAGE = gettext_lazy("Dit is afgesloten en kan niet meer worden gewijzigd.")
BROWSE_LIMIT = 100


def _opposite(kind: str) -> str:
    return Listing.Kind.OFFER if kind == Listing.Kind.ASK else Listing.Kind.ASK


class ListingBrowseView(LoginRequiredMixin, View):
    """Open asks and offers, filtered by kind, category, neighbourhood and words."""

    def get(self, request: HttpRequest) -> HttpResponse:
        user = person(request)
        if not can_post_listing(user):
            raise PermissionDenied
        tops = selectors.category_tree()
        neighbourhoods = list(
            people_selectors.neighbourhood_choices(
                municipality=people_selectors.municipality_get_default()
            )
        )
        form = ListingFilterForm(request.GET or None, tops=tops, neighbourhoods=neighbourhoods)
        filters: dict[str, Any] = {}
        status = 200
        if form.is_bound:
            if form.is_valid():
                filters = form.filters()
            else:
                status = 400
        listings = list(selectors.listing_list(**filters)[:BROWSE_LIMIT]) if status == 200 else []
        return render(
            request,
            "matching/listing_list.html",
            {
                "form": form,
                "listings": listings,
                "is_filtered": any(value is not None for value in filters.values()),
                "limit": BROWSE_LIMIT,
            },
            status=status,
        )


class ListingMineView(LoginRequiredMixin, View):
    """My asks and offers, open and closed, with the next step for each."""

    def get(self, request: HttpRequest) -> HttpResponse:
        user = person(request)
        listings = list(selectors.listing_list(owner=user, statuses=Listing.Status.values))
        return render(
            request,
            "matching/listing_mine.html",
            {
                "open_listings": [listing for listing in listings if listing.is_open],
                "closed_listings": [listing for listing in listings if not listing.is_open],
            },
        )


class ListingDetailView(LoginRequiredMixin, View):
    """The owner sees the ranked, explained matches; others see the listing and "Reageer"."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        user = person(request)
        listing = listing_or_404(pk)
        if not can_view_listing(user, listing):
            raise PermissionDenied
        is_owner = can_edit_listing(user, listing)
        matches = (
            selectors.matches_for_listing(listing=listing, k=MATCH_COUNT, now=timezone.now())
            if is_owner and listing.is_open
            else []
        )
        return render(
            request,
            "matching/listing_detail.html",
            {
                "listing": listing,
                "is_ask": listing.kind == Listing.Kind.ASK,
                "is_owner": is_owner,
                "matches": matches,
                "can_contact": can_contact(user, listing),
            },
        )


class ListingEditView(LoginRequiredMixin, View):
    """Change an open ask or offer: its owner, or the professional who posted it for them."""

    def _listing(self, request: HttpRequest, pk: int) -> tuple[User, Listing]:
        user = person(request)
        listing = listing_or_404(pk)
        if not can_edit_listing(user, listing):
            raise PermissionDenied
        return user, listing

    def _form(self, listing: Listing, data: Any = None) -> ListingEditForm:
        return ListingEditForm(
            data, listing=listing, tops=selectors.category_tree(), now=timezone.now()
        )

    def _render(
        self,
        request: HttpRequest,
        listing: Listing,
        form: ListingEditForm | None,
        page_error: str = "",
        status: int = 200,
    ) -> HttpResponse:
        return render(
            request,
            "matching/listing_edit.html",
            {"listing": listing, "form": form, "page_error": page_error},
            status=status,
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        _user, listing = self._listing(request, pk)
        if not listing.is_open:
            return self._render(request, listing, None, page_error=str(CLOSED_MESSAGE))
        return self._render(request, listing, self._form(listing))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user, listing = self._listing(request, pk)
        if not listing.is_open:
            return self._render(request, listing, None, page_error=str(CLOSED_MESSAGE), status=400)
        form = self._form(listing, request.POST)
        if not form.is_valid():
            return self._render(request, listing, form, status=400)
        try:
            services.listing_update(listing=listing, actor=user, **form.changes())
        except ApplicationError as error:
            return self._render(request, listing, form, page_error=error.message, status=400)
        except ValidationError as error:
            form_add_errors(form, error)
            return self._render(request, listing, form, status=400)
        messages.success(request, _("Uw wijzigingen zijn opgeslagen."))
        return redirect(listing)


class ListingStatusView(LoginRequiredMixin, View):
    """Withdraw a listing, or mark it done."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user = person(request)
        listing = listing_or_404(pk)
        if not can_edit_listing(user, listing):
            raise PermissionDenied
        action = request.POST.get("action")
        try:
            if action == "withdraw":
                services.listing_withdraw(listing=listing, actor=user)
                messages.success(request, _("Het is ingetrokken. Niemand ziet het nog."))
            elif action == "done":
                services.listing_mark_done(listing=listing, actor=user)
                messages.success(request, _("Fijn! Het staat nu op afgerond."))
            else:
                return self._refuse(request, _("Dit kunnen wij niet doen."))
        except ApplicationError as error:
            return self._refuse(request, error.message)
        except ValidationError as error:
            return self._refuse(request, " ".join(error.messages))
        return redirect("matching:listing-mine")

    def _refuse(self, request: HttpRequest, message: str) -> HttpResponse:
        user = person(request)
        listings = list(selectors.listing_list(owner=user, statuses=Listing.Status.values))
        return render(
            request,
            "matching/listing_mine.html",
            {
                "open_listings": [listing for listing in listings if listing.is_open],
                "closed_listings": [listing for listing in listings if not listing.is_open],
                "page_error": message,
            },
            status=400,
        )


class ContactRequestView(LoginRequiredMixin, View):
    """React to someone's ask or offer with one of one's own, and a first message."""

    def _own_listings(self, user: User, listing: Listing) -> list[Listing]:
        return list(selectors.listing_list(kind=_opposite(listing.kind), owner=user))

    def _render(
        self,
        request: HttpRequest,
        user: User,
        listing: Listing,
        form: ContactRequestForm,
        status: int = 200,
    ) -> HttpResponse:
        is_first_contact = not selectors.contact_list_for_user(user=user).exists()
        return render(
            request,
            "matching/contact_request.html",
            {
                "listing": listing,
                "form": form,
                "has_own_listings": bool(form.own_listings),
                "post_url_name": (
                    "matching:offer-create"
                    if listing.kind == Listing.Kind.ASK
                    else "matching:ask-create"
                ),
                "is_first_contact": is_first_contact,
            },
            status=status,
        )

    def _listing(self, request: HttpRequest, pk: int) -> tuple[User, Listing]:
        user = person(request)
        listing = listing_or_404(pk)
        if not can_contact(user, listing):
            raise PermissionDenied
        return user, listing

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        user, listing = self._listing(request, pk)
        form = ContactRequestForm(own_listings=self._own_listings(user, listing))
        chosen = request.GET.get("met", "")
        if chosen in form.own_listings:
            form.fields["mine"].initial = chosen
        return self._render(request, user, listing, form)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user, listing = self._listing(request, pk)
        form = ContactRequestForm(request.POST, own_listings=self._own_listings(user, listing))
        if not form.is_valid():
            return self._render(request, user, listing, form, status=400)
        own = form.own_listing()
        ask, offer = (listing, own) if listing.kind == Listing.Kind.ASK else (own, listing)
        try:
            contact = services.contact_request(
                initiator=user, ask=ask, offer=offer, message=form.cleaned_data["message"]
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
            return self._render(request, user, listing, form, status=400)
        except ValidationError as error:
            form_add_errors(form, error)
            return self._render(request, user, listing, form, status=400)
        messages.success(
            request,
            _("Uw bericht is verstuurd. U hoort het als %(name)s antwoordt.")
            % {"name": listing.owner.public_name},
        )
        return redirect(contact)
