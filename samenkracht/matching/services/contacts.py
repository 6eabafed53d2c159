"""Writes of contacts: react, introduce, accept or decline, talk, report how it went, stay safe."""

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from samenkracht.common.errors import ApplicationError
from samenkracht.core import ledger
from samenkracht.matching import permissions, selectors
from samenkracht.matching.models import (
    HOURS_SPENT_MAX,
    Block,
    Contact,
    Listing,
    Message,
    Notification,
    Outcome,
    Report,
)
from samenkracht.matching.reasons import reason_stored
from samenkracht.matching.services.listings import listing_reopen_if_free
from samenkracht.matching.services.notifications import notification_send, quoted
from samenkracht.matching.services.text import text_check
from samenkracht.people.models import User

MESSAGE_MAX_LENGTH = 2000
NOTE_MAX_LENGTH = 500
REPORT_MAX_LENGTH = 1000
# New accounts are limited, so that a fake account cannot message a whole neighbourhood.
NEW_ACCOUNT_PERIOD = timedelta(days=14)
NEW_ACCOUNT_CONTACTS_PER_DAY = 5
NEW_ACCOUNT_MESSAGES_PER_DAY = 20
# A week gives the two sides time to meet before they are asked how it went.
OUTCOME_REMINDER_AFTER = timedelta(days=7)


def _is_new_account(user: User, now: datetime) -> bool:
    return now - user.date_joined < NEW_ACCOUNT_PERIOD


def _contact_limit_check(user: User, now: datetime) -> None:
    if not _is_new_account(user, now):
        return
    started = selectors.contacts_started_since(user=user, since=now - timedelta(days=1))
    if started >= NEW_ACCOUNT_CONTACTS_PER_DAY:
        raise ApplicationError(
            _(
                "U heeft vandaag al %(count)d keer gereageerd. In de eerste twee weken kan dat "
                "%(count)d keer per dag. Morgen kan het weer."
            )
            % {"count": NEW_ACCOUNT_CONTACTS_PER_DAY}
        )


def _message_limit_check(user: User, now: datetime) -> None:
    if not _is_new_account(user, now):
        return
    sent = selectors.messages_sent_since(user=user, since=now - timedelta(days=1))
    if sent >= NEW_ACCOUNT_MESSAGES_PER_DAY:
        raise ApplicationError(
            _(
                "U heeft vandaag al %(count)d berichten gestuurd. In de eerste twee weken kan dat "
                "%(count)d keer per dag. Morgen kan het weer."
            )
            % {"count": NEW_ACCOUNT_MESSAGES_PER_DAY}
        )


def _block_check(user_id: int | None, other_id: int | None) -> None:
    if selectors.block_exists_between(user_id, other_id):
        raise ApplicationError(_("Contact met deze persoon is niet mogelijk."))


def _pair_check(ask: Listing, offer: Listing) -> None:
    if ask.kind != Listing.Kind.ASK or offer.kind != Listing.Kind.OFFER:
        raise ValidationError(_("Een contact gaat altijd over een vraag en een aanbod."))
    if ask.owner_id == offer.owner_id:
        raise ApplicationError(_("De vraag en het aanbod zijn van dezelfde persoon."))
    if not ask.is_open or not offer.is_open:
        raise ApplicationError(_("Deze vraag of dit aanbod is afgesloten."))
    if selectors.contact_exists(ask=ask, offer=offer):
        raise ApplicationError(_("Over deze vraag en dit aanbod is al contact."))
    owners = (ask.owner, offer.owner)
    if any(not owner.is_active or owner.is_deleted for owner in owners):
        raise ApplicationError(_("Deze persoon is niet meer actief op het platform."))


def _lock_pair(ask: Listing, offer: Listing) -> tuple[Listing, Listing]:
    # Lock in pk order: two people reacting at once would otherwise deadlock.
    locked = {
        listing.pk: listing
        for listing in Listing.objects.select_for_update()
        .select_related("owner", "category", "neighbourhood")
        .filter(pk__in=[ask.pk, offer.pk])
        .order_by("pk")
    }
    return locked[ask.pk], locked[offer.pk]


