"""Forms about contacts: reacting, writing, reporting and "Is het gelukt?"."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samenkracht.matching.forms.common import (
    MESSAGE_MAX,
    NOTE_MAX,
    REPORT_MAX,
    SharedPageForm,
    reject_html,
    text_field,
)
from samenkracht.matching.models import Listing, Outcome


class ContactRequestForm(forms.Form):
    """A reaction to a listing: which of one's own listings it pairs with, and a message."""

    mine = forms.ChoiceField(
        label=_("Bij welk van uw eigen berichten hoort dit?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies een van uw eigen vragen of aanbiedingen."),
            "invalid_choice": _("Kies een van uw eigen open vragen of aanbiedingen."),
        },
    )
    message = text_field(
        label=_("Uw bericht"),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        validators=[reject_html],
        required_message=_("Schrijf een kort bericht."),
        help_text=_("Hoogstens 2000 tekens. Stel uzelf kort voor en zeg wanneer het u past."),
    )

    def __init__(self, *args: Any, own_listings: list[Listing], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.own_listings = {str(listing.pk): listing for listing in own_listings}
        self.fields["mine"].choices = [  # type: ignore[attr-defined]
            (pk, listing.title) for pk, listing in self.own_listings.items()
        ]
        if len(own_listings) == 1:
            self.fields["mine"].initial = str(own_listings[0].pk)

    def own_listing(self) -> Listing:
        return self.own_listings[self.cleaned_data["mine"]]


class MessageForm(SharedPageForm):
    id_prefix = "message"
    body = text_field(
        label=_("Uw bericht"),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[reject_html],
        required_message=_("Schrijf een bericht."),
        help_text=_("Hoogstens 2000 tekens."),
    )


class ReportForm(SharedPageForm):
    id_prefix = "report"
    reason = text_field(
        label=_("Wat is er gebeurd?"),
        max_length=REPORT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        required_message=_("Schrijf kort wat er is gebeurd."),
        help_text=_("Hoogstens 1000 tekens. Een beheerder leest uw melding."),
    )


def _hours_field() -> forms.CharField:
    # Text, read by the service: "1,5" and "1.5" both mean an hour and a half.
    return forms.CharField(
        label=_("Hoe lang duurde het?"),
        max_length=30,
        required=False,
        help_text=_(
            "In uren, bijvoorbeeld 1 of 1,5. Alleen als het gelukt is. Wie geholpen is, "
            "ziet dit aantal als voorstel bij bedanken met uren."
        ),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


class OutcomeForm(SharedPageForm):
    id_prefix = "outcome"
    result = forms.ChoiceField(
        label=_("Is het gelukt?"),
        widget=forms.RadioSelect,
        choices=Outcome.Result.choices,
        error_messages={
            "required": _("Kies of het gelukt is."),
            "invalid_choice": _("Kies 'Ja' of 'Nee'."),
        },
    )
    reason = forms.ChoiceField(
        label=_("Waarom niet?"),
        required=False,
        choices=Outcome.Reason.choices,
        help_text=_("Alleen als het niet gelukt is."),
        error_messages={"invalid_choice": _("Kies een reden uit de lijst.")},
    )
    note = text_field(
        label=_("Toelichting"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[reject_html],
        help_text=_("Hoogstens 500 tekens."),
    )
    hours_spent = _hours_field()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("result") == Outcome.Result.MATCHED:
            data["reason"] = ""
        else:
            data["hours_spent"] = ""
        return data


class OutcomeHoursForm(SharedPageForm):
    """How long it took, said or corrected after "yes, it worked"."""

    id_prefix = "hours"
    hours_spent = _hours_field()
