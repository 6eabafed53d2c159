"""'Is het gelukt?': a week after acceptance, once, only to whoever has not answered yet."""

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from samenkracht.matching import services
from samenkracht.matching.models import Contact, Notification, Outcome
from samenkracht.matching.tasks import outcomes_remind_task
from samenkracht.matching.tests.factories import ContactFactory

pytestmark = pytest.mark.django_db

ACCEPTED_AT = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
WEEK_LATER = ACCEPTED_AT + timedelta(days=7)


def _accepted_contact():
    return ContactFactory(
        status=Contact.Status.ACCEPTED, decided_at=ACCEPTED_AT, ask__title="Fietsband plakken"
    )


def _reminders():
    return sorted(
        Notification.objects.filter(kind=Notification.Kind.OUTCOME_ASKED).values_list(
            "user_id", "text", "url"
        )
    )


def test_outcomes_remind_asks_both_sides_after_a_week():
    # given
    contact = _accepted_contact()
    text = "Is het gelukt met “Fietsband plakken”? Laat het ons weten."
    # when
    sent = services.outcomes_remind(now=WEEK_LATER)
    # then
    assert sent == 2
    assert _reminders() == sorted(
        [
            (contact.initiator_id, text, contact.get_absolute_url()),
            (contact.recipient_id, text, contact.get_absolute_url()),
        ]
    )
    contact.refresh_from_db()
    assert contact.outcome_reminded_at == WEEK_LATER


def test_outcomes_remind_waits_a_full_week():
    # given
    contact = _accepted_contact()
    # when
    sent = services.outcomes_remind(now=WEEK_LATER - timedelta(minutes=1))
    # then
    assert sent == 0
    assert _reminders() == []
    contact.refresh_from_db()
    assert contact.outcome_reminded_at is None


def test_outcomes_remind_skips_who_already_answered():
    # given
    contact = _accepted_contact()
    Outcome.objects.create(contact=contact, respondent=contact.initiator, result="matched")
    # when
    sent = services.outcomes_remind(now=WEEK_LATER)
    # then
    assert sent == 1
    assert [user_id for user_id, _text, _url in _reminders()] == [contact.recipient_id]


def test_outcomes_remind_when_both_answered_sends_nothing_and_marks_the_contact():
    # given
    contact = _accepted_contact()
    for person in (contact.initiator, contact.recipient):
        Outcome.objects.create(contact=contact, respondent=person, result="not_matched")
    # when
    sent = services.outcomes_remind(now=WEEK_LATER)
    # then
    assert sent == 0
    assert _reminders() == []
    contact.refresh_from_db()
    assert contact.outcome_reminded_at == WEEK_LATER


def test_outcomes_remind_only_once():
    # given
    _accepted_contact()
    services.outcomes_remind(now=WEEK_LATER)
    # when
    sent = services.outcomes_remind(now=WEEK_LATER + timedelta(days=3))
    # then
    assert sent == 0
    assert len(_reminders()) == 2


@pytest.mark.parametrize("status", ["pending", "declined", "withdrawn"])
def test_outcomes_remind_ignores_contacts_that_were_not_accepted(status):
    # given
    contact = ContactFactory(status=status, decided_at=ACCEPTED_AT)
    # when
    sent = services.outcomes_remind(now=WEEK_LATER)
    # then
    assert sent == 0
    assert _reminders() == []
    contact.refresh_from_db()
    assert contact.outcome_reminded_at is None


def test_outcomes_remind_skips_people_who_left():
    # given
    contact = _accepted_contact()
    contact.initiator.is_active = False
    contact.initiator.save()
    # when
    sent = services.outcomes_remind(now=WEEK_LATER)
    # then
    assert sent == 1
    assert [user_id for user_id, _text, _url in _reminders()] == [contact.recipient_id]


def test_outcomes_remind_task_and_command_use_the_clock():
    # given
    contact = _accepted_contact()
    output = StringIO()
    # when
    with time_machine.travel(WEEK_LATER - timedelta(hours=1), tick=False):
        early = outcomes_remind_task.enqueue()
    with time_machine.travel(WEEK_LATER, tick=False):
        call_command("remind_outcomes", stdout=output)
        again = outcomes_remind_task.enqueue()
    # then
    assert (early.return_value, again.return_value) == (0, 0)
    assert output.getvalue() == "2 herinneringen gestuurd.\n"
    contact.refresh_from_db()
    assert contact.outcome_reminded_at == WEEK_LATER
