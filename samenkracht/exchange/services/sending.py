"""Sending amounts: one transfer (`transfer_send`, `thanks_send`), or several that go through
together or not at all (`transfers_send_linked`).

The checks run in TigerBeetle's order, so that a retry gets its first answer whatever
changed in between:

1. who sends, and from which account;
2. what the request says: amounts, keys, texts, one receiver per transfer;
3. the keys (`replays_find`): booked before with the same request, the first transfers are
   returned; with another request, it is refused (KeyReusedError, HTTP 409);
4. what depends on the moment: a receiver who left, an expiry that has passed, and, under
   the ledger's locks, closed accounts and limits.

Accounts that do not exist yet are opened in the booking's own transaction, so a refusal
writes nothing at all.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samenkracht.common.errors import ApplicationError
from samenkracht.core import ledger
from samenkracht.exchange import permissions, selectors
from samenkracht.exchange.models import Account, Currency, Transfer
from samenkracht.exchange.services.accounts import account_open, receiver_check
from samenkracht.exchange.services.ledger import (
    BatchOutcome,
    TransferRequest,
    key_scoped,
    ledger_apply,
    ledger_write_begin,
)
from samenkracht.exchange.services.notices import transfer_notify
from samenkracht.exchange.services.refusals import (
    MEMO_MAX_LENGTH,
    Booked,
    KeyReusedError,
    Retry,
    amount_parse,
    booked_from,
    key_check,
    refuse,
    refuse_text,
    replays_find,
    text_check,
)
from samenkracht.matching.models import Contact, Listing
from samenkracht.people.models import User

# As many transfers as one linked request may hold; TigerBeetle's batches go to 8,189, a
# person's page or client needs far fewer.
LINKED_MAX = 100


@dataclass(frozen=True)
class Leg:
    """One transfer of a send.

    It comes from `from_account`, or else from the sender's own account in `currency`; it
    goes to `to_account`, or else to `to_person`'s account in the same currency (opened by
    itself for a currency everyone holds, such as hours).
    """

    amount: str
    key: str
    to_account: Account | None = None
    to_person: User | None = None
    from_account: Account | None = None
    currency: Currency | None = None
    memo: str = ""
    is_pending: bool = False
    expires_at: datetime | None = None


@dataclass(frozen=True)
class _Draft:
    """A leg whose form was checked, with the accounts that exist already (None: opened
    when the transfer is booked)."""

    leg: Leg
    prefix: str  # how refusals name this leg's fields: "" or "transfers.2."
    currency: Currency
    units: int
    key: str  # scoped by the sender
    kind: str
    memo: str
    is_memo_derived: bool
    expires_at: datetime | None
    source: Account | None
    target: Account | None
    sender_id: int
    contact_id: int | None
    listing_id: int | None

    def request(
        self, *, source: Account, target: Account, is_linked: bool = False
    ) -> TransferRequest:
        return TransferRequest(
            key=self.key,
            kind=self.kind,
            debit_id=source.pk,
            credit_id=target.pk,
            amount=self.units,
            is_pending=self.leg.is_pending,
            expires_at=self.expires_at if self.leg.is_pending else None,
            is_linked=is_linked,
            memo=self.memo,
            contact_id=self.contact_id,
            listing_id=self.listing_id,
            initiated_by_id=self.sender_id,
        )

    def retry(self) -> Retry:
        """What an earlier booking under this key must match to be this very request."""
        request = None
        if self.source is not None and self.target is not None:
            request = self.request(source=self.source, target=self.target)
        return Retry(
            key=self.key,
            request=request,
            field=f"{self.prefix}key",
            is_memo_derived=self.is_memo_derived,
        )


def _draft(
    *,
    sender: User,
    leg: Leg,
    prefix: str,
    kind: str,
    contact: Contact | None,
    listing: Listing | None,
    default_memo: str,
) -> _Draft:
    """Check what a leg says, without looking at anything that changes with time."""
    currency = leg.from_account.currency if leg.from_account is not None else leg.currency
    if currency is None:
        raise ValueError("a leg names the account it comes from or its currency")
    units = amount_parse(text=leg.amount, currency=currency, field=f"{prefix}amount")
    key = key_check(leg.key, field=f"{prefix}key")
    memo = text_check(leg.memo, field=f"{prefix}memo", length=MEMO_MAX_LENGTH)
    if (leg.to_account is None) == (leg.to_person is None):
        refuse_text(_("Kies één ontvanger: een persoon of een rekening."), field=f"{prefix}to")
    source = leg.from_account or selectors.account_of_person(person=sender, currency=currency)
    target = leg.to_account
    if leg.to_person is not None:
        target = selectors.account_of_person(person=leg.to_person, currency=currency)
    to_self = leg.from_account is None and leg.to_person is not None and leg.to_person == sender
    if to_self or (source is not None and target is not None and source.pk == target.pk):
        refuse(ledger.Refusal.SAME_ACCOUNT, currency=currency, field=f"{prefix}to")
    if leg.to_account is not None:
        if leg.to_account.kind == Account.Kind.ISSUANCE:
            # Hours sent there would leave circulation: issuance only creates, via pool_fund.
            refuse_text(_("Naar deze rekening kunt u niet overmaken."), field=f"{prefix}to")
        if leg.to_account.currency_id != currency.pk:
            text = _("De ontvanger heeft geen rekening in %(currency)s.") % {
                "currency": currency.name
            }
            refuse_text(text, field=f"{prefix}to_account")
    expires_at = leg.expires_at
    if expires_at is not None and timezone.is_naive(expires_at):
        # A moment without a time zone (the API accepts one) is read in the site's zone.
        expires_at = timezone.make_aware(expires_at)
    return _Draft(
        leg=leg,
        prefix=prefix,
        currency=currency,
        units=units,
        key=key_scoped(scope=f"u{sender.pk}", key=key),
        kind=kind,
        memo=memo or default_memo,
        is_memo_derived=not memo and bool(default_memo),
        expires_at=expires_at,
        source=source,
        target=target,
        sender_id=sender.pk,
        contact_id=contact.pk if contact is not None else None,
        listing_id=listing.pk if listing is not None else None,
    )


def _moment_check(draft: _Draft, *, now: datetime) -> None:
    """Refuse what may only have become wrong since the request was first sent."""
    if draft.expires_at is not None and draft.expires_at <= now:
        refuse_text(_("Kies een moment in de toekomst."), field=f"{draft.prefix}expires_at")
    if draft.target is None and draft.leg.to_person is not None:
        receiver_check(
            person=draft.leg.to_person, currency=draft.currency, field=f"{draft.prefix}to"
        )


def _booked_all(
    drafts: Sequence[_Draft], outcomes: Sequence[BatchOutcome], *, is_linked: bool
) -> list[Booked]:
    """The transfers of a batch, or the first refusal raised (which rolls the batch back)."""
    refused = [
        (draft, outcome)
        for draft, outcome in zip(drafts, outcomes, strict=True)
        if outcome.refusal is not None
    ]
    if refused:
        # Name the transfer that failed, not only that the chain did.
        own = [
            pair
            for pair in refused
            if pair[1].refusal is not ledger.Refusal.LINKED_OPERATION_FAILED
        ]
        draft, outcome = (own or refused)[0]
        assert outcome.refusal is not None
        refuse(outcome.refusal, currency=draft.currency, field=draft.prefix.rstrip("."))
    booked = [
        booked_from(outcome, currency=draft.currency)
        for draft, outcome in zip(drafts, outcomes, strict=True)
    ]
    if is_linked and len({item.is_replay for item in booked}) > 1:
        # A twin request committed part of this batch between the look-up and the lock.
        text = _("Deze sleutels horen bij een andere reeks overboekingen.")
        raise KeyReusedError(text, extra={"errors": {"transfers": [text]}})
    return booked


def _send(
    *,
    sender: User,
    legs: Sequence[Leg],
    now: datetime,
    kind: str = Transfer.Kind.FREE,
    contact: Contact | None = None,
    listing: Listing | None = None,
    default_memo: str = "",
    is_linked: bool = False,
) -> list[Booked]:
    for leg in legs:
        problem = permissions.send_problem(sender, leg.from_account)
        if problem:
            raise ApplicationError(problem)
    drafts = [
        _draft(
            sender=sender,
            leg=leg,
            prefix=f"transfers.{index}." if is_linked else "",
            kind=kind,
            contact=contact,
            listing=listing,
            default_memo=default_memo,
        )
        for index, leg in enumerate(legs)
    ]
    seen_keys: set[str] = set()
    for draft in drafts:
        if draft.key in seen_keys:
            refuse_text(_("Geef elke overboeking een eigen sleutel."), field=f"{draft.prefix}key")
        seen_keys.add(draft.key)
    replays = replays_find([draft.retry() for draft in drafts], currency=drafts[0].currency)
    if replays is not None:
        return replays
    for draft in drafts:
        _moment_check(draft, now=now)
    last = len(drafts) - 1
    with transaction.atomic():
        ledger_write_begin()
        requests = [
            draft.request(
                source=draft.source or account_open(currency=draft.currency, owner=sender),
                target=draft.target
                or account_open(currency=draft.currency, owner=draft.leg.to_person),
                is_linked=is_linked and index < last,
            )
            for index, draft in enumerate(drafts)
        ]
        booked = _booked_all(drafts, ledger_apply(requests=requests, now=now), is_linked=is_linked)
    for item in booked:
        if not item.is_replay:
            transfer_notify(transfer=item.transfer, sender=sender)
    return booked


def transfer_send(
    *,
    sender: User,
    amount: str,
    key: str,
    now: datetime,
    from_account: Account | None = None,
    to_account: Account | None = None,
    to_person: User | None = None,
    currency: Currency | None = None,
    memo: str = "",
    kind: str = Transfer.Kind.FREE,
    contact: Contact | None = None,
    listing: Listing | None = None,
    is_pending: bool = False,
    expires_at: datetime | None = None,
) -> Booked:
    """Send an amount, at once or to be confirmed by the receiver (`is_pending`).

    From `from_account` (which the sender manages) or the sender's own account in
    `currency`; to `to_account` or to `to_person`. A retry with the same key and the same
    request returns the first transfer (`is_replay`), whatever changed since; the same key
    for another transfer is refused (KeyReusedError).
    """
    leg = Leg(
        amount=amount,
        key=key,
        to_account=to_account,
        to_person=to_person,
        from_account=from_account,
        currency=currency,
        memo=memo,
        is_pending=is_pending,
        expires_at=expires_at,
    )
    (booked,) = _send(
        sender=sender, legs=[leg], now=now, kind=kind, contact=contact, listing=listing
    )
    return booked


def thanks_send(
    *, sender: User, contact: Contact, amount: str, key: str, now: datetime, memo: str = ""
) -> Booked:
    """Thank the helper of an accepted contact with hours, from the sender's hours account."""
    problem = permissions.thank_problem(sender, contact)
    if problem:
        raise ApplicationError(problem)
    # Stored for both sides to read: in the site's language, not the sender's, so that a
    # retry from a browser in another language is still the same request.
    with translation.override(settings.LANGUAGE_CODE):
        default_memo = _("Bedankt voor: %(title)s") % {"title": contact.offer.title}
    leg = Leg(
        amount=amount,
        key=key,
        to_person=contact.other_side(sender),
        currency=selectors.currency_default(),
        memo=memo,
    )
    (booked,) = _send(
        sender=sender,
        legs=[leg],
        now=now,
        kind=Transfer.Kind.THANKS,
        contact=contact,
        listing=contact.offer,
        default_memo=default_memo[:MEMO_MAX_LENGTH],
    )
    return booked


def transfers_send_linked(*, sender: User, legs: Sequence[Leg], now: datetime) -> list[Booked]:
    """Send several amounts that all go through, or none does (a linked chain).

    Every leg has its own key, as every transfer in TigerBeetle has its own id. A retry of
    the whole batch returns the first transfers; a batch of which only some keys were
    booked, or booked for something else, is refused (KeyReusedError).
    """
    if not legs:
        raise ApplicationError(_("Kies minstens één ontvanger."))
    if len(legs) > LINKED_MAX:
        text = _("Stuur hoogstens %(count)d overboekingen tegelijk.") % {"count": LINKED_MAX}
        refuse_text(text, field="transfers")
    return _send(sender=sender, legs=legs, now=now, is_linked=True)
