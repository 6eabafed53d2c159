"""Geography helpers on WGS84 points."""

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

EARTH_RADIUS_KM = 6371.0088

# European Netherlands with a margin for the coast and the Wadden islands.
NETHERLANDS_BOUNDS = (50.70, 3.20, 53.60, 7.30)
KM_PER_DEGREE = EARTH_RADIUS_KM * math.pi / 180
# Digits with at most one decimal point or comma: a Dutch keyboard types a comma.
COORDINATE_TEXT = re.compile(r"^[+-]?\d{1,12}(?:[.,]\d{1,15})?$")


@dataclass(frozen=True, slots=True)
class Point:
    lat: float
    lon: float


def is_in_netherlands(point: Point) -> bool:
    """Tell whether a point lies in the bounding box of the European Netherlands."""
    south, west, north, east = NETHERLANDS_BOUNDS
    return south <= point.lat <= north and west <= point.lon <= east


def distance_km(a: Point, b: Point) -> float:
    """Return the great-circle distance between two points in kilometres (haversine)."""
    lat1, lat2 = math.radians(a.lat), math.radians(b.lat)
    dlat = lat2 - lat1
    dlon = math.radians(b.lon - a.lon)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def coordinate_parse(value: object) -> float | None:
    """Read one coordinate as typed or sent: a number, or text with a decimal point or comma.

    Return None for an empty value; raise ValueError for anything that is not a finite
    number.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError("a coordinate is a number, not true or false")
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        if not COORDINATE_TEXT.match(text):
            raise ValueError(f"not a coordinate: {text[:40]!r}")
        number = float(text.replace(",", "."))
    elif isinstance(value, int | float | Decimal):
        try:
            number = float(value)
        except OverflowError as error:
            raise ValueError("a coordinate this large does not exist") from error
    else:
        raise ValueError(f"not a coordinate: {type(value).__name__}")
    if not math.isfinite(number):
        raise ValueError("a coordinate is a finite number")
    return number


def bounding_box(centre: Point, km: float) -> tuple[float, float, float, float]:
    """Return (south, west, north, east) of a box that holds every point within `km`."""
    lat_span = km / KM_PER_DEGREE
    # A degree of longitude shrinks towards the poles; the box uses its pole-side edge.
    edge = min(89.0, abs(centre.lat) + lat_span)
    lon_span = min(180.0, km / (KM_PER_DEGREE * math.cos(math.radians(edge))))
    return (
        centre.lat - lat_span,
        centre.lon - lon_span,
        centre.lat + lat_span,
        centre.lon + lon_span,
    )


def nearest(point: Point, places: Sequence[Point], *, max_km: float) -> int | None:
    """Return the position of the place nearest to `point` within `max_km`, or None.

    On equal distance the earlier place wins, so the caller decides ties by its order.
    """
    best: int | None = None
    best_km = max_km
    for position, place in enumerate(places):
        km = distance_km(point, place)
        if km < best_km or (km == best_km and best is None):
            best, best_km = position, km
    return best
