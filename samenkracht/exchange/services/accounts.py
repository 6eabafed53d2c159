"""Opening and closing accounts, and the system accounts every currency has."""

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from samenkracht.core import ledger
from samenkracht.exchange import selectors
from samenkracht.exchange.models import Account, AuditEvent, Currency
from samenkracht.exchange.services.refusals import refuse, refuse_text
from samenkracht.people.models import Organisation, User


def account_open(
    *, currency: Currency, owner: User | None = None, organisation: Organisation | None = None
) -> Account:
    """The holder's account in this currency, opened now if it was not there yet.

    Callers that book right after open it inside the booking's transaction, so that a
    refused booking leaves no empty account behind.
    """
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


def receiver_check(*, person: User, currency: Currency, field: str = "to") -> None:
    """Refuse a person without an account in `currency` who cannot get one (any more)."""
    if person.is_deleted or not person.is_active:
        refuse(ledger.Refusal.ACCOUNT_CLOSED, currency=currency, field=field)
    if not currency.is_opened_for_everyone:
        text = _("%(name)s heeft geen rekening in %(currency)s.") % {
            "name": person,
            "currency": currency.name,
        }
        refuse_text(text, field=field)


def receiving_account(*, person: User, currency: Currency) -> Account:
    """The account that receives for a person; only currencies everyone holds open by
    themselves, others the person must have opened."""
    account = selectors.account_of_person(person=person, currency=currency)
    if account is not None:
        return account
    receiver_check(person=person, currency=currency)
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
