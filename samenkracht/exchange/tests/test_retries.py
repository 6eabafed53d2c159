"""A retried request gets its first answer whatever changed since; another request under the
same key is a conflict. The key is looked up before anything that may have changed."""

from datetime import UTC, datetime, timedelta

import pytest

from samenkracht.common.errors import ApplicationError
from samenkracht.exchange import services
from samenkracht.exchange.models import Account, AuditEvent, Transfer
from samenkracht.exchange.tests.factories import account_for, balance, hours, issue, system
from samenkracht.matching.models import Notification
from samenkracht.matching.tests.factories import ContactFactory
from samenkracht.people import services as people_services
from samenkracht.people.tests.factories import AdminFactory, ProfessionalFactory, ResidentFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def _rows() -> tuple[int, int, int, int]:
    return (
        Account.objects.count(),
        Transfer.objects.count(),
        AuditEvent.objects.count(),
        Notification.objects.count(),
    )


def test_a_retry_after_the_balance_changed_returns_the_first_transfer():
    # given: Ann sent 6 hours, then 4 more: she is at her floor of -10
    hours()
    ann, bas = ResidentFactory(), ResidentFactory()
    first = services.transfer_send(
        sender=ann, to_person=bas, currency=hours(), amount="6", key="a", now=NOW
    )
    services.transfer_send(
        sender=ann, to_person=bas, currency=hours(), amount="4", key="b", now=NOW
    )
    before = _rows()
    # when: the first request comes again, which on its own would now break the floor
    again = services.transfer_send(
        sender=ann, to_person=bas, currency=hours(), amount="6", key="a", now=NOW
    )
    # then
    assert (again.transfer.pk, again.is_replay) == (first.transfer.pk, True)
    assert _rows() == before
    assert balance(account_for(ann)) == -1000


def test_a_retry_after_the_expiry_passed_returns_the_first_pending_transfer():
    # given
    ann, bas = ResidentFactory(), ResidentFactory()
    expires_at = NOW + timedelta(days=1)
    first = services.transfer_send(
        sender=ann,
        to_person=bas,
        currency=hours(),
        amount="2",
        key="p",
        is_pending=True,
        expires_at=expires_at,
        now=NOW,
    )
    later = NOW + timedelta(days=2)
    before = _rows()
    # when
    again = services.transfer_send(
        sender=ann,
        to_person=bas,
        currency=hours(),
        amount="2",
        key="p",
        is_pending=True,
        expires_at=expires_at,
        now=later,
    )
    # then
    assert (again.transfer.pk, again.is_replay) == (first.transfer.pk, True)
    assert _rows() == before
    # and another request under that key is a conflict, not "choose a moment in the future"
    with pytest.raises(services.KeyReusedError):
        services.transfer_send(
            sender=ann,
            to_person=bas,
            currency=hours(),
            amount="3",
            key="p",
            is_pending=True,
            expires_at=expires_at,
            now=later,
        )
    assert _rows() == before


def test_a_retry_after_the_receiver_left_returns_the_first_transfer():
    # given
    ann, bas = ResidentFactory(), ResidentFactory()
    first = services.transfer_send(
        sender=ann, to_person=bas, currency=hours(), amount="1", key="k", now=NOW
    )
    people_services.user_delete(user=bas)
    before = _rows()
    # when
    again = services.transfer_send(
        sender=ann, to_person=bas, currency=hours(), amount="1", key="k", now=NOW
    )
    # then
    assert (again.transfer.pk, again.is_replay) == (first.transfer.pk, True)
    assert _rows() == before
    # while a new transfer to the closed account is refused
    with pytest.raises(ApplicationError, match="Deze rekening is gesloten"):
        services.transfer_send(
            sender=ann, to_person=bas, currency=hours(), amount="1", key="new", now=NOW
        )
    assert _rows() == before


def test_a_retry_from_a_closed_account_returns_the_first_transfer():
    # given
    ann, bas = ResidentFactory(), ResidentFactory()
    first = services.transfer_send(
        sender=ann, to_person=bas, currency=hours(), amount="1", key="k", now=NOW
    )
    services.account_close(account=account_for(ann), actor=None)
    before = _rows()
    # when
    again = services.transfer_send(
        sender=ann, from_account=account_for(ann), to_person=bas, amount="1", key="k", now=NOW
    )
    # then
    assert (again.transfer.pk, again.is_replay) == (first.transfer.pk, True)
    assert _rows() == before


