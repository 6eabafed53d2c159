"""Initiatives that could work together: the grid finds what comparing every pair finds."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samenkracht.core.initiatives import (
    CooperationWeights,
    InitiativeSketch,
    cooperation_pairs,
    cooperation_partners,
    pair_distance_km,
    pair_score,
)

KINDS = ["volunteers", "space", "materials", "money", "expertise"]

# Around Amersfoort, in a box of about 3 by 3 km so that many pairs are near.
sketches = st.lists(
    st.builds(
        InitiativeSketch,
        id=st.integers(min_value=1, max_value=10_000),
        lat=st.floats(min_value=52.14, max_value=52.17, allow_nan=False),
        lon=st.floats(min_value=5.36, max_value=5.41, allow_nan=False),
        domains=st.frozensets(st.integers(min_value=1, max_value=70), max_size=3),
        needs=st.frozensets(st.sampled_from(KINDS), max_size=2),
        offers=st.frozensets(st.sampled_from(KINDS), max_size=2),
    ),
    max_size=40,
    unique_by=lambda sketch: sketch.id,
)
radius = st.floats(min_value=0.05, max_value=3.0)


def _brute_force(items, max_distance_km):
    pairs = []
    for i, a in enumerate(items):
        for b in items[i + 1 :]:
            pair = pair_score(a, b, max_distance_km=max_distance_km)
            if pair is not None:
                pairs.append(pair)
    pairs.sort(key=lambda pair: (-pair.score, pair.first_id, pair.second_id))
    return pairs


@settings(max_examples=80, deadline=None)
@given(sketches, radius)
def test_the_grid_finds_the_same_pairs_as_comparing_every_pair(items, max_distance_km):
    # when
    found = cooperation_pairs(items, max_distance_km=max_distance_km, limit=10_000)
    # then
    assert found == _brute_force(items, max_distance_km)


@settings(max_examples=60, deadline=None)
@given(sketches, radius, st.integers(min_value=0, max_value=30))
def test_the_limit_keeps_the_best_pairs_in_order(items, max_distance_km, limit):
    # when
    found = cooperation_pairs(items, max_distance_km=max_distance_km, limit=limit)
    # then
    everything = _brute_force(items, max_distance_km)
    assert len(found) == min(limit, len(everything))
    assert [pair.score for pair in found] == [pair.score for pair in everything[:limit]]


@settings(max_examples=60, deadline=None)
@given(sketches, radius)
def test_every_pair_is_near_has_something_in_common_and_scores_on_its_scale(items, max_distance_km):
    by_id = {sketch.id: sketch for sketch in items}
    for pair in cooperation_pairs(items, max_distance_km=max_distance_km, limit=10_000):
        first, second = by_id[pair.first_id], by_id[pair.second_id]
        assert pair.first_id < pair.second_id
        assert 0.0 <= pair.score <= 1.0
        assert pair.distance_km == pair_distance_km(first, second) <= max_distance_km
        assert pair.shared_domains == first.domains & second.domains
        assert pair.first_receives == first.needs & second.offers
        assert pair.second_receives == second.needs & first.offers
        assert pair.shared_domains or pair.first_receives or pair.second_receives


@settings(max_examples=60, deadline=None)
@given(sketches, radius, st.randoms(use_true_random=False))
def test_the_order_of_the_input_does_not_matter(items, max_distance_km, shuffler):
    shuffled = list(items)
    shuffler.shuffle(shuffled)
    assert cooperation_pairs(shuffled, max_distance_km=max_distance_km, limit=10_000) == (
        cooperation_pairs(items, max_distance_km=max_distance_km, limit=10_000)
    )


@settings(max_examples=60, deadline=None)
@given(sketches, radius)
def test_partners_of_one_initiative_are_its_pairs(items, max_distance_km):
    if not items:
        return
    one = items[0]
    partners = cooperation_partners(one, items, max_distance_km=max_distance_km, limit=100)
    expected = [
        pair
        for pair in _brute_force(items, max_distance_km)
        if one.id in (pair.first_id, pair.second_id)
    ]
    assert partners == expected


def test_a_pair_that_needs_what_the_other_offers_scores_higher_than_one_that_only_shares_a_domain():
    # given: three initiatives 100 to 140 m apart in the same domain
    garden = InitiativeSketch(1, 52.1560, 5.3870, frozenset({1}), frozenset({"space"}))
    school = InitiativeSketch(2, 52.1569, 5.3870, frozenset({1}), offers=frozenset({"space"}))
    choir = InitiativeSketch(3, 52.1560, 5.3885, frozenset({1}))
    # when
    pairs = cooperation_pairs([garden, school, choir], max_distance_km=1.0)
    # then
    assert [(pair.first_id, pair.second_id) for pair in pairs] == [(1, 2), (1, 3), (2, 3)]
    assert pairs[0].first_receives == frozenset({"space"})
    assert pairs[0].second_receives == frozenset()


def test_nearness_alone_is_not_enough_and_far_away_never_counts():
    a = InitiativeSketch(1, 52.156, 5.387, frozenset({1}))
    b = InitiativeSketch(2, 52.156, 5.387, frozenset({2}))
    c = InitiativeSketch(3, 52.256, 5.387, frozenset({1}))
    assert cooperation_pairs([a, b, c], max_distance_km=2.0) == []


@pytest.mark.parametrize(
    ("distance", "weights"),
    [
        (0.0, CooperationWeights()),
        (-1.0, CooperationWeights()),
        (float("nan"), CooperationWeights()),
        (1.0, CooperationWeights(0, 0, 0)),
        (1.0, CooperationWeights(-1, 1, 1)),
    ],
)
def test_bad_arguments_are_refused(distance, weights):
    with pytest.raises(ValueError, match="must"):
        cooperation_pairs([], max_distance_km=distance, weights=weights)


def test_at_city_scale_the_best_pairs_are_real_pairs_in_order():
    # given: 20,000 initiatives spread over a city of about 10 by 10 km (the speed of this
    # is measured by bench.initiatives, not here: tests never time things)
    rng = random.Random(2026)
    items = [
        InitiativeSketch(
            id=index,
            lat=52.11 + rng.random() * 0.09,
            lon=5.32 + rng.random() * 0.15,
            domains=frozenset(rng.sample(range(12), rng.randint(1, 3))),
            needs=frozenset(rng.sample(KINDS, rng.randint(0, 2))),
            offers=frozenset(rng.sample(KINDS, rng.randint(0, 1))),
        )
        for index in range(20_000)
    ]
    by_id = {item.id: item for item in items}
    # when
    pairs = cooperation_pairs(items, limit=50)
    # then: 50 distinct pairs, best first, each scored exactly as the pair alone scores
    assert len(pairs) == 50
    assert len({(pair.first_id, pair.second_id) for pair in pairs}) == 50
    assert [pair.score for pair in pairs] == sorted((pair.score for pair in pairs), reverse=True)
    for pair in pairs:
        alone = pair_score(by_id[pair.first_id], by_id[pair.second_id])
        assert alone is not None
        assert alone.score == pytest.approx(pair.score)
        assert alone.distance_km == pytest.approx(pair.distance_km)
