"""Contacts ("Mijn contacten"): answer a request, talk, report, block and say how it went."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from samenkracht.common.errors import ApplicationError
from samenkracht.common.forms import form_add_errors
from samenkracht.common.hours import hours_number
from samenkracht.matching import selectors, services
from samenkracht.matching.forms import MessageForm, OutcomeForm, OutcomeHoursForm, ReportForm
from samenkracht.matching.models import Contact
from samenkracht.matching.permissions import (
    can_change_outcome_hours,
    can_record_outcome,
    can_respond_contact,
    can_send_message,
    can_view_contact,
)
from samenkracht.matching.views.access import contact_or_404, person
from samenkracht.people.models import User


class ContactListView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        user = person(request)
        contacts = list(selectors.contact_list_for_user(user=user))
        waiting = [contact for contact in contacts if can_respond_contact(user, contact)]
        others = [contact for contact in contacts if contact not in waiting]
        return render(
            request,
            "matching/contact_list.html",
            {"waiting": waiting, "others": others},
        )


class ContactDetailView(LoginRequiredMixin, View):
    """The conversation; posting here sends a message."""

    def _contact(self, request: HttpRequest, pk: int) -> tuple[User, Contact]:
        user = person(request)
        contact = contact_or_404(pk)
        if not can_view_contact(user, contact):
            raise PermissionDenied
        return user, contact

    def _render(
        self,
        request: HttpRequest,
        user: User,
        contact: Contact,
        *,
        message_form: MessageForm | None = None,
        report_form: ReportForm | None = None,
        outcome_form: OutcomeForm | None = None,
        hours_form: OutcomeHoursForm | None = None,
        page_error: str = "",
        status: int = 200,
    ) -> HttpResponse:
        other = contact.other_side(user)
        own_outcome = selectors.outcome_get(contact=contact, respondent_id=user.pk)
        if hours_form is None and own_outcome is not None and own_outcome.hours_spent:
            hours_form = OutcomeHoursForm(
                initial={"hours_spent": hours_number(own_outcome.hours_spent)}
            )
        context: dict[str, Any] = {
            "contact": contact,
            "other": other,
            "is_ask_side": contact.ask.owner_id == user.pk,
            "conversation": list(selectors.contact_messages(contact=contact)),
            "details": selectors.contact_details_for(contact=contact, viewer=user),
            "can_respond": can_respond_contact(user, contact),
            "can_send_message": can_send_message(user, contact),
            "can_record_outcome": can_record_outcome(user, contact),
            "has_recorded_outcome": own_outcome is not None,
            "own_outcome": own_outcome,
            "can_change_outcome_hours": can_change_outcome_hours(user, contact),
            "hours_form": hours_form or OutcomeHoursForm(),
            "is_blocked": selectors.block_exists_between(user.pk, other.pk),
            "message_form": message_form or MessageForm(),
            "report_form": report_form or ReportForm(),
            "outcome_form": outcome_form or OutcomeForm(),
            "page_error": page_error,
        }
        return render(request, "matching/contact_detail.html", context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        user, contact = self._contact(request, pk)
        return self._render(request, user, contact)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user, contact = self._contact(request, pk)
        if not can_send_message(user, contact):
            raise PermissionDenied
        form = MessageForm(request.POST)
        if not form.is_valid():
            return self._render(request, user, contact, message_form=form, status=400)
        try:
            services.message_send(contact=contact, sender=user, body=form.cleaned_data["body"])
        except (ApplicationError, ValidationError) as error:
            _form_error(form, error)
            return self._render(request, user, contact, message_form=form, status=400)
        return redirect(f"{contact.get_absolute_url()}#berichten")


def _refusal_text(error: ApplicationError | ValidationError) -> str:
    """A service's refusal as one sentence for the top of the page."""
    if isinstance(error, ApplicationError):
        return error.message
    return " ".join(error.messages)


def _form_error(form: Form, error: ApplicationError | ValidationError) -> None:
    if isinstance(error, ApplicationError):
        form.add_error(None, error.message)
    else:
        form_add_errors(form, error)


