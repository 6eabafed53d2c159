"""What the matching app holds about a person, and how it is exported and erased."""

from typing import Any

from django.db.models import Q
from django.utils import timezone

from samenkracht.common.privacy import personal_data_register
from samenkracht.matching.models import (
    Block,
    Contact,
    DigestPreference,
    Listing,
    Message,
    Notification,
    Outcome,
    Report,
)
from samenkracht.people.models import User

ERASED_MESSAGE = "Dit bericht is verwijderd, omdat de schrijver het account heeft opgeheven."


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def _listings_export(user: User) -> list[dict[str, Any]]:
    return [
        {
            "kind": listing.kind,
            "title": listing.title,
            "description": listing.description,
            "category": listing.category.name,
            "status": listing.status,
            "neighbourhood": listing.neighbourhood.code,
            "radius_km": listing.radius_km,
            "availability": listing.availability,
            "created_at": _iso(listing.created_at),
            "expires_at": _iso(listing.expires_at),
        }
        for listing in Listing.objects.filter(owner=user).select_related(
            "category", "neighbourhood"
        )
    ]


def _listings_erase(user: User) -> None:
    # Listings that someone else answered stay as the other side's history, emptied;
    # the rest go.
    answered = Q(contacts_as_ask__isnull=False) | Q(contacts_as_offer__isnull=False)
    Listing.objects.filter(owner=user).exclude(answered).delete()
    Listing.objects.filter(owner=user).update(
        title="—", description="", status=Listing.Status.WITHDRAWN, closed_at=timezone.now()
    )
    Listing.objects.filter(created_by=user).update(created_by=None)


def _contacts_export(user: User) -> list[dict[str, Any]]:
    contacts = Contact.objects.filter(Q(initiator=user) | Q(recipient=user)).select_related(
        "ask", "offer"
    )
    return [
        {
            "ask": contact.ask.title,
            "offer": contact.offer.title,
            "status": contact.status,
            "started_by_me": contact.initiator_id == user.pk,
            "created_at": _iso(contact.created_at),
            "decided_at": _iso(contact.decided_at),
        }
        for contact in contacts
    ]


def _contacts_erase(user: User) -> None:
    Contact.objects.filter(introduced_by=user).update(introduced_by=None)
    Contact.objects.filter(
        Q(initiator=user) | Q(recipient=user), status=Contact.Status.PENDING
    ).update(status=Contact.Status.WITHDRAWN, decided_at=timezone.now())


def _messages_export(user: User) -> list[dict[str, Any]]:
    return [
        {"contact": m.contact_id, "body": m.body, "sent_at": _iso(m.created_at)}
        for m in Message.objects.filter(sender=user)
    ]


def _messages_erase(user: User) -> None:
    Message.objects.filter(sender=user).update(body=ERASED_MESSAGE)


def _outcomes_export(user: User) -> list[dict[str, Any]]:
    return [
        {
            "contact": o.contact_id,
            "result": o.result,
            "reason": o.reason,
            "note": o.note,
            "hours_spent": None if o.hours_spent is None else f"{o.hours_spent:.2f}",
        }
        for o in Outcome.objects.filter(respondent=user)
    ]


def _outcomes_erase(user: User) -> None:
    # The answer still counts in the match rate; the free text goes.
    Outcome.objects.filter(respondent=user).update(note="")


def _reports_export(user: User) -> list[dict[str, Any]]:
    return [
        {
            "reported": r.reported.public_name,
            "reason": r.reason,
            "status": r.status,
            "at": _iso(r.created_at),
        }
        for r in Report.objects.filter(reporter=user).select_related("reported")
    ]


def _reports_erase(user: User) -> None:
    Report.objects.filter(handled_by=user).update(handled_by=None)


def _blocks_export(user: User) -> list[dict[str, Any]]:
    return [
        {"blocked": b.blocked.public_name, "since": _iso(b.created_at)}
        for b in Block.objects.filter(blocker=user)
    ]


def _blocks_erase(user: User) -> None:
    Block.objects.filter(Q(blocker=user) | Q(blocked=user)).delete()


def _notifications_export(user: User) -> list[dict[str, Any]]:
    return [
        {"kind": n.kind, "text": n.text, "at": _iso(n.created_at), "read_at": _iso(n.read_at)}
        for n in Notification.objects.filter(user=user)
    ]


def _digest_export(user: User) -> list[dict[str, Any]]:
    return [
        {"frequency": p.frequency, "minimum_score": p.minimum_score}
        for p in DigestPreference.objects.filter(user=user)
    ]


def _delete_rows(model: Any) -> Any:
    def erase(user: User) -> None:
        model.objects.filter(user=user).delete()

    return erase


personal_data_register(
    Listing,
    section="listings",
    export=_listings_export,
    erase=_listings_erase,
    retention="Beantwoorde vragen en aanbod blijven leeg bestaan voor de andere kant.",
)
personal_data_register(
    Contact,
    section="contacts",
    export=_contacts_export,
    erase=_contacts_erase,
    retention="Contacten blijven bestaan zonder naam, voor de geschiedenis van de ander.",
)
personal_data_register(
    Message,
    section="messages",
    export=_messages_export,
    erase=_messages_erase,
    retention="De tekst wordt vervangen; het gesprek van de ander blijft leesbaar.",
)
personal_data_register(
    Outcome,
    section="outcomes",
    export=_outcomes_export,
    erase=_outcomes_erase,
    retention="De uitkomst telt mee in het slagingspercentage, zonder toelichting.",
)
personal_data_register(
    Report,
    section="reports",
    export=_reports_export,
    erase=_reports_erase,
    retention="Meldingen over misbruik blijven voor de veiligheid van anderen.",
)
personal_data_register(Block, section="blocks", export=_blocks_export, erase=_blocks_erase)
personal_data_register(
    Notification,
    section="notifications",
    export=_notifications_export,
    erase=_delete_rows(Notification),
)
personal_data_register(
    DigestPreference,
    section="digest_preference",
    export=_digest_export,
    erase=_delete_rows(DigestPreference),
)
