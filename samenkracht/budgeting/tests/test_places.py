"""Where a proposal is: the point must lie in the round's buurten, by the nearest buurt centre;
the service, the form, the pages and the map picker."""

import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from samenkracht.budgeting import services
from samenkracht.budgeting.forms import ProposalForm
from samenkracht.budgeting.models import BudgetRound, Proposal
from samenkracht.budgeting.services.places import area_text
from samenkracht.budgeting.tests.factories import (
    FURTHER,
    HOME,
    NEXT_DOOR,
    ProposalFactory,
    place_round,
    voter_for,
)
from samenkracht.people import selectors as people_selectors
from samenkracht.people.tests.factories import (
    DistrictFactory,
    MunicipalityFactory,
    NeighbourhoodFactory,
)

pytestmark = pytest.mark.django_db

OUTSIDE_MESSAGE = (
    "Deze plek ligt in de buurt Hooglanderveen. Deze burgerbegroting is alleen voor "
    "de buurten Kattenbroek en Soesterkwartier. Kies daar een plek, of laat de plek leeg."
)


@pytest.fixture
def budget_round() -> BudgetRound:
    return place_round()


def _submit(budget_round, **place):
    return services.proposal_submit(
        author=voter_for(budget_round),
        budget_round=budget_round,
        title="Bankjes bij de speeltuin",
        text="",
        estimated_cost="1200",
        now=timezone.now(),
        **place,
    )


# --- the service ----------------------------------------------------------------------------


def test_a_point_in_the_area_is_stored_with_the_buurt_it_lies_in(budget_round):
    # when
    proposal = _submit(budget_round, latitude=NEXT_DOOR[0] + 0.001, longitude=NEXT_DOOR[1])
    # then
    proposal.refresh_from_db()
    assert (proposal.latitude, proposal.longitude) == (NEXT_DOOR[0] + 0.001, NEXT_DOOR[1])
    assert proposal.neighbourhood.name == "Kattenbroek"


def test_typed_text_with_a_comma_is_read_like_the_form_does(budget_round):
    proposal = _submit(budget_round, latitude=" 52,1575 ", longitude="5,3901")
    assert (proposal.latitude, proposal.longitude) == (52.1575, 5.3901)
    assert proposal.neighbourhood.name == "Soesterkwartier"


def test_a_buurt_the_resident_chose_is_kept_for_a_point_in_another_buurt_of_the_round(
    budget_round,
):
    home = budget_round.neighbourhoods.get(name="Soesterkwartier")
    proposal = _submit(budget_round, neighbourhood=home, latitude=NEXT_DOOR[0], longitude=5.39)
    assert proposal.neighbourhood == home


def test_without_a_place_the_proposal_is_in_the_authors_buurt_and_has_no_point(budget_round):
    proposal = _submit(budget_round)
    assert proposal.neighbourhood.name == "Soesterkwartier"
    assert (proposal.latitude, proposal.longitude) == (None, None)


def test_a_point_in_a_buurt_outside_the_round_names_both(budget_round):
    # when
    with pytest.raises(ValidationError) as error:
        _submit(budget_round, latitude=FURTHER[0], longitude=FURTHER[1])
    # then
    assert error.value.message_dict == {"latitude": [OUTSIDE_MESSAGE]}
    assert Proposal.objects.exists() is False


def test_a_point_in_another_municipality_names_it(budget_round):
    # given
    leusden = MunicipalityFactory(code="GM0327", name="Leusden")
    NeighbourhoodFactory(
        name="Leusden-Zuid",
        district=DistrictFactory(municipality=leusden, code="WK032701"),
        code="BU03270101",
        latitude=52.13,
        longitude=5.43,
    )
    # when
    with pytest.raises(ValidationError) as error:
        _submit(budget_round, latitude=52.131, longitude=5.431)
    # then
    assert error.value.message_dict == {
        "latitude": [
            "Deze plek ligt in de buurt Leusden-Zuid in de gemeente Leusden. Deze "
            "burgerbegroting is alleen voor de buurten Kattenbroek en Soesterkwartier. "
            "Kies daar een plek, of laat de plek leeg."
        ]
    }
    assert Proposal.objects.exists() is False


