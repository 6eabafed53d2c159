"""The matching API as the contract the front end relies on."""

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client

from samenkracht.matching.models import (
    Block,
    Contact,
    DigestPreference,
    Listing,
    Message,
    Notification,
    Outcome,
    Report,
)
from samenkracht.matching.tests.factories import (
    CategoryFactory,
    ContactFactory,
    ListingFactory,
    MessageFactory,
    OfferFactory,
)
from samenkracht.people import services as people_services
from samenkracht.people.models import ConsentRecord, User
from samenkracht.people.tests.factories import (
    NeighbourhoodFactory,
    ProfessionalFactory,
    ResidentFactory,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 10, 30, tzinfo=UTC)
NOW_JSON = "2026-03-02T10:30:00Z"
NOT_SIGNED_IN = {"detail": "U bent niet ingelogd.", "errors": {}}
NOT_FOUND = {"detail": "Niet gevonden.", "errors": {}}
FORBIDDEN = {"detail": "Dit mag u niet doen.", "errors": {}}
INVALID = "De gegevens kloppen niet."


@pytest.fixture(autouse=True)
def _frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _client(user: User) -> Client:
    _token, raw_key = people_services.api_token_create(user=user, name="Test")
    return Client(headers={"Authorization": f"Bearer {raw_key}"})


def _send(client: Client, method: str, path: str, data: Any = None) -> Any:
    return getattr(client, method)(
        f"/api/v1{path}", data=json.dumps(data or {}), content_type="application/json"
    )


def _resident(**kwargs: Any) -> User:
    return ResidentFactory(date_joined=NOW - timedelta(days=365), **kwargs)


def _listing_json(listing: Listing) -> dict[str, Any]:
    return {
        "id": listing.pk,
        "kind": listing.kind,
        "title": listing.title,
        "description": listing.description,
        "category": {
            "id": listing.category_id,
            "slug": listing.category.slug,
            "name": listing.category.name,
            "parent_slug": None,
        },
        "resource": "help",
        "is_recurring": False,
        "availability": listing.availability,
        "place": "neighbourhood",
        "radius_km": listing.radius_km,
        "neighbourhood": listing.neighbourhood.code,
        "owner": {"id": listing.owner_id, "public_name": listing.owner.public_name},
        "organisation": None,
        "status": listing.status,
        "expires_at": listing.expires_at.isoformat().replace("+00:00", "Z"),
        "created_at": NOW_JSON,
    }


# --- categories and listings -----------------------------------------------------------------


def test_categories_are_public_with_their_children():
    # when
    response = Client().get("/api/v1/categories")
    # then
    assert response.status_code == 200
    tuin = next(item for item in response.json() if item["slug"] == "tuin")
    assert [child["slug"] for child in tuin["children"]] == [
        "gras",
        "snoeien",
        "onkruid",
        "moestuin",
    ]


def test_listings_need_signing_in():
    # when
    response = Client().get("/api/v1/listings")
    # then
    assert (response.status_code, response.json()) == (401, NOT_SIGNED_IN)


def test_listing_list_answers_the_open_listings_paginated():
    # given
    listing = ListingFactory()
    ListingFactory(status=Listing.Status.EXPIRED)
    # when
    response = _client(_resident()).get("/api/v1/listings")
    # then
    assert response.status_code == 200
    assert response.json() == {"items": [_listing_json(listing)], "count": 1}


def test_listing_list_filters_by_kind_category_neighbourhood_and_words():
    # given
    category = CategoryFactory()
    wanted = ListingFactory(category=category, title="Fietsband plakken")
    ListingFactory(category=category, title="Gras maaien", owner=wanted.owner)
    OfferFactory(category=category, title="Fietsband plakken", owner=wanted.owner)
    ListingFactory(title="Fietsband plakken")
    query = f"kind=ask&category={category.slug}&neighbourhood={wanted.neighbourhood.code}&q=fiets"
    # when
    response = _client(_resident()).get(f"/api/v1/listings?{query}")
    # then
    assert [item["id"] for item in response.json()["items"]] == [wanted.pk]


def test_listing_list_with_an_unknown_category_is_a_422():
    # when
    response = _client(_resident()).get("/api/v1/listings?category=bestaat-niet")
    # then
    assert response.status_code == 422
    assert response.json() == {
        "detail": INVALID,
        "errors": {"category": ["Onbekende categorie: bestaat-niet"]},
    }


