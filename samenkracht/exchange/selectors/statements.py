"""Monthly statements and the professional's neighbourhood overview."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q, Sum
from django.utils import timezone

from samenkracht.exchange.models import Account, Currency, Transfer
from samenkracht.exchange.selectors.accounts import counterparty_name
from samenkracht.people.models import Neighbourhood, User

POSTING = Q(is_pending=False) & ~Q(kind=Transfer.Kind.VOID)
# What residents exchange with each other (a grant or a correction is not an exchange).
EXCHANGE_KINDS = (Transfer.Kind.THANKS, Transfer.Kind.FREE, Transfer.Kind.POST)


def month_bounds(*, year: int, month: int) -> tuple[datetime, datetime]:
    """The start of the month and of the next one, in the site's time zone."""
    zone = timezone.get_current_timezone()
    start = datetime(year, month, 1, tzinfo=zone)
    end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=zone)
    return start, end


def balance_at(*, account: Account, moment: datetime) -> int:
    """The posted balance just before `moment`."""
    before = Transfer.objects.filter(POSTING, created_at__lt=moment)
    received = before.filter(credit=account).aggregate(total=Sum("amount"))["total"] or 0
    given = before.filter(debit=account).aggregate(total=Sum("amount"))["total"] or 0
    return int(received) - int(given)


@dataclass(frozen=True)
class StatementLine:
    transfer: Transfer
    booked_at: datetime
    description: str
    counterparty: str
    amount: int  # signed: positive is received
    balance: int  # after this line


@dataclass(frozen=True)
class Statement:
    account: Account
    year: int
    month: int
    opening: int
    closing: int
    received: int
    given: int
    lines: list[StatementLine] = field(default_factory=list)


def statement_get(*, account: Account, year: int, month: int) -> Statement:
    """Every posted transfer of one month with the running balance."""
    start, end = month_bounds(year=year, month=month)
    opening = balance_at(account=account, moment=start)
    rows = (
        Transfer.objects.filter(POSTING, created_at__gte=start, created_at__lt=end)
        .filter(Q(debit=account) | Q(credit=account))
        .select_related(
            "debit__owner", "debit__organisation", "credit__owner", "credit__organisation"
        )
        .order_by("created_at", "id")
    )
    lines, balance, received, given = [], opening, 0, 0
    for transfer in rows:
        is_incoming = transfer.credit_id == account.pk
        amount = transfer.amount if is_incoming else -transfer.amount
        balance += amount
        if is_incoming:
            received += transfer.amount
        else:
            given += transfer.amount
        lines.append(
            StatementLine(
                transfer=transfer,
                booked_at=transfer.created_at,
                description=transfer.memo or str(transfer.get_kind_display()),
                counterparty=counterparty_name(transfer.debit if is_incoming else transfer.credit),
                amount=amount,
                balance=balance,
            )
        )
    return Statement(
        account=account,
        year=year,
        month=month,
        opening=opening,
        closing=balance,
        received=received,
        given=given,
        lines=lines,
    )


@dataclass(frozen=True)
class NeighbourhoodStats:
    neighbourhood: Neighbourhood
    currency: Currency
    since: datetime
    exchanged: int
    transfer_count: int
    giving_count: int
    receiving_count: int
    both_count: int
    only_giving: list[User]
    only_receiving: list[User]


def neighbourhood_stats(
    *, neighbourhood: Neighbourhood, currency: Currency, since: datetime
) -> NeighbourhoodStats:
    """Hours exchanged by residents of a buurt since a moment, and who only gives or receives.

    "Giving" means giving hours (thanking someone for help); "receiving" means receiving
    them (having helped someone).
    """
    rows = list(
        Transfer.objects.filter(
            POSTING,
            kind__in=EXCHANGE_KINDS,
            debit__currency=currency,
            created_at__gte=since,
        )
        .filter(
            Q(debit__owner__neighbourhood=neighbourhood)
            | Q(credit__owner__neighbourhood=neighbourhood)
        )
        .values_list(
            "amount",
            "debit__owner_id",
            "debit__owner__neighbourhood_id",
            "credit__owner_id",
            "credit__owner__neighbourhood_id",
        )
    )
    giving: set[int] = set()
    receiving: set[int] = set()
    for _amount, debit_owner, debit_area, credit_owner, credit_area in rows:
        if debit_owner is not None and debit_area == neighbourhood.pk:
            giving.add(debit_owner)
        if credit_owner is not None and credit_area == neighbourhood.pk:
            receiving.add(credit_owner)
    people = User.objects.in_bulk(giving ^ receiving)
    return NeighbourhoodStats(
        neighbourhood=neighbourhood,
        currency=currency,
        since=since,
        exchanged=sum(row[0] for row in rows),
        transfer_count=len(rows),
        giving_count=len(giving),
        receiving_count=len(receiving),
        both_count=len(giving & receiving),
        only_giving=sorted(
            (people[pk] for pk in giving - receiving if not people[pk].is_deleted), key=str
        ),
        only_receiving=sorted(
            (people[pk] for pk in receiving - giving if not people[pk].is_deleted), key=str
        ),
    )
