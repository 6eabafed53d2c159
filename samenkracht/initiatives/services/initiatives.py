"""Writes of initiatives: register, change, phases, the team, needs and offers, news, follow."""

import math
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samenkracht.common.errors import ApplicationError
from samenkracht.core.geo import Point, is_in_netherlands
from samenkracht.initiatives import permissions, selectors
from samenkracht.initiatives.models import (
    Initiative,
    InitiativeFollow,
    InitiativeMember,
    InitiativeUpdate,
    Phase,
    PhaseChange,
    PolicyDomain,
    Resource,
)
from samenkracht.matching import selectors as matching_selectors
from samenkracht.matching import services as matching_services
from samenkracht.matching.models import Category, Listing, Notification
from samenkracht.matching.services.notifications import quoted
from samenkracht.matching.services.text import text_check
from samenkracht.people import selectors as people_selectors
from samenkracht.people import services as people_services
from samenkracht.people.models import Neighbourhood, Organisation, User

NAME_MIN_LENGTH = 3
NAME_MAX_LENGTH = 120
GOAL_MAX_LENGTH = 300
DESCRIPTION_MAX_LENGTH = 5000
NEWS_MAX_LENGTH = 3000
RESOURCE_MAX_LENGTH = 300
NOTE_MAX_LENGTH = 300
# The same limit as photos of budget proposals and profiles.
MAX_PHOTO_BYTES = 5 * 1024 * 1024
UPDATABLE_FIELDS = frozenset(
    {
        "name",
        "goal",
        "description",
        "domains",
        "neighbourhoods",
        "latitude",
        "longitude",
        "form",
        "website",
        "photo",
    }
)
# A need becomes an ask, an offer an offer; the kind of help decides the matching category.
LISTING_KIND = {
    Resource.Direction.NEED: Listing.Kind.ASK,
    Resource.Direction.OFFER: Listing.Kind.OFFER,
}
CATEGORY_FOR_KIND = {
    Resource.Kind.VOLUNTEERS: "klussen",
    Resource.Kind.SPACE: "ruimte",
    Resource.Kind.MATERIALS: "lenen",
    Resource.Kind.MONEY: "kennis",
    Resource.Kind.EXPERTISE: "kennis",
}
# Residents may ask for help and things; money, materials and space only an organisation asks.
RESIDENT_RESOURCE = {
    Resource.Kind.VOLUNTEERS: Listing.Resource.HELP,
    Resource.Kind.SPACE: Listing.Resource.SPACE,
    Resource.Kind.MATERIALS: Listing.Resource.THINGS,
    Resource.Kind.MONEY: Listing.Resource.MONEY,
    Resource.Kind.EXPERTISE: Listing.Resource.HELP,
}
ORGANISATION_RESOURCE = {
    **RESIDENT_RESOURCE,
    Resource.Kind.MATERIALS: Listing.Resource.MATERIALS,
}
OPEN_LISTING_STATUSES = {Listing.Status.OPEN, Listing.Status.IN_CONTACT, Listing.Status.MATCHED}


def _collect(errors: dict[str, list[str]], check: Any) -> Any:
    """Run one check and keep its errors, so a form can show all mistakes at once."""
    try:
        return check()
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
        return None


def _edit_check(actor: User | Any, initiative: Initiative) -> None:
    """Refuse people outside the team (403) and changes to a stopped initiative (422)."""
    if not permissions.is_editor(actor, initiative):
        raise PermissionDenied(permissions.initiative_edit_problem(actor, initiative))
    problem = permissions.initiative_edit_problem(actor, initiative)
    if problem is not None:
        raise ApplicationError(problem)


def _lock(initiative: Initiative) -> Initiative:
    return Initiative.objects.select_for_update().get(pk=initiative.pk)


# --- checks ----------------------------------------------------------------------------------