@pytest.mark.parametrize("rows", [3, 30])
def test_listing_list_uses_a_constant_number_of_queries(rows, django_assert_num_queries):
    # given
    ListingFactory.create_batch(rows)
    client = _client(_resident())
    # when
    with django_assert_num_queries(4):
        response = client.get("/api/v1/listings?limit=50")
    # then
    assert response.json()["count"] == rows


def test_listing_create_stores_it_and_notifies_matches(django_capture_on_commit_callbacks):
    # given
    user = _resident()
    category = CategoryFactory()
    waiting = OfferFactory(category=category, title="Ik plak fietsbanden", owner=_resident())
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = _send(
            _client(user),
            "post",
            "/listings",
            {
                "kind": "ask",
                "title": "Fietsband plakken",
                "description": "Mijn fietsband is lek.",
                "category": category.slug,
                "expires_in_days": 14,
            },
        )
    # then
    assert response.status_code == 201
    listing = Listing.objects.get(owner=user)
    assert response.json() == _listing_json(listing)
    assert listing.expires_at == NOW + timedelta(days=14)
    assert list(Notification.objects.values_list("user", "kind")) == [
        (waiting.owner_id, "new_match")
    ]


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"title": ""}, {"title": ["Vul de titel in, in gewone woorden."]}),
        ({"radius_km": 10000}, {"radius_km": ["Kies een afstand tussen 0,1 en 50 km."]}),
        ({"radius_km": 0}, {"radius_km": ["Kies een afstand tussen 0,1 en 50 km."]}),
        ({"category": "onbekend"}, {"category": ["Onbekende categorie: onbekend"]}),
        (
            {"expires_in_days": -1},
            {"expires_in_days": ["Kies hoe lang het blijft staan: 14, 30, 60 of 90 dagen."]},
        ),
    ],
)
def test_listing_create_with_bad_input_is_a_422_and_stores_nothing(changes, errors):
    # given
    data = {"kind": "ask", "title": "Hulp gezocht", "category": CategoryFactory().slug, **changes}
    # when
    response = _send(_client(_resident()), "post", "/listings", data)
    # then
    assert (response.status_code, response.json()) == (422, {"detail": INVALID, "errors": errors})
    assert Listing.objects.exists() is False


def test_listing_create_on_behalf_by_a_professional():
    # given
    resident = _resident()
    professional = ProfessionalFactory(work_neighbourhoods=[resident.neighbourhood])
    data = {"kind": "ask", "title": "Boodschappen", "category": CategoryFactory().slug}
    # when
    response = _send(
        _client(professional), "post", "/listings", {**data, "on_behalf_of": resident.pk}
    )
    # then
    assert response.status_code == 201
    listing = Listing.objects.get()
    assert (listing.owner, listing.created_by) == (resident, professional)


def test_listing_create_on_behalf_by_a_resident_is_a_403():
    # given
    resident = _resident()
    data = {"kind": "ask", "title": "Boodschappen", "category": CategoryFactory().slug}
    # when
    response = _send(
        _client(_resident()), "post", "/listings", {**data, "on_behalf_of": resident.pk}
    )
    # then
    assert response.status_code == 403
    assert Listing.objects.exists() is False


def test_listing_update_and_withdraw_by_the_owner():
    # given
    listing = ListingFactory()
    client = _client(listing.owner)
    # when
    patched = _send(client, "patch", f"/listings/{listing.pk}", {"title": "Andere titel"})
    deleted = client.delete(f"/api/v1/listings/{listing.pk}")
    # then
    assert (patched.status_code, patched.json()["title"]) == (200, "Andere titel")
    assert deleted.status_code == 204
    listing.refresh_from_db()
    assert (listing.title, listing.status) == ("Andere titel", Listing.Status.WITHDRAWN)


def test_listing_update_by_someone_else_is_a_403_and_changes_nothing():
    # given
    listing = ListingFactory(title="Oud")
    # when
    response = _send(_client(_resident()), "patch", f"/listings/{listing.pk}", {"title": "Nieuw"})
    # then
    assert (response.status_code, response.json()) == (403, FORBIDDEN)
    listing.refresh_from_db()
    assert listing.title == "Oud"


