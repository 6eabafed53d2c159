"""What people do with hours: thank, send, confirm, decline; what admins do: correct, fund,
grant. Each service checks permission, reads the amount, and books through `ledger_apply`."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NoReturn

from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samenkracht.common.errors import ApplicationError
from samenkracht.core import ledger
from samenkracht.exchange import permissions, selectors
from samenkracht.exchange.models import Account, AuditEvent, Currency, Transfer
from samenkracht.exchange.services.ledger import (
    BatchOutcome,
    ResolveRequest,
    TransferRequest,
    key_scoped,
    ledger_apply,
)
from samenkracht.exchange.services.notices import transfer_notify
from samenkracht.matching.models import Contact, Listing
from samenkracht.people.models import Organisation, User

KEY_MAX_LENGTH = 100
MEMO_MAX_LENGTH = 200
REASON_MAX_LENGTH = 300


class KeyReusedError(ApplicationError):
    """The idempotency key was used before for another transfer (HTTP 409)."""


@dataclass(frozen=True)
class Booked:
    """The transfer a request produced, and whether it was an earlier one (a retry)."""

    transfer: Transfer
    is_replay: bool


def refusal_text(refusal: ledger.Refusal, *, currency: Currency | None = None) -> str:
    """A refusal of the ledger in plain Dutch."""
    scale = currency.scale if currency is not None else 2
    unit = currency.unit if currency is not None else _("uur")
    texts = {
        ledger.Refusal.AMOUNT_NOT_A_NUMBER: _("Vul een getal in, bijvoorbeeld 1,5."),
        ledger.Refusal.AMOUNT_NOT_POSITIVE: _("Het aantal moet meer dan nul zijn."),
        ledger.Refusal.AMOUNT_TOO_PRECISE: (
            ngettext(
                "Gebruik hoogstens %(scale)d cijfer achter de komma.",
                "Gebruik hoogstens %(scale)d cijfers achter de komma.",
                scale,
            )
            % {"scale": scale}
            if scale
            else _("Gebruik een heel getal, zonder komma.")
        ),
        ledger.Refusal.AMOUNT_TOO_LARGE: _("Dit aantal is te groot."),
        ledger.Refusal.SAME_ACCOUNT: _("U kunt niet aan uzelf overmaken."),
        ledger.Refusal.CURRENCY_MISMATCH: _("Deze rekeningen hebben niet dezelfde munt."),
        ledger.Refusal.ACCOUNT_CLOSED: _(
            "Deze rekening is gesloten. Er kan niets meer naartoe of vanaf."
        ),
        ledger.Refusal.EXCEEDS_FLOOR: _(
            "Dat kan niet: dan komt het saldo te laag. U mag hoogstens %(floor)s %(unit)s "
            "onder nul komen."
        )
        % {
            "floor": currency.format(currency.floor or 0) if currency else "0",
            "unit": unit,
        },
        ledger.Refusal.EXCEEDS_CEILING: _(
            "Dat kan niet: dan komt het saldo van de ontvanger boven de %(ceiling)s %(unit)s."
        )
        % {
            "ceiling": currency.format(currency.ceiling or 0) if currency else "0",
            "unit": unit,
        },
        ledger.Refusal.KEY_REUSED_WITH_OTHER_BODY: _(
            "Deze sleutel is al gebruikt voor een andere overboeking."
        ),
        ledger.Refusal.PENDING_NOT_FOUND: _("Deze overboeking bestaat niet (meer)."),
        ledger.Refusal.PENDING_ALREADY_POSTED: _("Deze overboeking is al bevestigd."),
        ledger.Refusal.PENDING_ALREADY_VOIDED: _("Deze overboeking is al geweigerd."),
        ledger.Refusal.PENDING_EXPIRED: _("Deze overboeking is verlopen."),
        ledger.Refusal.REVERSAL_EXCEEDS_ORIGINAL: _(
            "U kunt niet meer terugboeken dan er is overgemaakt."
        ),
        ledger.Refusal.LINKED_OPERATION_FAILED: _(
            "Een van de overboekingen die bij elkaar horen kon niet. Daarom is er niets geboekt."
        ),
    }
    return str(texts[refusal])


def _refuse(refusal: ledger.Refusal, *, currency: Currency | None, field: str = "") -> NoReturn:
    text = refusal_text(refusal, currency=currency)
    if refusal is ledger.Refusal.KEY_REUSED_WITH_OTHER_BODY:
        raise KeyReusedError(text, extra={"errors": {"key": [text]}})
    raise ApplicationError(text, extra={"errors": {field: [text]}} if field else None)


def amount_parse(*, text: str, currency: Currency) -> int:
    """Read an amount typed by a person into smallest units, or refuse it in Dutch."""
    try:
        return ledger.parse_amount(str(text), scale=currency.scale)
    except ledger.LedgerError as error:
        _refuse(error.refusal, currency=currency, field="amount")
    except ValueError:  # more digits than Python turns into a number (4300): far too large
        _refuse(ledger.Refusal.AMOUNT_TOO_LARGE, currency=currency, field="amount")


def _no_null_characters(value: str, *, field: str) -> None:
    """PostgreSQL cannot store NUL in text: refuse it as forms do, in Django's words."""
    try:
        ProhibitNullCharactersValidator()(value)
    except ValidationError as error:
        text = str(error.messages[0])
        raise ApplicationError(text, extra={"errors": {field: [text]}}) from None