def _name_check(name: Any) -> str:
    return str(
        text_check(
            str(name or ""),
            field="name",
            label=_("de naam"),
            min_length=NAME_MIN_LENGTH,
            max_length=NAME_MAX_LENGTH,
        )
    )


def _goal_check(goal: Any) -> str:
    return str(
        text_check(str(goal or ""), field="goal", label=_("het doel"), max_length=GOAL_MAX_LENGTH)
    )


def _description_check(description: Any) -> str:
    return str(
        text_check(
            str(description or ""),
            field="description",
            label=_("de beschrijving"),
            max_length=DESCRIPTION_MAX_LENGTH,
            is_required=False,
        )
    )


def _domains_check(domains: Iterable[Any]) -> list[PolicyDomain]:
    chosen = list(domains or [])
    if not chosen:
        raise ValidationError({"domains": [_("Kies minstens één beleidsdomein.")]})
    if not all(isinstance(domain, PolicyDomain) and domain.pk for domain in chosen):
        raise ValidationError({"domains": [_("Kies beleidsdomeinen uit de lijst.")]})
    inactive = [domain.name for domain in chosen if not domain.is_active]
    if inactive:
        raise ValidationError(
            {"domains": [_("Dit beleidsdomein wordt niet meer gebruikt: %s") % ", ".join(inactive)]}
        )
    return list({domain.pk: domain for domain in chosen}.values())


def _neighbourhoods_check(
    neighbourhoods: Iterable[Any], municipality_id: int | None = None
) -> list[Neighbourhood]:
    """All buurten lie in one municipality: it answers the initiative's requests."""
    chosen = list(neighbourhoods or [])
    if not chosen:
        raise ValidationError({"neighbourhoods": [_("Kies minstens één buurt.")]})
    if not all(isinstance(n, Neighbourhood) and n.pk for n in chosen):
        raise ValidationError({"neighbourhoods": [_("Kies buurten uit de lijst.")]})
    municipalities = {n.district.municipality_id for n in chosen}
    if len(municipalities) > 1:
        raise ValidationError(
            {"neighbourhoods": [_("Kies buurten die allemaal in dezelfde gemeente liggen.")]}
        )
    if municipality_id is not None and municipalities != {municipality_id}:
        raise ValidationError(
            {"neighbourhoods": [_("Kies buurten in de gemeente waar het initiatief al is.")]}
        )
    return list({n.pk: n for n in chosen}.values())


def _place_check(
    latitude: Any, longitude: Any, neighbourhoods: list[Neighbourhood] | None
) -> tuple[float, float]:
    """A point in the Netherlands; without one, the centre of the first buurt."""
    if latitude is None and longitude is None:
        if not neighbourhoods:
            raise ValidationError({"latitude": [_("Kies een plek op de kaart of een buurt.")]})
        return neighbourhoods[0].latitude, neighbourhoods[0].longitude
    if latitude is None or longitude is None:
        raise ValidationError({"latitude": [_("Vul de breedtegraad én de lengtegraad in.")]})
    try:
        lat, lon = float(latitude), float(longitude)
    except (TypeError, ValueError) as error:
        raise ValidationError({"latitude": [_("Vul de plek in als getallen.")]}) from error
    if (
        isinstance(latitude, bool)
        or not (math.isfinite(lat) and math.isfinite(lon))
        or not is_in_netherlands(Point(lat=lat, lon=lon))
    ):
        raise ValidationError(
            {"latitude": [_("Deze plek ligt niet in Nederland. Kies een plek in de buurt.")]}
        )
    return lat, lon


def _choice_check(value: Any, choices: list[str], field: str, message: str) -> str:
    if value not in choices:
        raise ValidationError({field: [message]})
    return str(value)


