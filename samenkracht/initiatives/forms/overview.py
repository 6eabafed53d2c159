"""Forms of the municipality's overview: the list filters, trends' period, cooperation."""

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from samenkracht.initiatives import selectors
from samenkracht.initiatives.models import Phase, PolicyDomain, Resource
from samenkracht.people.models import Neighbourhood

SORT_CHOICES = [
    ("name", _("Naam (A-Z)")),
    ("-name", _("Naam (Z-A)")),
    ("newest", _("Nieuwste eerst")),
    ("oldest", _("Oudste eerst")),
    ("phase", _("Fase")),
]
DISTANCE_CHOICES = [("0.5", _("500 meter")), ("1", _("1 kilometer")), ("2", _("2 kilometer"))]


class OverviewFilterForm(forms.Form):
    """The filters of the list, the map and the exports; every field may stay empty."""

    q = forms.CharField(label=_("Zoek op naam of doel"), required=False, max_length=100)
    partner = forms.CharField(label=_("Partnerorganisatie"), required=False, max_length=100)

    def __init__(
        self,
        *args: Any,
        domains: list[PolicyDomain],
        neighbourhoods: list[Neighbourhood],
        municipality_id: int | None,
        with_sort: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.municipality_id = municipality_id
        invalid = {"invalid_choice": _("Kies een waarde uit de lijst.")}
        everything = [("", _("Alle"))]
        self.fields["domain"] = forms.ChoiceField(
            label=_("Beleidsdomein"),
            required=False,
            choices=everything + [(d.slug, d.name) for d in domains],
            error_messages=invalid,
        )
        self.fields["neighbourhood"] = forms.ChoiceField(
            label=_("Buurt"),
            required=False,
            choices=everything + [(n.code, n.name) for n in neighbourhoods],
            error_messages=invalid,
        )
        self.fields["phase"] = forms.ChoiceField(
            label=_("Fase"),
            required=False,
            choices=everything + list(Phase.choices),
            error_messages=invalid,
        )
        self.fields["need"] = forms.ChoiceField(
            label=_("Heeft nodig"),
            required=False,
            choices=everything + list(Resource.Kind.choices),
            error_messages=invalid,
        )
        if with_sort:
            self.fields["sort"] = forms.ChoiceField(
                label=_("Sorteer op"), required=False, choices=SORT_CHOICES, error_messages=invalid
            )
        self.order_fields(["q", "domain", "phase", "neighbourhood", "need", "partner", "sort"])

    def filters(self) -> "selectors.OverviewFilters":
        """The checked filters; call after is_valid()."""
        data = self.cleaned_data
        return selectors.filters_build(
            municipality_id=self.municipality_id,
            domains=[data["domain"]] if data.get("domain") else [],
            phases=[data["phase"]] if data.get("phase") else [],
            neighbourhoods=[data["neighbourhood"]] if data.get("neighbourhood") else [],
            partner=data.get("partner", ""),
            need=data.get("need", ""),
            text=data.get("q", ""),
        )


class TrendsForm(forms.Form):
    start = forms.DateField(
        label=_("Vanaf (maand)"),
        required=False,
        input_formats=["%Y-%m", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        error_messages={"invalid": _("Vul een maand in, zoals 2026-01.")},
    )
    end = forms.DateField(
        label=_("Tot en met (maand)"),
        required=False,
        input_formats=["%Y-%m", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        error_messages={"invalid": _("Vul een maand in, zoals 2026-12.")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start: date | None = data.get("start")
        end: date | None = data.get("end")
        if start and end and start > end:
            raise ValidationError(_("De beginmaand ligt na de eindmaand. Draai ze om."))
        if start and end and (end.year - start.year) * 12 + end.month - start.month >= 60:
            raise ValidationError(_("Kies een periode van hoogstens vijf jaar."))
        return data


class CooperationForm(forms.Form):
    distance = forms.ChoiceField(
        label=_("Hoe dichtbij"),
        required=False,
        choices=DISTANCE_CHOICES,
        error_messages={"invalid_choice": _("Kies een afstand uit de lijst.")},
    )
