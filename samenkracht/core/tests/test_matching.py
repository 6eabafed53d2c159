import dataclasses
import math
from unittest import mock

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from samenkracht.core.geo import Point, distance_km
from samenkracht.core.matching import Listing, MatchIndex, Vocabulary, Weights, explain, slot_bit
from samenkracht.core.matching import index as index_module
from samenkracht.core.matching.explain import distance_text, time_text
from samenkracht.core.matching.storage import runs_of
from samenkracht.core.matching.taxonomy import (
    default_vocabulary,
    taxonomy_entries,
    taxonomy_synonyms,
)

NOW = 1_800_000_000.0
DAY = 86_400.0
WORDS = [
    "fiets",
    "fietsband",
    "band",
    "plakken",
    "tuin",
    "heg",
    "snoeien",
    "gras",
    "maaien",
    "boodschappen",
    "supermarkt",
    "koffie",
    "praten",
    "computer",
    "laptop",
    "hond",
    "uitlaten",
    "verhuizen",
    "dozen",
    "ladder",
    "lenen",
]
CATEGORIES = ((101, 100), (102, 100), (100, None), (201, 200), (202, 200), (200, None))


def make_listing(listing_id, kind, title, description="", **changes):
    values = {
        "id": listing_id,
        "kind": kind,
        "title": title,
        "description": description,
        "category_id": 101,
        "parent_category_id": 100,
        "lat": 52.156,
        "lon": 5.387,
        "radius_km": 5.0,
        "availability": 0,
        "languages": frozenset({"nl"}),
        "owner_id": listing_id,
        "is_reciprocal": False,
        "created_at": NOW - 40 * DAY,
        "success_rate": 0.5,
    }
    values.update(changes)
    return Listing(**values)


@st.composite
def listings(draw, listing_id):
    category_id, parent_id = draw(st.sampled_from(CATEGORIES))
    text = draw(st.lists(st.sampled_from(WORDS), min_size=0, max_size=6))
    return Listing(
        id=listing_id,
        kind=draw(st.sampled_from(("offer", "ask"))),
        title=" ".join(text[:2]),
        description=" ".join(text[2:]),
        category_id=category_id,
        parent_category_id=parent_id,
        lat=52.156 + draw(st.floats(-0.06, 0.06)),
        lon=5.387 + draw(st.floats(-0.1, 0.1)),
        radius_km=draw(st.floats(0.5, 10.0)),
        availability=draw(st.integers(0, (1 << 21) - 1)),
        languages=frozenset(draw(st.sets(st.sampled_from(("nl", "en", "tr", "ar")), max_size=2))),
        owner_id=draw(st.integers(1, 6)),
        is_reciprocal=draw(st.booleans()),
        created_at=NOW - draw(st.floats(0, 90 * DAY)),
        success_rate=draw(st.floats(0.0, 1.0)),
    )


@st.composite
def corpora(draw):
    size = draw(st.integers(0, 40))
    corpus = [draw(listings(listing_id)) for listing_id in range(1, size + 1)]
    query = draw(listings(1000))
    return corpus, query


def build(corpus):
    index = MatchIndex(vocabulary=default_vocabulary())
    index.add_many(corpus)
    return index


def assert_same_ranking(found, truth):
    assert [m.listing_id for m in found] == [m.listing_id for m in truth]
    assert [m.score for m in found] == [m.score for m in truth]


@settings(max_examples=25, deadline=None)
@given(corpora(), st.integers(1, 12), st.booleans())
def test_search_equals_exhaustive_and_only_returns_eligible_listings(case, k, prune):
    # given
    corpus, query = case
    index = build(corpus)
    by_id = {listing.id: listing for listing in corpus}
    # when
    with mock.patch.object(index_module, "PRUNE_MIN_ROWS", 0 if prune else 30_000):
        found = index.search(query, k=k, now=NOW)
    truth = index.search_exhaustive(query, k=k, now=NOW)
    # then
    assert_same_ranking(found, truth)
    assert len(found) <= k
    scores = [match.score for match in found]
    assert scores == sorted(scores, reverse=True)
    for match in found:
        listing = by_id[match.listing_id]
        assert 0.0 <= match.score <= 1.0
        assert listing.owner_id != query.owner_id
        assert listing.kind != query.kind
        distance = distance_km(Point(query.lat, query.lon), Point(listing.lat, listing.lon))
        assert distance <= min(query.radius_km, listing.radius_km) + 1e-9
        assert all(reason.weight > 0 for reason in match.reasons)
        weights = [reason.weight for reason in match.reasons]
        assert weights == sorted(weights, reverse=True)


