"""Factories and small helpers for time-bank tests (other apps' tests may import them)."""

import uuid
from datetime import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from samenkracht.exchange import services
from samenkracht.exchange.models import DEFAULT_CURRENCY_CODE, Account, Currency, Transfer
from samenkracht.people.models import Organisation, User


def hours() -> Currency:
    """The hours currency with its issuance account and pool, as migration 0003 makes them.

    Tests that flush the database (browser tests) remove what migrations put in, so every
    test asks for it here instead of assuming it.
    """
    currency, _created = Currency.objects.get_or_create(
        code=DEFAULT_CURRENCY_CODE,
        defaults={
            "name": "Uren",
            "unit": "uur",
            "scale": 2,
            "floor": 1000,
            "ceiling": 10000,
            "is_opened_for_everyone": True,
        },
    )
    for kind in (Account.Kind.ISSUANCE, Account.Kind.POOL):
        Account.objects.get_or_create(currency=currency, kind=kind)
    return currency


class CurrencyFactory(DjangoModelFactory):
    class Meta:
        model = Currency
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"munt{n}")
    name = factory.Sequence(lambda n: f"Buurtmunt {n}")
    unit = "munt"
    scale = 0
    floor = 0
    ceiling = None

    @factory.post_generation
    def system_accounts(self, create, extracted, **kwargs):
        if create:
            for kind in (Account.Kind.ISSUANCE, Account.Kind.POOL):
                Account.objects.get_or_create(currency=self, kind=kind)


def account_for(
    person: User | None = None,
    *,
    organisation: Organisation | None = None,
    currency: Currency | None = None,
) -> Account:
    return services.account_open(
        currency=currency or hours(), owner=person, organisation=organisation
    )


def system(currency: Currency, kind: str = Account.Kind.ISSUANCE) -> Account:
    return Account.objects.get(currency=currency, kind=kind)


def issue(account: Account, units: int, *, now: datetime | None = None) -> Transfer:
    """Put `units` on an account from its currency's issuance account."""
    (outcome,) = services.ledger_apply(
        requests=[
            services.TransferRequest(
                key=f"test-issue:{uuid.uuid4()}",
                kind=Transfer.Kind.ISSUANCE,
                debit_id=system(account.currency).pk,
                credit_id=account.pk,
                amount=units,
            )
        ],
        now=now or timezone.now(),
    )
    assert outcome.refusal is None, outcome.refusal
    assert outcome.transfer is not None
    return outcome.transfer


def balance(account: Account) -> int:
    account.refresh_from_db()
    return account.balance