def _day_check(day: Any, field: str, today: date, not_before: date | None = None) -> date:
    if not isinstance(day, date) or isinstance(day, datetime):
        raise ValidationError({field: [_("Vul een datum in, zoals 15-03-2026.")]})
    if day > today:
        raise ValidationError(
            {field: [_("Deze datum ligt in de toekomst. Kies vandaag of eerder.")]}
        )
    if not_before is not None and day < not_before:
        raise ValidationError(
            {
                field: [
                    _(
                        "Deze datum ligt vóór de vorige fasewissel (%(date)s). "
                        "Kies %(date)s of later."
                    )
                    % {"date": not_before.strftime("%d-%m-%Y")}
                ]
            }
        )
    return day


def photo_check(photo: Any) -> Any:
    """Refuse files larger than the limit and files that are not photos; re-encode the rest."""
    size = getattr(photo, "size", None)
    if size is not None and size > MAX_PHOTO_BYTES:
        raise ValidationError(
            {"photo": [_("Deze foto is te groot. Kies een foto van hoogstens 5 MB.")]}
        )
    return people_services.photo_reencode(photo)


# --- notices ---------------------------------------------------------------------------------


def followers_notify(*, initiative: Initiative, text: str, actor: User | None = None) -> int:
    """Tell the initiative's followers and team what happened, except the one who did it."""
    url = reverse("initiatives:initiative-detail", args=[initiative.pk])
    people = {
        *selectors.follower_list(initiative=initiative),
        *(member.user for member in selectors.member_list(initiative=initiative)),
    }
    sent = 0
    for person in sorted(people, key=lambda user: user.pk):
        if actor is not None and person.pk == actor.pk:
            continue
        if matching_services.notification_send(
            user=person, kind=Notification.Kind.INITIATIVE_UPDATE, text=text, url=url
        ):
            sent += 1
    return sent


# --- initiatives -----------------------------------------------------------------------------


@transaction.atomic
def initiative_create(
    *,
    user: User,
    name: str,
    goal: str,
    domains: Iterable[PolicyDomain],
    neighbourhoods: Iterable[Neighbourhood],
    description: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    phase: str = Phase.IDEA,
    phase_since: date | None = None,
    form: str = Initiative.Form.INFORMAL,
    website: str = "",
    photo: Any = None,
    today: date | None = None,
) -> Initiative:
    """Register an initiative; its creator becomes its lead.

    Without a point on the map the centre of the first buurt is used. Every mistake is
    reported at once and nothing is stored.
    """
    if not permissions.can_create_initiative(user):
        raise PermissionDenied(_("Log in om een initiatief aan te melden."))
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    clean_name = _collect(errors, lambda: _name_check(name))
    clean_goal = _collect(errors, lambda: _goal_check(goal))
    clean_description = _collect(errors, lambda: _description_check(description))
    clean_domains = _collect(errors, lambda: _domains_check(domains))
    clean_neighbourhoods = _collect(errors, lambda: _neighbourhoods_check(neighbourhoods))
    place = _collect(errors, lambda: _place_check(latitude, longitude, clean_neighbourhoods))
    _collect(
        errors,
        lambda: _choice_check(
            phase, [Phase.IDEA, Phase.STARTING, Phase.RUNNING], "phase", _("Kies een fase.")
        ),
    )
    since = _collect(errors, lambda: _day_check(phase_since or today, "phase_since", today))
    _collect(
        errors,
        lambda: _choice_check(
            form, Initiative.Form.values, "form", _("Kies een samenwerkingsvorm.")
        ),
    )
    clean_photo = _collect(errors, lambda: photo_check(photo)) if photo else None
    if errors:
        raise ValidationError(errors)
    initiative = Initiative(
        municipality_id=clean_neighbourhoods[0].district.municipality_id,
        name=clean_name,
        goal=clean_goal,
        description=clean_description,
        latitude=place[0],
        longitude=place[1],
        phase=phase,
        phase_since=since,
        form=form,
        website=website or "",
        created_by=user,
    )
    if clean_photo is not None:
        initiative.photo = clean_photo
    initiative.full_clean()
    initiative.save()
    initiative.domains.set(clean_domains)
    initiative.neighbourhoods.set(clean_neighbourhoods)
    PhaseChange.objects.create(initiative=initiative, phase=phase, date=since, changed_by=user)
    InitiativeMember.objects.create(
        initiative=initiative, user=user, role=InitiativeMember.Role.LEAD
    )
    return initiative


