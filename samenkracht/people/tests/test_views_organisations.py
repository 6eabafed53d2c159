import pytest
from django.urls import reverse

from samenkracht.people.models import Membership, Organisation
from samenkracht.people.tests.factories import (
    ROLES,
    MembershipFactory,
    MunicipalityFactory,
    NeighbourhoodFactory,
    OrganisationFactory,
    ResidentFactory,
    person_for_role,
)

pytestmark = pytest.mark.django_db

LIST_URL = reverse("people:organisation-list")
CREATE_URL = reverse("people:organisation-create")


def _login(client, user):
    if user is not None:
        client.force_login(user)


def _edit_url(organisation):
    return reverse("people:organisation-edit", kwargs={"slug": organisation.slug})


def _members_url(organisation):
    return reverse("people:organisation-members", kwargs={"slug": organisation.slug})


def _organisation_data(**overrides):
    data = {
        "name": "Voedselbank Eemland",
        "kind": Organisation.Kind.FOUNDATION,
        "domain": "",
        "description": "Wij delen voedselpakketten uit.",
        "website": "https://voedselbank.example.org",
        "email": "info@voedselbank.example.org",
        "phone": "033 123 45 67",
        "neighbourhood": "",
    }
    data.update(overrides)
    return data


def _snapshot(organisation):
    organisation.refresh_from_db()
    return (
        organisation.name,
        organisation.kind,
        organisation.domain,
        organisation.description,
        organisation.website,
        organisation.updated_at,
    )


def _memberships(organisation):
    return sorted(
        Membership.objects.filter(organisation=organisation).values_list("user_id", "role")
    )


@pytest.fixture
def organisation():
    """An organisation with one admin (Anna) and one member (Bram)."""
    organisation = OrganisationFactory(name="Buurthuis De Kern", slug="buurthuis-de-kern")
    MembershipFactory(
        organisation=organisation,
        user=ResidentFactory(first_name="Anna", last_name="Bakker", username="anna.b"),
        role=Membership.Role.ADMIN,
    )
    MembershipFactory(
        organisation=organisation,
        user=ResidentFactory(first_name="Bram", last_name="de Vries", username="bram.v"),
        role=Membership.Role.MEMBER,
    )
    return organisation


def _org_admin(organisation):
    return organisation.memberships.get(role=Membership.Role.ADMIN).user


def _plain_member(organisation):
    return organisation.memberships.get(role=Membership.Role.MEMBER).user


# --- list and detail -------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_organisation_list_is_public(client, role):
    # given
    OrganisationFactory(name="Tuinclub", domain=Organisation.Domain.OIKOS)
    OrganisationFactory(name="Bakkerij Jansen", domain=Organisation.Domain.ONDERNEMING)
    OrganisationFactory(
        name="Elders", municipality=MunicipalityFactory(code="GM0344", name="Utrecht")
    )
    _login(client, person_for_role(role))
    # when
    response = client.get(LIST_URL)
    # then
    assert response.status_code == 200
    assert [o.name for o in response.context["organisations"]] == ["Bakkerij Jansen", "Tuinclub"]
    assert response.context["can_create"] is (role != "anonymous")


def test_organisation_list_filters_by_domain(client):
    # given
    OrganisationFactory(name="Tuinclub", domain=Organisation.Domain.OIKOS)
    OrganisationFactory(name="Bakkerij Jansen", domain=Organisation.Domain.ONDERNEMING)
    # when
    response = client.get(LIST_URL, {"domein": "onderneming"})
    # then
    assert response.status_code == 200
    assert [o.name for o in response.context["organisations"]] == ["Bakkerij Jansen"]


def test_organisation_list_refuses_an_unknown_domain(client):
    # when
    response = client.get(LIST_URL, {"domein": "markt"})
    # then
    assert response.status_code == 400
    assert response.context["form"].errors == {"domein": ["Kies een domein uit de lijst."]}
    assert "Kies een domein uit de lijst." in response.content.decode()


