"""Who may do what with people, neighbourhoods and organisations: the one place that decides."""

from django.contrib.auth.models import AnonymousUser

from samenkracht.people.models import Membership, Neighbourhood, Organisation, User
from samenkracht.people.selectors import membership_get

AnyUser = User | AnonymousUser


def is_admin(user: AnyUser) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.role == User.Role.ADMIN))


def is_professional(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.role == User.Role.PROFESSIONAL)


def is_official(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.role == User.Role.OFFICIAL)


def can_register_resident(user: AnyUser, neighbourhood: Neighbourhood | None = None) -> bool:
    """A professional registers residents of the neighbourhoods they work in."""
    if is_admin(user):
        return True
    if not isinstance(user, User) or user.role != User.Role.PROFESSIONAL:
        return False
    if neighbourhood is None:
        return True
    return user.work_neighbourhoods.filter(pk=neighbourhood.pk).exists()


def can_print_letter(user: AnyUser, resident: User) -> bool:
    """Only the professional who registered a resident (or an admin) prints their letter."""
    if resident.is_deleted or resident.has_usable_password():
        return False
    if is_admin(user):
        return True
    return is_professional(user) and resident.registered_by_id == user.pk


def can_view_people(user: AnyUser) -> bool:
    """Profiles of other people are visible to signed-in people only."""
    return bool(user.is_authenticated and user.is_active)


def can_view_person(user: AnyUser, person: User) -> bool:
    return can_view_people(user) and person.is_active and not person.is_deleted


def can_view_municipality_overview(user: AnyUser) -> bool:
    return is_official(user) or is_admin(user)


def can_view_professional_desk(user: AnyUser) -> bool:
    return is_professional(user) or is_admin(user)


def can_create_organisation(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active)


def can_edit_organisation(user: AnyUser, organisation: Organisation) -> bool:
    if is_admin(user):
        return True
    membership = membership_get(organisation=organisation, user=user)  # type: ignore[arg-type]
    return membership is not None and membership.role == Membership.Role.ADMIN


def can_use_api_tokens(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active)