@transaction.atomic
def initiative_update(*, initiative: Initiative, actor: User, **changes: Any) -> Initiative:
    """Change an initiative's details (not its phase: see `initiative_phase_change`)."""
    _edit_check(actor, initiative)
    unknown = set(changes) - UPDATABLE_FIELDS
    if unknown:
        raise ApplicationError(
            _("Deze velden kunnen niet worden gewijzigd: %s") % ", ".join(sorted(unknown))
        )
    initiative = _lock(initiative)
    # Again on the locked row: it may have been stopped since the caller read it.
    _edit_check(actor, initiative)
    errors: dict[str, list[str]] = {}
    updated: set[str] = set()
    checks = {
        "name": _name_check,
        "goal": _goal_check,
        "description": _description_check,
    }
    for field, check in checks.items():
        if field in changes:
            setattr(initiative, field, _collect(errors, lambda c=check, f=field: c(changes[f])))
            updated.add(field)
    if "form" in changes:
        initiative.form = _collect(
            errors,
            lambda: _choice_check(
                changes["form"], Initiative.Form.values, "form", _("Kies een samenwerkingsvorm.")
            ),
        )
        updated.add("form")
    if "website" in changes:
        initiative.website = changes["website"] or ""
        updated.add("website")
    clean_domains = (
        _collect(errors, lambda: _domains_check(changes["domains"]))
        if "domains" in changes
        else None
    )
    clean_neighbourhoods = (
        _collect(
            errors,
            lambda: _neighbourhoods_check(changes["neighbourhoods"], initiative.municipality_id),
        )
        if "neighbourhoods" in changes
        else None
    )
    if "latitude" in changes or "longitude" in changes:
        place = _collect(
            errors,
            lambda: _place_check(
                changes.get("latitude", initiative.latitude),
                changes.get("longitude", initiative.longitude),
                clean_neighbourhoods or list(initiative.neighbourhoods.order_by("pk")),
            ),
        )
        if place is not None:
            initiative.latitude, initiative.longitude = place
        updated |= {"latitude", "longitude"}
    if changes.get("photo"):
        clean_photo = _collect(errors, lambda: photo_check(changes["photo"]))
        if clean_photo is not None:
            initiative.photo = clean_photo
        updated.add("photo")
    if errors:
        raise ValidationError(errors)
    initiative.full_clean()
    initiative.save(update_fields=sorted(updated | {"updated_at"}))
    if clean_domains is not None:
        initiative.domains.set(clean_domains)
    if clean_neighbourhoods is not None:
        initiative.neighbourhoods.set(clean_neighbourhoods)
    return initiative


@transaction.atomic
def initiative_phase_change(
    *,
    initiative: Initiative,
    actor: User,
    phase: str,
    day: date | None = None,
    note: str = "",
    today: date | None = None,
) -> PhaseChange:
    """Move the initiative to another phase on `day`, and tell its followers.

    The date lies between the previous change and today, so the history stays in order.
    A stopped initiative may be restarted this way.
    """
    if not permissions.can_change_phase(actor, initiative):
        raise PermissionDenied(
            _("Alleen de trekkers en het kernteam van dit initiatief kunnen de fase aanpassen.")
        )
    initiative = _lock(initiative)
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    _collect(errors, lambda: _choice_check(phase, Phase.values, "phase", _("Kies een fase.")))
    if phase == initiative.phase:
        errors.setdefault("phase", []).append(_("Het initiatief is al in deze fase."))
    last = selectors.phase_change_last(initiative=initiative)
    day = _collect(
        errors,
        lambda: _day_check(day or today, "day", today, last.date if last is not None else None),
    )
    clean_note = _collect(
        errors,
        lambda: text_check(
            note,
            field="note",
            label=_("de toelichting"),
            max_length=NOTE_MAX_LENGTH,
            is_required=False,
        ),
    )
    if errors:
        raise ValidationError(errors)
    change = PhaseChange(
        initiative=initiative, phase=phase, date=day, note=clean_note, changed_by=actor
    )
    change.full_clean()
    change.save()
    initiative.phase = phase
    initiative.phase_since = day
    initiative.save(update_fields=["phase", "phase_since", "updated_at"])
    followers_notify(
        initiative=initiative,
        text=_("%(name)s is nu in de fase ‘%(phase)s’.")
        % {"name": quoted(initiative.name), "phase": Phase(phase).label},
        actor=actor,
    )
    return change


