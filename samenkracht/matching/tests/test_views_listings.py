from typing import Any

import pytest
from django.urls import reverse

from samenkracht.matching.models import Contact, Listing, Message
from samenkracht.matching.selectors.index import match_index_reset
from samenkracht.matching.tests.factories import CategoryFactory, ListingFactory, OfferFactory
from samenkracht.people.models import Membership
from samenkracht.people.tests.factories import (
    ROLES,
    MembershipFactory,
    NeighbourhoodFactory,
    OrganisationFactory,
    ProfessionalFactory,
    ResidentFactory,
    person_for_role,
)

pytestmark = pytest.mark.django_db

ASK_URL = reverse("matching:ask-create")
OFFER_URL = reverse("matching:offer-create")
LIST_URL = reverse("matching:listing-list")
MINE_URL = reverse("matching:listing-mine")
NO_HTML = "Gebruik geen HTML-code of scripts. Schrijf gewone tekst."


@pytest.fixture(autouse=True)
def _fresh_match_index():
    match_index_reset()
    yield
    match_index_reset()


@pytest.fixture
def categories():
    transport = CategoryFactory(name="Vervoer", slug="t-vervoer", position=1)
    shopping = CategoryFactory(name="Boodschappen", slug="t-boodschappen", position=2)
    return {
        "transport": transport,
        "bikes": CategoryFactory(name="Fietsen", slug="t-fietsen", parent=transport),
        "shopping": shopping,
        "groceries": CategoryFactory(
            name="Boodschappen doen", slug="t-boodschappen-doen", parent=shopping
        ),
    }


def _login(client, user):
    if user is not None:
        client.force_login(user)


def _flow_data(step, **overrides):
    """Everything the four steps of the flow post, up to and including `step`."""
    data: dict[str, Any] = {"step": str(step), "top_category": "t-vervoer"}
    if step >= 2:
        data.update(
            {
                "category": "t-fietsen",
                "title": "Mijn fietsband is lek",
                "description": "Wie kan mij helpen met plakken?",
                "frequency": "once",
            }
        )
    if step >= 3:
        data.update(
            {
                "availability": ["4", "7"],
                "place": "neighbourhood",
                "radius_km": "2",
                "expires_in_days": "30",
            }
        )
    if step >= 4:
        # The "Plaats" button itself is posted too.
        data["confirm"] = "1"
    data.update(overrides)
    return data


# --- the guided flow ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected_status"),
    [
        ("anonymous", 302),
        ("resident", 200),
        ("professional", 200),
        ("official", 200),
        ("admin", 200),
    ],
)
def test_ask_flow_is_for_signed_in_people(client, categories, role, expected_status):
    # given
    _login(client, person_for_role(role))
    # when
    response = client.get(ASK_URL)
    # then
    assert response.status_code == expected_status
    if role == "anonymous":
        assert response["Location"] == f"{reverse('people:login')}?next={ASK_URL}"


def test_ask_flow_starts_with_big_category_buttons(client, categories):
    # given
    client.force_login(ResidentFactory())
    # when
    response = client.get(ASK_URL)
    # then
    content = response.content.decode()
    assert response.context["step"] == 1
    assert '<h1 class="utrecht-heading-1">Wat zou u helpen?</h1>' in content
    assert 'name="top_category" value="t-vervoer"' in content
    assert "Bijvoorbeeld: fietsen" in content


def test_ask_flow_walks_through_four_steps_and_places_the_ask(client, categories):
    # given
    resident = ResidentFactory()
    client.force_login(resident)

    # when / then: step 1 leads to step 2 with the subcategories
    response = client.post(ASK_URL, _flow_data(1))
    assert response.status_code == 200
    assert response.context["step"] == 2
    assert [value for value, _label in response.context["form"].fields["category"].choices] == [
        "t-fietsen",
        "t-vervoer",
    ]
    # step 2 leads to step 3, carrying the answers along
    response = client.post(ASK_URL, _flow_data(2))
    assert response.context["step"] == 3
    assert ("title", "Mijn fietsband is lek") in response.context["carry"]
    # step 3 leads to the check
    response = client.post(ASK_URL, _flow_data(3))
    assert response.context["step"] == 4
    assert response.context["summary"]["when"] == ["dinsdag middag", "woensdag middag"]
    assert Listing.objects.exists() is False
    # placing it stores the ask and shows it
    response = client.post(ASK_URL, _flow_data(4))

    listing = Listing.objects.get()
    assert response.status_code == 302
    assert response["Location"] == listing.get_absolute_url()
    assert listing.kind == Listing.Kind.ASK
    assert listing.owner == resident
    assert listing.created_by is None
    assert listing.category == categories["bikes"]
    assert listing.title == "Mijn fietsband is lek"
    assert listing.description == "Wie kan mij helpen met plakken?"
    assert listing.is_recurring is False
    assert listing.availability == (1 << 4) | (1 << 7)
    assert listing.place == Listing.Place.NEIGHBOURHOOD
    assert listing.neighbourhood == resident.neighbourhood
    assert listing.status == Listing.Status.OPEN


