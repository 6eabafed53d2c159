"""What the budgeting app holds about a person, and how it is exported and erased.

Ballots hold no link to a person and are not in this register: they stay counted. A
person's export shows their own ballot, found through their key (see selectors.voter_key).
"""

from typing import Any

from django.db.models import Q

from samenkracht.budgeting import selectors
from samenkracht.budgeting.models import (
    BudgetRound,
    DeliveryUpdate,
    Follow,
    Proposal,
    Support,
    VoteAssistance,
    VoterRecord,
    VotingCode,
)
from samenkracht.common.privacy import personal_data_register
from samenkracht.people.models import User


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def _proposals_export(user: User) -> list[dict[str, Any]]:
    return [
        {
            "round": p.budget_round.title,
            "title": p.title,
            "text": p.text,
            "estimated_cost": str(p.estimated_cost),
            "neighbourhood": p.neighbourhood.code if p.neighbourhood else None,
            "latitude": p.latitude,
            "longitude": p.longitude,
            "photo": p.photo.name or None,
            "status": p.status,
            "submitted_at": _iso(p.created_at),
        }
        for p in Proposal.objects.filter(author=user).select_related(
            "budget_round", "neighbourhood"
        )
    ]


def _proposals_erase(user: User) -> None:
    # A proposal belongs to the round's history (residents supported and voted on it):
    # it stays, without its author.
    Proposal.objects.filter(author=user).update(author=None)
    Proposal.objects.filter(assessed_by=user).update(assessed_by=None)


def _supports_export(user: User) -> list[dict[str, Any]]:
    return [
        {
            "proposal": s.proposal.title,
            "round": s.proposal.budget_round.title,
            "at": _iso(s.created_at),
        }
        for s in Support.objects.filter(user=user).select_related("proposal__budget_round")
    ]


def _supports_erase(user: User) -> None:
    # Support still being collected goes; support already counted stays, anonymous, so a
    # past decision about a proposal keeps its numbers.
    Support.objects.filter(user=user, proposal__status=Proposal.Status.SUBMITTED).delete()


def _follows_export(user: User) -> list[dict[str, Any]]:
    return [
        {"proposal": f.proposal.title, "since": _iso(f.created_at)}
        for f in Follow.objects.filter(user=user).select_related("proposal")
    ]


def _follows_erase(user: User) -> None:
    Follow.objects.filter(user=user).delete()


def _own_ballot(record: VoterRecord, user: User) -> list[str] | None:
    ballot = selectors.ballot_get_for(budget_round=record.budget_round, person=user)
    if ballot is None:
        return None
    titles = dict(Proposal.objects.filter(pk__in=ballot.proposal_ids).values_list("pk", "title"))
    return [titles.get(pk, "?") for pk in ballot.proposal_ids]


def _votes_export(user: User) -> list[dict[str, Any]]:
    return [
        {
            "round": record.budget_round.title,
            "voted_at": _iso(record.voted_at),
            "method": record.method,
            "assisted_by": record.assisted_by.public_name if record.assisted_by else None,
            "times_changed": record.times_changed,
            "my_choice": _own_ballot(record, user),
        }
        for record in VoterRecord.objects.filter(person=user).select_related(
            "budget_round", "assisted_by"
        )
    ]


def _votes_erase(user: User) -> None:
    # That someone took part stays, so nobody votes twice and the turnout stays right; the
    # account it points to is emptied by the people app.
    VoterRecord.objects.filter(assisted_by=user).update(assisted_by=None)


def _assistance_export(user: User) -> list[dict[str, Any]]:
    return [
        {
            "round": a.budget_round.title,
            "helped": a.resident.public_name if a.professional_id == user.pk else None,
            "helped_by": a.professional.public_name if a.resident_id == user.pk else None,
            "at": _iso(a.created_at),
        }
        for a in VoteAssistance.objects.filter(
            Q(professional=user) | Q(resident=user)
        ).select_related("budget_round", "resident", "professional")
    ]


def _keep(user: User) -> None:
    """The log of assisted voting stays for accountability; the people app empties the names."""


def _codes_export(user: User) -> list[dict[str, Any]]:
    return [
        {
            "round": c.budget_round.title,
            "made_at": _iso(c.created_at),
            "used_at": _iso(c.used_at),
            "revoked_at": _iso(c.revoked_at),
        }
        for c in VotingCode.objects.filter(person=user).select_related("budget_round")
    ]


def _codes_erase(user: User) -> None:
    VotingCode.objects.filter(person=user).delete()
    VotingCode.objects.filter(issued_by=user).update(issued_by=None)


def _milestones_export(user: User) -> list[dict[str, Any]]:
    return [
        {"proposal": d.proposal.title, "status": d.status, "text": d.text, "at": _iso(d.created_at)}
        for d in DeliveryUpdate.objects.filter(author=user).select_related("proposal")
    ]


def _milestones_erase(user: User) -> None:
    DeliveryUpdate.objects.filter(author=user).update(author=None)


def _rounds_export(user: User) -> list[dict[str, Any]]:
    return [
        {"title": r.title, "created_at": _iso(r.created_at)}
        for r in BudgetRound.objects.filter(created_by=user)
    ]


def _rounds_erase(user: User) -> None:
    BudgetRound.objects.filter(created_by=user).update(created_by=None)


personal_data_register(
    Proposal,
    section="budget_proposals",
    export=_proposals_export,
    erase=_proposals_erase,
    retention="Voorstellen blijven bestaan zonder naam: bewoners steunden en stemden erop.",
)
personal_data_register(
    Support,
    section="budget_supports",
    export=_supports_export,
    erase=_supports_erase,
    retention="Steun die al is geteld, blijft zonder naam meetellen.",
)
personal_data_register(
    Follow, section="budget_follows", export=_follows_export, erase=_follows_erase
)
personal_data_register(
    VoterRecord,
    section="budget_votes",
    export=_votes_export,
    erase=_votes_erase,
    retention="Dat er gestemd is, blijft zonder naam: zo stemt niemand twee keer. "
    "De stem zelf was al anoniem en blijft geteld.",
)
personal_data_register(
    VoteAssistance,
    section="budget_vote_assistance",
    export=_assistance_export,
    erase=_keep,
    retention="Wie bij het stemmen hielp, blijft vastgelegd zonder namen, als verantwoording.",
)
personal_data_register(
    VotingCode, section="budget_voting_codes", export=_codes_export, erase=_codes_erase
)
personal_data_register(
    DeliveryUpdate,
    section="budget_milestones",
    export=_milestones_export,
    erase=_milestones_erase,
    retention="Mijlpalen van een project blijven zonder naam zichtbaar.",
)
personal_data_register(
    BudgetRound,
    section="budget_rounds_created",
    export=_rounds_export,
    erase=_rounds_erase,
    retention="Een burgerbegroting blijft bestaan zonder de naam van wie haar maakte.",
)
