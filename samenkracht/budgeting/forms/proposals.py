"""Forms for proposals, the feasibility check and delivery milestones."""

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from samenkracht.budgeting.forms.common import MAX_PHOTO_BYTES, NOT_A_PHOTO, PHOTO_HELP, REQUIRED
from samenkracht.budgeting.models import Proposal
from samenkracht.budgeting.services import coordinate_check
from samenkracht.people.models import Neighbourhood


def _photo_field() -> forms.ImageField:
    return forms.ImageField(
        label=_("Foto"),
        required=False,
        help_text=PHOTO_HELP,
        error_messages={"invalid_image": NOT_A_PHOTO},
    )


# Text, not type="number": a Dutch keyboard types a comma, and a number field changes its
# value when someone scrolls over it.
COORDINATE_ATTRS = {"inputmode": "decimal", "autocomplete": "off"}


def _photo_size_check(photo: Any) -> Any:
    if photo and photo.size > MAX_PHOTO_BYTES:
        raise forms.ValidationError(_("Deze foto is te groot. Kies een foto van hoogstens 5 MB."))
    return photo


def _coordinate_clean(value: Any, field: str) -> float | None:
    try:
        return coordinate_check(value, field=field)
    except ValidationError as error:
        raise forms.ValidationError(error.message_dict[field]) from error


class ProposalForm(forms.Form):
    title = forms.CharField(
        label=_("Titel van uw voorstel"),
        max_length=120,
        help_text=_("Kort en duidelijk, zoals ‘Bankjes bij de speeltuin’."),
        error_messages={"required": REQUIRED},
    )
    text = forms.CharField(
        label=_("Wat stelt u voor?"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Wat wilt u, waar, en voor wie is het fijn? Hoogstens 3000 tekens."),
    )
    estimated_cost = forms.DecimalField(
        label=_("Wat kost het ongeveer, in euro?"),
        min_value=Decimal("0"),
        max_digits=12,
        decimal_places=2,
        help_text=_("Een schatting is goed. De gemeente rekent het later na."),
        error_messages={"required": REQUIRED, "invalid": _("Vul een bedrag in, zoals 2500.")},
    )
    latitude = forms.CharField(
        label=_("Plek op de kaart: breedtegraad"),
        required=False,
        help_text=_("Bijvoorbeeld 52.1561."),
        widget=forms.TextInput(attrs=COORDINATE_ATTRS),
    )
    longitude = forms.CharField(
        label=_("Plek op de kaart: lengtegraad"),
        required=False,
        help_text=_("Bijvoorbeeld 5.3878."),
        widget=forms.TextInput(attrs=COORDINATE_ATTRS),
    )
    photo = _photo_field()

    def __init__(
        self,
        *args: Any,
        neighbourhoods: list[Neighbourhood],
        is_editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"] = forms.ModelChoiceField(
            queryset=Neighbourhood.objects.filter(pk__in=[n.pk for n in neighbourhoods]).order_by(
                "name"
            ),
            label=_("In welke buurt?"),
            empty_label=_("Kies de buurt"),
            error_messages={
                "required": _("Kies de buurt waar het voorstel over gaat."),
                "invalid_choice": _("Kies een buurt uit de lijst."),
            },
        )
        if is_editing:
            self.fields["remove_photo"] = forms.BooleanField(
                label=_("De foto weghalen"), required=False
            )
        # The place comes last, so that the map follows right after its fields.
        self.order_fields(
            [
                "title",
                "text",
                "estimated_cost",
                "photo",
                "remove_photo",
                "neighbourhood",
                "latitude",
                "longitude",
            ]
        )

    def clean_photo(self) -> Any:
        return _photo_size_check(self.cleaned_data.get("photo"))

    def clean_latitude(self) -> float | None:
        return _coordinate_clean(self.cleaned_data.get("latitude"), "latitude")

    def clean_longitude(self) -> float | None:
        return _coordinate_clean(self.cleaned_data.get("longitude"), "longitude")

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values = {
            "title": data["title"],
            "text": data["text"],
            "estimated_cost": data["estimated_cost"],
            "neighbourhood": data["neighbourhood"],
            "latitude": data["latitude"],
            "longitude": data["longitude"],
        }
        if data.get("photo"):
            values["photo"] = data["photo"]
        elif data.get("remove_photo"):
            values["photo"] = None
        return values


class FeasibilityForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Is het voorstel haalbaar?"),
        choices=[("feasible", _("Ja, haalbaar")), ("not_feasible", _("Nee, niet haalbaar"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies ja of nee.")},
    )
    assessed_cost = forms.DecimalField(
        label=_("Wat kost het volgens de toets, in euro?"),
        required=False,
        min_value=Decimal("0"),
        max_digits=12,
        decimal_places=2,
        help_text=_("Nodig als het voorstel haalbaar is. Dit bedrag staat op het stembiljet."),
    )
    reason = forms.CharField(
        label=_("Uitleg voor bewoners"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Iedereen kan deze uitleg lezen. Schrijf in gewone woorden."),
        error_messages={"required": REQUIRED},
    )


class DeliveryUpdateForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Hoe ver is het project?"),
        choices=[c for c in Proposal.Delivery.choices if c[0]],
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies hoe ver het project is.")},
    )
    text = forms.CharField(
        label=_("Wat is er gebeurd?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": REQUIRED},
    )
    photo = _photo_field()

    def clean_photo(self) -> Any:
        return _photo_size_check(self.cleaned_data.get("photo"))
