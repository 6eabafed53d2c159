"""Checks on free text that people type: present, not only markup, not too long."""

import re

from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

HTML_TAG = re.compile(r"<\s*[/!]?\s*[a-zA-Z!]")
NO_HTML = gettext_lazy("Gebruik geen HTML-code of scripts. Schrijf gewone tekst.")
NO_CONTROL = gettext_lazy("Deze tekst bevat tekens die niet kunnen worden opgeslagen.")


def has_words(text: str) -> bool:
    """Tell whether text says something once markup and whitespace are taken away."""
    return bool(strip_tags(text).strip())


def text_check(
    value: str,
    *,
    field: str,
    label: str,
    max_length: int,
    min_length: int = 0,
    is_required: bool = True,
) -> str:
    """Return `value` stripped of surrounding whitespace, or raise a Dutch ValidationError.

    Text is stored as typed; templates escape it. Text that is only markup says nothing, so
    it is refused like empty text.
    """
    text = (value or "").strip()
    if not text and not is_required:
        return ""
    # PostgreSQL cannot store NUL; the web forms refuse it already, the API must too.
    if "\x00" in text:
        raise ValidationError({field: [str(NO_CONTROL)]})
    if not has_words(text):
        raise ValidationError(
            {field: [_("Vul %(label)s in, in gewone woorden.") % {"label": label}]}
        )
    if HTML_TAG.search(text):
        raise ValidationError({field: [str(NO_HTML)]})
    if len(text) < min_length:
        raise ValidationError(
            {
                field: [
                    _("%(label)s is te kort: gebruik minstens %(min)d tekens.")
                    % {"label": label.capitalize(), "min": min_length}
                ]
            }
        )
    if len(text) > max_length:
        raise ValidationError(
            {
                field: [
                    _("%(label)s is te lang: gebruik hoogstens %(max)d tekens (nu %(count)d).")
                    % {"label": label.capitalize(), "max": max_length, "count": len(text)}
                ]
            }
        )
    return text
