"""Services people use: thank, send, confirm, decline, correct, fund and grant the pool."""

from datetime import UTC, datetime, timedelta

import pytest

from samenkracht.common.errors import ApplicationError
from samenkracht.exchange import selectors, services
from samenkracht.exchange.models import Account, AuditEvent, Transfer
from samenkracht.exchange.selectors import ledger_verify, statement_get
from samenkracht.exchange.tests.factories import (
    CurrencyFactory,
    account_for,
    balance,
    hours,
    issue,
    system,
)
from samenkracht.matching.models import Notification
from samenkracht.matching.tests.factories import ContactFactory
from samenkracht.people import services as people_services
from samenkracht.people.tests.factories import (
    AdminFactory,
    MembershipFactory,
    OfficialFactory,
    ProfessionalFactory,
    ResidentFactory,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def _send(sender, receiver, amount="1,5", key="k1", **kwargs):
    return services.transfer_send(
        sender=sender,
        from_account=account_for(sender),
        to_account=account_for(receiver),
        amount=amount,
        key=key,
        now=NOW,
        **kwargs,
    )


def test_thanks_after_a_match_go_to_the_helper_with_the_match_linked():
    # given: Bas offered help, Ann asked; Ann accepted the contact
    contact = ContactFactory(accepted=True)
    ann, bas = contact.ask.owner, contact.offer.owner
    hours()
    # when
    booked = services.thanks_send(sender=ann, contact=contact, amount="2", key="t1", now=NOW)
    # then
    transfer = booked.transfer
    assert (transfer.kind, transfer.amount, transfer.contact, transfer.listing) == (
        "thanks",
        200,
        contact,
        contact.offer,
    )
    assert (balance(account_for(ann)), balance(account_for(bas))) == (-200, 200)
    assert Notification.objects.get(user=bas).text == f"{ann} heeft u 2,00 uur gegeven."


def test_only_the_one_who_was_helped_thanks_and_only_after_acceptance():
    # given
    pending = ContactFactory()
    accepted = ContactFactory(accepted=True)
    hours()
    # when / then
    with pytest.raises(ApplicationError, match="pas bedanken"):
        services.thanks_send(
            sender=pending.ask.owner, contact=pending, amount="1", key="a", now=NOW
        )
    with pytest.raises(ApplicationError, match="Alleen wie geholpen is"):
        services.thanks_send(
            sender=accepted.offer.owner, contact=accepted, amount="1", key="b", now=NOW
        )
    assert Transfer.objects.exists() is False


def test_a_retried_send_returns_the_first_transfer_and_notifies_once():
    # given
    ann, bas = ResidentFactory(), ResidentFactory()
    first = _send(ann, bas)
    # when
    again = _send(ann, bas)
    # then
    assert (again.transfer.pk, again.is_replay) == (first.transfer.pk, True)
    assert Notification.objects.filter(user=bas).count() == 1


def test_the_same_key_for_another_amount_is_a_conflict():
    # given
    ann, bas = ResidentFactory(), ResidentFactory()
    _send(ann, bas)
    # when / then
    with pytest.raises(services.KeyReusedError):
        _send(ann, bas, amount="2")
    assert Transfer.objects.count() == 1


def test_keys_are_per_person():
    # given
    ann, bas = ResidentFactory(), ResidentFactory()
    # when
    _send(ann, bas, key="1")
    _send(bas, ann, key="1")
    # then
    assert Transfer.objects.count() == 2


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-1", "Het aantal moet meer dan nul zijn."),
        ("0", "Het aantal moet meer dan nul zijn."),
        ("een uur", "Vul een getal in, bijvoorbeeld 1,5."),
        ("1.255", "Gebruik hoogstens 2 cijfers achter de komma."),
        (
            "11",
            "Dat kan niet: dan komt het saldo te laag. U mag hoogstens 10,00 uur onder nul komen.",
        ),
    ],
)
def test_bad_amounts_are_refused_and_nothing_is_written(amount, message):
    # given
    ann, bas = ResidentFactory(), ResidentFactory()
    # when / then
    with pytest.raises(ApplicationError) as error:
        _send(ann, bas, amount=amount)
    assert error.value.message == message
    assert Transfer.objects.exists() is False
    assert balance(account_for(ann)) == 0


def test_sending_to_oneself_is_refused():
    ann = ResidentFactory()
    with pytest.raises(ApplicationError, match="niet aan uzelf"):
        _send(ann, ann)
    assert Transfer.objects.exists() is False