def _sender_lock(user: User) -> None:
    # The daily limits count, then insert: without this row lock two parallel requests of
    # one person could both see room for one more. Taken after the listing or contact
    # locks, always in that order, so it cannot deadlock with them.
    User.objects.select_for_update().filter(pk=user.pk).first()


def _in_contact(*listings: Listing) -> None:
    for listing in listings:
        if listing.status == Listing.Status.OPEN:
            listing.status = Listing.Status.IN_CONTACT
            listing.save(update_fields=["status", "updated_at"])


def _explanation(ask: Listing, offer: Listing, now: datetime) -> tuple[float, list[dict[str, Any]]]:
    score, reasons = selectors.match_score(ask=ask, offer=offer, now=now)
    return score, [reason_stored(reason) for reason in reasons]


def _message_create(contact: Contact, sender: User, body: str) -> Message:
    text = text_check(body, field="body", label=_("een bericht"), max_length=MESSAGE_MAX_LENGTH)
    message = Message(contact=contact, sender=sender, body=text)
    message.full_clean()
    message.save()
    return message


@transaction.atomic
def contact_request(
    *, initiator: User, ask: Listing, offer: Listing, message: str, now: datetime | None = None
) -> Contact:
    """React to an ask with one's own offer (or to an offer with one's own ask).

    The first message goes with the request; contact details stay hidden until the other
    side accepts.
    """
    now = now or timezone.now()
    ask, offer = _lock_pair(ask, offer)
    _pair_check(ask, offer)
    if initiator.pk not in {ask.owner_id, offer.owner_id}:
        raise PermissionDenied(_("U kunt alleen reageren met uw eigen vraag of aanbod."))
    theirs = offer if initiator.pk == ask.owner_id else ask
    recipient = theirs.owner
    _block_check(initiator.pk, recipient.pk)
    if not permissions.can_contact(initiator, theirs):
        raise PermissionDenied(_("U kunt hier niet op reageren."))
    _sender_lock(initiator)
    _contact_limit_check(initiator, now)
    _message_limit_check(initiator, now)
    score, explanation = _explanation(ask, offer, now)
    contact = Contact(
        ask=ask,
        offer=offer,
        initiator=initiator,
        recipient=recipient,
        score=score,
        explanation=explanation,
    )
    contact.full_clean()
    contact.save()
    _message_create(contact, initiator, message)
    _in_contact(ask, offer)
    notification_send(
        user=recipient,
        kind=Notification.Kind.CONTACT_REQUEST,
        text=_("%(name)s reageert op %(title)s.")
        % {"name": initiator.public_name, "title": quoted(theirs.title)},
        url=contact.get_absolute_url(),
    )
    return contact


@transaction.atomic
def contact_introduce(
    *, professional: User, ask: Listing, offer: Listing, note: str, now: datetime | None = None
) -> Contact:
    """Introduce an ask to an offer; the asking side answers first, then the offering side.

    The professional's note is the first message of the conversation.
    """
    now = now or timezone.now()
    ask, offer = _lock_pair(ask, offer)
    if not permissions.can_introduce(professional, ask, offer):
        raise PermissionDenied(_("U kunt deze twee niet aan elkaar voorstellen."))
    _pair_check(ask, offer)
    _block_check(ask.owner_id, offer.owner_id)
    score, explanation = _explanation(ask, offer, now)
    contact = Contact(
        ask=ask,
        offer=offer,
        initiator=ask.owner,
        recipient=offer.owner,
        introduced_by=professional,
        is_initiator_accepted=False,
        score=score,
        explanation=explanation,
    )
    contact.full_clean()
    contact.save()
    _message_create(contact, professional, note)
    _in_contact(ask, offer)
    for user, other in ((ask.owner, offer), (offer.owner, ask)):
        notification_send(
            user=user,
            kind=Notification.Kind.INTRODUCTION,
            text=_("%(name)s stelt u voor aan iemand met %(title)s.")
            % {"name": professional.public_name, "title": quoted(other.title)},
            url=contact.get_absolute_url(),
        )
    return contact


def _contact_lock(contact: Contact) -> Contact:
    return (
        Contact.objects.select_for_update()
        .select_related("ask", "offer", "initiator", "recipient")
        .get(pk=contact.pk)
    )