# --- the team --------------------------------------------------------------------------------


def _role_check(role: Any) -> str:
    return _choice_check(
        role, InitiativeMember.Role.values, "role", _("Kies trekker, kernteam of vrijwilliger.")
    )


@transaction.atomic
def member_add(
    *,
    initiative: Initiative,
    actor: User,
    user: User | None,
    role: str = InitiativeMember.Role.MEMBER,
) -> InitiativeMember:
    """Add a person to the team; only leads do this."""
    if not permissions.can_manage_team(actor, initiative):
        raise PermissionDenied(_("Alleen de trekkers kunnen mensen aan het team toevoegen."))
    _role_check(role)
    if user is None or not user.is_active or user.is_deleted:
        raise ValidationError(
            {"user": [_("Deze persoon is niet gevonden. Zoek op gebruikersnaam of e-mailadres.")]}
        )
    already = ValidationError({"user": [_("Deze persoon hoort al bij het team.")]})
    if selectors.member_role(initiative=initiative, user=user) is not None:
        raise already
    member = InitiativeMember(initiative=initiative, user=user, role=role)
    member.full_clean()
    if not row_save_once(member):
        raise already
    return member


def row_save_once(row: Any) -> bool:
    """Insert a row that a unique constraint allows once; False when another request won.

    Two requests can both pass the checks before either inserts; the loser gets a clear
    refusal instead of an IntegrityError (a 500), and the outer transaction stays usable.
    """
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        return False
    return True


def _last_lead_check(initiative: Initiative, member: InitiativeMember) -> None:
    if (
        member.role == InitiativeMember.Role.LEAD
        and selectors.lead_count(initiative=initiative) <= 1
    ):
        raise ApplicationError(
            _("Een initiatief heeft altijd een trekker. Maak eerst iemand anders trekker.")
        )


@transaction.atomic
def member_role_set(
    *, initiative: Initiative, actor: User, member: InitiativeMember, role: str
) -> InitiativeMember:
    """Give a team member another role; the last lead stays lead."""
    if not permissions.can_manage_team(actor, initiative):
        raise PermissionDenied(_("Alleen de trekkers kunnen rollen in het team veranderen."))
    _role_check(role)
    # Lock the whole team: two leads demoting each other at once would leave no lead.
    team = {
        m.pk: m for m in InitiativeMember.objects.select_for_update().filter(initiative=initiative)
    }
    current = team.get(member.pk)
    if current is None:  # of another initiative, or taken off the team meanwhile
        raise ApplicationError(_("Deze persoon hoort niet bij dit initiatief."))
    member = current
    if role != InitiativeMember.Role.LEAD:
        _last_lead_check(initiative, member)
    member.role = role
    member.full_clean()
    member.save(update_fields=["role", "updated_at"])
    return member