@settings(max_examples=20, deadline=None)
@given(corpora())
def test_every_eligible_listing_is_found_when_k_is_large(case):
    # given
    corpus, query = case
    index = build(corpus)
    eligible = {
        listing.id
        for listing in corpus
        if listing.kind != query.kind
        and listing.owner_id != query.owner_id
        and distance_km(Point(query.lat, query.lon), Point(listing.lat, listing.lon))
        <= min(query.radius_km, listing.radius_km) - 1e-9
    }
    # when
    found = {match.listing_id for match in index.search(query, k=100, now=NOW)}
    # then
    assert eligible <= found


@settings(max_examples=20, deadline=None)
@given(corpora(), st.data())
def test_removed_listing_is_never_found(case, data):
    # given
    corpus, query = case
    index = build(corpus)
    before = index.search(query, k=100, now=NOW)
    if not before:
        return
    removed = data.draw(st.sampled_from([match.listing_id for match in before]))
    # when
    index.remove(removed)
    after = index.search(query, k=100, now=NOW)
    # then
    assert removed not in {match.listing_id for match in after}
    assert removed not in index
    assert len(index) == len(corpus) - 1


@settings(max_examples=20, deadline=None)
@given(corpora(), listings(5000))
def test_adding_then_removing_restores_previous_results(case, extra):
    # given
    corpus, query = case
    index = build(corpus)
    before = index.search(query, k=10, now=NOW)
    # when
    index.add(extra)
    index.remove(extra.id)
    # then
    assert index.search(query, k=10, now=NOW) == before


@settings(max_examples=15, deadline=None)
@given(corpora(), st.data())
def test_compaction_keeps_results(case, data):
    # given
    corpus, query = case
    index = build(corpus)
    for listing in data.draw(st.lists(st.sampled_from(corpus), unique=True)) if corpus else []:
        index.remove(listing.id)
    before = index.search(query, k=10, now=NOW)
    # when
    index.compact()
    # then
    assert index.search(query, k=10, now=NOW) == before


def test_explanation_of_a_close_bike_repair_on_tuesday_afternoon():
    # given
    ask = make_listing(
        1, "ask", "Hulp met mijn fiets", availability=slot_bit(1, 1), languages=frozenset({"nl"})
    )
    offer = make_listing(
        2,
        "offer",
        "Fietsband plakken",
        "Ik help graag in de buurt.",
        lat=52.156 + 0.6 / 111.195,
        availability=slot_bit(1, 1) | slot_bit(3, 2),
        languages=frozenset({"nl", "tr"}),
    )
    index = build([offer])
    # when
    [match] = index.search(ask, now=NOW)
    # then
    texts = {reason.code: reason.text for reason in match.reasons}
    assert match.listing_id == 2
    assert texts["category"] == "zelfde categorie"
    assert texts["distance"] == "600 m"
    assert texts["time"] == "beiden op dinsdagmiddag"
    assert texts["words"] == "'fiets' ≈ 'fietsband'"
    assert match.reasons[0].code == "category"


def test_explanation_names_shared_other_language_and_related_category():
    # given
    ask = make_listing(1, "ask", "Tuin", languages=frozenset({"nl", "tr"}))
    offer = make_listing(
        2, "offer", "Snoeien", category_id=102, languages=frozenset({"tr"}), lat=52.1668
    )
    index = build([offer])
    # when
    [match] = index.search(ask, now=NOW)
    # then
    texts = {reason.code: reason.text for reason in match.reasons}
    assert texts["language"] == "spreekt ook Turks"
    assert texts["category"] == "verwante categorie"
    assert texts["distance"] == "1,2 km"
    assert "words" not in texts


def test_same_owner_and_out_of_radius_are_not_matched():
    # given
    ask = make_listing(1, "ask", "fiets", owner_id=7, radius_km=2.0)
    own_offer = make_listing(2, "offer", "fiets", owner_id=7)
    far_offer = make_listing(3, "offer", "fiets", lat=52.156 + 3 / 111.195)
    near_offer_small_radius = make_listing(4, "offer", "fiets", lat=52.17, radius_km=1.0)
    index = build([own_offer, far_offer, near_offer_small_radius])
    # when
    found = index.search(ask, now=NOW)
    # then
    assert found == []


