"""Writes of support requests: an initiative asks, the municipality treats and decides, both
sides write messages; every step is dated, kept as an event and told to the team."""

from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samenkracht.common.errors import ApplicationError
from samenkracht.initiatives import permissions, selectors
from samenkracht.initiatives.models import (
    Department,
    Initiative,
    SupportRequest,
    SupportRequestEvent,
)
from samenkracht.matching.models import Notification
from samenkracht.matching.services.notifications import notification_send, quoted
from samenkracht.matching.services.text import text_check
from samenkracht.people.models import User

TITLE_MIN_LENGTH = 3
TITLE_MAX_LENGTH = 150
TEXT_MAX_LENGTH = 5000
MESSAGE_MAX_LENGTH = 3000
AMOUNT_MAX = Decimal("9999999999.99")
DECISIONS = (
    SupportRequest.Decision.GRANTED,
    SupportRequest.Decision.PARTLY,
    SupportRequest.Decision.REFUSED,
)


def _collect(errors: dict[str, list[str]], check: Any) -> Any:
    """Run one check and keep its errors, so a form can show all mistakes at once."""
    try:
        return check()
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
        return None


def _amount_check(value: Any) -> Decimal:
    wrong = ValidationError({"amount": [_("Vul een bedrag in euro in, zoals 750.")]})
    if value is None or value == "" or isinstance(value, bool):
        raise ValidationError({"amount": [_("Vul in hoeveel subsidie u vraagt.")]})
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError) as error:
        raise wrong from error
    if not amount.is_finite() or amount <= 0 or amount > AMOUNT_MAX:
        raise wrong
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({"amount": [_("Gebruik hoogstens twee cijfers na de komma.")]})
    return amount


def _department_check(department: Department | None, initiative: Initiative) -> Department | None:
    if department is not None and department.municipality_id != initiative.municipality_id:
        raise ValidationError(
            {"department": [_("Kies een afdeling van de gemeente van dit initiatief.")]}
        )
    return department


def _team_notify(*, request: SupportRequest, text: str, actor: User) -> int:
    """Tell the initiative's leads and core team (except whoever did it) about a step."""
    sent = 0
    for person in sorted(selectors.request_team(request=request), key=lambda user: user.pk):
        if person.pk == actor.pk:
            continue
        if notification_send(
            user=person,
            kind=Notification.Kind.SUPPORT_REQUEST_UPDATE,
            text=text,
            url=request.get_absolute_url(),
        ):
            sent += 1
    return sent


def _event_add(*, request: SupportRequest, author: User, text: str = "") -> SupportRequestEvent:
    event = SupportRequestEvent(request=request, status=request.status, text=text, author=author)
    event.full_clean()
    event.save()
    return event


def _locked(request: SupportRequest) -> SupportRequest:
    return (
        SupportRequest.objects.select_for_update(of=("self",))
        .select_related("initiative__municipality", "department")
        .get(pk=request.pk)
    )


@transaction.atomic
def support_request_send(
    *,
    user: User,
    initiative: Initiative,
    kind: str,
    title: str,
    text: str,
    amount: Any = None,
    department: Department | None = None,
    now: datetime,
) -> SupportRequest:
    """Send a request for a subsidy, space, a permit or advice to the municipality.

    A subsidy needs the amount asked; other kinds store none. Every mistake is reported
    at once and nothing is stored.
    """
    problem = permissions.request_send_problem(user, initiative)
    if problem is not None:
        raise ApplicationError(problem)
    errors: dict[str, list[str]] = {}
    if kind not in SupportRequest.Kind.values:
        errors["kind"] = [_("Kies subsidie, ruimte, vergunning of advies.")]
    clean_title = _collect(
        errors,
        lambda: text_check(
            title,
            field="title",
            label=_("het onderwerp"),
            min_length=TITLE_MIN_LENGTH,
            max_length=TITLE_MAX_LENGTH,
        ),
    )
    clean_text = _collect(
        errors,
        lambda: text_check(text, field="text", label=_("uw vraag"), max_length=TEXT_MAX_LENGTH),
    )
    clean_amount = None
    if kind == SupportRequest.Kind.SUBSIDY:
        clean_amount = _collect(errors, lambda: _amount_check(amount))
    clean_department = _collect(errors, lambda: _department_check(department, initiative))
    if errors:
        raise ValidationError(errors)
    request = SupportRequest(
        initiative=initiative,
        kind=kind,
        title=clean_title,
        text=clean_text,
        amount=clean_amount,
        department=clean_department,
        status=SupportRequest.Status.RECEIVED,
        received_at=now,
        requested_by=user,
    )
    request.full_clean()
    request.save()
    _event_add(request=request, author=user)
    _team_notify(
        request=request,
        text=_("De gemeente heeft de vraag %(title)s ontvangen.")
        % {"title": quoted(request.title)},
        actor=user,
    )
    return request


