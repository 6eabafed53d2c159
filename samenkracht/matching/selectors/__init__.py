"""Reads of asks, offers, contacts and notifications used by more than one caller."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce

from samenkracht.matching.models import (
    Block,
    Category,
    Contact,
    DigestPreference,
    Listing,
    Message,
    Notification,
    Outcome,
)
from samenkracht.matching.selectors.index import (
    OPEN_STATUSES,
    ListingMatch,
    match_index_query,
    match_index_reset,
    match_score,
)
from samenkracht.people.models import ConsentKind, Neighbourhood, User
from samenkracht.people.selectors import consent_is_given

DEFAULT_MINIMUM_SCORE = 0.5

__all__ = [
    "DEFAULT_MINIMUM_SCORE",
    "OPEN_STATUSES",
    "ContactDetails",
    "DeskOverview",
    "IntroductionSuggestion",
    "ListingMatch",
    "MatchRateRow",
    "MatchingStats",
    "block_exists_between",
    "blocked_user_ids",
    "category_get",
    "category_tree",
    "contact_details_for",
    "contact_exists",
    "contact_get",
    "contact_list_for_user",
    "contact_messages",
    "contacts_started_since",
    "desk_overview",
    "digest_preference_get",
    "listing_get",
    "listing_list",
    "match_index_reset",
    "match_rate_stats",
    "match_score",
    "matches_for_listing",
    "messages_sent_since",
    "notification_list",
    "notification_unread_count",
    "outcome_exists",
    "outcome_get",
    "outcome_hours",
    "residents_supported_by",
    "stats_matching",
]


# --- categories ------------------------------------------------------------------------------


def category_tree() -> list[Category]:
    """Active main categories; `children.all()` of each holds only its active subcategories."""
    children = Category.objects.filter(is_active=True).order_by("position", "name")
    return list(
        Category.objects.filter(parent__isnull=True, is_active=True)
        .order_by("position", "name")
        .prefetch_related(Prefetch("children", queryset=children))
    )


def category_get(*, pk: int | None = None, slug: str | None = None) -> Category | None:
    qs = Category.objects.select_related("parent")
    if pk is not None:
        return qs.filter(pk=pk).first()
    if slug:
        return qs.filter(slug=slug).first()
    return None


# --- listings --------------------------------------------------------------------------------


def _listing_qs() -> QuerySet[Listing]:
    return Listing.objects.select_related(
        "category",
        "category__parent",
        "neighbourhood",
        "owner",
        "organisation",
        "created_by",
    )


def listing_list(
    *,
    kind: str | None = None,
    statuses: Iterable[str] = OPEN_STATUSES,
    neighbourhood: Neighbourhood | None = None,
    category: Category | None = None,
    search: str | None = None,
    owner: User | None = None,
) -> QuerySet[Listing]:
    """Asks and offers, newest first; a main category includes its subcategories."""
    qs = _listing_qs().filter(status__in=list(statuses))
    if kind:
        qs = qs.filter(kind=kind)
    if neighbourhood is not None:
        qs = qs.filter(neighbourhood=neighbourhood)
    if category is not None:
        qs = qs.filter(Q(category=category) | Q(category__parent=category))
    if owner is not None:
        qs = qs.filter(owner=owner)
    for word in (search or "").split()[:8]:
        qs = qs.filter(
            Q(title__icontains=word)
            | Q(description__icontains=word)
            | Q(category__name__icontains=word)
            | Q(category__synonyms__icontains=word)
        )
    return qs.order_by("-created_at", "-id")


def listing_get(*, pk: int) -> Listing | None:
    return _listing_qs().filter(pk=pk).first()


def matches_for_listing(*, listing: Listing, k: int = 20, now: datetime) -> list[ListingMatch]:
    """Return the best open listings of the other kind for `listing`, with their reasons.

    People the owner blocked, or who blocked the owner, are left out.
    """
    excluded_owner_ids = blocked_user_ids(user_id=listing.owner_id) | {listing.owner_id}
    return match_index_query(listing=listing, k=k, now=now, excluded_owner_ids=excluded_owner_ids)


def residents_supported_by(*, professional: User) -> QuerySet[User]:
    """Residents of the neighbourhoods a professional works in, for posting on their behalf."""
    return (
        User.objects.filter(
            role=User.Role.RESIDENT,
            is_active=True,
            deleted_at__isnull=True,
            neighbourhood__in=professional.work_neighbourhoods.all(),
        )
        .select_related("neighbourhood")
        .order_by("first_name", "last_name", "id")
    )


# --- blocks, contacts, messages --------------------------------------------------------------


def blocked_user_ids(*, user_id: int) -> set[int]:
    """People `user_id` blocked and people who blocked them."""
    pairs = Block.objects.filter(Q(blocker_id=user_id) | Q(blocked_id=user_id)).values_list(
        "blocker_id", "blocked_id"
    )
    return {other for pair in pairs for other in pair} - {user_id}


def block_exists_between(user_id: int | None, other_id: int | None) -> bool:
    return Block.objects.filter(
        Q(blocker_id=user_id, blocked_id=other_id) | Q(blocker_id=other_id, blocked_id=user_id)
    ).exists()


def _contact_qs() -> QuerySet[Contact]:
    return Contact.objects.select_related(
        "ask",
        "ask__category",
        "ask__neighbourhood",
        "offer",
        "offer__category",
        "offer__neighbourhood",
        "initiator",
        "recipient",
        "introduced_by",
    )


def contact_list_for_user(
    *, user: User, statuses: Iterable[str] | None = None
) -> QuerySet[Contact]:
    """The conversations of `user`, most recently started first."""
    qs = _contact_qs().filter(Q(initiator=user) | Q(recipient=user))
    # An introduction reaches the offering side only once the asking side said yes.
    qs = qs.exclude(recipient=user, is_initiator_accepted=False)
    if statuses is not None:
        qs = qs.filter(status__in=list(statuses))
    return qs.order_by("-created_at", "-id")


def contact_get(*, pk: int) -> Contact | None:
    return _contact_qs().filter(pk=pk).first()


def contact_exists(*, ask: Listing, offer: Listing) -> bool:
    return Contact.objects.filter(ask=ask, offer=offer).exists()


def contact_messages(*, contact: Contact) -> QuerySet[Message]:
    return (
        Message.objects.filter(contact=contact)
        .select_related("sender")
        .order_by("created_at", "id")
    )


def contacts_started_since(*, user: User, since: datetime) -> int:
    return Contact.objects.filter(
        initiator=user, introduced_by__isnull=True, created_at__gte=since
    ).count()


def messages_sent_since(*, user: User, since: datetime) -> int:
    return Message.objects.filter(sender=user, created_at__gte=since).count()


def outcome_exists(*, contact: Contact, respondent_id: int | None) -> bool:
    return Outcome.objects.filter(contact=contact, respondent_id=respondent_id).exists()


def outcome_get(*, contact: Contact, respondent_id: int | None) -> Outcome | None:
    return Outcome.objects.filter(contact=contact, respondent_id=respondent_id).first()


def outcome_hours(*, contact: Contact) -> dict[int, Decimal]:
    """How long the help took, as each side of the contact wrote it down (if they did)."""
    rows = Outcome.objects.filter(contact=contact, hours_spent__isnull=False).values_list(
        "respondent_id", "hours_spent"
    )
    return {respondent_id: hours for respondent_id, hours in rows if hours is not None}


@dataclass(frozen=True)
class ContactDetails:
    name: str
    email: str | None


def contact_details_for(*, contact: Contact, viewer: User) -> ContactDetails | None:
    """What `viewer` may see of the other side: nothing before acceptance, the e-mail
    address only if the other side agreed to be contacted."""
    if viewer.pk not in {contact.initiator_id, contact.recipient_id}:
        return None
    if contact.status != Contact.Status.ACCEPTED:
        return None
    other = contact.other_side(viewer)
    if other.pk in blocked_user_ids(user_id=viewer.pk):
        return None
    is_contactable = consent_is_given(user=other, kind=ConsentKind.CONTACTABLE)
    return ContactDetails(
        name=other.public_name,
        email=other.email if is_contactable and other.email and not other.is_deleted else None,
    )


# --- notifications and digests ---------------------------------------------------------------


def notification_list(*, user: User, is_unread_only: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.filter(user=user)
    if is_unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-id")


def notification_unread_count(*, user: User) -> int:
    """How many notifications the person has not read; the menu of every page shows it."""
    # Plain SQL: every signed-in page pays for this count, and building the same query
    # through the ORM costs several times the query itself. Same standard SQL on both
    # databases; the (user, read_at) index answers it.
    with connection.cursor() as cursor:
        cursor.execute(_UNREAD_SQL, [user.pk])
        row = cursor.fetchone()
    return int(row[0]) if row else 0


# Notification's table, in the standard SQL quoting that PostgreSQL and SQLite share.
_UNREAD_SQL = (
    'SELECT COUNT(*) FROM "matching_notification" WHERE "user_id" = %s AND "read_at" IS NULL'
)


def digest_preference_get(*, user: User) -> DigestPreference:
    """The person's preference, or the default (daily, from 0.5) when they never chose."""
    preference = DigestPreference.objects.filter(user=user).first()
    return preference or DigestPreference(user=user)


