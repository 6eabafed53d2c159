from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from samenkracht.matching.models import Contact, Listing, Message, Outcome
from samenkracht.matching.selectors.index import match_index_reset
from samenkracht.matching.tests.factories import (
    CategoryFactory,
    ContactFactory,
    ListingFactory,
    OfferFactory,
)
from samenkracht.people.tests.factories import (
    NeighbourhoodFactory,
    ProfessionalFactory,
    ResidentFactory,
    person_for_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_match_index():
    match_index_reset()
    yield
    match_index_reset()


@pytest.fixture
def place():
    neighbourhood = NeighbourhoodFactory(name="Kruiskamp")
    top = CategoryFactory(name="Vervoer", slug="t-vervoer")
    return {
        "neighbourhood": neighbourhood,
        "bikes": CategoryFactory(name="Fietsen", slug="t-fietsen", parent=top),
        "professional": ProfessionalFactory(work_neighbourhoods=[neighbourhood]),
    }


def _desk_url(neighbourhood):
    return reverse("matching:desk", kwargs={"code": neighbourhood.code})


def _introduce_url(neighbourhood):
    return reverse("matching:desk-introduce", kwargs={"code": neighbourhood.code})


def _old_ask(place, days=20, title="Fietsband plakken", **kwargs):
    ask = ListingFactory(
        category=place["bikes"],
        title=title,
        description="Mijn fietsband is lek.",
        owner__neighbourhood=place["neighbourhood"],
        **kwargs,
    )
    Listing.objects.filter(pk=ask.pk).update(created_at=timezone.now() - timedelta(days=days))
    ask.refresh_from_db()
    return ask


def _offer(place, **kwargs):
    return OfferFactory(
        category=place["bikes"],
        title="Ik repareer fietsen",
        description="Fietsband plakken en fiets repareren.",
        owner__neighbourhood=place["neighbourhood"],
        **kwargs,
    )


@pytest.mark.parametrize(
    ("role", "expected_status"),
    [
        ("anonymous", 302),
        ("resident", 403),
        ("professional elsewhere", 403),
        ("professional here", 200),
        ("official", 403),
        ("admin", 200),
    ],
)
def test_desk_is_for_the_professionals_of_the_neighbourhood(client, place, role, expected_status):
    # given
    user = {
        "professional here": place["professional"],
        "professional elsewhere": ProfessionalFactory(work_neighbourhoods=[NeighbourhoodFactory()]),
    }.get(role) or person_for_role(role)
    if user is not None:
        client.force_login(user)
    # when
    response = client.get(_desk_url(place["neighbourhood"]))
    # then
    assert response.status_code == expected_status


def test_unknown_neighbourhood_is_404(client, place):
    # given
    client.force_login(place["professional"])
    # when
    response = client.get(reverse("matching:desk", kwargs={"code": "BU00000000"}))
    # then
    assert response.status_code == 404


def test_desk_shows_who_waits_and_who_could_help(client, place):
    # given
    waiting = _old_ask(place)
    _old_ask(place, days=3, title="Te nieuw")
    offer = _offer(place)
    answered = ContactFactory(ask__owner__neighbourhood=place["neighbourhood"])
    Listing.objects.filter(pk=answered.ask.pk).update(
        created_at=timezone.now() - timedelta(days=30)
    )
    client.force_login(place["professional"])
    # when
    response = client.get(_desk_url(place["neighbourhood"]))
    # then
    assert response.status_code == 200
    overview = response.context["overview"]
    assert overview.unanswered_asks == [waiting]
    assert offer.owner in overview.offerers_without_contact
    assert waiting.owner in overview.only_asking
    assert [(s.ask, s.offer) for s, _form in response.context["suggestions"]] == [(waiting, offer)]
    content = response.content.decode()
    assert "Fietsband plakken ↔ Ik repareer fietsen" in content
    assert "zelfde categorie" in content


def test_desk_threshold_in_days_can_be_chosen(client, place):
    # given
    _old_ask(place, days=20)
    recent = _old_ask(place, days=3)
    client.force_login(place["professional"])
    # when
    response = client.get(_desk_url(place["neighbourhood"]), {"dagen": "2"})
    # then
    assert response.status_code == 200
    assert recent in response.context["overview"].unanswered_asks
    assert len(response.context["overview"].unanswered_asks) == 2


@pytest.mark.parametrize(
    ("days", "message"),
    [
        ("nul", "Vul een heel getal in, bijvoorbeeld 14."),
        ("0", "Kies minstens 1 dag."),
        ("1000", "Kies hoogstens 365 dagen."),
    ],
)
def test_desk_with_bad_threshold_says_why(client, place, days, message):
    # given
    client.force_login(place["professional"])
    # when
    response = client.get(_desk_url(place["neighbourhood"]), {"dagen": days})
    # then
    assert response.status_code == 400
    assert response.context["filter_form"].errors == {"dagen": [message]}


def test_desk_shows_match_rate_per_category(client, place):
    # given
    matched = ContactFactory(
        accepted=True,
        offer__category=place["bikes"],
        offer__owner__neighbourhood=place["neighbourhood"],
    )
    ContactFactory(
        offer__category=place["bikes"], offer__owner__neighbourhood=place["neighbourhood"]
    )
    Outcome.objects.create(contact=matched, respondent=matched.initiator, result="matched")
    client.force_login(place["professional"])
    # when
    response = client.get(_desk_url(place["neighbourhood"]))
    # then
    rows = response.context["match_rates"]
    assert [(row.category.name, row.contacts, row.matched) for row in rows] == [("Vervoer", 2, 1)]
    assert "50%" in response.content.decode()


def test_stel_voor_introduces_the_ask_and_the_offer(client, place):
    # given
    ask, offer = _old_ask(place), _offer(place)
    client.force_login(place["professional"])
    # when
    response = client.post(
        _introduce_url(place["neighbourhood"]), {"ask": str(ask.pk), "offer": str(offer.pk)}
    )
    # then
    contact = Contact.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _desk_url(place["neighbourhood"])
    assert contact.introduced_by == place["professional"]
    assert (contact.ask, contact.offer) == (ask, offer)
    assert contact.is_initiator_accepted is False
    assert contact.status == Contact.Status.PENDING
    assert list(Message.objects.values_list("body", flat=True)) == [
        "Ik denk dat u elkaar kunt helpen. Kijk maar of het past. U beslist het allebei zelf."
    ]


def test_stel_voor_with_a_note_of_ones_own(client, place):
    # given
    ask, offer = _old_ask(place), _offer(place)
    client.force_login(place["professional"])
    # when
    client.post(
        _introduce_url(place["neighbourhood"]),
        {"ask": str(ask.pk), "offer": str(offer.pk), "note": "Jullie wonen om de hoek."},
    )
    # then
    assert list(Message.objects.values_list("body", flat=True)) == ["Jullie wonen om de hoek."]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"ask": ""}, "Kies een vraag en een aanbod uit de lijst."),
        ({"offer": "abc"}, "Kies een vraag en een aanbod uit de lijst."),
        (
            {"note": "<script>x</script>"},
            "Gebruik geen HTML-code of scripts. Schrijf gewone tekst.",
        ),
        ({"ask": "999999"}, "Deze vraag of dit aanbod bestaat niet meer."),
    ],
)
def test_stel_voor_with_bad_input_stores_nothing(client, place, data, message):
    # given
    ask, offer = _old_ask(place), _offer(place)
    client.force_login(place["professional"])
    post = {"ask": str(ask.pk), "offer": str(offer.pk)} | data
    # when
    response = client.post(_introduce_url(place["neighbourhood"]), post)
    # then
    assert response.status_code == 400
    assert response.context["introduce_errors"] == [message]
    assert message in response.content.decode()
    assert Contact.objects.exists() is False


