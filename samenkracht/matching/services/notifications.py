"""In-app notifications and the e-mail digest: never one mail per event."""

import math
from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from samenkracht.common.tasks import email_send_task
from samenkracht.matching.models import DigestPreference, Notification
from samenkracht.people.models import User

TEXT_LENGTH = 300
TITLE_LENGTH = 60
# A digest is due a little before the full period, so a cron run a few minutes early
# does not skip a day.
DIGEST_INTERVALS: dict[str, timedelta] = {
    DigestPreference.Frequency.DAILY: timedelta(days=1) - timedelta(hours=1),
    DigestPreference.Frequency.WEEKLY: timedelta(days=7) - timedelta(hours=1),
}
DIGEST_MAX_ITEMS = 20


def quoted(title: str) -> str:
    """A listing title for inside a notification, shortened so the text fits."""
    short = title if len(title) <= TITLE_LENGTH else title[: TITLE_LENGTH - 1].rstrip() + "…"
    return f"“{short}”"


def notification_send(*, user: User, kind: str, text: str, url: str = "") -> Notification | None:
    """Add an in-app notification; people who left the platform get none."""
    if user.is_deleted or not user.is_active:
        return None
    notification = Notification(user=user, kind=kind, text=text[:TEXT_LENGTH], url=url)
    notification.full_clean()
    notification.save()
    return notification


@transaction.atomic
def notification_mark_read(*, user: User, ids: list[int] | None = None, now: datetime) -> int:
    """Mark the person's notifications `ids` (or all) as read; return how many changed."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=now, updated_at=now)


@transaction.atomic
def digest_preference_set(*, user: User, frequency: str, minimum_score: float) -> DigestPreference:
    """Choose how often the news e-mail comes and from which match score on."""
    if frequency not in DigestPreference.Frequency.values:
        raise ValidationError({"frequency": [_("Kies nooit, elke dag of één keer per week.")]})
    if not isinstance(minimum_score, int | float) or not math.isfinite(minimum_score):
        raise ValidationError({"minimum_score": [_("Kies een getal tussen 0 en 1.")]})
    if not 0 <= minimum_score <= 1:
        raise ValidationError({"minimum_score": [_("Kies een getal tussen 0 en 1.")]})
    # get_or_create takes the row lock, and when two requests create the row at once it
    # fetches the winner's row instead of failing on the unique user.
    preference, _created = DigestPreference.objects.select_for_update().get_or_create(user=user)
    preference.frequency = frequency
    preference.minimum_score = float(minimum_score)
    preference.full_clean()
    preference.save()
    return preference


def _digest_is_due(preference: DigestPreference | None, now: datetime) -> bool:
    frequency = preference.frequency if preference else DigestPreference.Frequency.DAILY
    if frequency == DigestPreference.Frequency.NEVER:
        return False
    last_sent_at = preference.last_sent_at if preference else None
    return last_sent_at is None or now - last_sent_at >= DIGEST_INTERVALS[frequency]


@transaction.atomic
def digest_send(*, now: datetime) -> int:
    """Send each person whose digest is due one e-mail with their unread news.

    Only notifications that are unread and not yet e-mailed go in, so nothing comes twice.
    Only confirmed e-mail addresses get mail. Return the number of e-mails queued.
    """
    pending = (
        Notification.objects.select_for_update()
        .filter(read_at__isnull=True, emailed_at__isnull=True)
        .filter(
            user__is_active=True,
            user__deleted_at__isnull=True,
            user__email_confirmed_at__isnull=False,
        )
        .exclude(Q(user__email__isnull=True) | Q(user__email=""))
        .order_by("user_id", "-created_at", "-id")
    )
    by_user: dict[int, list[Notification]] = defaultdict(list)
    for notification in pending:
        by_user[notification.user_id].append(notification)
    if not by_user:
        return 0
    preferences = {
        preference.user_id: preference
        for preference in DigestPreference.objects.select_for_update().filter(
            user_id__in=list(by_user)
        )
    }
    people = User.objects.in_bulk(list(by_user))
    sent = 0
    for user_id, notifications in by_user.items():
        preference = preferences.get(user_id)
        if not _digest_is_due(preference, now):
            continue
        _digest_enqueue(people[user_id], notifications)
        Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
            emailed_at=now, updated_at=now
        )
        if preference is None:
            preference = DigestPreference(user_id=user_id)
        preference.last_sent_at = now
        preference.save()
        sent += 1
    return sent


def _digest_enqueue(user: User, notifications: list[Notification]) -> None:
    context = {
        "user": user,
        "notifications": notifications[:DIGEST_MAX_ITEMS],
        "more": max(0, len(notifications) - DIGEST_MAX_ITEMS),
        "base_url": settings.SAMENKRACHT_BASE_URL,
    }
    subject = _("Nieuws van Samenkracht: %(count)d berichten") % {"count": len(notifications)}
    body = render_to_string("matching/email/digest.txt", context)
    to = [user.email or ""]
    transaction.on_commit(lambda: email_send_task.enqueue(subject=subject, body=body, to=to))


__all__ = [
    "digest_preference_set",
    "digest_send",
    "notification_mark_read",
    "notification_send",
    "quoted",
]
