"""API endpoints: initiatives, their phase, team, needs and offers, news, coalition, advice."""

from datetime import date, datetime
from typing import cast

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from samenkracht.common.api import ErrorOut, Pagination
from samenkracht.initiatives import selectors, services
from samenkracht.initiatives.models import (
    Contribution,
    Initiative,
    InitiativeMember,
    InitiativeUpdate,
    Partner,
    PartnerRole,
    Phase,
    PhaseChange,
    PolicyDomain,
    Resource,
)
from samenkracht.initiatives.selectors.initiatives import member_list_public
from samenkracht.matching.models import Listing
from samenkracht.matching.services.text import NO_CONTROL
from samenkracht.people import selectors as people_selectors
from samenkracht.people.models import Neighbourhood, Organisation, User

router = Router(tags=["initiatives"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
PUBLIC_ERRORS = {404: ErrorOut, 422: ErrorOut}


def _current_user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _initiative_or_404(initiative_id: int) -> Initiative:
    initiative = selectors.initiative_get(pk=initiative_id)
    if initiative is None:
        raise Http404
    return initiative


def _text_check(value: str, field: str) -> str:
    """Refuse NUL in text that goes into a query: PostgreSQL cannot compare it (a 500)."""
    if "\x00" in value:
        raise ValidationError({field: [str(NO_CONTROL)]})
    return value


def _domains_by_slug(slugs: list[str], field: str = "domains") -> list[PolicyDomain]:
    for slug in slugs:
        _text_check(slug, field)
    found = {d.slug: d for d in selectors.policy_domain_list().filter(slug__in=slugs)}
    unknown = [slug for slug in slugs if slug not in found]
    if unknown:
        raise ValidationError({field: [_("Onbekend beleidsdomein: %s") % ", ".join(unknown)]})
    return [found[slug] for slug in slugs]


def _neighbourhoods_by_code(codes: list[str], field: str = "neighbourhoods") -> list[Neighbourhood]:
    for code in codes:
        _text_check(code, field)
    found = {
        n.code: n for n in Neighbourhood.objects.select_related("district").filter(code__in=codes)
    }
    unknown = [code for code in codes if code not in found]
    if unknown:
        raise ValidationError({field: [_("Onbekende buurt: %s") % ", ".join(unknown)]})
    return [found[code] for code in codes]


# --- initiatives -----------------------------------------------------------------------------


class InitiativeOut(Schema):
    id: int
    name: str
    goal: str
    description: str
    municipality: str = Field(description="CBS-code van de gemeente.")
    domains: list[str] = Field(description="Korte namen van de beleidsdomeinen.")
    neighbourhoods: list[str] = Field(description="CBS-codes van de buurten.")
    latitude: float
    longitude: float
    phase: Phase
    phase_since: date
    form: Initiative.Form
    website: str
    photo: str | None = Field(description="Adres van de foto.")
    member_count: int
    open_need_count: int = Field(description="Hoeveel behoeften nog niet geregeld zijn.")
    created_at: datetime

    @staticmethod
    def resolve_municipality(obj: Initiative) -> str:
        return obj.municipality.code

    @staticmethod
    def resolve_domains(obj: Initiative) -> list[str]:
        return [d.slug for d in obj.domains.all()]

    @staticmethod
    def resolve_neighbourhoods(obj: Initiative) -> list[str]:
        return [n.code for n in obj.neighbourhoods.all()]

    @staticmethod
    def resolve_photo(obj: Initiative) -> str | None:
        return obj.photo.url if obj.photo else None

    @staticmethod
    def resolve_member_count(obj: Initiative) -> int:
        return int(getattr(obj, "member_count", 0))

    @staticmethod
    def resolve_open_need_count(obj: Initiative) -> int:
        return int(getattr(obj, "open_need_count", 0))


class PhaseChangeOut(Schema):
    phase: Phase
    date: date
    note: str


class InitiativeDetailOut(InitiativeOut):
    phase_history: list[PhaseChangeOut]

    @staticmethod
    def resolve_phase_history(obj: Initiative) -> list[PhaseChange]:
        return list(selectors.phase_change_list(initiative=obj))


@router.get("/initiatives", response={200: list[InitiativeOut], **PUBLIC_ERRORS}, auth=None)
@paginate(Pagination)
def initiative_list(
    request: HttpRequest,
    text: str = "",
    domain: str | None = None,
    neighbourhood: str | None = None,
    phase: Phase | None = None,
) -> QuerySet[Initiative]:
    """Initiatives by name; filter by word, policy domain (slug), buurt (CBS code) or phase."""
    return selectors.initiative_list(
        text=_text_check(text, "text").strip()[:100],
        domain=_domains_by_slug([domain], "domain")[0] if domain else None,
        neighbourhood=_neighbourhoods_by_code([neighbourhood], "neighbourhood")[0]
        if neighbourhood
        else None,
        phase=phase or "",
    )


@router.get("/initiatives/{id}", response={200: InitiativeDetailOut, **PUBLIC_ERRORS}, auth=None)
def initiative_detail(request: HttpRequest, id: int) -> Initiative:
    return _initiative_or_404(id)


class InitiativeCreateIn(Schema):
    name: str = Field(description="3 tot 120 tekens.")
    goal: str = Field(description="Hoogstens 300 tekens.")
    description: str = Field("", description="Hoogstens 5000 tekens.")
    domains: list[str] = Field(max_length=20, description="Korte namen van beleidsdomeinen.")
    neighbourhoods: list[str] = Field(
        max_length=50, description="CBS-codes van buurten, alle in één gemeente."
    )
    latitude: float | None = Field(None, description="Leeg: het midden van de eerste buurt.")
    longitude: float | None = None
    phase: Phase = Phase.IDEA
    phase_since: date | None = Field(None, description="Leeg: vandaag.")
    form: Initiative.Form = Initiative.Form.INFORMAL
    website: str = ""


@router.post("/initiatives", response={201: InitiativeDetailOut, **ERRORS})
def initiative_create(request: HttpRequest, body: InitiativeCreateIn) -> Status[Initiative]:
    """Register an initiative; you become its lead (photos only through the web page)."""
    initiative = services.initiative_create(
        user=_current_user(request),
        name=body.name,
        goal=body.goal,
        description=body.description,
        domains=_domains_by_slug(body.domains),
        neighbourhoods=_neighbourhoods_by_code(body.neighbourhoods),
        latitude=body.latitude,
        longitude=body.longitude,
        phase=body.phase,
        phase_since=body.phase_since,
        form=body.form,
        website=body.website,
    )
    return Status(201, _initiative_or_404(initiative.pk))


class InitiativeUpdateIn(Schema):
    name: str | None = None
    goal: str | None = None
    description: str | None = None
    domains: list[str] | None = Field(None, max_length=20)
    neighbourhoods: list[str] | None = Field(None, max_length=50)
    latitude: float | None = None
    longitude: float | None = None
    form: Initiative.Form | None = None
    website: str | None = None


@router.patch("/initiatives/{id}", response={200: InitiativeDetailOut, **ERRORS})
def initiative_update(request: HttpRequest, id: int, body: InitiativeUpdateIn) -> Initiative:
    """Change the fields you send; only the lead and core team may."""
    initiative = _initiative_or_404(id)
    changes = body.dict(exclude_unset=True)
    if "domains" in changes:
        changes["domains"] = _domains_by_slug(changes["domains"] or [])
    if "neighbourhoods" in changes:
        changes["neighbourhoods"] = _neighbourhoods_by_code(changes["neighbourhoods"] or [])
    services.initiative_update(initiative=initiative, actor=_current_user(request), **changes)
    return _initiative_or_404(id)


class PhaseIn(Schema):
    phase: Phase
    day: date | None = Field(None, description="Sinds wanneer; leeg: vandaag.")
    note: str = ""


@router.post("/initiatives/{id}/phase", response={200: InitiativeDetailOut, **ERRORS})
def initiative_phase_change(request: HttpRequest, id: int, body: PhaseIn) -> Initiative:
    """Move the initiative to another phase; the date lies between the last change and today."""
    services.initiative_phase_change(
        initiative=_initiative_or_404(id),
        actor=_current_user(request),
        phase=body.phase,
        day=body.day,
        note=body.note,
    )
    return _initiative_or_404(id)


# --- team, join and follow -------------------------------------------------------------------


class MemberOut(Schema):
    id: int
    name: str = Field(description="Openbare naam.")
    role: InitiativeMember.Role

    @staticmethod
    def resolve_name(obj: InitiativeMember) -> str:
        return obj.user.public_name


@router.get(
    "/initiatives/{id}/members", response={200: list[MemberOut], **PUBLIC_ERRORS}, auth=None
)
@paginate(Pagination)
def member_list(request: HttpRequest, id: int) -> QuerySet[InitiativeMember]:
    """The leads and core team by public name; volunteers are not named in public."""
    return member_list_public(initiative=_initiative_or_404(id))


class MemberAddIn(Schema):
    identifier: str = Field(max_length=254, description="Gebruikersnaam of e-mailadres.")
    role: InitiativeMember.Role = InitiativeMember.Role.MEMBER


@router.post("/initiatives/{id}/members", response={201: MemberOut, **ERRORS})
def member_add(request: HttpRequest, id: int, body: MemberAddIn) -> Status[InitiativeMember]:
    """Add someone to the team; only leads may."""
    member = services.member_add(
        initiative=_initiative_or_404(id),
        actor=_current_user(request),
        user=selectors.user_find(identifier=body.identifier),
        role=body.role,
    )
    return Status(201, member)


def _member_or_404(initiative: Initiative, member_id: int) -> InitiativeMember:
    member = selectors.member_get(initiative=initiative, pk=member_id)
    if member is None:
        raise Http404
    return member


class MemberRoleIn(Schema):
    role: InitiativeMember.Role


@router.patch("/initiatives/{id}/members/{member_id}", response={200: MemberOut, **ERRORS})
def member_role_set(
    request: HttpRequest, id: int, member_id: int, body: MemberRoleIn
) -> InitiativeMember:
    initiative = _initiative_or_404(id)
    return services.member_role_set(
        initiative=initiative,
        actor=_current_user(request),
        member=_member_or_404(initiative, member_id),
        role=body.role,
    )


@router.delete("/initiatives/{id}/members/{member_id}", response={204: None, **ERRORS})
def member_remove(request: HttpRequest, id: int, member_id: int) -> Status[None]:
    """Leads take someone off the team; anyone may take themselves off."""
    initiative = _initiative_or_404(id)
    services.member_remove(
        initiative=initiative,
        actor=_current_user(request),
        member=_member_or_404(initiative, member_id),
    )
    return Status(204, None)


@router.post("/initiatives/{id}/join", response={201: MemberOut, **ERRORS})
def initiative_join(request: HttpRequest, id: int) -> Status[InitiativeMember]:
    """Join as a volunteer; you then follow the initiative's news too."""
    member = services.initiative_join(
        initiative=_initiative_or_404(id), user=_current_user(request)
    )
    return Status(201, member)


class FollowOut(Schema):
    is_following: bool


@router.put("/initiatives/{id}/follow", response={200: FollowOut, **ERRORS})
def initiative_follow(request: HttpRequest, id: int) -> FollowOut:
    services.initiative_follow(initiative=_initiative_or_404(id), user=_current_user(request))
    return FollowOut(is_following=True)


@router.delete("/initiatives/{id}/follow", response={200: FollowOut, **ERRORS})
def initiative_unfollow(request: HttpRequest, id: int) -> FollowOut:
    services.initiative_unfollow(initiative=_initiative_or_404(id), user=_current_user(request))
    return FollowOut(is_following=False)


# --- needs and offers ------------------------------------------------------------------------


class ResourceOut(Schema):
    id: int
    direction: Resource.Direction
    kind: Resource.Kind
    description: str
    is_fulfilled: bool
    listing: int | None = Field(description="Id van de vraag of het aanbod, als gepubliceerd.")
    listing_status: Listing.Status | None

    @staticmethod
    def resolve_listing(obj: Resource) -> int | None:
        return obj.listing_id

    @staticmethod
    def resolve_listing_status(obj: Resource) -> str | None:
        return obj.listing.status if obj.listing is not None else None


@router.get(
    "/initiatives/{id}/resources", response={200: list[ResourceOut], **PUBLIC_ERRORS}, auth=None
)
@paginate(Pagination)
def resource_list(request: HttpRequest, id: int) -> QuerySet[Resource]:
    return selectors.resource_list(initiative=_initiative_or_404(id))


class ResourceIn(Schema):
    direction: Resource.Direction = Resource.Direction.NEED
    kind: Resource.Kind
    description: str = Field(description="3 tot 300 tekens.")


@router.post("/initiatives/{id}/resources", response={201: ResourceOut, **ERRORS})
def resource_create(request: HttpRequest, id: int, body: ResourceIn) -> Status[Resource]:
    resource = services.resource_create(
        initiative=_initiative_or_404(id),
        actor=_current_user(request),
        direction=body.direction,
        kind=body.kind,
        description=body.description,
    )
    return Status(201, resource)


def _resource_or_404(initiative: Initiative, resource_id: int) -> Resource:
    resource = selectors.resource_get(initiative=initiative, pk=resource_id)
    if resource is None:
        raise Http404
    return resource


@router.post(
    "/initiatives/{id}/resources/{resource_id}/publish", response={200: ResourceOut, **ERRORS}
)
def resource_publish(request: HttpRequest, id: int, resource_id: int) -> Resource:
    """Publish a need as an ask (an offer as an offer) among the asks and offers."""
    initiative = _initiative_or_404(id)
    return services.resource_publish(
        resource=_resource_or_404(initiative, resource_id), actor=_current_user(request)
    )


@router.post(
    "/initiatives/{id}/resources/{resource_id}/fulfil", response={200: ResourceOut, **ERRORS}
)
def resource_fulfil(request: HttpRequest, id: int, resource_id: int) -> Resource:
    """Mark as arranged; a published ask is closed."""
    initiative = _initiative_or_404(id)
    return services.resource_fulfil(
        resource=_resource_or_404(initiative, resource_id), actor=_current_user(request)
    )


# --- news ------------------------------------------------------------------------------------


class NewsOut(Schema):
    id: int
    text: str
    photo: str | None
    author: str | None = Field(description="Openbare naam.")
    created_at: datetime

    @staticmethod
    def resolve_photo(obj: InitiativeUpdate) -> str | None:
        return obj.photo.url if obj.photo else None

    @staticmethod
    def resolve_author(obj: InitiativeUpdate) -> str | None:
        return obj.author.public_name if obj.author else None


@router.get("/initiatives/{id}/updates", response={200: list[NewsOut], **PUBLIC_ERRORS}, auth=None)
@paginate(Pagination)
def news_list(request: HttpRequest, id: int) -> QuerySet[InitiativeUpdate]:
    """The timeline, newest first."""
    return selectors.update_list(initiative=_initiative_or_404(id))


class NewsIn(Schema):
    text: str = Field(description="Hoogstens 3000 tekens.")


@router.post("/initiatives/{id}/updates", response={201: NewsOut, **ERRORS})
def news_post(request: HttpRequest, id: int, body: NewsIn) -> Status[InitiativeUpdate]:
    """Post news (photos only through the web page); followers are told."""
    update = services.news_post(
        initiative=_initiative_or_404(id), author=_current_user(request), text=body.text
    )
    return Status(201, update)


# --- coalition -------------------------------------------------------------------------------


class PartnerRoleOut(Schema):
    id: int
    role: PartnerRole.Role
    starts_on: date
    ends_on: date | None
    note: str


class PartnerOut(Schema):
    id: int
    name: str
    organisation: str | None = Field(description="Korte naam van de organisatie.")
    domain: Organisation.Domain = Field(description="Welke van de drie O's.")
    roles: list[PartnerRoleOut] = Field(description="Alle rollen, ook afgelopen, oudste eerst.")

    @staticmethod
    def resolve_name(obj: Partner) -> str:
        if obj.organisation is not None:
            return obj.organisation.name
        return obj.person.public_name if obj.person is not None else ""

    @staticmethod
    def resolve_organisation(obj: Partner) -> str | None:
        return obj.organisation.slug if obj.organisation is not None else None

    @staticmethod
    def resolve_roles(obj: Partner) -> list[PartnerRole]:
        return list(obj.roles.all())


@router.get(
    "/initiatives/{id}/partners", response={200: list[PartnerOut], **PUBLIC_ERRORS}, auth=None
)
@paginate(Pagination)
def partner_list(request: HttpRequest, id: int) -> QuerySet[Partner]:
    return selectors.partner_list(initiative=_initiative_or_404(id))


class PartnerIn(Schema):
    organisation: str | None = Field(None, description="Korte naam van een organisatie.")
    person: str | None = Field(None, description="Of: gebruikersnaam of e-mailadres.")
    role: PartnerRole.Role
    starts_on: date | None = Field(None, description="Leeg: vandaag.")
    ends_on: date | None = None
    note: str = ""


@router.post("/initiatives/{id}/partners", response={201: PartnerOut, **ERRORS})
def partner_add(request: HttpRequest, id: int, body: PartnerIn) -> Status[Partner]:
    """Add an organisation or a resident to the coalition, with a first role."""
    initiative = _initiative_or_404(id)
    organisation = None
    if body.organisation:
        organisation = people_selectors.organisation_get(
            slug=_text_check(body.organisation, "organisation")
        )
        if organisation is None:
            raise ValidationError({"organisation": [_("Onbekende organisatie.")]})
    person = None
    if body.person:
        person = selectors.user_find(identifier=body.person)
        if person is None:
            raise ValidationError({"person": [_("Deze persoon is niet gevonden.")]})
    partner = services.partner_add(
        initiative=initiative,
        actor=_current_user(request),
        organisation=organisation,
        person=person,
        role=body.role,
        starts_on=body.starts_on,
        ends_on=body.ends_on,
        note=body.note,
    )
    return Status(201, cast(Partner, selectors.partner_get(initiative=initiative, pk=partner.pk)))


def _partner_or_404(initiative: Initiative, partner_id: int) -> Partner:
    partner = selectors.partner_get(initiative=initiative, pk=partner_id)
    if partner is None:
        raise Http404
    return partner


def _partner_role_or_404(partner: Partner, role_id: int) -> PartnerRole:
    partner_role = next((r for r in partner.roles.all() if r.pk == role_id), None)
    if partner_role is None:
        raise Http404
    return partner_role


class PartnerRoleIn(Schema):
    role: PartnerRole.Role
    starts_on: date | None = Field(None, description="Leeg: vandaag.")
    ends_on: date | None = None
    note: str = ""


@router.post("/initiatives/{id}/partners/{partner_id}/roles", response={201: PartnerOut, **ERRORS})
def partner_role_add(
    request: HttpRequest, id: int, partner_id: int, body: PartnerRoleIn
) -> Status[Partner]:
    """Give a partner one more role."""
    initiative = _initiative_or_404(id)
    services.partner_role_add(
        partner=_partner_or_404(initiative, partner_id),
        actor=_current_user(request),
        role=body.role,
        starts_on=body.starts_on,
        ends_on=body.ends_on,
        note=body.note,
    )
    return Status(201, _partner_or_404(initiative, partner_id))


class PartnerRoleChangeIn(Schema):
    role: PartnerRole.Role
    starts_on: date | None = Field(None, description="De nieuwe rol begint; leeg: vandaag.")
    note: str = ""


@router.post(
    "/initiatives/{id}/partners/{partner_id}/roles/{role_id}/change",
    response={200: PartnerOut, **ERRORS},
)
def partner_role_change(
    request: HttpRequest, id: int, partner_id: int, role_id: int, body: PartnerRoleChangeIn
) -> Partner:
    """End this role the day before the new one starts; the old role stays in the history."""
    initiative = _initiative_or_404(id)
    partner = _partner_or_404(initiative, partner_id)
    services.partner_role_change(
        partner_role=_partner_role_or_404(partner, role_id),
        actor=_current_user(request),
        role=body.role,
        starts_on=body.starts_on,
        note=body.note,
    )
    return _partner_or_404(initiative, partner_id)


class PartnerRoleEndIn(Schema):
    ends_on: date | None = Field(None, description="Leeg: vandaag.")


@router.post(
    "/initiatives/{id}/partners/{partner_id}/roles/{role_id}/end",
    response={200: PartnerOut, **ERRORS},
)
def partner_role_end(
    request: HttpRequest, id: int, partner_id: int, role_id: int, body: PartnerRoleEndIn
) -> Partner:
    initiative = _initiative_or_404(id)
    partner = _partner_or_404(initiative, partner_id)
    services.partner_role_end(
        partner_role=_partner_role_or_404(partner, role_id),
        actor=_current_user(request),
        ends_on=body.ends_on,
    )
    return _partner_or_404(initiative, partner_id)


# --- advice of wijkspecialisten --------------------------------------------------------------


class ContributionOut(Schema):
    id: int
    text: str
    author: str = Field(description="Openbare naam van de wijkspecialist.")
    domain: str
    neighbourhood: str = Field(description="CBS-code.")
    request: int | None
    created_at: datetime

    @staticmethod
    def resolve_author(obj: Contribution) -> str:
        return obj.expertise.user.public_name

    @staticmethod
    def resolve_domain(obj: Contribution) -> str:
        return obj.expertise.domain.slug

    @staticmethod
    def resolve_neighbourhood(obj: Contribution) -> str:
        return obj.expertise.neighbourhood.code

    @staticmethod
    def resolve_request(obj: Contribution) -> int | None:
        return obj.request_id


@router.get(
    "/initiatives/{id}/contributions",
    response={200: list[ContributionOut], **PUBLIC_ERRORS},
    auth=None,
)
@paginate(Pagination)
def contribution_list(request: HttpRequest, id: int) -> QuerySet[Contribution]:
    return selectors.contribution_list(initiative=_initiative_or_404(id))


class ContributionIn(Schema):
    text: str = Field(description="Hoogstens 2000 tekens.")


@router.post("/initiatives/{id}/contributions", response={201: ContributionOut, **ERRORS})
def contribution_create(
    request: HttpRequest, id: int, body: ContributionIn
) -> Status[Contribution]:
    """Advice of a wijkspecialist of one of the initiative's domains and buurten."""
    contribution = services.contribution_create(
        user=_current_user(request), initiative=_initiative_or_404(id), text=body.text
    )
    return Status(201, contribution)