def test_organisation_detail_shows_details_and_members_to_signed_in_people(client, organisation):
    # given
    neighbourhood = NeighbourhoodFactory(name="Kruiskamp")
    Organisation.objects.filter(pk=organisation.pk).update(
        description="Een huis voor de hele buurt.",
        website="https://dekern.example.org",
        email="info@dekern.example.org",
        phone="033 765 43 21",
        neighbourhood=neighbourhood,
    )
    client.force_login(ResidentFactory())
    # when
    response = client.get(organisation.get_absolute_url())
    # then
    assert response.status_code == 200
    body = response.content.decode()
    assert '<h1 class="utrecht-heading-1">Buurthuis De Kern</h1>' in body
    assert "Vereniging" in body
    assert "Oikos: bewoners en maatschappelijk middenveld" in body
    assert "Een huis voor de hele buurt." in body
    assert 'href="https://dekern.example.org"' in body
    assert 'href="mailto:info@dekern.example.org"' in body
    assert "033 765 43 21" in body
    assert "Kruiskamp" in body
    assert [
        (m.user.public_name, m.role) for m in response.context["organisation"].memberships.all()
    ] == [
        ("Anna B.", "admin"),
        ("Bram V.", "member"),
    ]
    assert "Anna B.</a></th>" in body
    assert "Bram V.</a></th>" in body
    assert response.context["can_edit"] is False


def test_organisation_detail_hides_member_names_from_anonymous_visitors(client, organisation):
    # when
    response = client.get(organisation.get_absolute_url())
    # then
    assert response.status_code == 200
    body = response.content.decode()
    assert "Anna B." not in body
    assert "Bram V." not in body
    assert "Log in om te zien wie er lid zijn." in body


def test_organisation_detail_unknown_slug_is_404(client):
    # when
    response = client.get(reverse("people:organisation-detail", kwargs={"slug": "bestaat-niet"}))
    # then
    assert response.status_code == 404


# --- create ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["resident", "professional", "official", "admin"])
def test_organisation_create_makes_the_creator_its_admin(client, role):
    # given
    MunicipalityFactory()
    creator = person_for_role(role)
    client.force_login(creator)
    # when
    response = client.post(CREATE_URL, _organisation_data())
    # then
    organisation = Organisation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == "/organisaties/voedselbank-eemland/"
    assert organisation.name == "Voedselbank Eemland"
    assert organisation.domain == Organisation.Domain.OIKOS
    assert organisation.municipality.code == "GM0307"
    assert _memberships(organisation) == [(creator.pk, Membership.Role.ADMIN)]


def test_organisation_create_sends_anonymous_visitors_to_login_and_writes_nothing(client):
    # given
    MunicipalityFactory()
    # when
    get_response = client.get(CREATE_URL)
    post_response = client.post(CREATE_URL, _organisation_data())
    # then
    assert get_response.status_code == 302
    assert post_response["Location"] == f"{reverse('people:login')}?next={CREATE_URL}"
    assert Organisation.objects.exists() is False


def test_organisation_create_refuses_an_invalid_website(client):
    # given
    MunicipalityFactory()
    client.force_login(ResidentFactory())
    # when
    response = client.post(CREATE_URL, _organisation_data(website="dit is geen website"))
    # then
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "website": ["Dit is geen geldig webadres. Schrijf het zo: https://www.voorbeeld.nl"]
    }
    assert Organisation.objects.exists() is False
    assert Membership.objects.exists() is False


def test_organisation_create_refuses_a_missing_kind(client):
    # given
    MunicipalityFactory()
    client.force_login(ResidentFactory())
    # when
    response = client.post(CREATE_URL, _organisation_data(kind=""))
    # then
    assert response.status_code == 400
    assert response.context["form"].errors == {"kind": ["Kies een soort organisatie."]}
    assert Organisation.objects.exists() is False


# --- edit ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected_status"),
    [
        ("anonymous", 302),
        ("resident", 403),
        ("professional", 403),
        ("official", 403),
        ("admin", 200),
    ],
)
def test_organisation_edit_is_for_its_admins_and_platform_admins(
    client, organisation, role, expected_status
):
    # given
    _login(client, person_for_role(role))
    before = _snapshot(organisation)
    # when
    get_response = client.get(_edit_url(organisation))
    post_response = client.post(_edit_url(organisation), _organisation_data(name="Overgenomen"))
    # then
    assert get_response.status_code == expected_status
    if role == "admin":
        assert post_response.status_code == 302
        assert _snapshot(organisation)[0] == "Overgenomen"
    else:
        assert post_response.status_code == expected_status
        assert _snapshot(organisation) == before


def test_organisation_edit_refused_for_a_plain_member(client, organisation):
    # given
    client.force_login(_plain_member(organisation))
    before = _snapshot(organisation)
    # when
    response = client.post(_edit_url(organisation), _organisation_data(name="Overgenomen"))
    # then
    assert response.status_code == 403
    assert _snapshot(organisation) == before


