"""The one way into the ledger: lock, load, let `core.ledger` decide, write what it decided.

Every write to balances and transfers passes `ledger_apply` (or `ledger_expire`). In one
transaction it locks the accounts a batch touches in a fixed order (sorted ids), so two
batches never deadlock on them and nothing can race past a limit; it loads their balances,
the pending transfers the batch resolves and the keys already used, calls
`core.ledger.apply_batch`, inserts the transfers and stores the new balances. The unique
idempotency key is the last guard: a concurrent batch with the same key fails on insert, is
rolled back and retried, and then sees the other's transfer as a duplicate.

Speed. Batches of random transfers nearly always share an account, so concurrent batches
queue on the row locks and the ledger's throughput is the batch size divided by the time a
batch holds its locks. Everything that cannot change under the lock is therefore done
before taking it: the pending transfers' fixed columns (accounts, amount, key), the keys
already used (a key committed after that read still fails on the unique index, see above)
and the rows to insert. Under the lock the batch reads its accounts (one query, joined to
their currency's limits, in id order), the states of the pending transfers it resolves (one
query, after the lock, so it sees a concurrent resolution), decides in memory and writes
everything in one statement (PostgreSQL) before committing. Rows travel as tuples, not
model instances; model instances for the caller are built after the commit.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import F
from django.utils import timezone

from samenkracht.core import ledger
from samenkracht.exchange.models import Account, Currency, Transfer

ATTEMPTS = 5
MISSING_PREFIX = "missing:"

_OPEN = Transfer.PendingState.OPEN.value
_EXPIRED = Transfer.PendingState.EXPIRED.value
_POSTED = Transfer.PendingState.POSTED.value
_VOIDED = Transfer.PendingState.VOIDED.value


@dataclass(frozen=True)
class TransferRequest:
    """A transfer to book; `key` is already scoped (see `key_scoped`)."""

    key: str
    kind: str
    debit_id: UUID
    credit_id: UUID
    amount: int
    is_pending: bool = False
    expires_at: datetime | None = None
    is_linked: bool = False
    memo: str = ""
    reason: str = ""
    contact_id: int | None = None
    listing_id: int | None = None
    reverses_id: UUID | None = None
    initiated_by_id: int | None = None

    def extras(self, *, with_memo: bool = True) -> tuple[object, ...]:
        """What else must match when the key comes again, besides the ledger's body."""
        return (self.kind, self.memo if with_memo else None, self.contact_id, self.reverses_id)


@dataclass(frozen=True)
class ResolveRequest:
    """Post (confirm) or void (decline) a pending transfer."""

    key: str
    pending_id: UUID
    is_post: bool
    is_linked: bool = False
    initiated_by_id: int | None = None


Request = TransferRequest | ResolveRequest


@dataclass(frozen=True)
class BatchOutcome:
    """What became of one request: the transfer written (or the earlier one), or why not."""

    key: str
    transfer: Transfer | None
    refusal: ledger.Refusal | None
    is_duplicate: bool


def key_scoped(*, scope: str, key: str) -> str:
    """Client keys are unique per client: two people may both send "1"."""
    return f"{scope}:{key}"


# An inserted transfer's columns in the model's order, so that `Transfer.from_db` builds the
# instance from the row tuple positionally, the cheap way.
_INSERTED_FIELDS = list(Transfer._meta.concrete_fields)
_INSERTED_ATTNAMES = [field.attname for field in _INSERTED_FIELDS]
_TRANSFER_TABLE = Transfer._meta.db_table
_ACCOUNT_TABLE = Account._meta.db_table
_CURRENCY_TABLE = Currency._meta.db_table


@dataclass(frozen=True, slots=True)
class _Row:
    """A transfer to insert: its values (model order) and, on PostgreSQL, the same values
    written as array elements, prepared before the lock so that under it they are joined."""

    values: tuple[Any, ...]
    elements: tuple[str, ...] | None