def test_nobody_sends_hours_to_the_issuance_account():
    # given
    ann = ResidentFactory()
    _send(ann, ResidentFactory(), key="k0")
    issuance = selectors.system_account(
        currency=account_for(ann).currency, kind=Account.Kind.ISSUANCE
    )
    before = Transfer.objects.count()
    # when / then
    with pytest.raises(ApplicationError, match="Naar deze rekening"):
        services.transfer_send(
            sender=ann,
            from_account=account_for(ann),
            to_account=issuance,
            amount="1",
            key="k1",
            now=NOW,
        )
    assert Transfer.objects.count() == before


def test_a_deleted_persons_account_receives_nothing_and_their_history_stays():
    # given
    ann, bas = ResidentFactory(), ResidentFactory()
    _send(ann, bas, memo="boodschappen")
    # when
    people_services.user_delete(user=bas)
    # then
    account = account_for(bas)
    assert account.is_closed is True
    with pytest.raises(ApplicationError, match="gesloten"):
        services.transfer_send(
            sender=ann,
            from_account=account_for(ann),
            to_account=account,
            amount="1",
            key="k2",
            now=NOW,
        )
    transfer = Transfer.objects.get()
    assert (transfer.amount, transfer.memo) == (150, "")
    assert ledger_verify() == []


def test_a_currency_the_receiver_does_not_hold_is_refused():
    # given
    makkie = CurrencyFactory(code="makkie", name="Makkie")
    _ann, bas = ResidentFactory(), ResidentFactory()
    # when / then
    with pytest.raises(ApplicationError, match="geen rekening in Makkie"):
        services.receiving_account(person=bas, currency=makkie)
    assert Account.objects.filter(owner=bas).exists() is False


def test_pending_is_confirmed_by_the_receiver_only():
    # given
    ann, bas = ResidentFactory(), ResidentFactory()
    booked = _send(ann, bas, is_pending=True, expires_at=NOW + timedelta(days=7))
    # when
    with pytest.raises(ApplicationError, match="Alleen de ontvanger"):
        services.pending_confirm(user=ann, transfer=booked.transfer, now=NOW)
    services.pending_confirm(user=bas, transfer=booked.transfer, now=NOW)
    again = services.pending_confirm(user=bas, transfer=booked.transfer, now=NOW)
    # then
    assert again.is_replay is True
    assert (balance(account_for(ann)), balance(account_for(bas))) == (-150, 150)
    with pytest.raises(ApplicationError, match="al bevestigd"):
        services.pending_decline(user=bas, transfer=booked.transfer, now=NOW)
    assert ledger_verify() == []


def test_an_admin_reverses_with_a_reason_never_more_than_the_original():
    # given
    ann, bas, admin = ResidentFactory(), ResidentFactory(), AdminFactory()
    original = _send(ann, bas, amount="2").transfer
    # when
    with pytest.raises(ApplicationError, match="waarom"):
        services.transfer_reverse(admin=admin, transfer=original, reason="", key="r0", now=NOW)
    services.transfer_reverse(
        admin=admin, transfer=original, reason="Dubbel geboekt", amount="1.5", key="r1", now=NOW
    )
    with pytest.raises(ApplicationError, match="niet meer terugboeken"):
        services.transfer_reverse(
            admin=admin, transfer=original, reason="Nog eens", amount="1", key="r2", now=NOW
        )
    # then
    reversal = Transfer.objects.get(kind="reversal")
    assert (reversal.amount, reversal.reverses, reversal.reason) == (
        150,
        original,
        "Dubbel geboekt",
    )
    assert (balance(account_for(ann)), balance(account_for(bas))) == (-50, 50)
    assert AuditEvent.objects.get().action == "reversal"


def test_a_resident_cannot_reverse():
    ann, bas = ResidentFactory(), ResidentFactory()
    original = _send(ann, bas).transfer
    with pytest.raises(ApplicationError, match="Alleen een beheerder"):
        services.transfer_reverse(admin=bas, transfer=original, reason="x", key="r", now=NOW)
    assert Transfer.objects.count() == 1


