import pytest
from django.urls import reverse

from samenkracht.matching.models import (
    Block,
    Contact,
    DigestPreference,
    Message,
    Notification,
    Outcome,
    Report,
)
from samenkracht.matching.selectors.index import match_index_reset
from samenkracht.matching.tests.factories import ContactFactory, MessageFactory
from samenkracht.people.models import ConsentKind, ConsentRecord
from samenkracht.people.tests.factories import ROLES, ResidentFactory, person_for_role

pytestmark = pytest.mark.django_db

LIST_URL = reverse("matching:contact-list")
NOTIFICATIONS_URL = reverse("matching:notification-list")
DIGEST_URL = reverse("matching:digest-preference")


@pytest.fixture(autouse=True)
def _fresh_match_index():
    match_index_reset()
    yield
    match_index_reset()


def _login(client, user):
    if user is not None:
        client.force_login(user)


def _url(name, contact):
    return reverse(f"matching:{name}", kwargs={"pk": contact.pk})


def _messages(response):
    return [str(message) for message in response.context["messages"]]


# --- Mijn contacten ------------------------------------------------------------------------


def test_contact_list_puts_requests_waiting_for_an_answer_first(client, django_assert_num_queries):
    # given
    resident = ResidentFactory()
    waiting = [ContactFactory(ask__owner=resident) for _ in range(3)]
    started = ContactFactory(offer__owner=resident, accepted=True)
    ContactFactory()
    client.force_login(resident)
    # when / then: session, user, contacts with both listings and people, unread count
    with django_assert_num_queries(4):
        response = client.get(LIST_URL)
    assert response.status_code == 200
    assert response.context["waiting"] == list(reversed(waiting))
    assert response.context["others"] == [started]


def test_contact_list_is_for_signed_in_people(client):
    # when
    response = client.get(LIST_URL)
    # then
    assert response.status_code == 302


# --- the conversation ----------------------------------------------------------------------


@pytest.mark.parametrize("role", [*ROLES, "initiator", "recipient"])
def test_only_the_two_people_read_a_conversation(client, role):
    # given
    contact = ContactFactory()
    people = {"initiator": contact.initiator, "recipient": contact.recipient}
    _login(client, people.get(role) or person_for_role(role))
    # when
    response = client.get(_url("contact-detail", contact))
    # then
    expected = {"anonymous": 302, "initiator": 200, "recipient": 200}.get(role, 403)
    assert response.status_code == expected


def test_contact_details_appear_only_after_acceptance(client):
    # given
    contact = ContactFactory()
    ConsentRecord.objects.create(
        user=contact.initiator, kind=ConsentKind.CONTACTABLE, is_given=True
    )
    client.force_login(contact.recipient)
    email = contact.initiator.email
    # when
    before = client.get(_url("contact-detail", contact))
    client.post(_url("contact-respond", contact), {"answer": "accept"})
    after = client.get(_url("contact-detail", contact))
    # then
    assert before.context["details"] is None
    assert email not in before.content.decode()
    assert after.context["details"].email == email
    assert f'href="mailto:{email}"' in after.content.decode()


def test_recipient_accepts_and_can_then_write(client):
    # given
    contact = ContactFactory()
    client.force_login(contact.recipient)
    # when
    page = client.get(_url("contact-detail", contact))
    response = client.post(_url("contact-respond", contact), {"answer": "accept"})
    # then
    contact.refresh_from_db()
    assert page.context["can_respond"] is True
    assert "Tips voor veilig contact" in page.content.decode()
    assert response.status_code == 302
    assert contact.status == Contact.Status.ACCEPTED
    after = client.get(_url("contact-detail", contact))
    assert _messages(after) == ["U heeft ja gezegd. U kunt nu berichten sturen."]
    assert after.context["can_send_message"] is True


def test_recipient_declines(client):
    # given
    contact = ContactFactory()
    client.force_login(contact.recipient)
    # when
    response = client.post(_url("contact-respond", contact), {"answer": "decline"})
    # then
    contact.refresh_from_db()
    assert response.status_code == 302
    assert contact.status == Contact.Status.DECLINED


def test_initiator_cannot_answer_their_own_request(client):
    # given
    contact = ContactFactory()
    client.force_login(contact.initiator)
    # when
    response = client.post(_url("contact-respond", contact), {"answer": "accept"})
    # then
    contact.refresh_from_db()
    assert response.status_code == 403
    assert contact.status == Contact.Status.PENDING


def test_unknown_answer_is_refused(client):
    # given
    contact = ContactFactory()
    client.force_login(contact.recipient)
    # when
    response = client.post(_url("contact-respond", contact), {"answer": "misschien"})
    # then
    contact.refresh_from_db()
    assert response.status_code == 400
    assert response.context["page_error"] == "Kies ja of nee."
    assert contact.status == Contact.Status.PENDING


