"""Reads of currencies, accounts and transfers."""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from samenkracht.exchange.models import DEFAULT_CURRENCY_CODE, Account, Currency, Transfer
from samenkracht.people.models import Membership, Organisation, User

AnyUser = User | AnonymousUser

# Organisation members who may use and see the organisation's account.
ACCOUNT_ROLES = (Membership.Role.ADMIN, Membership.Role.STAFF)


def currency_list() -> QuerySet[Currency]:
    return Currency.objects.all()


def currency_get(*, code: str) -> Currency | None:
    return Currency.objects.filter(code=code).first()


def currency_default() -> Currency:
    return Currency.objects.get(code=DEFAULT_CURRENCY_CODE)


def system_account(*, currency: Currency, kind: str) -> Account:
    return Account.objects.select_related("currency").get(currency=currency, kind=kind)


def account_get(*, pk: UUID | str) -> Account | None:
    try:
        return (
            Account.objects.select_related("currency", "owner", "organisation")
            .filter(pk=pk)
            .first()
        )
    except (ValueError, TypeError):
        return None


def account_of_person(*, person: User, currency: Currency) -> Account | None:
    return (
        Account.objects.select_related("currency").filter(owner=person, currency=currency).first()
    )


def account_of_organisation(*, organisation: Organisation, currency: Currency) -> Account | None:
    return (
        Account.objects.select_related("currency")
        .filter(organisation=organisation, currency=currency)
        .first()
    )


def organisation_ids_managed_by(*, user: User) -> list[int]:
    return list(
        Membership.objects.filter(user=user, role__in=ACCOUNT_ROLES).values_list(
            "organisation_id", flat=True
        )
    )


def account_list_for(*, user: User) -> QuerySet[Account]:
    """The person's own accounts and those of organisations they run."""
    return (
        Account.objects.filter(
            Q(owner=user) | Q(organisation_id__in=organisation_ids_managed_by(user=user))
        )
        .select_related("currency", "owner", "organisation")
        .order_by("kind", "currency__name", "organisation__name")
    )


def transfer_get(*, pk: UUID | str) -> Transfer | None:
    try:
        return (
            Transfer.objects.select_related(
                "debit__currency",
                "debit__owner",
                "debit__organisation",
                "credit__owner",
                "credit__organisation",
                "contact__ask",
                "contact__offer",
                "listing",
                "pending",
                "reverses",
            )
            .filter(pk=pk)
            .first()
        )
    except (ValueError, TypeError):
        return None


def transfer_by_key(*, key: str) -> Transfer | None:
    """The transfer booked under a scoped idempotency key (see services.key_scoped)."""
    return Transfer.objects.filter(key=key).first()


def transfer_key_for(*, transfer: Transfer, user: AnyUser) -> str | None:
    """The idempotency key of a transfer as its sender gave it, for the sender only.

    Keys are scoped by their sender (`u<id>:<key>`); anyone else sees none: a key says
    something about how the sender's client works, and is theirs to reuse or not.
    """
    scope = f"u{user.pk}:"
    if user.pk is None or not transfer.key.startswith(scope):
        return None
    return transfer.key.removeprefix(scope)


def transfer_list_for_account(*, account: Account) -> QuerySet[Transfer]:
    """Every transfer on the account, newest first, with what the history shows."""
    return (
        Transfer.objects.filter(Q(debit=account) | Q(credit=account))
        .select_related(
            "debit__owner",
            "debit__organisation",
            "credit__owner",
            "credit__organisation",
            "listing",
            "contact__ask",
            "contact__offer",
        )
        .order_by("-created_at", "-id")
    )


def transfer_list_for_user(*, user: User) -> QuerySet[Transfer]:
    accounts = account_list_for(user=user).values("pk")
    return (
        Transfer.objects.filter(Q(debit__in=accounts) | Q(credit__in=accounts))
        .select_related("debit__currency")
        .order_by("-created_at", "-id")
    )


def pending_incoming(*, user: User, now: datetime) -> QuerySet[Transfer]:
    """Open pending transfers to the person (or their organisations) to confirm or decline."""
    return (
        Transfer.objects.filter(
            credit__in=account_list_for(user=user).values("pk"),
            is_pending=True,
            pending_state=Transfer.PendingState.OPEN,
        )
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .select_related("debit__owner", "debit__organisation", "debit__currency", "listing")
        .order_by("created_at")
    )


def pending_outgoing(*, user: User, now: datetime) -> QuerySet[Transfer]:
    return (
        Transfer.objects.filter(
            debit__in=account_list_for(user=user).values("pk"),
            is_pending=True,
            pending_state=Transfer.PendingState.OPEN,
        )
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .select_related("credit__owner", "credit__organisation", "debit__currency")
        .order_by("created_at")
    )


def reversed_amount(*, transfer: Transfer) -> int:
    return sum(Transfer.objects.filter(reverses=transfer).values_list("amount", flat=True))


def thanks_for_contact(*, contact_id: int) -> QuerySet[Transfer]:
    return Transfer.objects.filter(contact_id=contact_id, kind=Transfer.Kind.THANKS).select_related(
        "debit__currency"
    )


@dataclass(frozen=True)
class HistoryLine:
    """One transfer as the account holder reads it."""

    transfer: Transfer
    amount: int  # signed: positive is received
    counterparty: str
    is_pending: bool


def counterparty_name(account: Account) -> str:
    if account.kind == Account.Kind.PERSON and account.owner is not None:
        owner = account.owner
        return "Verwijderd account" if owner.is_deleted else str(owner)
    if account.kind == Account.Kind.ORGANISATION and account.organisation is not None:
        return str(account.organisation)
    return str(account.get_kind_display())


def history_lines(*, account: Account, transfers: list[Transfer]) -> list[HistoryLine]:
    lines = []
    for transfer in transfers:
        is_incoming = transfer.credit_id == account.pk
        other = transfer.debit if is_incoming else transfer.credit
        amount = transfer.amount if transfer.is_posting or transfer.is_pending else 0
        lines.append(
            HistoryLine(
                transfer=transfer,
                amount=amount if is_incoming else -amount,
                counterparty=counterparty_name(other),
                is_pending=transfer.is_pending,
            )
        )
    return lines
