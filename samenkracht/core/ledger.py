"""Ledger rules for the time bank and local currencies: pure functions, no Django, no clock.

The rules follow TigerBeetle's model, the open ledger the issue holds us to:

- amounts are whole numbers of a currency's smallest unit (an hour with two decimals is
  counted in hundredths), so sums are exact;
- every transfer moves one amount from a debit account to a credit account of the same
  currency (double entry), so the sum over a currency stays zero — money and hours enter
  only through one system account per currency, which may go below zero without limit;
- an account's balance is `credits_posted - debits_posted`; a *pending* transfer reserves
  its amount on both sides until it is posted or voided, so two pending transfers cannot
  together break a limit that each alone keeps;
- a floor says how far below zero an account may go, a ceiling how high it may rise; both
  count reservations, and both are enforced, not advisory;
- operations in one batch may be *linked*: a chain succeeds or fails as a whole.

The database layer locks the accounts a batch touches (in a fixed order), loads their
`Balance`, asks `apply_batch` what happens and writes exactly that.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum


class Refusal(StrEnum):
    """Why an operation is refused; the app words each code for people."""

    AMOUNT_NOT_A_NUMBER = "amount_not_a_number"
    AMOUNT_NOT_POSITIVE = "amount_not_positive"
    AMOUNT_TOO_PRECISE = "amount_too_precise"
    AMOUNT_TOO_LARGE = "amount_too_large"
    SAME_ACCOUNT = "same_account"
    CURRENCY_MISMATCH = "currency_mismatch"
    ACCOUNT_CLOSED = "account_closed"
    EXCEEDS_FLOOR = "exceeds_floor"
    EXCEEDS_CEILING = "exceeds_ceiling"
    KEY_REUSED_WITH_OTHER_BODY = "key_reused_with_other_body"
    PENDING_NOT_FOUND = "pending_not_found"
    PENDING_ALREADY_POSTED = "pending_already_posted"
    PENDING_ALREADY_VOIDED = "pending_already_voided"
    PENDING_EXPIRED = "pending_expired"
    REVERSAL_EXCEEDS_ORIGINAL = "reversal_exceeds_original"
    LINKED_OPERATION_FAILED = "linked_operation_failed"


class LedgerError(ValueError):
    """An input that the ledger refuses, with its code."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.value)
        self.refusal = refusal


# Far beyond any time bank, and inside a signed 64-bit column with room for sums.
MAX_AMOUNT = 10**15
_AMOUNT = re.compile(r"^\s*([+-]?)(\d+)(?:[.,](\d*))?\s*$")


def parse_amount(text: str, *, scale: int) -> int:
    """Read a positive amount typed by a person ("1,5" or "1.50") into smallest units.

    Raise LedgerError for text that is not a number, zero or negative amounts, more
    decimals than the currency has (`scale`), and absurdly large amounts.
    """
    match = _AMOUNT.match(text)
    if match is None:
        raise LedgerError(Refusal.AMOUNT_NOT_A_NUMBER)
    sign, whole, fraction = match.group(1), match.group(2), (match.group(3) or "")
    # Checked on the text: int() of thousands of digits is refused (or slow) by Python itself.
    if len(whole.lstrip("0")) > len(str(MAX_AMOUNT)):
        raise LedgerError(Refusal.AMOUNT_TOO_LARGE)
    fraction = fraction.rstrip("0")
    if len(fraction) > scale:
        raise LedgerError(Refusal.AMOUNT_TOO_PRECISE)
    units: int = int(whole) * 10**scale + (int(fraction.ljust(scale, "0")) if scale else 0)
    if sign == "-" or units == 0:
        raise LedgerError(Refusal.AMOUNT_NOT_POSITIVE)
    if units > MAX_AMOUNT:
        raise LedgerError(Refusal.AMOUNT_TOO_LARGE)
    return units


def format_amount(units: int, *, scale: int) -> str:
    """Write smallest units as a decimal with the currency's number of decimals."""
    sign = "-" if units < 0 else ""
    whole, fraction = divmod(abs(units), 10**scale)
    return f"{sign}{whole}" if scale == 0 else f"{sign}{whole}.{fraction:0{scale}d}"


@dataclass(frozen=True, slots=True)
class Limits:
    """How far an account may go: `floor` below zero (None: no floor), `ceiling` above."""

    floor: int | None = 0
    ceiling: int | None = None


@dataclass(frozen=True, slots=True)
class Account:
    id: str
    currency: str
    limits: Limits
    is_closed: bool = False


@dataclass(frozen=True, slots=True)
class Balance:
    debits_posted: int = 0
    credits_posted: int = 0
    debits_pending: int = 0
    credits_pending: int = 0

    @property
    def posted(self) -> int:
        return self.credits_posted - self.debits_posted

    @property
    def lowest(self) -> int:
        """The balance if every pending debit is posted and no pending credit is."""
        return self.credits_posted - self.debits_posted - self.debits_pending

    @property
    def highest(self) -> int:
        """The balance if every pending credit is posted and no pending debit is."""
        return self.credits_posted + self.credits_pending - self.debits_posted