def test_message_is_sent_and_shown_escaped(client):
    # given
    contact = ContactFactory(accepted=True)
    MessageFactory(contact=contact, sender=contact.recipient, body="<b>Hallo</b> & welkom")
    client.force_login(contact.initiator)
    # when
    response = client.post(_url("contact-detail", contact), {"body": "Dinsdag om 14 uur?"})
    page = client.get(_url("contact-detail", contact))
    # then
    assert response.status_code == 302
    assert response["Location"] == f"{contact.get_absolute_url()}#berichten"
    assert [m.body for m in page.context["conversation"]] == [
        "<b>Hallo</b> & welkom",
        "Dinsdag om 14 uur?",
    ]
    content = page.content.decode()
    assert "&lt;b&gt;Hallo&lt;/b&gt; &amp; welkom" in content
    assert "<b>Hallo</b>" not in content


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "Schrijf een bericht."),
        ("x" * 2001, "Gebruik hoogstens 2000 tekens (nu 2001)."),
        ("<script>alert(1)</script>", "Gebruik geen HTML-code of scripts. Schrijf gewone tekst."),
    ],
)
def test_bad_message_is_refused_and_nothing_stored(client, body, message):
    # given
    contact = ContactFactory(accepted=True)
    client.force_login(contact.initiator)
    # when
    response = client.post(_url("contact-detail", contact), {"body": body})
    # then
    assert response.status_code == 400
    assert response.context["message_form"].errors == {"body": [message]}
    assert Message.objects.exists() is False


def test_no_messages_before_acceptance(client):
    # given
    contact = ContactFactory()
    client.force_login(contact.initiator)
    # when
    response = client.post(_url("contact-detail", contact), {"body": "Hallo?"})
    # then
    assert response.status_code == 403
    assert Message.objects.exists() is False


# --- reporting and blocking ----------------------------------------------------------------


def test_report_goes_to_an_admin(client):
    # given
    contact = ContactFactory(accepted=True)
    client.force_login(contact.recipient)
    # when
    response = client.post(_url("contact-report", contact), {"reason": "Hij scheldt mij uit."})
    # then
    report = Report.objects.get()
    assert response.status_code == 302
    assert (report.reporter, report.reported, report.contact) == (
        contact.recipient,
        contact.initiator,
        contact,
    )
    assert report.reason == "Hij scheldt mij uit."


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "Schrijf kort wat er is gebeurd."),
        ("x" * 1001, "Gebruik hoogstens 1000 tekens (nu 1001)."),
    ],
)
def test_bad_report_is_refused(client, reason, message):
    # given
    contact = ContactFactory(accepted=True)
    client.force_login(contact.recipient)
    # when
    response = client.post(_url("contact-report", contact), {"reason": reason})
    # then
    assert response.status_code == 400
    assert response.context["report_form"].errors == {"reason": [message]}
    assert Report.objects.exists() is False


def test_outsider_cannot_report_or_block(client):
    # given
    contact = ContactFactory(accepted=True)
    client.force_login(ResidentFactory())
    # when
    report = client.post(_url("contact-report", contact), {"reason": "Vervelend"})
    block = client.post(_url("contact-block", contact), {"action": "block"})
    # then
    assert (report.status_code, block.status_code) == (403, 403)
    assert Report.objects.exists() is False
    assert Block.objects.exists() is False


def test_blocking_stops_messages_and_can_be_undone(client):
    # given
    contact = ContactFactory(accepted=True)
    client.force_login(contact.recipient)
    # when
    client.post(_url("contact-block", contact), {"action": "block"})
    blocked_page = client.get(_url("contact-detail", contact))
    refused = client.post(_url("contact-detail", contact), {"body": "Toch nog iets"})
    client.post(_url("contact-block", contact), {"action": "unblock"})
    # then
    assert blocked_page.context["is_blocked"] is True
    assert blocked_page.context["can_send_message"] is False
    assert refused.status_code == 403
    assert Message.objects.exists() is False
    assert Block.objects.exists() is False


# --- "Is het gelukt?" ----------------------------------------------------------------------


def test_both_sides_say_it_worked(client):
    # given
    contact = ContactFactory(accepted=True)
    # when
    for person in (contact.initiator, contact.recipient):
        client.force_login(person)
        response = client.post(_url("contact-outcome", contact), {"result": "matched"})
        assert response.status_code == 302
    # then
    assert sorted(Outcome.objects.values_list("respondent", "result", "reason")) == sorted(
        [(contact.initiator.pk, "matched", ""), (contact.recipient.pk, "matched", "")]
    )
    page = client.get(_url("contact-detail", contact))
    assert page.context["can_record_outcome"] is False
    assert page.context["has_recorded_outcome"] is True


