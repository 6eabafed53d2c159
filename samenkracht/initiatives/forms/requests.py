"""Forms for support requests: the initiative's question, and the municipality's steps."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samenkracht.initiatives.models import Department, SupportRequest

REQUIRED = _("Vul dit veld in.")


class SupportRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Waar vraagt u om?"),
        choices=SupportRequest.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies waar u om vraagt.")},
    )
    title = forms.CharField(
        label=_("Onderwerp"),
        max_length=150,
        help_text=_("Kort en duidelijk, zoals ‘Subsidie voor het buurtfeest’."),
        error_messages={"required": REQUIRED},
    )
    text = forms.CharField(
        label=_("Uw vraag"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Wat heeft u nodig, waarvoor en wanneer? Hoogstens 5000 tekens."),
        error_messages={"required": REQUIRED},
    )
    amount = forms.DecimalField(
        label=_("Bedrag in euro (alleen bij subsidie)"),
        required=False,
        min_value=Decimal("0.01"),
        max_digits=12,
        decimal_places=2,
        help_text=_("Bijvoorbeeld 750."),
        error_messages={"invalid": _("Vul een bedrag in, zoals 750.")},
    )

    def __init__(self, *args: Any, departments: list[Department], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"] = forms.ModelChoiceField(
            queryset=Department.objects.filter(pk__in=[d.pk for d in departments]),
            label=_("Afdeling van de gemeente"),
            required=False,
            empty_label=_("Weet ik niet: de gemeente kiest"),
            error_messages={"invalid_choice": _("Kies een afdeling uit de lijst.")},
        )

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {key: data[key] for key in ("kind", "title", "text", "amount", "department")}


class TreatForm(forms.Form):
    text = forms.CharField(
        label=_("Bericht aan het initiatief"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bijvoorbeeld wie de vraag behandelt en wanneer u iets laat weten."),
    )

    def __init__(self, *args: Any, departments: list[Department], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"] = forms.ModelChoiceField(
            queryset=Department.objects.filter(pk__in=[d.pk for d in departments]),
            label=_("Afdeling die de vraag behandelt"),
            required=False,
            empty_label=_("Niet wijzigen"),
            error_messages={"invalid_choice": _("Kies een afdeling uit de lijst.")},
        )
        self.order_fields(["department", "text"])


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Besluit"),
        choices=[choice for choice in SupportRequest.Decision.choices if choice[0]],
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies toegekend, deels toegekend of afgewezen.")},
    )
    text = forms.CharField(
        label=_("Uitleg bij het besluit"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Het initiatief leest deze uitleg. Schrijf in gewone woorden."),
        error_messages={"required": REQUIRED},
    )


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Uw bericht"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": REQUIRED},
    )
