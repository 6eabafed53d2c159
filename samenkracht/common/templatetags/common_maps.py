"""Maps on any page: a place picker beside typed coordinates, and small maps of places.

Both read the tile server from the settings when the page is drawn
(`SAMENKRACHT_MAP_TILES`, empty for no background) and load `common/map_head.html`'s scripts.
"""

from collections.abc import Iterable
from typing import Any

from django import template
from django.conf import settings
from django.forms import BoundField

register = template.Library()


def _tiles() -> dict[str, str]:
    return {
        "tiles": settings.SAMENKRACHT_MAP_TILES,
        "attribution": settings.SAMENKRACHT_MAP_ATTRIBUTION,
    }


@register.inclusion_tag("common/map_picker.html")
def map_picker(
    latitude: BoundField,
    longitude: BoundField,
    explanation: str,
    neighbourhood: BoundField | None = None,
    centres: Iterable[Any] = (),
) -> dict[str, Any]:
    """A map that fills in `latitude` and `longitude`; `explanation` says how, in words.

    `centres` are buurten (with `pk`, `name`, `latitude`, `longitude`) drawn as dots; a click
    then also chooses the nearest one in the `neighbourhood` field.
    """
    prefix = f"{latitude.auto_id}-kaart"
    return {
        **_tiles(),
        "latitude_id": latitude.auto_id,
        "longitude_id": longitude.auto_id,
        "neighbourhood_id": neighbourhood.auto_id if neighbourhood is not None else "",
        "explanation": explanation,
        "help_id": f"{prefix}-uitleg",
        "centres_id": f"{prefix}-buurten",
        "centres": [
            {"id": n.pk, "name": n.name, "lat": n.latitude, "lon": n.longitude} for n in centres
        ],
    }


@register.inclusion_tag("common/place_map.html")
def place_map(
    places: list[dict[str, Any]], label: str, described_by: str, element_id: str
) -> dict[str, Any]:
    """A small map of `places` (dicts with `lat`, `lon`, `name` and optionally `url`).

    The page must say in text where the places are; `described_by` names that text.
    """
    return {
        **_tiles(),
        "places": places,
        "label": label,
        "described_by": described_by,
        "map_id": element_id,
        "places_id": f"{element_id}-plekken",
    }