# --- the sociaal makelaar's desk -------------------------------------------------------------


@dataclass(frozen=True)
class IntroductionSuggestion:
    ask: Listing
    offer: Listing
    score: float
    reasons: list[Any]


@dataclass(frozen=True)
class DeskOverview:
    neighbourhood: Neighbourhood
    days: int
    unanswered_asks: list[Listing]
    offerers_without_contact: list[User]
    only_asking: list[User]
    only_offering: list[User]
    suggestions: list[IntroductionSuggestion] = field(default_factory=list)


def _people(ids: Iterable[int]) -> list[User]:
    return list(User.objects.filter(pk__in=list(ids), is_active=True, deleted_at__isnull=True))


def desk_overview(
    *, neighbourhood: Neighbourhood, now: datetime, days: int = 14, suggestion_limit: int = 20
) -> DeskOverview:
    """What a professional looks at for one neighbourhood.

    Asks nobody reacted to within `days`; people whose offers never got a contact; people
    who only ask or only offer (to invite them to the other side); and for each unanswered
    ask the best open offer, as an introduction to propose.
    """
    here = Listing.objects.filter(neighbourhood=neighbourhood)
    any_contact = Exists(Contact.objects.filter(Q(ask=OuterRef("pk")) | Q(offer=OuterRef("pk"))))
    unanswered = list(
        _listing_qs()
        .filter(
            neighbourhood=neighbourhood,
            kind=Listing.Kind.ASK,
            status=Listing.Status.OPEN,
            created_at__lte=now - timedelta(days=days),
        )
        .exclude(any_contact)
        .order_by("created_at", "id")
    )
    offerer_ids = set(
        here.filter(kind=Listing.Kind.OFFER, status__in=OPEN_STATUSES).values_list(
            "owner_id", flat=True
        )
    )
    contacted_ids = set(
        Contact.objects.filter(offer__owner_id__in=offerer_ids).values_list(
            "offer__owner_id", flat=True
        )
    )
    kinds_by_owner: dict[int, set[str]] = {}
    for owner_id, kind in here.exclude(status=Listing.Status.WITHDRAWN).values_list(
        "owner_id", "kind"
    ):
        kinds_by_owner.setdefault(owner_id, set()).add(kind)
    only_asking = [owner for owner, kinds in kinds_by_owner.items() if kinds == {Listing.Kind.ASK}]
    only_offering = [
        owner for owner, kinds in kinds_by_owner.items() if kinds == {Listing.Kind.OFFER}
    ]
    suggestions = []
    for ask in unanswered[:suggestion_limit]:
        best = matches_for_listing(listing=ask, k=1, now=now)
        if best:
            suggestions.append(
                IntroductionSuggestion(
                    ask=ask, offer=best[0].listing, score=best[0].score, reasons=best[0].reasons
                )
            )
    return DeskOverview(
        neighbourhood=neighbourhood,
        days=days,
        unanswered_asks=unanswered,
        offerers_without_contact=_people(offerer_ids - contacted_ids),
        only_asking=_people(only_asking),
        only_offering=_people(only_offering),
        suggestions=suggestions,
    )


