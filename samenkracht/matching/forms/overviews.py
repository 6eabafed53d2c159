"""Forms of the overview pages: browsing, the e-mail digest and the desk."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samenkracht.matching.forms.common import NOTE_MAX, SharedPageForm, reject_html, text_field
from samenkracht.matching.models import Category, DigestPreference, Listing
from samenkracht.people.models import Neighbourhood


class ListingFilterForm(forms.Form):
    soort = forms.ChoiceField(
        label=_("Vraag of aanbod"),
        required=False,
        choices=[("", _("Allebei")), *Listing.Kind.choices],
        error_messages={"invalid_choice": _("Kies vraag, aanbod of allebei.")},
    )
    categorie = forms.ChoiceField(
        label=_("Categorie"),
        required=False,
        error_messages={
            "invalid_choice": _("Deze categorie kennen wij niet. Kies een categorie uit de lijst.")
        },
    )
    buurt = forms.ChoiceField(
        label=_("Buurt"),
        required=False,
        error_messages={
            "invalid_choice": _("Deze buurt kennen wij niet. Kies een buurt uit de lijst.")
        },
    )
    zoek = text_field(label=_("Zoekwoorden"), max_length=100, required=False)

    def __init__(
        self,
        *args: Any,
        tops: list[Category],
        neighbourhoods: list[Neighbourhood],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.category_by_slug: dict[str, Category] = {}
        category_choices: list[tuple[str, str]] = [("", str(_("Alle categorieën")))]
        for top in tops:
            self.category_by_slug[top.slug] = top
            category_choices.append((top.slug, top.name))
            for child in top.children.all():
                self.category_by_slug[child.slug] = child
                category_choices.append((child.slug, f"— {child.name}"))
        self.fields["categorie"].choices = category_choices  # type: ignore[attr-defined]
        self.neighbourhood_by_code = {n.code: n for n in neighbourhoods}
        self.fields["buurt"].choices = [("", _("Alle buurten"))] + [  # type: ignore[attr-defined]
            (n.code, n.name) for n in neighbourhoods
        ]

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "kind": data["soort"] or None,
            "category": self.category_by_slug.get(data["categorie"]),
            "neighbourhood": self.neighbourhood_by_code.get(data["buurt"]),
            "search": data["zoek"].strip() or None,
        }


MINIMUM_SCORE_CHOICES = [
    ("0.3", _("Ook matches die een beetje passen")),
    ("0.5", _("Matches die goed passen")),
    ("0.7", _("Alleen matches die heel goed passen")),
]


class DigestPreferenceForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("Hoe vaak wilt u een e-mail met nieuws?"),
        widget=forms.RadioSelect,
        choices=DigestPreference.Frequency.choices,
        error_messages={
            "required": _("Kies hoe vaak u een e-mail wilt."),
            "invalid_choice": _("Kies nooit, elke dag of één keer per week."),
        },
    )
    minimum_score = forms.ChoiceField(
        label=_("Welke matches wilt u zien in de e-mail?"),
        widget=forms.RadioSelect,
        choices=MINIMUM_SCORE_CHOICES,
        error_messages={
            "required": _("Kies welke matches u wilt zien."),
            "invalid_choice": _("Kies een van de drie keuzes."),
        },
    )

    def clean_minimum_score(self) -> float:
        return float(self.cleaned_data["minimum_score"])


class DeskFilterForm(forms.Form):
    dagen = forms.IntegerField(
        label=_("Vragen zonder reactie na hoeveel dagen?"),
        required=False,
        min_value=1,
        max_value=365,
        initial=14,
        error_messages={
            "invalid": _("Vul een heel getal in, bijvoorbeeld 14."),
            "min_value": _("Kies minstens 1 dag."),
            "max_value": _("Kies hoogstens 365 dagen."),
        },
    )


PAIR_ERRORS = {
    "required": _("Kies een vraag en een aanbod uit de lijst."),
    "invalid": _("Kies een vraag en een aanbod uit de lijst."),
}


class IntroduceForm(SharedPageForm):
    id_prefix = "introduce"
    ask = forms.IntegerField(widget=forms.HiddenInput, error_messages=PAIR_ERRORS)
    offer = forms.IntegerField(widget=forms.HiddenInput, error_messages=PAIR_ERRORS)
    note = text_field(
        label=_("Korte uitleg voor beide bewoners"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[reject_html],
        help_text=_(
            "Hoogstens 500 tekens. Leeg laten mag: dan sturen wij een korte standaardtekst."
        ),
    )
