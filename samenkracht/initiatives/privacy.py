"""What the initiatives app holds about a person, and how it is exported and erased.

Initiatives, their history, news and advice belong to the neighbourhood: they stay, without
the person's name. Memberships, follows and partnerships of a person are theirs: they go.
"""

from typing import Any

from django.db.models import Q

from samenkracht.common.privacy import personal_data_register
from samenkracht.initiatives.models import (
    Contribution,
    Expertise,
    Initiative,
    InitiativeFollow,
    InitiativeMember,
    InitiativeUpdate,
    Partner,
    PhaseChange,
    SupportRequest,
    SupportRequestEvent,
)
from samenkracht.people.models import User


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def _initiatives_export(user: User) -> list[dict[str, Any]]:
    return [
        {"name": i.name, "goal": i.goal, "created_at": _iso(i.created_at)}
        for i in Initiative.objects.filter(created_by=user)
    ]


def _initiatives_erase(user: User) -> None:
    Initiative.objects.filter(created_by=user).update(created_by=None)


def _phase_changes_export(user: User) -> list[dict[str, Any]]:
    return [
        {"initiative": c.initiative.name, "phase": c.phase, "date": _iso(c.date), "note": c.note}
        for c in PhaseChange.objects.filter(changed_by=user).select_related("initiative")
    ]


def _phase_changes_erase(user: User) -> None:
    PhaseChange.objects.filter(changed_by=user).update(changed_by=None)


def _members_export(user: User) -> list[dict[str, Any]]:
    return [
        {"initiative": m.initiative.name, "role": m.role, "since": _iso(m.created_at)}
        for m in InitiativeMember.objects.filter(user=user).select_related("initiative")
    ]


def _members_erase(user: User) -> None:
    # An initiative always has a lead (only leads change the team): when the person was its
    # only lead, the longest-serving core-team member takes over, else the longest volunteer.
    led = InitiativeMember.objects.filter(user=user, role=InitiativeMember.Role.LEAD).values(
        "initiative_id"
    )
    for initiative_id in [row["initiative_id"] for row in led]:
        others = InitiativeMember.objects.filter(initiative_id=initiative_id).exclude(user=user)
        if others.filter(role=InitiativeMember.Role.LEAD).exists():
            continue
        successor = (
            others.filter(role=InitiativeMember.Role.MEMBER).order_by("created_at", "pk").first()
            or others.order_by("created_at", "pk").first()
        )
        if successor is not None:
            successor.role = InitiativeMember.Role.LEAD
            successor.save(update_fields=["role", "updated_at"])
    InitiativeMember.objects.filter(user=user).delete()


def _updates_export(user: User) -> list[dict[str, Any]]:
    return [
        {
            "initiative": u.initiative.name,
            "text": u.text,
            "photo": u.photo.name or None,
            "at": _iso(u.created_at),
        }
        for u in InitiativeUpdate.objects.filter(author=user).select_related("initiative")
    ]


def _updates_erase(user: User) -> None:
    InitiativeUpdate.objects.filter(author=user).update(author=None)


def _follows_export(user: User) -> list[dict[str, Any]]:
    return [
        {"initiative": f.initiative.name, "since": _iso(f.created_at)}
        for f in InitiativeFollow.objects.filter(user=user).select_related("initiative")
    ]


def _follows_erase(user: User) -> None:
    InitiativeFollow.objects.filter(user=user).delete()


def _partners_export(user: User) -> list[dict[str, Any]]:
    return [
        {
            "initiative": p.initiative.name,
            "roles": [
                {"role": r.role, "starts_on": _iso(r.starts_on), "ends_on": _iso(r.ends_on)}
                for r in p.roles.all()
            ],
        }
        for p in Partner.objects.filter(person=user)
        .select_related("initiative")
        .prefetch_related("roles")
    ]


def _partners_erase(user: User) -> None:
    # A resident's own partnership names them: it goes. Partners they added stay.
    Partner.objects.filter(person=user).delete()
    Partner.objects.filter(added_by=user).update(added_by=None)


