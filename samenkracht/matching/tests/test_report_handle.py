"""Admins handle reports of abuse, in the Django admin, judging the reported message."""

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from samenkracht.common.errors import ApplicationError
from samenkracht.matching import permissions, services
from samenkracht.matching.models import Report
from samenkracht.matching.tests.factories import MessageFactory
from samenkracht.people.tests.factories import ROLES, AdminFactory, person_for_role

pytestmark = pytest.mark.django_db

CHANGELIST_URL = reverse("admin:matching_report_changelist")


def _report(body="Je bent een <b>sukkel</b>"):
    message = MessageFactory(body=body)
    return services.report_create(
        reporter=message.contact.recipient,
        reported=message.sender,
        reason="Onaardig bericht",
        message=message,
    )


def _state(report):
    fresh = Report.objects.get(pk=report.pk)
    return (fresh.status, fresh.handled_by_id)


@pytest.mark.parametrize(
    ("role", "expected"),
    list(zip(ROLES, [False, False, False, False, True], strict=True)),
)
def test_can_handle_report(role, expected):
    assert permissions.can_handle_report(person_for_role(role) or AnonymousUser()) is expected


def test_can_handle_report_not_for_a_deactivated_admin():
    assert permissions.can_handle_report(AdminFactory(is_active=False)) is False


def test_report_handle_by_an_admin():
    # given
    report = _report()
    admin = AdminFactory()
    # when
    handled = services.report_handle(report=report, handled_by=admin)
    # then
    assert (handled.status, handled.handled_by) == ("handled", admin)
    assert _state(report) == ("handled", admin.pk)


@pytest.mark.parametrize("role", ["resident", "professional", "official"])
def test_report_handle_by_anyone_else_is_refused_and_changes_nothing(role):
    # given
    report = _report()
    # when
    with pytest.raises(PermissionDenied) as refused:
        services.report_handle(report=report, handled_by=person_for_role(role))
    # then
    assert str(refused.value) == "Alleen beheerders handelen meldingen af."
    assert _state(report) == ("open", None)


def test_report_handle_twice_is_refused_and_keeps_the_first_admin():
    # given
    report = _report()
    first = AdminFactory()
    services.report_handle(report=report, handled_by=first)
    # when
    with pytest.raises(ApplicationError) as refused:
        services.report_handle(report=report, handled_by=AdminFactory())
    # then
    assert refused.value.message == "Deze melding is al afgehandeld."
    assert _state(report) == ("handled", first.pk)


def test_the_admin_list_shows_the_reported_message_as_plain_text(client):
    # given
    report = _report()
    client.force_login(AdminFactory())
    # when
    response = client.get(CHANGELIST_URL)
    # then
    assert response.status_code == 200
    assertContains(response, "Je bent een &lt;b&gt;sukkel&lt;/b&gt;", count=1)
    assertNotContains(response, "<b>sukkel</b>")
    assertContains(response, "Markeer als afgehandeld")
    change = client.get(reverse("admin:matching_report_change", args=[report.pk]))
    assertContains(
        change, '<div class="readonly">Je bent een &lt;b&gt;sukkel&lt;/b&gt;</div>', html=True
    )


def test_the_admin_action_marks_reports_handled(client):
    # given
    report, other, done = _report(), _report(), _report()
    first = AdminFactory()
    services.report_handle(report=done, handled_by=first)
    admin = AdminFactory()
    client.force_login(admin)
    # when
    response = client.post(
        CHANGELIST_URL,
        {"action": "report_handle", "_selected_action": [report.pk, other.pk, done.pk]},
        follow=True,
    )
    # then
    assert response.status_code == 200
    assertContains(response, "2 meldingen afgehandeld.")
    assert [_state(r) for r in (report, other, done)] == [
        ("handled", admin.pk),
        ("handled", admin.pk),
        ("handled", first.pk),
    ]


def test_staff_without_the_admin_role_get_no_action(client):
    # given: staff who may change reports in the admin but are not admins of the platform
    report = _report()
    staff = person_for_role("official", is_staff=True)
    staff.user_permissions.set(
        Permission.objects.filter(codename__in=["view_report", "change_report"])
    )
    client.force_login(staff)
    # when
    page = client.get(CHANGELIST_URL)
    response = client.post(
        CHANGELIST_URL, {"action": "report_handle", "_selected_action": [report.pk]}
    )
    # then
    assertNotContains(page, "Markeer als afgehandeld")
    assert response.status_code == 200
    assert _state(report) == ("open", None)


def test_the_change_form_cannot_set_the_status_past_the_action(client):
    # given
    report = _report()
    client.force_login(AdminFactory())
    url = reverse("admin:matching_report_change", args=[report.pk])
    # when
    response = client.post(
        url,
        {
            "reporter": report.reporter_id,
            "reported": report.reported_id,
            "contact": report.contact_id,
            "message": report.message_id,
            "reason": "Onaardig bericht",
            "status": "handled",
            "handled_by": report.reporter_id,
        },
    )
    # then
    assert response.status_code == 302
    assert _state(report) == ("open", None)
