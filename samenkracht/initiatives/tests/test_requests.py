"""Support requests: an initiative asks, the municipality treats and decides, each step dated."""

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samenkracht.common.errors import ApplicationError
from samenkracht.initiatives import permissions, selectors, services
from samenkracht.initiatives.models import Phase, SupportRequest, SupportRequestEvent
from samenkracht.initiatives.tests.factories import (
    ContributionFactory,
    DepartmentFactory,
    InitiativeFactory,
    SupportRequestFactory,
    expertise_for,
)
from samenkracht.initiatives.tests.helpers import ROLES, lead_of, person_in
from samenkracht.matching.models import Notification
from samenkracht.people.tests.factories import (
    MunicipalityFactory,
    OfficialFactory,
    ResidentFactory,
)

pytestmark = pytest.mark.django_db

ALL_ROLES = [*ROLES, "other_official"]
HANDLERS = {"official", "admin"}
SENDERS = {"member", "lead", "admin"}
NOW = timezone.now()


def _person(initiative, role):
    if role == "other_official":
        return OfficialFactory(municipality=MunicipalityFactory(code="GM0344", name="Utrecht"))
    return person_in(initiative, role)


def _client(user) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def _send(initiative, **overrides):
    values: dict[str, Any] = {
        "kind": SupportRequest.Kind.SUBSIDY,
        "title": "Subsidie voor het buurtfeest",
        "text": "Wij vragen geld voor tenten en muziek.",
        "amount": Decimal("750"),
        "now": NOW,
    }
    values.update(overrides)
    return services.support_request_send(user=lead_of(initiative), initiative=initiative, **values)


# --- services --------------------------------------------------------------------------------


def test_a_lead_sends_a_request_and_the_team_hears_of_it():
    # given
    initiative = InitiativeFactory()
    member = person_in(initiative, "member")
    department = DepartmentFactory(municipality=initiative.municipality, name="Subsidies")
    # when
    request = _send(initiative, department=department)
    # then
    request.refresh_from_db()
    assert (request.status, request.amount, request.department, request.received_at) == (
        SupportRequest.Status.RECEIVED,
        Decimal("750.00"),
        department,
        NOW,
    )
    assert list(request.events.values_list("status", "author")) == [
        ("received", lead_of(initiative).pk)
    ]
    assert list(Notification.objects.values_list("user", "kind", "url")) == [
        (member.pk, "request_update", f"/ondersteuning/{request.pk}/")
    ]


def test_a_request_for_advice_keeps_no_amount():
    initiative = InitiativeFactory()
    request = _send(initiative, kind=SupportRequest.Kind.ADVICE, amount=Decimal("10"))
    assert request.amount is None


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"kind": "loan"}, "kind"),
        ({"title": ""}, "title"),
        ({"title": "ab"}, "title"),
        ({"text": "   "}, "text"),
        ({"amount": None}, "amount"),
        ({"amount": Decimal("0")}, "amount"),
        ({"amount": Decimal("-5")}, "amount"),
        ({"amount": Decimal("1.005")}, "amount"),
        ({"amount": "veel"}, "amount"),
    ],
)
def test_a_wrong_request_is_refused_with_a_message_and_nothing_is_stored(overrides, field):
    initiative = InitiativeFactory()
    with pytest.raises(ValidationError) as caught:
        _send(initiative, **overrides)
    assert field in caught.value.message_dict
    assert SupportRequest.objects.exists() is False
    assert SupportRequestEvent.objects.exists() is False


def test_a_department_of_another_municipality_is_refused():
    initiative = InitiativeFactory()
    elsewhere = DepartmentFactory(municipality=MunicipalityFactory(code="GM0344", name="Utrecht"))
    with pytest.raises(ValidationError) as caught:
        _send(initiative, department=elsewhere)
    assert caught.value.message_dict == {
        "department": ["Kies een afdeling van de gemeente van dit initiatief."]
    }
    assert SupportRequest.objects.exists() is False