def test_organisation_edit_by_its_admin_saves_the_changes(client, organisation):
    # given
    client.force_login(_org_admin(organisation))
    # when
    get_response = client.get(_edit_url(organisation))
    response = client.post(
        _edit_url(organisation),
        _organisation_data(
            name="Buurthuis De Kern",
            kind=Organisation.Kind.BUSINESS,
            domain=Organisation.Domain.ONDERNEMING,
            website="https://dekern.example.org",
        ),
    )
    # then
    assert get_response.context["form"].initial["name"] == "Buurthuis De Kern"
    assert response.status_code == 302
    assert response["Location"] == "/organisaties/buurthuis-de-kern/"
    organisation.refresh_from_db()
    assert organisation.kind == Organisation.Kind.BUSINESS
    assert organisation.domain == Organisation.Domain.ONDERNEMING
    assert organisation.website == "https://dekern.example.org"


def test_organisation_edit_with_empty_domain_keeps_the_domain(client, organisation):
    # given
    client.force_login(_org_admin(organisation))
    # when
    response = client.post(
        _edit_url(organisation), _organisation_data(kind=Organisation.Kind.BUSINESS, domain="")
    )
    # then
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.domain == Organisation.Domain.OIKOS


def test_organisation_edit_refuses_an_invalid_website_and_changes_nothing(client, organisation):
    # given
    client.force_login(_org_admin(organisation))
    before = _snapshot(organisation)
    # when
    response = client.post(
        _edit_url(organisation), _organisation_data(website="htp:/kapot", name="Nieuw")
    )
    # then
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "website": ["Dit is geen geldig webadres. Schrijf het zo: https://www.voorbeeld.nl"]
    }
    assert _snapshot(organisation) == before


# --- members ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected_status"),
    [
        ("anonymous", 302),
        ("resident", 403),
        ("professional", 403),
        ("official", 403),
        ("admin", 200),
    ],
)
def test_organisation_members_page_is_for_its_admins_and_platform_admins(
    client, organisation, role, expected_status
):
    # given
    newcomer = ResidentFactory(username="nieuw.lid")
    _login(client, person_for_role(role))
    before = _memberships(organisation)
    # when
    get_response = client.get(_members_url(organisation))
    post_response = client.post(
        _members_url(organisation), {"action": "add", "person": "nieuw.lid", "role": "member"}
    )
    # then
    assert get_response.status_code == expected_status
    if role == "admin":
        assert post_response.status_code == 302
        assert _memberships(organisation) == sorted([*before, (newcomer.pk, "member")])
    else:
        assert post_response.status_code == expected_status
        assert _memberships(organisation) == before


def test_organisation_members_plain_member_may_not_manage(client, organisation):
    # given
    client.force_login(_plain_member(organisation))
    before = _memberships(organisation)
    bram = _plain_member(organisation)
    membership = organisation.memberships.get(user=bram)
    # when
    response = client.post(
        _members_url(organisation), {"action": "role", "membership": membership.pk, "role": "admin"}
    )
    # then
    assert response.status_code == 403
    assert _memberships(organisation) == before


def test_organisation_members_admin_adds_a_person_by_username(client, organisation):
    # given
    newcomer = ResidentFactory(username="carla.m", first_name="Carla", last_name="Meijer")
    client.force_login(_org_admin(organisation))
    # when
    response = client.post(
        _members_url(organisation), {"action": "add", "person": "Carla.M", "role": "volunteer"}
    )
    # then
    assert response.status_code == 302
    assert response["Location"] == _members_url(organisation)
    assert Membership.objects.get(organisation=organisation, user=newcomer).role == "volunteer"
    page = client.get(response["Location"]).content.decode()
    assert "Carla M. is nu lid van Buurthuis De Kern." in page


def test_organisation_members_cannot_be_found_by_email(client, organisation):
    # given: an e-mail address would tell an organisation admin who has an account
    newcomer = ResidentFactory(email="dirk@example.org")
    client.force_login(_org_admin(organisation))
    # when
    response = client.post(
        _members_url(organisation),
        {"action": "add", "person": "dirk@example.org", "role": "staff"},
    )
    # then
    assert response.status_code == 400
    assert Membership.objects.filter(organisation=organisation, user=newcomer).exists() is False


@pytest.mark.parametrize("person", ["niemand.bekend", "niemand@example.org"])
def test_organisation_members_refuses_an_unknown_person(client, organisation, person):
    # given
    client.force_login(_org_admin(organisation))
    before = _memberships(organisation)
    # when
    response = client.post(
        _members_url(organisation), {"action": "add", "person": person, "role": "member"}
    )
    # then
    assert response.status_code == 400
    assert response.context["add_form"].errors == {
        "person": ["Wij kennen niemand met deze gebruikersnaam."]
    }
    assert "Wij kennen niemand met deze gebruikersnaam." in (response.content.decode())
    assert _memberships(organisation) == before


