"""Writes of proposals: submit, change, support, follow, the feasibility check, delivery."""

from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from samenkracht.budgeting import permissions
from samenkracht.budgeting.models import (
    BudgetRound,
    DeliveryUpdate,
    Follow,
    Proposal,
    Support,
)
from samenkracht.budgeting.services.notices import followers_notify
from samenkracht.budgeting.services.places import place_check
from samenkracht.budgeting.services.rounds import round_advance
from samenkracht.common.errors import ApplicationError
from samenkracht.matching.services.notifications import quoted
from samenkracht.matching.services.text import text_check
from samenkracht.people import services as people_services
from samenkracht.people.models import Neighbourhood, User

TITLE_MIN_LENGTH = 3
TITLE_MAX_LENGTH = 120
TEXT_MAX_LENGTH = 3000
REASON_MAX_LENGTH = 2000
MILESTONE_MAX_LENGTH = 2000
COST_MAX = Decimal("9999999999.99")
UPDATABLE_FIELDS = frozenset(
    {"title", "text", "estimated_cost", "neighbourhood", "latitude", "longitude", "photo"}
)


def _collect(errors: dict[str, list[str]], check: Any) -> Any:
    """Run one check and keep its errors, so a form can show all mistakes at once."""
    try:
        return check()
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
        return None


def _cost_check(value: Any, field: str = "estimated_cost") -> Decimal:
    wrong = ValidationError({field: [_("Vul een bedrag in euro in, zoals 2500.")]})
    if isinstance(value, bool):
        raise wrong
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError) as error:
        raise wrong from error
    if not amount.is_finite() or amount < 0 or amount > COST_MAX:
        raise wrong
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({field: [_("Gebruik hoogstens twee cijfers na de komma.")]})
    return amount


def _title_check(title: str) -> str:
    return str(
        text_check(
            title,
            field="title",
            label=_("de titel"),
            min_length=TITLE_MIN_LENGTH,
            max_length=TITLE_MAX_LENGTH,
        )
    )


def _text_check(text: str) -> str:
    return str(
        text_check(
            text,
            field="text",
            label=_("de beschrijving"),
            max_length=TEXT_MAX_LENGTH,
            is_required=False,
        )
    )


@transaction.atomic
def proposal_submit(
    *,
    author: User,
    budget_round: BudgetRound,
    title: str,
    text: str,
    estimated_cost: Any,
    neighbourhood: Neighbourhood | None = None,
    latitude: Any = None,
    longitude: Any = None,
    photo: Any = None,
    now: datetime,
) -> Proposal:
    """Submit a proposal; every mistake is reported at once and nothing is stored.

    The place is optional: without a buurt or a point it is the author's buurt.
    """
    problem = permissions.proposal_submit_problem(author, budget_round, now)
    if problem is not None:
        raise ApplicationError(problem)
    errors: dict[str, list[str]] = {}
    clean_title = _collect(errors, lambda: _title_check(title))
    clean_text = _collect(errors, lambda: _text_check(text))
    cost = _collect(errors, lambda: _cost_check(estimated_cost))
    place = _collect(
        errors,
        lambda: place_check(
            budget_round=budget_round,
            neighbourhood=neighbourhood,
            latitude=latitude,
            longitude=longitude,
            default_neighbourhood=author.neighbourhood,
        ),
    )
    clean_photo = _collect(errors, lambda: people_services.photo_reencode(photo)) if photo else None
    if errors:
        raise ValidationError(errors)
    proposal = Proposal(
        budget_round=budget_round,
        author=author,
        title=clean_title,
        text=clean_text,
        estimated_cost=cost,
        neighbourhood=place.neighbourhood,
        latitude=place.latitude,
        longitude=place.longitude,
    )
    if clean_photo is not None:
        proposal.photo = clean_photo
    proposal.full_clean()
    proposal.save()
    return proposal


