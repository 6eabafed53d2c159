"""Random sequences of transfers through the database keep every guarantee of the ledger."""

from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from samenkracht.exchange.models import Transfer
from samenkracht.exchange.selectors import ledger_verify
from samenkracht.exchange.services import ResolveRequest, TransferRequest, ledger_apply
from samenkracht.exchange.tests.factories import account_for, hours, issue
from samenkracht.people.tests.factories import ResidentFactory

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)

operation = st.one_of(
    st.tuples(
        st.just("send"),
        st.integers(0, 3),
        st.integers(0, 3),
        st.integers(-5, 1500),
        st.booleans(),  # pending
        st.booleans(),  # linked to the next
        st.integers(0, 12),  # key: small range, so keys repeat
    ),
    st.tuples(st.just("resolve"), st.integers(0, 20), st.booleans(), st.integers(0, 12)),
    st.tuples(st.just("expire"), st.integers(1, 48)),
)


class LedgerPropertyTests(TestCase):
    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(st.lists(operation, min_size=1, max_size=6), min_size=1, max_size=6))
    def test_random_batches_keep_the_ledger_verified(self, batches):
        hours()
        accounts = [account_for(ResidentFactory()) for _ in range(4)]
        issue(accounts[0], 500, now=NOW)
        now = NOW
        for batch in batches:
            requests: list[TransferRequest | ResolveRequest] = []
            for item in batch:
                if item[0] == "send":
                    _kind, debit, credit, amount, is_pending, is_linked, key = item
                    if amount <= 0 or debit == credit:
                        continue  # the services refuse these before the ledger
                    requests.append(
                        TransferRequest(
                            key=f"t{key}",
                            kind=Transfer.Kind.FREE,
                            debit_id=accounts[debit].pk,
                            credit_id=accounts[credit].pk,
                            amount=amount,
                            is_pending=is_pending,
                            expires_at=NOW + timedelta(hours=24) if is_pending else None,
                            is_linked=is_linked,
                        )
                    )
                elif item[0] == "resolve":
                    _kind, index, is_post, key = item
                    pendings = list(Transfer.objects.filter(is_pending=True).order_by("key"))
                    if pendings:
                        requests.append(
                            ResolveRequest(
                                key=f"r{key}",
                                pending_id=pendings[index % len(pendings)].pk,
                                is_post=is_post,
                            )
                        )
                else:
                    now = NOW + timedelta(hours=item[1])
            if requests:
                outcomes = ledger_apply(requests=requests, now=now)
                assert len(outcomes) == len(requests)
            assert ledger_verify() == []
        keys = list(Transfer.objects.values_list("key", flat=True))
        assert len(keys) == len(set(keys))
