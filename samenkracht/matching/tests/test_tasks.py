"""Background tasks and cron commands: fetch by id, call a service."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from samenkracht.matching.models import Listing, Notification
from samenkracht.matching.tasks import (
    digest_send_task,
    listings_expire_task,
    matches_notify_new_task,
)
from samenkracht.matching.tests.factories import CategoryFactory, ListingFactory, OfferFactory
from samenkracht.people.tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db


def test_matches_notify_new_task_notifies_the_matching_owner():
    # given
    category = CategoryFactory()
    ask = ListingFactory(category=category, title="Fietsband plakken")
    offer = OfferFactory(category=category, title="Ik plak fietsbanden")
    # when
    result = matches_notify_new_task.enqueue(listing_id=offer.pk)
    # then
    assert result.return_value == 1
    assert list(Notification.objects.values_list("user", "kind")) == [(ask.owner_id, "new_match")]


def test_matches_notify_new_task_for_a_listing_that_is_gone_does_nothing():
    # when
    result = matches_notify_new_task.enqueue(listing_id=999_999)
    # then
    assert result.return_value == 0
    assert Notification.objects.exists() is False


def test_listings_expire_task_and_command():
    # given
    overdue = ListingFactory(expires_at=timezone.now() - timedelta(days=1))
    ListingFactory(expires_at=timezone.now() + timedelta(days=2))
    output = StringIO()
    # when
    result = listings_expire_task.enqueue()
    call_command("expire_listings", stdout=output)
    # then
    assert result.return_value == {"expired": 1, "reminded": 1}
    assert output.getvalue() == "0 verlopen, 0 herinneringen gestuurd.\n"
    overdue.refresh_from_db()
    assert overdue.status == Listing.Status.EXPIRED


def test_digest_send_task_and_command(django_capture_on_commit_callbacks):
    # given
    user = ResidentFactory(email_confirmed_at=timezone.now())
    Notification.objects.create(user=user, kind="message", text="Nieuws")
    output = StringIO()
    # when
    with django_capture_on_commit_callbacks(execute=True):
        result = digest_send_task.enqueue()
        call_command("send_digests", stdout=output)
    # then
    assert result.return_value == 1
    assert output.getvalue() == "0 e-mails klaargezet.\n"
    assert [message.to for message in mail.outbox] == [[user.email]]
