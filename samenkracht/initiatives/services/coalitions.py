"""Writes of coalitions: partners from the three O's join with roles that change over time.

Roles are never deleted: a role that changes is ended (its `ends_on` is set) and a new one
starts, so the coalition's history stays readable.
"""

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samenkracht.common.errors import ApplicationError
from samenkracht.initiatives import permissions
from samenkracht.initiatives.models import Initiative, Partner, PartnerRole
from samenkracht.initiatives.services.initiatives import followers_notify, row_save_once
from samenkracht.matching.services.notifications import quoted
from samenkracht.matching.services.text import text_check
from samenkracht.people.models import Organisation, User

NOTE_MAX_LENGTH = 300


def _coalition_check(actor: User, initiative: Initiative) -> None:
    if not permissions.is_editor(actor, initiative):
        raise PermissionDenied(permissions.initiative_edit_problem(actor, initiative))
    problem = permissions.initiative_edit_problem(actor, initiative)
    if problem is not None:
        raise ApplicationError(problem)


def _dates_check(starts_on: Any, ends_on: Any) -> tuple[date, date | None]:
    if not isinstance(starts_on, date):
        raise ValidationError({"starts_on": [_("Vul in vanaf welke datum, zoals 15-03-2026.")]})
    if ends_on is not None and not isinstance(ends_on, date):
        raise ValidationError({"ends_on": [_("Vul een einddatum in, zoals 15-03-2026.")]})
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError(
            {"ends_on": [_("De einddatum ligt vóór de begindatum. Kies een latere einddatum.")]}
        )
    return starts_on, ends_on


def _role_check(role: Any) -> str:
    if role not in PartnerRole.Role.values:
        raise ValidationError({"role": [_("Kies een rol uit de lijst.")]})
    return str(role)


def _note_check(note: Any) -> str:
    return str(
        text_check(
            str(note or ""),
            field="note",
            label=_("de toelichting"),
            max_length=NOTE_MAX_LENGTH,
            is_required=False,
        )
    )


def _role_build(
    partner: Partner, role: Any, starts_on: Any, ends_on: Any, note: Any
) -> PartnerRole:
    errors: dict[str, list[str]] = {}
    checked: dict[str, Any] = {}
    for name, check in (
        ("role", lambda: _role_check(role)),
        ("dates", lambda: _dates_check(starts_on, ends_on)),
        ("note", lambda: _note_check(note)),
    ):
        try:
            checked[name] = check()
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return PartnerRole(
        partner=partner,
        role=checked["role"],
        starts_on=checked["dates"][0],
        ends_on=checked["dates"][1],
        note=checked["note"],
    )


@transaction.atomic
def partner_add(
    *,
    initiative: Initiative,
    actor: User,
    role: str,
    organisation: Organisation | None = None,
    person: User | None = None,
    starts_on: date | None = None,
    ends_on: date | None = None,
    note: str = "",
) -> Partner:
    """Add an organisation (or a resident on their own) to the coalition with a first role."""
    _coalition_check(actor, initiative)
    if (organisation is None) == (person is None):
        raise ValidationError(
            {"organisation": [_("Kies een organisatie óf een persoon, niet allebei.")]}
        )
    if person is not None and (not person.is_active or person.is_deleted):
        raise ValidationError({"person": [_("Deze persoon is niet gevonden.")]})
    already = (
        ValidationError({"organisation": [_("Deze organisatie is al partner.")]})
        if organisation is not None
        else ValidationError({"person": [_("Deze persoon is al partner.")]})
    )
    partners = Partner.objects.filter(initiative=initiative)
    if organisation is not None and partners.filter(organisation=organisation).exists():
        raise already
    if person is not None and partners.filter(person=person).exists():
        raise already
    partner = Partner(
        initiative=initiative, organisation=organisation, person=person, added_by=actor
    )
    partner_role = _role_build(partner, role, starts_on or timezone.localdate(), ends_on, note)
    partner.full_clean()
    if not row_save_once(partner):
        raise already
    partner_role.partner = partner
    partner_role.full_clean()
    partner_role.save()
    followers_notify(
        initiative=initiative,
        text=_("%(partner)s werkt nu mee aan %(name)s.")
        % {
            "partner": organisation.name if organisation else person.public_name,  # type: ignore[union-attr]
            "name": quoted(initiative.name),
        },
        actor=actor,
    )
    return partner


@transaction.atomic
def partner_role_add(
    *,
    partner: Partner,
    actor: User,
    role: str,
    starts_on: date | None = None,
    ends_on: date | None = None,
    note: str = "",
) -> PartnerRole:
    """Give a partner one more role (a partner may host and fund at the same time)."""
    _coalition_check(actor, partner.initiative)
    partner_role = _role_build(partner, role, starts_on or timezone.localdate(), ends_on, note)
    partner_role.full_clean()
    partner_role.save()
    return partner_role


@transaction.atomic
def partner_role_change(
    *,
    partner_role: PartnerRole,
    actor: User,
    role: str,
    starts_on: date | None = None,
    note: str = "",
) -> PartnerRole:
    """End a role the day before `starts_on` and start the new one; the old role stays."""
    partner = partner_role.partner
    _coalition_check(actor, partner.initiative)
    current = PartnerRole.objects.select_for_update().get(pk=partner_role.pk)
    starts_on = starts_on or timezone.localdate()
    if current.ends_on is not None and current.ends_on < timezone.localdate():
        raise ApplicationError(_("Deze rol is al afgelopen. Geef de partner een nieuwe rol."))
    if isinstance(starts_on, date) and starts_on <= current.starts_on:
        raise ValidationError(
            {
                "starts_on": [
                    _("De nieuwe rol begint na het begin van de huidige rol (%(date)s).")
                    % {"date": current.starts_on.strftime("%d-%m-%Y")}
                ]
            }
        )
    new_role = _role_build(partner, role, starts_on, None, note)
    # A role with a planned end that comes before the new role keeps that end.
    day_before = starts_on - timedelta(days=1)
    current.ends_on = min(current.ends_on, day_before) if current.ends_on else day_before
    current.full_clean()
    current.save(update_fields=["ends_on", "updated_at"])
    new_role.full_clean()
    new_role.save()
    return new_role


@transaction.atomic
def partner_role_end(
    *, partner_role: PartnerRole, actor: User, ends_on: date | None = None
) -> PartnerRole:
    """End a role on `ends_on` (today if not given); it stays in the history."""
    _coalition_check(actor, partner_role.partner.initiative)
    current = PartnerRole.objects.select_for_update().get(pk=partner_role.pk)
    if current.ends_on is not None and current.ends_on < timezone.localdate():
        raise ApplicationError(_("Deze rol is al afgelopen. Geef de partner een nieuwe rol."))
    _starts, clean_end = _dates_check(current.starts_on, ends_on or timezone.localdate())
    current.ends_on = clean_end
    current.full_clean()
    current.save(update_fields=["ends_on", "updated_at"])
    return current