@pytest.mark.parametrize("phase", [Phase.FINISHED, Phase.STOPPED])
def test_a_closed_initiative_sends_no_request(phase):
    initiative = InitiativeFactory(phase=phase)
    with pytest.raises(ApplicationError):
        _send(initiative)
    assert SupportRequest.objects.exists() is False


def test_treat_and_decide_date_each_step_and_tell_the_team():
    # given
    initiative = InitiativeFactory()
    request = _send(initiative)
    official = OfficialFactory(municipality=initiative.municipality)
    department = DepartmentFactory(municipality=initiative.municipality, name="Wijkzaken")
    later = NOW + timedelta(days=3)
    # when
    services.support_request_treat(
        user=official, request=request, department=department, text="Ik pak het op.", now=later
    )
    services.support_request_decide(
        user=official,
        request=request,
        decision=SupportRequest.Decision.PARTLY,
        text="U krijgt 500 euro voor de tenten.",
        now=later + timedelta(days=7),
    )
    # then
    request.refresh_from_db()
    assert (request.status, request.decision, request.department, request.handled_by) == (
        "decided",
        "partly",
        department,
        official,
    )
    assert (request.in_treatment_at, request.decided_at) == (later, later + timedelta(days=7))
    assert list(request.events.values_list("status", "text")) == [
        ("received", ""),
        ("in_treatment", "Ik pak het op."),
        ("decided", "U krijgt 500 euro voor de tenten."),
    ]
    lead = lead_of(initiative)
    assert list(
        Notification.objects.filter(user=lead).order_by("pk").values_list("text", flat=True)
    ) == [
        "De gemeente behandelt nu uw vraag “Subsidie voor het buurtfeest”.",
        "De gemeente heeft besloten over uw vraag “Subsidie voor het buurtfeest”: deels toegekend.",
    ]


def test_deciding_straight_away_counts_as_treated_at_the_same_moment():
    initiative = InitiativeFactory()
    request = _send(initiative)
    official = OfficialFactory(municipality=initiative.municipality)
    services.support_request_decide(
        user=official, request=request, decision="granted", text="Prima plan.", now=NOW
    )
    request.refresh_from_db()
    assert request.in_treatment_at == request.decided_at == NOW


@pytest.mark.parametrize(
    ("decision", "text", "field"),
    [("maybe", "Uitleg.", "decision"), ("", "Uitleg.", "decision"), ("granted", " ", "text")],
)
def test_a_decision_needs_a_choice_and_a_reason(decision, text, field):
    initiative = InitiativeFactory()
    request = _send(initiative)
    official = OfficialFactory(municipality=initiative.municipality)
    with pytest.raises(ValidationError) as caught:
        services.support_request_decide(
            user=official, request=request, decision=decision, text=text, now=NOW
        )
    assert field in caught.value.message_dict
    request.refresh_from_db()
    assert (request.status, request.decided_at) == ("received", None)


