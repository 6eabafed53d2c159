import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samenkracht.core.geo import (
    Point,
    bounding_box,
    coordinate_parse,
    distance_km,
    is_in_netherlands,
    nearest,
)

AMERSFOORT = Point(52.15616, 5.38763)
UTRECHT = Point(52.09074, 5.12142)

lat = st.floats(min_value=-89.9, max_value=89.9, allow_nan=False)
lon = st.floats(min_value=-179.9, max_value=179.9, allow_nan=False)


def test_distance_amersfoort_utrecht_is_about_19_km():
    assert math.isclose(distance_km(AMERSFOORT, UTRECHT), 19.4, abs_tol=0.3)


def test_amersfoort_is_in_the_netherlands_and_paris_is_not():
    assert is_in_netherlands(AMERSFOORT) is True
    assert is_in_netherlands(Point(48.8566, 2.3522)) is False


@given(lat, lon, lat, lon)
def test_distance_is_symmetric_and_non_negative(a_lat, a_lon, b_lat, b_lon):
    a, b = Point(a_lat, a_lon), Point(b_lat, b_lon)
    assert distance_km(a, b) >= 0
    assert math.isclose(distance_km(a, b), distance_km(b, a), abs_tol=1e-9)
    assert distance_km(a, b) <= math.pi * 6371.0088 + 1e-6


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("  ", None),
        ("52.1561", 52.1561),
        (" 52,1561 ", 52.1561),
        ("-5", -5.0),
        ("1234.5", 1234.5),
        (52.1561, 52.1561),
        (5, 5.0),
        (Decimal("5.3878"), 5.3878),
    ],
)
def test_a_coordinate_is_read_from_a_number_or_text_with_a_point_or_comma(value, expected):
    assert coordinate_parse(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "noord",
        "52.1.5",
        "52,15,3",
        "1_000",
        "1e3",
        "nan",
        "inf",
        "52.",
        "1234567890123.5",
        float("nan"),
        float("inf"),
        True,
        10**400,
        Decimal("NaN"),
        [52.1],
        {"lat": 52.1},
    ],
)
def test_anything_else_is_not_a_coordinate(value):
    with pytest.raises(ValueError, match="coordinate"):
        coordinate_parse(value)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_every_finite_number_reads_as_itself(number):
    assert coordinate_parse(number) == number


def test_the_nearest_place_within_reach_wins_and_the_first_on_a_tie():
    here = Point(52.157, 5.39)
    places = [Point(52.2, 5.39), Point(52.16, 5.39), Point(52.16, 5.39)]
    assert nearest(here, places, max_km=10) == 1
    assert nearest(here, places, max_km=0.1) is None
    assert nearest(here, [], max_km=10) is None


@given(lat, lon, st.lists(st.tuples(lat, lon), max_size=8), st.floats(0, 500))
def test_nearest_is_within_reach_and_no_place_is_nearer(p_lat, p_lon, others, reach):
    point = Point(p_lat, p_lon)
    places = [Point(a, b) for a, b in others]
    found = nearest(point, places, max_km=reach)
    distances = [distance_km(point, place) for place in places]
    if found is None:
        assert all(km > reach for km in distances)
    else:
        assert distances[found] <= reach
        assert distances[found] == min(distances)


@given(
    st.floats(min_value=-80, max_value=80),
    lon,
    st.floats(min_value=0.1, max_value=200),
    st.floats(min_value=0, max_value=1),
    st.floats(min_value=0, max_value=2 * math.pi),
)
def test_the_box_holds_every_point_within_reach(c_lat, c_lon, km, fraction, bearing):
    centre = Point(c_lat, c_lon)
    # A point at `fraction` of the reach in the direction of `bearing`, on the sphere.
    angle = fraction * km / 6371.0088
    lat1, lon1 = math.radians(c_lat), math.radians(c_lon)
    lat2 = math.asin(
        math.sin(lat1) * math.cos(angle) + math.cos(lat1) * math.sin(angle) * math.cos(bearing)
    )
    lon2 = lon1 + math.atan2(
        math.sin(bearing) * math.sin(angle) * math.cos(lat1),
        math.cos(angle) - math.sin(lat1) * math.sin(lat2),
    )
    south, west, north, east = bounding_box(centre, km)
    assert south - 1e-9 <= math.degrees(lat2) <= north + 1e-9
    assert west - 1e-9 <= math.degrees(lon2) <= east + 1e-9
