"""Who may do what with initiatives, coalitions and support requests: the one place that decides.

Functions named `*_problem` return the reason in plain Dutch why a person may not do
something (or None); services raise it as an ApplicationError, pages show it. The `can_*`
functions answer yes or no from the same rules.
"""

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _

from samenkracht.initiatives import selectors
from samenkracht.initiatives.models import Initiative, InitiativeMember, SupportRequest
from samenkracht.people.models import Neighbourhood, User
from samenkracht.people.permissions import is_admin, is_official, is_professional

AnyUser = User | AnonymousUser

# Leads and the core team edit an initiative; volunteers help but do not edit.
EDITOR_ROLES: tuple[str, ...] = (InitiativeMember.Role.LEAD, InitiativeMember.Role.MEMBER)


def _is_active_person(user: AnyUser) -> bool:
    return bool(
        isinstance(user, User) and user.is_authenticated and user.is_active and not user.is_deleted
    )


def _is_official_of(user: AnyUser, municipality_id: int) -> bool:
    return is_official(user) and user.municipality_id == municipality_id  # type: ignore[union-attr]


# --- initiatives -----------------------------------------------------------------------------


def can_create_initiative(user: AnyUser) -> bool:
    """Every active person may start an initiative."""
    return _is_active_person(user)


def is_editor(user: AnyUser, initiative: Initiative) -> bool:
    """A lead or core-team member of the initiative (or an admin)."""
    if not _is_active_person(user):
        return False
    if is_admin(user):
        return True
    role = selectors.member_role(initiative=initiative, user=user)  # type: ignore[arg-type]
    return role in EDITOR_ROLES


def initiative_edit_problem(user: AnyUser, initiative: Initiative) -> str | None:
    """Why `user` may not change the initiative, its team, needs, coalition or news."""
    if not is_editor(user, initiative):
        return _("Alleen de trekkers en het kernteam van dit initiatief kunnen het aanpassen.")
    if initiative.phase == "stopped":
        return _(
            "Dit initiatief is gestopt. Zet het eerst weer in een andere fase als u verder wilt."
        )
    return None


def can_edit_initiative(user: AnyUser, initiative: Initiative) -> bool:
    return initiative_edit_problem(user, initiative) is None


def can_change_phase(user: AnyUser, initiative: Initiative) -> bool:
    """Editors move the phase, also out of 'stopped' (restarting is allowed, and logged)."""
    return is_editor(user, initiative)


def can_manage_team(user: AnyUser, initiative: Initiative) -> bool:
    """Only leads add or remove people, so that a team cannot be taken over from inside."""
    if not _is_active_person(user) or initiative.phase == "stopped":
        return False
    if is_admin(user):
        return True
    role = selectors.member_role(initiative=initiative, user=user)  # type: ignore[arg-type]
    return role == InitiativeMember.Role.LEAD


def join_problem(user: AnyUser, initiative: Initiative) -> str | None:
    """Why `user` may not join the initiative as a volunteer."""
    if not _is_active_person(user):
        return _("Log in om mee te doen.")
    if initiative.is_closed:
        return _("Dit initiatief is afgelopen; meedoen kan niet meer.")
    if selectors.member_role(initiative=initiative, user=user) is not None:  # type: ignore[arg-type]
        return _("U doet al mee met dit initiatief.")
    return None


def can_join(user: AnyUser, initiative: Initiative) -> bool:
    return join_problem(user, initiative) is None


def can_follow(user: AnyUser, initiative: Initiative) -> bool:
    return _is_active_person(user)


# --- support requests ------------------------------------------------------------------------


def can_send_request(user: AnyUser, initiative: Initiative) -> bool:
    """The initiative's editors ask the municipality for support."""
    return can_edit_initiative(user, initiative)


def can_handle_request(user: AnyUser, request: SupportRequest) -> bool:
    """Officials of the initiative's municipality (and admins) treat and decide requests."""
    if not _is_active_person(user):
        return False
    return is_admin(user) or _is_official_of(user, request.initiative.municipality_id)