@transaction.atomic
def proposal_update(*, proposal: Proposal, actor: User, now: datetime, **changes: Any) -> Proposal:
    """Change a proposal: its author while proposals come in, or the round's managers."""
    if not permissions.can_edit_proposal(actor, proposal, now):
        raise PermissionDenied(_("U kunt dit voorstel niet (meer) wijzigen."))
    unknown = set(changes) - UPDATABLE_FIELDS
    if unknown:
        raise ApplicationError(
            _("Deze velden kunnen niet worden gewijzigd: %s") % ", ".join(sorted(unknown))
        )
    proposal = (
        Proposal.objects.select_for_update().select_related("budget_round").get(pk=proposal.pk)
    )
    errors: dict[str, list[str]] = {}
    updated: set[str] = set()
    if "title" in changes:
        proposal.title = _collect(errors, lambda: _title_check(changes["title"]))
        updated.add("title")
    if "text" in changes:
        proposal.text = _collect(errors, lambda: _text_check(changes["text"]))
        updated.add("text")
    if "estimated_cost" in changes:
        proposal.estimated_cost = _collect(errors, lambda: _cost_check(changes["estimated_cost"]))
        updated.add("estimated_cost")
    if {"neighbourhood", "latitude", "longitude"} & set(changes):
        place = _collect(
            errors,
            lambda: place_check(
                budget_round=proposal.budget_round,
                neighbourhood=changes.get("neighbourhood", proposal.neighbourhood),
                latitude=changes.get("latitude", proposal.latitude),
                longitude=changes.get("longitude", proposal.longitude),
            ),
        )
        if place is not None:
            proposal.neighbourhood = place.neighbourhood
            proposal.latitude, proposal.longitude = place.latitude, place.longitude
            updated |= {"neighbourhood", "latitude", "longitude"}
    old_photo = proposal.photo.name if proposal.photo else ""
    if "photo" in changes:
        if changes["photo"]:
            clean = _collect(errors, lambda: people_services.photo_reencode(changes["photo"]))
            if clean is not None:
                proposal.photo = clean
        else:
            proposal.photo = ""
        updated.add("photo")
    if errors:
        raise ValidationError(errors)
    proposal.full_clean()
    proposal.save(update_fields=[*sorted(updated), "updated_at"])
    if "photo" in updated and old_photo and old_photo != proposal.photo.name:
        storage = proposal.photo.storage
        transaction.on_commit(lambda: storage.delete(old_photo))
    return proposal


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, actor: User, now: datetime) -> Proposal:
    """The author takes a proposal back while proposals come in."""
    if not permissions.can_edit_proposal(actor, proposal, now):
        raise PermissionDenied(_("U kunt dit voorstel niet (meer) wijzigen."))
    proposal.status = Proposal.Status.WITHDRAWN
    proposal.full_clean()
    proposal.save(update_fields=["status", "updated_at"])
    Support.objects.filter(proposal=proposal).delete()
    return proposal


# --- support and follow ----------------------------------------------------------------------


@transaction.atomic
def support_add(*, proposal: Proposal, user: User, now: datetime) -> Support:
    """Support a proposal; supporting twice keeps one support."""
    problem = permissions.support_problem(user, proposal, now)
    if problem is not None:
        raise ApplicationError(problem)
    existing = Support.objects.filter(proposal=proposal, user=user).first()
    if existing is not None:
        return existing
    support = Support(proposal=proposal, user=user)
    support.full_clean()
    try:
        with transaction.atomic():
            support.save()
    except IntegrityError:
        return Support.objects.get(proposal=proposal, user=user)
    return support


@transaction.atomic
def support_remove(*, proposal: Proposal, user: User, now: datetime) -> None:
    """Take a support back, while support can still be given."""
    problem = permissions.support_problem(user, proposal, now)
    if problem is not None:
        raise ApplicationError(problem)
    Support.objects.filter(proposal=proposal, user=user).delete()


@transaction.atomic
def follow_add(*, proposal: Proposal, user: User) -> Follow:
    if not permissions.can_follow(user, proposal):
        raise PermissionDenied(_("U kunt dit voorstel niet volgen."))
    follow, _created = Follow.objects.get_or_create(proposal=proposal, user=user)
    return follow