def test_a_thanks_retried_after_the_offer_was_renamed_returns_the_first_transfer():
    # given
    hours()
    contact = ContactFactory(accepted=True)
    ann = contact.ask.owner
    first = services.thanks_send(sender=ann, contact=contact, amount="1", key="t", now=NOW)
    contact.offer.title = "Een nieuwe titel"
    contact.offer.save(update_fields=["title"])
    before = _rows()
    # when
    again = services.thanks_send(sender=ann, contact=contact, amount="1", key="t", now=NOW)
    # then
    assert (again.transfer.pk, again.is_replay) == (first.transfer.pk, True)
    assert _rows() == before
    with pytest.raises(services.KeyReusedError):
        services.thanks_send(sender=ann, contact=contact, amount="2", key="t", now=NOW)
    assert _rows() == before


def test_a_full_reversal_retried_returns_the_first_reversal_though_nothing_is_left():
    # given
    admin = AdminFactory()
    ann, bas = ResidentFactory(), ResidentFactory()
    original = services.transfer_send(
        sender=ann, to_person=bas, currency=hours(), amount="2", key="k", now=NOW
    ).transfer
    first = services.transfer_reverse(
        admin=admin, transfer=original, reason="Dubbel", key="r", now=NOW
    )
    before = _rows()
    # when
    again = services.transfer_reverse(
        admin=admin, transfer=original, reason="Dubbel", key="r", now=NOW
    )
    again_with_amount = services.transfer_reverse(
        admin=admin, transfer=original, reason="Dubbel", key="r", amount="2", now=NOW
    )
    # then
    assert (again.transfer.pk, again.is_replay) == (first.transfer.pk, True)
    assert again_with_amount.transfer.pk == first.transfer.pk
    assert _rows() == before
    with pytest.raises(services.KeyReusedError):
        services.transfer_reverse(
            admin=admin, transfer=original, reason="Dubbel", key="r", amount="1", now=NOW
        )
    with pytest.raises(ApplicationError, match="niet meer terugboeken"):
        services.transfer_reverse(
            admin=admin, transfer=original, reason="Dubbel", key="r2", now=NOW
        )
    assert _rows() == before


def test_a_grant_retried_after_the_recipient_left_returns_the_first_grant():
    # given
    currency = hours()
    issue(system(currency, Account.Kind.POOL), 1000)
    resident = ResidentFactory()
    professional = ProfessionalFactory(work_neighbourhoods=[resident.neighbourhood])
    first = services.pool_grant(
        giver=professional, recipient=resident, currency=currency, amount="2", key="g", now=NOW
    )
    people_services.user_delete(user=resident)
    before = _rows()
    # when
    again = services.pool_grant(
        giver=professional, recipient=resident, currency=currency, amount="2", key="g", now=NOW
    )
    # then
    assert (again.transfer.pk, again.is_replay) == (first.transfer.pk, True)
    assert _rows() == before


def test_a_fund_retried_returns_the_first_and_writes_one_audit_row():
    # given
    currency = hours()
    official = AdminFactory()
    first = services.pool_fund(funder=official, currency=currency, amount="5", key="f", now=NOW)
    # when
    again = services.pool_fund(funder=official, currency=currency, amount="5", key="f", now=NOW)
    # then
    assert (again.transfer.pk, again.is_replay) == (first.transfer.pk, True)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ISSUANCE).count() == 1
    with pytest.raises(services.KeyReusedError):
        services.pool_fund(funder=official, currency=currency, amount="6", key="f", now=NOW)


def test_a_key_used_for_a_transfer_to_someone_else_is_a_conflict_even_before_their_account():
    # given: the key went to Bas; Cor has no account yet
    ann, bas, cor = ResidentFactory(), ResidentFactory(), ResidentFactory()
    services.transfer_send(
        sender=ann, to_person=bas, currency=hours(), amount="1", key="k", now=NOW
    )
    before = _rows()
    # when / then
    with pytest.raises(services.KeyReusedError) as conflict:
        services.transfer_send(
            sender=ann, to_person=cor, currency=hours(), amount="1", key="k", now=NOW
        )
    assert conflict.value.extra == {
        "errors": {"key": ["Deze sleutel is al gebruikt voor een andere overboeking."]}
    }
    assert _rows() == before
    assert Account.objects.filter(owner=cor).exists() is False
