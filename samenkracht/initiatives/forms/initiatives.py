"""Forms of initiatives: register and change, phase, team, needs and offers, news, coalition,
expertise and advice."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenkracht.initiatives.models import (
    Initiative,
    InitiativeMember,
    PartnerRole,
    Phase,
    PolicyDomain,
    Resource,
)
from samenkracht.people.models import Neighbourhood, Organisation

REQUIRED = _("Vul dit veld in.")
MAX_PHOTO_BYTES = 5 * 1024 * 1024
PHOTO_HELP = _("Niet verplicht. Een JPG- of PNG-bestand van hoogstens 5 MB.")
NOT_A_PHOTO = _("Dit bestand is geen foto. Kies een JPG- of PNG-bestand.")
DATE_INVALID = _("Vul een datum in, zoals 15-03-2026.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def _photo_field() -> forms.ImageField:
    return forms.ImageField(
        label=_("Foto"),
        required=False,
        help_text=PHOTO_HELP,
        error_messages={"invalid_image": NOT_A_PHOTO, "invalid": NOT_A_PHOTO},
    )


def _photo_size_check(photo: Any) -> Any:
    if photo and photo.size > MAX_PHOTO_BYTES:
        raise forms.ValidationError(_("Deze foto is te groot. Kies een foto van hoogstens 5 MB."))
    return photo


def _date_field(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        help_text=help_text,
        error_messages={"required": REQUIRED, "invalid": DATE_INVALID},
    )


class InitiativeForm(forms.Form):
    name = forms.CharField(
        label=_("Naam van het initiatief"),
        max_length=120,
        help_text=_("Kort en duidelijk, zoals ‘Moestuin De Groene Hoek’."),
        error_messages={"required": REQUIRED},
    )
    goal = forms.CharField(
        label=_("Wat is het doel?"),
        max_length=300,
        help_text=_("In één zin: wat wilt u bereiken, en voor wie?"),
        error_messages={"required": REQUIRED},
    )
    description = forms.CharField(
        label=_("Vertel er meer over"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Wat gaat u doen, waar en wanneer? Hoogstens 5000 tekens."),
    )
    domains = forms.ModelMultipleChoiceField(
        label=_("Over welke onderwerpen gaat het?"),
        queryset=PolicyDomain.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Kies minstens één onderwerp."),
            "invalid_choice": _("Kies onderwerpen uit de lijst."),
            "invalid_pk_value": _("Kies onderwerpen uit de lijst."),
        },
    )
    neighbourhoods = forms.ModelMultipleChoiceField(
        label=_("In welke buurten?"),
        queryset=Neighbourhood.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Kies minstens één buurt."),
            "invalid_choice": _("Kies buurten uit de lijst."),
            "invalid_pk_value": _("Kies buurten uit de lijst."),
        },
    )
    latitude = forms.FloatField(
        label=_("Plek op de kaart: breedtegraad"),
        required=False,
        help_text=_("Niet verplicht. Bijvoorbeeld 52.1561. Leeg: het midden van de eerste buurt."),
        error_messages={"invalid": _("Vul een getal in, zoals 52.1561.")},
    )
    longitude = forms.FloatField(
        label=_("Plek op de kaart: lengtegraad"),
        required=False,
        help_text=_("Niet verplicht. Bijvoorbeeld 5.3878."),
        error_messages={"invalid": _("Vul een getal in, zoals 5.3878.")},
    )
    form = forms.ChoiceField(
        label=_("Hoe werkt u samen?"),
        choices=Initiative.Form.choices,
        widget=forms.RadioSelect,
        initial=Initiative.Form.INFORMAL,
        error_messages={"required": _("Kies hoe u samenwerkt.")},
    )
    website = forms.URLField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Vul een webadres in, zoals https://voorbeeld.nl.")},
    )
    photo = _photo_field()

    def __init__(
        self,
        *args: Any,
        neighbourhoods: QuerySet[Neighbourhood],
        domains: QuerySet[PolicyDomain],
        is_new: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        domains_field = self.fields["domains"]
        assert isinstance(domains_field, forms.ModelMultipleChoiceField)
        domains_field.queryset = domains
        neighbourhoods_field = self.fields["neighbourhoods"]
        assert isinstance(neighbourhoods_field, forms.ModelMultipleChoiceField)
        neighbourhoods_field.queryset = neighbourhoods
        if is_new:
            self.fields["phase"] = forms.ChoiceField(
                label=_("Hoe ver bent u?"),
                choices=[
                    (Phase.IDEA.value, Phase.IDEA.label),
                    (Phase.STARTING.value, Phase.STARTING.label),
                    (Phase.RUNNING.value, Phase.RUNNING.label),
                ],
                widget=forms.RadioSelect,
                initial=Phase.IDEA,
                error_messages={"required": _("Kies hoe ver u bent.")},
            )
            self.fields["phase_since"] = _date_field(
                _("Sinds wanneer?"),
                required=False,
                help_text=_("Niet verplicht. Leeg: vandaag."),
            )

    def clean_photo(self) -> Any:
        return _photo_size_check(self.cleaned_data.get("photo"))

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values = {
            key: data[key]
            for key in ("name", "goal", "description", "latitude", "longitude", "form", "website")
        }
        values["domains"] = list(data["domains"])
        values["neighbourhoods"] = list(data["neighbourhoods"])
        if "phase" in self.fields:
            values["phase"] = data["phase"]
            values["phase_since"] = data.get("phase_since")
        if data.get("photo"):
            values["photo"] = data["photo"]
        return values


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(
        label=_("Nieuwe fase"),
        choices=Phase.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een fase.")},
    )
    day = _date_field(_("Sinds wanneer?"), help_text=_("Vandaag of eerder."))
    note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=300,
        help_text=_("Niet verplicht. Bijvoorbeeld waarom u stopt."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("day", timezone.localdate())
        super().__init__(*args, **kwargs)


class MemberAddForm(forms.Form):
    identifier = forms.CharField(
        label=_("Gebruikersnaam of e-mailadres"),
        max_length=254,
        help_text=_("De persoon moet al op Samenkracht staan."),
        error_messages={"required": REQUIRED},
    )
    role = forms.ChoiceField(
        label=_("Rol"),
        choices=InitiativeMember.Role.choices,
        initial=InitiativeMember.Role.MEMBER,
        error_messages={"required": _("Kies een rol.")},
    )


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Rol"), choices=InitiativeMember.Role.choices)


class ResourceForm(forms.Form):
    direction = forms.ChoiceField(
        label=_("Nodig of te bieden?"),
        choices=Resource.Direction.choices,
        widget=forms.RadioSelect,
        initial=Resource.Direction.NEED,
        error_messages={"required": _("Kies nodig of te bieden.")},
    )
    kind = forms.ChoiceField(
        label=_("Wat voor hulp?"),
        choices=Resource.Kind.choices,
        error_messages={"required": _("Kies wat voor hulp.")},
    )
    description = forms.CharField(
        label=_("Omschrijving"),
        max_length=300,
        help_text=_("Bijvoorbeeld: ‘Drie mensen die op zaterdag willen spitten’."),
        error_messages={"required": REQUIRED},
    )


class NewsForm(forms.Form):
    text = forms.CharField(
        label=_("Wat is er nieuw?"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": REQUIRED},
    )
    photo = _photo_field()

    def clean_photo(self) -> Any:
        return _photo_size_check(self.cleaned_data.get("photo"))


class PartnerForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisatie"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Geen organisatie: een bewoner"),
        help_text=_("Een organisatie, bedrijf of overheid. Of kies hieronder een bewoner."),
        error_messages={"invalid_choice": _("Kies een organisatie uit de lijst.")},
    )
    person = forms.CharField(
        label=_("Of een bewoner: gebruikersnaam of e-mailadres"),
        required=False,
        max_length=254,
    )
    role = forms.ChoiceField(
        label=_("Rol"),
        choices=PartnerRole.Role.choices,
        error_messages={"required": _("Kies een rol.")},
    )
    starts_on = _date_field(_("Vanaf"))
    ends_on = _date_field(_("Tot en met"), required=False, help_text=_("Leeg: nog geen einde."))
    note = forms.CharField(label=_("Toelichting"), required=False, max_length=300)

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("starts_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organisations

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("organisation")) == bool((data.get("person") or "").strip()):
            raise forms.ValidationError(_("Kies een organisatie óf vul een bewoner in."))
        return data


class PartnerRoleChangeForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Nieuwe rol"),
        choices=PartnerRole.Role.choices,
        error_messages={"required": _("Kies een rol.")},
    )
    starts_on = _date_field(_("Vanaf"))
    note = forms.CharField(label=_("Toelichting"), required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("starts_on", timezone.localdate())
        super().__init__(*args, **kwargs)


class PartnerRoleEndForm(forms.Form):
    ends_on = _date_field(_("Tot en met"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("ends_on", timezone.localdate())
        super().__init__(*args, **kwargs)


class ContributionForm(forms.Form):
    text = forms.CharField(
        label=_("Uw advies"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": REQUIRED},
    )


class ExpertiseForm(forms.Form):
    identifier = forms.CharField(
        label=_("Bewoner: gebruikersnaam of e-mailadres"),
        max_length=254,
        error_messages={"required": REQUIRED},
    )
    domain = forms.ModelChoiceField(
        label=_("Onderwerp"),
        queryset=PolicyDomain.objects.none(),
        empty_label=_("Kies een onderwerp"),
        error_messages={"required": _("Kies een onderwerp.")},
    )
    neighbourhood = forms.ModelChoiceField(
        label=_("Buurt"),
        queryset=Neighbourhood.objects.none(),
        empty_label=_("Kies een buurt"),
        error_messages={"required": _("Kies een buurt.")},
    )
    motivation = forms.CharField(
        label=_("Waarom erkent u deze bewoner?"), required=False, max_length=300
    )

    def __init__(
        self,
        *args: Any,
        domains: QuerySet[PolicyDomain],
        neighbourhoods: QuerySet[Neighbourhood],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in (("domain", domains), ("neighbourhood", neighbourhoods)):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = queryset


class SearchForm(forms.Form):
    text = forms.CharField(label=_("Zoek op woord"), required=False, max_length=100)
    domain = forms.ModelChoiceField(
        label=_("Onderwerp"),
        queryset=PolicyDomain.objects.none(),
        required=False,
        empty_label=_("Alle onderwerpen"),
    )
    neighbourhood = forms.ModelChoiceField(
        label=_("Buurt"),
        queryset=Neighbourhood.objects.none(),
        required=False,
        empty_label=_("Alle buurten"),
    )

    def __init__(
        self,
        *args: Any,
        domains: QuerySet[PolicyDomain],
        neighbourhoods: QuerySet[Neighbourhood],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in (("domain", domains), ("neighbourhood", neighbourhoods)):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = queryset