def _expertise_export(user: User) -> list[dict[str, Any]]:
    return [
        {
            "domain": e.domain.name,
            "neighbourhood": e.neighbourhood.code,
            "motivation": e.motivation,
            "is_active": e.is_active,
        }
        for e in Expertise.objects.filter(user=user).select_related("domain", "neighbourhood")
    ]


def _expertise_erase(user: User) -> None:
    Expertise.objects.filter(recognised_by=user).update(recognised_by=None)
    # Advice given goes with the recognition: it names its author through the badge.
    Expertise.objects.filter(user=user).delete()


def _contributions_export(user: User) -> list[dict[str, Any]]:
    return [
        {"initiative": c.initiative.name, "text": c.text, "at": _iso(c.created_at)}
        for c in Contribution.objects.filter(expertise__user=user).select_related("initiative")
    ]


def _contributions_erase(user: User) -> None:
    Contribution.objects.filter(expertise__user=user).delete()


def _requests_export(user: User) -> list[dict[str, Any]]:
    return [
        {
            "initiative": r.initiative.name,
            "title": r.title,
            "text": r.text if r.requested_by_id == user.pk else None,
            "status": r.status,
            "received_at": _iso(r.received_at),
            "role": "requested" if r.requested_by_id == user.pk else "handled",
        }
        for r in SupportRequest.objects.filter(
            Q(requested_by=user) | Q(handled_by=user)
        ).select_related("initiative")
    ]


def _requests_erase(user: User) -> None:
    SupportRequest.objects.filter(requested_by=user).update(requested_by=None)
    SupportRequest.objects.filter(handled_by=user).update(handled_by=None)


def _request_events_export(user: User) -> list[dict[str, Any]]:
    return [
        {"request": e.request.title, "status": e.status, "text": e.text, "at": _iso(e.created_at)}
        for e in SupportRequestEvent.objects.filter(author=user).select_related("request")
    ]


def _request_events_erase(user: User) -> None:
    SupportRequestEvent.objects.filter(author=user).update(author=None)


personal_data_register(
    Initiative,
    section="initiatives_created",
    export=_initiatives_export,
    erase=_initiatives_erase,
    retention="Een initiatief blijft bestaan zonder de naam van wie het aanmeldde.",
)
personal_data_register(
    PhaseChange,
    section="initiative_phase_changes",
    export=_phase_changes_export,
    erase=_phase_changes_erase,
    retention="De geschiedenis van een initiatief blijft, zonder naam.",
)
personal_data_register(
    InitiativeMember,
    section="initiative_members",
    export=_members_export,
    erase=_members_erase,
)
personal_data_register(
    InitiativeUpdate,
    section="initiative_updates",
    export=_updates_export,
    erase=_updates_erase,
    retention="Nieuwsberichten van een initiatief blijven zichtbaar zonder naam.",
)
personal_data_register(
    InitiativeFollow, section="initiative_follows", export=_follows_export, erase=_follows_erase
)
personal_data_register(
    Partner, section="initiative_partners", export=_partners_export, erase=_partners_erase
)
personal_data_register(
    Expertise, section="initiative_expertise", export=_expertise_export, erase=_expertise_erase
)
personal_data_register(
    Contribution,
    section="initiative_contributions",
    export=_contributions_export,
    erase=_contributions_erase,
)
personal_data_register(
    SupportRequest,
    section="initiative_support_requests",
    export=_requests_export,
    erase=_requests_erase,
    retention="Ondersteuningsvragen blijven zonder naam: de gemeente legt verantwoording af "
    "over hoe snel zij antwoordt.",
)
personal_data_register(
    SupportRequestEvent,
    section="initiative_support_request_events",
    export=_request_events_export,
    erase=_request_events_erase,
    retention="De stappen van een ondersteuningsvraag blijven zonder naam.",
)
