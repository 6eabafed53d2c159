"""Reads of support requests: one request with its steps, and the municipality's view of them."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import QuerySet

from samenkracht.initiatives.models import (
    Contribution,
    Department,
    Initiative,
    InitiativeMember,
    SupportRequest,
    SupportRequestEvent,
)
from samenkracht.people.models import Municipality, User

# The General Administrative Law Act (Awb) gives a municipality eight weeks for a decision
# when no other term applies; older open requests are shown as overdue.
OVERDUE_DAYS = 56
# A request that nobody has picked up after two weeks is flagged as well.
TREATMENT_DUE_DAYS = 14
SECONDS_PER_DAY = 86_400


def request_get(*, pk: int) -> SupportRequest | None:
    """Return the request with its initiative, municipality and department, or None."""
    return (
        SupportRequest.objects.select_related(
            "initiative__municipality", "department", "handled_by", "requested_by"
        )
        .filter(pk=pk)
        .first()
    )


def request_list_for_initiative(*, initiative: Initiative) -> QuerySet[SupportRequest]:
    return SupportRequest.objects.filter(initiative=initiative).select_related("department")


def request_events(*, request: SupportRequest) -> QuerySet[SupportRequestEvent]:
    return SupportRequestEvent.objects.filter(request=request).select_related("author")


def request_contributions(*, request: SupportRequest) -> QuerySet[Contribution]:
    """The advice of wijkspecialists on this request, newest first."""
    return Contribution.objects.filter(request=request).select_related(
        "expertise__user", "expertise__domain", "expertise__neighbourhood"
    )


def department_list(*, municipality_id: int) -> QuerySet[Department]:
    return Department.objects.filter(municipality_id=municipality_id).order_by("name")


def request_team(*, request: SupportRequest) -> list[User]:
    """The leads and core team of the request's initiative: they hear of every step."""
    return [
        member.user
        for member in InitiativeMember.objects.filter(
            initiative_id=request.initiative_id,
            role__in=(InitiativeMember.Role.LEAD, InitiativeMember.Role.MEMBER),
        ).select_related("user")
    ]


@dataclass(frozen=True)
class OpenRequest:
    request: SupportRequest
    age_days: int
    is_overdue: bool
    is_waiting_too_long: bool


def _days(later: datetime, earlier: datetime) -> float:
    return (later - earlier).total_seconds() / SECONDS_PER_DAY


def open_requests(*, municipality: Municipality | None, now: datetime) -> list[OpenRequest]:
    """Every request not yet decided, oldest first, with its age in whole days.

    `municipality=None` means all municipalities (for admins).
    """
    requests = SupportRequest.objects.exclude(status=SupportRequest.Status.DECIDED)
    if municipality is not None:
        requests = requests.filter(initiative__municipality=municipality)
    requests = requests.select_related("initiative", "department").order_by("received_at", "pk")
    return [
        OpenRequest(
            request=request,
            age_days=int(_days(now, request.received_at)),
            is_overdue=now - request.received_at > timedelta(days=OVERDUE_DAYS),
            is_waiting_too_long=request.status == SupportRequest.Status.RECEIVED
            and now - request.received_at > timedelta(days=TREATMENT_DUE_DAYS),
        )
        for request in requests
    ]


@dataclass(frozen=True)
class DepartmentTimes:
    """How fast one department answers; None when nothing has been measured yet."""

    name: str
    open_count: int
    decided_count: int
    days_to_treatment: float | None
    days_to_decision: float | None
    oldest_open_days: int | None


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def answer_times(
    *, municipality: Municipality | None, now: datetime, no_department: str
) -> list[DepartmentTimes]:
    """Average days from received to in treatment and to decided, per department.

    Slowest first, so the department that keeps people waiting longest is at the top.
    `no_department` names the requests that nobody assigned yet.
    """
    rows = SupportRequest.objects.all()
    if municipality is not None:
        rows = rows.filter(initiative__municipality=municipality)
    to_treatment: dict[str, list[float]] = defaultdict(list)
    to_decision: dict[str, list[float]] = defaultdict(list)
    open_ages: dict[str, list[float]] = defaultdict(list)
    names: set[str] = set()
    for name, received_at, in_treatment_at, decided_at in rows.values_list(
        "department__name", "received_at", "in_treatment_at", "decided_at"
    ):
        key = name or no_department
        names.add(key)
        if in_treatment_at is not None:
            to_treatment[key].append(_days(in_treatment_at, received_at))
        if decided_at is not None:
            to_decision[key].append(_days(decided_at, received_at))
        else:
            open_ages[key].append(_days(now, received_at))
    times = [
        DepartmentTimes(
            name=name,
            open_count=len(open_ages[name]),
            decided_count=len(to_decision[name]),
            days_to_treatment=_mean(to_treatment[name]),
            days_to_decision=_mean(to_decision[name]),
            oldest_open_days=int(max(open_ages[name])) if open_ages[name] else None,
        )
        for name in names
    ]
    times.sort(key=lambda t: (-(t.days_to_decision or 0.0), -(t.oldest_open_days or 0), t.name))
    return times