def _key_check(key: str) -> str:
    key = (key or "").strip()
    _no_null_characters(key, field="key")
    if not key or len(key) > KEY_MAX_LENGTH:
        text = _("Geef een sleutel van 1 tot %(length)d tekens mee.") % {"length": KEY_MAX_LENGTH}
        raise ApplicationError(text, extra={"errors": {"key": [text]}})
    return key


def _text_check(value: str, *, field: str, length: int) -> str:
    value = (value or "").strip()
    _no_null_characters(value, field=field)
    if len(value) > length:
        text = _("Gebruik hoogstens %(length)d tekens.") % {"length": length}
        raise ApplicationError(text, extra={"errors": {field: [text]}})
    return value


def _booked(outcome: BatchOutcome, *, currency: Currency) -> Booked:
    if outcome.refusal is not None:
        _refuse(outcome.refusal, currency=currency)
    assert outcome.transfer is not None
    return Booked(transfer=outcome.transfer, is_replay=outcome.is_duplicate)


# --- accounts --------------------------------------------------------------------------------


def account_open(
    *, currency: Currency, owner: User | None = None, organisation: Organisation | None = None
) -> Account:
    """The holder's account in this currency, opened now if it was not there yet."""
    if (owner is None) == (organisation is None):
        raise ValueError("an account has one holder")
    holder: dict[str, Any] = (
        {"owner": owner, "kind": Account.Kind.PERSON}
        if owner is not None
        else {"organisation": organisation, "kind": Account.Kind.ORGANISATION}
    )
    lookup = {key: value for key, value in holder.items() if key != "kind"}
    found = Account.objects.filter(currency=currency, **lookup).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            account = Account(currency=currency, **holder)
            account.full_clean()
            account.save()
            return account
    except IntegrityError:  # opened at the same moment by another request
        return Account.objects.get(currency=currency, **lookup)


def receiving_account(*, person: User, currency: Currency) -> Account:
    """The account that receives for a person; only currencies everyone holds open by
    themselves, others the person must have opened."""
    account = selectors.account_of_person(person=person, currency=currency)
    if account is not None:
        return account
    if person.is_deleted or not person.is_active:
        _refuse(ledger.Refusal.ACCOUNT_CLOSED, currency=currency, field="to")
    if not currency.is_opened_for_everyone:
        text = _("%(name)s heeft geen rekening in %(currency)s.") % {
            "name": person,
            "currency": currency.name,
        }
        raise ApplicationError(text, extra={"errors": {"to": [text]}})
    return account_open(currency=currency, owner=person)