def test_closed_listing_of_someone_else_is_a_404():
    # given
    listing = ListingFactory(status=Listing.Status.WITHDRAWN)
    # when
    response = _client(_resident()).get(f"/api/v1/listings/{listing.pk}")
    # then
    assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_listing_matches_with_explanations_for_the_owner():
    # given
    category = CategoryFactory()
    ask = ListingFactory(category=category, title="Fietsband plakken")
    offer = OfferFactory(category=category, title="Fietsband plakken")
    # when
    response = _client(ask.owner).get(f"/api/v1/listings/{ask.pk}/matches")
    # then
    assert response.status_code == 200
    [match] = response.json()
    assert match["listing"]["id"] == offer.pk
    assert 0 < match["score"] <= 1
    assert {"code": "category", "text": "zelfde categorie", "params": {"same": True}} in match[
        "reasons"
    ]


# --- contacts and messages -------------------------------------------------------------------


def test_contact_request_then_accept_then_details_and_messages():
    # given
    category = CategoryFactory()
    ask = ListingFactory(category=category, owner=_resident())
    offer = OfferFactory(category=category, owner=_resident())
    ConsentRecord.objects.create(user=ask.owner, kind="contactable", is_given=True)
    helper, asker = _client(offer.owner), _client(ask.owner)
    # when
    created = _send(
        helper, "post", f"/listings/{ask.pk}/contacts", {"listing": offer.pk, "message": "Ik help!"}
    )
    contact_id = created.json()["id"]
    before = helper.get(f"/api/v1/contacts/{contact_id}").json()
    accepted = _send(asker, "post", f"/contacts/{contact_id}/accept")
    after = helper.get(f"/api/v1/contacts/{contact_id}").json()
    sent = _send(asker, "post", f"/contacts/{contact_id}/messages", {"body": "Dinsdag?"})
    # then
    assert created.status_code == 201
    assert before["contact_details"] is None
    assert [m["body"] for m in before["messages"]] == ["Ik help!"]
    assert (accepted.status_code, accepted.json()["status"]) == (200, "accepted")
    assert after["contact_details"] == {"name": ask.owner.public_name, "email": ask.owner.email}
    assert after["can_send_message"] is True
    assert sent.status_code == 201
    assert sent.json() == {
        "id": Message.objects.get(body="Dinsdag?").pk,
        "sender": {"id": ask.owner.pk, "public_name": ask.owner.public_name},
        "body": "Dinsdag?",
        "created_at": NOW_JSON,
    }


def test_contact_request_with_a_listing_of_someone_else_is_a_422():
    # given
    ask = ListingFactory()
    offer = OfferFactory()
    # when
    response = _send(
        _client(_resident()),
        "post",
        f"/listings/{ask.pk}/contacts",
        {"listing": offer.pk, "message": "Hoi"},
    )
    # then
    assert response.status_code == 422
    assert response.json()["errors"] == {"listing": ["Kies een vraag of aanbod van uzelf."]}
    assert Contact.objects.exists() is False


def test_contact_of_others_is_a_404_even_for_an_admin():
    # given
    contact = ContactFactory()
    admin = ResidentFactory(role=User.Role.ADMIN, is_superuser=True)
    # when
    response = _client(admin).get(f"/api/v1/contacts/{contact.pk}")
    # then
    assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_contact_decline_by_the_initiator_is_a_422_and_changes_nothing():
    # given
    contact = ContactFactory()
    # when
    response = _send(_client(contact.initiator), "post", f"/contacts/{contact.pk}/decline")
    # then
    assert response.status_code == 422
    contact.refresh_from_db()
    assert contact.status == Contact.Status.PENDING


def test_message_send_before_acceptance_is_a_422():
    # given
    contact = ContactFactory()
    # when
    response = _send(
        _client(contact.initiator), "post", f"/contacts/{contact.pk}/messages", {"body": "Hoi"}
    )
    # then
    assert response.json() == {
        "detail": "U kunt berichten sturen zodra de ander het contact accepteert.",
        "errors": {},
    }
    assert response.status_code == 422
    assert Message.objects.exists() is False


@pytest.mark.parametrize("rows", [3, 30])
def test_contact_list_uses_a_constant_number_of_queries(rows, django_assert_num_queries):
    # given
    user = _resident()
    for _ in range(rows):
        ContactFactory(offer__owner=user)
    client = _client(user)
    # when
    with django_assert_num_queries(4):
        response = client.get("/api/v1/contacts?limit=50")
    # then
    assert response.json()["count"] == rows


