"""A person's own profile: edit, consents, data export, account deletion, API keys."""

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from samenkracht.common.errors import ApplicationError
from samenkracht.common.forms import form_add_errors
from samenkracht.people import selectors, services
from samenkracht.people.forms import (
    ApiTokenForm,
    ConsentForm,
    DeleteAccountForm,
    EmailChangeForm,
    ProfileForm,
)
from samenkracht.people.models import Language, User
from samenkracht.people.permissions import can_use_api_tokens


def _language_names(user: User) -> list[str]:
    """The names of the languages a person speaks, not their codes ("Turks", not "tr")."""
    labels = dict(Language.choices)
    return [str(labels.get(code, code)) for code in user.languages]


class ProfileView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        assert isinstance(user, User)
        return render(
            request,
            "people/profile.html",
            {
                "person": user,
                "language_names": _language_names(user),
                "consents": selectors.consent_current(user=user),
                "memberships": selectors.user_memberships(user=user),
                "email_form": EmailChangeForm(initial={"email": user.email}),
            },
        )


class ProfileEditView(LoginRequiredMixin, View):
    def _initial(self, user: User) -> dict[str, Any]:
        return {
            "first_name": user.first_name,
            "last_name": user.last_name,
            "show_full_name": user.show_full_name,
            "neighbourhood": user.neighbourhood_id,
            "birth_year": user.birth_year,
            "languages": user.languages,
            "about": user.about,
        }

    def get(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        assert isinstance(user, User)
        return render(
            request, "people/profile_edit.html", {"form": ProfileForm(initial=self._initial(user))}
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        assert isinstance(user, User)
        form = ProfileForm(request.POST, request.FILES, initial=self._initial(user))
        if form.is_valid():
            data = dict(form.cleaned_data)
            remove_photo = data.pop("remove_photo")
            photo = data.pop("photo")
            if photo:
                data["photo"] = photo
            elif remove_photo:
                data["photo"] = None
            try:
                services.profile_update(user=user, **data)
            except ValidationError as error:
                user.refresh_from_db()
                form_add_errors(form, error)
            else:
                messages.success(request, _("Uw profiel is opgeslagen."))
                return redirect("people:profile")
        return render(request, "people/profile_edit.html", {"form": form}, status=400)


class EmailChangeView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        assert isinstance(user, User)
        form = EmailChangeForm(request.POST)
        if form.is_valid():
            try:
                services.user_email_change(user=user, email=form.cleaned_data["email"])
            except ValidationError as error:
                user.refresh_from_db()
                form_add_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "We hebben een e-mail gestuurd naar uw nieuwe adres. Klik op de link om het te bevestigen."
                    ),
                )
                return redirect("people:profile")
        context = {
            "person": user,
            "language_names": _language_names(user),
            "consents": selectors.consent_current(user=user),
            "memberships": selectors.user_memberships(user=user),
            "email_form": form,
        }
        return render(request, "people/profile.html", context, status=400)


class ConsentView(LoginRequiredMixin, View):
    def _render(
        self, request: HttpRequest, form: ConsentForm, user: User, status: int = 200
    ) -> HttpResponse:
        return render(
            request,
            "people/consents.html",
            {"form": form, "history": selectors.consent_history(user=user)},
            status=status,
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        assert isinstance(user, User)
        return self._render(
            request, ConsentForm(consents=selectors.consent_current(user=user)), user
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        assert isinstance(user, User)
        current = selectors.consent_current(user=user)
        form = ConsentForm(request.POST, consents=current)
        if not form.is_valid():
            return self._render(request, form, user, status=400)
        decisions = {
            state.kind: form.cleaned_data[state.kind]
            for state in current
            if form.cleaned_data[state.kind] != state.is_given or state.decided_at is None
        }
        services.consents_set(user=user, decisions=decisions)
        messages.success(
            request, _("Uw keuzes zijn opgeslagen.") if decisions else _("Er is niets veranderd.")
        )
        return redirect("people:consents")


class DataExportView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "people/data_export.html")

    def post(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        assert isinstance(user, User)
        data = services.user_data_export(user=user)
        body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = (
            f'attachment; filename="samenkracht-mijn-gegevens-{stamp}.json"'
        )
        return response


class AccountDeleteView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return render(
            request, "people/account_delete.html", {"form": DeleteAccountForm(user=request.user)}
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        assert isinstance(user, User)
        form = DeleteAccountForm(request.POST, user=user)
        if not form.is_valid():
            return render(request, "people/account_delete.html", {"form": form}, status=400)
        services.user_delete(user=user)
        logout(request)
        messages.success(
            request,
            _("Uw account en uw gegevens zijn verwijderd. Bedankt voor uw hulp in de buurt."),
        )
        return redirect("landing")


class ApiTokenView(LoginRequiredMixin, View):
    def _render(
        self, request: HttpRequest, form: ApiTokenForm, new_key: str = "", status: int = 200
    ) -> HttpResponse:
        user = request.user
        assert isinstance(user, User)
        return render(
            request,
            "people/api_tokens.html",
            {
                "form": form,
                "tokens": selectors.api_token_list(user=user),
                "new_key": new_key,
            },
            status=status,
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        if not can_use_api_tokens(request.user):
            raise PermissionDenied
        return self._render(request, ApiTokenForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        assert isinstance(user, User)
        if not can_use_api_tokens(user):
            raise PermissionDenied
        if "revoke" in request.POST:
            try:
                services.api_token_revoke(user=user, token_id=request.POST["revoke"])
            except (ApplicationError, ValidationError):
                messages.error(request, _("Deze sleutel bestaat niet."))
            else:
                messages.success(request, _("De sleutel werkt niet meer."))
            return redirect("people:api-tokens")
        form = ApiTokenForm(request.POST)
        if not form.is_valid():
            return self._render(request, form, status=400)
        _token, raw_key = services.api_token_create(user=user, name=form.cleaned_data["name"])
        return self._render(request, ApiTokenForm(), new_key=raw_key)