def test_ask_flow_any_time_and_a_radius(client, categories):
    # given
    client.force_login(ResidentFactory())
    data = _flow_data(
        4, availability=[], any_time="on", place="radius", radius_km="1,5", frequency="recurring"
    )
    # when
    response = client.post(ASK_URL, data)
    # then
    listing = Listing.objects.get()
    assert response.status_code == 302
    assert listing.availability == 0
    assert listing.place == Listing.Place.RADIUS
    assert listing.radius_km == 1.5
    assert listing.is_recurring is True


def test_ask_flow_link_with_category_skips_the_first_step(client, categories):
    # given
    client.force_login(ResidentFactory())
    # when
    response = client.get(f"{ASK_URL}?categorie=t-boodschappen")
    # then
    assert response.context["step"] == 2
    assert response.context["carry"] == [("top_category", "t-boodschappen")]


def test_ask_flow_back_button_keeps_the_answers(client, categories):
    # given
    client.force_login(ResidentFactory())
    # when
    response = client.post(ASK_URL, _flow_data(3, goto="2"))
    # then
    assert response.status_code == 200
    assert response.context["step"] == 2
    assert response.context["form"].initial["title"] == "Mijn fietsband is lek"
    assert ("availability", "4") in response.context["carry"]
    assert Listing.objects.exists() is False


@pytest.mark.parametrize(
    ("step", "overrides", "field", "message"),
    [
        (
            1,
            {"top_category": "bestaat-niet"},
            "top_category",
            "Deze categorie kennen wij niet. Kies een categorie uit de lijst.",
        ),
        (
            2,
            {"category": "t-boodschappen-doen"},
            "category",
            "Deze categorie kennen wij niet. Kies een categorie uit de lijst.",
        ),
        (2, {"title": ""}, "title", "Schrijf in een paar woorden wat u zoekt of biedt."),
        (2, {"title": "x" * 121}, "title", "Gebruik hoogstens 120 tekens (nu 121)."),
        (2, {"title": "<script>alert(1)</script>"}, "title", NO_HTML),
        (2, {"description": "<b>vet</b>"}, "description", NO_HTML),
        (2, {"description": "x" * 2001}, "description", "Gebruik hoogstens 2000 tekens (nu 2001)."),
        (
            3,
            {"availability": []},
            "availability",
            "Kies minstens één dagdeel, of kies 'Maakt niet uit'.",
        ),
        (3, {"availability": ["21"]}, "availability", "Kies dagdelen uit de tabel."),
        (
            3,
            {"place": "radius", "radius_km": "0"},
            "radius_km",
            "Kies een afstand van minstens 0,1 kilometer.",
        ),
        (
            3,
            {"place": "radius", "radius_km": "10000"},
            "radius_km",
            "Kies een afstand van hoogstens 50 kilometer.",
        ),
        (3, {"place": "radius", "radius_km": ""}, "radius_km", "Vul de afstand in kilometers in."),
        (3, {"place": "maan"}, "place", "Kies 'In mijn buurt' of 'Binnen een afstand'."),
        (
            3,
            {"expires_in_days": "-1"},
            "expires_in_days",
            "Kies 2 weken, 1 maand, 2 maanden of 3 maanden.",
        ),
    ],
)
def test_ask_flow_bad_input_shows_a_dutch_message_and_stores_nothing(
    client, categories, step, overrides, field, message
):
    # given
    client.force_login(ResidentFactory())
    # when: the bad answer arrives at its own step, and again when placing
    at_step = client.post(ASK_URL, _flow_data(step, **overrides))
    at_place = client.post(ASK_URL, _flow_data(4, **overrides))
    # then
    for response in (at_step, at_place):
        assert response.status_code == 400
        assert response.context["step"] == step
        assert response.context["form"].errors[field] == [message]
        assert message.replace("'", "&#x27;") in response.content.decode()
    assert Listing.objects.exists() is False


