"""The resident-facing pages: browse, register, the detail page, team, needs, news, home."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from samenkracht.initiatives.models import Initiative, InitiativeUpdate, PolicyDomain, Resource
from samenkracht.initiatives.tests.factories import InitiativeFactory, ResourceFactory
from samenkracht.initiatives.tests.helpers import lead_of, photo_upload
from samenkracht.matching.tests.factories import ListingFactory
from samenkracht.people.tests.factories import NeighbourhoodFactory, ResidentFactory

pytestmark = pytest.mark.django_db


def test_the_list_searches_by_word_domain_and_buurt(client):
    # given
    garden = InitiativeFactory(name="Moestuin Oost")
    InitiativeFactory(name="Repair Café", goal="Repareren.", description="Elke zaterdag.")
    # when
    by_word = client.get("/initiatieven/?text=moestuin")
    by_buurt = client.get(f"/initiatieven/?neighbourhood={garden.neighbourhoods.get().pk}")
    by_domain = client.get(f"/initiatieven/?domain={PolicyDomain.objects.get(slug='sport').pk}")
    # then
    assert [i.name for i in by_word.context["page"]] == ["Moestuin Oost"]
    assert [i.name for i in by_buurt.context["page"]] == ["Moestuin Oost"]
    assert list(by_domain.context["page"]) == []
    assert "Geen initiatieven gevonden." in by_domain.content.decode()


def test_the_list_is_paginated(client):
    for _ in range(21):
        InitiativeFactory()
    response = client.get("/initiatieven/?pagina=2")
    assert len(response.context["page"]) == 1
    assert "Pagina 2 van 2" in response.content.decode()


def test_the_register_form_has_the_shared_map_picker_beside_the_typed_place(client, settings):
    # given
    settings.SAMENKRACHT_MAP_TILES = "https://tegels.example/{z}/{x}/{y}.png"
    client.force_login(ResidentFactory())
    # when
    page = client.get("/initiatieven/nieuw/").content.decode()
    # then
    assert "/static/common/map_picker.js" in page
    assert 'data-lat-field="id_latitude" data-lon-field="id_longitude"' in page
    assert 'data-tiles="https://tegels.example/{z}/{x}/{y}.png"' in page
    assert 'aria-label="Kaart om een plek te kiezen"' in page


def test_a_resident_registers_an_initiative_and_becomes_lead(client):
    # given
    user = ResidentFactory()
    client.force_login(user)
    # when
    response = client.post(
        "/initiatieven/nieuw/",
        {
            "name": "Moestuin De Groene Hoek",
            "goal": "Samen groente kweken.",
            "domains": [PolicyDomain.objects.get(slug="groen").pk],
            "neighbourhoods": [user.neighbourhood.pk],
            "latitude": "52.1561",
            "longitude": "5.3878",
            "form": "informal",
            "phase": "idea",
        },
    )
    # then
    initiative = Initiative.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/initiatieven/{initiative.pk}/"
    assert lead_of(initiative) == user
    assert (initiative.latitude, initiative.longitude) == (52.1561, 5.3878)


def test_registering_outside_the_netherlands_shows_the_message_and_stores_nothing(client):
    user = ResidentFactory()
    client.force_login(user)
    response = client.post(
        "/initiatieven/nieuw/",
        {
            "name": "Moestuin",
            "goal": "Groente.",
            "domains": [PolicyDomain.objects.get(slug="groen").pk],
            "neighbourhoods": [user.neighbourhood.pk],
            "latitude": "48.85",
            "longitude": "2.35",
            "form": "informal",
            "phase": "idea",
        },
    )
    assert response.status_code == 400
    assert "Deze plek ligt niet in Nederland. Kies een plek in de buurt." in (
        response.content.decode()
    )
    assert Initiative.objects.count() == 0


def test_a_file_that_is_not_a_photo_is_refused_on_the_news_page(client):
    # given
    initiative = InitiativeFactory()
    client.force_login(lead_of(initiative))
    upload = SimpleUploadedFile("brief.jpg", b"geen foto", content_type="image/jpeg")
    # when
    response = client.post(
        f"/initiatieven/{initiative.pk}/nieuws/", {"text": "Hallo", "photo": upload}
    )
    # then
    assert response.status_code == 400
    assert "Dit bestand is geen foto. Kies een JPG- of PNG-bestand." in response.content.decode()
    assert InitiativeUpdate.objects.count() == 0


def test_news_with_a_photo_is_shown_and_its_photo_served(client):
    initiative = InitiativeFactory()
    client.force_login(lead_of(initiative))
    response = client.post(
        f"/initiatieven/{initiative.pk}/nieuws/", {"text": "Eerste oogst!", "photo": photo_upload()}
    )
    assert response.status_code == 302
    update = InitiativeUpdate.objects.get()
    page = client.get(f"/initiatieven/{initiative.pk}/").content.decode()
    assert "Eerste oogst!" in page
    assert update.photo.url in page
    photo = client.get(update.photo.url)
    assert photo.status_code == 200
    assert photo["Content-Type"] == "image/jpeg"


def test_a_published_need_links_to_its_ask(client):
    initiative = InitiativeFactory()
    listing = ListingFactory()
    ResourceFactory(initiative=initiative, description="Spitters", listing=listing)
    html = client.get(f"/initiatieven/{initiative.pk}/").content.decode()
    assert f'href="/vragen-en-aanbod/{listing.pk}/">Ik kan helpen' in html


def test_the_lead_publishes_a_need_from_the_page(client):
    initiative = InitiativeFactory()
    lead = lead_of(initiative)
    need = ResourceFactory(initiative=initiative, description="Drie spitters")
    client.force_login(lead)
    response = client.post(f"/initiatieven/{initiative.pk}/nodig-en-aanbod/{need.pk}/publiceren/")
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.listing is not None
    assert need.listing.owner == lead


def test_the_lead_adds_a_member_by_e_mail(client):
    initiative = InitiativeFactory()
    other = ResidentFactory(email="buur@example.org")
    client.force_login(lead_of(initiative))
    found = client.get(f"/initiatieven/{initiative.pk}/team/?zoek=buur@example.org")
    assert other.username in found.content.decode()
    response = client.post(
        f"/initiatieven/{initiative.pk}/team/",
        {"identifier": "buur@example.org", "role": "member"},
    )
    assert response.status_code == 302
    assert initiative.members.filter(user=other, role="member").exists()


def test_an_unknown_person_is_a_clear_message(client):
    initiative = InitiativeFactory()
    client.force_login(lead_of(initiative))
    response = client.post(
        f"/initiatieven/{initiative.pk}/team/", {"identifier": "niemand", "role": "member"}
    )
    assert response.status_code == 400
    assert "Deze persoon is niet gevonden." in response.content.decode()
    assert initiative.members.count() == 1


def test_a_resident_joins_and_follows_from_the_page(client):
    initiative = InitiativeFactory()
    user = ResidentFactory()
    client.force_login(user)
    client.post(f"/initiatieven/{initiative.pk}/meedoen/")
    assert initiative.members.filter(user=user, role="volunteer").exists()
    client.post(f"/initiatieven/{initiative.pk}/volgen/", {"action": "remove"})
    assert not initiative.follows.filter(user=user).exists()


def test_the_home_page_shows_the_nearest_initiatives(client):
    # given
    home = NeighbourhoodFactory(latitude=52.15, longitude=5.38)
    far = NeighbourhoodFactory(district=home.district, latitude=52.25, longitude=5.5)
    user = ResidentFactory(neighbourhood=home)
    InitiativeFactory(name="Ver weg", neighbourhoods=[far], latitude=52.25, longitude=5.5)
    InitiativeFactory(name="Dichtbij", neighbourhoods=[home], latitude=52.151, longitude=5.381)
    InitiativeFactory(name="Gestopt", phase="stopped", latitude=52.15, longitude=5.38)
    client.force_login(user)
    # when
    response = client.get("/start/")
    # then
    assert [i.name for i in response.context["near_initiatives"]] == ["Dichtbij", "Ver weg"]
    assert "Initiatieven bij u in de buurt" in response.content.decode()


def test_an_offer_is_listed_under_what_the_initiative_offers(client):
    initiative = InitiativeFactory()
    ResourceFactory(
        initiative=initiative, direction=Resource.Direction.OFFER, description="Onze aanhanger"
    )
    assert "Onze aanhanger" in client.get(f"/initiatieven/{initiative.pk}/").content.decode()


def test_the_team_search_finds_only_exact_usernames_and_addresses(client):
    # given: two residents whose usernames share their first letters
    initiative = InitiativeFactory()
    ResidentFactory(username="janssen", email="j@example.org")
    ResidentFactory(username="jansma")
    client.force_login(lead_of(initiative))
    # when: the lead types only the first letters, then a whole username
    partial = client.get(f"/initiatieven/{initiative.pk}/team/?zoek=jans").content.decode()
    exact = client.get(f"/initiatieven/{initiative.pk}/team/?zoek=JANSSEN").content.decode()
    # then: first letters show nobody; the exact username shows that one person
    assert "janssen" not in partial
    assert "jansma" not in partial
    assert "janssen" in exact
    assert "jansma" not in exact


def test_the_initiative_page_says_where_it_is_in_text_and_on_a_map(client):
    # given
    initiative = InitiativeFactory(name="Moestuin", latitude=52.16712, longitude=5.39034)
    # when
    page = client.get(initiative.get_absolute_url()).content.decode()
    # then: the place in words, and a map that refers to those words
    assert '<dd id="initiative-place">52,16712 noorderbreedte, 5,39034 oosterlengte</dd>' in page
    assert 'aria-label="Kaart met de plek van het initiatief"' in page
    assert 'aria-describedby="initiative-place"' in page
    assert '"name": "Moestuin"' in page
    assert "common/place_map.js" in page
