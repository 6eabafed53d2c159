"""Only the team (leads and core team) and admins edit an initiative: proven for every role,
through the services, the pages and the API, with nothing changed when refused."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from samenkracht.initiatives import permissions, services
from samenkracht.initiatives.models import InitiativeUpdate, Partner, Resource
from samenkracht.initiatives.tests.factories import InitiativeFactory
from samenkracht.initiatives.tests.helpers import EDITOR_ROLES, ROLES, person_in
from samenkracht.people import services as people_services
from samenkracht.people.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _web_client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _api_client(user) -> Client:
    if user is None:
        return Client(raise_request_exception=False)
    _token, raw = people_services.api_token_create(user=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}", raise_request_exception=False)


@pytest.mark.parametrize("role", ROLES)
def test_who_may_edit(role):
    initiative = InitiativeFactory()
    user = person_in(initiative, role)
    assert permissions.can_edit_initiative(user, initiative) is (role in EDITOR_ROLES)
    assert permissions.can_manage_team(user, initiative) is (role in {"lead", "admin"})


@pytest.mark.parametrize("role", ROLES)
def test_changing_an_initiative_through_the_service(role):
    # given
    initiative = InitiativeFactory(name="Moestuin")
    user = person_in(initiative, role)
    # when
    if role in EDITOR_ROLES:
        services.initiative_update(initiative=initiative, actor=user, name="Moestuin Oost")
    else:
        with pytest.raises(PermissionDenied):
            services.initiative_update(initiative=initiative, actor=user, name="Moestuin Oost")
    # then
    initiative.refresh_from_db()
    assert initiative.name == ("Moestuin Oost" if role in EDITOR_ROLES else "Moestuin")


@pytest.mark.parametrize("role", ROLES)
def test_changing_an_initiative_through_the_page(role):
    # given
    initiative = InitiativeFactory(name="Moestuin")
    user = person_in(initiative, role)
    neighbourhood = initiative.neighbourhoods.get()
    # when
    response = _web_client(user).post(
        f"/initiatieven/{initiative.pk}/wijzigen/",
        {
            "name": "Moestuin Oost",
            "goal": initiative.goal,
            "domains": [d.pk for d in initiative.domains.all()],
            "neighbourhoods": [neighbourhood.pk],
            "form": "informal",
        },
    )
    # then
    initiative.refresh_from_db()
    if role in EDITOR_ROLES:
        assert response.status_code == 302
        assert initiative.name == "Moestuin Oost"
    else:
        assert response.status_code == (302 if role == "anonymous" else 403)
        assert initiative.name == "Moestuin"


@pytest.mark.parametrize("role", ROLES)
def test_changing_an_initiative_through_the_api(role):
    # given
    initiative = InitiativeFactory(name="Moestuin")
    user = person_in(initiative, role)
    # when
    response = _api_client(user).patch(
        f"/api/v1/initiatives/{initiative.pk}",
        {"name": "Moestuin Oost"},
        content_type="application/json",
    )
    # then
    initiative.refresh_from_db()
    expected = {"anonymous": 401}.get(role, 200 if role in EDITOR_ROLES else 403)
    assert response.status_code == expected
    assert initiative.name == ("Moestuin Oost" if role in EDITOR_ROLES else "Moestuin")
    if expected == 403:
        assert response.json()["detail"] == (
            "Alleen de trekkers en het kernteam van dit initiatief kunnen het aanpassen."
        )


@pytest.mark.parametrize("role", ROLES)
def test_needs_news_and_partners_only_by_the_team(role):
    # given
    initiative = InitiativeFactory()
    user = person_in(initiative, role)
    client = _api_client(user)
    base = f"/api/v1/initiatives/{initiative.pk}"
    organisation = OrganisationFactory(municipality=initiative.municipality)
    # when
    need = client.post(
        f"{base}/resources",
        {"kind": "space", "description": "Een schuur voor gereedschap"},
        content_type="application/json",
    )
    news = client.post(f"{base}/updates", {"text": "Hallo"}, content_type="application/json")
    partner = client.post(
        f"{base}/partners",
        {"organisation": organisation.slug, "role": "host"},
        content_type="application/json",
    )
    # then
    is_editor = role in EDITOR_ROLES
    expected = 201 if is_editor else (401 if role == "anonymous" else 403)
    assert (need.status_code, news.status_code, partner.status_code) == (expected,) * 3
    assert Resource.objects.count() == int(is_editor)
    assert InitiativeUpdate.objects.count() == int(is_editor)
    assert Partner.objects.count() == int(is_editor)


@pytest.mark.parametrize("role", ROLES)
def test_adding_team_members_only_by_leads(role):
    initiative = InitiativeFactory()
    user = person_in(initiative, role)
    newcomer = person_in(initiative, "resident")
    before = initiative.members.count()
    response = _api_client(user).post(
        f"/api/v1/initiatives/{initiative.pk}/members",
        {"identifier": newcomer.username},
        content_type="application/json",
    )
    allowed = role in {"lead", "admin"}
    assert response.status_code == (201 if allowed else 401 if role == "anonymous" else 403)
    assert initiative.members.count() == before + int(allowed)
