"""Thanking with hours after a match, sending hours, confirming and correcting transfers."""

from decimal import Decimal
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from samenkracht.common.errors import ApplicationError
from samenkracht.common.hours import hours_number, hours_text
from samenkracht.exchange import permissions, selectors, services
from samenkracht.exchange.forms import ReverseForm, SendForm, ThankForm
from samenkracht.exchange.models import Transfer
from samenkracht.exchange.views.access import form_show_error, person
from samenkracht.matching.models import Contact
from samenkracht.people.models import User


def _proposal_text(proposal: selectors.ThanksProposal, helper: User) -> str:
    """Where the proposed number of hours comes from, in plain words."""
    name = helper.public_name
    if proposal.source == "own" and proposal.own_hours is not None:
        if proposal.helper_hours is None or proposal.helper_hours == proposal.own_hours:
            text = _("U schreef dat het %(hours)s duurde. Dat staat al ingevuld.")
        else:
            text = _(
                "U schreef dat het %(hours)s duurde, %(name)s schreef %(other)s. Uw eigen "
                "antwoord staat al ingevuld."
            )
        hours, other = proposal.own_hours, proposal.helper_hours
    elif proposal.source == "helper" and proposal.helper_hours is not None:
        text = _("%(name)s schreef dat het %(hours)s duurde. Dat staat al ingevuld.")
        hours, other = proposal.helper_hours, None
    else:
        text = _("Niemand heeft opgeschreven hoe lang het duurde. Daarom staat er %(hours)s.")
        hours, other = Decimal(1), None
    return (
        text
        % {
            "hours": hours_text(hours),
            "name": name,
            "other": hours_text(other) if other is not None else "",
        }
        + " "
        + _("U kunt het aantal veranderen.")
    )


class ThankView(LoginRequiredMixin, View):
    """ "Bedanken met uren" after a match: the hours go to the one who helped."""

    def _contact(self, request: HttpRequest, contact_id: int) -> tuple[User, Contact]:
        user = person(request)
        contact = (
            Contact.objects.select_related("ask", "offer", "initiator", "recipient")
            .filter(pk=contact_id)
            .first()
        )
        if contact is None or user.pk not in (contact.initiator_id, contact.recipient_id):
            raise Http404
        return user, contact

    def _render(
        self, request: HttpRequest, user: User, contact: Contact, form: ThankForm, status: int = 200
    ) -> HttpResponse:
        return render(
            request,
            "exchange/thank.html",
            {
                "contact": contact,
                "helper": contact.other_side(user),
                "form": form,
                "problem": permissions.thank_problem(user, contact),
                "earlier": list(selectors.thanks_for_contact(contact_id=contact.pk)),
            },
            status=status,
        )

    def _form(self, user: User, contact: Contact, data: Any = None) -> ThankForm:
        currency = selectors.currency_default()
        proposal = selectors.thanks_proposal(contact=contact, sender=user, currency=currency)
        amount = hours_number(Decimal(proposal.units).scaleb(-currency.scale))
        return ThankForm(
            data,
            initial={"amount": amount},
            proposal_text=_proposal_text(proposal, contact.other_side(user)),
        )

    def get(self, request: HttpRequest, contact_id: int) -> HttpResponse:
        user, contact = self._contact(request, contact_id)
        return self._render(request, user, contact, self._form(user, contact))

    def post(self, request: HttpRequest, contact_id: int) -> HttpResponse:
        user, contact = self._contact(request, contact_id)
        form = self._form(user, contact, request.POST)
        if not form.is_valid():
            return self._render(request, user, contact, form, status=400)
        try:
            booked = services.thanks_send(
                sender=user,
                contact=contact,
                amount=form.cleaned_data["amount"],
                memo=form.cleaned_data["memo"],
                key=form.cleaned_data["key"],
                now=timezone.now(),
            )
        except ApplicationError as error:
            form_show_error(form, error)
            return self._render(request, user, contact, form, status=400)
        transfer = booked.transfer
        currency = transfer.debit.currency
        messages.success(
            request,
            _("Dank u wel! %(name)s heeft %(amount)s %(unit)s van u gekregen.")
            % {
                "name": contact.other_side(user),
                "amount": currency.display(transfer.amount),
                "unit": currency.unit_label(transfer.amount),
            },
        )
        return redirect("exchange:home")


def _people_known_to(user: User) -> list[User]:
    """The people someone has an accepted contact with: whom they exchange with."""
    contacts = Contact.objects.filter(status=Contact.Status.ACCEPTED).select_related(
        "initiator", "recipient"
    )
    people = {
        contact.other_side(user)
        for contact in contacts.filter(initiator=user) | contacts.filter(recipient=user)
    }
    return sorted((p for p in people if p.is_active and not p.is_deleted), key=str)


