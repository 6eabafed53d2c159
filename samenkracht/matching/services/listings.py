"""Writes of asks and offers: post, change, withdraw, finish, expire, and tell about matches."""

import math
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from samenkracht.common.errors import ApplicationError
from samenkracht.matching import permissions, selectors
from samenkracht.matching.models import (
    AVAILABILITY_ALL,
    Category,
    Contact,
    DigestPreference,
    Listing,
    Notification,
)
from samenkracht.matching.services.notifications import notification_send, quoted
from samenkracht.matching.services.text import text_check
from samenkracht.people import selectors as people_selectors
from samenkracht.people.models import Neighbourhood, Organisation, User

TITLE_MIN_LENGTH = 3
TITLE_MAX_LENGTH = 120
DESCRIPTION_MAX_LENGTH = 2000
RADIUS_MIN_KM = 0.1
RADIUS_MAX_KM = 50.0
EXPIRY_DAYS = (14, 30, 60, 90)
EXPIRY_REMINDER_DAYS = 7
# Only organisations give or ask for these.
ORGANISATION_RESOURCES = frozenset(
    {Listing.Resource.MONEY, Listing.Resource.MATERIALS, Listing.Resource.SPACE}
)
UPDATABLE_FIELDS = frozenset(
    {
        "title",
        "description",
        "category",
        "resource",
        "is_recurring",
        "availability",
        "place",
        "radius_km",
        "neighbourhood",
        "expires_in_days",
    }
)
NEW_MATCH_NOTIFY_LIMIT = 20


def _kind_name(listing: Listing) -> str:
    return _("vraag") if listing.kind == Listing.Kind.ASK else _("aanbod")


# --- checks --------------------------------------------------------------------------------


def _category_check(category: Category) -> None:
    is_active = category.is_active and (category.parent is None or category.parent.is_active)
    if category.pk is None or not is_active:
        raise ValidationError(
            {"category": [_("Deze categorie is niet (meer) in gebruik. Kies een andere.")]}
        )


def _radius_check(radius_km: Any) -> float:
    wrong = ValidationError(
        {
            "radius_km": [
                _("Kies een afstand tussen %(min)s en %(max)s km.") % {"min": "0,1", "max": "50"}
            ]
        }
    )
    if isinstance(radius_km, bool) or not isinstance(radius_km, int | float):
        raise wrong
    if not math.isfinite(radius_km) or not RADIUS_MIN_KM <= radius_km <= RADIUS_MAX_KM:
        raise wrong
    return float(radius_km)


def _availability_check(availability: Any) -> int:
    if isinstance(availability, bool) or not isinstance(availability, int):
        raise ValidationError({"availability": [_("Kies de dagen en dagdelen opnieuw.")]})
    if not 0 <= availability <= AVAILABILITY_ALL:
        raise ValidationError({"availability": [_("Kies de dagen en dagdelen opnieuw.")]})
    return int(availability)


def _expiry_check(expires_in_days: Any) -> int:
    if isinstance(expires_in_days, bool) or expires_in_days not in EXPIRY_DAYS:
        raise ValidationError(
            {
                "expires_in_days": [
                    _("Kies hoe lang het blijft staan: 14, 30, 60 of 90 dagen."),
                ]
            }
        )
    return int(expires_in_days)


def _choice_check(value: str, choices: list[str], field: str, message: str) -> str:
    if value not in choices:
        raise ValidationError({field: [message]})
    return value


def _resource_check(resource: str, organisation: Organisation | None) -> str:
    _choice_check(resource, Listing.Resource.values, "resource", _("Kies wat u vraagt of biedt."))
    if resource in ORGANISATION_RESOURCES and organisation is None:
        raise ValidationError(
            {
                "resource": [
                    _(
                        "Geld, materialen of ruimte vragen of bieden kan alleen namens een organisatie."
                    )
                ]
            }
        )
    return resource


def _organisation_check(organisation: Organisation | None, owner: User) -> None:
    if organisation is None:
        return
    if people_selectors.membership_get(organisation=organisation, user=owner) is None:
        raise ValidationError(
            {
                "organisation": [
                    _("U kunt alleen plaatsen namens een organisatie waar u lid van bent.")
                ]
            }
        )


def _collect(errors: dict[str, list[str]], check: Any, *args: Any) -> Any:
    """Run one check and keep its errors, so a form can show all mistakes at once."""
    try:
        return check(*args)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
        return None