@dataclass(frozen=True, slots=True)
class Transfer:
    """A request to move `amount` from `debit` to `credit`; `key` is the client's id."""

    key: str
    debit: str
    credit: str
    amount: int
    is_pending: bool = False
    expires_at: datetime | None = None
    is_linked: bool = False  # linked to the next operation in the batch

    def body(self) -> tuple[str, str, int, bool, datetime | None]:
        """What must match when the same key comes again (the retried request)."""
        return (self.debit, self.credit, self.amount, self.is_pending, self.expires_at)


@dataclass(frozen=True, slots=True)
class Resolve:
    """Post or void a pending transfer, once."""

    key: str
    pending_key: str
    is_post: bool
    is_linked: bool = False

    def body(self) -> tuple[str, bool]:
        return (self.pending_key, self.is_post)


Operation = Transfer | Resolve


class PendingState(StrEnum):
    OPEN = "open"
    POSTED = "posted"
    VOIDED = "voided"
    EXPIRED = "expired"


@dataclass(frozen=True, slots=True)
class Pending:
    """A pending transfer as the ledger knows it."""

    transfer: Transfer
    state: PendingState = PendingState.OPEN


def limit_refusal(account: Account, balance: Balance) -> Refusal | None:
    """Why this balance breaks the account's limits, or None."""
    floor, ceiling = account.limits.floor, account.limits.ceiling
    if floor is not None and balance.lowest < -floor:
        return Refusal.EXCEEDS_FLOOR
    if ceiling is not None and balance.highest > ceiling:
        return Refusal.EXCEEDS_CEILING
    return None


def transfer_refusal(transfer: Transfer, debit: Account, credit: Account) -> Refusal | None:
    """Why a transfer is refused before any balance is looked at, or None."""
    if transfer.amount <= 0:
        return Refusal.AMOUNT_NOT_POSITIVE
    if transfer.amount > MAX_AMOUNT:
        return Refusal.AMOUNT_TOO_LARGE
    if debit.id == credit.id:
        return Refusal.SAME_ACCOUNT
    if debit.currency != credit.currency:
        return Refusal.CURRENCY_MISMATCH
    if debit.is_closed or credit.is_closed:
        return Refusal.ACCOUNT_CLOSED
    return None


