"""Reads that the permission rules need: who belongs to an initiative, who knows the area."""

from samenkracht.initiatives.models import Expertise, Initiative, InitiativeMember
from samenkracht.people.models import User


def member_role(*, initiative: Initiative, user: User) -> str | None:
    """Return the person's role in the initiative (lead, member, volunteer), or None."""
    return (
        InitiativeMember.objects.filter(initiative=initiative, user=user)
        .values_list("role", flat=True)
        .first()
    )


def expertise_for_initiative(*, initiative: Initiative, user: User) -> Expertise | None:
    """Return the person's active wijkspecialist recognition that fits the initiative."""
    return (
        Expertise.objects.filter(
            user=user,
            is_active=True,
            domain__in=initiative.domains.all(),
            neighbourhood__in=initiative.neighbourhoods.all(),
        )
        .select_related("domain", "neighbourhood")
        .first()
    )


def works_in_area(*, initiative: Initiative, user: User) -> bool:
    """Does a professional work in one of the initiative's neighbourhoods?"""
    return user.work_neighbourhoods.filter(pk__in=initiative.neighbourhoods.values("pk")).exists()