@dataclass(frozen=True, slots=True)
class _PendingRow:
    """The columns of a pending transfer that never change (its state is read apart)."""

    pk: str
    key: str
    debit: str
    credit: str
    amount: int
    expires_at: datetime | None
    memo: str
    contact_id: int | None
    listing_id: int | None

    def core(self, state: str) -> ledger.Pending:
        return ledger.Pending(
            ledger.Transfer(
                key=self.key,
                debit=self.debit,
                credit=self.credit,
                amount=self.amount,
                is_pending=True,
                expires_at=self.expires_at,
            ),
            ledger.PendingState(state),
        )


@dataclass
class _Decided:
    """What a batch's transaction decided and wrote; turned into outcomes after commit."""

    outcomes: list[ledger.Outcome]
    inserted: dict[str, _Row]
    existing: dict[str, Transfer]


def ledger_apply(*, requests: Sequence[Request], now: datetime) -> list[BatchOutcome]:
    """Decide and book a batch in one transaction; linked requests succeed or fail together.

    A unique-key clash with a concurrent batch, or a deadlock the database detected, rolls
    the batch back and tries it again from the start.
    """
    for attempt in range(ATTEMPTS):
        try:
            with transaction.atomic():
                decided = _apply(requests, now=now)
            break
        except (IntegrityError, OperationalError) as error:
            if attempt == ATTEMPTS - 1 or not _is_retryable(error):
                raise
    else:  # pragma: no cover
        raise AssertionError("unreachable")
    # After the commit, outside the locks: model instances for the callers.
    written: dict[str, Transfer] = {
        key: Transfer.from_db(connection.alias, _INSERTED_ATTNAMES, row.values)
        for key, row in decided.inserted.items()
    }
    for key, transfer in decided.existing.items():
        written.setdefault(key, transfer)
    return [
        BatchOutcome(
            key=outcome.key,
            transfer=written.get(outcome.key) if outcome.refusal is None else None,
            refusal=outcome.refusal,
            is_duplicate=outcome.is_duplicate,
        )
        for outcome in decided.outcomes
    ]


def _is_retryable(error: Exception) -> bool:
    if isinstance(error, IntegrityError):
        return True
    text = str(error).lower()
    return "deadlock" in text or "could not serialize" in text or "database is locked" in text


def accounts_lock(account_ids: Iterable[UUID]) -> dict[UUID, Account]:
    """Lock these accounts for the rest of the transaction, in id order, and return them."""
    ids = sorted(set(account_ids))
    _sqlite_write_lock(ids)
    locked = (
        Account.objects.select_for_update(of=("self",)).filter(pk__in=ids).order_by("pk")
        if connection.vendor != "sqlite"
        else Account.objects.filter(pk__in=ids).order_by("pk")
    )
    accounts = {account.pk: account for account in locked}
    currencies = Currency.objects.in_bulk({account.currency_id for account in accounts.values()})
    for account in accounts.values():
        account.currency = currencies[account.currency_id]
    return accounts


def _sqlite_write_lock(ids: Iterable[UUID | str]) -> None:
    if connection.vendor == "sqlite":
        # SQLite has no row locks, and a transaction that reads first and writes later can
        # fail to upgrade its lock while another writes. Writing first takes the database's
        # write lock at once (waiting for it if needed), as BEGIN IMMEDIATE would.
        Account.objects.filter(pk__in=list(ids)).update(updated_at=F("updated_at"))


def _uuid(value: UUID | str) -> UUID:
    return value if isinstance(value, UUID) else UUID(str(value))


def _is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def _element(value: object) -> str:
    """One value as an element of a PostgreSQL array literal (`{a,"b c",NULL}`).

    Passing each column as one text literal cast to an array lets the driver quote one
    string per column instead of adapting every value (which costs more than the ledger's
    own decision for a batch). Strings are always double-quoted with `\\` and `"` escaped,
    as the array syntax requires; numbers and ids cannot contain a delimiter.
    """
    if value is None:
        return "NULL"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, int | UUID):
        return str(value)
    if isinstance(value, datetime):
        if timezone.is_naive(value):  # as the ORM does, with the default time zone
            value = timezone.make_aware(value)
        return f'"{value.isoformat()}"'
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def _array(elements: Iterable[str]) -> str:
    return "{" + ",".join(elements) + "}"


