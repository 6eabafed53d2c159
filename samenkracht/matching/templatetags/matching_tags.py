from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import template
from django.utils.translation import gettext as _

from samenkracht.common import hours
from samenkracht.core.matching import Reason
from samenkracht.matching import reasons, selectors
from samenkracht.matching.forms import availability_labels
from samenkracht.people.models import User

register = template.Library()


@register.filter
def hours_text(value: Decimal) -> str:
    """How long help took, in the page's language: "1,5 uur", "1 hour"."""
    return hours.hours_text(value)


@register.filter
def percentage(score: float) -> str:
    return f"{round(score * 100)}%"


@register.filter
def availability_text(mask: int) -> str:
    labels = availability_labels(mask)
    return ", ".join(labels) if labels else _("Maakt niet uit")


@register.filter
def reason_text(reason: Reason | Mapping[str, Any]) -> str:
    """A match's reason (from the index or stored with a contact) in the active language."""
    return reasons.reason_text(reason)


@register.simple_tag(takes_context=True)
def unread_notification_count(context: Any) -> int:
    """Unread in-app notifications of the signed-in person, for the menu."""
    user = context.get("user")
    if not isinstance(user, User) or not user.is_authenticated:
        return 0
    return selectors.notification_unread_count(user=user)
