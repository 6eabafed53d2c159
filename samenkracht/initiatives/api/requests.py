"""API endpoints: support requests — sending, reading, treating, deciding, messages."""

from datetime import datetime
from decimal import Decimal
from typing import cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from samenkracht.common.api import ErrorOut
from samenkracht.initiatives import permissions, selectors, services
from samenkracht.initiatives.models import (
    Department,
    Initiative,
    SupportRequest,
    SupportRequestEvent,
)
from samenkracht.people.models import User

router = Router(tags=["support requests"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _initiative_or_404(initiative_id: int) -> Initiative:
    initiative = selectors.initiative_get(pk=initiative_id)
    if initiative is None:
        raise Http404
    return initiative


def _request_or_404(request: HttpRequest, request_id: int) -> SupportRequest:
    """Requests are not public: to whoever may not see one, it does not exist."""
    support_request = selectors.request_get(pk=request_id)
    if support_request is None or not permissions.can_view_request(_user(request), support_request):
        raise Http404
    return support_request


def _department(initiative_municipality_id: int, department_id: int | None) -> Department | None:
    if department_id is None:
        return None
    found = (
        selectors.department_list(municipality_id=initiative_municipality_id)
        .filter(pk=department_id)
        .first()
    )
    if found is None:
        raise ValidationError(
            {"department": [_("Kies een afdeling van de gemeente van dit initiatief.")]}
        )
    return found


class EventOut(Schema):
    status: str
    text: str
    author: str | None = Field(description="Naam van wie de stap zette of het bericht schreef.")
    created_at: datetime

    @staticmethod
    def resolve_author(obj: SupportRequestEvent) -> str | None:
        if obj.author is None:
            return None
        return obj.author.get_full_name() or obj.author.username


class RequestOut(Schema):
    id: int
    initiative: int
    kind: SupportRequest.Kind
    title: str
    text: str
    amount: Decimal | None
    department: str | None
    status: SupportRequest.Status
    decision: str
    decision_text: str
    received_at: datetime
    in_treatment_at: datetime | None
    decided_at: datetime | None

    @staticmethod
    def resolve_initiative(obj: SupportRequest) -> int:
        return obj.initiative_id

    @staticmethod
    def resolve_department(obj: SupportRequest) -> str | None:
        return obj.department.name if obj.department else None


class RequestDetailOut(RequestOut):
    events: list[EventOut]

    @staticmethod
    def resolve_events(obj: SupportRequest) -> list[SupportRequestEvent]:
        return list(selectors.request_events(request=obj))


class RequestIn(Schema):
    kind: str = Field(description="subsidy, space, permit of advice.")
    title: str
    text: str
    amount: Decimal | None = Field(None, description="Alleen bij subsidie: het bedrag in euro.")
    department: int | None = Field(None, description="Id van de afdeling (niet verplicht).")


class TreatIn(Schema):
    department: int | None = None
    text: str = ""


class DecisionIn(Schema):
    decision: str = Field(description="granted, partly of refused.")
    text: str = Field(description="Uitleg bij het besluit; het initiatief leest die.")


class MessageIn(Schema):
    text: str


class DepartmentOut(Schema):
    id: int
    name: str


@router.get("/initiatives/{id}/requests", response={200: list[RequestOut], **ERRORS})
def request_list(request: HttpRequest, id: int) -> QuerySet[SupportRequest]:
    """The initiative's requests, newest first: for its team and the municipality."""
    user = _user(request)
    initiative = _initiative_or_404(id)
    if not permissions.can_view_requests_of(user, initiative):
        raise PermissionDenied(_("Alleen het team en de gemeente zien deze vragen."))
    return selectors.request_list_for_initiative(initiative=initiative)


@router.get("/initiatives/{id}/departments", response={200: list[DepartmentOut], **ERRORS})
def department_list(request: HttpRequest, id: int) -> QuerySet[Department]:
    """The departments a request of this initiative can go to."""
    initiative = _initiative_or_404(id)
    return selectors.department_list(municipality_id=initiative.municipality_id)


@router.post("/initiatives/{id}/requests", response={201: RequestDetailOut, **ERRORS})
def request_send(request: HttpRequest, id: int, payload: RequestIn) -> Status[SupportRequest]:
    initiative = _initiative_or_404(id)
    support_request = services.support_request_send(
        user=_user(request),
        initiative=initiative,
        kind=payload.kind,
        title=payload.title,
        text=payload.text,
        amount=payload.amount,
        department=_department(initiative.municipality_id, payload.department),
        now=timezone.now(),
    )
    return Status(201, support_request)


@router.get("/requests/{id}", response={200: RequestDetailOut, **ERRORS})
def request_detail(request: HttpRequest, id: int) -> SupportRequest:
    return _request_or_404(request, id)


@router.post("/requests/{id}/treatment", response={200: RequestDetailOut, **ERRORS})
def request_treat(request: HttpRequest, id: int, payload: TreatIn) -> SupportRequest:
    """An official takes the request into treatment."""
    support_request = _request_or_404(request, id)
    return services.support_request_treat(
        user=_user(request),
        request=support_request,
        department=_department(support_request.initiative.municipality_id, payload.department),
        text=payload.text,
        now=timezone.now(),
    )


@router.post("/requests/{id}/decision", response={200: RequestDetailOut, **ERRORS})
def request_decide(request: HttpRequest, id: int, payload: DecisionIn) -> SupportRequest:
    """An official decides: granted, partly granted or refused, with a reason."""
    support_request = _request_or_404(request, id)
    return services.support_request_decide(
        user=_user(request),
        request=support_request,
        decision=payload.decision,
        text=payload.text,
        now=timezone.now(),
    )


@router.post("/requests/{id}/messages", response={201: EventOut, **ERRORS})
def request_message(
    request: HttpRequest, id: int, payload: MessageIn
) -> Status[SupportRequestEvent]:
    support_request = _request_or_404(request, id)
    event = services.support_request_message(
        user=_user(request), request=support_request, text=payload.text
    )
    return Status(201, event)
