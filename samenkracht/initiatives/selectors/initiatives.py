"""Reads of initiatives for residents: the list, one initiative with all around it, the map."""

import math
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from samenkracht.core.geo import Point, distance_km
from samenkracht.initiatives.models import (
    Contribution,
    Expertise,
    Initiative,
    InitiativeFollow,
    InitiativeMember,
    InitiativeUpdate,
    Partner,
    PartnerRole,
    PhaseChange,
    PolicyDomain,
    Resource,
)
from samenkracht.people.models import Neighbourhood, Organisation, User

NEAR_LIMIT = 5
USER_SEARCH_LIMIT = 10


def policy_domain_list() -> QuerySet[PolicyDomain]:
    return PolicyDomain.objects.filter(is_active=True).order_by("position", "name")


def _list_qs() -> QuerySet[Initiative]:
    # Two prefetches for the whole page, whatever its size: the list never runs one query
    # per initiative.
    return (
        Initiative.objects.select_related("municipality")
        .prefetch_related(
            Prefetch("domains", queryset=PolicyDomain.objects.order_by("position", "name")),
            Prefetch("neighbourhoods", queryset=Neighbourhood.objects.order_by("name")),
        )
        .annotate(
            member_count=Count("members", distinct=True),
            open_need_count=Count(
                "resources",
                filter=Q(
                    resources__direction=Resource.Direction.NEED, resources__is_fulfilled=False
                ),
                distinct=True,
            ),
        )
    )


def initiative_list(
    *,
    text: str = "",
    domain: PolicyDomain | None = None,
    neighbourhood: Neighbourhood | None = None,
    phase: str = "",
) -> QuerySet[Initiative]:
    """Initiatives matching the resident's search, by name."""
    qs = _list_qs()
    if text:
        qs = qs.filter(
            Q(name__icontains=text) | Q(goal__icontains=text) | Q(description__icontains=text)
        )
    if domain is not None:
        qs = qs.filter(domains=domain)
    if neighbourhood is not None:
        qs = qs.filter(neighbourhoods=neighbourhood)
    if phase:
        qs = qs.filter(phase=phase)
    return qs.order_by("name", "id")


def initiative_get(*, pk: int) -> Initiative | None:
    return _list_qs().filter(pk=pk).first()


def initiatives_near(*, user: User, limit: int = NEAR_LIMIT) -> list[Initiative]:
    """The running and starting initiatives nearest to the centre of the person's buurt.

    Initiatives in the person's municipality only; the distance is measured in Python over
    that municipality's initiatives, which stays small (hundreds at most per municipality).
    """
    neighbourhood = user.neighbourhood
    if neighbourhood is None:
        return []
    home = Point(lat=neighbourhood.latitude, lon=neighbourhood.longitude)
    candidates = (
        _list_qs()
        .filter(municipality_id=neighbourhood.district.municipality_id)
        .exclude(phase__in=["finished", "stopped"])
    )
    ranked = sorted(
        candidates,
        key=lambda i: (distance_km(home, Point(lat=i.latitude, lon=i.longitude)), i.pk),
    )
    for initiative in ranked[:limit]:
        initiative.distance_km = distance_km(  # type: ignore[attr-defined]
            home, Point(lat=initiative.latitude, lon=initiative.longitude)
        )
    return ranked[:limit]


def initiatives_of_user(*, user: User) -> QuerySet[Initiative]:
    """Initiatives the person takes part in or follows."""
    return _list_qs().filter(Q(members__user=user) | Q(follows__user=user)).distinct()


def phase_change_list(*, initiative: Initiative) -> QuerySet[PhaseChange]:
    return PhaseChange.objects.filter(initiative=initiative).select_related("changed_by")


def phase_change_last(*, initiative: Initiative) -> PhaseChange | None:
    return PhaseChange.objects.filter(initiative=initiative).order_by("-date", "-id").first()


def member_list(*, initiative: Initiative) -> QuerySet[InitiativeMember]:
    return InitiativeMember.objects.filter(initiative=initiative).select_related("user")


def member_list_public(*, initiative: Initiative) -> QuerySet[InitiativeMember]:
    """Leads and core team, as the initiative's page names them; volunteers stay unnamed."""
    return member_list(initiative=initiative).exclude(role=InitiativeMember.Role.VOLUNTEER)


def member_get(*, initiative: Initiative, pk: int) -> InitiativeMember | None:
    return member_list(initiative=initiative).filter(pk=pk).first()


def lead_count(*, initiative: Initiative) -> int:
    return InitiativeMember.objects.filter(
        initiative=initiative, role=InitiativeMember.Role.LEAD
    ).count()


def resource_list(*, initiative: Initiative) -> QuerySet[Resource]:
    return Resource.objects.filter(initiative=initiative).select_related("listing")


def resource_get(*, initiative: Initiative, pk: int) -> Resource | None:
    return resource_list(initiative=initiative).filter(pk=pk).first()


def update_list(*, initiative: Initiative) -> QuerySet[InitiativeUpdate]:
    return InitiativeUpdate.objects.filter(initiative=initiative).select_related("author")


def follow_exists(*, initiative: Initiative, user: User) -> bool:
    return InitiativeFollow.objects.filter(initiative=initiative, user=user).exists()


def follower_list(*, initiative: Initiative) -> QuerySet[User]:
    return User.objects.filter(initiative_follows__initiative=initiative).order_by("pk")


def user_search(*, term: str, limit: int = USER_SEARCH_LIMIT) -> list[User]:
    """Active people whose username or e-mail address is exactly `term`.

    Exact only: a search by the first letters would let any lead list everyone's
    usernames, which are often real names. A lead asks the person for theirs.
    """
    term = term.strip()
    # PostgreSQL refuses NUL in a query; nobody's name or address contains one.
    if not term or "\x00" in term:
        return []
    return list(
        User.objects.filter(is_active=True)
        .filter(Q(username__iexact=term) | Q(email__iexact=term))
        .order_by("username")[:limit]
    )