def test_ask_flow_with_broken_step_number_starts_over(client, categories):
    # given
    client.force_login(ResidentFactory())
    # when
    response = client.post(ASK_URL, _flow_data(4) | {"step": "9"})
    # then
    assert response.status_code == 400
    assert response.context["page_error"] == "Er ging iets mis met de stappen. Begin opnieuw."
    assert Listing.objects.exists() is False


def test_ask_flow_without_neighbourhood_explains_on_the_check_step(client, categories):
    # given
    client.force_login(ResidentFactory(neighbourhood=None))
    # when
    response = client.post(ASK_URL, _flow_data(4))
    # then
    assert response.status_code == 400
    assert response.context["step"] == 4
    assert response.context["page_error"] == "Kies de buurt waar het om gaat."
    assert Listing.objects.exists() is False


def test_offer_flow_lets_a_member_offer_space_for_their_organisation(client, categories):
    # given
    membership = MembershipFactory(role=Membership.Role.STAFF)
    client.force_login(membership.user)
    data = _flow_data(4, organisation=str(membership.organisation.pk), resource="space")
    # when
    response = client.post(OFFER_URL, data)
    # then
    listing = Listing.objects.get()
    assert response.status_code == 302
    assert listing.kind == Listing.Kind.OFFER
    assert listing.organisation == membership.organisation
    assert listing.resource == Listing.Resource.SPACE


def test_offer_flow_refuses_money_without_an_organisation(client, categories):
    # given
    membership = MembershipFactory()
    client.force_login(membership.user)
    # when
    response = client.post(OFFER_URL, _flow_data(2, organisation="", resource="money"))
    # then
    assert response.status_code == 400
    assert response.context["form"].errors["resource"] == [
        "Geld, materialen en ruimte kunt u alleen namens een organisatie bieden."
    ]
    assert Listing.objects.exists() is False


def test_offer_flow_refuses_someone_elses_organisation(client, categories):
    # given
    MembershipFactory()
    client.force_login(MembershipFactory().user)
    other = OrganisationFactory()
    # when
    response = client.post(OFFER_URL, _flow_data(4, organisation=str(other.pk)))
    # then
    assert response.status_code == 400
    assert response.context["form"].errors["organisation"] == [
        "Kies uzelf of een van uw organisaties."
    ]
    assert Listing.objects.exists() is False


def test_offer_flow_without_organisations_has_no_resource_choice(client, categories):
    # given
    client.force_login(ResidentFactory())
    # when
    response = client.post(OFFER_URL, _flow_data(1))
    # then
    assert "resource" not in response.context["form"].fields
    assert "organisation" not in response.context["form"].fields


def test_professional_posts_an_ask_for_a_resident_of_their_neighbourhood(client, categories):
    # given
    own, other = NeighbourhoodFactory(), NeighbourhoodFactory()
    professional = ProfessionalFactory(work_neighbourhoods=[own])
    henk = ResidentFactory(first_name="Henk", last_name="Jansen", neighbourhood=own)
    ResidentFactory(neighbourhood=other)
    client.force_login(professional)

    # when
    step_two = client.post(ASK_URL, _flow_data(1))
    response = client.post(ASK_URL, _flow_data(4, owner=str(henk.pk)))

    # then
    assert step_two.context["form"].fields["owner"].choices == [
        ("", "Voor mijzelf"),
        (str(henk.pk), f"Henk Jansen ({own.name})"),
    ]
    listing = Listing.objects.get()
    assert response.status_code == 302
    assert listing.owner == henk
    assert listing.created_by == professional
    assert listing.neighbourhood == own


def test_professional_cannot_post_for_a_resident_elsewhere(client, categories):
    # given
    own = NeighbourhoodFactory()
    professional = ProfessionalFactory(work_neighbourhoods=[own])
    ResidentFactory(neighbourhood=own)
    stranger = ResidentFactory()
    client.force_login(professional)
    # when
    response = client.post(ASK_URL, _flow_data(4, owner=str(stranger.pk)))
    # then
    assert response.status_code == 400
    assert response.context["form"].errors["owner"] == [
        "Kies uzelf of een bewoner uit uw eigen buurten."
    ]
    assert Listing.objects.exists() is False


