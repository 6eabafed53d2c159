import pytest
from django.urls import reverse
from django.utils import timezone

from samenkracht.people.models import Membership
from samenkracht.people.tests.factories import (
    ROLES,
    DistrictFactory,
    MembershipFactory,
    MunicipalityFactory,
    NeighbourhoodFactory,
    OrganisationFactory,
    ProfessionalFactory,
    ResidentFactory,
    person_for_role,
)

pytestmark = pytest.mark.django_db

LIST_URL = reverse("people:neighbourhood-list")


def _login(client, user):
    if user is not None:
        client.force_login(user)


@pytest.fixture
def amersfoort():
    """Two wijken of the default municipality and one buurt of another municipality."""
    centrum = DistrictFactory(code="WK990000", name="Centrum")
    noord = DistrictFactory(code="WK990001", name="Noord")
    elsewhere = DistrictFactory(
        code="WK880000",
        name="Binnenstad",
        municipality=MunicipalityFactory(code="GM0344", name="Utrecht"),
    )
    return {
        "binnenstad": NeighbourhoodFactory(code="BU99000000", name="Binnenstad", district=centrum),
        "kruiskamp": NeighbourhoodFactory(code="BU99000100", name="Kruiskamp", district=noord),
        "soesterkwartier": NeighbourhoodFactory(
            code="BU99000001", name="Soesterkwartier", district=centrum
        ),
        "utrecht": NeighbourhoodFactory(code="BU88000000", name="Domplein", district=elsewhere),
    }


# --- NeighbourhoodListView -------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_neighbourhood_list_is_public_and_shows_the_default_municipality(client, amersfoort, role):
    # given
    _login(client, person_for_role(role, neighbourhood=amersfoort["kruiskamp"]))
    # when
    response = client.get(LIST_URL)
    # then
    assert response.status_code == 200
    assert [n.code for n in response.context["neighbourhoods"]] == [
        "BU99000000",
        "BU99000100",
        "BU99000001",
    ]
    assert [d.code for d in response.context["districts"]] == ["WK990000", "WK990001"]
    assert "Domplein" not in response.content.decode()


def test_neighbourhood_list_filters_by_wijk(client, amersfoort):
    # when
    response = client.get(LIST_URL, {"wijk": "WK990000"})
    # then
    assert response.status_code == 200
    assert [n.name for n in response.context["neighbourhoods"]] == ["Binnenstad", "Soesterkwartier"]


def test_neighbourhood_list_searches_by_name(client, amersfoort):
    # when
    response = client.get(LIST_URL, {"q": "kruis"})
    # then
    assert response.status_code == 200
    assert [n.name for n in response.context["neighbourhoods"]] == ["Kruiskamp"]
    assert "1 buurt gevonden" in response.content.decode()


def test_neighbourhood_list_search_matches_the_wijk_name(client, amersfoort):
    # when
    response = client.get(LIST_URL, {"q": "noord"})
    # then
    assert [n.name for n in response.context["neighbourhoods"]] == ["Kruiskamp"]


def test_neighbourhood_list_refuses_an_unknown_wijk(client, amersfoort):
    # when
    response = client.get(LIST_URL, {"wijk": "WK880000"})
    # then
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "wijk": ["Deze wijk kennen wij niet. Kies een wijk uit de lijst."]
    }
    assert "Deze wijk kennen wij niet." in response.content.decode()


def test_neighbourhood_list_query_count_does_not_grow_with_neighbourhoods(
    client, amersfoort, django_assert_num_queries
):
    # given
    for number in range(10):
        NeighbourhoodFactory(
            code=f"BU990001{10 + number}",
            district=amersfoort["kruiskamp"].district,
        )
    # when / then: municipality, districts, neighbourhoods
    with django_assert_num_queries(3):
        response = client.get(LIST_URL)
    assert len(response.context["neighbourhoods"]) == 13


# --- NeighbourhoodDetailView -----------------------------------------------------------------