def test_a_decided_request_cannot_be_decided_again_or_treated():
    initiative = InitiativeFactory()
    request = _send(initiative)
    official = OfficialFactory(municipality=initiative.municipality)
    services.support_request_decide(
        user=official, request=request, decision="refused", text="Geen budget.", now=NOW
    )
    with pytest.raises(ApplicationError, match="al besloten"):
        services.support_request_decide(
            user=official, request=request, decision="granted", text="Toch wel.", now=NOW
        )
    with pytest.raises(ApplicationError, match="al besloten"):
        services.support_request_treat(user=official, request=request, now=NOW)
    request.refresh_from_db()
    assert request.decision == "refused"


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_editors_send_requests(role):
    # given
    initiative = InitiativeFactory()
    user = _person(initiative, role)
    # then
    assert (permissions.request_send_problem(user, initiative) is None) is (role in SENDERS)
    if role not in SENDERS and user is not None:
        with pytest.raises(ApplicationError):
            services.support_request_send(
                user=user,
                initiative=initiative,
                kind="advice",
                title="Vraag",
                text="Tekst",
                now=NOW,
            )
        assert SupportRequest.objects.exists() is False


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_officials_of_this_municipality_and_admins_handle_a_request(role):
    # given
    initiative = InitiativeFactory()
    request = SupportRequestFactory(initiative=initiative)
    user = _person(initiative, role)
    # when / then
    assert (permissions.request_handle_problem(user, request) is None) is (role in HANDLERS)
    if role not in HANDLERS and user is not None:
        with pytest.raises(ApplicationError):
            services.support_request_treat(user=user, request=request, now=NOW)
        with pytest.raises(ApplicationError):
            services.support_request_decide(
                user=user, request=request, decision="granted", text="Ja.", now=NOW
            )
        request.refresh_from_db()
        assert (request.status, request.in_treatment_at, request.decided_at) == (
            "received",
            None,
            None,
        )
        assert request.events.exists() is False


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_the_two_sides_write_messages(role):
    initiative = InitiativeFactory()
    request = SupportRequestFactory(initiative=initiative)
    user = _person(initiative, role)
    allowed = SENDERS | HANDLERS
    assert (permissions.request_message_problem(user, request) is None) is (role in allowed)
    if role not in allowed and user is not None:
        with pytest.raises(ApplicationError):
            services.support_request_message(user=user, request=request, text="Hallo")
        assert request.events.exists() is False


# --- selectors: the municipality's view ------------------------------------------------------


def test_open_requests_are_oldest_first_with_their_age_and_overdue_flags():
    initiative = InitiativeFactory()
    recent = SupportRequestFactory(initiative=initiative, received_at=NOW - timedelta(days=3))
    waiting = SupportRequestFactory(initiative=initiative, received_at=NOW - timedelta(days=20))
    overdue = SupportRequestFactory(
        initiative=initiative,
        received_at=NOW - timedelta(days=60),
        status="in_treatment",
        in_treatment_at=NOW - timedelta(days=50),
    )
    SupportRequestFactory(
        initiative=initiative,
        received_at=NOW - timedelta(days=90),
        status="decided",
        decision="granted",
        decided_at=NOW - timedelta(days=80),
    )
    found = selectors.open_requests(municipality=initiative.municipality, now=NOW)
    assert [(o.request.pk, o.age_days, o.is_overdue, o.is_waiting_too_long) for o in found] == [
        (overdue.pk, 60, True, False),
        (waiting.pk, 20, False, True),
        (recent.pk, 3, False, False),
    ]


def test_answer_times_per_department_show_the_slowest_first():
    initiative = InitiativeFactory()
    fast = DepartmentFactory(municipality=initiative.municipality, name="Vergunningen")
    slow = DepartmentFactory(municipality=initiative.municipality, name="Subsidies")
    for department, treat_days, decide_days in ((fast, 1, 4), (fast, 3, 6), (slow, 10, 40)):
        SupportRequestFactory(
            initiative=initiative,
            department=department,
            received_at=NOW - timedelta(days=100),
            in_treatment_at=NOW - timedelta(days=100 - treat_days),
            decided_at=NOW - timedelta(days=100 - decide_days),
            status="decided",
            decision="granted",
        )
    SupportRequestFactory(
        initiative=initiative, department=None, received_at=NOW - timedelta(days=5)
    )
    times = selectors.answer_times(
        municipality=initiative.municipality, now=NOW, no_department="Nog geen afdeling"
    )
    assert [
        (t.name, t.days_to_treatment, t.days_to_decision, t.decided_count, t.open_count)
        for t in times
    ] == [
        ("Subsidies", 10.0, 40.0, 1, 0),
        ("Vergunningen", 2.0, 5.0, 2, 0),
        ("Nog geen afdeling", None, None, 0, 1),
    ]


# --- pages -----------------------------------------------------------------------------------