_LOCK_SQL = f"""
    SELECT account.id::text, account.currency_id, account.kind, account.is_closed,
        currency.floor, currency.ceiling, account.debits_posted, account.credits_posted,
        account.debits_pending, account.credits_pending
    FROM {_ACCOUNT_TABLE} AS account
    JOIN {_CURRENCY_TABLE} AS currency ON currency.id = account.currency_id
    WHERE account.id = ANY(%s::uuid[])
    ORDER BY account.id
    FOR UPDATE OF account
"""  # noqa: S608 - only the models' table names are formatted in


def _accounts_locked(
    account_ids: set[str],
) -> tuple[dict[str, ledger.Account], dict[str, ledger.Balance]]:
    """Lock these accounts in id order and return them as the ledger sees them.

    One query: PostgreSQL locks the rows in the order its sort returns them (the lock step
    sits above the sort in the plan), so two batches always take the accounts they share
    in the same order and cannot deadlock. The currency's limits come along in the same
    query; only the account rows are locked.
    """
    ids = sorted(account_ids)
    if _is_postgresql():
        with connection.cursor() as cursor:
            cursor.execute(_LOCK_SQL, [_array(ids)])
            rows = cursor.fetchall()
    else:
        _sqlite_write_lock(ids)
        rows = [
            (str(pk), *rest)
            for pk, *rest in Account.objects.filter(pk__in=ids)
            .order_by("pk")
            .values_list(
                "pk",
                "currency_id",
                "kind",
                "is_closed",
                "currency__floor",
                "currency__ceiling",
                "debits_posted",
                "credits_posted",
                "debits_pending",
                "credits_pending",
            )
        ]
    accounts: dict[str, ledger.Account] = {}
    balances: dict[str, ledger.Balance] = {}
    limits: dict[tuple[str, int | None, int | None], ledger.Limits] = {}
    for pk, currency_id, kind, is_closed, floor, ceiling, *sums in rows:
        limit = limits.get((kind, floor, ceiling))
        if limit is None:
            limit = limits[kind, floor, ceiling] = Account.limits_of(
                kind=kind, floor=floor, ceiling=ceiling
            )
        accounts[pk] = ledger.Account(
            id=pk, currency=str(currency_id), limits=limit, is_closed=is_closed
        )
        balances[pk] = ledger.Balance(*sums)
    return accounts, balances


_PENDINGS_SQL = f"""
    SELECT id::text, key, debit_id::text, credit_id::text, amount, expires_at, memo,
        contact_id, listing_id
    FROM {_TRANSFER_TABLE}
    WHERE id = ANY(%s::uuid[]) AND is_pending
"""  # noqa: S608 - only the model's table name is formatted in
_STATES_SQL = f"""
    SELECT id::text, pending_state FROM {_TRANSFER_TABLE} WHERE id = ANY(%s::uuid[])
"""  # noqa: S608 - only the model's table name is formatted in


def _pendings_read(pending_ids: Iterable[str]) -> dict[str, _PendingRow]:
    """The fixed columns of these pending transfers (safe to read before locking)."""
    ids = list(pending_ids)
    if not ids:
        return {}
    if _is_postgresql():
        with connection.cursor() as cursor:
            cursor.execute(_PENDINGS_SQL, [_array(ids)])
            return {row[0]: _PendingRow(*row) for row in cursor.fetchall()}
    rows = (
        Transfer.objects.filter(pk__in=ids, is_pending=True)
        .order_by()
        .values_list(
            "pk",
            "key",
            "debit_id",
            "credit_id",
            "amount",
            "expires_at",
            "memo",
            "contact_id",
            "listing_id",
        )
    )
    return {
        str(pk): _PendingRow(
            str(pk), key, str(debit), str(credit), amount, expires, memo, contact, listing
        )
        for pk, key, debit, credit, amount, expires, memo, contact, listing in rows
    }


def _pending_states(pending_ids: Iterable[str]) -> dict[str, str]:
    """The states of these pending transfers; read under the account locks, so current."""
    ids = list(pending_ids)
    if not ids:
        return {}
    if _is_postgresql():
        with connection.cursor() as cursor:
            cursor.execute(_STATES_SQL, [_array(ids)])
            return dict(cursor.fetchall())
    rows = Transfer.objects.filter(pk__in=ids).order_by().values_list("pk", "pending_state")
    return {str(pk): state for pk, state in rows}