# --- figures ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class MatchRateRow:
    category: Category
    neighbourhood: Neighbourhood
    contacts: int
    matched: int

    @property
    def rate(self) -> float | None:
        return self.matched / self.contacts if self.contacts else None


def match_rate_stats(*, neighbourhoods: Iterable[Neighbourhood]) -> list[MatchRateRow]:
    """First contacts and how many became a match, per main category and neighbourhood.

    A contact counts as matched when at least one side answered "het is gelukt"; the
    neighbourhood is that of the ask.
    """
    grouped = (
        Contact.objects.filter(ask__neighbourhood__in=list(neighbourhoods))
        .annotate(top_category_id=Coalesce("ask__category__parent_id", "ask__category_id"))
        .values("top_category_id", "ask__neighbourhood_id")
        .annotate(
            contacts=Count("id", distinct=True),
            matched=Count("id", filter=Q(outcomes__result=Outcome.Result.MATCHED), distinct=True),
        )
        .order_by()
    )
    rows = list(grouped)
    categories = Category.objects.in_bulk({row["top_category_id"] for row in rows})
    places = Neighbourhood.objects.in_bulk({row["ask__neighbourhood_id"] for row in rows})
    result = [
        MatchRateRow(
            category=categories[row["top_category_id"]],
            neighbourhood=places[row["ask__neighbourhood_id"]],
            contacts=row["contacts"],
            matched=row["matched"],
        )
        for row in rows
    ]
    return sorted(
        result, key=lambda row: (row.neighbourhood.name, row.category.position, row.category.name)
    )


