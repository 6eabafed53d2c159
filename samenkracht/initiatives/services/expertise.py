"""Writes of recognised expertise: wijkspecialisten and the advice they give."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samenkracht.common.errors import ApplicationError
from samenkracht.initiatives import permissions, selectors
from samenkracht.initiatives.models import (
    Contribution,
    Expertise,
    Initiative,
    PolicyDomain,
    SupportRequest,
)
from samenkracht.initiatives.services.initiatives import followers_notify, row_save_once
from samenkracht.matching.services.notifications import quoted
from samenkracht.matching.services.text import text_check
from samenkracht.people.models import Neighbourhood, User

MOTIVATION_MAX_LENGTH = 300
CONTRIBUTION_MAX_LENGTH = 2000


@transaction.atomic
def expertise_recognise(
    *,
    actor: User,
    user: User | None,
    domain: PolicyDomain,
    neighbourhood: Neighbourhood,
    motivation: str = "",
) -> Expertise:
    """Recognise a resident as wijkspecialist on a policy domain in a buurt."""
    if not permissions.can_recognise_expertise(actor, neighbourhood):
        raise PermissionDenied(
            _("Alleen de gemeente en professionals van deze buurt erkennen wijkspecialisten.")
        )
    if user is None or not user.is_active or user.is_deleted or user.role != User.Role.RESIDENT:
        raise ValidationError({"user": [_("Kies een bewoner die op het platform staat.")]})
    if not domain.is_active:
        raise ValidationError({"domain": [_("Dit beleidsdomein wordt niet meer gebruikt.")]})
    clean_motivation = text_check(
        motivation,
        field="motivation",
        label=_("de reden"),
        max_length=MOTIVATION_MAX_LENGTH,
        is_required=False,
    )
    expertise = (
        Expertise.objects.select_for_update()
        .filter(user=user, domain=domain, neighbourhood=neighbourhood)
        .first()
    )
    if expertise is not None and expertise.is_active:
        raise ValidationError({"user": [_("Deze bewoner is hier al erkend als wijkspecialist.")]})
    if expertise is None:
        expertise = Expertise(user=user, domain=domain, neighbourhood=neighbourhood)
    expertise.is_active = True
    expertise.motivation = clean_motivation
    expertise.recognised_by = actor
    expertise.full_clean()
    if not row_save_once(expertise):
        raise ValidationError({"user": [_("Deze bewoner is hier al erkend als wijkspecialist.")]})
    return expertise


@transaction.atomic
def expertise_revoke(*, actor: User, expertise: Expertise) -> Expertise:
    """Stop the recognition; advice already given stays with its badge's history."""
    if not permissions.can_recognise_expertise(actor, expertise.neighbourhood):
        raise PermissionDenied(
            _("Alleen de gemeente en professionals van deze buurt erkennen wijkspecialisten.")
        )
    expertise.is_active = False
    expertise.save(update_fields=["is_active", "updated_at"])
    return expertise


@transaction.atomic
def contribution_create(
    *,
    user: User,
    initiative: Initiative,
    text: str,
    request: SupportRequest | None = None,
) -> Contribution:
    """A wijkspecialist gives advice on an initiative, or on one of its support requests."""
    if not permissions.can_contribute(user, initiative):
        raise PermissionDenied(
            _("Alleen wijkspecialisten van dit domein en deze buurt geven hier advies.")
        )
    if request is not None and request.initiative_id != initiative.pk:
        raise ApplicationError(_("Deze vraag hoort niet bij dit initiatief."))
    expertise = selectors.expertise_for_initiative(initiative=initiative, user=user)
    if expertise is None:  # checked by can_contribute; narrows the type
        raise PermissionDenied
    clean_text = text_check(
        text, field="text", label=_("uw advies"), max_length=CONTRIBUTION_MAX_LENGTH
    )
    contribution = Contribution(
        expertise=expertise, initiative=initiative, request=request, text=clean_text
    )
    contribution.full_clean()
    contribution.save()
    followers_notify(
        initiative=initiative,
        text=_("Een wijkspecialist gaf advies over %(name)s.") % {"name": quoted(initiative.name)},
        actor=user,
    )
    return contribution