_EXISTING_SQL = """
    SELECT {columns}, pending.key
    FROM {transfer} AS transfer
    LEFT JOIN {transfer} AS pending ON pending.id = transfer.pending_id
    WHERE transfer.key = ANY(%s::text[])
"""


def _existing_read(
    keys: list[str],
) -> tuple[dict[str, Transfer], dict[str, tuple[object, ...]]]:
    """The transfers already booked under these keys, and the body each key was used with.

    On PostgreSQL one query with the keys as one array: Django's `key__in` spells out a
    placeholder per key and its compiler costs more than the query itself.
    """
    if not _is_postgresql():
        rows = Transfer.objects.filter(key__in=keys).select_related("pending")
        existing = {row.key: row for row in rows}
        return existing, {
            key: _row_body(row, row.pending.key if row.pending is not None else None)
            for key, row in existing.items()
        }
    sql = _EXISTING_SQL.format(
        transfer=_TRANSFER_TABLE,
        columns=", ".join(
            f"transfer.{connection.ops.quote_name(field.column)}" for field in _INSERTED_FIELDS
        ),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [_array(map(_element, keys))])
        found = cursor.fetchall()
    existing, seen = {}, {}
    for *values, pending_key in found:
        row = Transfer.from_db(connection.alias, _INSERTED_ATTNAMES, values)
        existing[row.key] = row
        seen[row.key] = _row_body(row, pending_key)
    return existing, seen


def _row_body(row: Transfer, pending_key: str | None) -> tuple[object, ...]:
    """What the ledger compares when a key comes again (see `ledger.Transfer.body`)."""
    if pending_key is not None:
        return (pending_key, row.kind == Transfer.Kind.POST)
    return (str(row.debit_id), str(row.credit_id), row.amount, row.is_pending, row.expires_at)


def _row_extras(row: Transfer, *, with_memo: bool = True) -> tuple[object, ...]:
    return (row.kind, row.memo if with_memo else None, row.contact_id, row.reverses_id)


def ledger_earlier(*, keys: Sequence[str]) -> dict[str, Transfer]:
    """The transfers already booked under these (scoped) keys, by key.

    A booked transfer never changes, so this may be read before any lock: services use it
    to answer a retry with its first transfer before looking at anything that may have
    changed since (balances, expiry, closed accounts).
    """
    existing, _bodies = _existing_read(list(keys))
    return existing


def is_retry_of(
    earlier: Transfer, request: TransferRequest, *, is_memo_derived: bool = False
) -> bool:
    """Whether `request` asks for exactly what `earlier` booked: the ledger's body (accounts,
    amount, pending, expiry) and the extras (kind, memo, match, reversed transfer).

    A memo the service wrote itself (`is_memo_derived`, e.g. from a listing's title) is left
    out: it follows the moment, not what the client sent.
    """
    body = ledger.Transfer(
        key=request.key,
        debit=str(_uuid(request.debit_id)),
        credit=str(_uuid(request.credit_id)),
        amount=request.amount,
        is_pending=request.is_pending,
        expires_at=request.expires_at,
    ).body()
    if earlier.pending_id is not None or _row_body(earlier, None) != body:
        return False
    with_memo = not is_memo_derived
    return _row_extras(earlier, with_memo=with_memo) == request.extras(with_memo=with_memo)


def ledger_write_begin() -> None:
    """Start a booking that may first open accounts: on SQLite, take the write lock now.

    `ledger_apply` nested in such a block retries a clash in a savepoint, which cannot undo
    a read lock SQLite failed to upgrade; writing first means there is none to upgrade (see
    `_sqlite_write_lock`). PostgreSQL needs nothing: `ledger_apply` locks the rows.
    """
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {_ACCOUNT_TABLE} SET updated_at = updated_at WHERE 0")  # noqa: S608


