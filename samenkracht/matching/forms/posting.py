"""The guided flow "Ik vraag" / "Ik bied": one small form per step.

The answers of the other steps travel along as hidden fields, so the flow needs no JavaScript
and no session.
"""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samenkracht.matching.forms.common import (
    DESCRIPTION_MAX,
    EXPIRY_CHOICES,
    ONCE,
    RADIUS_MAX_KM,
    RADIUS_MIN_KM,
    RECURRING,
    TITLE_MAX,
    reject_html,
    text_field,
)
from samenkracht.matching.models import DAYS, PARTS, Category, Listing
from samenkracht.people.models import Organisation, User


class TopCategoryForm(forms.Form):
    """Step 1: what is it about? One big button per top category."""

    STEP = 1
    top_category = forms.ChoiceField(
        label=_("Waar gaat het over?"),
        error_messages={
            "required": _("Kies waar het over gaat."),
            "invalid_choice": _("Deze categorie kennen wij niet. Kies een categorie uit de lijst."),
        },
    )

    def __init__(self, *args: Any, tops: list[Category], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tops = {category.slug: category for category in tops}
        self.fields["top_category"].choices = [(slug, c.name) for slug, c in self.tops.items()]  # type: ignore[attr-defined]

    def top(self) -> Category:
        return self.tops[self.cleaned_data["top_category"]]


class DetailsForm(forms.Form):
    """Step 2: the subcategory, a short title and, if wanted, a few more words."""

    STEP = 2
    category = forms.ChoiceField(
        label=_("Wat past het best?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies wat het best past."),
            "invalid_choice": _("Deze categorie kennen wij niet. Kies een categorie uit de lijst."),
        },
    )
    title = text_field(
        label=_("Korte titel"),
        max_length=TITLE_MAX,
        required_message=_("Schrijf in een paar woorden wat u zoekt of biedt."),
        validators=[reject_html],
    )
    description = text_field(
        label=_("Vertel er iets meer over"),
        max_length=DESCRIPTION_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        validators=[reject_html],
        help_text=_("Hoogstens 2000 tekens. Bijvoorbeeld: hoe vaak, hoe lang, of wat u al heeft."),
    )
    frequency = forms.ChoiceField(
        label=_("Hoe vaak?"),
        widget=forms.RadioSelect,
        choices=[(ONCE, _("Eén keer")), (RECURRING, _("Vaker, bijvoorbeeld elke week"))],
        initial=ONCE,
        error_messages={
            "required": _("Kies hoe vaak."),
            "invalid_choice": _("Kies 'Eén keer' of 'Vaker'."),
        },
    )

    def __init__(
        self,
        *args: Any,
        kind: str,
        top: Category,
        children: list[Category],
        organisations: list[Organisation],
        residents: list[User],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.categories = {category.slug: category for category in [*children, top]}
        choices = [(c.slug, c.name) for c in children]
        choices.append((top.slug, _("Iets anders met: %(name)s") % {"name": top.name}))
        self.fields["category"].choices = choices  # type: ignore[attr-defined]
        title_help = (
            _("Hoogstens 120 tekens. Bijvoorbeeld: 'Hulp bij boodschappen op dinsdag'.")
            if kind == Listing.Kind.ASK
            else _("Hoogstens 120 tekens. Bijvoorbeeld: 'Ik repareer fietsen'.")
        )
        self.fields["title"].help_text = title_help
        self.organisations = {str(o.pk): o for o in organisations}
        self.residents = {str(r.pk): r for r in residents}
        if organisations:
            self.fields["organisation"] = forms.ChoiceField(
                label=_("Van wie is dit aanbod?"),
                choices=[("", _("Van mijzelf"))]
                + [(pk, o.name) for pk, o in self.organisations.items()],
                required=False,
                error_messages={"invalid_choice": _("Kies uzelf of een van uw organisaties.")},
            )
            self.fields["resource"] = forms.ChoiceField(
                label=_("Wat biedt u aan?"),
                widget=forms.RadioSelect,
                choices=Listing.Resource.choices,
                initial=Listing.Resource.HELP,
                help_text=_(
                    "Geld, materialen en ruimte kunt u alleen namens een organisatie bieden."
                ),
                error_messages={
                    "required": _("Kies wat u aanbiedt."),
                    "invalid_choice": _("Kies hulp, spullen, geld, materialen of ruimte."),
                },
            )
        if residents:
            self.fields["owner"] = forms.ChoiceField(
                label=_("Voor wie is deze vraag?"),
                choices=[("", _("Voor mijzelf"))]
                + [(pk, f"{r.full_name} ({r.neighbourhood})") for pk, r in self.residents.items()],
                required=False,
                help_text=_("U kunt een vraag plaatsen voor een bewoner die u ondersteunt."),
                error_messages={
                    "invalid_choice": _("Kies uzelf of een bewoner uit uw eigen buurten.")
                },
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        organisation_only = {
            Listing.Resource.MONEY,
            Listing.Resource.MATERIALS,
            Listing.Resource.SPACE,
        }
        if data.get("resource") in organisation_only and not data.get("organisation"):
            self.add_error(
                "resource",
                _("Geld, materialen en ruimte kunt u alleen namens een organisatie bieden."),
            )
        return data

    def chosen_category(self) -> Category:
        return self.categories[self.cleaned_data["category"]]

    def chosen_organisation(self) -> Organisation | None:
        return self.organisations.get(self.cleaned_data.get("organisation") or "")

    def chosen_resident(self) -> User | None:
        return self.residents.get(self.cleaned_data.get("owner") or "")


@dataclass(frozen=True)
class AvailabilityCell:
    value: str
    label: str
    is_checked: bool


@dataclass(frozen=True)
class AvailabilityRow:
    day: str
    cells: list[AvailabilityCell]


def availability_bit(day: int, part: int) -> int:
    return day * len(PARTS) + part


def availability_labels(mask: int) -> list[str]:
    """The parts of the week in a mask, as 'dinsdag middag'."""
    return [
        f"{day_label} {part_label}"
        for day, day_label in enumerate(DAYS)
        for part, part_label in enumerate(PARTS)
        if mask & (1 << availability_bit(day, part))
    ]


class WhenWhereForm(forms.Form):
    """Step 3: when (days and parts of the day, or any time) and where."""

    STEP = 3
    any_time = forms.BooleanField(label=_("Maakt niet uit"), required=False)
    availability = forms.MultipleChoiceField(
        label=_("Wanneer?"),
        required=False,
        choices=[
            (str(availability_bit(day, part)), f"{DAYS[day]} {PARTS[part]}")
            for day in range(len(DAYS))
            for part in range(len(PARTS))
        ],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Kies dagdelen uit de tabel.")},
    )
    place = forms.ChoiceField(
        label=_("Waar?"),
        widget=forms.RadioSelect,
        choices=Listing.Place.choices,
        initial=Listing.Place.NEIGHBOURHOOD,
        error_messages={
            "required": _("Kies waar."),
            "invalid_choice": _("Kies 'In mijn buurt' of 'Binnen een afstand'."),
        },
    )
    radius_km = forms.FloatField(
        label=_("Afstand in kilometers"),
        required=False,
        initial=2,
        min_value=RADIUS_MIN_KM,
        max_value=RADIUS_MAX_KM,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=_("Alleen bij 'Binnen een afstand'. Van 0,1 tot 50 kilometer."),
        error_messages={
            "invalid": _("Vul een getal in, bijvoorbeeld 2 of 1,5."),
            "min_value": _("Kies een afstand van minstens 0,1 kilometer."),
            "max_value": _("Kies een afstand van hoogstens 50 kilometer."),
        },
    )
    expires_in_days = forms.ChoiceField(
        label=_("Hoe lang blijft het staan?"),
        widget=forms.RadioSelect,
        choices=EXPIRY_CHOICES,
        initial="60",
        help_text=_("Kort voor het einde krijgt u een herinnering."),
        error_messages={
            "required": _("Kies hoe lang het blijft staan."),
            "invalid_choice": _("Kies 2 weken, 1 maand, 2 maanden of 3 maanden."),
        },
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            not data.get("any_time")
            and not data.get("availability")
            and not self.has_error("availability")
        ):
            self.add_error(
                "availability", _("Kies minstens één dagdeel, of kies 'Maakt niet uit'.")
            )
        is_radius = data.get("place") == Listing.Place.RADIUS
        if is_radius and data.get("radius_km") is None and not self.has_error("radius_km"):
            self.add_error("radius_km", _("Vul de afstand in kilometers in."))
        return data

    @property
    def part_labels(self) -> list[str]:
        return [str(label) for label in PARTS]

    def availability_mask(self) -> int:
        if self.cleaned_data["any_time"]:
            return 0
        return sum(1 << int(bit) for bit in self.cleaned_data["availability"])

    def availability_rows(self) -> list[AvailabilityRow]:
        """The week as a table: one row per day, one checkbox per part of the day."""
        if self.is_bound:
            checked = (
                set(self.data.getlist("availability")) if hasattr(self.data, "getlist") else set()
            )
        else:
            checked = {str(value) for value in self.initial.get("availability", [])}
        return [
            AvailabilityRow(
                day=str(day_label),
                cells=[
                    AvailabilityCell(
                        value=str(availability_bit(day, part)),
                        label=f"{day_label} {part_label}",
                        is_checked=str(availability_bit(day, part)) in checked,
                    )
                    for part, part_label in enumerate(PARTS)
                ],
            )
            for day, day_label in enumerate(DAYS)
        ]


FLOW_FIELDS: dict[int, list[str]] = {
    1: ["top_category"],
    2: ["category", "title", "description", "frequency", "organisation", "resource", "owner"],
    3: ["any_time", "availability", "place", "radius_km", "expires_in_days"],
}
CHECK_STEP = 4