@transaction.atomic
def account_close(*, account: Account, actor: User | None) -> Account:
    """Close an account: nothing goes to or from it any more; its history stays."""
    if account.is_closed:
        return account
    account.is_closed = True
    account.save(update_fields=["is_closed", "updated_at"])
    AuditEvent.objects.create(actor=actor, action=AuditEvent.Action.ACCOUNT_CLOSED, account=account)
    return account


@transaction.atomic
def currency_accounts_ensure(*, currency: Currency, actor: User | None = None) -> None:
    """Every currency has one issuance account and one community pool."""
    for kind in (Account.Kind.ISSUANCE, Account.Kind.POOL):
        Account.objects.get_or_create(currency=currency, kind=kind)
    AuditEvent.objects.create(
        actor=actor, action=AuditEvent.Action.CURRENCY, detail={"currency": currency.code}
    )


# --- sending ---------------------------------------------------------------------------------


def transfer_send(
    *,
    sender: User,
    from_account: Account,
    to_account: Account,
    amount: str,
    key: str,
    now: datetime,
    memo: str = "",
    kind: str = Transfer.Kind.FREE,
    contact: Contact | None = None,
    listing: Listing | None = None,
    is_pending: bool = False,
    expires_at: datetime | None = None,
) -> Booked:
    """Send an amount from an account the sender manages; a retry with the same key returns
    the first transfer, the same key for another transfer is refused (KeyReusedError)."""
    problem = permissions.send_problem(sender, from_account)
    if problem:
        raise ApplicationError(problem)
    currency = from_account.currency
    units = amount_parse(text=amount, currency=currency)
    key = _key_check(key)
    memo = _text_check(memo, field="memo", length=MEMO_MAX_LENGTH)
    if to_account.pk == from_account.pk:
        _refuse(ledger.Refusal.SAME_ACCOUNT, currency=currency, field="to")
    if to_account.kind == Account.Kind.ISSUANCE:
        # Hours sent there would leave circulation: issuance only creates, through pool_fund.
        text = _("Naar deze rekening kunt u niet overmaken.")
        raise ApplicationError(text, extra={"errors": {"to": [text]}})
    if expires_at is not None and timezone.is_naive(expires_at):
        # A moment without a time zone (the API accepts one) is read in the site's zone.
        expires_at = timezone.make_aware(expires_at)
    if expires_at is not None and expires_at <= now:
        text = _("Kies een moment in de toekomst.")
        raise ApplicationError(text, extra={"errors": {"expires_at": [text]}})
    request = TransferRequest(
        key=key_scoped(scope=f"u{sender.pk}", key=key),
        kind=kind,
        debit_id=from_account.pk,
        credit_id=to_account.pk,
        amount=units,
        is_pending=is_pending,
        expires_at=expires_at if is_pending else None,
        memo=memo,
        contact_id=contact.pk if contact is not None else None,
        listing_id=listing.pk if listing is not None else None,
        initiated_by_id=sender.pk,
    )
    (outcome,) = ledger_apply(requests=[request], now=now)
    booked = _booked(outcome, currency=currency)
    if not booked.is_replay:
        transfer_notify(transfer=booked.transfer, sender=sender)
    return booked


def thanks_send(
    *, sender: User, contact: Contact, amount: str, key: str, now: datetime, memo: str = ""
) -> Booked:
    """Thank the helper of an accepted contact with hours, from the sender's hours account."""
    problem = permissions.thank_problem(sender, contact)
    if problem:
        raise ApplicationError(problem)
    currency = selectors.currency_default()
    helper = contact.other_side(sender)
    return transfer_send(
        sender=sender,
        from_account=account_open(currency=currency, owner=sender),
        to_account=receiving_account(person=helper, currency=currency),
        amount=amount,
        key=key,
        now=now,
        memo=memo or _("Bedankt voor: %(title)s") % {"title": contact.offer.title},
        kind=Transfer.Kind.THANKS,
        contact=contact,
        listing=contact.offer,
    )