def _apply(requests: Sequence[Request], *, now: datetime) -> _Decided:
    # Ids as the ledger names them: canonical text.
    pending_of = {
        index: str(_uuid(r.pending_id))
        for index, r in enumerate(requests)
        if isinstance(r, ResolveRequest)
    }
    # Before locking, what cannot change: a pending transfer's accounts, amount and key...
    pending_rows = _pendings_read(set(pending_of.values()))
    # ...and the keys already used. A twin committed after this read still fails on the
    # unique key when this batch inserts; the batch is then run again and sees it.
    existing, seen = _existing_read([r.key for r in requests])
    for request in requests:
        earlier = existing.get(request.key)
        if (
            isinstance(request, TransferRequest)
            and earlier is not None
            and _row_extras(earlier) != request.extras()
        ):
            seen[request.key] = ("another body",)
    account_ids: set[str] = set()
    for row in pending_rows.values():
        account_ids.update((row.debit, row.credit))
    operations: list[ledger.Operation] = []
    rows: list[_Row | None] = []
    # The rows to insert, built ahead for every request; the ledger then picks which go in.
    written_at = timezone.now()
    with_elements = _is_postgresql()
    for index, request in enumerate(requests):
        if isinstance(request, ResolveRequest):
            pending = pending_rows.get(pending_of[index])
            operations.append(
                ledger.Resolve(
                    key=request.key,
                    pending_key=(
                        pending.key
                        if pending is not None
                        else f"{MISSING_PREFIX}{pending_of[index]}"
                    ),
                    is_post=request.is_post,
                    is_linked=request.is_linked,
                )
            )
            values = None if pending is None else _resolution_values(request, pending, now=now)
        else:
            debit_id, credit_id = _uuid(request.debit_id), _uuid(request.credit_id)
            debit, credit = str(debit_id), str(credit_id)
            account_ids.update((debit, credit))
            operations.append(
                ledger.Transfer(
                    key=request.key,
                    debit=debit,
                    credit=credit,
                    amount=request.amount,
                    is_pending=request.is_pending,
                    expires_at=request.expires_at,
                    is_linked=request.is_linked,
                )
            )
            values = _transfer_values(request, debit_id, credit_id, now=now)
        if values is None:
            rows.append(None)
            continue
        values = (written_at, *values)  # updated_at comes first in the model's order
        rows.append(_Row(values, tuple(map(_element, values)) if with_elements else None))
    # The same key may come twice in one batch with other bodies: match by the object.
    index_of = {id(operation): index for index, operation in enumerate(operations)}

    # From here to the commit the batch holds its accounts' locks: keep this part short.
    accounts, balances = _accounts_locked(account_ids)
    missing = account_ids - set(accounts)
    if missing:
        raise Account.DoesNotExist(f"no account {sorted(missing)}")
    before = dict(balances)
    states = _pending_states(pending_rows)
    expired = _expire_due(pending_rows.values(), states=states, balances=balances, now=now)
    pendings = {row.key: row.core(states[pk]) for pk, row in pending_rows.items()}
    _reversals_check(requests, existing=existing)
    result = ledger.apply_batch(
        operations,
        accounts=accounts,
        balances=balances,
        pendings=pendings,
        seen=seen,
        now=now,
    )
    inserted: dict[str, _Row] = {}
    moves = [(pk, _EXPIRED) for pk in expired]
    for operation in result.applied:
        index = index_of[id(operation)]
        request, new_row = requests[index], rows[index]
        assert new_row is not None  # a resolution of a missing pending transfer is refused
        inserted[request.key] = new_row
        if isinstance(request, ResolveRequest):
            moves.append((pending_of[index], _POSTED if request.is_post else _VOIDED))
    _store(
        inserted=list(inserted.values()),
        moves=moves,
        balances={pk: b for pk, b in result.balances.items() if b != before.get(pk)},
        now=now,
    )
    return _Decided(outcomes=result.outcomes, inserted=inserted, existing=existing)


def _transfer_values(
    request: TransferRequest, debit_id: UUID, credit_id: UUID, *, now: datetime
) -> tuple[Any, ...]:
    """A transfer's row from `id` on, in the model's order (`updated_at` goes first)."""
    return (
        uuid4(),
        request.key,
        str(request.kind),
        debit_id,
        credit_id,
        request.amount,
        request.is_pending,
        _OPEN if request.is_pending else "",
        request.expires_at,
        None,
        request.reverses_id,
        request.reason,
        request.memo,
        request.contact_id,
        request.listing_id,
        request.initiated_by_id,
        now,
    )


