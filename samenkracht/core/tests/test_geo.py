import math

from hypothesis import given
from hypothesis import strategies as st

from samenkracht.core.geo import Point, distance_km, is_in_netherlands

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