def test_the_pool_is_funded_and_a_professional_grants_to_a_resident_of_their_buurt():
    # given
    currency = hours()
    official = OfficialFactory()
    membership = MembershipFactory(role="admin")
    resident = ResidentFactory()
    professional = ProfessionalFactory(work_neighbourhoods=[resident.neighbourhood])
    elsewhere = ProfessionalFactory()
    issue(account_for(organisation=membership.organisation), 500)
    # when
    services.pool_fund(funder=official, currency=currency, amount="10", key="f1", now=NOW)
    services.pool_fund(
        funder=membership.user,
        organisation=membership.organisation,
        currency=currency,
        amount="5",
        key="f2",
        now=NOW,
    )
    services.pool_grant(
        giver=professional, recipient=resident, currency=currency, amount="3", key="g", now=NOW
    )
    # then
    with pytest.raises(ApplicationError, match="sociaal makelaar van de buurt"):
        services.pool_grant(
            giver=elsewhere, recipient=resident, currency=currency, amount="1", key="g", now=NOW
        )
    with pytest.raises(ApplicationError, match="niet genoeg in de gemeenschapspot"):
        services.pool_grant(
            giver=professional, recipient=resident, currency=currency, amount="13", key="h", now=NOW
        )
    assert balance(system(currency, Account.Kind.POOL)) == 1200
    assert balance(account_for(resident)) == 300
    assert sorted(AuditEvent.objects.values_list("action", flat=True)) == [
        "funding",
        "grant",
        "issuance",
    ]
    assert ledger_verify() == []


def test_linked_sends_go_through_together_or_not_at_all():
    # given
    ann, bas, cor = ResidentFactory(), ResidentFactory(), ResidentFactory()
    currency = hours()

    def legs(first: str, second: str, keys: tuple[str, str]) -> list[services.Leg]:
        return [
            services.Leg(amount=first, key=keys[0], to_person=bas, currency=currency),
            services.Leg(amount=second, key=keys[1], to_person=cor, currency=currency),
        ]

    # when: the second leg would take Ann below her floor of 10 hours
    with pytest.raises(ApplicationError) as refused:
        services.transfers_send_linked(sender=ann, legs=legs("6", "6", ("a1", "a2")), now=NOW)
    nothing_written = (Transfer.objects.count(), Account.objects.filter(kind="person").count())
    booked = services.transfers_send_linked(sender=ann, legs=legs("2", "3", ("b1", "b2")), now=NOW)
    # then
    assert refused.value.extra == {
        "errors": {
            "transfers.1": [
                "Dat kan niet: dan komt het saldo te laag. U mag hoogstens 10,00 uur onder "
                "nul komen."
            ]
        }
    }
    assert nothing_written == (0, 0)
    assert [item.transfer.amount for item in booked] == [200, 300]
    assert (balance(account_for(bas)), balance(account_for(cor))) == (200, 300)
    assert ledger_verify() == []


def test_a_statement_has_the_opening_balance_every_line_and_the_closing_balance():
    # given
    ann, bas = ResidentFactory(), ResidentFactory()
    account = account_for(bas)
    issue(account, 100, now=datetime(2026, 10, 5, tzinfo=UTC))
    services.transfer_send(
        sender=ann,
        from_account=account_for(ann),
        to_account=account,
        amount="2",
        key="a",
        now=datetime(2026, 11, 3, 10, tzinfo=UTC),
    )
    services.transfer_send(
        sender=bas,
        from_account=account,
        to_account=account_for(ann),
        amount="0.5",
        key="b",
        now=datetime(2026, 11, 20, 10, tzinfo=UTC),
    )
    # when
    statement = statement_get(account=account, year=2026, month=11)
    # then
    assert (statement.opening, statement.received, statement.given, statement.closing) == (
        100,
        200,
        50,
        250,
    )
    assert [(line.amount, line.balance) for line in statement.lines] == [(200, 300), (-50, 250)]


def test_erasing_a_person_voids_their_open_pending_transfers_and_frees_the_reservation():
    # given
    ann, bas, cas = ResidentFactory(), ResidentFactory(), ResidentFactory()
    issue(account_for(ann), 500)
    issue(account_for(bas), 500)
    to_bas = services.transfer_send(
        sender=ann,
        from_account=account_for(ann),
        to_account=account_for(bas),
        amount="2",
        key="p1",
        now=NOW,
        is_pending=True,
    ).transfer
    from_bas = services.transfer_send(
        sender=bas,
        from_account=account_for(bas),
        to_account=account_for(cas),
        amount="1",
        key="p2",
        now=NOW,
        is_pending=True,
    ).transfer
    # when
    people_services.user_delete(user=bas)
    # then
    for pending in (to_bas, from_bas):
        pending.refresh_from_db()
        assert pending.pending_state == Transfer.PendingState.VOIDED
    ann_account, cas_account = account_for(ann), account_for(cas)
    ann_account.refresh_from_db()
    cas_account.refresh_from_db()
    assert (ann_account.balance, ann_account.debits_pending) == (500, 0)
    assert (cas_account.balance, cas_account.credits_pending) == (0, 0)
    assert ledger_verify() == []