@pytest.mark.parametrize("rows", [3, 30])
def test_message_list_uses_a_constant_number_of_queries(rows, django_assert_num_queries):
    # given
    contact = ContactFactory(accepted=True)
    MessageFactory.create_batch(rows, contact=contact)
    client = _client(contact.initiator)
    # when
    with django_assert_num_queries(5):
        response = client.get(f"/api/v1/contacts/{contact.pk}/messages?limit=50")
    # then
    assert response.json()["count"] == rows


def test_outcome_record_once():
    # given
    contact = ContactFactory(accepted=True)
    client = _client(contact.initiator)
    # when
    first = _send(client, "post", f"/contacts/{contact.pk}/outcome", {"result": "matched"})
    second = _send(client, "post", f"/contacts/{contact.pk}/outcome", {"result": "matched"})
    # then
    assert first.status_code == 201
    assert first.json() == {
        "id": Outcome.objects.get().pk,
        "result": "matched",
        "reason": "",
        "note": "",
        "hours_spent": None,
        "created_at": NOW_JSON,
    }
    assert (second.status_code, second.json()["detail"]) == (
        422,
        "U heeft al laten weten of het gelukt is.",
    )


# --- safety ----------------------------------------------------------------------------------


def test_outcome_with_how_long_it_took_and_a_later_correction():
    # given
    contact = ContactFactory(accepted=True)
    client = _client(contact.recipient)
    stranger = _client(_resident())
    path = f"/contacts/{contact.pk}/outcome"
    # when
    recorded = _send(client, "post", path, {"result": "matched", "hours_spent": "1,5"})
    bad = _send(client, "patch", path, {"hours_spent": "1,255"})
    by_stranger = _send(stranger, "patch", path, {"hours_spent": "3"})
    corrected = _send(client, "patch", path, {"hours_spent": "2.25"})
    # then
    assert (recorded.status_code, recorded.json()["hours_spent"]) == (201, "1.50")
    assert (bad.status_code, bad.json()["errors"]) == (
        422,
        {"hours_spent": ["Gebruik hoogstens 2 cijfers achter de komma."]},
    )
    assert by_stranger.status_code == 404
    assert (corrected.status_code, corrected.json()["hours_spent"]) == (200, "2.25")
    assert str(Outcome.objects.get().hours_spent) == "2.25"


def test_how_long_it_took_only_after_saying_it_worked():
    # given
    contact = ContactFactory(accepted=True)
    client = _client(contact.recipient)
    path = f"/contacts/{contact.pk}/outcome"
    # when
    before_answer = _send(client, "patch", path, {"hours_spent": "1"})
    not_matched = _send(client, "post", path, {"result": "not_matched", "hours_spent": "1"})
    after_no = _send(client, "patch", path, {"hours_spent": "1"})
    # then
    assert (before_answer.status_code, before_answer.json()["detail"]) == (
        422,
        "Laat eerst weten of het gelukt is.",
    )
    assert (not_matched.status_code, not_matched.json()["hours_spent"]) == (201, None)
    assert after_no.status_code == 422
    assert Outcome.objects.get().hours_spent is None


def test_report_and_block_and_unblock():
    # given
    contact = ContactFactory(accepted=True)
    client = _client(contact.recipient)
    other = contact.initiator
    # when
    reported = _send(
        client, "post", "/reports", {"reported": other.pk, "reason": "Spam", "contact": contact.pk}
    )
    blocked = _send(client, "post", "/blocks", {"user": other.pk})
    unblocked = client.delete(f"/api/v1/blocks/{other.pk}")
    unblocked_again = client.delete(f"/api/v1/blocks/{other.pk}")
    # then
    assert reported.status_code == 201
    assert Report.objects.get().reported == other
    assert blocked.status_code == 201
    assert blocked.json() == {
        "blocked": {"id": other.pk, "public_name": other.public_name},
        "created_at": NOW_JSON,
    }
    assert (unblocked.status_code, unblocked_again.status_code) == (204, 404)
    assert Block.objects.exists() is False


# --- notifications and the digest ------------------------------------------------------------