@pytest.mark.parametrize(
    ("latitude", "longitude", "message"),
    [
        (
            48.85,
            2.35,
            "Deze plek ligt niet in Nederland. Kies een plek in de buurten Kattenbroek en "
            "Soesterkwartier, of laat de plek leeg.",
        ),
        (
            53.3,
            6.5,
            "Bij deze plek kennen wij geen buurt. Kies een plek in de buurten Kattenbroek en "
            "Soesterkwartier, of laat de plek leeg.",
        ),
    ],
)
def test_a_point_abroad_or_far_from_every_buurt_is_refused(
    budget_round, latitude, longitude, message
):
    with pytest.raises(ValidationError) as error:
        _submit(budget_round, latitude=latitude, longitude=longitude)
    assert error.value.message_dict == {"latitude": [message]}
    assert Proposal.objects.exists() is False


@pytest.mark.parametrize(
    ("place", "errors"),
    [
        (
            {"latitude": "noord", "longitude": "5.39"},
            {"latitude": ["Vul een getal in, zoals 52.1561."]},
        ),
        (
            {"latitude": "52.157", "longitude": "5.3.9"},
            {"longitude": ["Vul een getal in, zoals 5.3878."]},
        ),
        (
            {"latitude": float("nan"), "longitude": float("inf")},
            {
                "latitude": ["Vul een getal in, zoals 52.1561."],
                "longitude": ["Vul een getal in, zoals 5.3878."],
            },
        ),
        ({"latitude": True, "longitude": 5.39}, {"latitude": ["Vul een getal in, zoals 52.1561."]}),
        ({"latitude": 52.157}, {"longitude": ["Vul de breedtegraad én de lengtegraad in."]}),
        (
            {"latitude": "", "longitude": "5.39"},
            {"latitude": ["Vul de breedtegraad én de lengtegraad in."]},
        ),
    ],
)
def test_bad_numbers_are_refused_with_a_message_and_nothing_is_stored(budget_round, place, errors):
    with pytest.raises(ValidationError) as error:
        _submit(budget_round, **place)
    assert error.value.message_dict == errors
    assert Proposal.objects.exists() is False


def test_the_author_moves_or_removes_the_point_but_not_out_of_the_area(budget_round):
    # given
    proposal = _submit(budget_round, latitude=HOME[0], longitude=HOME[1])
    author = proposal.author
    # when the point moves outside the round
    with pytest.raises(ValidationError) as error:
        services.proposal_update(
            proposal=proposal,
            actor=author,
            now=timezone.now(),
            latitude=FURTHER[0],
            longitude=FURTHER[1],
        )
    # then nothing changed
    assert error.value.message_dict == {"latitude": [OUTSIDE_MESSAGE]}
    proposal.refresh_from_db()
    assert (proposal.latitude, proposal.longitude) == HOME
    # when it is removed
    services.proposal_update(
        proposal=proposal, actor=author, now=timezone.now(), latitude=None, longitude=None
    )
    # then the buurt stays
    proposal.refresh_from_db()
    assert (proposal.latitude, proposal.longitude) == (None, None)
    assert proposal.neighbourhood.name == "Soesterkwartier"


def test_a_long_list_of_buurten_is_counted_after_five_names():
    neighbourhoods = [NeighbourhoodFactory.build(name=f"Buurt {n}") for n in range(1, 10)]
    assert area_text(neighbourhoods[:1]) == "de buurt Buurt 1"
    assert area_text(neighbourhoods[:6]) == (
        "de buurten Buurt 1, Buurt 2, Buurt 3, Buurt 4, Buurt 5 en Buurt 6"
    )
    assert area_text(neighbourhoods) == (
        "de buurten Buurt 1, Buurt 2, Buurt 3, Buurt 4, Buurt 5 en 4 andere buurten"
    )


def test_a_point_belongs_to_the_nearest_buurt_centre_within_reach(budget_round):
    # given: a buurt of another round at exactly the same centre as Soesterkwartier
    twin = NeighbourhoodFactory(name="Tweeling", latitude=HOME[0], longitude=HOME[1])
    home = budget_round.neighbourhoods.get(name="Soesterkwartier")
    # then a tie goes to the preferred buurt, and nothing lies beyond reach
    at = people_selectors.neighbourhood_at
    assert at(latitude=52.158, longitude=5.39, preferred={twin.pk}) == twin
    assert at(latitude=52.158, longitude=5.39, preferred={home.pk}) == home
    further = at(latitude=52.19, longitude=5.39)
    assert further is not None
    assert further.name == "Hooglanderveen"
    assert at(latitude=52.157 + 0.2, longitude=5.39) is None


# --- the form -------------------------------------------------------------------------------


def _form(budget_round, **data):
    values = {"title": "Bankjes", "text": "", "estimated_cost": "1200", **data}
    return ProposalForm(values, neighbourhoods=list(budget_round.neighbourhoods.all()))


