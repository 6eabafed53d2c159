"""Changing an ask or offer: the answers of the guided flow on one page."""

from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from samenkracht.matching.forms.common import (
    DESCRIPTION_MAX,
    EXPIRY_CHOICES,
    ONCE,
    RECURRING,
    TITLE_MAX,
    reject_html,
    text_field,
)
from samenkracht.matching.forms.posting import WhenWhereForm, availability_bit
from samenkracht.matching.models import DAYS, PARTS, Category, Listing


def _availability_values(mask: int) -> list[str]:
    bits = (availability_bit(day, part) for day in range(len(DAYS)) for part in range(len(PARTS)))
    return [str(bit) for bit in bits if mask & (1 << bit)]


class ListingEditForm(WhenWhereForm):
    """What, how often, when and where, and optionally a longer stay on the platform."""

    category = forms.ChoiceField(
        label=_("Categorie"),
        error_messages={
            "required": _("Kies een categorie."),
            "invalid_choice": _("Deze categorie kennen wij niet. Kies een categorie uit de lijst."),
        },
    )
    title = text_field(
        label=_("Korte titel"),
        max_length=TITLE_MAX,
        required_message=_("Schrijf in een paar woorden wat u zoekt of biedt."),
        validators=[reject_html],
        help_text=_("Hoogstens 120 tekens."),
    )
    description = text_field(
        label=_("Vertel er iets meer over"),
        max_length=DESCRIPTION_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        validators=[reject_html],
        help_text=_("Hoogstens 2000 tekens."),
    )
    frequency = forms.ChoiceField(
        label=_("Hoe vaak?"),
        widget=forms.RadioSelect,
        choices=[(ONCE, _("Eén keer")), (RECURRING, _("Vaker, bijvoorbeeld elke week"))],
        error_messages={
            "required": _("Kies hoe vaak."),
            "invalid_choice": _("Kies 'Eén keer' of 'Vaker'."),
        },
    )
    expires_in_days = forms.ChoiceField(
        label=_("Langer laten staan?"),
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": _("Kies 'Niet verlengen' of een termijn uit de lijst.")},
    )

    field_order = [
        "category",
        "title",
        "description",
        "frequency",
        "any_time",
        "availability",
        "place",
        "radius_km",
        "expires_in_days",
    ]

    def __init__(
        self,
        data: Any = None,
        *,
        listing: Listing,
        tops: list[Category],
        now: datetime,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("initial", self._initial_from(listing))
        super().__init__(data, **kwargs)
        self.categories: dict[str, Category] = {}
        grouped: list[tuple[str, list[tuple[str, str]]]] = []
        for top in tops:
            children = list(top.children.all())
            self.categories.update({category.slug: category for category in [top, *children]})
            options = [(child.slug, child.name) for child in children]
            options.append((top.slug, str(_("Iets anders met: %(name)s") % {"name": top.name})))
            grouped.append((top.name, options))
        self.fields["category"].choices = grouped  # type: ignore[attr-defined]
        # Only terms that end later than now are an extension.
        longer = [
            (days, label)
            for days, label in EXPIRY_CHOICES
            if now + timedelta(days=int(days)) > listing.expires_at
        ]
        self.fields["expires_in_days"].choices = [("", _("Niet verlengen")), *longer]  # type: ignore[attr-defined]
        self.fields["expires_in_days"].initial = ""
        self.fields["expires_in_days"].help_text = _(
            "Het staat erop tot %(date)s. Een nieuwe termijn telt vanaf vandaag."
        ) % {"date": formats.date_format(listing.expires_at, "j F Y")}

    @staticmethod
    def _initial_from(listing: Listing) -> dict[str, Any]:
        return {
            "category": listing.category.slug,
            "title": listing.title,
            "description": listing.description,
            "frequency": RECURRING if listing.is_recurring else ONCE,
            "any_time": listing.availability == 0,
            "availability": _availability_values(listing.availability),
            "place": listing.place,
            "radius_km": listing.radius_km,
        }

    def changes(self) -> dict[str, Any]:
        """The answers as keyword arguments of `listing_update`."""
        data = self.cleaned_data
        changes: dict[str, Any] = {
            "title": data["title"],
            "description": data["description"],
            "category": self.categories[data["category"]],
            "is_recurring": data["frequency"] == RECURRING,
            "availability": self.availability_mask(),
            "place": data["place"],
        }
        if data["place"] == Listing.Place.RADIUS:
            changes["radius_km"] = data["radius_km"]
        if data["expires_in_days"]:
            changes["expires_in_days"] = int(data["expires_in_days"])
        return changes