# --- posting and changing ------------------------------------------------------------------


def _neighbourhood_check(
    neighbourhood: Neighbourhood, owner: User, organisation: Organisation | None
) -> bool:
    """A listing lives where its owner lives (or where its organisation is).

    Otherwise anyone could place asks in any buurt and skew the desk of that buurt; a
    wider reach is what the radius is for.
    """
    allowed = {owner.neighbourhood_id}
    if organisation is not None:
        allowed.add(organisation.neighbourhood_id)
    if neighbourhood.pk not in allowed:
        raise ValidationError(
            {
                "neighbourhood": [
                    _(
                        "U kunt alleen iets plaatsen in uw eigen buurt. "
                        "Wilt u verder weg helpen? Kies dan een afstand."
                    )
                ]
            }
        )
    return True


@transaction.atomic
def listing_create(
    *,
    owner: User,
    kind: str,
    title: str,
    description: str,
    category: Category,
    resource: str = Listing.Resource.HELP,
    is_recurring: bool = False,
    availability: int = 0,
    place: str = Listing.Place.NEIGHBOURHOOD,
    radius_km: float = 2.0,
    neighbourhood: Neighbourhood | None = None,
    organisation: Organisation | None = None,
    created_by: User | None = None,
    expires_in_days: int = 60,
    now: datetime | None = None,
) -> Listing:
    """Post an ask or an offer; every mistake is reported at once and nothing is stored.

    A professional posts for a resident they support by passing `created_by`.
    """
    now = now or timezone.now()
    if not permissions.can_post_listing(owner):
        raise ApplicationError(_("Met dit account kunt u geen vraag of aanbod plaatsen."))
    if (
        created_by is not None
        and created_by.pk != owner.pk
        and not permissions.can_post_on_behalf(created_by, owner)
    ):
        raise PermissionDenied(_("U kunt geen vraag plaatsen voor deze bewoner."))
    errors: dict[str, list[str]] = {}
    _collect(
        errors,
        lambda: _choice_check(kind, Listing.Kind.values, "kind", _("Kies vraag of aanbod.")),
    )
    clean_title = _collect(
        errors,
        lambda: text_check(
            title,
            field="title",
            label=_("de titel"),
            min_length=TITLE_MIN_LENGTH,
            max_length=TITLE_MAX_LENGTH,
        ),
    )
    clean_description = _collect(
        errors,
        lambda: text_check(
            description,
            field="description",
            label=_("de beschrijving"),
            max_length=DESCRIPTION_MAX_LENGTH,
            is_required=False,
        ),
    )
    _collect(errors, _category_check, category)
    _collect(errors, _resource_check, resource, organisation)
    _collect(errors, _organisation_check, organisation, owner)
    _collect(
        errors,
        lambda: _choice_check(place, Listing.Place.values, "place", _("Kies waar het kan.")),
    )
    clean_radius = _collect(errors, _radius_check, radius_km)
    clean_availability = _collect(errors, _availability_check, availability)
    clean_expiry = _collect(errors, _expiry_check, expires_in_days)
    neighbourhood = neighbourhood or owner.neighbourhood
    if neighbourhood is None:
        errors.setdefault("neighbourhood", []).append(_("Kies de buurt waar het om gaat."))
    else:
        _collect(errors, _neighbourhood_check, neighbourhood, owner, organisation)
    if errors:
        raise ValidationError(errors)
    assert neighbourhood is not None  # checked above; narrows the type
    listing = Listing(
        kind=kind,
        owner=owner,
        organisation=organisation,
        created_by=created_by,
        title=clean_title,
        description=clean_description,
        category=category,
        resource=resource,
        is_recurring=bool(is_recurring),
        availability=clean_availability,
        place=place,
        radius_km=clean_radius,
        neighbourhood=neighbourhood,
        latitude=neighbourhood.latitude,
        longitude=neighbourhood.longitude,
        expires_at=now + timedelta(days=clean_expiry),
    )
    listing.full_clean()
    listing.save()
    return listing