@transaction.atomic
def follow_remove(*, proposal: Proposal, user: User) -> None:
    Follow.objects.filter(proposal=proposal, user=user).delete()


# --- feasibility and delivery ----------------------------------------------------------------


@transaction.atomic
def feasibility_record(
    *,
    proposal: Proposal,
    actor: User,
    is_feasible: bool,
    reason: str,
    assessed_cost: Any = None,
    now: datetime,
) -> Proposal:
    """Record the verdict of the feasibility check, with a public reason and the cost.

    A feasible proposal needs the municipality's cost estimate; that is what it costs on
    the ballot.
    """
    round_advance(budget_round=proposal.budget_round, now=now)
    proposal = (
        Proposal.objects.select_for_update().select_related("budget_round").get(pk=proposal.pk)
    )
    if not permissions.can_record_feasibility(actor, proposal, now):
        raise PermissionDenied(_("U kunt dit voorstel nu niet toetsen."))
    errors: dict[str, list[str]] = {}
    clean_reason = _collect(
        errors,
        lambda: text_check(
            reason,
            field="feasibility_reason",
            label=_("de toelichting"),
            max_length=REASON_MAX_LENGTH,
        ),
    )
    cost = None
    if assessed_cost not in (None, ""):
        cost = _collect(errors, lambda: _cost_check(assessed_cost, "assessed_cost"))
    elif is_feasible:
        errors.setdefault("assessed_cost", []).append(
            _("Vul in wat het project volgens de toets kost.")
        )
    if is_feasible and cost is not None and cost > proposal.budget_round.amount:
        errors.setdefault("assessed_cost", []).append(
            _("Dit is meer dan het hele budget. Dan is het voorstel niet haalbaar.")
        )
    if errors:
        raise ValidationError(errors)
    proposal.status = Proposal.Status.FEASIBLE if is_feasible else Proposal.Status.NOT_FEASIBLE
    proposal.feasibility_reason = clean_reason
    proposal.assessed_cost = cost
    proposal.assessed_by = actor
    proposal.assessed_at = now
    proposal.full_clean()
    proposal.save(
        update_fields=[
            "status",
            "feasibility_reason",
            "assessed_cost",
            "assessed_by",
            "assessed_at",
            "updated_at",
        ]
    )
    followers_notify(
        proposal=proposal,
        text=(
            _("%(title)s is haalbaar en komt op het stembiljet.")
            if is_feasible
            else _("%(title)s is niet haalbaar. Lees waarom.")
        )
        % {"title": quoted(proposal.title)},
    )
    return proposal


@transaction.atomic
def delivery_update_add(
    *,
    proposal: Proposal,
    actor: User,
    status: str,
    text: str,
    photo: Any = None,
) -> DeliveryUpdate:
    """Add a milestone to a chosen project; its status becomes the project's status."""
    if not permissions.can_update_delivery(actor, proposal):
        raise PermissionDenied(_("U kunt de uitvoering van dit project niet bijwerken."))
    errors: dict[str, list[str]] = {}
    if status not in Proposal.Delivery.values or status == Proposal.Delivery.NONE:
        errors["status"] = [_("Kies hoe ver het project is.")]
    clean_text = _collect(
        errors,
        lambda: text_check(
            text, field="text", label=_("wat er is gebeurd"), max_length=MILESTONE_MAX_LENGTH
        ),
    )
    clean_photo = _collect(errors, lambda: people_services.photo_reencode(photo)) if photo else None
    if errors:
        raise ValidationError(errors)
    update = DeliveryUpdate(proposal=proposal, author=actor, status=status, text=clean_text)
    if clean_photo is not None:
        update.photo = clean_photo
    update.full_clean()
    update.save()
    proposal.delivery_status = status
    proposal.save(update_fields=["delivery_status", "updated_at"])
    followers_notify(
        proposal=proposal,
        text=_("Nieuws over de uitvoering van %(title)s: %(status)s.")
        % {"title": quoted(proposal.title), "status": proposal.get_delivery_status_display()},
    )
    return update