def test_it_did_not_work_with_a_reason(client):
    # given
    contact = ContactFactory(accepted=True)
    client.force_login(contact.recipient)
    # when
    client.post(
        _url("contact-outcome", contact),
        {"result": "not_matched", "reason": "distance", "note": "Te ver fietsen."},
    )
    # then
    outcome = Outcome.objects.get()
    assert (outcome.result, outcome.reason, outcome.note) == (
        "not_matched",
        "distance",
        "Te ver fietsen.",
    )


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "result", "Kies of het gelukt is."),
        ({"result": "soms"}, "result", "Kies 'Ja' of 'Nee'."),
        ({"result": "not_matched", "reason": "geen"}, "reason", "Kies een reden uit de lijst."),
        (
            {"result": "matched", "note": "x" * 501},
            "note",
            "Gebruik hoogstens 500 tekens (nu 501).",
        ),
    ],
)
def test_bad_outcome_is_refused(client, data, field, message):
    # given
    contact = ContactFactory(accepted=True)
    client.force_login(contact.initiator)
    # when
    response = client.post(_url("contact-outcome", contact), data)
    # then
    assert response.status_code == 400
    assert response.context["outcome_form"].errors == {field: [message]}
    assert Outcome.objects.exists() is False


def test_saying_it_worked_with_how_long_it_took_and_correcting_it(client):
    # given
    contact = ContactFactory(accepted=True)
    client.force_login(contact.initiator)
    # when
    said = client.post(
        _url("contact-outcome", contact), {"result": "matched", "hours_spent": "1,5"}
    )
    page = client.get(_url("contact-detail", contact)).content.decode()
    bad = client.post(_url("contact-outcome-hours", contact), {"hours_spent": "een uur"})
    corrected = client.post(_url("contact-outcome-hours", contact), {"hours_spent": "2"})
    page_after = client.get(_url("contact-detail", contact)).content.decode()
    # then
    assert said.status_code == 302
    assert '<p class="utrecht-paragraph" id="hours-spent">U schreef: 1,5 uur.</p>' in page
    assert 'name="hours_spent" value="1,5"' in page
    assert bad.status_code == 400
    assert bad.context["hours_form"].errors == {
        "hours_spent": ["Vul een getal in, bijvoorbeeld 1,5."]
    }
    assert (corrected.status_code, corrected["Location"]) == (
        302,
        f"{contact.get_absolute_url()}#hoe-lang",
    )
    assert '<p class="utrecht-paragraph" id="hours-spent">U schreef: 2 uur.</p>' in page_after
    assert str(Outcome.objects.get().hours_spent) == "2.00"


def test_how_long_it_took_is_for_who_said_it_worked(client):
    # given: the recipient said it did not work; a stranger looks on
    contact = ContactFactory(accepted=True)
    client.force_login(contact.recipient)
    client.post(
        _url("contact-outcome", contact),
        {"result": "not_matched", "reason": "no_time", "hours_spent": "3"},
    )
    # when
    page = client.get(_url("contact-detail", contact))
    refused = client.post(_url("contact-outcome-hours", contact), {"hours_spent": "1"})
    client.force_login(ResidentFactory())
    stranger = client.post(_url("contact-outcome-hours", contact), {"hours_spent": "1"})
    # then
    assert page.context["can_change_outcome_hours"] is False
    assert b'id="hours-spent"' not in page.content
    assert (refused.status_code, stranger.status_code) == (403, 403)
    assert Outcome.objects.get().hours_spent is None


def test_outcome_before_acceptance_or_twice_is_refused(client):
    # given
    pending = ContactFactory()
    accepted = ContactFactory(accepted=True)
    client.force_login(accepted.initiator)
    client.post(_url("contact-outcome", accepted), {"result": "matched"})
    # when
    twice = client.post(_url("contact-outcome", accepted), {"result": "not_matched"})
    client.force_login(pending.initiator)
    early = client.post(_url("contact-outcome", pending), {"result": "matched"})
    # then
    assert (twice.status_code, early.status_code) == (403, 403)
    assert list(Outcome.objects.values_list("result", flat=True)) == ["matched"]


# --- notifications and the digest ----------------------------------------------------------


def _notification(user, text="Er is een nieuwe match.", url="/vragen-en-aanbod/mijn/", **kwargs):
    return Notification.objects.create(
        user=user, kind=Notification.Kind.NEW_MATCH, text=text, url=url, **kwargs
    )


