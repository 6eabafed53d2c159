import pytest
from django.contrib.auth.models import AnonymousUser

from samenkracht.people import permissions, services
from samenkracht.people.models import Membership
from samenkracht.people.tests.factories import (
    AdminFactory,
    MembershipFactory,
    NeighbourhoodFactory,
    OfficialFactory,
    OrganisationFactory,
    ProfessionalFactory,
    ResidentFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "resident", "professional", "official", "admin"]


def _actor(role, neighbourhood=None):
    if role == "anonymous":
        return AnonymousUser()
    if role == "professional":
        return ProfessionalFactory(work_neighbourhoods=[neighbourhood] if neighbourhood else [])
    return {"resident": ResidentFactory, "official": OfficialFactory, "admin": AdminFactory}[role]()


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", False),
        ("resident", False),
        ("professional", True),
        ("official", False),
        ("admin", True),
    ],
)
def test_can_register_resident_in_own_work_area(role, expected):
    neighbourhood = NeighbourhoodFactory()
    assert permissions.can_register_resident(_actor(role, neighbourhood), neighbourhood) is expected


def test_professional_cannot_register_outside_work_area():
    own, other = NeighbourhoodFactory(), NeighbourhoodFactory()
    professional = ProfessionalFactory(work_neighbourhoods=[own])
    assert permissions.can_register_resident(professional, other) is False


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", False),
        ("resident", False),
        ("professional", False),
        ("official", False),
        ("admin", True),
    ],
)
def test_can_print_letter_only_for_own_registrations_or_admin(role, expected):
    neighbourhood = NeighbourhoodFactory()
    registrar = ProfessionalFactory(work_neighbourhoods=[neighbourhood])
    resident, _code = services.resident_register_on_behalf(
        professional=registrar, first_name="Riet", last_name="Mol", neighbourhood=neighbourhood
    )
    assert permissions.can_print_letter(_actor(role, neighbourhood), resident) is expected
    assert permissions.can_print_letter(registrar, resident) is True


def test_no_letter_once_the_resident_has_a_password():
    neighbourhood = NeighbourhoodFactory()
    registrar = ProfessionalFactory(work_neighbourhoods=[neighbourhood])
    resident, code = services.resident_register_on_behalf(
        professional=registrar, first_name="Riet", last_name="Mol", neighbourhood=neighbourhood
    )
    services.user_activate(username=resident.username, code=code, password="Buurt-Samen-2026!")
    resident.refresh_from_db()
    assert permissions.can_print_letter(registrar, resident) is False


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", False),
        ("resident", False),
        ("professional", False),
        ("official", True),
        ("admin", True),
    ],
)
def test_can_view_municipality_overview(role, expected):
    assert permissions.can_view_municipality_overview(_actor(role)) is expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", False),
        ("resident", False),
        ("professional", True),
        ("official", False),
        ("admin", True),
    ],
)
def test_can_view_professional_desk(role, expected):
    assert permissions.can_view_professional_desk(_actor(role)) is expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", False),
        ("resident", True),
        ("professional", True),
        ("official", True),
        ("admin", True),
    ],
)
def test_can_view_person_needs_a_signed_in_user(role, expected):
    person = ResidentFactory()
    assert permissions.can_view_person(_actor(role), person) is expected


def test_nobody_views_a_deleted_person():
    person = ResidentFactory()
    services.user_delete(user=person)
    person.refresh_from_db()
    assert permissions.can_view_person(AdminFactory(), person) is False


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", False),
        ("resident", False),
        ("professional", False),
        ("official", False),
        ("admin", True),
    ],
)
def test_can_edit_organisation_as_outsider(role, expected):
    organisation = OrganisationFactory()
    assert permissions.can_edit_organisation(_actor(role), organisation) is expected


@pytest.mark.parametrize(
    ("membership_role", "expected"),
    [
        (Membership.Role.ADMIN, True),
        (Membership.Role.STAFF, False),
        (Membership.Role.MEMBER, False),
    ],
)
def test_can_edit_organisation_as_member(membership_role, expected):
    membership = MembershipFactory(role=membership_role)
    assert permissions.can_edit_organisation(membership.user, membership.organisation) is expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", False),
        ("resident", True),
        ("professional", True),
        ("official", True),
        ("admin", True),
    ],
)
def test_can_create_organisation_and_use_api_tokens(role, expected):
    actor = _actor(role)
    assert permissions.can_create_organisation(actor) is expected
    assert permissions.can_use_api_tokens(actor) is expected
