"""API for accounts, profiles, consents, neighbourhoods and organisations."""

from datetime import datetime
from typing import Any, cast
from uuid import UUID

from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from ninja.security import HttpBearer
from pydantic import field_validator

from samenkracht.common.api import ErrorOut, Pagination
from samenkracht.people import selectors, services
from samenkracht.people.models import (
    ApiToken,
    ConsentKind,
    ConsentRecord,
    District,
    Language,
    Membership,
    Neighbourhood,
    Organisation,
    User,
)
from samenkracht.people.permissions import can_use_api_tokens, can_view_people, can_view_person
from samenkracht.people.selectors import ConsentState


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <key>` with a personal API key."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        api_token = selectors.api_token_active_get(raw_key=token)
        if api_token is None:
            return None
        services.api_token_touch(token=api_token)
        request.user = api_token.user
        return api_token.user


router = Router(tags=["people"])

LOCKED_OUT = gettext_lazy(
    "U heeft te vaak een verkeerd wachtwoord ingevuld. Wacht 15 minuten en probeer het dan opnieuw."
)
WRONG_CREDENTIALS = gettext_lazy(
    "Het e-mailadres (of de gebruikersnaam) of het wachtwoord klopt niet."
)


def _current_user(request: HttpRequest) -> User:
    # Both TokenAuth and django_auth leave the signed-in person on request.user.
    return cast(User, request.user)


def _error(detail: str) -> dict[str, Any]:
    return {"detail": detail, "errors": {}}


def _neighbourhood_code(neighbourhood: Neighbourhood | None) -> str | None:
    return neighbourhood.code if neighbourhood is not None else None


# --- API tokens ------------------------------------------------------------------------------


class TokenCreateIn(Schema):
    username: str = Field(description="E-mailadres of gebruikersnaam.")
    password: str
    name: str = Field(description="Naam van de sleutel, bijvoorbeeld de app die hem gebruikt.")


class TokenCreateOut(Schema):
    token: str = Field(description="De sleutel zelf; die is alleen nu te zien.")
    id: UUID
    name: str


@router.post(
    "/auth/token",
    auth=None,
    response={201: TokenCreateOut, 401: ErrorOut, 403: ErrorOut, 429: ErrorOut},
)
def token_create(request: HttpRequest, body: TokenCreateIn) -> Status[Any]:
    # Through authenticate() so that django-axes counts failures and locks out.
    user = authenticate(request=request, username=body.username, password=body.password)
    if user is None:
        if getattr(request, "axes_locked_out", False):
            # AxesMiddleware would otherwise swap this answer for its HTML lockout page.
            request.axes_locked_out = False  # type: ignore[attr-defined]
            return Status(429, _error(str(LOCKED_OUT)))
        return Status(401, _error(str(WRONG_CREDENTIALS)))
    person = cast(User, user)
    if not can_use_api_tokens(person):
        return Status(403, _error(_("U mag geen API-sleutels maken.")))
    token, raw_key = services.api_token_create(user=person, name=body.name)
    return Status(201, TokenCreateOut(token=raw_key, id=token.id, name=token.name))


class TokenOut(Schema):
    id: UUID
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None


@router.get("/me/tokens", response=list[TokenOut])
def token_list(request: HttpRequest) -> QuerySet[ApiToken]:
    return selectors.api_token_list(user=_current_user(request))


@router.delete("/me/tokens/{id}", response={204: None, 404: ErrorOut})
def token_revoke(request: HttpRequest, id: UUID) -> Status[None]:
    user = _current_user(request)
    if selectors.api_token_get(user=user, token_id=str(id)) is None:
        raise Http404
    services.api_token_revoke(user=user, token_id=id)
    return Status(204, None)


# --- own profile -----------------------------------------------------------------------------


class MeOut(Schema):
    id: int
    username: str
    email: str | None
    first_name: str
    last_name: str
    public_name: str
    show_full_name: bool
    role: User.Role
    neighbourhood: str | None = Field(description="CBS-code van de buurt.")
    birth_year: int | None
    about: str
    languages: list[str]
    date_joined: datetime

    @staticmethod
    def resolve_neighbourhood(obj: User) -> str | None:
        return _neighbourhood_code(obj.neighbourhood)


@router.get("/me", response=MeOut)
def me_detail(request: HttpRequest) -> User:
    return _current_user(request)


class ProfileUpdateIn(Schema):
    """Only the fields that are sent change."""

    first_name: str | None = None
    last_name: str | None = None
    show_full_name: bool | None = None
    neighbourhood: str | None = Field(None, description="CBS-code van de buurt, of null.")
    birth_year: int | None = None
    about: str | None = Field(None, description="Hoogstens 500 tekens.")
    languages: list[str] | None = Field(
        None, description="Taalcodes: " + ", ".join(Language.values) + "."
    )

    @field_validator("first_name", "last_name", "show_full_name", "about", "languages")
    @classmethod
    def _refuse_null(cls, value: object) -> object:
        # These columns cannot be empty in the database; an explicit null is a mistake.
        if value is None:
            raise ValueError(_("Dit veld mag niet leeg zijn."))
        return value


def _profile_changes(body: ProfileUpdateIn) -> dict[str, Any]:
    changes = body.model_dump(exclude_unset=True)
    code = changes.get("neighbourhood")
    if code is not None:
        neighbourhood = selectors.neighbourhood_get(code=code)
        if neighbourhood is None:
            raise ValidationError({"neighbourhood": [_("Onbekende buurt: %s") % code]})
        changes["neighbourhood"] = neighbourhood
    return changes


@router.patch("/me", response=MeOut)
def me_update(request: HttpRequest, body: ProfileUpdateIn) -> User:
    return services.profile_update(user=_current_user(request), **_profile_changes(body))


class AccountDeleteIn(Schema):
    password: str


@router.delete("/me", response={204: None, 403: ErrorOut})
def me_delete(request: HttpRequest, body: AccountDeleteIn) -> Status[Any]:
    """Delete the account; the password is asked again because this cannot be undone."""
    user = _current_user(request)
    if not user.check_password(body.password):
        return Status(403, {"detail": _("Dit wachtwoord klopt niet."), "errors": {}})
    services.user_delete(user=user)
    return Status(204, None)


@router.get("/me/export", response=dict[str, Any])
def me_export(request: HttpRequest) -> dict[str, Any]:
    return services.user_data_export(user=_current_user(request))


# --- consents --------------------------------------------------------------------------------


class ConsentStateOut(Schema):
    kind: str
    label: str
    is_given: bool
    decided_at: datetime | None


@router.get("/me/consents", response=list[ConsentStateOut])
def consent_current(request: HttpRequest) -> list[ConsentState]:
    return selectors.consent_current(user=_current_user(request))


class ConsentSetIn(Schema):
    kind: str = Field(json_schema_extra={"enum": list(ConsentKind.values)})
    is_given: bool


class ConsentRecordOut(Schema):
    id: int
    kind: str
    label: str
    is_given: bool
    decided_at: datetime

    @staticmethod
    def resolve_label(obj: ConsentRecord) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_decided_at(obj: ConsentRecord) -> datetime:
        return obj.created_at


@router.post("/me/consents", response={201: ConsentRecordOut})
def consent_set(request: HttpRequest, body: ConsentSetIn) -> Status[ConsentRecord]:
    record = services.consent_set(
        user=_current_user(request), kind=body.kind, is_given=body.is_given
    )
    return Status(201, record)


class ConsentHistoryOut(Schema):
    id: int
    kind: str
    label: str
    is_given: bool
    decided_at: datetime

    @staticmethod
    def resolve_label(obj: ConsentRecord) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_decided_at(obj: ConsentRecord) -> datetime:
        return obj.created_at


@router.get("/me/consents/history", response=list[ConsentHistoryOut])
def consent_history(request: HttpRequest) -> QuerySet[ConsentRecord]:
    return selectors.consent_history(user=_current_user(request))


# --- other people ----------------------------------------------------------------------------


class PersonOut(Schema):
    id: int
    public_name: str
    languages: list[str]
    about: str
    neighbourhood: str | None = Field(description="CBS-code van de buurt.")

    @staticmethod
    def resolve_neighbourhood(obj: User) -> str | None:
        return _neighbourhood_code(obj.neighbourhood)


@router.get("/people/{id}", response={200: PersonOut, 404: ErrorOut})
def person_detail(request: HttpRequest, id: int) -> User:
    person = selectors.person_get(pk=id)
    # Deleted and deactivated people look the same as people who never existed.
    if person is None or not can_view_person(request.user, person):
        raise Http404
    return person


# --- neighbourhoods --------------------------------------------------------------------------


class DistrictOut(Schema):
    code: str
    name: str
    latitude: float
    longitude: float


@router.get("/districts", response=list[DistrictOut], auth=None)
def district_list(request: HttpRequest) -> QuerySet[District]:
    return selectors.district_list(municipality=selectors.municipality_get_default())


class NeighbourhoodListOut(Schema):
    code: str
    name: str
    district_code: str = Field(alias="district.code")
    district_name: str = Field(alias="district.name")
    latitude: float
    longitude: float
    resident_count: int


@router.get("/neighbourhoods", response=list[NeighbourhoodListOut], auth=None)
@paginate(Pagination)
def neighbourhood_list(
    request: HttpRequest,
    district: str | None = Query(None, description="CBS-code van de wijk."),
    q: str | None = Query(None, description="Zoek in de naam van buurt of wijk."),
) -> QuerySet[Neighbourhood]:
    return selectors.neighbourhood_list_with_counts(
        municipality=selectors.municipality_get_default(), district_code=district, search=q
    )


class NeighbourhoodDetailOut(Schema):
    code: str
    name: str
    district_code: str = Field(alias="district.code")
    district_name: str = Field(alias="district.name")
    municipality_code: str = Field(alias="district.municipality.code")
    municipality_name: str = Field(alias="district.municipality.name")
    latitude: float
    longitude: float
    resident_count: int


@router.get(
    "/neighbourhoods/{code}", response={200: NeighbourhoodDetailOut, 404: ErrorOut}, auth=None
)
def neighbourhood_detail(request: HttpRequest, code: str) -> Neighbourhood:
    neighbourhood = selectors.neighbourhood_get_with_counts(code=code)
    if neighbourhood is None:
        raise Http404
    return neighbourhood


# --- organisations ---------------------------------------------------------------------------


class OrganisationListOut(Schema):
    slug: str
    name: str
    kind: Organisation.Kind
    domain: Organisation.Domain
    description: str
    website: str
    neighbourhood: str | None = Field(description="CBS-code van de buurt.")
    member_count: int

    @staticmethod
    def resolve_neighbourhood(obj: Organisation) -> str | None:
        return _neighbourhood_code(obj.neighbourhood)


@router.get("/organisations", response=list[OrganisationListOut], auth=None)
@paginate(Pagination)
def organisation_list(
    request: HttpRequest, domain: Organisation.Domain | None = None
) -> QuerySet[Organisation]:
    return selectors.organisation_list(
        municipality=selectors.municipality_get_default(), domain=domain
    )


class MemberOut(Schema):
    public_name: str = Field(alias="user.public_name")
    role: Membership.Role


class OrganisationDetailOut(Schema):
    slug: str
    name: str
    kind: Organisation.Kind
    domain: Organisation.Domain
    description: str
    website: str
    neighbourhood: str | None = Field(description="CBS-code van de buurt.")
    members: list[MemberOut]

    @staticmethod
    def resolve_neighbourhood(obj: Organisation) -> str | None:
        return _neighbourhood_code(obj.neighbourhood)

    @staticmethod
    def resolve_members(obj: Organisation, context: dict[str, Any]) -> list[Membership]:
        # Members are people: only signed-in visitors see who they are, as on the web page.
        request = context["request"]
        if not can_view_people(getattr(request, "auth", None) or request.user):
            return []
        # organisation_get prefetches the memberships of people who still exist.
        return list(obj.memberships.all())


@router.get(
    "/organisations/{slug}", response={200: OrganisationDetailOut, 404: ErrorOut}, auth=None
)
def organisation_detail(request: HttpRequest, slug: str) -> Organisation:
    organisation = selectors.organisation_get(slug=slug)
    if organisation is None:
        raise Http404
    return organisation