def can_view_request(user: AnyUser, request: SupportRequest) -> bool:
    """The initiative's team, the municipality, professionals and wijkspecialists of the area.

    Requests are not public: they may name amounts and people's plans before a decision.
    """
    return can_view_requests_of(user, request.initiative)


def can_view_requests_of(user: AnyUser, initiative: Initiative) -> bool:
    """Who sees an initiative's support requests: the same people as each request itself."""
    if not _is_active_person(user):
        return False
    if is_admin(user) or _is_official_of(user, initiative.municipality_id):
        return True
    role = selectors.member_role(initiative=initiative, user=user)  # type: ignore[arg-type]
    if role in EDITOR_ROLES:
        return True
    if is_professional(user) and selectors.works_in_area(initiative=initiative, user=user):  # type: ignore[arg-type]
        return True
    return selectors.expertise_for_initiative(initiative=initiative, user=user) is not None  # type: ignore[arg-type]


# --- the municipality's overview -------------------------------------------------------------


def can_view_overview(user: AnyUser) -> bool:
    """Officials, professionals and admins see the overview with open requests and their age."""
    if not _is_active_person(user):
        return False
    return is_admin(user) or is_official(user) or is_professional(user)


# --- recognised expertise --------------------------------------------------------------------


def can_recognise_expertise(user: AnyUser, neighbourhood: Neighbourhood) -> bool:
    """Officials of the municipality, professionals of the buurt, and admins recognise experts."""
    if not _is_active_person(user):
        return False
    if is_admin(user):
        return True
    if is_official(user):
        return bool(user.municipality_id == neighbourhood.district.municipality_id)  # type: ignore[union-attr]
    if is_professional(user):
        return user.work_neighbourhoods.filter(pk=neighbourhood.pk).exists()  # type: ignore[union-attr]
    return False


def can_contribute(user: AnyUser, initiative: Initiative) -> bool:
    """A wijkspecialist of one of the initiative's domains and buurten gives advice on it."""
    if not _is_active_person(user) or initiative.is_closed:
        return False
    return selectors.expertise_for_initiative(initiative=initiative, user=user) is not None  # type: ignore[arg-type]


# --- support requests: sending, handling, messages (helper B) --------------------------------


def request_send_problem(user: AnyUser, initiative: Initiative) -> str | None:
    """Why `user` may not ask the municipality for support for this initiative."""
    if not _is_active_person(user):
        return _("Log in om de gemeente om steun te vragen.")
    if not is_editor(user, initiative):
        return _("Alleen de trekkers en het kernteam van dit initiatief kunnen steun vragen.")
    if initiative.is_closed:
        return _("Dit initiatief is afgelopen of gestopt; u kunt geen nieuwe vraag sturen.")
    return None


def request_handle_problem(user: AnyUser, request: SupportRequest) -> str | None:
    """Why `user` may not move the request on (treat it, decide on it)."""
    if not can_handle_request(user, request):
        return _("Alleen medewerkers van de gemeente van dit initiatief behandelen deze vraag.")
    if request.status == SupportRequest.Status.DECIDED:
        return _("Over deze vraag is al besloten.")
    return None


def request_message_problem(user: AnyUser, request: SupportRequest) -> str | None:
    """Why `user` may not write a message on the request: only its two sides talk there."""
    if can_handle_request(user, request):
        return None
    if _is_active_person(user) and is_editor(user, request.initiative):
        return None
    return _("Alleen het team van het initiatief en de gemeente schrijven hier berichten.")


def can_view_request_overview(user: AnyUser) -> bool:
    """Officials (of their own municipality) and admins see all open requests and their age.

    An official without a municipality sees none: no municipality would mean all of them.
    """
    if not _is_active_person(user):
        return False
    if is_admin(user):
        return True
    return is_official(user) and user.municipality_id is not None  # type: ignore[union-attr]
