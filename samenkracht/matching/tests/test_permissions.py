"""Who may do what with asks, offers, contacts and the desk, for every role."""

import pytest
from django.contrib.auth.models import AnonymousUser

from samenkracht.matching import permissions
from samenkracht.matching.models import Block, Contact, Listing, Outcome
from samenkracht.matching.tests.factories import ContactFactory, ListingFactory, OfferFactory
from samenkracht.people.tests.factories import (
    ROLES,
    NeighbourhoodFactory,
    ProfessionalFactory,
    ResidentFactory,
    person_for_role,
)

pytestmark = pytest.mark.django_db


def _actor(role, neighbourhood=None):
    if role == "professional":
        return ProfessionalFactory(work_neighbourhoods=[neighbourhood] if neighbourhood else [])
    return person_for_role(role) or AnonymousUser()


@pytest.mark.parametrize(
    ("role", "expected"),
    list(zip(ROLES, [False, True, True, True, True], strict=True)),
)
def test_can_post_listing(role, expected):
    assert permissions.can_post_listing(_actor(role)) is expected


def test_can_post_listing_not_when_deactivated():
    assert permissions.can_post_listing(ResidentFactory(is_active=False)) is False


@pytest.mark.parametrize(
    ("role", "expected"),
    list(zip(ROLES, [False, False, True, False, True], strict=True)),
)
def test_can_post_on_behalf_of_a_resident_of_the_work_area(role, expected):
    resident = ResidentFactory()
    assert (
        permissions.can_post_on_behalf(_actor(role, resident.neighbourhood), resident) is expected
    )


def test_can_post_on_behalf_not_outside_the_work_area():
    resident = ResidentFactory()
    professional = ProfessionalFactory(work_neighbourhoods=[NeighbourhoodFactory()])
    assert permissions.can_post_on_behalf(professional, resident) is False


@pytest.mark.parametrize(
    ("role", "expected"),
    list(zip(ROLES, [False, False, False, False, True], strict=True)),
)
def test_can_edit_listing_of_someone_else(role, expected):
    listing = ListingFactory()
    assert permissions.can_edit_listing(_actor(role, listing.neighbourhood), listing) is expected


def test_can_edit_listing_as_owner_or_as_the_professional_who_posted_it():
    resident = ResidentFactory()
    professional = ProfessionalFactory(work_neighbourhoods=[resident.neighbourhood])
    listing = ListingFactory(owner=resident, created_by=professional)
    assert permissions.can_edit_listing(resident, listing) is True
    assert permissions.can_edit_listing(professional, listing) is True


@pytest.mark.parametrize(
    ("role", "expected"),
    list(zip(ROLES, [False, True, True, True, True], strict=True)),
)
def test_can_view_open_listing_when_signed_in(role, expected):
    assert permissions.can_view_listing(_actor(role), ListingFactory()) is expected


@pytest.mark.parametrize(
    ("role", "expected"),
    list(zip(ROLES, [False, False, False, False, False], strict=True)),
)
def test_can_view_closed_listing_only_as_owner(role, expected):
    listing = ListingFactory(status=Listing.Status.WITHDRAWN)
    assert permissions.can_view_listing(_actor(role), listing) is expected
    assert permissions.can_view_listing(listing.owner, listing) is True


@pytest.mark.parametrize(
    ("role", "expected"),
    list(zip(ROLES, [False, True, True, True, True], strict=True)),
)
def test_can_contact_someone_elses_open_listing(role, expected):
    assert permissions.can_contact(_actor(role), ListingFactory()) is expected


def test_can_contact_not_own_closed_or_blocked():
    listing = ListingFactory()
    closed = ListingFactory(status=Listing.Status.MATCHED)
    blocker = ResidentFactory()
    Block.objects.create(blocker=listing.owner, blocked=blocker)
    assert permissions.can_contact(listing.owner, listing) is False
    assert permissions.can_contact(ResidentFactory(), closed) is False
    assert permissions.can_contact(blocker, listing) is False


@pytest.mark.parametrize("role", ROLES)
def test_can_view_contact_never_for_outsiders_not_even_admins(role):
    contact = ContactFactory()
    assert permissions.can_view_contact(_actor(role, contact.ask.neighbourhood), contact) is False


def test_can_view_contact_for_both_participants():
    contact = ContactFactory()
    assert permissions.can_view_contact(contact.initiator, contact) is True
    assert permissions.can_view_contact(contact.recipient, contact) is True


def test_can_respond_contact_only_the_recipient_of_a_pending_contact():
    contact = ContactFactory()
    answered = ContactFactory(accepted=True)
    assert permissions.can_respond_contact(contact.recipient, contact) is True
    assert permissions.can_respond_contact(contact.initiator, contact) is False
    assert permissions.can_respond_contact(answered.recipient, answered) is False


def test_can_respond_contact_introduction_asking_side_first():
    contact = ContactFactory(is_initiator_accepted=False)
    assert permissions.can_respond_contact(contact.initiator, contact) is True
    assert permissions.can_respond_contact(contact.recipient, contact) is False


@pytest.mark.parametrize(
    ("status", "expected"),
    [(Contact.Status.PENDING, False), (Contact.Status.ACCEPTED, True), ("declined", False)],
)
def test_can_send_message_only_when_accepted(status, expected):
    contact = ContactFactory(status=status)
    assert permissions.can_send_message(contact.initiator, contact) is expected
    assert permissions.can_send_message(ResidentFactory(), contact) is False


def test_can_send_message_not_after_a_block():
    contact = ContactFactory(accepted=True)
    Block.objects.create(blocker=contact.initiator, blocked=contact.recipient)
    assert permissions.can_send_message(contact.recipient, contact) is False


def test_can_record_outcome_once_per_side_after_acceptance():
    contact = ContactFactory(accepted=True)
    Outcome.objects.create(contact=contact, respondent=contact.initiator, result="matched")
    assert permissions.can_record_outcome(contact.initiator, contact) is False
    assert permissions.can_record_outcome(contact.recipient, contact) is True
    assert permissions.can_record_outcome(contact.recipient, ContactFactory()) is False


@pytest.mark.parametrize(
    ("role", "expected"),
    list(zip(ROLES, [False, False, True, False, True], strict=True)),
)
def test_can_introduce_in_the_work_area(role, expected):
    ask = ListingFactory()
    offer = OfferFactory(category=ask.category)
    assert permissions.can_introduce(_actor(role, ask.neighbourhood), ask, offer) is expected


def test_can_introduce_not_outside_the_work_area_or_with_wrong_kinds():
    ask = ListingFactory()
    offer = OfferFactory()
    elsewhere = ProfessionalFactory(work_neighbourhoods=[NeighbourhoodFactory()])
    here = ProfessionalFactory(work_neighbourhoods=[ask.neighbourhood])
    assert permissions.can_introduce(elsewhere, ask, offer) is False
    assert permissions.can_introduce(here, offer, ask) is False


@pytest.mark.parametrize(
    ("role", "expected"),
    list(zip(ROLES, [False, False, True, False, True], strict=True)),
)
def test_can_view_desk_of_the_work_area(role, expected):
    neighbourhood = NeighbourhoodFactory()
    assert permissions.can_view_desk(_actor(role, neighbourhood), neighbourhood) is expected


def test_can_view_desk_not_of_another_neighbourhood():
    professional = ProfessionalFactory(work_neighbourhoods=[NeighbourhoodFactory()])
    assert permissions.can_view_desk(professional, NeighbourhoodFactory()) is False
