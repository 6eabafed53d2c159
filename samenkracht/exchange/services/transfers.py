"""What happens to transfers after they are sent (confirm, decline, correct) and the
community pool (fund, grant). Each service checks who asks and what the request says, then
looks up a retried key, then what depends on the moment, and books through `ledger_apply`
(see `services.sending` for why in this order)."""

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from samenkracht.common.errors import ApplicationError
from samenkracht.core import ledger
from samenkracht.exchange import permissions, selectors
from samenkracht.exchange.models import Account, AuditEvent, Currency, Transfer
from samenkracht.exchange.services.accounts import account_open, receiving_account
from samenkracht.exchange.services.ledger import (
    ResolveRequest,
    TransferRequest,
    key_scoped,
    ledger_apply,
    ledger_write_begin,
)
from samenkracht.exchange.services.notices import transfer_notify
from samenkracht.exchange.services.refusals import (
    MEMO_MAX_LENGTH,
    REASON_MAX_LENGTH,
    Booked,
    Retry,
    amount_parse,
    booked_from,
    key_check,
    refuse,
    refuse_text,
    replays_find,
    text_check,
)
from samenkracht.people.models import Organisation, User

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
    booked = booked_from(outcome, currency=transfer.debit.currency)
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
    """Correct a transfer by booking (part of) it back, with a reason; never by editing.

    Without `amount` the rest that was not yet booked back is reversed; a retry of that
    request returns the first reversal, though nothing is left to reverse by then.
    """
    if not permissions.can_reverse(admin):
        raise ApplicationError(str(permissions.reverse_problem(admin, transfer)))
    currency = transfer.debit.currency
    reason = text_check(reason, field="reason", length=REASON_MAX_LENGTH)
    if not reason:
        refuse_text(_("Schrijf op waarom deze overboeking wordt gecorrigeerd."), field="reason")
    units = amount_parse(text=amount, currency=currency) if amount else None
    scoped = key_scoped(scope=f"u{admin.pk}", key=key_check(key))
    with translation.override(settings.LANGUAGE_CODE):  # stored for everyone to read
        memo = _("Correctie")

    def request(amount: int) -> TransferRequest:
        return TransferRequest(
            key=scoped,
            kind=Transfer.Kind.REVERSAL,
            debit_id=transfer.credit_id,
            credit_id=transfer.debit_id,
            amount=amount,
            reverses_id=transfer.pk,
            reason=reason,
            memo=memo,
            initiated_by_id=admin.pk,
        )

    # Without an amount the request means "the rest", which is gone once it was booked.
    earlier = selectors.transfer_by_key(key=scoped)
    if earlier is not None:
        replays = replays_find(
            [Retry(key=scoped, request=request(units or earlier.amount))], currency=currency
        )
        assert replays is not None
        return replays[0]
    problem = permissions.reverse_problem(admin, transfer)
    if problem:
        raise ApplicationError(problem)
    left = transfer.amount - selectors.reversed_amount(transfer=transfer)
    if left <= 0 or (units or left) > left:
        refuse(ledger.Refusal.REVERSAL_EXCEEDS_ORIGINAL, currency=currency, field="amount")
    with transaction.atomic():
        ledger_write_begin()
        try:
            (outcome,) = ledger_apply(requests=[request(units or left)], now=now)
        except ledger.LedgerError as error:  # another reversal took the rest meanwhile
            refuse(error.refusal, currency=currency, field="amount")
        booked = booked_from(outcome, currency=currency)
        if not booked.is_replay:
            AuditEvent.objects.create(
                actor=admin,
                action=AuditEvent.Action.REVERSAL,
                transfer=booked.transfer,
                detail={"reverses": str(transfer.pk), "reason": reason, "amount": units or left},
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
    request_memo = text_check(memo, field="memo", length=MEMO_MAX_LENGTH)
    units = amount_parse(text=amount, currency=currency)
    scoped = key_scoped(scope=f"u{funder.pk}", key=key_check(key))
    pool = selectors.system_account(currency=currency, kind=Account.Kind.POOL)
    if organisation is not None:
        source = selectors.account_of_organisation(organisation=organisation, currency=currency)
        kind, action = Transfer.Kind.FUNDING, AuditEvent.Action.FUNDING
    else:
        source = selectors.system_account(currency=currency, kind=Account.Kind.ISSUANCE)
        kind, action = Transfer.Kind.ISSUANCE, AuditEvent.Action.ISSUANCE

    def request(source: Account) -> TransferRequest:
        return TransferRequest(
            key=scoped,
            kind=kind,
            debit_id=source.pk,
            credit_id=pool.pk,
            amount=units,
            memo=request_memo,
            initiated_by_id=funder.pk,
        )

    replays = replays_find(
        [Retry(key=scoped, request=request(source) if source is not None else None)],
        currency=currency,
    )
    if replays is not None:
        return replays[0]
    with transaction.atomic():
        ledger_write_begin()
        if source is None:
            source = account_open(currency=currency, organisation=organisation)
        (outcome,) = ledger_apply(requests=[request(source)], now=now)
        booked = booked_from(outcome, currency=currency)
        if booked.is_replay:  # a twin request was booked between the look-up and the lock
            return booked
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
    if not permissions.can_grant(giver):
        raise ApplicationError(str(permissions.grant_problem(giver, recipient)))
    request_memo = text_check(memo, field="memo", length=MEMO_MAX_LENGTH)
    units = amount_parse(text=amount, currency=currency)
    scoped = key_scoped(scope=f"u{giver.pk}", key=key_check(key))
    pool = selectors.system_account(currency=currency, kind=Account.Kind.POOL)
    existing = selectors.account_of_person(person=recipient, currency=currency)

    def request(target: Account) -> TransferRequest:
        return TransferRequest(
            key=scoped,
            kind=Transfer.Kind.GRANT,
            debit_id=pool.pk,
            credit_id=target.pk,
            amount=units,
            memo=request_memo,
            initiated_by_id=giver.pk,
        )

    replays = replays_find(
        [Retry(key=scoped, request=request(existing) if existing is not None else None)],
        currency=currency,
    )
    if replays is not None:
        return replays[0]
    problem = permissions.grant_problem(giver, recipient)
    if problem:
        raise ApplicationError(problem)
    with transaction.atomic():
        ledger_write_begin()
        (outcome,) = ledger_apply(
            requests=[request(receiving_account(person=recipient, currency=currency))], now=now
        )
        if outcome.refusal is ledger.Refusal.EXCEEDS_FLOOR:
            refuse_text(_("Er staat niet genoeg in de gemeenschapspot."), field="amount")
        booked = booked_from(outcome, currency=currency)
        if booked.is_replay:  # a twin request was booked between the look-up and the lock
            return booked
        AuditEvent.objects.create(
            actor=giver,
            action=AuditEvent.Action.GRANT,
            transfer=booked.transfer,
            detail={"recipient": recipient.pk},
        )
    transfer_notify(transfer=booked.transfer, sender=giver)
    return booked