@transaction.atomic
def member_remove(*, initiative: Initiative, actor: User, member: InitiativeMember) -> None:
    """Take someone off the team: leads do this, and everyone may leave by themselves."""
    is_self = member.user_id == actor.pk
    if not is_self and not permissions.can_manage_team(actor, initiative):
        raise PermissionDenied(_("Alleen de trekkers kunnen mensen van het team halen."))
    if member.initiative_id != initiative.pk:
        raise ApplicationError(_("Deze persoon hoort niet bij dit initiatief."))
    team = {
        m.pk: m for m in InitiativeMember.objects.select_for_update().filter(initiative=initiative)
    }
    current = team.get(member.pk)
    if current is None:  # already taken off the team by someone else
        return
    _last_lead_check(initiative, current)
    current.delete()


@transaction.atomic
def initiative_join(*, initiative: Initiative, user: User) -> InitiativeMember:
    """Join as a volunteer; the person also follows the initiative's news."""
    problem = permissions.join_problem(user, initiative)
    if problem is not None:
        raise ApplicationError(problem)
    member = InitiativeMember(
        initiative=initiative, user=user, role=InitiativeMember.Role.VOLUNTEER
    )
    member.full_clean()
    if not row_save_once(member):
        raise ApplicationError(_("U doet al mee met dit initiatief."))
    InitiativeFollow.objects.get_or_create(initiative=initiative, user=user)
    return member


@transaction.atomic
def initiative_follow(*, initiative: Initiative, user: User) -> InitiativeFollow:
    """Follow the initiative's news; following twice is the same as once."""
    if not permissions.can_follow(user, initiative):
        raise PermissionDenied(_("Log in om een initiatief te volgen."))
    try:
        with transaction.atomic():
            follow, _created = InitiativeFollow.objects.get_or_create(
                initiative=initiative, user=user
            )
    except IntegrityError:
        follow = InitiativeFollow.objects.get(initiative=initiative, user=user)
    return follow


@transaction.atomic
def initiative_unfollow(*, initiative: Initiative, user: User) -> None:
    """Stop following the initiative's news."""
    if not permissions.can_follow(user, initiative):
        raise PermissionDenied(_("Log in om een initiatief te volgen."))
    InitiativeFollow.objects.filter(initiative=initiative, user=user).delete()


# --- needs and offers ------------------------------------------------------------------------


def _resource_description_check(description: Any) -> str:
    return str(
        text_check(
            str(description or ""),
            field="description",
            label=_("de omschrijving"),
            min_length=NAME_MIN_LENGTH,
            max_length=RESOURCE_MAX_LENGTH,
        )
    )


@transaction.atomic
def resource_create(
    *,
    initiative: Initiative,
    actor: User,
    kind: str,
    description: str,
    direction: str = Resource.Direction.NEED,
) -> Resource:
    """Add something the initiative needs, or something it can offer to others."""
    _edit_check(actor, initiative)
    errors: dict[str, list[str]] = {}
    _collect(
        errors,
        lambda: _choice_check(
            direction, Resource.Direction.values, "direction", _("Kies nodig of te bieden.")
        ),
    )
    _collect(
        errors, lambda: _choice_check(kind, Resource.Kind.values, "kind", _("Kies wat voor hulp."))
    )
    clean_description = _collect(errors, lambda: _resource_description_check(description))
    if errors:
        raise ValidationError(errors)
    resource = Resource(
        initiative=initiative, direction=direction, kind=kind, description=clean_description
    )
    resource.full_clean()
    resource.save()
    return resource


def _category_for(resource: Resource, category: Category | None) -> Category:
    if category is not None:
        return category
    found = matching_selectors.category_get(slug=CATEGORY_FOR_KIND[Resource.Kind(resource.kind)])
    if found is None:
        found = next(iter(matching_selectors.category_tree()), None)
    if found is None:
        raise ApplicationError(_("Er zijn nog geen categorieën voor vragen en aanbod."))
    return found


def _organisation_for(initiative: Initiative, actor: User) -> Organisation | None:
    """The initiative's legal body, when the person publishing belongs to it."""
    organisation = initiative.organisation
    if organisation is None:
        return None
    if people_selectors.membership_get(organisation=organisation, user=actor) is None:
        return None
    return organisation