def test_organisation_members_refuses_an_inactive_person(client, organisation):
    # given
    ResidentFactory(username="slaper", is_active=False)
    client.force_login(_org_admin(organisation))
    before = _memberships(organisation)
    # when
    response = client.post(
        _members_url(organisation), {"action": "add", "person": "slaper", "role": "member"}
    )
    # then
    assert response.status_code == 400
    assert _memberships(organisation) == before


def test_organisation_members_refuses_adding_an_existing_member(client, organisation):
    # given
    client.force_login(_org_admin(organisation))
    before = _memberships(organisation)
    # when
    response = client.post(
        _members_url(organisation), {"action": "add", "person": "bram.v", "role": "admin"}
    )
    # then
    assert response.status_code == 400
    assert response.context["add_form"].errors == {
        "person": ["Deze persoon is al lid. Verander de rol in de lijst met leden."]
    }
    assert _memberships(organisation) == before


def test_organisation_members_admin_changes_a_role(client, organisation):
    # given
    client.force_login(_org_admin(organisation))
    membership = organisation.memberships.get(user=_plain_member(organisation))
    # when
    response = client.post(
        _members_url(organisation), {"action": "role", "membership": membership.pk, "role": "staff"}
    )
    # then
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == "staff"


def test_organisation_members_refuses_demoting_the_last_admin(client, organisation):
    # given
    admin = _org_admin(organisation)
    client.force_login(admin)
    membership = organisation.memberships.get(user=admin)
    before = _memberships(organisation)
    # when
    response = client.post(
        _members_url(organisation),
        {"action": "role", "membership": membership.pk, "role": "member"},
    )
    # then
    assert response.status_code == 400
    assert response.context["page_error"] == "Een organisatie houdt minstens één beheerder."
    assert "Een organisatie houdt minstens één beheerder." in response.content.decode()
    assert _memberships(organisation) == before


def test_organisation_members_refuses_removing_the_last_admin(client, organisation):
    # given
    admin = _org_admin(organisation)
    client.force_login(admin)
    membership = organisation.memberships.get(user=admin)
    before = _memberships(organisation)
    # when
    response = client.post(
        _members_url(organisation), {"action": "remove", "membership": membership.pk}
    )
    # then
    assert response.status_code == 400
    assert response.context["page_error"] == "Een organisatie houdt minstens één beheerder."
    assert "Een organisatie houdt minstens één beheerder." in response.content.decode()
    assert _memberships(organisation) == before


def test_organisation_members_admin_removes_a_member(client, organisation):
    # given
    admin = _org_admin(organisation)
    client.force_login(admin)
    membership = organisation.memberships.get(user=_plain_member(organisation))
    # when
    response = client.post(
        _members_url(organisation), {"action": "remove", "membership": membership.pk}
    )
    # then
    assert response.status_code == 302
    assert _memberships(organisation) == [(admin.pk, "admin")]


def test_organisation_members_admin_who_leaves_goes_to_the_organisation_page(client, organisation):
    # given
    admin = _org_admin(organisation)
    bram = _plain_member(organisation)
    Membership.objects.filter(organisation=organisation, user=bram).update(role="admin")
    client.force_login(admin)
    membership = organisation.memberships.get(user=admin)
    # when
    response = client.post(
        _members_url(organisation), {"action": "remove", "membership": membership.pk}
    )
    # then
    assert response.status_code == 302
    assert response["Location"] == organisation.get_absolute_url()
    assert _memberships(organisation) == [(bram.pk, "admin")]


def test_organisation_members_refuses_a_membership_of_another_organisation(client, organisation):
    # given
    client.force_login(_org_admin(organisation))
    other = MembershipFactory(role=Membership.Role.MEMBER)
    # when
    response = client.post(_members_url(organisation), {"action": "remove", "membership": other.pk})
    # then
    assert response.status_code == 400
    assert response.context["page_error"] == "Dit lid bestaat niet."
    assert Membership.objects.filter(pk=other.pk).exists() is True


def test_organisation_members_refuses_an_unknown_role(client, organisation):
    # given
    client.force_login(_org_admin(organisation))
    membership = organisation.memberships.get(user=_plain_member(organisation))
    before = _memberships(organisation)
    # when
    response = client.post(
        _members_url(organisation), {"action": "role", "membership": membership.pk, "role": "baas"}
    )
    # then
    assert response.status_code == 400
    assert _memberships(organisation) == before
