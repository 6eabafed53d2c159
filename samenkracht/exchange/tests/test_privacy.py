"""What the personal data export holds about a person's time bank."""

from datetime import UTC, datetime, timedelta

import pytest

from samenkracht.exchange import services
from samenkracht.exchange.models import Account
from samenkracht.exchange.tests.factories import hours, issue, system
from samenkracht.people import services as people_services
from samenkracht.people.tests.factories import AdminFactory, ProfessionalFactory, ResidentFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def test_the_export_has_the_expiry_of_pending_transfers():
    # given
    ann, bas = ResidentFactory(), ResidentFactory()
    expires_at = NOW + timedelta(days=7)
    pending = services.transfer_send(
        sender=ann,
        to_person=bas,
        currency=hours(),
        amount="2",
        key="p",
        is_pending=True,
        expires_at=expires_at,
        now=NOW,
    ).transfer
    at_once = services.transfer_send(
        sender=ann,
        to_person=bas,
        currency=hours(),
        amount="1",
        key="q",
        now=NOW + timedelta(minutes=1),
    ).transfer
    # when
    rows = people_services.user_data_export(user=bas)["exchange_transfers"]
    # then
    assert [(row["id"], row["pending_state"], row["expires_at"]) for row in rows] == [
        (str(pending.pk), "open", expires_at.isoformat()),
        (str(at_once.pk), "", None),
    ]


def test_the_export_has_what_others_did_to_the_persons_transfers_with_the_reason():
    # given: an administrator corrects a transfer Ann sent to Bas; a professional gives Bas
    # hours from the pool; Cor's transfers are none of Bas's business
    currency = hours()
    issue(system(currency, Account.Kind.POOL), 1000)
    ann, bas, cor = ResidentFactory(), ResidentFactory(), ResidentFactory()
    admin = AdminFactory()
    professional = ProfessionalFactory(work_neighbourhoods=[bas.neighbourhood])
    to_bas = services.transfer_send(
        sender=ann, to_person=bas, currency=currency, amount="2", key="a", now=NOW
    ).transfer
    reversal = services.transfer_reverse(
        admin=admin, transfer=to_bas, reason="Per ongeluk twee keer", key="r", now=NOW
    ).transfer
    grant = services.pool_grant(
        giver=professional, recipient=bas, currency=currency, amount="1", key="g", now=NOW
    ).transfer
    to_cor = services.transfer_send(
        sender=ann, to_person=cor, currency=currency, amount="1", key="c", now=NOW
    ).transfer
    services.transfer_reverse(
        admin=admin, transfer=to_cor, reason="Niet voor Bas", key="r2", now=NOW
    )
    # when
    rows = people_services.user_data_export(user=bas)["exchange_audit"]
    # then
    assert [(row["action"], row["by"], row["transfer"], row["detail"]) for row in rows] == [
        (
            "reversal",
            "admin",
            str(reversal.pk),
            {"reverses": str(to_bas.pk), "reason": "Per ongeluk twee keer", "amount": 200},
        ),
        ("grant", "professional", str(grant.pk), {"recipient": bas.pk}),
    ]


def test_the_export_still_has_the_persons_own_actions():
    # given
    admin = AdminFactory()
    services.pool_fund(funder=admin, currency=hours(), amount="5", key="f", now=NOW)
    # when
    rows = people_services.user_data_export(user=admin)["exchange_audit"]
    # then
    assert [(row["action"], row["by"]) for row in rows] == [("issuance", "self")]