def _respond_check(contact: Contact, actor: User) -> None:
    if not permissions.can_view_contact(actor, contact):
        raise PermissionDenied(_("Dit contact is niet van u."))
    if contact.status != Contact.Status.PENDING:
        raise ApplicationError(_("Op dit contact is al geantwoord."))
    if not permissions.can_respond_contact(actor, contact):
        raise ApplicationError(_("Eerst kijkt de ander of het voorstel past."))


@transaction.atomic
def contact_accept(*, contact: Contact, actor: User, now: datetime | None = None) -> Contact:
    """Say yes to a contact; after that both sides see each other's contact details."""
    now = now or timezone.now()
    contact = _contact_lock(contact)
    _respond_check(contact, actor)
    _block_check(contact.initiator_id, contact.recipient_id)
    if not contact.is_initiator_accepted:
        contact.is_initiator_accepted = True
        contact.save(update_fields=["is_initiator_accepted", "updated_at"])
        notification_send(
            user=contact.recipient,
            kind=Notification.Kind.CONTACT_REQUEST,
            text=_("%(name)s wil graag kennismaken over %(title)s.")
            % {"name": contact.initiator.public_name, "title": quoted(contact.offer.title)},
            url=contact.get_absolute_url(),
        )
        return contact
    contact.status = Contact.Status.ACCEPTED
    contact.decided_at = now
    contact.full_clean()
    contact.save(update_fields=["status", "decided_at", "updated_at"])
    notification_send(
        user=contact.initiator,
        kind=Notification.Kind.CONTACT_ACCEPTED,
        text=_("%(name)s heeft uw contact geaccepteerd. U kunt nu berichten sturen.")
        % {"name": contact.recipient.public_name},
        url=contact.get_absolute_url(),
    )
    return contact


@transaction.atomic
def contact_decline(*, contact: Contact, actor: User, now: datetime | None = None) -> Contact:
    """Say no to a contact; the ask and offer become open again."""
    now = now or timezone.now()
    contact = _contact_lock(contact)
    _respond_check(contact, actor)
    contact.status = Contact.Status.DECLINED
    contact.decided_at = now
    contact.full_clean()
    contact.save(update_fields=["status", "decided_at", "updated_at"])
    listing_reopen_if_free(listing=contact.ask)
    listing_reopen_if_free(listing=contact.offer)
    notification_send(
        user=contact.other_side(actor),
        kind=Notification.Kind.CONTACT_DECLINED,
        text=_("%(name)s gaat niet in op het contact over %(title)s.")
        % {"name": actor.public_name, "title": quoted(contact.ask.title)},
        url=contact.get_absolute_url(),
    )
    return contact


@transaction.atomic
def message_send(
    *, contact: Contact, sender: User, body: str, now: datetime | None = None
) -> Message:
    """Send a message in an accepted contact."""
    now = now or timezone.now()
    contact = _contact_lock(contact)
    if not permissions.can_view_contact(sender, contact):
        raise PermissionDenied(_("Dit contact is niet van u."))
    if contact.status != Contact.Status.ACCEPTED:
        raise ApplicationError(_("U kunt berichten sturen zodra de ander het contact accepteert."))
    _block_check(contact.initiator_id, contact.recipient_id)
    _sender_lock(sender)
    _message_limit_check(sender, now)
    message = _message_create(contact, sender, body)
    other = contact.other_side(sender)
    url = contact.get_absolute_url()
    # One unread "new message" per conversation is enough.
    if not Notification.objects.filter(
        user=other, kind=Notification.Kind.MESSAGE, url=url, read_at__isnull=True
    ).exists():
        notification_send(
            user=other,
            kind=Notification.Kind.MESSAGE,
            text=_("Nieuw bericht van %(name)s.") % {"name": sender.public_name},
            url=url,
        )
    return message


