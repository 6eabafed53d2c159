"""The database side of the ledger: batches, idempotency, pending, expiry, immutability."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import DatabaseError, connection, transaction

from samenkracht.core.ledger import Refusal
from samenkracht.exchange.models import Account, ImmutableError, Transfer
from samenkracht.exchange.selectors import ledger_verify
from samenkracht.exchange.services import (
    ResolveRequest,
    TransferRequest,
    ledger_apply,
    ledger_expire,
)
from samenkracht.exchange.tests.factories import account_for, balance, hours, issue
from samenkracht.people.tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def _pair() -> tuple[Account, Account]:
    return account_for(ResidentFactory()), account_for(ResidentFactory())


def _send(key, debit, credit, amount, **kwargs):
    return TransferRequest(
        key=key,
        kind=Transfer.Kind.FREE,
        debit_id=debit.pk,
        credit_id=credit.pk,
        amount=amount,
        **kwargs,
    )


def test_a_transfer_moves_units_and_keeps_the_ledger_exact():
    # given
    ann, bas = _pair()
    # when
    (outcome,) = ledger_apply(requests=[_send("k1", ann, bas, 150)], now=NOW)
    # then
    assert (outcome.refusal, outcome.is_duplicate) == (None, False)
    assert outcome.transfer is not None
    assert (balance(ann), balance(bas)) == (-150, 150)
    assert Transfer.objects.get().created_at == NOW
    assert ledger_verify() == []


def test_a_retry_with_the_same_key_is_applied_once_and_returns_the_first_transfer():
    # given
    ann, bas = _pair()
    (first,) = ledger_apply(requests=[_send("k1", ann, bas, 150)], now=NOW)
    # when
    (again,) = ledger_apply(requests=[_send("k1", ann, bas, 150)], now=NOW)
    # then
    assert again.is_duplicate is True
    assert again.transfer is not None
    assert first.transfer is not None
    assert again.transfer.pk == first.transfer.pk
    assert Transfer.objects.count() == 1
    assert balance(bas) == 150


def test_the_same_key_for_another_body_is_refused_and_changes_nothing():
    # given
    ann, bas = _pair()
    ledger_apply(requests=[_send("k1", ann, bas, 150)], now=NOW)
    # when
    (outcome,) = ledger_apply(requests=[_send("k1", ann, bas, 175)], now=NOW)
    (memo_changed,) = ledger_apply(requests=[_send("k1", ann, bas, 150, memo="x")], now=NOW)
    # then
    assert outcome.refusal is Refusal.KEY_REUSED_WITH_OTHER_BODY
    assert memo_changed.refusal is Refusal.KEY_REUSED_WITH_OTHER_BODY
    assert Transfer.objects.count() == 1
    assert balance(bas) == 150


def test_the_floor_is_enforced_in_the_database():
    # given: hours may go 10 hours (1000) below zero
    ann, bas = _pair()
    # when
    (allowed,) = ledger_apply(requests=[_send("a", ann, bas, 1000)], now=NOW)
    (refused,) = ledger_apply(requests=[_send("b", ann, bas, 1)], now=NOW)
    # then
    assert (allowed.refusal, refused.refusal) == (None, Refusal.EXCEEDS_FLOOR)
    assert (balance(ann), Transfer.objects.count()) == (-1000, 1)


def test_a_linked_chain_fails_as_a_whole():
    # given
    ann, bas = _pair()
    cor = account_for(ResidentFactory())
    # when: the second leg breaks the floor
    outcomes = ledger_apply(
        requests=[_send("a", ann, bas, 600, is_linked=True), _send("b", ann, cor, 600)], now=NOW
    )
    # then
    assert [o.refusal for o in outcomes] == [Refusal.LINKED_OPERATION_FAILED, Refusal.EXCEEDS_FLOOR]
    assert Transfer.objects.exists() is False
    assert (balance(ann), balance(bas), balance(cor)) == (0, 0, 0)


def test_a_pending_transfer_reserves_then_is_posted_once():
    # given
    ann, bas = _pair()
    (pending,) = ledger_apply(requests=[_send("p", ann, bas, 800, is_pending=True)], now=NOW)
    assert pending.transfer is not None
    # when: a second pending transfer would break the floor together with the first
    (second,) = ledger_apply(requests=[_send("q", ann, bas, 300, is_pending=True)], now=NOW)
    (post,) = ledger_apply(
        requests=[ResolveRequest(key="post", pending_id=_pk(pending), is_post=True)], now=NOW
    )
    (void_after,) = ledger_apply(
        requests=[ResolveRequest(key="void", pending_id=_pk(pending), is_post=False)],
        now=NOW,
    )
    # then
    assert second.refusal is Refusal.EXCEEDS_FLOOR
    assert post.refusal is None
    assert void_after.refusal is Refusal.PENDING_ALREADY_POSTED
    ann.refresh_from_db()
    assert (ann.debits_posted, ann.debits_pending, balance(bas)) == (800, 0, 800)
    assert Transfer.objects.get(pk=_pk(pending)).pending_state == "posted"
    assert ledger_verify() == []


def test_a_declined_pending_transfer_gives_the_reservation_back():
    # given
    ann, bas = _pair()
    (pending,) = ledger_apply(requests=[_send("p", ann, bas, 800, is_pending=True)], now=NOW)
    # when
    (void,) = ledger_apply(
        requests=[ResolveRequest(key="void", pending_id=_pk(pending), is_post=False)],
        now=NOW,
    )
    # then
    assert void.refusal is None
    ann.refresh_from_db()
    assert (ann.debits_pending, ann.debits_posted, balance(bas)) == (0, 0, 0)
    assert ledger_verify() == []


def test_expiry_releases_the_reservation_and_a_late_confirmation_is_refused():
    # given
    ann, bas = _pair()
    (pending,) = ledger_apply(
        requests=[_send("p", ann, bas, 800, is_pending=True, expires_at=NOW + timedelta(days=1))],
        now=NOW,
    )
    # when
    released = ledger_expire(now=NOW + timedelta(days=2))
    (late,) = ledger_apply(
        requests=[ResolveRequest(key="post", pending_id=_pk(pending), is_post=True)],
        now=NOW + timedelta(days=2),
    )
    # then
    assert released == 1
    assert late.refusal is Refusal.PENDING_EXPIRED
    ann.refresh_from_db()
    assert (ann.debits_pending, Transfer.objects.get(pk=_pk(pending)).pending_state) == (
        0,
        "expired",
    )
    assert ledger_verify() == []


def test_a_confirmation_after_expiry_releases_it_even_before_the_task_runs():
    # given
    ann, bas = _pair()
    (pending,) = ledger_apply(
        requests=[_send("p", ann, bas, 800, is_pending=True, expires_at=NOW + timedelta(hours=1))],
        now=NOW,
    )
    # when
    (late,) = ledger_apply(
        requests=[ResolveRequest(key="post", pending_id=_pk(pending), is_post=True)],
        now=NOW + timedelta(hours=2),
    )
    # then
    assert late.refusal is Refusal.PENDING_EXPIRED
    ann.refresh_from_db()
    assert ann.debits_pending == 0
    assert ledger_verify() == []


def test_transfers_cannot_be_changed_or_deleted_through_the_orm():
    # given
    _ann, bas = _pair()
    transfer = issue(bas, 100)
    # when / then
    transfer.amount = 5
    with pytest.raises(ImmutableError):
        transfer.save()
    with pytest.raises(ImmutableError):
        transfer.delete()
    with pytest.raises(ImmutableError):
        Transfer.objects.all().delete()
    with pytest.raises(ImmutableError):
        Transfer.objects.update(amount=5)
    assert Transfer.objects.get().amount == 100


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE exchange_transfer SET amount = 5",
        "UPDATE exchange_transfer SET credit_id = debit_id",
        "UPDATE exchange_transfer SET memo = 'anders'",
        "UPDATE exchange_transfer SET contact_id = 1",
    ],
)
def test_the_database_refuses_to_change_a_transfer(statement):
    # given
    bas = account_for(ResidentFactory())
    issue(bas, 100)
    # when / then
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert Transfer.objects.get().amount == 100


def test_the_database_refuses_to_delete_a_transfer_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite guards updates only: its test flush deletes rows (see migration 0002)")
    # given
    bas = account_for(ResidentFactory())
    issue(bas, 100)
    # when / then
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM exchange_transfer")
    assert Transfer.objects.count() == 1


def test_the_database_lets_a_pending_state_move_only_from_open():
    # given
    ann, bas = _pair()
    ledger_apply(requests=[_send("p", ann, bas, 100, is_pending=True)], now=NOW)
    Transfer.objects.update(pending_state="voided")
    # when / then
    with pytest.raises(DatabaseError), transaction.atomic():
        Transfer.objects.update(pending_state="open")
    assert Transfer.objects.get().pending_state == "voided"


def test_verify_finds_a_balance_that_does_not_match_its_transfers():
    # given
    hours()
    bas = account_for(ResidentFactory())
    issue(bas, 100)
    # when
    Account.objects.filter(pk=bas.pk).update(credits_posted=150)
    # then
    violations = ledger_verify()
    assert any("credits_posted is 150, its transfers add up to 100" in v for v in violations)
    assert any("sum is not zero" in v for v in violations)


def test_the_same_key_twice_in_one_batch_books_the_first_and_refuses_the_other():
    # given
    ann, bas = _pair()
    # when
    outcomes = ledger_apply(requests=[_send("k", ann, bas, 1), _send("k", ann, bas, 2)], now=NOW)
    # then
    assert [o.refusal for o in outcomes] == [None, Refusal.KEY_REUSED_WITH_OTHER_BODY]
    assert (Transfer.objects.get().amount, balance(bas)) == (1, 1)
    assert ledger_verify() == []


def _pk(outcome):
    assert outcome.transfer is not None
    return outcome.transfer.pk


def test_text_with_quotes_braces_commas_and_backslashes_is_stored_as_written():
    # given: PostgreSQL receives each column as one array literal, which these would break
    ann, bas = _pair()
    key = 'k,{"1"}\\'
    memo = 'Bedankt, "buur" {tuin} \\ NULL'
    # when
    (outcome,) = ledger_apply(requests=[_send(key, ann, bas, 150, memo=memo)], now=NOW)
    (again,) = ledger_apply(requests=[_send(key, ann, bas, 150, memo=memo)], now=NOW)
    # then
    assert (outcome.refusal, again.is_duplicate) == (None, True)
    stored = Transfer.objects.get()
    assert (stored.key, stored.memo, stored.expires_at) == (key, memo, None)
    assert ledger_verify() == []
