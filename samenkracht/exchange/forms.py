"""Forms for the time bank pages; amounts stay text until the service reads them exactly."""

import uuid
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

REQUIRED = _("Vul dit veld in.")
AMOUNT_HELP = _("In uren, bijvoorbeeld 1 of 1,5 (anderhalf uur). Een kwartier is 0,25.")


def _key_field() -> forms.CharField:
    # A fresh key per form: sending the same form twice books once.
    return forms.CharField(
        widget=forms.HiddenInput, max_length=100, initial=lambda: uuid.uuid4().hex
    )


HOW_MANY_HOURS = _("Hoeveel uur?")


def _amount_field(label: Any = HOW_MANY_HOURS) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=30,
        help_text=AMOUNT_HELP,
        error_messages={"required": REQUIRED},
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


class ThankForm(forms.Form):
    amount = _amount_field()
    memo = forms.CharField(label=_("Bericht erbij"), max_length=200, required=False)
    key = _key_field()

    def __init__(self, *args: Any, proposal_text: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if proposal_text:
            # Next to the field, where a screen reader reads it too.
            self.fields["amount"].help_text = f"{proposal_text} {AMOUNT_HELP}"


class SendForm(forms.Form):
    recipient = forms.ChoiceField(
        label=_("Aan wie?"), error_messages={"required": REQUIRED, "invalid_choice": REQUIRED}
    )
    amount = _amount_field()
    memo = forms.CharField(label=_("Waarvoor?"), max_length=200, required=False)
    is_pending = forms.BooleanField(
        label=_("De ander moet het eerst bevestigen (bijvoorbeeld als het nog moet gebeuren)"),
        required=False,
    )
    key = _key_field()

    def __init__(self, *args: Any, people: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["recipient"]).choices = [
            ("", _("Kies een persoon")),
            *people,
        ]


class ReverseForm(forms.Form):
    amount = forms.CharField(
        label=_("Hoeveel terugboeken?"),
        max_length=30,
        required=False,
        help_text=_("Leeg: alles wat nog niet is teruggeboekt."),
    )
    reason = forms.CharField(
        label=_("Waarom?"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": REQUIRED},
    )
    key = _key_field()


class FundForm(forms.Form):
    source = forms.ChoiceField(label=_("Van wie?"), error_messages={"required": REQUIRED})
    amount = _amount_field(_("Hoeveel uur in de pot?"))
    memo = forms.CharField(label=_("Omschrijving"), max_length=200, required=False)
    key = _key_field()

    def __init__(self, *args: Any, sources: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["source"]).choices = sources


class GrantForm(forms.Form):
    recipient = forms.CharField(
        label=_("Gebruikersnaam van de bewoner"),
        max_length=150,
        error_messages={"required": REQUIRED},
    )
    amount = _amount_field(_("Hoeveel uur geven?"))
    memo = forms.CharField(label=_("Waarvoor?"), max_length=200, required=False)
    key = _key_field()