def hours_spent_parse(text: str | None) -> Decimal | None:
    """Read how long help took as a person typed it ("1,5" or "1.5" hours); empty is None."""
    text = (text or "").strip()
    if not text:
        return None
    out_of_range = _("Vul een aantal uren in van 0,01 tot en met %(maximum)s.") % {
        "maximum": HOURS_SPENT_MAX
    }
    try:
        units = ledger.parse_amount(text, scale=2)
    except ledger.LedgerError as error:
        texts = {
            ledger.Refusal.AMOUNT_NOT_A_NUMBER: _("Vul een getal in, bijvoorbeeld 1,5."),
            ledger.Refusal.AMOUNT_TOO_PRECISE: _("Gebruik hoogstens 2 cijfers achter de komma."),
        }
        raise ValidationError({"hours_spent": [texts.get(error.refusal, out_of_range)]}) from None
    hours = Decimal(units) / 100
    if hours > HOURS_SPENT_MAX:
        raise ValidationError({"hours_spent": [out_of_range]})
    return hours


@transaction.atomic
def outcome_record(
    *,
    contact: Contact,
    respondent: User,
    result: str,
    reason: str = "",
    note: str = "",
    hours_spent: str = "",
) -> Outcome:
    """Record one side's answer to "is het gelukt?"; when both say yes, both are matched.

    With a yes, the side may say how long it took (`hours_spent`, in hours as typed): the
    time bank proposes it when the one who was helped says thank you with hours.
    """
    contact = _contact_lock(contact)
    if not permissions.can_view_contact(respondent, contact):
        raise PermissionDenied(_("Dit contact is niet van u."))
    if contact.status != Contact.Status.ACCEPTED:
        raise ApplicationError(_("Dit kunt u laten weten nadat het contact is geaccepteerd."))
    if selectors.outcome_exists(contact=contact, respondent_id=respondent.pk):
        raise ApplicationError(_("U heeft al laten weten of het gelukt is."))
    if result not in Outcome.Result.values:
        raise ValidationError({"result": [_("Kies of het gelukt is.")]})
    if reason not in Outcome.Reason.values:
        raise ValidationError({"reason": [_("Kies een reden uit de lijst.")]})
    if result == Outcome.Result.MATCHED:
        reason = ""
    clean_note = text_check(
        note, field="note", label=_("de toelichting"), max_length=NOTE_MAX_LENGTH, is_required=False
    )
    # How long it took only means something when it happened.
    hours = hours_spent_parse(hours_spent) if result == Outcome.Result.MATCHED else None
    outcome = Outcome(
        contact=contact,
        respondent=respondent,
        result=result,
        reason=reason,
        note=clean_note,
        hours_spent=hours,
    )
    outcome.full_clean()
    outcome.save()
    results = set(Outcome.objects.filter(contact=contact).values_list("result", flat=True))
    answers = Outcome.objects.filter(contact=contact).count()
    if answers == 2 and results == {Outcome.Result.MATCHED}:
        for listing in Listing.objects.select_for_update().filter(
            pk__in=[contact.ask_id, contact.offer_id]
        ):
            if listing.is_open:
                listing.status = Listing.Status.MATCHED
                listing.save(update_fields=["status", "updated_at"])
    if answers == 1:
        notification_send(
            user=contact.other_side(respondent),
            kind=Notification.Kind.OUTCOME_ASKED,
            text=_("%(name)s liet weten hoe het ging. Is het bij u ook gelukt?")
            % {"name": respondent.public_name},
            url=contact.get_absolute_url(),
        )
    return outcome


@transaction.atomic
def outcome_hours_change(*, contact: Contact, respondent: User, hours_spent: str) -> Outcome:
    """Change how long it took in one's own "yes, it worked" (empty: not said)."""
    if not permissions.can_view_contact(respondent, contact):
        raise PermissionDenied(_("Dit contact is niet van u."))
    outcome = (
        Outcome.objects.select_for_update()
        .filter(contact=contact, respondent_id=respondent.pk)
        .first()
    )
    if outcome is None:
        raise ApplicationError(_("Laat eerst weten of het gelukt is."))
    if outcome.result != Outcome.Result.MATCHED:
        raise ApplicationError(
            _("Alleen als het gelukt is, kunt u opschrijven hoe lang het duurde.")
        )
    outcome.hours_spent = hours_spent_parse(hours_spent)
    outcome.full_clean()
    outcome.save(update_fields=["hours_spent", "updated_at"])
    return outcome


