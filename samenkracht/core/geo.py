"""Geography helpers on WGS84 points."""

import math
from dataclasses import dataclass

EARTH_RADIUS_KM = 6371.0088

# European Netherlands with a margin for the coast and the Wadden islands.
NETHERLANDS_BOUNDS = (50.70, 3.20, 53.60, 7.30)


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
