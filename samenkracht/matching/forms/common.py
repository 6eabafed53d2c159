"""What every form of the matching app shares: plain-text checks and stated limits."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samenkracht.matching.services.text import HTML_TAG, NO_HTML

TITLE_MAX = 120
DESCRIPTION_MAX = 2000
MESSAGE_MAX = 2000
REPORT_MAX = 1000
NOTE_MAX = 500
RADIUS_MIN_KM = 0.1
RADIUS_MAX_KM = 50.0

ONCE, RECURRING = "once", "recurring"
EXPIRY_CHOICES = [
    ("14", _("2 weken")),
    ("30", _("1 maand")),
    ("60", _("2 maanden")),
    ("90", _("3 maanden")),
]


def reject_html(value: str) -> str:
    if HTML_TAG.search(value):
        raise forms.ValidationError(NO_HTML)
    return value


def text_field(*, label: Any, max_length: int, required: bool = True, **kwargs: Any) -> Any:
    """A text field whose limit is stated in its help text and in its error."""
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        error_messages={
            "required": kwargs.pop("required_message", _("Vul dit veld in.")),
            "max_length": _("Gebruik hoogstens %(limit_value)d tekens (nu %(show_value)d)."),
        },
        **kwargs,
    )


class SharedPageForm(forms.Form):
    """A form on a page with other forms: its ids start with its own prefix, so none clash."""

    id_prefix = "form"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"id_{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)