def test_neighbourhood_detail_shows_place_people_and_organisations(client, amersfoort):
    # given
    kruiskamp = amersfoort["kruiskamp"]
    ResidentFactory(neighbourhood=kruiskamp)
    ResidentFactory(neighbourhood=kruiskamp)
    ResidentFactory(neighbourhood=kruiskamp, is_active=False)
    ResidentFactory(neighbourhood=amersfoort["binnenstad"])
    ProfessionalFactory(first_name="Fatima", last_name="El Amrani", work_neighbourhoods=[kruiskamp])
    OrganisationFactory(name="Buurthuis Kruiskamp", neighbourhood=kruiskamp)
    OrganisationFactory(name="Elders", neighbourhood=amersfoort["binnenstad"])
    # when
    response = client.get(kruiskamp.get_absolute_url())
    # then
    assert response.status_code == 200
    assert response.context["resident_count"] == 2
    assert [p.public_name for p in response.context["professionals"]] == ["Fatima E."]
    assert [o.name for o in response.context["organisations"]] == ["Buurthuis Kruiskamp"]
    body = response.content.decode()
    assert '<h1 class="utrecht-heading-1">Kruiskamp</h1>' in body
    assert "BU99000100" in body
    assert "Noord" in body
    assert "52,15700 noorderbreedte, 5,39000 oosterlengte" in body
    assert '<span class="stat" id="resident-count">2</span>' in body
    assert "El Amrani" not in body


def test_neighbourhood_detail_links_professionals_only_for_signed_in_people(client, amersfoort):
    # given
    kruiskamp = amersfoort["kruiskamp"]
    professional = ProfessionalFactory(work_neighbourhoods=[kruiskamp])
    profile_link = f'href="{professional.get_absolute_url()}"'
    # when
    anonymous_body = client.get(kruiskamp.get_absolute_url()).content.decode()
    client.force_login(ResidentFactory())
    resident_body = client.get(kruiskamp.get_absolute_url()).content.decode()
    # then
    assert profile_link not in anonymous_body
    assert profile_link in resident_body


def test_neighbourhood_detail_unknown_code_is_404(client, amersfoort):
    # when
    response = client.get(reverse("people:neighbourhood-detail", kwargs={"code": "BU99999999"}))
    # then
    assert response.status_code == 404


# --- PersonDetailView ------------------------------------------------------------------------


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
def test_person_detail_is_for_signed_in_people(client, role, expected_status):
    # given
    person = ResidentFactory()
    _login(client, person_for_role(role))
    url = person.get_absolute_url()
    # when
    response = client.get(url)
    # then
    assert response.status_code == expected_status
    if role == "anonymous":
        assert response["Location"] == f"{reverse('people:login')}?next={url}"


def test_person_detail_shows_public_profile_without_email_or_last_name(client):
    # given
    person = ResidentFactory(
        first_name="Jan",
        last_name="van der Berg",
        email="jan.berg@example.org",
        about="Ik help graag met de tuin.",
        languages=["nl", "tr", "xx"],
    )
    organisation = OrganisationFactory(name="Tuinclub Noord")
    MembershipFactory(organisation=organisation, user=person, role=Membership.Role.VOLUNTEER)
    client.force_login(ResidentFactory())
    # when
    response = client.get(person.get_absolute_url())
    # then
    assert response.status_code == 200
    body = response.content.decode()
    assert '<h1 class="utrecht-heading-1">Jan B.</h1>' in body
    assert response.context["languages"] == ["Nederlands", "Turks"]
    assert "Nederlands, Turks" in body
    assert "Ik help graag met de tuin." in body
    assert person.neighbourhood.name in body
    assert "Tuinclub Noord</a> (Vrijwilliger)" in body
    assert "van der Berg" not in body
    assert "jan.berg@example.org" not in body
    assert person.username not in body


def test_person_detail_shows_full_name_when_the_person_chose_so(client):
    # given
    person = ResidentFactory(first_name="Jan", last_name="van der Berg", show_full_name=True)
    client.force_login(ResidentFactory())
    # when
    response = client.get(person.get_absolute_url())
    # then
    assert '<h1 class="utrecht-heading-1">Jan van der Berg</h1>' in response.content.decode()


@pytest.mark.parametrize(
    "changes", [{"is_active": False}, {"deleted_at": timezone.now(), "is_active": False}]
)
def test_person_detail_of_inactive_or_deleted_person_is_404(client, changes):
    # given
    person = ResidentFactory(**changes)
    client.force_login(person_for_role("admin"))
    # when
    response = client.get(person.get_absolute_url())
    # then
    assert response.status_code == 404


def test_person_detail_of_deleted_but_active_row_is_404(client):
    # given
    person = ResidentFactory(deleted_at=timezone.now())
    client.force_login(ResidentFactory())
    # when
    response = client.get(person.get_absolute_url())
    # then
    assert response.status_code == 404


def test_person_detail_unknown_pk_is_404(client):
    # given
    client.force_login(ResidentFactory())
    # when
    response = client.get(reverse("people:person-detail", kwargs={"pk": 999_999}))
    # then
    assert response.status_code == 404
