"""What the time bank holds about a person, and how it is exported and erased.

Transfers are the ledger's history and other people's balances rest on them: they stay,
and only what points to the person goes. Their accounts are closed, the row of the person
is anonymised by the people app, and the memos on their transfers are blanked (the only
change the database allows on a transfer besides its pending state).
"""

from typing import Any

from django.db.models import Q
from django.utils import timezone

from samenkracht.common.privacy import personal_data_register
from samenkracht.exchange.models import Account, AuditEvent, Transfer
from samenkracht.exchange.selectors import counterparty_name
from samenkracht.exchange.services.ledger import ResolveRequest, ledger_apply
from samenkracht.people.models import User


def _accounts_export(user: User) -> list[dict[str, Any]]:
    return [
        {
            "id": str(account.pk),
            "currency": account.currency.code,
            "balance": account.currency.format(account.balance),
            "is_closed": account.is_closed,
            "opened_at": account.created_at.isoformat(),
        }
        for account in Account.objects.filter(owner=user).select_related("currency")
    ]


def _accounts_erase(user: User) -> None:
    # Open pending transfers to or from the person can never be confirmed once their
    # account is closed: void them through the ledger, so no reservation stays behind.
    open_pending = Transfer.objects.filter(
        Q(debit__owner=user) | Q(credit__owner=user),
        is_pending=True,
        pending_state=Transfer.PendingState.OPEN,
    ).values_list("pk", flat=True)
    requests = [
        ResolveRequest(key=f"void:{pk}", pending_id=pk, is_post=False) for pk in open_pending
    ]
    if requests:
        ledger_apply(requests=requests, now=timezone.now())
    Transfer._base_manager.filter(Q(debit__owner=user) | Q(credit__owner=user)).exclude(
        memo=""
    ).update(memo="")
    Account.objects.filter(owner=user).update(is_closed=True)


def _transfers_export(user: User) -> list[dict[str, Any]]:
    rows = (
        Transfer.objects.filter(Q(debit__owner=user) | Q(credit__owner=user))
        .select_related(
            "debit__currency",
            "debit__owner",
            "debit__organisation",
            "credit__owner",
            "credit__organisation",
        )
        .order_by("created_at", "id")
    )
    return [
        {
            "id": str(transfer.pk),
            "at": transfer.created_at.isoformat(),
            "kind": transfer.kind,
            "currency": transfer.debit.currency.code,
            "amount": transfer.debit.currency.format(
                transfer.amount if transfer.credit.owner_id == user.pk else -transfer.amount
            ),
            "counterparty": counterparty_name(
                transfer.debit if transfer.credit.owner_id == user.pk else transfer.credit
            ),
            "pending_state": transfer.pending_state,
            "expires_at": transfer.expires_at.isoformat() if transfer.expires_at else None,
            "memo": transfer.memo,
        }
        for transfer in rows
    ]


def _keep(user: User) -> None:
    """The rows stay; they point to the anonymised person row."""


def _actor(event: AuditEvent, user: User) -> str:
    """Who did it, as the person may know: themselves, the system, or the other's role.

    Names of staff stay out: a notification about a correction says "een beheerder" too.
    """
    if event.actor is None:
        return "system"
    if event.actor_id == user.pk:
        return "self"
    return User.Role.ADMIN.value if event.actor.is_superuser else event.actor.role


def _audit_export(user: User) -> list[dict[str, Any]]:
    """What the person did to the ledger, and what others did to their transfers and
    accounts (a correction by an administrator with its reason, a grant from the pool)."""
    events = (
        AuditEvent.objects.filter(
            Q(actor=user)
            | Q(transfer__debit__owner=user)
            | Q(transfer__credit__owner=user)
            | Q(account__owner=user)
        )
        .select_related("actor")
        .distinct()
        .order_by("created_at", "id")
    )
    return [
        {
            "at": event.created_at.isoformat(),
            "action": event.action,
            "by": _actor(event, user),
            "transfer": str(event.transfer_id) if event.transfer_id else None,
            "account": str(event.account_id) if event.account_id else None,
            "detail": event.detail,
        }
        for event in events
    ]


personal_data_register(
    Account,
    section="exchange_accounts",
    export=_accounts_export,
    erase=_accounts_erase,
    retention="Rekeningen worden gesloten en blijven bestaan: de saldi van anderen rusten erop.",
)
personal_data_register(
    Transfer,
    section="exchange_transfers",
    export=_transfers_export,
    erase=_keep,
    retention="Overboekingen blijven, zonder naam en omschrijving: de tijdbank moet kloppen.",
)
personal_data_register(
    AuditEvent,
    section="exchange_audit",
    export=_audit_export,
    erase=_keep,
    retention="De audittrail van beheerders blijft als verantwoording.",
)
