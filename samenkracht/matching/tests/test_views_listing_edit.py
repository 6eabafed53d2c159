"""The edit page of an ask or offer: who may use it, what it changes, what it refuses."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from samenkracht.matching.models import Listing
from samenkracht.matching.tests.factories import CategoryFactory, ListingFactory
from samenkracht.people.tests.factories import (
    ROLES,
    ProfessionalFactory,
    ResidentFactory,
    person_for_role,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 4, 6, 10, 0, tzinfo=UTC)
MINE_URL = reverse("matching:listing-mine")
CLOSED = "Dit is afgesloten en kan niet meer worden gewijzigd."
NO_HTML = "Gebruik geen HTML-code of scripts. Schrijf gewone tekst."


@pytest.fixture
def categories():
    transport = CategoryFactory(name="Vervoer", slug="e-vervoer", position=1)
    return {
        "transport": transport,
        "bikes": CategoryFactory(name="Fietsen", slug="e-fietsen", parent=transport),
        "lifts": CategoryFactory(name="Meerijden", slug="e-meerijden", parent=transport),
    }


@pytest.fixture
def listing(categories):
    return ListingFactory(
        title="Mijn fietsband is lek",
        description="Wie helpt met plakken?",
        category=categories["bikes"],
        availability=0,
        expires_at=NOW + timedelta(days=20),
    )


def _edit_url(listing):
    return reverse("matching:listing-edit", kwargs={"pk": listing.pk})


def _edit_data(**overrides):
    data = {
        "category": "e-meerijden",
        "title": "Wie rijdt mee naar de markt?",
        "description": "Elke zaterdag naar de markt.",
        "frequency": "recurring",
        "availability": ["15", "16"],
        "place": "radius",
        "radius_km": "3,5",
        "expires_in_days": "60",
    }
    data.update(overrides)
    return data


def _unchanged(listing):
    fresh = Listing.objects.get(pk=listing.pk)
    return (fresh.title, fresh.category_id, fresh.availability, fresh.expires_at) == (
        listing.title,
        listing.category_id,
        listing.availability,
        listing.expires_at,
    )


@pytest.mark.parametrize(
    ("role", "expected_status"),
    list(zip(ROLES, [302, 403, 403, 403, 200], strict=True)),
)
def test_edit_page_of_someone_elses_listing_per_role(client, listing, role, expected_status):
    # given
    user = person_for_role(role)
    if user is not None:
        client.force_login(user)
    # when
    response = client.get(_edit_url(listing))
    # then
    assert response.status_code == expected_status


@pytest.mark.parametrize("role", ["resident", "professional", "official", "admin"])
def test_posting_to_someone_elses_listing_is_refused_unless_admin(client, listing, role):
    # given
    client.force_login(person_for_role(role))
    # when
    response = client.post(_edit_url(listing), _edit_data())
    # then
    assert response.status_code == (302 if role == "admin" else 403)
    assert _unchanged(listing) is (role != "admin")


def test_anonymous_post_is_sent_to_log_in_and_changes_nothing(client, listing):
    # when
    response = client.post(_edit_url(listing), _edit_data())
    # then
    assert response.status_code == 302
    assert response.url.startswith(reverse("people:login"))
    assert _unchanged(listing) is True


def test_the_owner_sees_the_form_filled_in(client, listing):
    # given
    client.force_login(listing.owner)
    # when
    response = client.get(_edit_url(listing))
    # then
    assert response.status_code == 200
    form = response.context["form"]
    assert (form["category"].value(), form["title"].value(), form["frequency"].value()) == (
        "e-fietsen",
        "Mijn fietsband is lek",
        "once",
    )
    assert form["any_time"].value() is True
    assertContains(response, '<option value="e-fietsen" selected>Fietsen</option>', html=True)
    assertContains(response, "Het staat erop tot 26 april 2026. Een nieuwe termijn telt")


@time_machine.travel(NOW, tick=False)
def test_the_owner_changes_everything_and_extends(client, listing):
    # given
    client.force_login(listing.owner)
    # when
    response = client.post(_edit_url(listing), _edit_data())
    # then
    assert response.status_code == 302
    assert response.url == listing.get_absolute_url()
    listing.refresh_from_db()
    assert (
        listing.category.slug,
        listing.title,
        listing.description,
        listing.is_recurring,
        listing.availability,
        listing.place,
        listing.radius_km,
        listing.expires_at,
    ) == (
        "e-meerijden",
        "Wie rijdt mee naar de markt?",
        "Elke zaterdag naar de markt.",
        True,
        (1 << 15) | (1 << 16),
        "radius",
        3.5,
        NOW + timedelta(days=60),
    )
    follow = client.get(response.url)
    assertContains(follow, "Uw wijzigingen zijn opgeslagen.")


@time_machine.travel(NOW, tick=False)
def test_not_extending_keeps_the_expiry_and_the_radius_in_the_neighbourhood(client, listing):
    # given
    client.force_login(listing.owner)
    # when
    response = client.post(
        _edit_url(listing),
        _edit_data(expires_in_days="", place="neighbourhood", radius_km="", availability=[]),
    )
    # then
    assert response.status_code == 400
    assertContains(
        response, "Kies minstens één dagdeel, of kies &#x27;Maakt niet uit&#x27;.", status_code=400
    )
    response = client.post(
        _edit_url(listing),
        _edit_data(expires_in_days="", place="neighbourhood", radius_km="", any_time="on"),
    )
    assert response.status_code == 302
    listing.refresh_from_db()
    assert (listing.expires_at, listing.place, listing.radius_km, listing.availability) == (
        NOW + timedelta(days=20),
        "neighbourhood",
        2.0,
        0,
    )


@time_machine.travel(NOW, tick=False)
def test_a_term_that_would_shorten_the_stay_is_not_offered(client, listing):
    # given: the listing stays 20 more days, so "2 weken" would shorten it
    client.force_login(listing.owner)
    # when
    response = client.post(_edit_url(listing), _edit_data(expires_in_days="14"))
    # then
    assert response.status_code == 400
    assertContains(
        response,
        "Kies &#x27;Niet verlengen&#x27; of een termijn uit de lijst.",
        status_code=400,
    )
    assert _unchanged(listing) is True


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "Schrijf in een paar woorden wat u zoekt of biedt."),
        ({"title": "x" * 121}, "Gebruik hoogstens 120 tekens (nu 121)."),
        ({"title": "<script>alert(1)</script>"}, NO_HTML),
        ({"description": "<b>hallo</b>"}, NO_HTML),
        (
            {"category": "bestaat-niet"},
            "Deze categorie kennen wij niet. Kies een categorie uit de lijst.",
        ),
        ({"radius_km": "0"}, "Kies een afstand van minstens 0,1 kilometer."),
        ({"radius_km": "10000"}, "Kies een afstand van hoogstens 50 kilometer."),
        ({"radius_km": ""}, "Vul de afstand in kilometers in."),
        ({"frequency": "soms"}, "Kies &#x27;Eén keer&#x27; of &#x27;Vaker&#x27;."),
        ({"availability": ["99"]}, "Kies dagdelen uit de tabel."),
    ],
)
def test_bad_input_is_refused_in_dutch_and_nothing_changes(client, listing, overrides, message):
    # given
    client.force_login(listing.owner)
    # when
    response = client.post(_edit_url(listing), _edit_data(**overrides))
    # then
    assert response.status_code == 400
    assertContains(response, message, status_code=400)
    assert _unchanged(listing) is True


def test_a_category_switched_off_meanwhile_is_refused(client, listing, categories):
    # given: the form was built before an admin switched the category off
    client.force_login(listing.owner)
    categories["lifts"].is_active = False
    categories["lifts"].save()
    # when
    response = client.post(_edit_url(listing), _edit_data())
    # then
    assert response.status_code == 400
    assertContains(
        response,
        "Deze categorie kennen wij niet. Kies een categorie uit de lijst.",
        status_code=400,
    )
    assert _unchanged(listing) is True


@pytest.mark.parametrize("status", ["matched", "done", "withdrawn", "expired"])
def test_a_closed_listing_cannot_be_edited(client, listing, status):
    # given
    listing.status = status
    listing.save()
    client.force_login(listing.owner)
    # when
    page = client.get(_edit_url(listing))
    response = client.post(_edit_url(listing), _edit_data())
    # then
    assert page.status_code == 200
    assertContains(page, CLOSED)
    assert page.context["form"] is None
    assert response.status_code == 400
    assertContains(response, CLOSED, status_code=400)
    assert _unchanged(listing) is True


@time_machine.travel(NOW, tick=False)
def test_the_professional_who_posted_it_for_a_resident_may_edit(client, categories):
    # given
    resident = ResidentFactory()
    professional = ProfessionalFactory(work_neighbourhoods=[resident.neighbourhood])
    listing = ListingFactory(
        owner=resident,
        created_by=professional,
        category=categories["bikes"],
        expires_at=NOW + timedelta(days=20),
    )
    client.force_login(professional)
    # when
    response = client.post(_edit_url(listing), _edit_data(title="Boodschappen voor mevrouw"))
    # then
    assert response.status_code == 302
    listing.refresh_from_db()
    assert (listing.title, listing.owner, listing.created_by) == (
        "Boodschappen voor mevrouw",
        resident,
        professional,
    )


def test_a_professional_who_did_not_post_it_may_not_edit(client, listing):
    # given
    professional = ProfessionalFactory(work_neighbourhoods=[listing.neighbourhood])
    client.force_login(professional)
    # when
    response = client.post(_edit_url(listing), _edit_data())
    # then
    assert response.status_code == 403
    assert _unchanged(listing) is True


def test_the_link_wijzigen_is_on_the_detail_and_on_my_listings(client, listing):
    # given
    client.force_login(listing.owner)
    link = f'href="{_edit_url(listing)}"'
    # when
    detail = client.get(listing.get_absolute_url())
    mine = client.get(MINE_URL)
    # then
    assertContains(detail, link, count=1)
    assertContains(mine, link, count=1)


def test_no_link_wijzigen_for_others_or_on_closed_listings(client, listing):
    # given
    closed = ListingFactory(owner=listing.owner, status=Listing.Status.DONE)
    client.force_login(ResidentFactory())
    # when
    other = client.get(listing.get_absolute_url())
    client.force_login(listing.owner)
    own_closed = client.get(closed.get_absolute_url())
    # then
    assertNotContains(other, _edit_url(listing))
    assertNotContains(own_closed, _edit_url(closed))