@transaction.atomic
def listing_update(
    *, listing: Listing, actor: User, now: datetime | None = None, **changes: Any
) -> Listing:
    """Change an open ask or offer; a new `expires_in_days` counts from now."""
    now = now or timezone.now()
    if not permissions.can_edit_listing(actor, listing):
        raise PermissionDenied(_("U kunt deze vraag of dit aanbod niet wijzigen."))
    unknown = set(changes) - UPDATABLE_FIELDS
    if unknown:
        raise ApplicationError(
            _("Deze velden kunnen niet worden gewijzigd: %s") % ", ".join(sorted(unknown))
        )
    listing = (
        Listing.objects.select_for_update()
        .select_related("category", "neighbourhood")
        .get(pk=listing.pk)
    )
    if not listing.is_open:
        raise ApplicationError(_("Dit is afgesloten en kan niet meer worden gewijzigd."))
    errors: dict[str, list[str]] = {}
    updated: set[str] = set()
    if "title" in changes:
        listing.title = _collect(
            errors,
            lambda: text_check(
                changes["title"],
                field="title",
                label=_("de titel"),
                min_length=TITLE_MIN_LENGTH,
                max_length=TITLE_MAX_LENGTH,
            ),
        )
        updated.add("title")
    if "description" in changes:
        listing.description = _collect(
            errors,
            lambda: text_check(
                changes["description"],
                field="description",
                label=_("de beschrijving"),
                max_length=DESCRIPTION_MAX_LENGTH,
                is_required=False,
            ),
        )
        updated.add("description")
    if "category" in changes:
        _collect(errors, _category_check, changes["category"])
        listing.category = changes["category"]
        updated.add("category")
    if "resource" in changes:
        _collect(errors, _resource_check, changes["resource"], listing.organisation)
        listing.resource = changes["resource"]
        updated.add("resource")
    if "is_recurring" in changes:
        listing.is_recurring = bool(changes["is_recurring"])
        updated.add("is_recurring")
    if "availability" in changes:
        listing.availability = _collect(errors, _availability_check, changes["availability"])
        updated.add("availability")
    if "place" in changes:
        listing.place = _collect(
            errors,
            lambda: _choice_check(
                changes["place"], Listing.Place.values, "place", _("Kies waar het kan.")
            ),
        )
        updated.add("place")
    if "radius_km" in changes:
        listing.radius_km = _collect(errors, _radius_check, changes["radius_km"])
        updated.add("radius_km")
    if "neighbourhood" in changes:
        neighbourhood = changes["neighbourhood"]
        if neighbourhood is None:
            errors.setdefault("neighbourhood", []).append(_("Kies de buurt waar het om gaat."))
        elif _collect(
            errors, _neighbourhood_check, neighbourhood, listing.owner, listing.organisation
        ):
            listing.neighbourhood = neighbourhood
            listing.latitude = neighbourhood.latitude
            listing.longitude = neighbourhood.longitude
            updated |= {"neighbourhood", "latitude", "longitude"}
    if "expires_in_days" in changes:
        days = _collect(errors, _expiry_check, changes["expires_in_days"])
        if days is not None:
            listing.expires_at = now + timedelta(days=days)
            listing.reminder_sent_at = None
            updated |= {"expires_at", "reminder_sent_at"}
    if errors:
        raise ValidationError(errors)
    listing.full_clean()
    listing.save(update_fields=[*sorted(updated), "updated_at"])
    return listing


def _contacts_withdraw(listing: Listing, now: datetime) -> None:
    """Withdraw the pending contacts of a listing that closes, and free the other sides."""
    pending = list(
        Contact.objects.select_for_update()
        .filter(Q(ask=listing) | Q(offer=listing), status=Contact.Status.PENDING)
        .select_related("ask", "offer")
    )
    for contact in pending:
        contact.status = Contact.Status.WITHDRAWN
        contact.decided_at = now
        contact.save(update_fields=["status", "decided_at", "updated_at"])
        other = contact.offer if contact.ask_id == listing.pk else contact.ask
        listing_reopen_if_free(listing=other)


def listing_reopen_if_free(*, listing: Listing) -> None:
    """Put a listing that is "in contact" back to open when no contact is going on any more."""
    if listing.status != Listing.Status.IN_CONTACT:
        return
    ongoing = Contact.objects.filter(
        Q(ask=listing) | Q(offer=listing),
        status__in=[Contact.Status.PENDING, Contact.Status.ACCEPTED],
    )
    if not ongoing.exists():
        listing.status = Listing.Status.OPEN
        listing.save(update_fields=["status", "updated_at"])


