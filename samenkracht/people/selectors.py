"""Reads of people, neighbourhoods and organisations used by more than one caller."""

import hashlib
from collections.abc import Collection
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from samenkracht.core.geo import Point, bounding_box, nearest
from samenkracht.people.models import (
    ActivationCode,
    ApiToken,
    ConsentKind,
    ConsentRecord,
    District,
    Membership,
    Municipality,
    Neighbourhood,
    Organisation,
    User,
)


def municipality_get_default() -> Municipality | None:
    """Return the municipality this installation serves (SAMENKRACHT_MUNICIPALITY_CODE)."""
    return Municipality.objects.filter(code=settings.SAMENKRACHT_MUNICIPALITY_CODE).first()


def municipality_get(*, code: str) -> Municipality | None:
    return Municipality.objects.filter(code=code.strip().upper()).first()


def district_list(*, municipality: Municipality | None = None) -> QuerySet[District]:
    qs = District.objects.select_related("municipality")
    if municipality is not None:
        qs = qs.filter(municipality=municipality)
    return qs.order_by("code")


def neighbourhood_list(
    *,
    municipality: Municipality | None = None,
    district_code: str | None = None,
    search: str | None = None,
) -> QuerySet[Neighbourhood]:
    qs = Neighbourhood.objects.select_related("district", "district__municipality")
    if municipality is not None:
        qs = qs.filter(district__municipality=municipality)
    if district_code:
        qs = qs.filter(district__code=district_code)
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(district__name__icontains=search))
    return qs.order_by("name")


def neighbourhood_get(*, code: str) -> Neighbourhood | None:
    return (
        Neighbourhood.objects.select_related("district", "district__municipality")
        .filter(code=code)
        .first()
    )


# Buurten are known by their centre only. A point farther than this from every centre lies in
# no buurt the platform knows; the largest rural buurten reach a few kilometres from theirs.
NEIGHBOURHOOD_REACH_KM = 10.0


def neighbourhood_at(
    *, latitude: float, longitude: float, preferred: Collection[int] = ()
) -> Neighbourhood | None:
    """The buurt a point lies in: the one with the nearest centre, within reach.

    Without boundaries this is an approximation near the edge of a buurt. On equal distance
    a buurt whose id is in `preferred` wins, then the lowest id.
    """
    point = Point(lat=latitude, lon=longitude)
    south, west, north, east = bounding_box(point, NEIGHBOURHOOD_REACH_KM)
    candidates = sorted(
        neighbourhood_list().filter(latitude__range=(south, north), longitude__range=(west, east)),
        key=lambda n: (n.pk not in preferred, n.pk),
    )
    found = nearest(
        point,
        [Point(lat=n.latitude, lon=n.longitude) for n in candidates],
        max_km=NEIGHBOURHOOD_REACH_KM,
    )
    return None if found is None else candidates[found]


def neighbourhood_choices(*, municipality: Municipality | None = None) -> QuerySet[Neighbourhood]:
    """Neighbourhoods ordered for a picker, grouped by district."""
    return neighbourhood_list(municipality=municipality).order_by("district__code", "name")


def neighbourhood_resident_count(*, neighbourhood: Neighbourhood) -> int:
    return User.objects.filter(
        neighbourhood=neighbourhood, role=User.Role.RESIDENT, is_active=True
    ).count()


def district_overview(*, municipality: Municipality) -> QuerySet[District]:
    """Districts with their number of neighbourhoods and active residents."""
    return (
        District.objects.filter(municipality=municipality)
        .annotate(
            neighbourhood_count=Count("neighbourhoods", distinct=True),
            resident_count=Count(
                "neighbourhoods__residents",
                filter=Q(
                    neighbourhoods__residents__role=User.Role.RESIDENT,
                    neighbourhoods__residents__is_active=True,
                ),
                distinct=True,
            ),
        )
        .order_by("code")
    )


def professional_neighbourhoods(*, professional: User) -> QuerySet[Neighbourhood]:
    return (
        professional.work_neighbourhoods.select_related("district")
        .annotate(
            resident_count=Count(
                "residents",
                filter=Q(residents__role=User.Role.RESIDENT, residents__is_active=True),
            )
        )
        .order_by("name")
    )


def neighbourhood_professionals(*, neighbourhood: Neighbourhood) -> QuerySet[User]:
    return neighbourhood.professionals.filter(is_active=True).order_by("first_name")


def residents_registered_by(*, professional: User) -> QuerySet[User]:
    return (
        User.objects.filter(registered_by=professional, deleted_at__isnull=True)
        .select_related("neighbourhood")
        .order_by("-date_joined")
    )


@dataclass(frozen=True)
class ConsentState:
    kind: str
    label: str
    is_given: bool
    decided_at: object | None