# --- listing detail with matches -----------------------------------------------------------


def test_owner_sees_ranked_matches_with_their_reasons(client, categories):
    # given
    ask = ListingFactory(
        category=categories["bikes"], title="Fietsband plakken", description="Mijn band is lek."
    )
    offer = OfferFactory(
        category=categories["bikes"],
        title="Ik repareer fietsen",
        description="Band plakken, fiets repareren.",
        owner__neighbourhood=ask.neighbourhood,
    )
    client.force_login(ask.owner)
    # when
    response = client.get(ask.get_absolute_url())
    # then
    assert response.status_code == 200
    assert response.context["is_owner"] is True
    matches = response.context["matches"]
    assert [match.listing for match in matches] == [offer]
    assert "zelfde categorie" in [reason.text for reason in matches[0].reasons]
    content = response.content.decode()
    assert "zelfde categorie" in content
    reply_url = reverse("matching:contact-request", kwargs={"pk": offer.pk})
    assert f'href="{reply_url}?met={ask.pk}"' in content


def test_others_see_the_listing_and_a_reply_button_but_no_matches(client, categories):
    # given
    ask = ListingFactory(category=categories["bikes"])
    OfferFactory(category=categories["bikes"], owner__neighbourhood=ask.neighbourhood)
    client.force_login(ResidentFactory())
    # when
    response = client.get(ask.get_absolute_url())
    # then
    assert response.status_code == 200
    assert response.context["is_owner"] is False
    assert response.context["matches"] == []
    assert response.context["can_contact"] is True
    assert reverse("matching:contact-request", kwargs={"pk": ask.pk}) in response.content.decode()


@pytest.mark.parametrize(
    ("role", "expected_status"),
    [
        ("anonymous", 302),
        ("resident", 403),
        ("professional", 403),
        ("official", 403),
        ("admin", 403),
    ],
)
def test_closed_listing_is_only_for_its_owner(client, categories, role, expected_status):
    # given
    listing = ListingFactory(category=categories["bikes"], status=Listing.Status.WITHDRAWN)
    _login(client, person_for_role(role))
    # when
    response = client.get(listing.get_absolute_url())
    # then
    assert response.status_code == expected_status


def test_owner_still_sees_their_closed_listing_without_matches(client, categories):
    # given
    listing = ListingFactory(category=categories["bikes"], status=Listing.Status.DONE)
    client.force_login(listing.owner)
    # when
    response = client.get(listing.get_absolute_url())
    # then
    assert response.status_code == 200
    assert response.context["matches"] == []


def test_unknown_listing_is_404(client):
    # given
    client.force_login(ResidentFactory())
    # when
    response = client.get(reverse("matching:listing-detail", kwargs={"pk": 999999}))
    # then
    assert response.status_code == 404


def test_listing_escapes_what_people_typed(client, categories):
    # given
    listing = ListingFactory(category=categories["bikes"], description="<script>x()</script>")
    client.force_login(ResidentFactory())
    # when
    response = client.get(listing.get_absolute_url())
    # then
    content = response.content.decode()
    assert "&lt;script&gt;x()&lt;/script&gt;" in content
    assert "<script>x()" not in content


# --- my listings and the status flow -------------------------------------------------------


def test_my_listings_splits_open_and_closed(client, categories, django_assert_num_queries):
    # given
    resident = ResidentFactory()
    open_ones = [ListingFactory(owner=resident, category=categories["bikes"]) for _ in range(3)]
    done = ListingFactory(owner=resident, category=categories["bikes"], status=Listing.Status.DONE)
    ListingFactory(category=categories["bikes"])
    client.force_login(resident)
    # when / then: session, user, listings, unread notifications
    with django_assert_num_queries(4):
        response = client.get(MINE_URL)
    assert response.status_code == 200
    assert response.context["open_listings"] == list(reversed(open_ones))
    assert response.context["closed_listings"] == [done]