def test_filters_kind_category_distance_and_owners():
    # given
    ask = make_listing(1, "ask", "fiets")
    offers = [
        make_listing(2, "offer", "fiets", category_id=201, parent_category_id=200),
        make_listing(3, "offer", "fiets", lat=52.17),
        make_listing(4, "offer", "fiets", owner_id=40),
        make_listing(5, "ask", "fiets"),
    ]
    index = build(offers)

    def ids(**options):
        return [match.listing_id for match in index.search(ask, now=NOW, **options)]

    # when / then
    assert ids() == [4, 3, 2]
    assert ids(kind="ask") == [5]
    assert ids(category_ids=frozenset({200})) == [2]
    assert ids(max_distance_km=1.0) == [4, 2]
    assert ids(exclude_owner_ids=frozenset({40})) == [3, 2]


def test_dutch_stemming_compounds_synonyms_and_typos():
    # given
    vocabulary = Vocabulary({"boodschappen": ["supermarkt"]})
    vocabulary.learn(["fiets band", "fietsband plakken"])
    # then
    assert vocabulary.terms("fietsen") == vocabulary.terms("fiets")
    assert vocabulary.split("fietsband") == ("fiets", "band")
    assert vocabulary.split("fietsenband") == ("fiets", "band")
    assert set(vocabulary.terms("fiets")) <= set(vocabulary.terms("fietsband"))
    assert set(vocabulary.terms("boodschappen")) & set(vocabulary.terms("Supermarkt!"))
    assert vocabulary.terms("Één tuin, één café") == vocabulary.terms("een tuin een cafe")
    assert vocabulary.corrections("fietsbnad") == ["fietsband"]
    assert vocabulary.corrections("plakkne") == ["plakken"]


def test_synonym_and_typo_queries_find_the_offer():
    # given
    offer = make_listing(2, "offer", "Boodschappen doen", "Ik ga elke week naar de supermarkt")
    index = build([offer])
    # when
    by_synonym = index.search(make_listing(1, "ask", "winkelen"), now=NOW)
    by_typo = index.search(make_listing(1, "ask", "boodschapen"), now=NOW)
    # then
    assert [reason.text for reason in by_synonym[0].reasons if reason.code == "words"] == [
        "'winkelen' ≈ 'boodschappen'"
    ]
    assert any(reason.code == "words" for reason in by_typo[0].reasons)


@given(st.floats(-0.2, 0.2), st.floats(-0.3, 0.3))
def test_vectorised_distance_agrees_with_geo(dlat, dlon):
    lats, lons = np.array([52.156 + dlat]), np.array([5.387 + dlon])
    expected = distance_km(Point(52.156, 5.387), Point(lats[0], lons[0]))
    assert math.isclose(
        index_module.haversine_km(52.156, 5.387, lats, lons)[0], expected, abs_tol=1e-9
    )


def test_reason_texts():
    assert distance_text(0.6) == "600 m"
    assert distance_text(0.01) == "100 m"
    assert distance_text(1.23) == "1,2 km"
    assert distance_text(12.4) == "12 km"
    both = slot_bit(1, 1) | slot_bit(3, 2)
    assert time_text(both, both | slot_bit(5, 0)) == "beiden op dinsdagmiddag en donderdagavond"
    assert time_text(0, both) == "flexibel in tijd"


def test_taxonomy_has_two_levels_with_unique_ids_and_words():
    entries = list(taxonomy_entries())
    ids = [entry.id for entry in entries]
    tops = {entry.id for entry in entries if entry.parent_id is None}
    assert len(ids) == len(set(ids))
    assert len(tops) >= 15
    assert all(entry.parent_id in tops for entry in entries if entry.parent_id is not None)
    assert all(entry.words for entry in entries)
    assert "supermarkt" in taxonomy_synonyms()["boodschappen"]


@st.composite
def crowded_corpora(draw):
    """Many listings in a few grid cells, with tight radii: the pruning's hard case."""
    size = draw(st.integers(0, 120))
    spread = draw(st.sampled_from((0.002, 0.02, 0.05)))
    corpus = []
    for listing_id in range(1, size + 1):
        listing = draw(listings(listing_id))
        corpus.append(
            listing.__class__(
                **{
                    **{name: getattr(listing, name) for name in listing.__slots__},
                    "lat": 52.156 + draw(st.floats(-spread, spread)),
                    "lon": 5.387 + draw(st.floats(-spread, spread)),
                    "radius_km": draw(st.sampled_from((0.2, 0.5, 1.0, 2.5, 6.0))),
                }
            )
        )
    query = draw(listings(1000))
    return corpus, query