def consent_current(*, user: User) -> list[ConsentState]:
    """Return the current state of every consent kind; no decision means not given."""
    latest: dict[str, ConsentRecord] = {}
    for record in ConsentRecord.objects.filter(user=user).order_by("created_at", "id"):
        latest[record.kind] = record
    return [
        ConsentState(
            kind=kind.value,
            label=str(kind.label),
            is_given=latest[kind.value].is_given if kind.value in latest else False,
            decided_at=latest[kind.value].created_at if kind.value in latest else None,
        )
        for kind in ConsentKind
    ]


def consent_is_given(*, user: User, kind: str) -> bool:
    record = (
        ConsentRecord.objects.filter(user=user, kind=kind).order_by("-created_at", "-id").first()
    )
    return bool(record and record.is_given)


def consent_history(*, user: User) -> QuerySet[ConsentRecord]:
    return ConsentRecord.objects.filter(user=user).order_by("-created_at", "-id")


def organisation_list(
    *, municipality: Municipality | None = None, domain: str | None = None
) -> QuerySet[Organisation]:
    qs = Organisation.objects.select_related("neighbourhood").annotate(
        member_count=Count("memberships")
    )
    if municipality is not None:
        qs = qs.filter(municipality=municipality)
    if domain:
        qs = qs.filter(domain=domain)
    return qs.order_by("name")


def organisation_get(*, slug: str) -> Organisation | None:
    return (
        Organisation.objects.select_related("neighbourhood", "municipality")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("user").filter(
                    user__deleted_at__isnull=True
                ),
            )
        )
        .filter(slug=slug)
        .first()
    )


def organisation_counts_by_domain(*, municipality: Municipality) -> dict[str, int]:
    rows = (
        Organisation.objects.filter(municipality=municipality)
        .values("domain")
        .annotate(total=Count("id"))
    )
    counts = {domain.value: 0 for domain in Organisation.Domain}
    counts.update({row["domain"]: row["total"] for row in rows})
    return counts


def membership_get(*, organisation: Organisation, user: User) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(organisation=organisation, user=user).first()


def user_memberships(*, user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("organisation")


def api_token_active_get(*, raw_key: str) -> ApiToken | None:
    """Return the API key with this raw value if its owner is active, else None."""
    key_hash = hashlib.sha256(raw_key.encode()).hexdigest()
    token = ApiToken.objects.select_related("user").filter(key_hash=key_hash).first()
    if token is None or not token.user.is_active:
        return None
    return token


def api_token_list(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def user_get_by_username(*, username: str) -> User | None:
    return (
        User.objects.filter(username__iexact=username.strip()).first() if username.strip() else None
    )


def user_find_for_login(*, identifier: str) -> User | None:
    """Find a user by username or (case-insensitive) e-mail address."""
    identifier = identifier.strip()
    if not identifier:
        return None
    user = User.objects.filter(username__iexact=identifier).first()
    if user is None and "@" in identifier:
        user = User.objects.filter(email__iexact=identifier).first()
    return user


# --- pages: desk, places, organisations ------------------------------------------------------


def person_get(*, pk: int) -> User | None:
    """Return a person with what their public profile shows, or None."""
    return (
        User.objects.select_related("neighbourhood", "neighbourhood__district")
        .filter(pk=pk)
        .first()
    )


def activation_code_current(*, user: User) -> ActivationCode | None:
    """Return the newest code that still works for `user`, or None."""
    return (
        ActivationCode.objects.filter(
            user=user, used_at__isnull=True, expires_at__gt=timezone.now()
        )
        .order_by("-created_at", "-id")
        .first()
    )


def neighbourhood_organisations(*, neighbourhood: Neighbourhood) -> QuerySet[Organisation]:
    return Organisation.objects.filter(neighbourhood=neighbourhood).order_by("name")


def membership_get_by_id(*, organisation: Organisation, pk: int) -> Membership | None:
    """Return a membership of `organisation` by its id; ids of other organisations give None."""
    return (
        Membership.objects.select_related("user", "organisation")
        .filter(organisation=organisation, pk=pk)
        .first()
    )


def _with_resident_count(qs: QuerySet[Neighbourhood]) -> QuerySet[Neighbourhood]:
    return qs.annotate(
        resident_count=Count(
            "residents",
            filter=Q(residents__role=User.Role.RESIDENT, residents__is_active=True),
        )
    )


def neighbourhood_list_with_counts(
    *,
    municipality: Municipality | None = None,
    district_code: str | None = None,
    search: str | None = None,
) -> QuerySet[Neighbourhood]:
    """Like `neighbourhood_list`, with `resident_count` counted in the same query."""
    return _with_resident_count(
        neighbourhood_list(municipality=municipality, district_code=district_code, search=search)
    )


def neighbourhood_get_with_counts(*, code: str) -> Neighbourhood | None:
    return _with_resident_count(
        Neighbourhood.objects.select_related("district", "district__municipality").filter(code=code)
    ).first()


def api_token_get(*, user: User, token_id: str) -> ApiToken | None:
    return ApiToken.objects.filter(user=user, pk=token_id).first()