def user_find(*, identifier: str) -> User | None:
    """The one active person with this username or e-mail address."""
    identifier = identifier.strip()
    if not identifier or "\x00" in identifier:
        return None
    return (
        User.objects.filter(is_active=True)
        .filter(Q(username__iexact=identifier) | Q(email__iexact=identifier))
        .order_by("pk")
        .first()
    )


def contribution_list(
    *, initiative: Initiative, is_public_only: bool = True
) -> QuerySet[Contribution]:
    """Advice on the initiative; advice on its support requests only when asked (not public)."""
    qs = Contribution.objects.filter(initiative=initiative)
    if is_public_only:
        qs = qs.filter(request__isnull=True)
    return qs.select_related(
        "expertise__user", "expertise__domain", "expertise__neighbourhood", "request"
    )


def expertise_list(
    *, user: User | None = None, municipality_id: int | None = None
) -> QuerySet[Expertise]:
    """Active recognitions, of one person or in the buurten of one municipality if given."""
    qs = Expertise.objects.select_related("user", "domain", "neighbourhood").filter(is_active=True)
    if user is not None:
        qs = qs.filter(user=user)
    if municipality_id is not None:
        qs = qs.filter(neighbourhood__district__municipality_id=municipality_id)
    return qs


# --- coalitions ------------------------------------------------------------------------------


def partner_list(*, initiative: Initiative) -> QuerySet[Partner]:
    """Partners with all their roles (oldest first), their organisation and person."""
    return (
        Partner.objects.filter(initiative=initiative)
        .select_related("organisation", "person")
        .prefetch_related(Prefetch("roles", queryset=PartnerRole.objects.order_by("starts_on")))
    )


def partner_get(*, initiative: Initiative, pk: int) -> Partner | None:
    return partner_list(initiative=initiative).filter(pk=pk).first()


def current_roles(partner: Partner, today: date | None = None) -> list[PartnerRole]:
    """The partner's roles that run today (from the prefetched roles)."""
    today = today or timezone.localdate()
    return [
        role
        for role in partner.roles.all()
        if role.starts_on <= today and (role.ends_on is None or role.ends_on >= today)
    ]


def organisation_choices(*, initiative: Initiative) -> QuerySet[Organisation]:
    return Organisation.objects.filter(municipality=initiative.municipality).order_by("name")


@dataclass(frozen=True)
class CoalitionNode:
    partner: Partner
    name: str
    domain: str
    domain_label: str
    roles: list[str]
    x: float
    y: float
    label_x: float
    label_y: float
    anchor: str
    edge_label_x: float
    edge_label_y: float


@dataclass(frozen=True)
class CoalitionPicture:
    """A star-shaped network for a small SVG: the initiative in the middle, partners around."""

    width: int
    height: int
    centre_x: float
    centre_y: float
    nodes: list[CoalitionNode] = field(default_factory=list)
    domains: list[tuple[str, str]] = field(default_factory=list)


COALITION_WIDTH = 640
COALITION_HEIGHT = 440
COALITION_RADIUS = 150
NAME_LENGTH = 24


def _short(name: str) -> str:
    return name if len(name) <= NAME_LENGTH else name[: NAME_LENGTH - 1].rstrip() + "…"


def coalition_picture(*, initiative: Initiative, today: date | None = None) -> CoalitionPicture:
    """Place the partners on a circle around the initiative, each with its current roles."""
    partners = list(partner_list(initiative=initiative))
    centre_x, centre_y = COALITION_WIDTH / 2, COALITION_HEIGHT / 2
    nodes = []
    domain_labels = dict(Organisation.Domain.choices)
    for index, partner in enumerate(partners):
        # Start at the top and go clockwise, so the first partner is read first.
        angle = -math.pi / 2 + 2 * math.pi * index / max(len(partners), 1)
        cos, sin = math.cos(angle), math.sin(angle)
        label_offset = 22
        anchor = "middle"
        if cos > 0.3:
            anchor = "start"
        elif cos < -0.3:
            anchor = "end"
        nodes.append(
            CoalitionNode(
                partner=partner,
                name=_short(
                    partner.organisation.name
                    if partner.organisation is not None
                    else partner.person.public_name
                    if partner.person is not None
                    else ""
                ),
                domain=partner.domain,
                domain_label=str(domain_labels.get(partner.domain, partner.domain)),
                roles=[role.get_role_display() for role in current_roles(partner, today)],
                x=round(centre_x + COALITION_RADIUS * cos, 1),
                y=round(centre_y + COALITION_RADIUS * sin, 1),
                label_x=round(centre_x + (COALITION_RADIUS + label_offset) * cos, 1),
                label_y=round(centre_y + (COALITION_RADIUS + label_offset) * sin + 5, 1),
                anchor=anchor,
                edge_label_x=round(centre_x + COALITION_RADIUS * 0.55 * cos, 1),
                edge_label_y=round(centre_y + COALITION_RADIUS * 0.55 * sin, 1),
            )
        )
    return CoalitionPicture(
        width=COALITION_WIDTH,
        height=COALITION_HEIGHT,
        centre_x=centre_x,
        centre_y=centre_y,
        nodes=nodes,
        domains=[(str(value), str(label)) for value, label in Organisation.Domain.choices],
    )


def photo_exists(*, name: str) -> bool:
    """Whether a stored photo belongs to an initiative or its news (both are public)."""
    return (
        Initiative.objects.filter(photo=name).exists()
        or InitiativeUpdate.objects.filter(photo=name).exists()
    )
