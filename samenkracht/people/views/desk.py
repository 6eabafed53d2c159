"""The professional's desk: register a resident on their behalf and print their letter."""

import time
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views import View

from samenkracht.common.forms import form_add_errors
from samenkracht.people import selectors, services
from samenkracht.people.forms import ResidentRegisterForm
from samenkracht.people.models import User
from samenkracht.people.permissions import (
    can_print_letter,
    can_register_resident,
    can_view_professional_desk,
)

# A new letter's code waits in the session for at most this long, so that reloading the
# letter shows it again instead of registering the resident a second time.
LETTER_SESSION_SECONDS = 60 * 60


def _letter_session_key(resident: User) -> str:
    return f"people.letter.{resident.pk}"


def _letter_remember(request: HttpRequest, *, resident: User, code: str) -> HttpResponse:
    """Keep the new code briefly in the session and show the letter (post/redirect/get)."""
    request.session[_letter_session_key(resident)] = {"code": code, "at": time.time()}
    return redirect("people:resident-letter-show", pk=resident.pk)


def _letter_recall(request: HttpRequest, *, resident: User) -> str | None:
    stored = request.session.get(_letter_session_key(resident))
    if not stored or time.time() - stored.get("at", 0) > LETTER_SESSION_SECONDS:
        request.session.pop(_letter_session_key(resident), None)
        return None
    return str(stored["code"])


def _letter_response(request: HttpRequest, *, resident: User, code: str) -> HttpResponse:
    """Render the printable letter; only the session holds the raw code, for at most an hour."""
    activation = selectors.activation_code_current(user=resident)
    context: dict[str, Any] = {
        "resident": resident,
        "code": code,
        "activation_url": settings.SAMENKRACHT_BASE_URL.rstrip("/") + reverse("people:activate"),
        "expires_at": activation.expires_at if activation is not None else None,
    }
    response = render(request, "people/letter.html", context)
    # The code must not linger in a browser or proxy cache once the page is closed.
    add_never_cache_headers(response)
    return response


class ResidentRegisterView(LoginRequiredMixin, View):
    def _render(
        self, request: HttpRequest, form: ResidentRegisterForm, status: int = 200
    ) -> HttpResponse:
        return render(request, "people/resident_register.html", {"form": form}, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        assert isinstance(user, User)
        if not can_register_resident(user):
            raise PermissionDenied
        return self._render(request, ResidentRegisterForm(professional=user))

    def post(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        assert isinstance(user, User)
        if not can_register_resident(user):
            raise PermissionDenied
        form = ResidentRegisterForm(request.POST, professional=user)
        if not form.is_valid():
            return self._render(request, form, status=400)
        data = form.cleaned_data
        if not can_register_resident(user, data["neighbourhood"]):
            form.add_error(
                "neighbourhood",
                _("U werkt niet in deze buurt. Kies een buurt uit uw eigen werkgebied."),
            )
            return self._render(request, form, status=400)
        try:
            resident, code = services.resident_register_on_behalf(
                professional=user,
                first_name=data["first_name"],
                last_name=data["last_name"],
                neighbourhood=data["neighbourhood"],
                birth_year=data["birth_year"],
                email=data["email"] or "",
            )
        except ValidationError as error:
            form_add_errors(form, error)
            return self._render(request, form, status=400)
        return _letter_remember(request, resident=resident, code=code)


class ResidentLetterView(LoginRequiredMixin, View):
    """GET asks for confirmation; POST makes a new code, so the old letter stops working."""

    def _resident(self, request: HttpRequest, pk: int) -> User:
        if not can_view_professional_desk(request.user):
            raise PermissionDenied
        resident = selectors.person_get(pk=pk)
        if resident is None:
            raise Http404
        if not can_print_letter(request.user, resident):
            raise PermissionDenied
        return resident

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        resident = self._resident(request, pk)
        return render(request, "people/letter_confirm.html", {"resident": resident})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        resident = self._resident(request, pk)
        user = request.user
        assert isinstance(user, User)
        code = services.activation_code_issue(user=resident, issued_by=user)
        return _letter_remember(request, resident=resident, code=code)


class ResidentLetterShowView(ResidentLetterView):
    """The letter just made; "Klaar" forgets its code, after which only a new letter helps."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        resident = self._resident(request, pk)
        code = _letter_recall(request, resident=resident)
        if code is None:
            messages.info(
                request, _("Deze brief is niet meer te zien. Maak zo nodig een nieuwe brief.")
            )
            return redirect("people:resident-letter", pk=resident.pk)
        return _letter_response(request, resident=resident, code=code)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        resident = self._resident(request, pk)
        request.session.pop(_letter_session_key(resident), None)
        messages.success(request, _("De brief is klaar. De code staat nergens meer op het scherm."))
        return redirect("people:home")
