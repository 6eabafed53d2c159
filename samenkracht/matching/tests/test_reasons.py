"""Reasons behind a match in the reader's language: Dutch exactly as the core says it."""

import json
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import example, given
from hypothesis import strategies as st

from samenkracht.core.matching import Reason, explain, slot_bit
from samenkracht.matching import reasons, services
from samenkracht.matching.models import Listing
from samenkracht.matching.reasons import reason_render, reason_stored, reason_text
from samenkracht.matching.tests.factories import (
    CategoryFactory,
    ContactFactory,
    ListingFactory,
    OfferFactory,
)
from samenkracht.people import services as people_services
from samenkracht.people.tests.factories import NeighbourhoodFactory, ProfessionalFactory

pytestmark = pytest.mark.django_db

ALL_WEEK = (1 << 21) - 1
WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéë-", min_size=1, max_size=12)


@pytest.fixture(autouse=True)
def _language_restored():
    # The locale middleware leaves the language of an English request active in the thread;
    # later tests expect Dutch.
    with translation.override(settings.LANGUAGE_CODE):
        yield


def assert_dutch_equals_core(code, explained):
    """Render the core's parameters in Dutch, directly and after a JSON round trip."""
    text, params = explained
    reason = Reason(code, text, 0.1, params)
    stored = json.loads(json.dumps(reason_stored(reason)))
    with translation.override("nl"):
        assert reason_render(code=code, params=dict(params)) == text
        assert reason_text(reason) == text
        assert reason_text(stored) == text


# --- Dutch: the same text as the core, for every code ----------------------------------------


@pytest.mark.parametrize("explained", [explain.SAME_CATEGORY, explain.RELATED_CATEGORY])
def test_category_in_dutch_equals_the_core(explained):
    assert_dutch_equals_core("category", explained)


@given(st.floats(0.0, 120.0))
@example(0.0)
@example(0.04)
@example(0.9499)
@example(0.95)
@example(0.9501)
@example(1.25)
@example(9.9499)
@example(9.95)
@example(12.5)
def test_distance_in_dutch_equals_the_core(km):
    assert_dutch_equals_core("distance", explain.distance_explained(km))


@given(st.integers(0, ALL_WEEK), st.integers(0, ALL_WEEK))
@example(0, ALL_WEEK)
@example(slot_bit(1, 1), ALL_WEEK)
@example(slot_bit(1, 1) | slot_bit(3, 2), ALL_WEEK)
@example(0b1111, ALL_WEEK)
@example(ALL_WEEK, ALL_WEEK)
def test_time_in_dutch_equals_the_core(query_bits, candidate_bits):
    assert_dutch_equals_core("time", explain.time_explained(query_bits, candidate_bits))


@given(st.lists(st.tuples(WORD, WORD) | WORD.map(lambda word: (word, word)), min_size=1))
@example([("fiets", "fietsband")])
@example([("tuin", "tuin"), ("fiets", "fietsband"), ("heg", "heg"), ("gras", "maaien")])
def test_words_in_dutch_equal_the_core(pairs):
    explained = explain.words_explained(pairs)
    assert explained is not None
    assert_dutch_equals_core("words", explained)


@given(st.sets(st.sampled_from([*explain.LANGUAGE_NAMES, "xx"]), min_size=1))
@example({"nl"})
@example({"nl", "tr"})
@example({"ar", "nl", "tr"})
def test_language_in_dutch_equals_the_core(codes):
    assert_dutch_equals_core("language", explain.language_explained(codes))


def test_every_language_and_slot_has_the_core_name_in_dutch():
    assert reasons.LANGUAGE_NAMES.keys() == explain.LANGUAGE_NAMES.keys()
    with translation.override("nl"):
        for code, name in explain.LANGUAGE_NAMES.items():
            assert reason_render(code="language", params={"codes": [code]}) == (
                "spreekt Nederlands" if code == "nl" else f"spreekt ook {name}"
            )
        assert [
            reason_render(code="time", params={"flexible": False, "slots": [bit], "more": 0})
            for bit in range(21)
        ] == [f"beiden op {explain.slot_name(bit)}" for bit in range(21)]


def test_reciprocity_in_dutch_equals_the_core():
    assert_dutch_equals_core("reciprocity", explain.RECIPROCITY)


@given(st.floats(-3.0, 13.999))
@example(0.0)
@example(1.0)
@example(1.99)
@example(2.0)
@example(13.5)
def test_fresh_in_dutch_equals_the_core(age_days):
    explained = explain.fresh_explained(age_days)
    assert explained is not None
    assert_dutch_equals_core("fresh", explained)


@given(st.floats(0.6, 1.0))
@example(0.6)
@example(0.995)
@example(1.0)
def test_track_record_in_dutch_equals_the_core(success_rate):
    explained = explain.track_record_explained(success_rate)
    assert explained is not None
    assert_dutch_equals_core("track_record", explained)