@transaction.atomic
def outcomes_remind(*, now: datetime) -> int:
    """Ask both sides "is het gelukt?" a week after their contact was accepted.

    Only people who have not answered yet are asked, and each contact is reminded once.
    Return the number of notifications sent.
    """
    due = list(
        Contact.objects.select_for_update()
        .filter(
            status=Contact.Status.ACCEPTED,
            decided_at__lte=now - OUTCOME_REMINDER_AFTER,
            outcome_reminded_at__isnull=True,
        )
        .select_related("ask", "initiator", "recipient")
        .order_by("pk")
    )
    answered = set(
        Outcome.objects.filter(contact__in=due).values_list("contact_id", "respondent_id")
    )
    sent = 0
    for contact in due:
        for participant in (contact.initiator, contact.recipient):
            if (contact.pk, participant.pk) in answered:
                continue
            notification = notification_send(
                user=participant,
                kind=Notification.Kind.OUTCOME_ASKED,
                text=_("Is het gelukt met %(title)s? Laat het ons weten.")
                % {"title": quoted(contact.ask.title)},
                url=contact.get_absolute_url(),
            )
            sent += notification is not None
        contact.outcome_reminded_at = now
        contact.save(update_fields=["outcome_reminded_at", "updated_at"])
    return sent


# --- safety --------------------------------------------------------------------------------


@transaction.atomic
def report_create(
    *,
    reporter: User,
    reported: User,
    reason: str,
    contact: Contact | None = None,
    message: Message | None = None,
) -> Report:
    """Report abuse to the admins, optionally about a conversation or one message in it."""
    if reporter.pk == reported.pk:
        raise ApplicationError(_("U kunt uzelf niet melden."))
    if message is not None:
        if message.sender_id != reported.pk:
            raise ValidationError({"message": [_("Dit bericht is niet van deze persoon.")]})
        if contact is not None and message.contact_id != contact.pk:
            raise ValidationError({"message": [_("Dit bericht hoort niet bij dit gesprek.")]})
        contact = message.contact
    if contact is not None:
        if not permissions.can_view_contact(reporter, contact):
            raise PermissionDenied(_("Dit contact is niet van u."))
        if reported.pk not in {contact.initiator_id, contact.recipient_id}:
            raise ValidationError({"reported": [_("Deze persoon hoort niet bij dit gesprek.")]})
    clean_reason = text_check(
        reason, field="reason", label=_("wat er is gebeurd"), max_length=REPORT_MAX_LENGTH
    )
    report = Report(
        reporter=reporter, reported=reported, reason=clean_reason, contact=contact, message=message
    )
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def report_handle(*, report: Report, handled_by: User) -> Report:
    """Mark a report as handled by an admin, who has looked at it and acted."""
    if not permissions.can_handle_report(handled_by):
        raise PermissionDenied(_("Alleen beheerders handelen meldingen af."))
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status == Report.Status.HANDLED:
        raise ApplicationError(_("Deze melding is al afgehandeld."))
    report.status = Report.Status.HANDLED
    report.handled_by = handled_by
    report.full_clean()
    report.save(update_fields=["status", "handled_by", "updated_at"])
    return report


@transaction.atomic
def block_create(*, blocker: User, blocked: User, now: datetime | None = None) -> Block:
    """Block a person: no new contacts or messages either way; waiting contacts stop."""
    now = now or timezone.now()
    if blocker.pk == blocked.pk:
        raise ApplicationError(_("U kunt uzelf niet blokkeren."))
    block, created = Block.objects.get_or_create(blocker=blocker, blocked=blocked)
    if not created:
        return block
    between = Q(initiator=blocker, recipient=blocked) | Q(initiator=blocked, recipient=blocker)
    pending = list(
        Contact.objects.select_for_update()
        .filter(between, status=Contact.Status.PENDING)
        .select_related("ask", "offer")
    )
    for contact in pending:
        contact.status = Contact.Status.WITHDRAWN
        contact.decided_at = now
        contact.save(update_fields=["status", "decided_at", "updated_at"])
        listing_reopen_if_free(listing=contact.ask)
        listing_reopen_if_free(listing=contact.offer)
    return block


@transaction.atomic
def block_remove(*, blocker: User, blocked: User) -> bool:
    """Lift a block; return whether there was one."""
    deleted, _rows = Block.objects.filter(blocker=blocker, blocked=blocked).delete()
    return deleted > 0
