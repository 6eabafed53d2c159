"""Signing up, logging in, confirming e-mail, activating a letter account, password reset."""

from typing import Any

from django.contrib import messages
from django.contrib.auth import login, password_validation
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from samenkracht.common.errors import ApplicationError
from samenkracht.common.forms import form_add_errors
from samenkracht.people import selectors, services
from samenkracht.people.forms import ActivateForm, LoginForm, QueuedPasswordResetForm, RegisterForm
from samenkracht.people.models import User

BACKEND = "samenkracht.people.backends.EmailOrUsernameBackend"


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "people/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class RegisterView(FormView):
    form_class = RegisterForm
    template_name = "people/register.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated:
            return redirect("people:home")
        return super().dispatch(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.get_form()
        form.is_valid()
        self._account_problems_add(form)
        if form.errors:
            return self.form_invalid(form)
        return self.form_valid(form)

    def _account_problems_add(self, form: RegisterForm) -> None:
        """Show a taken e-mail address and a weak password together with the other problems.

        The service checks both again; without this a person heard about them one at a time,
        only after fixing every other field.
        """
        data = form.cleaned_data
        email = (data.get("email") or "").strip().lower()
        if email:
            found = selectors.user_find_for_login(identifier=email)
            if found is not None and (found.email or "").lower() == email:
                form.add_error("email", _("Dit e-mailadres is al in gebruik."))
        password = data.get("password")
        if password:
            candidate = User(
                email=email,
                first_name=data.get("first_name") or "",
                last_name=data.get("last_name") or "",
            )
            try:
                password_validation.validate_password(password, candidate)
            except ValidationError as error:
                form.add_error("password", error)

    def form_valid(self, form: RegisterForm) -> HttpResponse:
        try:
            user = services.user_register(**form.cleaned_data)
        except ValidationError as error:
            form_add_errors(form, error)
            return self.form_invalid(form)
        login(self.request, user, backend=BACKEND)
        messages.success(
            self.request,
            _(
                "Welkom! We hebben u een e-mail gestuurd. Klik op de link in die e-mail om uw adres te bevestigen."
            ),
        )
        return redirect("people:profile-edit")


class EmailConfirmView(View):
    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        try:
            services.user_email_confirm(token=token)
        except ApplicationError as error:
            return render(
                request, "people/email_confirm_failed.html", {"message": error.message}, status=400
            )
        messages.success(request, _("Dank u. Uw e-mailadres is bevestigd."))
        return redirect("people:home" if request.user.is_authenticated else "people:login")


class EmailConfirmResendView(View):
    def post(self, request: HttpRequest) -> HttpResponse:
        if not isinstance(request.user, User):
            return redirect("people:login")
        services.email_confirmation_resend(user=request.user)
        messages.info(request, _("We hebben de e-mail opnieuw gestuurd."))
        return redirect("people:profile")


class ActivateView(FormView):
    form_class = ActivateForm
    template_name = "people/activate.html"

    def form_valid(self, form: ActivateForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            user = services.user_activate(
                username=data["username"], code=data["code"], password=data["password"]
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        except ValidationError as error:
            form.add_error("password", error)
            return self.form_invalid(form)
        login(self.request, user, backend=BACKEND)
        messages.success(
            self.request, _("Welkom! Uw account is klaar. Kijk of uw gegevens kloppen.")
        )
        return redirect("people:profile-edit")


class PasswordResetView(auth_views.PasswordResetView):
    form_class = QueuedPasswordResetForm
    template_name = "people/password_reset.html"
    email_template_name = "people/email/password_reset.txt"
    subject_template_name = "people/email/password_reset_subject.txt"
    success_url = reverse_lazy("people:password-reset-done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "people/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "people/password_reset_confirm.html"
    success_url = reverse_lazy("people:password-reset-complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "people/password_reset_complete.html"