@dataclass(frozen=True)
class MatchingStats:
    open_asks: int
    open_offers: int
    contacts: int
    contacts_accepted: int
    contacts_matched: int
    # Contacts started since the `contacts_since` asked for; all contacts when none was.
    contacts_recent: int

    @property
    def match_rate(self) -> float | None:
        return self.contacts_matched / self.contacts if self.contacts else None


def stats_matching(
    *,
    neighbourhoods: Iterable[Neighbourhood] | None = None,
    contacts_since: datetime | None = None,
) -> MatchingStats:
    """Summary figures for insights: open asks and offers, contacts and matches."""
    listings = Listing.objects.filter(status__in=OPEN_STATUSES)
    contacts = Contact.objects.all()
    if neighbourhoods is not None:
        places = list(neighbourhoods)
        listings = listings.filter(neighbourhood__in=places)
        contacts = contacts.filter(ask__neighbourhood__in=places)
    listing_counts = listings.aggregate(
        asks=Count("id", filter=Q(kind=Listing.Kind.ASK)),
        offers=Count("id", filter=Q(kind=Listing.Kind.OFFER)),
    )
    recent = (
        Q(created_at__gte=contacts_since) if contacts_since is not None else Q(pk__isnull=False)
    )
    contact_counts = contacts.aggregate(
        total=Count("id", distinct=True),
        accepted=Count("id", filter=Q(status=Contact.Status.ACCEPTED), distinct=True),
        matched=Count("id", filter=Q(outcomes__result=Outcome.Result.MATCHED), distinct=True),
        recent=Count("id", filter=recent, distinct=True),
    )
    return MatchingStats(
        open_asks=listing_counts["asks"],
        open_offers=listing_counts["offers"],
        contacts=contact_counts["total"],
        contacts_accepted=contact_counts["accepted"],
        contacts_matched=contact_counts["matched"],
        contacts_recent=contact_counts["recent"],
    )