@transaction.atomic
def resource_publish(
    *,
    resource: Resource,
    actor: User,
    category: Category | None = None,
    now: datetime | None = None,
) -> Resource:
    """Publish a need as an ask (an offer as an offer) among the asks and offers.

    The ask is posted by the person who publishes it, in their own buurt, so that people who
    respond reach a real person; it names the initiative.
    """
    initiative = resource.initiative
    _edit_check(actor, initiative)
    resource = (
        Resource.objects.select_for_update(of=("self",))
        .select_related("listing")
        .get(pk=resource.pk)
    )
    if resource.is_fulfilled:
        raise ApplicationError(_("Dit is al geregeld; publiceren is niet meer nodig."))
    if resource.listing is not None and resource.listing.status in OPEN_LISTING_STATUSES:
        raise ApplicationError(_("Dit staat al bij vragen en aanbod."))
    organisation = _organisation_for(initiative, actor)
    resources = ORGANISATION_RESOURCE if organisation is not None else RESIDENT_RESOURCE
    listing = matching_services.listing_create(
        owner=actor,
        kind=LISTING_KIND[Resource.Direction(resource.direction)],
        title=resource.description[: matching_services.TITLE_MAX_LENGTH],
        description=_("Voor het initiatief %(name)s: %(goal)s")
        % {"name": initiative.name, "goal": initiative.goal},
        category=_category_for(resource, category),
        resource=resources[Resource.Kind(resource.kind)],
        organisation=organisation,
        now=now,
    )
    resource.listing = listing
    resource.save(update_fields=["listing", "updated_at"])
    return resource


@transaction.atomic
def resource_fulfil(*, resource: Resource, actor: User, now: datetime | None = None) -> Resource:
    """Mark a need as arranged; its published ask is closed as done."""
    initiative = resource.initiative
    _edit_check(actor, initiative)
    resource = (
        Resource.objects.select_for_update(of=("self",))
        .select_related("listing")
        .get(pk=resource.pk)
    )
    if resource.is_fulfilled:
        return resource
    resource.is_fulfilled = True
    resource.save(update_fields=["is_fulfilled", "updated_at"])
    listing = resource.listing
    if listing is not None and listing.status in OPEN_LISTING_STATUSES:
        # The team decides that the need is met, whoever of them posted the ask; the ask is
        # closed in its owner's name (an owner who left the platform has no open asks).
        owner = listing.owner
        if owner.is_active and not owner.is_deleted:
            matching_services.listing_mark_done(listing=listing, actor=owner, now=now)
    return resource


@transaction.atomic
def resource_delete(*, resource: Resource, actor: User) -> None:
    """Remove a need or offer that was never published; published ones are marked arranged."""
    _edit_check(actor, resource.initiative)
    if resource.listing_id is not None:
        raise ApplicationError(
            _("Dit staat bij vragen en aanbod. Zet het op ‘geregeld’ in plaats van het te wissen.")
        )
    resource.delete()


# --- news ------------------------------------------------------------------------------------


@transaction.atomic
def news_post(
    *, initiative: Initiative, author: User, text: str, photo: Any = None
) -> InitiativeUpdate:
    """Put news with an optional photo on the timeline, and tell the followers."""
    _edit_check(author, initiative)
    errors: dict[str, list[str]] = {}
    clean_text = _collect(
        errors,
        lambda: text_check(text, field="text", label=_("het bericht"), max_length=NEWS_MAX_LENGTH),
    )
    clean_photo = _collect(errors, lambda: photo_check(photo)) if photo else None
    if errors:
        raise ValidationError(errors)
    update = InitiativeUpdate(initiative=initiative, author=author, text=clean_text)
    if clean_photo is not None:
        update.photo = clean_photo
    update.full_clean()
    update.save()
    followers_notify(
        initiative=initiative,
        text=_("Nieuws van %(name)s: %(text)s")
        % {"name": quoted(initiative.name), "text": clean_text},
        actor=author,
    )
    return update