def test_notifications_list_and_mark_read():
    # given
    user = _resident()
    first = Notification.objects.create(user=user, kind="message", text="Nieuw bericht", url="/x/")
    Notification.objects.create(user=user, kind="new_match", text="Match")
    client = _client(user)
    # when
    listed = client.get("/api/v1/notifications?unread=true")
    read = _send(client, "post", "/notifications/read", {"ids": [first.pk]})
    # then
    assert listed.json()["count"] == 2
    assert listed.json()["items"][1] == {
        "id": first.pk,
        "kind": "message",
        "text": "Nieuw bericht",
        "url": "/x/",
        "read_at": None,
        "created_at": NOW_JSON,
    }
    assert read.json() == {"count": 1, "unread": 1}


@pytest.mark.parametrize("rows", [3, 30])
def test_notification_list_uses_a_constant_number_of_queries(rows, django_assert_num_queries):
    # given
    user = _resident()
    for number in range(rows):
        Notification.objects.create(user=user, kind="message", text=f"Bericht {number}")
    client = _client(user)
    # when
    with django_assert_num_queries(4):
        response = client.get("/api/v1/notifications?limit=50")
    # then
    assert response.json()["count"] == rows


def test_digest_preference_get_default_then_put():
    # given
    user = _resident()
    client = _client(user)
    # when
    default = client.get("/api/v1/me/digest")
    put = _send(client, "put", "/me/digest", {"frequency": "weekly", "minimum_score": 0.7})
    bad = _send(client, "put", "/me/digest", {"frequency": "weekly", "minimum_score": 7})
    # then
    assert default.json() == {"frequency": "daily", "minimum_score": 0.5, "last_sent_at": None}
    assert put.json() == {"frequency": "weekly", "minimum_score": 0.7, "last_sent_at": None}
    assert bad.status_code == 422
    assert DigestPreference.objects.get(user=user).minimum_score == 0.7


# --- the desk --------------------------------------------------------------------------------


def test_desk_for_the_professional_of_the_neighbourhood():
    # given
    neighbourhood = NeighbourhoodFactory()
    professional = ProfessionalFactory(work_neighbourhoods=[neighbourhood])
    with time_machine.travel(NOW - timedelta(days=30), tick=False):
        ask = ListingFactory(owner=_resident(neighbourhood=neighbourhood))
    # when
    response = _client(professional).get(f"/api/v1/desk/{neighbourhood.code}")
    # then
    assert response.status_code == 200
    body = response.json()
    assert [listing["id"] for listing in body["unanswered_asks"]] == [ask.pk]
    assert body["only_asking"] == [{"id": ask.owner_id, "public_name": ask.owner.public_name}]
    assert (body["neighbourhood"], body["days"], body["suggestions"]) == (
        neighbourhood.code,
        14,
        [],
    )


@pytest.mark.parametrize("who", ["resident", "other_professional"])
def test_desk_for_others_is_a_403(who):
    # given
    neighbourhood = NeighbourhoodFactory()
    user = (
        _resident()
        if who == "resident"
        else ProfessionalFactory(work_neighbourhoods=[NeighbourhoodFactory()])
    )
    # when
    response = _client(user).get(f"/api/v1/desk/{neighbourhood.code}")
    # then
    assert (response.status_code, response.json()) == (403, FORBIDDEN)


def test_desk_introduction_by_the_professional():
    # given
    category = CategoryFactory()
    ask = ListingFactory(category=category)
    offer = OfferFactory(category=category)
    professional = ProfessionalFactory(work_neighbourhoods=[ask.neighbourhood])
    # when
    response = _send(
        _client(professional),
        "post",
        "/introductions",
        {"ask": ask.pk, "offer": offer.pk, "note": "Jullie passen bij elkaar."},
    )
    # then
    assert response.status_code == 201
    assert (response.json()["is_initiator_accepted"], response.json()["introduced_by"]["id"]) == (
        False,
        professional.pk,
    )


@pytest.mark.parametrize("query", [{"offset": str(2**70)}, {"limit": str(2**70)}, {"limit": "0"}])
def test_listing_list_refuses_out_of_range_paging(query):
    client = _client(_resident())
    response = client.get("/api/v1/listings", query)
    assert response.status_code == 422


def test_notifications_read_refuses_an_id_beyond_any_database():
    client = _client(_resident())
    response = _send(client, "post", "/notifications/read", {"ids": [2**63]})
    assert response.status_code == 422


def test_search_refuses_a_nul_character():
    client = _client(_resident())
    response = client.get("/api/v1/listings", {"q": "fiets\x00"})
    assert response.status_code == 422
