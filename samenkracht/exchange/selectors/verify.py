"""The ledger checks itself: zero sum, limits kept, balances equal to their transfers."""

from collections import defaultdict

from django.db.models import Count, F, OuterRef, Q, Sum

from samenkracht.core import ledger
from samenkracht.exchange.models import Account, Currency, Transfer


def _sums(group_by: str, condition: Q) -> dict[object, int]:
    rows = Transfer.objects.filter(condition).values(group_by).annotate(total=Sum("amount"))
    return {row[group_by]: int(row["total"] or 0) for row in rows.order_by()}


def ledger_verify() -> list[str]:
    """Return every violation of the ledger's guarantees; an empty list means all hold.

    - each account's four columns equal the sums of its transfers;
    - per currency, posted debits equal posted credits (and pending ones too): zero sum;
    - no account is outside its limits, reservations included;
    - a pending transfer is open with no resolution, or resolved by exactly one transfer.
    """
    posting = Q(is_pending=False) & ~Q(kind=Transfer.Kind.VOID)
    open_pending = Q(is_pending=True, pending_state=Transfer.PendingState.OPEN)
    expected = {
        "debits_posted": _sums("debit_id", posting),
        "credits_posted": _sums("credit_id", posting),
        "debits_pending": _sums("debit_id", open_pending),
        "credits_pending": _sums("credit_id", open_pending),
    }
    violations: list[str] = []
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    currencies = Currency.objects.in_bulk()
    columns = ("debits_posted", "credits_posted", "debits_pending", "credits_pending")
    for account in Account.objects.values("pk", "currency_id", "kind", *columns).order_by():
        for index, column in enumerate(columns):
            stored, summed = account[column], expected[column].get(account["pk"], 0)
            totals[account["currency_id"]][index] += stored
            if stored != summed:
                violations.append(
                    f"account {account['pk']}: {column} is {stored}, its transfers add up to "
                    f"{summed}"
                )
        holder = Account(kind=account["kind"], currency=currencies[account["currency_id"]])
        balance = ledger.Balance(*(account[column] for column in columns))
        core_account = ledger.Account(str(account["pk"]), "", holder.limits())
        refusal = ledger.limit_refusal(core_account, balance)
        if refusal is not None:
            violations.append(f"account {account['pk']}: {refusal.value} ({balance})")
    for currency_id, (debits, credits, debits_pending, credits_pending) in totals.items():
        if debits != credits or debits_pending != credits_pending:
            violations.append(
                f"currency {currencies[currency_id].code}: sum is not zero "
                f"(posted {credits - debits}, pending {credits_pending - debits_pending})"
            )
    resolved = (
        Transfer.objects.filter(is_pending=True)
        .annotate(resolution_count=Count("resolutions"))
        .filter(
            (Q(pending_state__in=["posted", "voided"]) & ~Q(resolution_count=1))
            | (Q(pending_state__in=["open", "expired"]) & ~Q(resolution_count=0))
        )
        .values_list("pk", flat=True)
    )
    violations.extend(f"pending transfer {pk}: resolved more or less than once" for pk in resolved)
    mismatched = Transfer.objects.filter(pending__isnull=False).exclude(
        debit_id=Transfer.objects.filter(pk=OuterRef("pending_id")).values("debit_id")[:1]
    )
    violations.extend(
        f"transfer {pk}: resolves a pending transfer between other accounts"
        for pk in mismatched.values_list("pk", flat=True)
    )
    across = Transfer.objects.exclude(debit__currency=F("credit__currency"))
    violations.extend(
        f"transfer {pk}: between two currencies" for pk in across.values_list("pk", flat=True)
    )
    return violations