def _resolution_values(
    request: ResolveRequest, pending: _PendingRow, *, now: datetime
) -> tuple[Any, ...]:
    """A post's or void's row from `id` on, in the model's order; it copies the pending
    transfer's accounts, amount, memo and links."""
    return (
        uuid4(),
        request.key,
        Transfer.Kind.POST.value if request.is_post else Transfer.Kind.VOID.value,
        UUID(pending.debit),
        UUID(pending.credit),
        pending.amount,
        False,
        "",
        None,
        UUID(pending.pk),
        None,
        "",
        pending.memo,
        pending.contact_id,
        pending.listing_id,
        request.initiated_by_id,
        now,
    )


def _reversals_check(requests: Sequence[Request], *, existing: dict[str, Transfer]) -> None:
    """Recount what was already reversed under the lock, so two reversals cannot both fit."""
    for request in requests:
        if not isinstance(request, TransferRequest) or request.reverses_id is None:
            continue
        if request.key in existing:
            continue  # a retry: the ledger sees it as a duplicate
        original = Transfer.objects.get(pk=request.reverses_id)
        already = sum(Transfer.objects.filter(reverses=original).values_list("amount", flat=True))
        ledger.reversal(
            ledger.Transfer(
                key=original.key,
                debit=str(original.debit_id),
                credit=str(original.credit_id),
                amount=original.amount,
            ),
            key=request.key,
            amount=request.amount,
            already_reversed=already,
        )


def _expire_due(
    rows: Iterable[_PendingRow],
    *,
    states: dict[str, str],
    balances: dict[str, ledger.Balance],
    now: datetime,
) -> list[str]:
    """Release pending transfers whose time is up before the batch looks at them.

    Updates `states` and `balances` in place; returns the ids whose state is to be stored.
    """
    expired = []
    for row in rows:
        if states[row.pk] != _OPEN:
            continue
        released = ledger.expire(row.core(_OPEN), balances=balances, now=now)
        if released is None:
            continue
        _state, new_balances = released
        balances.update(new_balances)
        states[row.pk] = _EXPIRED
        expired.append(row.pk)
    return expired


def _store(
    *,
    inserted: list[_Row],
    moves: list[tuple[str, str]],
    balances: dict[str, ledger.Balance],
    now: datetime,
) -> None:
    """Write a batch: insert its transfers, move pending states once, store the balances."""
    sums = [
        (
            pk,
            balance.debits_posted,
            balance.credits_posted,
            balance.debits_pending,
            balance.credits_pending,
        )
        for pk, balance in balances.items()
    ]
    if not (inserted or moves or sums):
        return
    if _is_postgresql():
        moved = _store_postgresql(inserted, moves, sums, now=now)
    else:
        moved = _store_generic(inserted, moves, sums, now=now)
    if moved != len(moves):  # pragma: no cover - the account locks make this impossible
        raise IntegrityError("a pending transfer was resolved twice")


_STORE_SQL = """
    WITH inserted AS (
        INSERT INTO {transfer} ({columns})
        SELECT * FROM unnest({arrays})
        RETURNING 1
    ), moved AS (
        UPDATE {transfer} AS transfer
        SET pending_state = move.state, updated_at = %s
        FROM unnest(%s::uuid[], %s::text[]) AS move(id, state)
        WHERE transfer.id = move.id AND transfer.pending_state = '{open}'
        RETURNING 1
    ), stored AS (
        UPDATE {account} AS account
        SET debits_posted = sums.debits_posted, credits_posted = sums.credits_posted,
            debits_pending = sums.debits_pending, credits_pending = sums.credits_pending
        FROM unnest(%s::uuid[], %s::bigint[], %s::bigint[], %s::bigint[], %s::bigint[])
            AS sums(id, debits_posted, credits_posted, debits_pending, credits_pending)
        WHERE account.id = sums.id
        RETURNING 1
    )
    SELECT (SELECT count(*) FROM inserted), (SELECT count(*) FROM moved),
        (SELECT count(*) FROM stored)
"""