@pytest.mark.parametrize(
    ("action", "status", "message"),
    [
        ("withdraw", Listing.Status.WITHDRAWN, "Het is ingetrokken. Niemand ziet het nog."),
        ("done", Listing.Status.DONE, "Fijn! Het staat nu op afgerond."),
    ],
)
def test_owner_withdraws_or_finishes_a_listing(client, categories, action, status, message):
    # given
    listing = ListingFactory(category=categories["bikes"])
    client.force_login(listing.owner)
    # when
    response = client.post(
        reverse("matching:listing-status", kwargs={"pk": listing.pk}), {"action": action}
    )
    # then
    listing.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == MINE_URL
    assert listing.status == status
    assert [str(m) for m in client.get(MINE_URL).context["messages"]] == [message]


@pytest.mark.parametrize("role", ["resident", "professional", "official"])
def test_others_cannot_change_a_listings_status(client, categories, role):
    # given
    listing = ListingFactory(category=categories["bikes"])
    _login(client, person_for_role(role))
    # when
    response = client.post(
        reverse("matching:listing-status", kwargs={"pk": listing.pk}), {"action": "withdraw"}
    )
    # then
    listing.refresh_from_db()
    assert response.status_code == 403
    assert listing.status == Listing.Status.OPEN


@pytest.mark.parametrize(
    ("listing_status", "action", "message"),
    [
        (Listing.Status.OPEN, "verwijder", "Dit kunnen wij niet doen."),
        (Listing.Status.DONE, "withdraw", "Dit is al afgesloten."),
    ],
)
def test_status_change_that_cannot_be_done_says_why(
    client, categories, listing_status, action, message
):
    # given
    listing = ListingFactory(category=categories["bikes"], status=listing_status)
    client.force_login(listing.owner)
    # when
    response = client.post(
        reverse("matching:listing-status", kwargs={"pk": listing.pk}), {"action": action}
    )
    # then
    listing.refresh_from_db()
    assert response.status_code == 400
    assert response.context["page_error"] == message
    assert listing.status == listing_status


# --- browse and search ---------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_browse_is_for_signed_in_people(client, categories, role):
    # given
    ListingFactory(category=categories["bikes"])
    _login(client, person_for_role(role))
    # when
    response = client.get(LIST_URL)
    # then
    assert response.status_code == (302 if role == "anonymous" else 200)


def test_browse_filters_by_kind_category_neighbourhood_and_words(client, categories):
    # given
    here = NeighbourhoodFactory(name="Kruiskamp")
    wanted = ListingFactory(
        category=categories["bikes"], title="Fietsband lek", owner__neighbourhood=here
    )
    ListingFactory(
        category=categories["groceries"], title="Fietsband ook", owner__neighbourhood=here
    )
    OfferFactory(category=categories["bikes"], title="Fietsband plakken", owner__neighbourhood=here)
    ListingFactory(category=categories["bikes"], title="Fietsband elders")
    ListingFactory(category=categories["bikes"], title="Fietsband weg", status=Listing.Status.DONE)
    client.force_login(ResidentFactory())
    # when
    response = client.get(
        LIST_URL,
        {"soort": "ask", "categorie": "t-vervoer", "buurt": here.code, "zoek": "fietsband"},
    )
    # then
    assert response.status_code == 200
    assert response.context["listings"] == [wanted]
    assert response.context["is_filtered"] is True


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"soort": "ruil"}, "soort", "Kies vraag, aanbod of allebei."),
        (
            {"categorie": "bestaat-niet"},
            "categorie",
            "Deze categorie kennen wij niet. Kies een categorie uit de lijst.",
        ),
        (
            {"buurt": "BU00000000"},
            "buurt",
            "Deze buurt kennen wij niet. Kies een buurt uit de lijst.",
        ),
        ({"zoek": "x" * 101}, "zoek", "Gebruik hoogstens 100 tekens (nu 101)."),
    ],
)
def test_browse_with_bad_filters_says_what_is_wrong(client, categories, params, field, message):
    # given
    ListingFactory(category=categories["bikes"])
    client.force_login(ResidentFactory())
    # when
    response = client.get(LIST_URL, params)
    # then
    assert response.status_code == 400
    assert response.context["form"].errors == {field: [message]}
    assert response.context["listings"] == []


def test_browse_query_count_does_not_grow_with_listings(
    client, categories, django_assert_num_queries
):
    # given
    for _ in range(8):
        ListingFactory(category=categories["bikes"])
        OfferFactory(category=categories["groceries"], organisation=OrganisationFactory())
    client.force_login(ResidentFactory())
    # when / then: session, user, categories + children, municipality, neighbourhoods,
    # listings, unread notifications
    with django_assert_num_queries(8):
        response = client.get(LIST_URL)
    assert len(response.context["listings"]) == 16