@settings(max_examples=60, deadline=None)
@given(
    crowded_corpora(),
    st.integers(1, 25),
    st.integers(1, 5),
    st.sampled_from((None, 0.3, 1.5)),
    st.sampled_from((0.0, 0.1, 0.5, 1.0)),
    st.sampled_from((None, Weights(text=0.05, distance=0.0, reciprocity=0.4, track_record=0.3))),
    st.booleans(),
    st.sampled_from((0.0, 0.25, 0.9)),
    st.lists(listings(5000), max_size=3),
)
def test_pruned_search_equals_exhaustive_in_crowded_cells(
    case, k, first_round, reach, common_share, weights, candidates, skip_share, added
):
    # given: terms in more than `common_share` of the rows are common
    # (rows added one by one after the bulk load sit outside their cells' stretches)
    corpus, query = case
    index = build(corpus)
    for number, listing in enumerate(added):
        index.add(dataclasses.replace(listing, id=5000 + number))
    if weights is not None:
        index.weights = weights
    # when: also with the candidates-first search and sums over stretches in reach
    with (
        mock.patch.object(index_module, "CANDIDATES_MIN_ROWS", 0 if candidates else 10**9),
        mock.patch.object(index_module, "REACH_SKIP_SHARE", skip_share),
        mock.patch.object(index_module, "PRUNE_MIN_ROWS", 0),
        mock.patch.object(index_module, "FIRST_ROUND_ROWS", first_round),
        mock.patch.object(index_module, "MIN_COMMON_TERM_ROWS", 0),
        mock.patch.object(index_module, "COMMON_TERM_SHARE", common_share),
    ):
        found = index.search(query, k=k, now=NOW, max_distance_km=reach)
        truth = index.search_exhaustive(query, k=k, now=NOW, max_distance_km=reach)
    # then
    assert_same_ranking(found, truth)
    assert [match.reasons for match in found] == [match.reasons for match in truth]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.floats(-89.0, 89.0), st.floats(-179.0, 179.0)), min_size=1, max_size=20),
    st.floats(-89.0, 89.0),
    st.floats(-179.0, 179.0),
    st.floats(-0.05, 0.05),
    st.floats(-0.05, 0.05),
)
def test_cell_distance_bound_never_exceeds_the_distance(points, lat, lon, dlat, dlon):
    # given: rows anywhere, and some close to the query
    corpus = [
        make_listing(number, "offer", "fiets", lat=point_lat, lon=point_lon)
        for number, (point_lat, point_lon) in enumerate(points, start=1)
    ]
    corpus.append(make_listing(999, "offer", "fiets", lat=lat + dlat, lon=lon + dlon))
    index = build(corpus)
    query = make_listing(1000, "ask", "fiets", lat=lat, lon=lon)
    plan = index._plan(query, NOW, None, None, None, frozenset())
    # when
    bounds = index._cell_distance_bounds(plan)
    # then
    for listing in corpus:
        row = index._row_of_id[listing.id]
        cell = int(index._columns["cell"][row])
        exact = distance_km(Point(lat, lon), Point(listing.lat, listing.lon))
        assert bounds[cell] <= exact + 1e-9


@settings(max_examples=200, deadline=None)
@given(st.sets(st.integers(0, 60)), st.sets(st.integers(0, 60)))
def test_stretches_without_holes_are_the_set_difference(rows, holes):
    # given: stretches of consecutive rows, as a bulk load leaves them
    runs = runs_of(np.array(sorted(rows), dtype=np.int64))
    hole_runs = runs_of(np.array(sorted(holes), dtype=np.int64))
    # when
    starts, ends = index_module._runs_without(runs, hole_runs)
    # then
    covered = [row for start, end in zip(starts, ends, strict=True) for row in range(start, end)]
    assert covered == sorted(rows - holes)
    listed = np.arange(0, 61, 2, dtype=np.int32)
    found = index_module._rows_in_runs(listed, (starts, ends)).tolist()
    assert found == sorted(set(listed.tolist()) & (rows - holes))


def old_distance_text(km):
    """The distance rule before reasons had parameters, to hold the new one to it."""
    if km < 0.95:
        return f"{max(1, round(km * 10)) * 100} m"
    if km < 9.95:
        return f"{km:.1f} km".replace(".", ",")
    return f"{round(km)} km"


