"""Concurrent clients cannot race past a limit or apply a key twice (PostgreSQL only)."""

import threading
from datetime import UTC, datetime

import pytest
from django.db import connection, connections

from samenkracht.core.ledger import Refusal
from samenkracht.exchange.models import Account, Transfer
from samenkracht.exchange.selectors import ledger_verify
from samenkracht.exchange.services import ResolveRequest, TransferRequest, ledger_apply
from samenkracht.exchange.tests.factories import account_for, hours
from samenkracht.people.tests.factories import ResidentFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks under real concurrency need PostgreSQL; SQLite serialises all writes "
        "(run with DATABASE_URL=postgres://…)",
    ),
]

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
THREADS = 8


def _in_threads(work) -> list:
    results: list = [None] * THREADS
    barrier = threading.Barrier(THREADS)

    def run(index: int) -> None:
        try:
            barrier.wait()
            results[index] = work(index)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_eight_clients_overspending_one_account_never_pass_its_floor():
    # given: the floor is 1000 (ten hours); each client tries to send 300 three times
    hours()
    payer = account_for(ResidentFactory())
    payees = [account_for(ResidentFactory()) for _ in range(THREADS)]

    def work(index: int) -> list:
        return [
            ledger_apply(
                requests=[
                    TransferRequest(
                        key=f"c{index}-{round_}",
                        kind=Transfer.Kind.FREE,
                        debit_id=payer.pk,
                        credit_id=payees[index].pk,
                        amount=300,
                    )
                ],
                now=NOW,
            )[0].refusal
            for round_ in range(3)
        ]

    # when
    refusals = [r for rs in _in_threads(work) for r in rs]
    # then
    payer.refresh_from_db()
    assert refusals.count(None) == 3
    assert set(refusals) == {None, Refusal.EXCEEDS_FLOOR}
    assert payer.balance == -900
    assert ledger_verify() == []


def test_eight_clients_retrying_the_same_key_apply_it_once():
    # given
    hours()
    payer, payee = account_for(ResidentFactory()), account_for(ResidentFactory())

    def work(index: int):
        (outcome,) = ledger_apply(
            requests=[
                TransferRequest(
                    key="same",
                    kind=Transfer.Kind.FREE,
                    debit_id=payer.pk,
                    credit_id=payee.pk,
                    amount=100,
                )
            ],
            now=NOW,
        )
        return _pk(outcome)

    # when
    ids = _in_threads(work)
    # then
    assert len(set(ids)) == 1
    assert Transfer.objects.count() == 1
    assert Account.objects.get(pk=payee.pk).balance == 100


def test_conflicting_resolutions_resolve_a_pending_transfer_once():
    # given
    hours()
    payer, payee = account_for(ResidentFactory()), account_for(ResidentFactory())
    (pending,) = ledger_apply(
        requests=[
            TransferRequest(
                key="p",
                kind=Transfer.Kind.FREE,
                debit_id=payer.pk,
                credit_id=payee.pk,
                amount=100,
                is_pending=True,
            )
        ],
        now=NOW,
    )

    def work(index: int):
        (outcome,) = ledger_apply(
            requests=[
                ResolveRequest(key=f"r{index}", pending_id=_pk(pending), is_post=index % 2 == 0)
            ],
            now=NOW,
        )
        return outcome.refusal

    # when
    refusals = _in_threads(work)
    # then
    assert refusals.count(None) == 1
    assert Transfer.objects.filter(pending=pending.transfer).count() == 1
    assert ledger_verify() == []


def _pk(outcome):
    assert outcome.transfer is not None
    return outcome.transfer.pk
