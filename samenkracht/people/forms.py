"""Forms of the people app; every field label and message in plain Dutch (B1)."""

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from samenkracht.common.tasks import email_send_task
from samenkracht.people import selectors
from samenkracht.people.models import Neighbourhood


class NeighbourhoodChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Neighbourhood) -> str:  # type: ignore[override]
        return f"{obj.name} ({obj.district.name})"


def neighbourhood_field(**kwargs: Any) -> NeighbourhoodChoiceField:
    return NeighbourhoodChoiceField(
        queryset=selectors.neighbourhood_choices(municipality=selectors.municipality_get_default()),
        label=kwargs.pop("label", _("Uw buurt")),
        empty_label=_("Kies uw buurt"),
        error_messages={"required": _("Kies een buurt."), "invalid_choice": _("Kies een buurt uit de lijst.")},
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
    first_name = forms.CharField(label=_("Voornaam"), max_length=100,
                                 widget=forms.TextInput(attrs={"autocomplete": "given-name"}))
    last_name = forms.CharField(label=_("Achternaam"), max_length=150,
                                widget=forms.TextInput(attrs={"autocomplete": "family-name"}))
    email = forms.EmailField(label=_("E-mailadres"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
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
    username = forms.CharField(label=_("Gebruikersnaam (staat in de brief)"), max_length=150,
                               widget=forms.TextInput(attrs={"autocomplete": "username"}))
    code = forms.CharField(label=_("Code uit de brief"), max_length=30,
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}))
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

    def send_mail(  # type: ignore[override]
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
        help_text=_("Anders zien anderen alleen uw voornaam en de eerste letter van uw achternaam."),
    )
    birth_year = forms.IntegerField(
        label=_("Geboortejaar"), required=False, min_value=1900, max_value=2100,
        help_text=_("Alleen nodig om mee te stemmen over buurtbudgetten met een minimumleeftijd."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Talen die ik spreek"), required=False, widget=forms.CheckboxSelectMultiple
    )
    about = forms.CharField(
        label=_("Over mij"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Vertel kort wie u bent en wat u graag doet. Hoogstens 500 tekens."),
    )
    photo = forms.ImageField(
        label=_("Foto"), required=False,
        help_text=_("Niet verplicht. Een JPG- of PNG-bestand van hoogstens 5 MB."),
        error_messages={"invalid_image": _("Dit bestand is geen foto. Kies een JPG- of PNG-bestand.")},
    )
    remove_photo = forms.BooleanField(label=_("Mijn foto weghalen"), required=False)

    MAX_PHOTO_BYTES = 5 * 1024 * 1024

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from samenkracht.people.models import Language

        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"] = neighbourhood_field()
        self.fields["languages"].choices = Language.choices  # type: ignore[attr-defined]
        self.order_fields(["first_name", "last_name", "show_full_name", "neighbourhood", "birth_year"])

    def clean_photo(self) -> Any:
        photo = self.cleaned_data.get("photo")
        if photo and photo.size > self.MAX_PHOTO_BYTES:
            raise forms.ValidationError(_("Deze foto is te groot. Kies een foto van hoogstens 5 MB."))
        return photo


class EmailChangeForm(forms.Form):
    email = forms.EmailField(label=_("Nieuw e-mailadres"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))


class ConsentForm(forms.Form):
    """One checkbox per consent kind; unticking withdraws it."""

    def __init__(self, *args: Any, consents: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for state in consents:
            self.fields[state.kind] = forms.BooleanField(label=state.label, required=False, initial=state.is_given)


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Ja, verwijder mijn account en mijn gegevens. Dit kan niet ongedaan worden gemaakt."),
        error_messages={"required": _("Vink het vakje aan als u zeker weet dat u uw account wilt verwijderen.")},
    )


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Naam van de sleutel"), max_length=100,
                           help_text=_("Bijvoorbeeld de naam van de app die de sleutel gebruikt."))
