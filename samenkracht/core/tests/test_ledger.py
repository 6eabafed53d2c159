"""Ledger rules: double entry, zero sum, enforced limits, idempotency, linked chains."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samenkracht.core.ledger import (
    Account,
    Balance,
    LedgerError,
    Limits,
    Pending,
    PendingState,
    Refusal,
    Resolve,
    Transfer,
    apply_batch,
    expire,
    format_amount,
    parse_amount,
    reversal,
)

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
SYSTEM = "system"
PEOPLE = ["ann", "bas", "cor", "dex"]


def _accounts(floor: int = 500, ceiling: int | None = 2000) -> dict[str, Account]:
    accounts = {name: Account(name, "hours", Limits(floor, ceiling)) for name in PEOPLE}
    accounts[SYSTEM] = Account(SYSTEM, "hours", Limits(None, None))
    accounts["euro"] = Account("euro", "euro", Limits(0, None))
    return accounts


def _apply(operations, balances=None, pendings=None, seen=None, now=NOW, accounts=None):
    accounts = accounts or _accounts()
    return apply_batch(
        operations,
        accounts=accounts,
        balances=balances or {name: Balance() for name in accounts},
        pendings=pendings or {},
        seen=seen or {},
        now=now,
    )


# --- amounts ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "scale", "units"),
    [("1", 2, 100), ("1,5", 2, 150), ("0.25", 2, 25), (" 3.10 ", 2, 310), ("7", 0, 7)],
)
def test_amounts_are_read_into_smallest_units(text, scale, units):
    assert parse_amount(text, scale=scale) == units


@pytest.mark.parametrize(
    ("text", "scale", "refusal"),
    [
        ("", 2, Refusal.AMOUNT_NOT_A_NUMBER),
        ("een uur", 2, Refusal.AMOUNT_NOT_A_NUMBER),
        ("1e3", 2, Refusal.AMOUNT_NOT_A_NUMBER),
        ("0", 2, Refusal.AMOUNT_NOT_POSITIVE),
        ("-1", 2, Refusal.AMOUNT_NOT_POSITIVE),
        ("0,00", 2, Refusal.AMOUNT_NOT_POSITIVE),
        ("1.255", 2, Refusal.AMOUNT_TOO_PRECISE),
        ("1.5", 0, Refusal.AMOUNT_TOO_PRECISE),
        ("99999999999999999", 2, Refusal.AMOUNT_TOO_LARGE),
        ("9" * 5000, 2, Refusal.AMOUNT_TOO_LARGE),
    ],
)
def test_bad_amounts_are_refused_with_their_reason(text, scale, refusal):
    with pytest.raises(LedgerError) as error:
        parse_amount(text, scale=scale)
    assert error.value.refusal is refusal


@given(st.integers(min_value=1, max_value=10**12), st.integers(min_value=0, max_value=4))
def test_formatting_and_reading_an_amount_give_it_back(units, scale):
    assert parse_amount(format_amount(units, scale=scale), scale=scale) == units


# --- single transfers ------------------------------------------------------------------------


def test_a_transfer_moves_hours_from_debit_to_credit():
    result = _apply([Transfer("t1", SYSTEM, "ann", 300), Transfer("t2", "ann", "bas", 100)])
    assert [o.refusal for o in result.outcomes] == [None, None]
    assert result.balances["ann"].posted == 200
    assert result.balances["bas"].posted == 100
    assert result.balances[SYSTEM].posted == -300


@pytest.mark.parametrize(
    ("transfer", "refusal"),
    [
        (Transfer("t", "ann", "ann", 100), Refusal.SAME_ACCOUNT),
        (Transfer("t", "ann", "euro", 100), Refusal.CURRENCY_MISMATCH),
        (Transfer("t", "ann", "bas", 0), Refusal.AMOUNT_NOT_POSITIVE),
        (Transfer("t", "ann", "bas", -5), Refusal.AMOUNT_NOT_POSITIVE),
        (Transfer("t", "ann", "bas", 501), Refusal.EXCEEDS_FLOOR),
        (Transfer("t", SYSTEM, "bas", 2001), Refusal.EXCEEDS_CEILING),
    ],
)
def test_a_bad_transfer_is_refused_and_changes_nothing(transfer, refusal):
    result = _apply([transfer])
    assert result.outcomes[0].refusal is refusal
    assert all(balance == Balance() for balance in result.balances.values())
    assert result.applied == []


def test_a_closed_account_takes_nothing():
    accounts = _accounts()
    accounts["bas"] = Account("bas", "hours", Limits(500, 2000), is_closed=True)
    result = _apply([Transfer("t", "ann", "bas", 100)], accounts=accounts)
    assert result.outcomes[0].refusal is Refusal.ACCOUNT_CLOSED


def test_going_down_to_the_floor_is_allowed_and_one_unit_more_is_not():
    result = _apply([Transfer("t1", "ann", "bas", 500), Transfer("t2", "ann", "bas", 1)])
    assert [o.refusal for o in result.outcomes] == [None, Refusal.EXCEEDS_FLOOR]
    assert result.balances["ann"].posted == -500


# --- idempotency -----------------------------------------------------------------------------


def test_a_retried_transfer_is_applied_once():
    first = _apply([Transfer("t1", "ann", "bas", 100)])
    seen = {op.key: op.body() for op in first.applied}
    again = _apply([Transfer("t1", "ann", "bas", 100)], balances=first.balances, seen=seen)
    assert again.outcomes[0].is_duplicate is True
    assert again.balances == first.balances
    assert again.applied == []


def test_a_key_reused_with_another_body_is_refused():
    first = _apply([Transfer("t1", "ann", "bas", 100)])
    seen = {op.key: op.body() for op in first.applied}
    again = _apply([Transfer("t1", "ann", "bas", 200)], balances=first.balances, seen=seen)
    assert again.outcomes[0].refusal is Refusal.KEY_REUSED_WITH_OTHER_BODY
    assert again.balances == first.balances


# --- pending transfers -----------------------------------------------------------------------


def test_pending_transfers_reserve_so_two_cannot_break_the_floor_together():
    result = _apply(
        [Transfer("p1", "ann", "bas", 300, is_pending=True), Transfer("p2", "ann", "cor", 300)]
    )
    assert [o.refusal for o in result.outcomes] == [None, Refusal.EXCEEDS_FLOOR]
    assert result.balances["ann"].posted == 0
    assert result.balances["ann"].lowest == -300


def test_a_pending_transfer_is_posted_once():
    made = _apply([Transfer("p1", "ann", "bas", 300, is_pending=True)])
    seen = {op.key: op.body() for op in made.applied}
    posted = _apply(
        [Resolve("r1", "p1", is_post=True), Resolve("r2", "p1", is_post=False)],
        balances=made.balances,
        pendings=made.pendings,
        seen=seen,
    )
    assert [o.refusal for o in posted.outcomes] == [None, Refusal.PENDING_ALREADY_POSTED]
    assert posted.balances["bas"] == Balance(credits_posted=300)
    assert posted.balances["ann"] == Balance(debits_posted=300)
    assert posted.pendings["p1"].state is PendingState.POSTED


def test_a_voided_pending_transfer_gives_the_reservation_back():
    made = _apply([Transfer("p1", "ann", "bas", 300, is_pending=True)])
    voided = _apply(
        [Resolve("r1", "p1", is_post=False), Resolve("r2", "p1", is_post=True)],
        balances=made.balances,
        pendings=made.pendings,
    )
    assert [o.refusal for o in voided.outcomes] == [None, Refusal.PENDING_ALREADY_VOIDED]
    assert voided.balances["ann"] == Balance()


def test_an_expired_pending_transfer_cannot_be_posted_and_expiry_releases_it():
    made = _apply([Transfer("p1", "ann", "bas", 300, is_pending=True, expires_at=NOW)])
    later = NOW + timedelta(seconds=1)
    posted = _apply(
        [Resolve("r1", "p1", is_post=True)],
        balances=made.balances,
        pendings=made.pendings,
        now=later,
    )
    assert posted.outcomes[0].refusal is Refusal.PENDING_EXPIRED
    expired = expire(made.pendings["p1"], balances=made.balances, now=later)
    assert expired is not None
    pending, balances = expired
    assert pending.state is PendingState.EXPIRED
    assert balances["ann"] == Balance()
    assert balances["bas"] == Balance()
    assert expire(made.pendings["p1"], balances=made.balances, now=NOW - timedelta(1)) is None


def test_resolving_an_unknown_pending_transfer_is_refused():
    result = _apply([Resolve("r1", "nope", is_post=True)])
    assert result.outcomes[0].refusal is Refusal.PENDING_NOT_FOUND


# --- linked chains ---------------------------------------------------------------------------


def test_a_linked_chain_fails_as_a_whole():
    result = _apply(
        [
            Transfer("a", SYSTEM, "ann", 100, is_linked=True),
            Transfer("b", "bas", "cor", 600),  # breaks bas's floor
            Transfer("c", SYSTEM, "dex", 100),
        ]
    )
    assert [o.refusal for o in result.outcomes] == [
        Refusal.LINKED_OPERATION_FAILED,
        Refusal.EXCEEDS_FLOOR,
        None,
    ]
    assert result.balances["ann"] == Balance()
    assert result.balances["dex"].posted == 100
    assert [op.key for op in result.applied] == ["c"]


# --- reversals -------------------------------------------------------------------------------


def test_a_reversal_books_the_amount_back_and_never_more_than_the_original():
    original = Transfer("t1", "ann", "bas", 300)
    back = reversal(original, key="r1", amount=100)
    assert (back.debit, back.credit, back.amount) == ("bas", "ann", 100)
    assert reversal(original, key="r2", already_reversed=100).amount == 200
    with pytest.raises(LedgerError) as error:
        reversal(original, key="r3", amount=201, already_reversed=100)
    assert error.value.refusal is Refusal.REVERSAL_EXCEEDS_ORIGINAL


# --- properties ------------------------------------------------------------------------------

names = st.sampled_from([*PEOPLE, SYSTEM])
transfers = st.builds(
    Transfer,
    key=st.sampled_from([f"k{i}" for i in range(12)]),
    debit=names,
    credit=names,
    amount=st.integers(min_value=-10, max_value=900),
    is_pending=st.booleans(),
    is_linked=st.booleans(),
)
resolves = st.builds(
    Resolve,
    key=st.sampled_from([f"r{i}" for i in range(6)]),
    pending_key=st.sampled_from([f"k{i}" for i in range(12)]),
    is_post=st.booleans(),
    is_linked=st.booleans(),
)
batches = st.lists(st.lists(st.one_of(transfers, transfers, resolves), max_size=8), max_size=5)


def _run(all_batches):
    accounts = _accounts()
    balances = {name: Balance() for name in accounts}
    pendings: dict[str, Pending] = {}
    seen: dict[str, tuple[object, ...]] = {}
    results = []
    for batch in all_batches:
        result = apply_batch(
            batch, accounts=accounts, balances=balances, pendings=pendings, seen=seen, now=NOW
        )
        balances, pendings = result.balances, result.pendings
        seen = {**seen, **{op.key: op.body() for op in result.applied}}
        results.append((batch, result))
    return accounts, balances, pendings, seen, results


@settings(max_examples=300)
@given(batches)
def test_every_batch_keeps_the_sum_zero_and_every_balance_within_its_limits(all_batches):
    accounts, balances, pendings, _seen, _results = _run(all_batches)
    assert sum(b.posted for b in balances.values()) == 0
    assert sum(b.debits_pending for b in balances.values()) == sum(
        b.credits_pending for b in balances.values()
    )
    for name, balance in balances.items():
        limits = accounts[name].limits
        if limits.floor is not None:
            assert balance.lowest >= -limits.floor
        if limits.ceiling is not None:
            assert balance.highest <= limits.ceiling
    # Balances equal the sum of what was applied (the "entries").
    open_reserved = sum(p.transfer.amount for p in pendings.values() if p.state == "open")
    assert open_reserved == sum(b.debits_pending for b in balances.values())


@settings(max_examples=300)
@given(batches)
def test_each_key_is_applied_at_most_once_and_chains_are_all_or_nothing(all_batches):
    *_rest, results = _run(all_batches)
    applied_keys = [op.key for _batch, result in results for op in result.applied]
    assert len(applied_keys) == len(set(applied_keys))
    for batch, result in results:
        chain: list[tuple[object, bool]] = []
        for operation, outcome in zip(batch, result.outcomes, strict=True):
            chain.append((operation, outcome.refusal is None))
            if not operation.is_linked:
                assert len({ok for _op, ok in chain}) == 1
                chain = []


@settings(max_examples=200)
@given(batches)
def test_replaying_every_batch_changes_nothing(all_batches):
    accounts, balances, pendings, seen, _results = _run(all_batches)
    for batch in all_batches:
        again = apply_batch(
            [op for op in batch if op.key in seen and seen[op.key] == op.body()],
            accounts=accounts,
            balances=balances,
            pendings=pendings,
            seen=seen,
            now=NOW,
        )
        assert all(outcome.is_duplicate for outcome in again.outcomes)
        assert again.balances == balances
