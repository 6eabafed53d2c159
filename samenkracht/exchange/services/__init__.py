"""Every write to the time bank: through `ledger_apply`, which `core.ledger` decides."""

from samenkracht.exchange.services.accounts import (
    account_close,
    account_open,
    currency_accounts_ensure,
    receiving_account,
)
from samenkracht.exchange.services.ledger import (
    BatchOutcome,
    ResolveRequest,
    TransferRequest,
    accounts_lock,
    key_scoped,
    ledger_apply,
    ledger_expire,
)
from samenkracht.exchange.services.refusals import (
    Booked,
    KeyReusedError,
    amount_parse,
    refusal_text,
)
from samenkracht.exchange.services.sending import (
    LINKED_MAX,
    Leg,
    thanks_send,
    transfer_send,
    transfers_send_linked,
)
from samenkracht.exchange.services.transfers import (
    pending_confirm,
    pending_decline,
    pool_fund,
    pool_grant,
    transfer_reverse,
)

__all__ = [
    "LINKED_MAX",
    "BatchOutcome",
    "Booked",
    "KeyReusedError",
    "Leg",
    "ResolveRequest",
    "TransferRequest",
    "account_close",
    "account_open",
    "accounts_lock",
    "amount_parse",
    "currency_accounts_ensure",
    "key_scoped",
    "ledger_apply",
    "ledger_expire",
    "pending_confirm",
    "pending_decline",
    "pool_fund",
    "pool_grant",
    "receiving_account",
    "refusal_text",
    "thanks_send",
    "transfer_reverse",
    "transfer_send",
    "transfers_send_linked",
]