# --- reacting ------------------------------------------------------------------------------


def test_reacting_to_an_ask_with_own_offer_starts_a_contact(client, categories):
    # given
    ask = ListingFactory(category=categories["bikes"])
    offer = OfferFactory(category=categories["bikes"], owner__neighbourhood=ask.neighbourhood)
    url = reverse("matching:contact-request", kwargs={"pk": ask.pk})
    client.force_login(offer.owner)

    # when
    page = client.get(f"{url}?met={offer.pk}")
    response = client.post(url, {"mine": str(offer.pk), "message": "Ik kom graag helpen!"})

    # then
    assert page.status_code == 200
    assert page.context["form"].fields["mine"].initial == str(offer.pk)
    assert page.context["is_first_contact"] is True
    assert "Tips voor veilig contact" in page.content.decode()
    contact = Contact.objects.get()
    assert response.status_code == 302
    assert response["Location"] == contact.get_absolute_url()
    assert (contact.ask, contact.offer) == (ask, offer)
    assert (contact.initiator, contact.recipient) == (offer.owner, ask.owner)
    assert contact.status == Contact.Status.PENDING
    assert list(Message.objects.values_list("sender", "body")) == [
        (offer.owner.pk, "Ik kom graag helpen!")
    ]


def test_reacting_without_own_listing_invites_to_post_one(client, categories):
    # given
    ask = ListingFactory(category=categories["bikes"])
    client.force_login(ResidentFactory())
    # when
    response = client.get(reverse("matching:contact-request", kwargs={"pk": ask.pk}))
    # then
    assert response.status_code == 200
    assert response.context["has_own_listings"] is False
    assert f'href="{OFFER_URL}?categorie=t-vervoer"' in response.content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"message": ""}, "message", "Schrijf een kort bericht."),
        ({"message": "x" * 2001}, "message", "Gebruik hoogstens 2000 tekens (nu 2001)."),
        ({"message": "<script>alert(1)</script>"}, "message", NO_HTML),
        ({"mine": "0"}, "mine", "Kies een van uw eigen open vragen of aanbiedingen."),
    ],
)
def test_reacting_with_bad_input_stores_nothing(client, categories, data, field, message):
    # given
    ask = ListingFactory(category=categories["bikes"])
    offer = OfferFactory(category=categories["bikes"])
    client.force_login(offer.owner)
    post = {"mine": str(offer.pk), "message": "Hallo"} | data
    # when
    response = client.post(reverse("matching:contact-request", kwargs={"pk": ask.pk}), post)
    # then
    assert response.status_code == 400
    assert response.context["form"].errors == {field: [message]}
    assert Contact.objects.exists() is False
    assert Message.objects.exists() is False


def test_reacting_twice_on_the_same_pair_is_refused(client, categories):
    # given
    ask = ListingFactory(category=categories["bikes"])
    offer = OfferFactory(category=categories["bikes"])
    url = reverse("matching:contact-request", kwargs={"pk": ask.pk})
    client.force_login(offer.owner)
    client.post(url, {"mine": str(offer.pk), "message": "Hallo"})
    # when
    response = client.post(url, {"mine": str(offer.pk), "message": "Nog een keer"})
    # then
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "Over deze vraag en dit aanbod is al contact."
    ]
    assert Contact.objects.count() == 1


@pytest.mark.parametrize(("role", "expected_status"), [("anonymous", 302), ("owner", 403)])
def test_reacting_to_own_listing_or_anonymously_is_refused(
    client, categories, role, expected_status
):
    # given
    ask = ListingFactory(category=categories["bikes"])
    _login(client, ask.owner if role == "owner" else None)
    # when
    response = client.post(
        reverse("matching:contact-request", kwargs={"pk": ask.pk}), {"message": "Hallo"}
    )
    # then
    assert response.status_code == expected_status
    assert Contact.objects.exists() is False


@pytest.mark.parametrize("goto", ["²", "0", "9" * 500, "-1"])
def test_ask_flow_ignores_a_strange_step_number(client, categories, goto):
    # given
    client.force_login(ResidentFactory())
    # when
    response = client.post(ASK_URL, _flow_data(3, goto=goto))
    # then: no crash; the flow goes on as if no step was chosen
    assert response.status_code in {200, 400}
    assert Listing.objects.exists() is False
