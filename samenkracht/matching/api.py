"""API for asks and offers, matches, contacts, notifications and the desk."""

from collections.abc import Mapping
from datetime import datetime
from typing import Annotated, Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from samenkracht.common.api import ErrorOut, Pagination
from samenkracht.core.matching import Reason
from samenkracht.matching import permissions, selectors, services
from samenkracht.matching.models import (
    AVAILABILITY_ALL,
    Category,
    Contact,
    DigestPreference,
    Listing,
    Message,
    Notification,
    Outcome,
)
from samenkracht.matching.reasons import reason_params, reason_text
from samenkracht.matching.selectors import DeskOverview, ListingMatch, MatchRateRow
from samenkracht.matching.tasks import matches_notify_new_task
from samenkracht.people import selectors as people_selectors
from samenkracht.people.models import Neighbourhood, Organisation, User

router = Router(tags=["matching"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _current_user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _listing_or_404(request: HttpRequest, listing_id: int) -> Listing:
    listing = selectors.listing_get(pk=listing_id)
    # Closed listings of others look the same as listings that never existed.
    if listing is None or not permissions.can_view_listing(request.user, listing):
        raise Http404
    return listing


def _contact_or_404(request: HttpRequest, contact_id: int) -> Contact:
    contact = selectors.contact_get(pk=contact_id)
    if contact is None or not permissions.can_view_contact(request.user, contact):
        raise Http404
    return contact


def _category_by_slug(slug: str | None, field: str = "category") -> Category | None:
    if not slug:
        return None
    category = selectors.category_get(slug=slug)
    if category is None:
        raise ValidationError({field: [_("Onbekende categorie: %s") % slug]})
    return category


def _neighbourhood_by_code(code: str | None) -> Neighbourhood | None:
    if not code:
        return None
    neighbourhood = people_selectors.neighbourhood_get(code=code)
    if neighbourhood is None:
        raise ValidationError({"neighbourhood": [_("Onbekende buurt: %s") % code]})
    return neighbourhood


# --- schemas shared by several endpoints -----------------------------------------------------


class PersonBriefOut(Schema):
    id: int
    public_name: str


class CategoryBriefOut(Schema):
    id: int
    slug: str
    name: str
    parent_slug: str | None

    @staticmethod
    def resolve_parent_slug(obj: Category) -> str | None:
        return obj.parent.slug if obj.parent_id and obj.parent else None


class ListingOut(Schema):
    id: int
    kind: Listing.Kind
    title: str
    description: str
    category: CategoryBriefOut
    resource: Listing.Resource
    is_recurring: bool
    availability: int = Field(description="Bitmasker: bit (dag × 3 + dagdeel), maandag = 0.")
    place: Listing.Place
    radius_km: float
    neighbourhood: str = Field(description="CBS-code van de buurt.")
    owner: PersonBriefOut
    organisation: str | None = Field(description="Korte naam van de organisatie.")
    status: Listing.Status
    expires_at: datetime
    created_at: datetime

    @staticmethod
    def resolve_neighbourhood(obj: Listing) -> str:
        return obj.neighbourhood.code

    @staticmethod
    def resolve_organisation(obj: Listing) -> str | None:
        return obj.organisation.slug if obj.organisation_id and obj.organisation else None


class ReasonOut(Schema):
    code: str = Field(
        description="category, distance, time, words, language, reciprocity, fresh of track_record."
    )
    text: str = Field(description="In de taal van het verzoek (Accept-Language of taalkeuze).")
    params: dict[str, Any] = Field(
        description="Waar de tekst uit bestaat, per code: category {same}, distance {meters}, "
        "time {flexible, slots (bit dag × 3 + dagdeel), more}, words {pairs: [[gevraagd, "
        "geboden]]}, language {codes}, reciprocity {}, fresh {days}, track_record {percent}. "
        "Leeg bij oudere contacten."
    )

    @staticmethod
    def resolve_text(obj: Reason | Mapping[str, Any]) -> str:
        return reason_text(obj)

    @staticmethod
    def resolve_params(obj: Reason | Mapping[str, Any]) -> dict[str, Any]:
        return reason_params(obj)


# --- categories ------------------------------------------------------------------------------


class SubcategoryOut(Schema):
    id: int
    slug: str
    name: str


class CategoryTreeOut(Schema):
    id: int
    slug: str
    name: str
    children: list[SubcategoryOut]

    @staticmethod
    def resolve_children(obj: Category) -> list[Category]:
        # category_tree prefetches only the active subcategories.
        return list(obj.children.all())


@router.get("/categories", response=list[CategoryTreeOut], auth=None)
def category_list(request: HttpRequest) -> list[Category]:
    return selectors.category_tree()


# --- listings --------------------------------------------------------------------------------


@router.get("/listings", response={200: list[ListingOut], **ERRORS})
@paginate(Pagination)
def listing_list(
    request: HttpRequest,
    q: str | None = Query(
        None,
        max_length=200,
        pattern=r"^[^\x00]*$",
        description="Zoek in titel, beschrijving en categorie.",
    ),
    kind: Listing.Kind | None = None,
    category: str | None = Query(None, description="Korte naam van de categorie."),
    neighbourhood: str | None = Query(None, description="CBS-code van de buurt."),
    mine: bool = Query(False, description="Alleen mijn eigen vragen en aanbod, ook afgesloten."),
) -> QuerySet[Listing]:
    user = _current_user(request)
    if not permissions.can_post_listing(user):
        raise PermissionDenied
    if mine:
        return selectors.listing_list(
            kind=kind,
            statuses=Listing.Status.values,
            category=_category_by_slug(category),
            neighbourhood=_neighbourhood_by_code(neighbourhood),
            search=q,
            owner=user,
        )
    return selectors.listing_list(
        kind=kind,
        category=_category_by_slug(category),
        neighbourhood=_neighbourhood_by_code(neighbourhood),
        search=q,
    )


class ListingCreateIn(Schema):
    kind: Listing.Kind
    title: str = Field(description="3 tot 120 tekens.")
    description: str = Field("", description="Hoogstens 2000 tekens.")
    category: str = Field(description="Korte naam van de categorie.")
    resource: Listing.Resource = Listing.Resource.HELP
    is_recurring: bool = False
    availability: int = Field(0, ge=0, le=AVAILABILITY_ALL)
    place: Listing.Place = Listing.Place.NEIGHBOURHOOD
    radius_km: float = Field(2.0, description="Tussen 0,1 en 50 km.")
    neighbourhood: str | None = Field(None, description="CBS-code; anders de eigen buurt.")
    organisation: str | None = Field(None, description="Korte naam van een eigen organisatie.")
    on_behalf_of: int | None = Field(None, description="Voor professionals: id van de bewoner.")
    expires_in_days: int = Field(60, description="14, 30, 60 of 90.")


def _organisation_of(user: User, slug: str | None) -> Organisation | None:
    if not slug:
        return None
    for membership in people_selectors.user_memberships(user=user):
        if membership.organisation.slug == slug:
            return membership.organisation
    raise ValidationError(
        {"organisation": [_("U kunt alleen plaatsen namens een organisatie waar u lid van bent.")]}
    )


@router.post("/listings", response={201: ListingOut, **ERRORS})
def listing_create(request: HttpRequest, body: ListingCreateIn) -> Status[Listing]:
    user = _current_user(request)
    if not permissions.can_post_listing(user):
        raise PermissionDenied
    owner = user
    if body.on_behalf_of is not None:
        resident = people_selectors.person_get(pk=body.on_behalf_of)
        if resident is None or not permissions.can_post_on_behalf(user, resident):
            raise PermissionDenied(_("U kunt geen vraag plaatsen voor deze bewoner."))
        owner = resident
    listing = services.listing_create(
        owner=owner,
        kind=body.kind,
        title=body.title,
        description=body.description,
        category=cast(Category, _category_by_slug(body.category)),
        resource=body.resource,
        is_recurring=body.is_recurring,
        availability=body.availability,
        place=body.place,
        radius_km=body.radius_km,
        neighbourhood=_neighbourhood_by_code(body.neighbourhood),
        organisation=_organisation_of(owner, body.organisation),
        created_by=user if owner.pk != user.pk else None,
        expires_in_days=body.expires_in_days,
    )
    transaction.on_commit(lambda: matches_notify_new_task.enqueue(listing_id=listing.pk))
    return Status(201, cast(Listing, selectors.listing_get(pk=listing.pk)))


@router.get("/listings/{id}", response={200: ListingOut, **ERRORS})
def listing_detail(request: HttpRequest, id: int) -> Listing:
    return _listing_or_404(request, id)


class ListingUpdateIn(Schema):
    """Only the fields that are sent change."""

    title: str | None = None
    description: str | None = None
    category: str | None = Field(None, description="Korte naam van de categorie.")
    resource: Listing.Resource | None = None
    is_recurring: bool | None = None
    availability: int | None = Field(None, ge=0, le=AVAILABILITY_ALL)
    place: Listing.Place | None = None
    radius_km: float | None = None
    neighbourhood: str | None = Field(None, description="CBS-code van de buurt.")
    expires_in_days: int | None = Field(None, description="14, 30, 60 of 90, vanaf nu.")


@router.patch("/listings/{id}", response={200: ListingOut, **ERRORS})
def listing_update(request: HttpRequest, id: int, body: ListingUpdateIn) -> Listing:
    user = _current_user(request)
    listing = _listing_or_404(request, id)
    if not permissions.can_edit_listing(user, listing):
        raise PermissionDenied
    changes = body.model_dump(exclude_unset=True)
    if any(value is None for value in changes.values()):
        raise ValidationError(
            {
                key: [_("Dit veld mag niet leeg zijn.")]
                for key, value in changes.items()
                if value is None
            }
        )
    if "category" in changes:
        changes["category"] = _category_by_slug(changes["category"])
    if "neighbourhood" in changes:
        changes["neighbourhood"] = _neighbourhood_by_code(changes["neighbourhood"])
    services.listing_update(listing=listing, actor=user, **changes)
    return cast(Listing, selectors.listing_get(pk=id))


@router.delete("/listings/{id}", response={204: None, **ERRORS})
def listing_withdraw(request: HttpRequest, id: int) -> Status[None]:
    """Withdraw an ask or offer; it stays visible to its owner."""
    user = _current_user(request)
    listing = _listing_or_404(request, id)
    if not permissions.can_edit_listing(user, listing):
        raise PermissionDenied
    services.listing_withdraw(listing=listing, actor=user)
    return Status(204, None)


@router.post("/listings/{id}/done", response={200: ListingOut, **ERRORS})
def listing_mark_done(request: HttpRequest, id: int) -> Listing:
    user = _current_user(request)
    listing = _listing_or_404(request, id)
    if not permissions.can_edit_listing(user, listing):
        raise PermissionDenied
    services.listing_mark_done(listing=listing, actor=user)
    return cast(Listing, selectors.listing_get(pk=id))


class MatchOut(Schema):
    listing: ListingOut
    score: float = Field(description="Van 0 tot 1.")
    reasons: list[ReasonOut] = Field(description="Waarom dit past, belangrijkste eerst.")


@router.get("/listings/{id}/matches", response={200: list[MatchOut], **ERRORS})
def listing_matches(
    request: HttpRequest, id: int, k: int = Query(20, ge=1, le=50)
) -> list[ListingMatch]:
    """The best asks for an offer, or the best offers for an ask, explained."""
    listing = _listing_or_404(request, id)
    if not permissions.can_edit_listing(request.user, listing):
        raise PermissionDenied
    if not listing.is_open:
        return []
    return selectors.matches_for_listing(listing=listing, k=k, now=timezone.now())


# --- contacts --------------------------------------------------------------------------------


class ListingBriefOut(Schema):
    id: int
    kind: Listing.Kind
    title: str
    status: Listing.Status
    category: str

    @staticmethod
    def resolve_category(obj: Listing) -> str:
        return obj.category.name


class ContactOut(Schema):
    id: int
    status: Contact.Status
    ask: ListingBriefOut
    offer: ListingBriefOut
    initiator: PersonBriefOut
    recipient: PersonBriefOut
    introduced_by: PersonBriefOut | None
    is_initiator_accepted: bool = Field(
        description="Bij een voorstel van een professional: of de vrager al ja zei."
    )
    score: float
    explanation: list[ReasonOut]
    created_at: datetime
    decided_at: datetime | None


@router.get("/contacts", response={200: list[ContactOut], **ERRORS})
@paginate(Pagination)
def contact_list(request: HttpRequest, status: Contact.Status | None = None) -> QuerySet[Contact]:
    user = _current_user(request)
    return selectors.contact_list_for_user(
        user=user, statuses=[status] if status is not None else None
    )


class ContactRequestIn(Schema):
    listing: int = Field(description="Id van uw eigen aanbod (bij een vraag) of vraag.")
    message: str = Field(description="Eerste bericht, hoogstens 2000 tekens.")


@router.post("/listings/{id}/contacts", response={201: ContactOut, **ERRORS})
def contact_request(request: HttpRequest, id: int, body: ContactRequestIn) -> Status[Contact]:
    """React to someone's ask with your own offer, or to an offer with your own ask."""
    user = _current_user(request)
    theirs = _listing_or_404(request, id)
    if not permissions.can_contact(user, theirs):
        raise PermissionDenied(_("U kunt hier niet op reageren."))
    mine = selectors.listing_get(pk=body.listing)
    if mine is None or mine.owner_id != user.pk:
        raise ValidationError({"listing": [_("Kies een vraag of aanbod van uzelf.")]})
    if mine.kind == theirs.kind:
        raise ValidationError(
            {"listing": [_("Reageer op een vraag met aanbod, en op aanbod met een vraag.")]}
        )
    ask, offer = (mine, theirs) if mine.kind == Listing.Kind.ASK else (theirs, mine)
    contact = services.contact_request(initiator=user, ask=ask, offer=offer, message=body.message)
    return Status(201, cast(Contact, selectors.contact_get(pk=contact.pk)))


class MessageOut(Schema):
    id: int
    sender: PersonBriefOut
    body: str
    created_at: datetime


class ContactDetailsOut(Schema):
    name: str
    email: str | None = Field(description="Alleen als de ander toestemming gaf.")


class ContactDetailOut(ContactOut):
    messages: list[MessageOut]
    contact_details: ContactDetailsOut | None = Field(description="Pas na acceptatie.")
    can_respond: bool
    can_send_message: bool
    can_record_outcome: bool

    @staticmethod
    def resolve_messages(obj: Contact) -> list[Message]:
        return list(selectors.contact_messages(contact=obj))

    @staticmethod
    def resolve_contact_details(obj: Contact, context: dict[str, Any]) -> Any:
        return selectors.contact_details_for(contact=obj, viewer=context["request"].user)

    @staticmethod
    def resolve_can_respond(obj: Contact, context: dict[str, Any]) -> bool:
        return permissions.can_respond_contact(context["request"].user, obj)

    @staticmethod
    def resolve_can_send_message(obj: Contact, context: dict[str, Any]) -> bool:
        return permissions.can_send_message(context["request"].user, obj)

    @staticmethod
    def resolve_can_record_outcome(obj: Contact, context: dict[str, Any]) -> bool:
        return permissions.can_record_outcome(context["request"].user, obj)


@router.get("/contacts/{id}", response={200: ContactDetailOut, **ERRORS})
def contact_detail(request: HttpRequest, id: int) -> Contact:
    """A conversation with its messages; contact details only after acceptance."""
    return _contact_or_404(request, id)


@router.post("/contacts/{id}/accept", response={200: ContactDetailOut, **ERRORS})
def contact_accept(request: HttpRequest, id: int) -> Contact:
    contact = _contact_or_404(request, id)
    services.contact_accept(contact=contact, actor=_current_user(request))
    return cast(Contact, selectors.contact_get(pk=id))


@router.post("/contacts/{id}/decline", response={200: ContactDetailOut, **ERRORS})
def contact_decline(request: HttpRequest, id: int) -> Contact:
    contact = _contact_or_404(request, id)
    services.contact_decline(contact=contact, actor=_current_user(request))
    return cast(Contact, selectors.contact_get(pk=id))


@router.get("/contacts/{id}/messages", response={200: list[MessageOut], **ERRORS})
@paginate(Pagination)
def message_list(request: HttpRequest, id: int) -> QuerySet[Message]:
    return selectors.contact_messages(contact=_contact_or_404(request, id))


class MessageIn(Schema):
    body: str = Field(description="Hoogstens 2000 tekens.")


@router.post("/contacts/{id}/messages", response={201: MessageOut, **ERRORS})
def message_send(request: HttpRequest, id: int, body: MessageIn) -> Status[Message]:
    contact = _contact_or_404(request, id)
    message = services.message_send(contact=contact, sender=_current_user(request), body=body.body)
    return Status(201, message)


HOURS_SPENT_DESCRIPTION = (
    "Hoe lang het duurde, in uren als tekst (`1.5` of `1,5`), hoogstens 100; alleen als het "
    "gelukt is. De tijdbank stelt dit voor als wie geholpen is bedankt met uren."
)


class OutcomeIn(Schema):
    result: Outcome.Result
    reason: Outcome.Reason = Outcome.Reason.NONE
    note: str = Field("", description="Hoogstens 500 tekens.")
    hours_spent: str | None = Field(None, description=HOURS_SPENT_DESCRIPTION)


class OutcomeHoursIn(Schema):
    hours_spent: str | None = Field(description=f"{HOURS_SPENT_DESCRIPTION} Leeg: niet gezegd.")


class OutcomeOut(Schema):
    id: int
    result: Outcome.Result
    reason: str
    note: str
    hours_spent: str | None = Field(description="Hoe lang het duurde, in uren (`1.50`).")
    created_at: datetime

    @staticmethod
    def resolve_hours_spent(obj: Outcome) -> str | None:
        return None if obj.hours_spent is None else f"{obj.hours_spent:.2f}"


@router.post("/contacts/{id}/outcome", response={201: OutcomeOut, **ERRORS})
def outcome_record(request: HttpRequest, id: int, body: OutcomeIn) -> Status[Outcome]:
    """Answer "is het gelukt?" for this contact, once; with a yes, how long it took."""
    contact = _contact_or_404(request, id)
    outcome = services.outcome_record(
        contact=contact,
        respondent=_current_user(request),
        result=body.result,
        reason=body.reason,
        note=body.note,
        hours_spent=body.hours_spent or "",
    )
    return Status(201, outcome)


@router.patch("/contacts/{id}/outcome", response={200: OutcomeOut, **ERRORS})
def outcome_hours_change(request: HttpRequest, id: int, body: OutcomeHoursIn) -> Outcome:
    """Say, or correct, how long it took, after your own "yes, it worked"."""
    contact = _contact_or_404(request, id)
    return services.outcome_hours_change(
        contact=contact, respondent=_current_user(request), hours_spent=body.hours_spent or ""
    )


# --- safety ----------------------------------------------------------------------------------


class ReportIn(Schema):
    reported: int = Field(description="Id van de persoon die u meldt.")
    reason: str = Field(description="Wat is er gebeurd? Hoogstens 1000 tekens.")
    contact: int | None = None
    message: int | None = None


class ReportOut(Schema):
    id: int
    reported: PersonBriefOut
    status: str
    created_at: datetime


def _person_or_422(pk: int, field: str) -> User:
    person = people_selectors.person_get(pk=pk)
    if person is None or person.is_deleted:
        raise ValidationError({field: [_("Deze persoon bestaat niet.")]})
    return person


@router.post("/reports", response={201: ReportOut, **ERRORS})
def report_create(request: HttpRequest, body: ReportIn) -> Status[Any]:
    """Report abuse to the admins."""
    user = _current_user(request)
    contact = _contact_or_404(request, body.contact) if body.contact is not None else None
    message = None
    if body.message is not None:
        message = Message.objects.filter(pk=body.message).select_related("contact").first()
        if message is None or not permissions.can_view_contact(user, message.contact):
            raise ValidationError({"message": [_("Dit bericht bestaat niet.")]})
    report = services.report_create(
        reporter=user,
        reported=_person_or_422(body.reported, "reported"),
        reason=body.reason,
        contact=contact,
        message=message,
    )
    return Status(201, report)


class BlockIn(Schema):
    user: int = Field(description="Id van de persoon die u blokkeert.")


class BlockOut(Schema):
    blocked: PersonBriefOut
    created_at: datetime


@router.post("/blocks", response={201: BlockOut, **ERRORS})
def block_create(request: HttpRequest, body: BlockIn) -> Status[Any]:
    """Block a person: no contacts or messages either way."""
    block = services.block_create(
        blocker=_current_user(request), blocked=_person_or_422(body.user, "user")
    )
    return Status(201, block)


@router.delete("/blocks/{user_id}", response={204: None, **ERRORS})
def block_remove(request: HttpRequest, user_id: int) -> Status[None]:
    blocked = people_selectors.person_get(pk=user_id)
    if blocked is None or not services.block_remove(
        blocker=_current_user(request), blocked=blocked
    ):
        raise Http404
    return Status(204, None)


# --- notifications and the digest ------------------------------------------------------------


class NotificationOut(Schema):
    id: int
    kind: Notification.Kind
    text: str
    url: str
    read_at: datetime | None
    created_at: datetime


@router.get("/notifications", response={200: list[NotificationOut], **ERRORS})
@paginate(Pagination)
def notification_list(request: HttpRequest, unread: bool = False) -> QuerySet[Notification]:
    return selectors.notification_list(user=_current_user(request), is_unread_only=unread)


class NotificationReadIn(Schema):
    ids: list[Annotated[int, Field(ge=1, le=2**63 - 1)]] | None = Field(
        None, description="Leeg of weggelaten: alle meldingen."
    )


class NotificationReadOut(Schema):
    count: int = Field(description="Hoeveel meldingen nu gelezen zijn.")
    unread: int = Field(description="Hoeveel er nog ongelezen zijn.")


@router.post("/notifications/read", response={200: NotificationReadOut, **ERRORS})
def notification_mark_read(request: HttpRequest, body: NotificationReadIn) -> dict[str, int]:
    user = _current_user(request)
    count = services.notification_mark_read(user=user, ids=body.ids, now=timezone.now())
    return {"count": count, "unread": selectors.notification_unread_count(user=user)}


class DigestOut(Schema):
    frequency: DigestPreference.Frequency
    minimum_score: float
    last_sent_at: datetime | None


class DigestIn(Schema):
    frequency: DigestPreference.Frequency
    minimum_score: float = Field(description="Van 0 tot 1: alleen matches vanaf deze score.")


@router.get("/me/digest", response={200: DigestOut, **ERRORS})
def digest_detail(request: HttpRequest) -> DigestPreference:
    return selectors.digest_preference_get(user=_current_user(request))


@router.put("/me/digest", response={200: DigestOut, **ERRORS})
def digest_update(request: HttpRequest, body: DigestIn) -> DigestPreference:
    return services.digest_preference_set(
        user=_current_user(request), frequency=body.frequency, minimum_score=body.minimum_score
    )


# --- the sociaal makelaar's desk -------------------------------------------------------------


class SuggestionOut(Schema):
    ask: ListingOut
    offer: ListingOut
    score: float
    reasons: list[ReasonOut]


class MatchRateOut(Schema):
    category: str
    category_name: str
    contacts: int
    matched: int
    rate: float | None

    @staticmethod
    def resolve_category(obj: MatchRateRow) -> str:
        return obj.category.slug

    @staticmethod
    def resolve_category_name(obj: MatchRateRow) -> str:
        return obj.category.name


class DeskOut(Schema):
    neighbourhood: str
    days: int
    unanswered_asks: list[ListingOut]
    offerers_without_contact: list[PersonBriefOut]
    only_asking: list[PersonBriefOut]
    only_offering: list[PersonBriefOut]
    suggestions: list[SuggestionOut]
    match_rates: list[MatchRateOut]


@router.get("/desk/{code}", response={200: DeskOut, **ERRORS})
def desk_detail(
    request: HttpRequest, code: str, days: int = Query(14, ge=1, le=365)
) -> dict[str, Any]:
    """For professionals: what needs attention in a neighbourhood they work in."""
    neighbourhood = people_selectors.neighbourhood_get(code=code)
    if neighbourhood is None:
        raise Http404
    if not permissions.can_view_desk(request.user, neighbourhood):
        raise PermissionDenied
    overview: DeskOverview = selectors.desk_overview(
        neighbourhood=neighbourhood, now=timezone.now(), days=days
    )
    return {
        "neighbourhood": neighbourhood.code,
        "days": overview.days,
        "unanswered_asks": overview.unanswered_asks,
        "offerers_without_contact": overview.offerers_without_contact,
        "only_asking": overview.only_asking,
        "only_offering": overview.only_offering,
        "suggestions": overview.suggestions,
        "match_rates": selectors.match_rate_stats(neighbourhoods=[neighbourhood]),
    }


class IntroductionIn(Schema):
    ask: int
    offer: int
    note: str = Field(description="Waarom deze twee bij elkaar passen; hoogstens 2000 tekens.")


@router.post("/introductions", response={201: ContactOut, **ERRORS})
def contact_introduce(request: HttpRequest, body: IntroductionIn) -> Status[Contact]:
    """Introduce an ask to an offer; both sides must say yes."""
    user = _current_user(request)
    ask = _listing_or_404(request, body.ask)
    offer = _listing_or_404(request, body.offer)
    if not permissions.can_introduce(user, ask, offer):
        raise PermissionDenied
    contact = services.contact_introduce(professional=user, ask=ask, offer=offer, note=body.note)
    return Status(201, cast(Contact, selectors.contact_get(pk=contact.pk)))
