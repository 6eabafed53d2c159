"""Demo time bank: some months of thanks and sends between demo residents, and a pool.

Run after the matching demo (it thanks for accepted contacts). Everything is booked through
`services.ledger_apply` with the moment it happened, so balances and statements are real.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from samenkracht.exchange.models import Account, Currency, Transfer
from samenkracht.exchange.services import TransferRequest, account_open, ledger_apply
from samenkracht.matching.models import Contact
from samenkracht.people.models import Organisation, User

MONTHS = 6
DEMO_RESIDENT = "bewoner"
POOL_HOURS = 20000  # 200 hours issued by the municipality


@dataclass(frozen=True)
class DemoExchange:
    transfers: int
    accounts: int


def _hours() -> Currency:
    currency, _created = Currency.objects.get_or_create(
        code="uren",
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


def _book(request: TransferRequest, now: datetime) -> bool:
    (outcome,) = ledger_apply(requests=[request], now=now)
    return outcome.refusal is None


def demo_exchange_generate(*, seed: int = 2026, now: datetime | None = None) -> DemoExchange:
    """Book a few months of exchanges between demo residents, oldest first."""
    rng = random.Random(seed)
    now = now or timezone.now()
    hours = _hours()
    start = now - timedelta(days=30 * MONTHS)
    contacts = list(
        Contact.objects.filter(status=Contact.Status.ACCEPTED)
        .select_related("ask__owner", "offer__owner")
        .order_by("pk")[:400]
    )
    residents = list(
        User.objects.filter(role=User.Role.RESIDENT, is_active=True).order_by("pk")[:300]
    )
    moments = sorted(
        start + timedelta(seconds=rng.randrange(30 * MONTHS * 86400)) for _ in range(600)
    )
    booked = 0
    issuance = Account.objects.get(currency=hours, kind=Account.Kind.ISSUANCE)
    pool = Account.objects.get(currency=hours, kind=Account.Kind.POOL)
    booked += _book(
        TransferRequest(
            key="demo:pool-issue",
            kind=Transfer.Kind.ISSUANCE,
            debit_id=issuance.pk,
            credit_id=pool.pk,
            amount=POOL_HOURS,
            memo="Gemeente: uren voor de gemeenschapspot",
        ),
        start,
    )
    organisation = (
        Organisation.objects.filter(kind=Organisation.Kind.WELFARE).order_by("pk").first()
    )
    if organisation is not None:
        source = account_open(currency=hours, organisation=organisation)
        booked += _book(
            TransferRequest(
                key="demo:org-issue",
                kind=Transfer.Kind.ISSUANCE,
                debit_id=issuance.pk,
                credit_id=source.pk,
                amount=5000,
            ),
            start,
        )
        booked += _book(
            TransferRequest(
                key="demo:org-fund",
                kind=Transfer.Kind.FUNDING,
                debit_id=source.pk,
                credit_id=pool.pk,
                amount=3000,
                memo=f"{organisation.name} vult de pot aan",
            ),
            start + timedelta(days=3),
        )
    for index, moment in enumerate(moments):
        if contacts and rng.random() < 0.6:
            contact = contacts[index % len(contacts)]
            asker, helper = contact.ask.owner, contact.offer.owner
            request = TransferRequest(
                key=f"demo:thanks:{index}",
                kind=Transfer.Kind.THANKS,
                debit_id=account_open(currency=hours, owner=asker).pk,
                credit_id=account_open(currency=hours, owner=helper).pk,
                amount=rng.choice([50, 100, 100, 150, 200, 300]),
                memo=f"Bedankt voor: {contact.offer.title}"[:200],
                contact_id=contact.pk,
                listing_id=contact.offer_id,
                initiated_by_id=asker.pk,
            )
        elif len(residents) >= 2:
            giver, receiver = rng.sample(residents, 2)
            request = TransferRequest(
                key=f"demo:free:{index}",
                kind=Transfer.Kind.FREE,
                debit_id=account_open(currency=hours, owner=giver).pk,
                credit_id=account_open(currency=hours, owner=receiver).pk,
                amount=rng.choice([25, 50, 100, 200]),
                memo=rng.choice(
                    [
                        "Boodschappen gedaan",
                        "Fiets gemaakt",
                        "Koffie en een praatje",
                        "Hulp met de computer",
                        "Tuin gedaan",
                    ]
                ),
                initiated_by_id=giver.pk,
            )
        else:
            continue
        booked += _book(request, moment)
    demo_resident = User.objects.filter(username=DEMO_RESIDENT).first()
    if demo_resident is not None and residents:
        sender = next((r for r in residents if r.pk != demo_resident.pk), None)
        if sender is not None:
            booked += _book(
                TransferRequest(
                    key="demo:pending-for-bewoner",
                    kind=Transfer.Kind.FREE,
                    debit_id=account_open(currency=hours, owner=sender).pk,
                    credit_id=account_open(currency=hours, owner=demo_resident).pk,
                    amount=150,
                    is_pending=True,
                    expires_at=now + timedelta(days=14),
                    memo="Voor het oppassen volgende week",
                    initiated_by_id=sender.pk,
                ),
                now - timedelta(hours=2),
            )
    return DemoExchange(transfers=booked, accounts=Account.objects.filter(currency=hours).count())