def test_stored_reasons_without_params_keep_their_text_and_unknown_codes_fall_back():
    with translation.override("en"):
        assert reason_text({"code": "category", "text": "zelfde categorie"}) == ("zelfde categorie")
        assert reason_text({"code": "later", "text": "iets nieuws", "params": {}}) == (
            "iets nieuws"
        )
        assert reason_text(Reason("later", "iets nieuws", 0.1, ())) == "iets nieuws"


def test_stored_reason_is_json_with_code_text_params_and_weight():
    # given
    reason = Reason("words", "'fiets' ≈ 'fietsband'", 0.12, (("pairs", (("fiets", "fietsband"),)),))
    # when
    stored = reason_stored(reason)
    # then
    assert stored == {
        "code": "words",
        "text": "'fiets' ≈ 'fietsband'",
        "params": {"pairs": [["fiets", "fietsband"]]},
        "weight": 0.12,
    }
    assert json.loads(json.dumps(stored)) == stored


# --- English (needs the merged English catalogue) --------------------------------------------


@pytest.mark.parametrize(
    ("code", "params", "english"),
    [
        ("category", {"same": True}, "same category"),
        ("category", {"same": False}, "related category"),
        ("distance", {"meters": 600}, "600 m"),
        ("distance", {"meters": 1200}, "1.2 km"),
        ("distance", {"meters": 9900}, "9.9 km"),
        ("distance", {"meters": 12_000}, "12 km"),
        ("time", {"flexible": True, "slots": [], "more": 0}, "flexible in time"),
        (
            "time",
            {"flexible": False, "slots": [4, 11], "more": 0},
            "both available on Tuesday afternoon and Thursday evening",
        ),
        (
            "time",
            {"flexible": False, "slots": [0, 1, 2], "more": 1},
            "both available on Monday morning, Monday afternoon, Monday evening and 1 other time",
        ),
        (
            "time",
            {"flexible": False, "slots": [18, 19, 20], "more": 18},
            "both available on Sunday morning, Sunday afternoon, Sunday evening and 18 other times",
        ),
        (
            "words",
            {"pairs": [["fiets", "fietsband"], ["tuin", "tuin"]]},
            "'fiets' ≈ 'fietsband', 'tuin'",
        ),
        ("language", {"codes": ["nl"]}, "speaks Dutch"),
        ("language", {"codes": ["ar", "nl", "tr"]}, "also speaks Arabic and Turkish"),
        ("language", {"codes": ["pl", "so", "uk"]}, "also speaks Polish, Somali and Ukrainian"),
        ("reciprocity", {}, "gives and asks too"),
        ("fresh", {"days": 0}, "posted today"),
        ("fresh", {"days": 1}, "posted yesterday"),
        ("fresh", {"days": 5}, "posted 5 days ago"),
        ("track_record", {"percent": 83}, "earlier contacts went well (83%)"),
    ],
)
def test_reasons_in_english(code, params, english):
    with translation.override("en"):
        assert reason_render(code=code, params=params) == english


def test_every_slot_and_language_has_an_english_name():
    with translation.override("en"):
        slots = [
            reason_render(code="time", params={"flexible": False, "slots": [bit], "more": 0})
            for bit in range(21)
        ]
        languages = [
            reason_render(code="language", params={"codes": [code]})
            for code in explain.LANGUAGE_NAMES
            if code != "nl"
        ]
    assert slots[0] == "both available on Monday morning"
    assert slots[20] == "both available on Sunday evening"
    assert len(set(slots)) == 21
    assert not any(
        dutch in text
        for text in slots
        for dutch in ("ochtend", "middag", "avond", "dag ", "beiden")
    )
    assert all(text.startswith("also speaks ") for text in languages)
    untranslated = [
        name
        for code, name in explain.LANGUAGE_NAMES.items()
        if code != "nl" and f"also speaks {name}" in languages
    ]
    # Names that are the same in English.
    assert sorted(set(untranslated)) == ["Dari", "Hindi", "Tamazight", "Tigrinya", "Urdu"]


# --- pages and API ---------------------------------------------------------------------------


@pytest.fixture
def bike_match():
    category = CategoryFactory(name="Fietsen", slug="r-fietsen")
    ask = ListingFactory(
        category=category, title="Fietsband plakken", description="Mijn band is lek."
    )
    offer = OfferFactory(
        category=category,
        title="Ik repareer fietsen",
        description="Band plakken, fiets repareren.",
        owner__neighbourhood=ask.neighbourhood,
    )
    return ask, offer


def _in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_listing_page_shows_the_reasons_in_dutch_by_default(client, bike_match):
    # given
    ask, _offer = bike_match
    client.force_login(ask.owner)
    # when
    content = client.get(ask.get_absolute_url()).content.decode()
    # then
    assert "zelfde categorie" in content
    assert "same category" not in content