def transfers_send_linked(
    *,
    sender: User,
    from_account: Account,
    legs: Sequence[tuple[Account, str, str]],
    key: str,
    now: datetime,
) -> list[Booked]:
    """Send several amounts (account, amount, memo) that all go through, or none does."""
    problem = permissions.send_problem(sender, from_account)
    if problem:
        raise ApplicationError(problem)
    if not legs:
        raise ApplicationError(_("Kies minstens één ontvanger."))
    currency = from_account.currency
    key = _key_check(key)
    requests = [
        TransferRequest(
            key=key_scoped(scope=f"u{sender.pk}", key=f"{key}#{index}"),
            kind=Transfer.Kind.FREE,
            debit_id=from_account.pk,
            credit_id=account.pk,
            amount=amount_parse(text=amount, currency=currency),
            memo=_text_check(memo, field="memo", length=MEMO_MAX_LENGTH),
            is_linked=index < len(legs) - 1,
            initiated_by_id=sender.pk,
        )
        for index, (account, amount, memo) in enumerate(legs)
    ]
    outcomes = ledger_apply(requests=requests, now=now)
    refused = [outcome for outcome in outcomes if outcome.refusal is not None]
    if refused:
        # Name the leg that failed, not only that the chain did.
        own = [o for o in refused if o.refusal is not ledger.Refusal.LINKED_OPERATION_FAILED]
        _refuse(
            (own or refused)[0].refusal or ledger.Refusal.LINKED_OPERATION_FAILED, currency=currency
        )
    booked = [_booked(outcome, currency=currency) for outcome in outcomes]
    for item in booked:
        if not item.is_replay:
            transfer_notify(transfer=item.transfer, sender=sender)
    return booked


# --- pending transfers -----------------------------------------------------------------------


def _resolve(*, user: User, transfer: Transfer, is_post: bool, now: datetime) -> Booked:
    problem = permissions.resolve_problem(user, transfer, is_post=is_post)
    if problem:
        raise ApplicationError(problem)
    # One key per action: confirming twice is one confirmation; a confirmation after a
    # decline is refused by the ledger as "already voided".
    action = "post" if is_post else "void"
    request = ResolveRequest(
        key=f"{action}:{transfer.pk}",
        pending_id=transfer.pk,
        is_post=is_post,
        initiated_by_id=user.pk,
    )
    (outcome,) = ledger_apply(requests=[request], now=now)
    booked = _booked(outcome, currency=transfer.debit.currency)
    if not booked.is_replay:
        transfer_notify(transfer=booked.transfer, sender=user)
    return booked


def pending_confirm(*, user: User, transfer: Transfer, now: datetime) -> Booked:
    """The receiver accepts a pending transfer: the reserved amount is booked."""
    return _resolve(user=user, transfer=transfer, is_post=True, now=now)


def pending_decline(*, user: User, transfer: Transfer, now: datetime) -> Booked:
    """The receiver declines (or the sender withdraws): the reservation is released."""
    return _resolve(user=user, transfer=transfer, is_post=False, now=now)


# --- corrections, the pool -------------------------------------------------------------------


def transfer_reverse(
    *,
    admin: User,
    transfer: Transfer,
    reason: str,
    key: str,
    now: datetime,
    amount: str | None = None,
) -> Booked:
    """Correct a transfer by booking (part of) it back, with a reason; never by editing."""
    problem = permissions.reverse_problem(admin, transfer)
    if problem:
        raise ApplicationError(problem)
    reason = _text_check(reason, field="reason", length=REASON_MAX_LENGTH)
    if not reason:
        text = _("Schrijf op waarom deze overboeking wordt gecorrigeerd.")
        raise ApplicationError(text, extra={"errors": {"reason": [text]}})
    currency = transfer.debit.currency
    left = transfer.amount - selectors.reversed_amount(transfer=transfer)
    units = amount_parse(text=amount, currency=currency) if amount else left
    if units > left or left <= 0:
        _refuse(ledger.Refusal.REVERSAL_EXCEEDS_ORIGINAL, currency=currency, field="amount")
    request = TransferRequest(
        key=key_scoped(scope=f"u{admin.pk}", key=_key_check(key)),
        kind=Transfer.Kind.REVERSAL,
        debit_id=transfer.credit_id,
        credit_id=transfer.debit_id,
        amount=units,
        reverses_id=transfer.pk,
        reason=reason,
        memo=_("Correctie"),
        initiated_by_id=admin.pk,
    )
    with transaction.atomic():
        try:
            (outcome,) = ledger_apply(requests=[request], now=now)
        except ledger.LedgerError as error:
            _refuse(error.refusal, currency=currency, field="amount")
        booked = _booked(outcome, currency=currency)
        if not booked.is_replay:
            AuditEvent.objects.create(
                actor=admin,
                action=AuditEvent.Action.REVERSAL,
                transfer=booked.transfer,
                detail={"reverses": str(transfer.pk), "reason": reason, "amount": units},
            )
    if not booked.is_replay:
        transfer_notify(transfer=booked.transfer, sender=admin)
    return booked


