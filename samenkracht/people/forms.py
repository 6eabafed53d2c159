"""Forms of the people app; every field label and message in plain Dutch (B1)."""

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from samenkracht.common.tasks import email_send_task
from samenkracht.people import selectors
from samenkracht.people.models import Membership, Neighbourhood, Organisation, User
from samenkracht.people.permissions import is_admin


class NeighbourhoodChoiceField(forms.ModelChoiceField[Neighbourhood]):
    def label_from_instance(self, obj: Neighbourhood) -> str:
        return f"{obj.name} ({obj.district.name})"


def neighbourhood_field(**kwargs: Any) -> NeighbourhoodChoiceField:
    return NeighbourhoodChoiceField(
        queryset=selectors.neighbourhood_choices(municipality=selectors.municipality_get_default()),
        label=kwargs.pop("label", _("Uw buurt")),
        empty_label=_("Kies uw buurt"),
        error_messages={
            "required": _("Kies een buurt."),
            "invalid_choice": _("Kies een buurt uit de lijst."),
        },
        **kwargs,
    )


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("E-mailadres of gebruikersnaam"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _("Het e-mailadres, de gebruikersnaam of het wachtwoord klopt niet."),
        "inactive": _("Dit account is niet actief."),
    }


class RegisterForm(forms.Form):
    first_name = forms.CharField(
        label=_("Voornaam"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Achternaam"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    email = forms.EmailField(
        label=_("E-mailadres"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label=_("Kies een wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Minstens 8 tekens. Niet alleen cijfers en niet te makkelijk te raden."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"] = neighbourhood_field()


class ActivateForm(forms.Form):
    username = forms.CharField(
        label=_("Gebruikersnaam (staat in de brief)"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    code = forms.CharField(
        label=_("Code uit de brief"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
    )
    password = forms.CharField(
        label=_("Kies een wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Minstens 8 tekens. Niet alleen cijfers en niet te makkelijk te raden."),
    )
    password_again = forms.CharField(
        label=_("Typ het wachtwoord nog een keer"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("De twee wachtwoorden zijn niet hetzelfde."))
        return data


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, but the mail goes through the task queue."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        from django.template import loader

        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        email_send_task.enqueue(subject=subject, body=body, to=[to_email])


def password_help() -> str:
    return str(password_validation.password_validators_help_text_html())


class ProfileForm(forms.Form):
    first_name = forms.CharField(label=_("Voornaam"), max_length=100)
    last_name = forms.CharField(label=_("Achternaam"), max_length=150)
    show_full_name = forms.BooleanField(
        label=_("Laat mijn hele naam zien"),
        required=False,
        help_text=_(
            "Anders zien anderen alleen uw voornaam en de eerste letter van uw achternaam."
        ),
    )
    birth_year = forms.IntegerField(
        label=_("Geboortejaar"),
        required=False,
        min_value=1900,
        max_value=2100,
        help_text=_("Alleen nodig om mee te stemmen over buurtbudgetten met een minimumleeftijd."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Talen die ik spreek"), required=False, widget=forms.CheckboxSelectMultiple
    )
    about = forms.CharField(
        label=_("Over mij"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Vertel kort wie u bent en wat u graag doet. Hoogstens 500 tekens."),
    )
    photo = forms.ImageField(
        label=_("Foto"),
        required=False,
        help_text=_("Niet verplicht. Een JPG- of PNG-bestand van hoogstens 5 MB."),
        error_messages={
            "invalid_image": _("Dit bestand is geen foto. Kies een JPG- of PNG-bestand.")
        },
    )
    remove_photo = forms.BooleanField(label=_("Mijn foto weghalen"), required=False)

    MAX_PHOTO_BYTES = 5 * 1024 * 1024

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from samenkracht.people.models import Language

        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"] = neighbourhood_field()
        self.fields["languages"].choices = Language.choices  # type: ignore[attr-defined]
        self.order_fields(
            ["first_name", "last_name", "show_full_name", "neighbourhood", "birth_year"]
        )

    def clean_photo(self) -> Any:
        photo = self.cleaned_data.get("photo")
        if photo and photo.size > self.MAX_PHOTO_BYTES:
            raise forms.ValidationError(
                _("Deze foto is te groot. Kies een foto van hoogstens 5 MB.")
            )
        return photo


class EmailChangeForm(forms.Form):
    email = forms.EmailField(
        label=_("Nieuw e-mailadres"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class ConsentForm(forms.Form):
    """One checkbox per consent kind; unticking withdraws it."""

    def __init__(self, *args: Any, consents: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for state in consents:
            self.fields[state.kind] = forms.BooleanField(
                label=state.label, required=False, initial=state.is_given
            )


class DeleteAccountForm(forms.Form):
    """Deleting cannot be undone, so the password is asked again (a borrowed phone is not enough)."""

    password = forms.CharField(
        label=_("Uw wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Vul uw wachtwoord in.")},
    )
    confirm = forms.BooleanField(
        label=_(
            "Ja, verwijder mijn account en mijn gegevens. Dit kan niet ongedaan worden gemaakt."
        ),
        error_messages={
            "required": _("Vink het vakje aan als u zeker weet dat u uw account wilt verwijderen.")
        },
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = str(self.cleaned_data.get("password", ""))
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Dit wachtwoord klopt niet."))
        return password


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Naam van de sleutel"),
        max_length=100,
        help_text=_("Bijvoorbeeld de naam van de app die de sleutel gebruikt."),
    )


# --- professional's desk ---------------------------------------------------------------------


class ResidentRegisterForm(forms.Form):
    """A professional registers a resident on their behalf; the neighbourhoods are their own."""

    first_name = forms.CharField(label=_("Voornaam van de bewoner"), max_length=100)
    last_name = forms.CharField(label=_("Achternaam van de bewoner"), max_length=150)
    birth_year = forms.IntegerField(
        label=_("Geboortejaar"),
        required=False,
        min_value=1900,
        max_value=2100,
        help_text=_("Alleen nodig om mee te stemmen over buurtbudgetten met een minimumleeftijd."),
    )
    email = forms.EmailField(
        label=_("E-mailadres van de bewoner"),
        required=False,
        help_text=_("Alleen als de bewoner een e-mailadres heeft en dat wil gebruiken."),
    )

    def __init__(self, *args: Any, professional: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if is_admin(professional):
            queryset = selectors.neighbourhood_choices(
                municipality=selectors.municipality_get_default()
            )
        else:
            queryset = professional.work_neighbourhoods.select_related("district").order_by(
                "district__code", "name"
            )
        self.fields["neighbourhood"] = NeighbourhoodChoiceField(
            queryset=queryset,
            label=_("Buurt van de bewoner"),
            empty_label=_("Kies een buurt"),
            help_text=_("U ziet alleen de buurten waarin u werkt."),
            error_messages={
                "required": _("Kies een buurt."),
                "invalid_choice": _(
                    "U werkt niet in deze buurt. Kies een buurt uit uw eigen werkgebied."
                ),
            },
        )
        self.order_fields(["first_name", "last_name", "neighbourhood", "birth_year", "email"])


# --- neighbourhoods --------------------------------------------------------------------------


class NeighbourhoodFilterForm(forms.Form):
    wijk = forms.ChoiceField(
        label=_("Wijk"),
        required=False,
        error_messages={
            "invalid_choice": _("Deze wijk kennen wij niet. Kies een wijk uit de lijst.")
        },
    )
    q = forms.CharField(
        label=_("Zoek een buurt of wijk"),
        required=False,
        max_length=100,
    )

    def __init__(self, *args: Any, districts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["wijk"].choices = [  # type: ignore[attr-defined]
            ("", _("Alle wijken")),
            *((district.code, district.name) for district in districts),
        ]


# --- organisations ---------------------------------------------------------------------------


class OrganisationFilterForm(forms.Form):
    domein = forms.ChoiceField(
        label=_("Domein"),
        required=False,
        choices=[("", _("Alle domeinen")), *Organisation.Domain.choices],
        error_messages={"invalid_choice": _("Kies een domein uit de lijst.")},
    )


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Naam van de organisatie"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Soort organisatie"),
        choices=[("", _("Kies een soort")), *Organisation.Kind.choices],
        error_messages={"required": _("Kies een soort organisatie.")},
    )
    domain = forms.ChoiceField(
        label=_("Domein"),
        required=False,
        choices=[("", _("Kies voor mij op basis van de soort")), *Organisation.Domain.choices],
        help_text=_(
            "Bij welke van de drie O's hoort de organisatie: Oikos (bewoners), Overheid of Onderneming?"
        ),
    )
    description = forms.CharField(
        label=_("Beschrijving"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Wat doet de organisatie in de buurt? Hoogstens 2000 tekens."),
    )
    website = forms.URLField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        help_text=_("Bijvoorbeeld https://www.voorbeeld.nl"),
        error_messages={
            "invalid": _("Dit is geen geldig webadres. Schrijf het zo: https://www.voorbeeld.nl")
        },
    )
    email = forms.EmailField(
        label=_("E-mailadres"),
        required=False,
        error_messages={
            "invalid": _("Dit is geen geldig e-mailadres. Schrijf het zo: info@voorbeeld.nl")
        },
    )
    phone = forms.CharField(label=_("Telefoon"), required=False, max_length=30)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"] = neighbourhood_field(
            label=_("Buurt waar de organisatie zit"), required=False
        )
        self.fields["neighbourhood"].empty_label = _("Geen buurt")  # type: ignore[attr-defined]


class MembershipAddForm(forms.Form):
    person = forms.CharField(
        label=_("Gebruikersnaam van de persoon"),
        max_length=150,
        help_text=_(
            "Vraag de persoon om de gebruikersnaam. Die staat op zijn of haar profielpagina."
        ),
        error_messages={"required": _("Vul een gebruikersnaam in.")},
    )
    role = forms.ChoiceField(
        label=_("Rol"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER
    )


class MembershipRoleForm(forms.Form):
    membership = forms.IntegerField(widget=forms.HiddenInput)
    role = forms.ChoiceField(label=_("Rol"), choices=Membership.Role.choices)

    def __init__(self, *args: Any, role_label: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if role_label:
            self.fields["role"].label = role_label