def test_notifications_show_unread_count_in_the_menu(client, django_assert_num_queries):
    # given
    resident = ResidentFactory()
    for number in range(3):
        _notification(resident, text=f"Match {number}")
    _notification(ResidentFactory())
    client.force_login(resident)
    # when / then: session, user, notifications, unread count
    with django_assert_num_queries(4):
        response = client.get(NOTIFICATIONS_URL)
    assert [n.text for n in response.context["notifications"]] == ["Match 2", "Match 1", "Match 0"]
    assert "Meldingen (3 nieuw)" in response.content.decode()


def test_opening_a_notification_marks_it_read_and_follows_its_link(client):
    # given
    resident = ResidentFactory()
    first, second = _notification(resident), _notification(resident)
    client.force_login(resident)
    # when
    response = client.post(NOTIFICATIONS_URL, {"notification": str(first.pk)})
    # then
    first.refresh_from_db()
    second.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == "/vragen-en-aanbod/mijn/"
    assert first.read_at is not None
    assert second.read_at is None


def test_marking_all_notifications_read(client):
    # given
    resident = ResidentFactory()
    _notification(resident)
    _notification(resident)
    client.force_login(resident)
    # when
    response = client.post(NOTIFICATIONS_URL)
    # then
    assert response.status_code == 302
    assert Notification.objects.filter(read_at__isnull=True).count() == 0
    assert "Meldingen (" not in client.get(NOTIFICATIONS_URL).content.decode()


@pytest.mark.parametrize("raw_id", ["abc", "999999", "other"])
def test_someone_elses_or_unknown_notification_is_refused(client, raw_id):
    # given
    resident = ResidentFactory()
    other = _notification(ResidentFactory())
    client.force_login(resident)
    # when
    response = client.post(
        NOTIFICATIONS_URL, {"notification": str(other.pk) if raw_id == "other" else raw_id}
    )
    # then
    other.refresh_from_db()
    assert response.status_code == 400
    assert response.context["page_error"] == "Deze melding bestaat niet."
    assert other.read_at is None


def test_notification_link_to_another_site_is_not_followed(client):
    # given
    resident = ResidentFactory()
    notification = _notification(resident, url="https://example.com/")
    client.force_login(resident)
    # when
    response = client.post(NOTIFICATIONS_URL, {"notification": str(notification.pk)})
    # then
    assert response["Location"] == NOTIFICATIONS_URL


def test_digest_preference_is_saved(client):
    # given
    resident = ResidentFactory()
    client.force_login(resident)
    # when
    page = client.get(DIGEST_URL)
    response = client.post(DIGEST_URL, {"frequency": "weekly", "minimum_score": "0.7"})
    # then
    assert page.context["form"].initial == {"frequency": "daily", "minimum_score": "0.5"}
    preference = DigestPreference.objects.get(user=resident)
    assert response.status_code == 302
    assert (preference.frequency, preference.minimum_score) == ("weekly", 0.7)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"frequency": "hourly", "minimum_score": "0.5"},
            "frequency",
            "Kies nooit, elke dag of één keer per week.",
        ),
        (
            {"frequency": "daily", "minimum_score": "2"},
            "minimum_score",
            "Kies een van de drie keuzes.",
        ),
        ({"minimum_score": "0.5"}, "frequency", "Kies hoe vaak u een e-mail wilt."),
    ],
)
def test_bad_digest_preference_is_refused(client, data, field, message):
    # given
    client.force_login(ResidentFactory())
    # when
    response = client.post(DIGEST_URL, data)
    # then
    assert response.status_code == 400
    assert response.context["form"].errors == {field: [message]}
    assert DigestPreference.objects.exists() is False


def test_contact_page_shows_why_the_match_fits_in_words(client):
    # given
    contact = ContactFactory(
        explanation=[
            {"code": "category", "text": "zelfde categorie"},
            {"code": "distance", "text": "600 m"},
        ]
    )
    client.force_login(contact.recipient)
    # when
    response = client.get(_url("contact-detail", contact))
    # then
    assert "<dd>zelfde categorie · 600 m</dd>" in response.content.decode()


def test_contact_details_disappear_after_a_block(client):
    # given: an accepted contact with the e-mail on show
    from samenkracht.matching import services

    contact = ContactFactory(status="accepted")
    ConsentRecord.objects.create(
        user=contact.initiator, kind=ConsentKind.CONTACTABLE, is_given=True
    )
    client.force_login(contact.recipient)
    before = client.get(_url("contact-detail", contact))
    # when
    services.block_create(blocker=contact.recipient, blocked=contact.initiator)
    after = client.get(_url("contact-detail", contact))
    # then
    assert before.context["details"] is not None
    assert after.context["details"] is None
    assert contact.initiator.email not in after.content.decode()