class ContactRespondView(ContactDetailView):
    """Accept or decline a request (or an introduction)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return redirect("matching:contact-detail", pk=pk)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user, contact = self._contact(request, pk)
        if not can_respond_contact(user, contact):
            raise PermissionDenied
        answer = request.POST.get("answer")
        try:
            if answer == "accept":
                services.contact_accept(contact=contact, actor=user)
                messages.success(request, _("U heeft ja gezegd. U kunt nu berichten sturen."))
            elif answer == "decline":
                services.contact_decline(contact=contact, actor=user)
                messages.success(
                    request, _("U heeft nee gezegd. De ander krijgt daar bericht van.")
                )
            else:
                return self._render(
                    request, user, contact, page_error=_("Kies ja of nee."), status=400
                )
        except (ApplicationError, ValidationError) as error:
            return self._render(request, user, contact, page_error=_refusal_text(error), status=400)
        return redirect(contact)


class ContactReportView(ContactDetailView):
    """Report abuse in this conversation to an admin."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return redirect("matching:contact-detail", pk=pk)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user, contact = self._contact(request, pk)
        form = ReportForm(request.POST)
        if not form.is_valid():
            return self._render(request, user, contact, report_form=form, status=400)
        try:
            services.report_create(
                reporter=user,
                reported=contact.other_side(user),
                reason=form.cleaned_data["reason"],
                contact=contact,
            )
        except (ApplicationError, ValidationError) as error:
            _form_error(form, error)
            return self._render(request, user, contact, report_form=form, status=400)
        messages.success(request, _("Dank u wel. Een beheerder kijkt naar uw melding."))
        return redirect(contact)


class ContactBlockView(ContactDetailView):
    """Block the other person: no more messages or contacts either way."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return redirect("matching:contact-detail", pk=pk)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user, contact = self._contact(request, pk)
        other = contact.other_side(user)
        try:
            if request.POST.get("action") == "unblock":
                services.block_remove(blocker=user, blocked=other)
                messages.success(
                    request, _("%(name)s is niet meer geblokkeerd.") % {"name": other.public_name}
                )
            else:
                services.block_create(blocker=user, blocked=other)
                messages.success(
                    request,
                    _(
                        "U heeft %(name)s geblokkeerd. U krijgt geen berichten meer van deze persoon."
                    )
                    % {"name": other.public_name},
                )
        except (ApplicationError, ValidationError) as error:
            return self._render(request, user, contact, page_error=_refusal_text(error), status=400)
        return redirect(contact)


class ContactOutcomeView(ContactDetailView):
    """ "Is het gelukt?"."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return redirect("matching:contact-detail", pk=pk)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user, contact = self._contact(request, pk)
        if not can_record_outcome(user, contact):
            raise PermissionDenied
        form = OutcomeForm(request.POST)
        if not form.is_valid():
            return self._render(request, user, contact, outcome_form=form, status=400)
        data = form.cleaned_data
        try:
            services.outcome_record(
                contact=contact,
                respondent=user,
                result=data["result"],
                reason=data["reason"],
                note=data["note"],
                hours_spent=data["hours_spent"],
            )
        except (ApplicationError, ValidationError) as error:
            _form_error(form, error)
            return self._render(request, user, contact, outcome_form=form, status=400)
        messages.success(request, _("Dank u wel voor uw antwoord."))
        return redirect(contact)


class ContactOutcomeHoursView(ContactDetailView):
    """How long it took: said, or corrected, after "yes, it worked"."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return redirect("matching:contact-detail", pk=pk)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user, contact = self._contact(request, pk)
        if not can_change_outcome_hours(user, contact):
            raise PermissionDenied
        form = OutcomeHoursForm(request.POST)
        if not form.is_valid():
            return self._render(request, user, contact, hours_form=form, status=400)
        try:
            services.outcome_hours_change(
                contact=contact, respondent=user, hours_spent=form.cleaned_data["hours_spent"]
            )
        except (ApplicationError, ValidationError) as error:
            _form_error(form, error)
            return self._render(request, user, contact, hours_form=form, status=400)
        messages.success(request, _("Opgeslagen: zo lang duurde het."))
        return redirect(f"{contact.get_absolute_url()}#hoe-lang")