class TransferSendView(LoginRequiredMixin, View):
    """Send hours to someone you exchanged with, at once or to be confirmed."""

    def _form(self, user: User, data: Any = None) -> SendForm:
        people = [(str(p.pk), str(p)) for p in _people_known_to(user)]
        initial = {"recipient": self.request.GET.get("aan", "")}
        return SendForm(data, people=people, initial=initial)

    def _render(self, request: HttpRequest, form: SendForm, status: int = 200) -> HttpResponse:
        return render(request, "exchange/send.html", {"form": form}, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, self._form(person(request)))

    def post(self, request: HttpRequest) -> HttpResponse:
        user = person(request)
        form = self._form(user, request.POST)
        if not form.is_valid():
            return self._render(request, form, status=400)
        recipient = User.objects.get(pk=int(form.cleaned_data["recipient"]))
        currency = selectors.currency_default()
        is_pending = form.cleaned_data["is_pending"]
        now = timezone.now()
        try:
            booked = services.transfer_send(
                sender=user,
                currency=currency,
                to_person=recipient,
                amount=form.cleaned_data["amount"],
                memo=form.cleaned_data["memo"],
                key=form.cleaned_data["key"],
                is_pending=is_pending,
                now=now,
            )
        except ApplicationError as error:
            form_show_error(form, error)
            return self._render(request, form, status=400)
        units = booked.transfer.amount
        text = (
            _("%(name)s krijgt bericht en kan de %(amount)s %(unit)s bevestigen.")
            if is_pending
            else _("%(name)s heeft %(amount)s %(unit)s van u gekregen.")
        )
        messages.success(
            request,
            text
            % {
                "name": recipient,
                "amount": currency.display(units),
                "unit": currency.unit_label(units),
            },
        )
        return redirect("exchange:home")


class PendingResolveView(LoginRequiredMixin, View):
    """Confirm or decline a transfer that waits for you."""

    is_post = True

    def post(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        user = person(request)
        transfer = selectors.transfer_get(pk=pk)
        if transfer is None or not (
            permissions.manages_account(user, transfer.credit)
            or permissions.manages_account(user, transfer.debit)
        ):
            raise Http404
        action = services.pending_confirm if self.is_post else services.pending_decline
        try:
            action(user=user, transfer=transfer, now=timezone.now())
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("exchange:home")
        currency = transfer.debit.currency
        text = (
            _("U heeft %(amount)s %(unit)s aangenomen. Het staat op uw rekening.")
            if self.is_post
            else _("De overboeking van %(amount)s %(unit)s gaat niet door.")
        )
        messages.success(
            request,
            text
            % {
                "amount": currency.display(transfer.amount),
                "unit": currency.unit_label(transfer.amount),
            },
        )
        return redirect("exchange:home")


class TransferReverseView(LoginRequiredMixin, View):
    """An administrator corrects a transfer by booking it back, with a reason."""

    def _transfer(self, request: HttpRequest, pk: UUID) -> tuple[User, Transfer]:
        user = person(request)
        if not permissions.can_reverse(user):
            raise PermissionDenied
        transfer = selectors.transfer_get(pk=pk)
        if transfer is None:
            raise Http404
        return user, transfer

    def _render(
        self, request: HttpRequest, transfer: Transfer, form: ReverseForm, status: int = 200
    ) -> HttpResponse:
        context = {
            "transfer": transfer,
            "form": form,
            "left": transfer.debit.currency.display(
                transfer.amount - selectors.reversed_amount(transfer=transfer)
            ),
            "from_name": selectors.counterparty_name(transfer.debit),
            "to_name": selectors.counterparty_name(transfer.credit),
        }
        return render(request, "exchange/reverse.html", context, status=status)

    def get(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        _user, transfer = self._transfer(request, pk)
        return self._render(request, transfer, ReverseForm())

    def post(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        user, transfer = self._transfer(request, pk)
        form = ReverseForm(request.POST)
        if not form.is_valid():
            return self._render(request, transfer, form, status=400)
        try:
            services.transfer_reverse(
                admin=user,
                transfer=transfer,
                amount=form.cleaned_data["amount"] or None,
                reason=form.cleaned_data["reason"],
                key=form.cleaned_data["key"],
                now=timezone.now(),
            )
        except ApplicationError as error:
            form_show_error(form, error)
            return self._render(request, transfer, form, status=400)
        messages.success(request, _("De correctie is geboekt."))
        return redirect("admin:exchange_transfer_change", transfer.pk)