def is_expired(pending: Pending, *, now: datetime) -> bool:
    expires_at = pending.transfer.expires_at
    return pending.state is PendingState.OPEN and expires_at is not None and now >= expires_at


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one operation: applied (refusal None), a duplicate, or refused."""

    key: str
    refusal: Refusal | None = None
    is_duplicate: bool = False


@dataclass(frozen=True)
class BatchResult:
    outcomes: list[Outcome]
    balances: dict[str, Balance]
    pendings: dict[str, Pending]
    applied: list[Operation]


def _apply_one(
    operation: Operation,
    *,
    accounts: Mapping[str, Account],
    balances: dict[str, Balance],
    pendings: dict[str, Pending],
    now: datetime,
) -> Refusal | None:
    """Apply one operation to the working copies, or return why not (copies untouched)."""
    if isinstance(operation, Resolve):
        return _resolve_one(
            operation, accounts=accounts, balances=balances, pendings=pendings, now=now
        )
    debit, credit = accounts[operation.debit], accounts[operation.credit]
    refusal = transfer_refusal(operation, debit, credit)
    if refusal is not None:
        return refusal
    amount = operation.amount
    before_debit, before_credit = balances[debit.id], balances[credit.id]
    if operation.is_pending:
        after_debit = replace(before_debit, debits_pending=before_debit.debits_pending + amount)
        after_credit = replace(
            before_credit, credits_pending=before_credit.credits_pending + amount
        )
    else:
        after_debit = replace(before_debit, debits_posted=before_debit.debits_posted + amount)
        after_credit = replace(before_credit, credits_posted=before_credit.credits_posted + amount)
    refusal = limit_refusal(debit, after_debit) or limit_refusal(credit, after_credit)
    if refusal is not None:
        return refusal
    balances[debit.id], balances[credit.id] = after_debit, after_credit
    if operation.is_pending:
        pendings[operation.key] = Pending(operation)
    return None


def _resolve_one(
    operation: Resolve,
    *,
    accounts: Mapping[str, Account],
    balances: dict[str, Balance],
    pendings: dict[str, Pending],
    now: datetime,
) -> Refusal | None:
    pending = pendings.get(operation.pending_key)
    if pending is None:
        return Refusal.PENDING_NOT_FOUND
    if pending.state is PendingState.POSTED:
        return Refusal.PENDING_ALREADY_POSTED
    if pending.state is PendingState.VOIDED:
        return Refusal.PENDING_ALREADY_VOIDED
    if pending.state is PendingState.EXPIRED or is_expired(pending, now=now):
        return Refusal.PENDING_EXPIRED
    transfer = pending.transfer
    amount = transfer.amount
    debit, credit = accounts[transfer.debit], accounts[transfer.credit]
    if operation.is_post and (debit.is_closed or credit.is_closed):
        return Refusal.ACCOUNT_CLOSED
    before_debit, before_credit = balances[debit.id], balances[credit.id]
    after_debit = replace(before_debit, debits_pending=before_debit.debits_pending - amount)
    after_credit = replace(before_credit, credits_pending=before_credit.credits_pending - amount)
    if operation.is_post:
        # Posting moves a reservation into the balance: limits were checked when it was made.
        after_debit = replace(after_debit, debits_posted=after_debit.debits_posted + amount)
        after_credit = replace(after_credit, credits_posted=after_credit.credits_posted + amount)
    balances[debit.id], balances[credit.id] = after_debit, after_credit
    state = PendingState.POSTED if operation.is_post else PendingState.VOIDED
    pendings[operation.pending_key] = Pending(transfer, state)
    return None


def expire(
    pending: Pending, *, balances: Mapping[str, Balance], now: datetime
) -> tuple[Pending, dict[str, Balance]] | None:
    """Release the reservation of a pending transfer whose time is up, or None if it is not."""
    if not is_expired(pending, now=now):
        return None
    transfer = pending.transfer
    debit, credit = balances[transfer.debit], balances[transfer.credit]
    return Pending(transfer, PendingState.EXPIRED), {
        transfer.debit: replace(debit, debits_pending=debit.debits_pending - transfer.amount),
        transfer.credit: replace(credit, credits_pending=credit.credits_pending - transfer.amount),
    }


def _chains(operations: Sequence[Operation]) -> list[list[Operation]]:
    """Split a batch into chains: each linked operation belongs with the next one."""
    chains: list[list[Operation]] = []
    current: list[Operation] = []
    for operation in operations:
        current.append(operation)
        if not operation.is_linked:
            chains.append(current)
            current = []
    if current:  # a chain left open at the end of the batch is still one chain
        chains.append(current)
    return chains


def apply_batch(
    operations: Sequence[Operation],
    *,
    accounts: Mapping[str, Account],
    balances: Mapping[str, Balance],
    pendings: Mapping[str, Pending],
    seen: Mapping[str, tuple[object, ...]],
    now: datetime,
) -> BatchResult:
    """Decide a batch of operations in order; linked chains succeed or fail as a whole.

    `seen` holds the body of every key already applied (from earlier batches): the same key
    with the same body is a duplicate and changes nothing; with another body it is refused.
    Every account an operation names must be in `accounts` and `balances`; every pending
    transfer a resolve names must be in `pendings` if it exists.
    """
    working_balances = dict(balances)
    working_pendings = dict(pendings)
    working_seen = dict(seen)
    outcomes: list[Outcome] = []
    applied: list[Operation] = []
    for chain in _chains(operations):
        saved = (dict(working_balances), dict(working_pendings), dict(working_seen))
        chain_outcomes: list[Outcome] = []
        failed = False
        for operation in chain:
            earlier = working_seen.get(operation.key)
            if earlier is not None:
                is_same = earlier == operation.body()
                refusal = None if is_same else Refusal.KEY_REUSED_WITH_OTHER_BODY
                chain_outcomes.append(Outcome(operation.key, refusal, is_duplicate=is_same))
                if refusal is not None:
                    failed = True
                    break
                continue
            refusal = _apply_one(
                operation,
                accounts=accounts,
                balances=working_balances,
                pendings=working_pendings,
                now=now,
            )
            chain_outcomes.append(Outcome(operation.key, refusal))
            if refusal is not None:
                failed = True
                break
            working_seen[operation.key] = operation.body()
        if failed:
            working_balances, working_pendings, working_seen = saved
            chain_outcomes = _fail_chain(chain, chain_outcomes)
        else:
            applied.extend(
                operation
                for operation, outcome in zip(chain, chain_outcomes, strict=True)
                if not outcome.is_duplicate
            )
        outcomes.extend(chain_outcomes)
    return BatchResult(outcomes, working_balances, working_pendings, applied)


def _fail_chain(chain: list[Operation], decided: list[Outcome]) -> list[Outcome]:
    """Every operation of a failed chain is refused: its own reason, or the chain's."""
    by_key = {outcome.key: outcome for outcome in decided if outcome.refusal is not None}
    return [
        by_key.get(operation.key, Outcome(operation.key, Refusal.LINKED_OPERATION_FAILED))
        for operation in chain
    ]


def reversal(
    original: Transfer, *, key: str, amount: int | None = None, already_reversed: int = 0
) -> Transfer:
    """The transfer that corrects `original`: the same accounts the other way round.

    Mistakes are never edited or deleted; a reversal of (part of) the amount is booked
    instead, so the history shows both. All reversals together never exceed the original.
    """
    left = original.amount - already_reversed
    amount = left if amount is None else amount
    if amount <= 0:
        raise LedgerError(Refusal.AMOUNT_NOT_POSITIVE)
    if amount > left:
        raise LedgerError(Refusal.REVERSAL_EXCEEDS_ORIGINAL)
    return Transfer(key=key, debit=original.credit, credit=original.debit, amount=amount)