def _close(listing: Listing, actor: User, status: str, allowed: set[str], now: datetime) -> Listing:
    if not permissions.can_edit_listing(actor, listing):
        raise PermissionDenied(_("U kunt deze vraag of dit aanbod niet wijzigen."))
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    if listing.status not in allowed:
        raise ApplicationError(_("Dit is al afgesloten."))
    listing.status = status
    listing.closed_at = now
    listing.full_clean()
    listing.save(update_fields=["status", "closed_at", "updated_at"])
    _contacts_withdraw(listing, now)
    return listing


@transaction.atomic
def listing_withdraw(*, listing: Listing, actor: User, now: datetime | None = None) -> Listing:
    """Take an ask or offer off the platform; contacts still waiting for an answer stop."""
    return _close(
        listing,
        actor,
        Listing.Status.WITHDRAWN,
        {Listing.Status.OPEN, Listing.Status.IN_CONTACT},
        now or timezone.now(),
    )


@transaction.atomic
def listing_mark_done(*, listing: Listing, actor: User, now: datetime | None = None) -> Listing:
    """Mark an ask or offer as done: helped, or no longer needed."""
    return _close(
        listing,
        actor,
        Listing.Status.DONE,
        {Listing.Status.OPEN, Listing.Status.IN_CONTACT, Listing.Status.MATCHED},
        now or timezone.now(),
    )


@transaction.atomic
def listings_expire(*, now: datetime) -> dict[str, int]:
    """Expire overdue asks and offers, and remind owners a week before theirs expire."""
    overdue = list(
        Listing.objects.select_for_update().filter(
            status__in=selectors.OPEN_STATUSES, expires_at__lte=now
        )
    )
    for listing in overdue:
        listing.status = Listing.Status.EXPIRED
        listing.closed_at = now
        listing.save(update_fields=["status", "closed_at", "updated_at"])
        _contacts_withdraw(listing, now)
    soon = list(
        Listing.objects.select_for_update()
        .filter(
            status__in=selectors.OPEN_STATUSES,
            expires_at__gt=now,
            expires_at__lte=now + timedelta(days=EXPIRY_REMINDER_DAYS),
            reminder_sent_at__isnull=True,
        )
        .select_related("owner")
    )
    for listing in soon:
        days = max(1, math.ceil((listing.expires_at - now) / timedelta(days=1)))
        notification_send(
            user=listing.owner,
            kind=Notification.Kind.EXPIRY_REMINDER,
            text=_(
                "Uw %(kind)s %(title)s verloopt over %(days)d dagen. Wilt u het langer laten staan?"
            )
            % {"kind": _kind_name(listing), "title": quoted(listing.title), "days": days},
            url=listing.get_absolute_url(),
        )
        listing.reminder_sent_at = now
        listing.save(update_fields=["reminder_sent_at", "updated_at"])
    return {"expired": len(overdue), "reminded": len(soon)}


# --- telling people about new matches ------------------------------------------------------


@transaction.atomic
def matches_notify_new(*, listing: Listing, now: datetime) -> int:
    """Tell the owners of the best-matching listings of the other kind about a new one.

    Each owner hears about it once, and only when the score reaches the minimum they chose
    (0.5 unless they chose otherwise). Distance is part of the score, so these are people
    nearby. Return the number of notifications.
    """
    if not listing.is_open:
        return 0
    matches = selectors.matches_for_listing(listing=listing, k=NEW_MATCH_NOTIFY_LIMIT, now=now)
    owner_ids = {match.listing.owner_id for match in matches}
    minimum_scores = dict(
        DigestPreference.objects.filter(user_id__in=owner_ids).values_list(
            "user_id", "minimum_score"
        )
    )
    if listing.kind == Listing.Kind.ASK:
        text = _("Er is een nieuwe vraag die past bij uw aanbod %(title)s: %(new)s")
    else:
        text = _("Er is nieuw aanbod dat past bij uw vraag %(title)s: %(new)s")
    told: set[int] = set()
    for match in matches:
        owner_id = match.listing.owner_id
        minimum = minimum_scores.get(owner_id, selectors.DEFAULT_MINIMUM_SCORE)
        if owner_id in told or match.score < minimum:
            continue
        notification = notification_send(
            user=match.listing.owner,
            kind=Notification.Kind.NEW_MATCH,
            text=text % {"title": quoted(match.listing.title), "new": quoted(listing.title)},
            url=listing.get_absolute_url(),
        )
        if notification is not None:
            told.add(owner_id)
    return len(told)
