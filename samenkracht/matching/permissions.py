"""Who may do what with asks, offers, contacts and the desk: the one place that decides."""

from django.contrib.auth.models import AnonymousUser

from samenkracht.matching.models import Contact, Listing, Outcome
from samenkracht.matching.selectors import block_exists_between, outcome_exists, outcome_get
from samenkracht.people.models import Neighbourhood, User
from samenkracht.people.permissions import is_admin, is_professional

AnyUser = User | AnonymousUser


def _is_active_person(user: AnyUser) -> bool:
    return bool(
        isinstance(user, User) and user.is_authenticated and user.is_active and not user.is_deleted
    )


def _works_in(user: AnyUser, neighbourhood_id: int | None) -> bool:
    if not is_professional(user) or neighbourhood_id is None:
        return False
    return user.work_neighbourhoods.filter(pk=neighbourhood_id).exists()  # type: ignore[union-attr]


def _is_participant(user: AnyUser, contact: Contact) -> bool:
    if not _is_active_person(user):
        return False
    return user.pk in {contact.initiator_id, contact.recipient_id}


def can_post_listing(user: AnyUser) -> bool:
    """Everyone who is signed in has something to ask and something to offer."""
    return _is_active_person(user)


def can_post_on_behalf(user: AnyUser, resident: User) -> bool:
    """A professional posts for a resident of a neighbourhood they work in; so may an admin."""
    if not _is_active_person(user) or not _is_active_person(resident):
        return False
    if user.pk == resident.pk:
        return False
    if is_admin(user):
        return True
    if resident.role != User.Role.RESIDENT:
        return False
    return _works_in(user, resident.neighbourhood_id)


def can_edit_listing(user: AnyUser, listing: Listing) -> bool:
    if not _is_active_person(user):
        return False
    if user.pk == listing.owner_id:
        return True
    if is_admin(user):
        return True
    if listing.created_by_id is None or user.pk != listing.created_by_id:
        return False
    return can_post_on_behalf(user, listing.owner)


def can_view_listing(user: AnyUser, listing: Listing) -> bool:
    """Open asks and offers are for signed-in people; closed ones only for their owner."""
    if not _is_active_person(user):
        return False
    if listing.is_open:
        return True
    return user.pk in {listing.owner_id, listing.created_by_id}


def can_contact(user: AnyUser, listing: Listing) -> bool:
    """React to someone else's open ask or offer, unless one of the two blocked the other."""
    if not _is_active_person(user):
        return False
    if user.pk == listing.owner_id:
        return False
    if not listing.is_open:
        return False
    return not block_exists_between(user.pk, listing.owner_id)


def can_respond_contact(user: AnyUser, contact: Contact) -> bool:
    """Accept or decline; in an introduction the asking side answers first."""
    if not _is_participant(user, contact):
        return False
    if contact.status != Contact.Status.PENDING:
        return False
    if not contact.is_initiator_accepted:
        return user.pk == contact.initiator_id
    return user.pk == contact.recipient_id


def can_view_contact(user: AnyUser, contact: Contact) -> bool:
    """Only the two people in a conversation read it; not even an admin, for their privacy."""
    return _is_participant(user, contact)


def can_send_message(user: AnyUser, contact: Contact) -> bool:
    if not _is_participant(user, contact):
        return False
    if contact.status != Contact.Status.ACCEPTED:
        return False
    return not block_exists_between(contact.initiator_id, contact.recipient_id)


def can_record_outcome(user: AnyUser, contact: Contact) -> bool:
    if not _is_participant(user, contact):
        return False
    if contact.status != Contact.Status.ACCEPTED:
        return False
    return not outcome_exists(contact=contact, respondent_id=user.pk)


def can_change_outcome_hours(user: AnyUser, contact: Contact) -> bool:
    """Who said it worked may say, or correct, how long it took."""
    if not _is_participant(user, contact):
        return False
    outcome = outcome_get(contact=contact, respondent_id=user.pk)
    return outcome is not None and outcome.result == Outcome.Result.MATCHED


def can_introduce(user: AnyUser, ask: Listing, offer: Listing) -> bool:
    """A professional introduces an ask and an offer when one of them is in their work area."""
    if not _is_active_person(user):
        return False
    if ask.kind != Listing.Kind.ASK or offer.kind != Listing.Kind.OFFER:
        return False
    if not ask.is_open or not offer.is_open:
        return False
    if ask.owner_id == offer.owner_id:
        return False
    if is_admin(user):
        return True
    return _works_in(user, ask.neighbourhood_id) or _works_in(user, offer.neighbourhood_id)


def can_view_desk(user: AnyUser, neighbourhood: Neighbourhood) -> bool:
    if not _is_active_person(user):
        return False
    if is_admin(user):
        return True
    return _works_in(user, neighbourhood.pk)


def can_handle_report(user: AnyUser) -> bool:
    """Reports of abuse are judged and closed by admins only."""
    if not _is_active_person(user):
        return False
    return is_admin(user)