@transaction.atomic
def support_request_treat(
    *,
    user: User,
    request: SupportRequest,
    department: Department | None = None,
    text: str = "",
    now: datetime,
) -> SupportRequest:
    """An official takes a received request into treatment (and may pass it to a department)."""
    request = _locked(request)
    problem = permissions.request_handle_problem(user, request)
    if problem is not None:
        raise ApplicationError(problem)
    if request.status != SupportRequest.Status.RECEIVED:
        raise ApplicationError(_("Deze vraag is al in behandeling."))
    errors: dict[str, list[str]] = {}
    clean_department = _collect(errors, lambda: _department_check(department, request.initiative))
    clean_text = _collect(
        errors,
        lambda: text_check(
            text,
            field="text",
            label=_("het bericht"),
            max_length=MESSAGE_MAX_LENGTH,
            is_required=False,
        ),
    )
    if errors:
        raise ValidationError(errors)
    request.status = SupportRequest.Status.IN_TREATMENT
    request.in_treatment_at = now
    request.handled_by = user
    updated = ["status", "in_treatment_at", "handled_by", "updated_at"]
    if clean_department is not None:
        request.department = clean_department
        updated.append("department")
    request.full_clean()
    request.save(update_fields=updated)
    _event_add(request=request, author=user, text=clean_text)
    _team_notify(
        request=request,
        text=_("De gemeente behandelt nu uw vraag %(title)s.") % {"title": quoted(request.title)},
        actor=user,
    )
    return request


@transaction.atomic
def support_request_decide(
    *, user: User, request: SupportRequest, decision: str, text: str, now: datetime
) -> SupportRequest:
    """Decide on a request: granted, partly granted or refused, with a reason for everyone.

    A request decided straight after receipt counts as taken into treatment at the same
    moment, so the average time to treatment never skips it.
    """
    request = _locked(request)
    problem = permissions.request_handle_problem(user, request)
    if problem is not None:
        raise ApplicationError(problem)
    errors: dict[str, list[str]] = {}
    if decision not in DECISIONS:
        errors["decision"] = [_("Kies toegekend, deels toegekend of afgewezen.")]
    clean_text = _collect(
        errors,
        lambda: text_check(
            text, field="text", label=_("de uitleg bij het besluit"), max_length=MESSAGE_MAX_LENGTH
        ),
    )
    if errors:
        raise ValidationError(errors)
    updated = ["status", "decision", "decision_text", "decided_at", "handled_by", "updated_at"]
    if request.in_treatment_at is None:
        request.in_treatment_at = now
        updated.append("in_treatment_at")
    request.status = SupportRequest.Status.DECIDED
    request.decision = decision
    request.decision_text = clean_text
    request.decided_at = now
    request.handled_by = user
    request.full_clean()
    request.save(update_fields=updated)
    _event_add(request=request, author=user, text=clean_text)
    _team_notify(
        request=request,
        text=_("De gemeente heeft besloten over uw vraag %(title)s: %(decision)s.")
        % {"title": quoted(request.title), "decision": request.get_decision_display().lower()},
        actor=user,
    )
    return request


@transaction.atomic
def support_request_message(
    *, user: User, request: SupportRequest, text: str
) -> SupportRequestEvent:
    """Write a message on a request; the team hears of the municipality's messages and of
    each other's."""
    problem = permissions.request_message_problem(user, request)
    if problem is not None:
        raise ApplicationError(problem)
    clean_text = text_check(
        text, field="text", label=_("uw bericht"), max_length=MESSAGE_MAX_LENGTH
    )
    event = _event_add(request=request, author=user, text=clean_text)
    _team_notify(
        request=request,
        text=_("Nieuw bericht bij de vraag %(title)s.") % {"title": quoted(request.title)},
        actor=user,
    )
    return event