def test_listing_page_in_english_shows_english_reasons(client, bike_match):
    # given
    ask, _offer = bike_match
    client.force_login(ask.owner)
    # when
    response = _in_english(client).get(ask.get_absolute_url())
    # then
    assert response.headers["Content-Language"] == "en"
    content = response.content.decode()
    assert "same category" in content
    assert "zelfde categorie" not in content
    assert "flexible in time" in content
    assert "flexibel in tijd" not in content


def test_desk_in_english_shows_english_reasons(client):
    # given
    neighbourhood = NeighbourhoodFactory()
    category = CategoryFactory(name="Fietsen", slug="r-fietsen")
    ask = ListingFactory(
        category=category, title="Fietsband plakken", owner__neighbourhood=neighbourhood
    )
    Listing.objects.filter(pk=ask.pk).update(created_at=timezone.now() - timedelta(days=20))
    OfferFactory(category=category, title="Fietsband plakken", owner__neighbourhood=neighbourhood)
    client.force_login(ProfessionalFactory(work_neighbourhoods=[neighbourhood]))
    # when
    response = _in_english(client).get(
        reverse("matching:desk", kwargs={"code": neighbourhood.code})
    )
    # then
    content = response.content.decode()
    assert "same category" in content
    assert "zelfde categorie" not in content


def _api_client(user, **headers):
    _token, raw_key = people_services.api_token_create(user=user, name="Test")
    return Client(headers={"Authorization": f"Bearer {raw_key}", **headers})


def _category_reason(response):
    [match] = response.json()
    return next(reason for reason in match["reasons"] if reason["code"] == "category")


def test_api_reasons_are_dutch_with_their_params_by_default(bike_match):
    # given
    ask, _offer = bike_match
    # when
    response = _api_client(ask.owner).get(f"/api/v1/listings/{ask.pk}/matches")
    # then
    assert _category_reason(response) == {
        "code": "category",
        "text": "zelfde categorie",
        "params": {"same": True},
    }


def test_api_reasons_follow_accept_language(bike_match):
    # given
    ask, _offer = bike_match
    client = _api_client(ask.owner, **{"Accept-Language": "en"})
    # when
    response = client.get(f"/api/v1/listings/{ask.pk}/matches")
    # then
    assert _category_reason(response) == {
        "code": "category",
        "text": "same category",
        "params": {"same": True},
    }


def test_api_reasons_follow_the_language_cookie(bike_match):
    # given
    ask, _offer = bike_match
    client = _in_english(_api_client(ask.owner))
    # when
    response = client.get(f"/api/v1/listings/{ask.pk}/matches")
    # then
    assert _category_reason(response)["text"] == "same category"


def test_new_contact_stores_params_and_shows_them_in_the_reader_language(client, bike_match):
    # given
    ask, offer = bike_match
    contact = services.contact_request(
        initiator=offer.owner, ask=ask, offer=offer, message="Ik help graag!"
    )
    client.force_login(contact.recipient)
    # when
    dutch = client.get(contact.get_absolute_url()).content.decode()
    english = _in_english(client).get(contact.get_absolute_url()).content.decode()
    api = _api_client(contact.recipient, **{"Accept-Language": "en"}).get(
        f"/api/v1/contacts/{contact.pk}"
    )
    # then
    contact.refresh_from_db()
    assert {
        "code": "category",
        "text": "zelfde categorie",
        "params": {"same": True},
        "weight": 0.2,
    } in contact.explanation
    assert "zelfde categorie" in dutch
    assert "same category" in english
    assert "zelfde categorie" not in english
    assert {"code": "category", "text": "same category", "params": {"same": True}} in api.json()[
        "explanation"
    ]


def test_old_contact_without_params_keeps_its_dutch_text(client):
    # given
    contact = ContactFactory(
        explanation=[
            {"code": "category", "text": "zelfde categorie"},
            {"code": "distance", "text": "600 m"},
        ]
    )
    client.force_login(contact.recipient)
    # when
    response = _in_english(client).get(contact.get_absolute_url())
    api = _api_client(contact.recipient, **{"Accept-Language": "en"}).get(
        f"/api/v1/contacts/{contact.pk}"
    )
    # then
    assert "<dd>zelfde categorie · 600 m</dd>" in response.content.decode()
    assert api.json()["explanation"] == [
        {"code": "category", "text": "zelfde categorie", "params": {}},
        {"code": "distance", "text": "600 m", "params": {}},
    ]


def test_words_from_listings_are_values_never_formats():
    # Words come from listings; they must be values, never part of a format string.
    with translation.override("nl"):
        assert reason_render(code="words", params={"pairs": [["%(x)s", "%s"]]}) == (
            "'%(x)s' ≈ '%s'"
        )