@given(st.floats(0.0, 60.0))
def test_distance_text_is_made_from_the_rounded_meters_as_before(km):
    # when
    meters = explain.distance_meters(km)
    # then: the exact float 0.95 (just below 0.95) is "900 m" now, not "0,9 km"
    assert explain.distance_text(km) == explain.distance_label(meters)
    if km != 0.95:
        assert explain.distance_text(km) == old_distance_text(km)
    assert explain.distance_explained(km) == (explain.distance_text(km), (("meters", meters),))


def test_distance_rule_boundaries():
    cases = {
        0.0: 100,
        0.04: 100,
        0.6: 600,
        0.9499: 900,
        0.95: 900,
        0.9501: 1000,
        1.23: 1200,
        1.25: 1200,
        9.9499: 9900,
        9.95: 10_000,
        12.4: 12_000,
        12.5: 12_000,
        13.5: 14_000,
    }
    assert {km: explain.distance_meters(km) for km in cases} == cases
    assert [explain.distance_label(m) for m in (100, 900, 1000, 1200, 9900, 10_000, 12_000)] == [
        "100 m",
        "900 m",
        "1,0 km",
        "1,2 km",
        "9,9 km",
        "10 km",
        "12 km",
    ]


def test_reason_params_per_code():
    both = slot_bit(1, 1) | slot_bit(3, 2)
    all_week = (1 << 21) - 1
    assert explain.SAME_CATEGORY == ("zelfde categorie", (("same", True),))
    assert explain.RELATED_CATEGORY == ("verwante categorie", (("same", False),))
    assert explain.time_explained(0, both) == (
        "flexibel in tijd",
        (("flexible", True), ("slots", ()), ("more", 0)),
    )
    assert explain.time_explained(both, all_week) == (
        "beiden op dinsdagmiddag en donderdagavond",
        (("flexible", False), ("slots", (4, 11)), ("more", 0)),
    )
    assert explain.time_explained(all_week, all_week) == (
        "beiden op maandagochtend, maandagmiddag, maandagavond en 18 andere momenten",
        (("flexible", False), ("slots", (0, 1, 2)), ("more", 18)),
    )
    assert explain.time_explained(0b1111, all_week)[0] == (
        "beiden op maandagochtend, maandagmiddag, maandagavond en 1 ander moment"
    )
    assert explain.words_explained([("fiets", "fietsband"), ("tuin", "tuin")]) == (
        "'fiets' ≈ 'fietsband', 'tuin'",
        (("pairs", (("fiets", "fietsband"), ("tuin", "tuin"))),),
    )
    assert explain.words_explained([]) is None
    assert explain.language_explained({"tr", "nl", "ar"}) == (
        "spreekt ook Arabisch en Turks",
        (("codes", ("ar", "nl", "tr")),),
    )
    assert explain.language_explained({"nl"}) == ("spreekt Nederlands", (("codes", ("nl",)),))
    assert explain.RECIPROCITY == ("geeft en vraagt zelf ook", ())
    assert explain.fresh_explained(-0.5) == ("vandaag geplaatst", (("days", 0),))
    assert explain.fresh_explained(1.5) == ("gisteren geplaatst", (("days", 1),))
    assert explain.fresh_explained(13.9) == ("13 dagen geleden geplaatst", (("days", 13),))
    assert explain.fresh_explained(14.0) is None
    assert explain.track_record_explained(0.833) == (
        "eerdere contacten gingen goed (83%)",
        (("percent", 83),),
    )
    assert explain.track_record_explained(0.59) is None


def test_reasons_carry_their_params_and_stay_hashable():
    # given
    ask = make_listing(1, "ask", "Hulp met mijn fiets", availability=slot_bit(1, 1))
    offer = make_listing(
        2, "offer", "Fietsband plakken", lat=52.156 + 0.6 / 111.195, availability=slot_bit(1, 1)
    )
    # when
    [match] = build([offer]).search(ask, now=NOW)
    # then
    params = {reason.code: dict(reason.params) for reason in match.reasons}
    assert params["category"] == {"same": True}
    assert params["distance"] == {"meters": 600}
    assert params["time"] == {"flexible": False, "slots": (4,), "more": 0}
    assert params["words"] == {"pairs": (("fiets", "fietsband"),)}
    assert len(set(match.reasons)) == len(match.reasons)
