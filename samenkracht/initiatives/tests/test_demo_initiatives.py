"""The demo's initiatives: valid rows, a believable history, the same rows for the same seed."""

from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from samenkracht.initiatives.demo import (
    NL_BOUNDS,
    demo_initiatives_default_count,
    demo_initiatives_generate,
)
from samenkracht.initiatives.models import (
    CLOSED_PHASES,
    Contribution,
    Department,
    Expertise,
    Initiative,
    InitiativeMember,
    Partner,
    PartnerRole,
    Phase,
    PhaseChange,
    Resource,
    SupportRequest,
    SupportRequestEvent,
)
from samenkracht.initiatives.selectors import data_version
from samenkracht.people.demo import demo_generate
from samenkracht.people.models import Organisation, User

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


@pytest.fixture
def demo_city():
    call_command("import_neighbourhoods", "--builtin", stdout=StringIO())
    demo_generate(residents=300, seed=7, now=NOW)


def _signature() -> list[tuple[object, ...]]:
    return [
        (
            initiative.name,
            initiative.phase,
            initiative.phase_since,
            round(initiative.latitude, 6),
            tuple(sorted(d.slug for d in initiative.domains.all())),
            tuple(sorted(m.user.username for m in initiative.members.all())),
            tuple(sorted((r.title, r.status) for r in initiative.support_requests.all())),
        )
        for initiative in Initiative.objects.order_by("id").prefetch_related(
            "domains", "members__user", "support_requests"
        )
    ]


def _wipe() -> None:
    Initiative.objects.all().delete()
    Expertise.objects.all().delete()


def test_the_command_makes_valid_initiatives_with_teams_partners_and_requests(demo_city):
    # when
    out = StringIO()
    call_command("generate_demo_initiatives", "--initiatives", "60", stdout=out)

    # then
    assert Initiative.objects.count() == 60
    assert "Gemaakt: 60 initiatieven" in out.getvalue()
    for initiative in Initiative.objects.prefetch_related("phase_changes"):
        initiative.full_clean()
        assert NL_BOUNDS[0] <= initiative.latitude <= NL_BOUNDS[1]
        assert NL_BOUNDS[2] <= initiative.longitude <= NL_BOUNDS[3]
        history = list(initiative.phase_changes.all())
        assert history[0].phase == Phase.IDEA
        assert history[-1].phase == initiative.phase
        assert history[-1].date == initiative.phase_since
        assert [change.date for change in history] == sorted(change.date for change in history)
        assert initiative.created_at <= datetime.now(tz=UTC)
    assert not Initiative.objects.annotate(n=Count("domains")).filter(n=0).exists()
    assert not Initiative.objects.annotate(n=Count("neighbourhoods")).filter(n=0).exists()
    leads = InitiativeMember.objects.filter(role=InitiativeMember.Role.LEAD)
    assert set(leads.values_list("initiative", flat=True)) == set(
        Initiative.objects.values_list("id", flat=True)
    )
    assert Resource.objects.filter(direction=Resource.Direction.NEED).exists()
    assert Partner.objects.filter(organisation__domain=Organisation.Domain.OVERHEID).exists()
    for role in PartnerRole.objects.filter(partner__initiative__phase__in=CLOSED_PHASES):
        assert role.ends_on is not None
        assert role.ends_on >= role.starts_on
    assert set(Department.objects.values_list("name", flat=True)) >= {
        "Subsidies",
        "Vastgoed",
        "Vergunningen",
        "Wijkzaken",
        "Sociaal Domein",
    }
    assert Expertise.objects.count() >= 3
    for contribution in Contribution.objects.select_related("expertise", "initiative"):
        assert contribution.expertise.domain in contribution.initiative.domains.all()


def test_requests_have_their_steps_in_order(demo_city):
    # when
    demo_initiatives_generate(initiatives=80, seed=3)

    # then
    requests = SupportRequest.objects.prefetch_related("events")
    assert {r.status for r in requests} == set(SupportRequest.Status)
    for request in requests:
        request.full_clean()
        events = list(request.events.all())
        assert events[0].status == SupportRequest.Status.RECEIVED
        assert events[-1].status == request.status
        if request.in_treatment_at is not None:
            assert request.received_at <= request.in_treatment_at
        if request.status == SupportRequest.Status.DECIDED:
            assert request.decision != ""
            assert request.in_treatment_at is not None
            assert request.decided_at is not None
            assert request.in_treatment_at <= request.decided_at
        else:
            assert request.decision == ""
            assert request.decided_at is None
    assert SupportRequestEvent.objects.count() >= requests.count()


def test_the_demo_logins_find_their_initiatives_and_requests(demo_city):
    # when
    demo_initiatives_generate(initiatives=20, seed=4)

    # then
    bewoner = User.objects.get(username="bewoner")
    led = Initiative.objects.filter(members__user=bewoner, members__role=InitiativeMember.Role.LEAD)
    assert led.count() == 2
    assert set(led.values_list("phase", flat=True)) == {Phase.RUNNING, Phase.IDEA}
    statuses = set(
        SupportRequest.objects.filter(initiative__in=led).values_list("status", flat=True)
    )
    assert statuses == set(SupportRequest.Status)
    assert SupportRequest.objects.filter(handled_by__username="gemeente").exists()
    assert Expertise.objects.filter(user=bewoner).exists()


def test_the_generated_initiatives_show_in_the_overview_at_once(demo_city):
    # given: an overview read before, cached under the data version of then
    before = data_version()
    # when (bulk_create sends no signals)
    demo_initiatives_generate(initiatives=10, seed=4)
    # then
    assert data_version() != before


def test_the_same_seed_gives_the_same_initiatives_and_another_seed_others(demo_city):
    # given
    demo_initiatives_generate(initiatives=30, seed=5, now=NOW)
    first = _signature()
    _wipe()

    # when
    demo_initiatives_generate(initiatives=30, seed=5, now=NOW)
    again = _signature()
    _wipe()
    demo_initiatives_generate(initiatives=30, seed=6, now=NOW)
    other = _signature()

    # then
    assert again == first
    assert other != first


def test_timestamps_are_the_generated_ones_and_automatic_again_afterwards(demo_city):
    # when
    demo_initiatives_generate(initiatives=30, seed=5, now=NOW)

    # then
    assert Initiative.objects.filter(created_at__lt=NOW).count() == 30
    assert PhaseChange.objects.filter(created_at__gt=NOW).count() == 0
    assert Initiative._meta.get_field("created_at").auto_now_add is True
    assert Initiative._meta.get_field("updated_at").auto_now is True


def test_if_empty_leaves_existing_initiatives_alone(demo_city):
    # given
    call_command("generate_demo_initiatives", "--initiatives", "12", stdout=StringIO())
    names = set(Initiative.objects.values_list("name", flat=True))

    # when
    out = StringIO()
    call_command("generate_demo_initiatives", "--if-empty", stdout=out)

    # then
    assert "overgeslagen" in out.getvalue()
    assert set(Initiative.objects.values_list("name", flat=True)) == names


def test_the_default_number_follows_the_number_of_residents(demo_city):
    # when
    call_command("generate_demo_initiatives", stdout=StringIO())

    # then
    assert demo_initiatives_default_count() == 18
    assert Initiative.objects.count() == 18


def test_without_residents_the_command_says_what_to_run_first():
    # given
    call_command("import_neighbourhoods", "--builtin", stdout=StringIO())

    # when / then
    with pytest.raises(CommandError, match="generate_demo"):
        call_command("generate_demo_initiatives", stdout=StringIO())
    assert Initiative.objects.exists() is False