def pool_fund(
    *,
    funder: User,
    currency: Currency,
    amount: str,
    key: str,
    now: datetime,
    organisation: Organisation | None = None,
    memo: str = "",
) -> Booked:
    """Add to the community pool: from an organisation's account, or issued by the
    municipality through the currency's issuance account."""
    problem = permissions.fund_problem(funder, organisation)
    if problem:
        raise ApplicationError(problem)
    pool = selectors.system_account(currency=currency, kind=Account.Kind.POOL)
    if organisation is not None:
        source = account_open(currency=currency, organisation=organisation)
        kind, action = Transfer.Kind.FUNDING, AuditEvent.Action.FUNDING
    else:
        source = selectors.system_account(currency=currency, kind=Account.Kind.ISSUANCE)
        kind, action = Transfer.Kind.ISSUANCE, AuditEvent.Action.ISSUANCE
    request = TransferRequest(
        key=key_scoped(scope=f"u{funder.pk}", key=_key_check(key)),
        kind=kind,
        debit_id=source.pk,
        credit_id=pool.pk,
        amount=amount_parse(text=amount, currency=currency),
        memo=_text_check(memo, field="memo", length=MEMO_MAX_LENGTH),
        initiated_by_id=funder.pk,
    )
    with transaction.atomic():
        (outcome,) = ledger_apply(requests=[request], now=now)
        booked = _booked(outcome, currency=currency)
        if not booked.is_replay:
            AuditEvent.objects.create(
                actor=funder,
                action=action,
                transfer=booked.transfer,
                detail={"organisation": organisation.slug if organisation else None},
            )
    return booked


def pool_grant(
    *,
    giver: User,
    recipient: User,
    currency: Currency,
    amount: str,
    key: str,
    now: datetime,
    memo: str = "",
) -> Booked:
    """A professional gives hours from the pool, e.g. to a resident who can only ask."""
    problem = permissions.grant_problem(giver, recipient)
    if problem:
        raise ApplicationError(problem)
    pool = selectors.system_account(currency=currency, kind=Account.Kind.POOL)
    to_account = receiving_account(person=recipient, currency=currency)
    request = TransferRequest(
        key=key_scoped(scope=f"u{giver.pk}", key=_key_check(key)),
        kind=Transfer.Kind.GRANT,
        debit_id=pool.pk,
        credit_id=to_account.pk,
        amount=amount_parse(text=amount, currency=currency),
        memo=_text_check(memo, field="memo", length=MEMO_MAX_LENGTH),
        initiated_by_id=giver.pk,
    )
    with transaction.atomic():
        (outcome,) = ledger_apply(requests=[request], now=now)
        if outcome.refusal is ledger.Refusal.EXCEEDS_FLOOR:
            text = _("Er staat niet genoeg in de gemeenschapspot.")
            raise ApplicationError(text, extra={"errors": {"amount": [text]}})
        booked = _booked(outcome, currency=currency)
        if not booked.is_replay:
            AuditEvent.objects.create(
                actor=giver,
                action=AuditEvent.Action.GRANT,
                transfer=booked.transfer,
                detail={"recipient": recipient.pk},
            )
    if not booked.is_replay:
        transfer_notify(transfer=booked.transfer, sender=giver)
    return booked