def test_a_lead_sends_a_request_through_the_form():
    initiative = InitiativeFactory()
    department = DepartmentFactory(municipality=initiative.municipality, name="Subsidies")
    client = _client(lead_of(initiative))
    url = reverse("initiatives:request-create", args=[initiative.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "kind": "subsidy",
            "title": "Tenten voor het feest",
            "text": "Wij willen drie tenten huren.",
            "amount": "300",
            "department": department.pk,
        },
    )
    request = SupportRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/ondersteuning/{request.pk}/"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Tenten voor het feest" in page.content.decode()


def test_a_subsidy_without_amount_shows_a_dutch_message_on_the_form():
    initiative = InitiativeFactory()
    client = _client(lead_of(initiative))
    response = client.post(
        reverse("initiatives:request-create", args=[initiative.pk]),
        {"kind": "subsidy", "title": "Tenten", "text": "Voor het feest."},
    )
    assert response.status_code == 400
    assert "Vul in hoeveel subsidie u vraagt." in response.content.decode()
    assert SupportRequest.objects.exists() is False


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_request_page_is_only_for_those_who_may_see_it(role):
    initiative = InitiativeFactory()
    request = SupportRequestFactory(initiative=initiative)
    user = _person(initiative, role)
    response = _client(user).get(request.get_absolute_url())
    if user is None:
        assert response.status_code == 302
    else:
        expected = 200 if permissions.can_view_request(user, request) else 404
        assert response.status_code == expected


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_handlers_can_post_treatment_and_decision(role):
    initiative = InitiativeFactory()
    request = SupportRequestFactory(initiative=initiative)
    user = _person(initiative, role)
    client = _client(user)
    treat = client.post(reverse("initiatives:request-treat", args=[request.pk]), {"text": ""})
    decide = client.post(
        reverse("initiatives:request-decide", args=[request.pk]),
        {"decision": "granted", "text": "Ja."},
    )
    request.refresh_from_db()
    if role in HANDLERS:
        assert (treat.status_code, decide.status_code) == (302, 302)
        assert request.status == "decided"
    else:
        assert treat.status_code in (302, 403, 404)
        assert decide.status_code in (302, 403, 404)
        if user is None:
            assert treat["Location"].startswith("/account/inloggen/")
        assert (request.status, request.events.count()) == ("received", 0)


def test_the_municipality_overview_lists_open_requests_for_officials_only():
    initiative = InitiativeFactory()
    SupportRequestFactory(initiative=initiative, title="Oude vraag over ruimte")
    official = OfficialFactory(municipality=initiative.municipality)
    response = _client(official).get(reverse("initiatives:request-overview"))
    assert response.status_code == 200
    assert "Oude vraag over ruimte" in response.content.decode()
    resident = ResidentFactory()
    assert _client(resident).get(reverse("initiatives:request-overview")).status_code == 403


def test_a_wijkspecialist_gives_advice_on_a_request_and_it_shows():
    initiative = InitiativeFactory()
    request = SupportRequestFactory(initiative=initiative)
    expert = expertise_for(initiative)
    client = _client(expert.user)
    response = client.post(
        reverse("initiatives:request-advice", args=[request.pk]),
        {"advice-text": "Vraag ook de woningcorporatie om een ruimte."},
    )
    assert response.status_code == 302
    assert list(request.contributions.values_list("text", flat=True)) == [
        "Vraag ook de woningcorporatie om een ruimte."
    ]
    ContributionFactory(initiative=initiative, request=request, text="Tweede advies.")
    page = client.get(request.get_absolute_url()).content.decode()
    assert "Vraag ook de woningcorporatie om een ruimte." in page
    assert "Tweede advies." in page


@time_machine.travel("2026-03-01 12:00 +01:00", tick=False)
def test_the_timeline_shows_the_date_of_each_step():
    initiative = InitiativeFactory()
    request = SupportRequestFactory(
        initiative=initiative,
        received_at=timezone.now() - timedelta(days=10),
        status="in_treatment",
        in_treatment_at=timezone.now() - timedelta(days=2),
    )
    page = _client(lead_of(initiative)).get(request.get_absolute_url()).content.decode()
    assert "19 februari 2026" in page
    assert "27 februari 2026" in page
    assert 'aria-current="step"' in page