@pytest.mark.parametrize("role", ["resident", "professional elsewhere", "official"])
def test_stel_voor_is_refused_to_others(client, place, role):
    # given
    ask, offer = _old_ask(place), _offer(place)
    user = (
        ProfessionalFactory(work_neighbourhoods=[NeighbourhoodFactory()])
        if role == "professional elsewhere"
        else person_for_role(role)
    )
    client.force_login(user)
    # when
    response = client.post(
        _introduce_url(place["neighbourhood"]), {"ask": str(ask.pk), "offer": str(offer.pk)}
    )
    # then
    assert response.status_code == 403
    assert Contact.objects.exists() is False


def test_stel_voor_of_a_pair_elsewhere_is_refused(client, place):
    # given
    elsewhere = NeighbourhoodFactory()
    ask = ListingFactory(category=place["bikes"], owner__neighbourhood=elsewhere)
    offer = OfferFactory(category=place["bikes"], owner__neighbourhood=elsewhere)
    client.force_login(place["professional"])
    # when
    response = client.post(
        _introduce_url(place["neighbourhood"]), {"ask": str(ask.pk), "offer": str(offer.pk)}
    )
    # then
    assert response.status_code == 403
    assert Contact.objects.exists() is False


def test_professional_home_links_to_the_desk(client, place):
    # given
    client.force_login(place["professional"])
    # when
    response = client.get(reverse("people:home"))
    # then
    assert f'href="{_desk_url(place["neighbourhood"])}"' in response.content.decode()


def test_resident_home_shows_own_listings_and_new_matches(client, place):
    # given
    resident = ResidentFactory(neighbourhood=place["neighbourhood"])
    ask = ListingFactory(owner=resident, category=place["bikes"], title="Fietsband lek")
    resident.notifications.create(kind="new_match", text="Nieuwe match: fiets", url="/x/")
    client.force_login(resident)
    # when
    response = client.get(reverse("people:home"))
    # then
    assert response.context["own_listings"] == [ask]
    assert [n.text for n in response.context["new_matches"]] == ["Nieuwe match: fiets"]
    content = response.content.decode()
    assert reverse("matching:ask-create") in content
    assert "Nieuwe match: fiets" in content
