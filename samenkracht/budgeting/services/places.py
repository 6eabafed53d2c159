"""Where a proposal is: a buurt of the round and, if the resident gives one, a point in it.

The web form and the API both check a place here, so both give the same messages.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samenkracht.budgeting import selectors
from samenkracht.budgeting.models import BudgetRound
from samenkracht.core.geo import Point, coordinate_parse, is_in_netherlands
from samenkracht.people import selectors as people_selectors
from samenkracht.people.models import Neighbourhood

# A message that names more buurten than this is no longer read; the rest are counted.
NAMED_NEIGHBOURHOODS_MAX = 6


@dataclass(frozen=True, slots=True)
class Place:
    neighbourhood: Neighbourhood
    latitude: float | None
    longitude: float | None


def coordinate_check(value: Any, *, field: str) -> float | None:
    """Read a typed or sent latitude or longitude (a point or a comma before the decimals)."""
    try:
        return coordinate_parse(value)
    except ValueError as error:
        message = (
            _("Vul een getal in, zoals 52.1561.")
            if field == "latitude"
            else _("Vul een getal in, zoals 5.3878.")
        )
        raise ValidationError({field: [message]}) from error


def area_text(neighbourhoods: list[Neighbourhood]) -> str:
    """Name a round's buurten in a sentence: "de buurten Hoogland en Kattenbroek"."""
    names = [n.name for n in neighbourhoods]
    if len(names) > NAMED_NEIGHBOURHOODS_MAX:
        rest = len(names) - (NAMED_NEIGHBOURHOODS_MAX - 1)
        names = [
            *names[: NAMED_NEIGHBOURHOODS_MAX - 1],
            ngettext("%(count)d andere buurt", "%(count)d andere buurten", rest) % {"count": rest},
        ]
    return ngettext("de buurt %(names)s", "de buurten %(names)s", len(neighbourhoods)) % {
        "names": get_text_list(names, _("en"))
    }


def _point_neighbourhood(
    budget_round: BudgetRound, area: list[Neighbourhood], latitude: float, longitude: float
) -> Neighbourhood:
    """The buurt of the round a point lies in; a point elsewhere is refused with both names."""
    area_ids = {n.pk for n in area}
    if not is_in_netherlands(Point(lat=latitude, lon=longitude)):
        raise ValidationError(
            {
                "latitude": [
                    _(
                        "Deze plek ligt niet in Nederland. "
                        "Kies een plek in %(area)s, of laat de plek leeg."
                    )
                    % {"area": area_text(area)}
                ]
            }
        )
    found = people_selectors.neighbourhood_at(
        latitude=latitude, longitude=longitude, preferred=area_ids
    )
    if found is None:
        raise ValidationError(
            {
                "latitude": [
                    _(
                        "Bij deze plek kennen wij geen buurt. "
                        "Kies een plek in %(area)s, of laat de plek leeg."
                    )
                    % {"area": area_text(area)}
                ]
            }
        )
    if found.pk in area_ids:
        return found
    municipality = found.district.municipality
    if municipality.pk == budget_round.municipality_id:
        where = _("Deze plek ligt in de buurt %(name)s.") % {"name": found.name}
    else:
        where = _("Deze plek ligt in de buurt %(name)s in de gemeente %(municipality)s.") % {
            "name": found.name,
            "municipality": municipality.name,
        }
    advice = _(
        "Deze burgerbegroting is alleen voor %(area)s. Kies daar een plek, of laat de plek leeg."
    ) % {"area": area_text(area)}
    raise ValidationError({"latitude": [f"{where} {advice}"]})


def place_check(
    *,
    budget_round: BudgetRound,
    neighbourhood: Neighbourhood | None,
    latitude: Any,
    longitude: Any,
    default_neighbourhood: Neighbourhood | None = None,
) -> Place:
    """Check where a proposal is, and return its buurt and point.

    A point is optional. When there is one it must lie in the round's area; buurten are
    known by their centre only, so a point belongs to the buurt with the nearest centre. A
    buurt chosen by the resident is kept (they know the street better than the nearest
    centre does); without one, the point's buurt is taken, and without a point
    `default_neighbourhood`.
    """
    errors: dict[str, list[str]] = {}
    coordinates: dict[str, float | None] = {}
    for field, value in (("latitude", latitude), ("longitude", longitude)):
        try:
            coordinates[field] = coordinate_check(value, field=field)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    lat, lon = coordinates["latitude"], coordinates["longitude"]
    if lat is None and lon is not None:
        raise ValidationError({"latitude": [_("Vul de breedtegraad én de lengtegraad in.")]})
    if lon is None and lat is not None:
        raise ValidationError({"longitude": [_("Vul de breedtegraad én de lengtegraad in.")]})
    area = selectors.round_neighbourhood_list(budget_round=budget_round)
    if lat is not None and lon is not None:
        point_neighbourhood = _point_neighbourhood(budget_round, area, lat, lon)
        neighbourhood = neighbourhood or point_neighbourhood
    neighbourhood = neighbourhood or default_neighbourhood
    if neighbourhood is None:
        raise ValidationError({"neighbourhood": [_("Kies de buurt waar het voorstel over gaat.")]})
    if neighbourhood.pk not in {n.pk for n in area}:
        raise ValidationError(
            {"neighbourhood": [_("Kies een buurt die meedoet aan deze burgerbegroting.")]}
        )
    return Place(neighbourhood=neighbourhood, latitude=lat, longitude=lon)