def _store_postgresql(
    inserted: list[_Row],
    moves: list[tuple[str, str]],
    sums: list[tuple[str, int, int, int, int]],
    *,
    now: datetime,
) -> int:
    """One statement, one round trip, one text parameter per column, whatever the batch size.

    `bulk_create` and an `executemany` of one-row updates cost more (building and adapting
    each value, a round trip per row) than the ledger's own work, and all of it would be
    time spent holding the accounts' locks, which the next batch is waiting for.
    """
    sql = _STORE_SQL.format(
        transfer=_TRANSFER_TABLE,
        account=_ACCOUNT_TABLE,
        open=_OPEN,
        columns=", ".join(connection.ops.quote_name(field.column) for field in _INSERTED_FIELDS),
        arrays=", ".join(f"%s::{field.db_type(connection)}[]" for field in _INSERTED_FIELDS),
    )
    elements = [row.elements for row in inserted]
    params: list[Any] = [
        _array(row[column] for row in elements)  # type: ignore[index]
        for column in range(len(_INSERTED_FIELDS))
    ]
    params.append(now)
    params.extend(_array(_element(move[column]) for move in moves) for column in range(2))
    params.extend(_array(_element(row[column]) for row in sums) for column in range(5))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        counts = cursor.fetchone()
    assert counts is not None
    if counts[0] != len(inserted) or counts[2] != len(sums):  # pragma: no cover
        raise IntegrityError("a transfer or a balance was not written")
    return int(counts[1])


def _store_generic(
    inserted: list[_Row],
    moves: list[tuple[str, str]],
    sums: list[tuple[str, int, int, int, int]],
    *,
    now: datetime,
) -> int:
    """The same writes as prepared statements (SQLite), values adapted by their fields."""
    transfer_id, account_id = Transfer._meta.pk, Account._meta.pk
    assert transfer_id is not None
    assert account_id is not None
    moved = 0
    with connection.cursor() as cursor:
        if inserted:
            columns = ", ".join(
                connection.ops.quote_name(field.column) for field in _INSERTED_FIELDS
            )
            marks = ", ".join(["%s"] * len(_INSERTED_FIELDS))
            cursor.executemany(
                f"INSERT INTO {_TRANSFER_TABLE} ({columns}) VALUES ({marks})",  # noqa: S608
                [
                    [
                        field.get_db_prep_save(value, connection)
                        for field, value in zip(_INSERTED_FIELDS, row.values, strict=True)
                    ]
                    for row in inserted
                ],
            )
        updated_at = Transfer._meta.get_field("updated_at").get_db_prep_save(now, connection)
        for pk, state in moves:
            cursor.execute(
                f"UPDATE {_TRANSFER_TABLE} SET pending_state = %s, updated_at = %s "  # noqa: S608
                f"WHERE id = %s AND pending_state = '{_OPEN}'",
                [state, updated_at, transfer_id.get_db_prep_save(UUID(pk), connection)],
            )
            moved += cursor.rowcount
        if sums:
            cursor.executemany(
                f"UPDATE {_ACCOUNT_TABLE} SET debits_posted = %s, credits_posted = %s, "  # noqa: S608
                "debits_pending = %s, credits_pending = %s WHERE id = %s",
                [
                    (*columns, account_id.get_db_prep_save(UUID(pk), connection))
                    for pk, *columns in sums
                ],
            )
    return moved


def ledger_expire(*, now: datetime, limit: int = 500) -> int:
    """Release the reservations of pending transfers whose time is up; return how many."""
    due = [
        str(pk)
        for pk in Transfer.objects.filter(is_pending=True, pending_state=_OPEN, expires_at__lte=now)
        .order_by("expires_at")
        .values_list("pk", flat=True)[:limit]
    ]
    if not due:
        return 0
    with transaction.atomic():
        rows = _pendings_read(due)
        _accounts, balances = _accounts_locked(
            {account for row in rows.values() for account in (row.debit, row.credit)}
        )
        before = dict(balances)
        states = _pending_states(rows)
        expired = _expire_due(rows.values(), states=states, balances=balances, now=now)
        _store(
            inserted=[],
            moves=[(pk, _EXPIRED) for pk in expired],
            balances={pk: b for pk, b in balances.items() if b != before[pk]},
            now=now,
        )
    return len(expired)
