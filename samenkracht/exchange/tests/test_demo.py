"""The demo time bank books real, verified history."""

import pytest
from django.core.management import call_command

from samenkracht.exchange.models import Transfer
from samenkracht.exchange.selectors import ledger_verify
from samenkracht.exchange.tests.factories import hours
from samenkracht.matching.tests.factories import ContactFactory
from samenkracht.people.tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db


def test_the_demo_books_thanks_a_pool_and_a_pending_transfer_and_stays_verified():
    # given
    hours()
    for _ in range(3):
        ContactFactory(accepted=True)
    ResidentFactory(username="bewoner")
    # when
    call_command("generate_demo_exchange", "--if-empty")
    count = Transfer.objects.count()
    call_command("generate_demo_exchange", "--if-empty")
    # then
    assert Transfer.objects.count() == count
    assert Transfer.objects.filter(kind="thanks").exists()
    assert Transfer.objects.filter(is_pending=True, credit__owner__username="bewoner").count() == 1
    assert ledger_verify() == []