def test_the_form_reads_coordinates_with_a_comma_and_leaves_empty_ones_out(budget_round):
    home = budget_round.neighbourhoods.get(name="Soesterkwartier")
    form = _form(budget_round, neighbourhood=home.pk, latitude="52,157", longitude="")
    assert form.is_valid(), form.errors
    assert (form.values()["latitude"], form.values()["longitude"]) == (52.157, None)


def test_the_form_gives_the_services_message_for_a_bad_number(budget_round):
    home = budget_round.neighbourhoods.get(name="Soesterkwartier")
    form = _form(budget_round, neighbourhood=home.pk, latitude="52°9'N", longitude="5" * 500)
    assert form.is_valid() is False
    assert form.errors == {
        "latitude": ["Vul een getal in, zoals 52.1561."],
        "longitude": ["Vul een getal in, zoals 5.3878."],
    }


# --- the pages ------------------------------------------------------------------------------


def test_the_submit_page_offers_the_map_with_the_rounds_buurten(client, budget_round):
    # given
    client.force_login(voter_for(budget_round))
    # when
    page = client.get(f"/burgerbegroting/{budget_round.pk}/voorstel-indienen/")
    # then
    assertContains(page, "common/map_picker.js")
    assertContains(page, 'data-lat-field="id_latitude" data-lon-field="id_longitude"')
    assertContains(page, 'data-neighbourhood-field="id_neighbourhood"')
    assertContains(page, 'inputmode="decimal"')
    centres = re.search(
        r'<script id="id_latitude-kaart-buurten" type="application/json">(.*?)</script>',
        page.content.decode(),
    )
    assert centres is not None
    assert [c["name"] for c in json.loads(centres.group(1))] == ["Kattenbroek", "Soesterkwartier"]


def test_a_place_outside_the_round_is_shown_on_the_form_and_nothing_is_stored(client, budget_round):
    # given
    client.force_login(voter_for(budget_round))
    home = budget_round.neighbourhoods.get(name="Soesterkwartier")
    # when
    response = client.post(
        f"/burgerbegroting/{budget_round.pk}/voorstel-indienen/",
        {
            "title": "Bankjes",
            "estimated_cost": "1200",
            "neighbourhood": home.pk,
            "latitude": "52.207",
            "longitude": "5.39",
        },
    )
    # then
    assert response.status_code == 400
    assertContains(response, OUTSIDE_MESSAGE, status_code=400)
    assertContains(response, 'id="id_latitude_errors"', status_code=400)
    assert Proposal.objects.exists() is False


def test_the_proposal_page_says_where_it_is_in_text_and_on_a_map(client, budget_round):
    # given
    proposal = ProposalFactory(
        budget_round=budget_round,
        neighbourhood=budget_round.neighbourhoods.get(name="Kattenbroek"),
        latitude=52.16712,
        longitude=5.39034,
    )
    # when
    page = client.get(proposal.get_absolute_url())
    # then
    assertContains(page, '<dd id="proposal-neighbourhood">Kattenbroek</dd>', html=False)
    assertContains(page, "52,16712 noorderbreedte, 5,39034 oosterlengte")
    assertContains(page, 'aria-label="Kaart met de plek van het voorstel"')
    assertContains(page, 'aria-describedby="proposal-place"')
    assertContains(page, "common/place_map.js")


def test_a_proposal_without_a_point_says_so_and_has_no_map(client, budget_round):
    proposal = ProposalFactory(budget_round=budget_round, latitude=None, longitude=None)
    page = client.get(proposal.get_absolute_url())
    assertContains(page, "Geen precieze plek gekozen.")
    assertNotContains(page, "place_map.js")


def test_the_round_page_maps_the_proposals_that_have_a_point(client, budget_round):
    # given
    with_point = ProposalFactory(
        budget_round=budget_round, title="Bankjes", latitude=52.157, longitude=5.39
    )
    ProposalFactory(budget_round=budget_round, title="Buurtfeest", latitude=None, longitude=None)
    # when
    page = client.get(budget_round.get_absolute_url())
    # then
    places = re.search(
        r'<script id="proposals-map-plekken" type="application/json">(.*?)</script>',
        page.content.decode(),
    )
    assert places is not None
    assert json.loads(places.group(1)) == [
        {"lat": 52.157, "lon": 5.39, "name": "Bankjes", "url": with_point.get_absolute_url()}
    ]
    assertContains(page, 'aria-describedby="proposals-map-help"')


def test_the_round_page_has_no_map_without_points(client, budget_round):
    ProposalFactory(budget_round=budget_round, latitude=None, longitude=None)
    assertNotContains(client.get(budget_round.get_absolute_url()), "place_map.js")
