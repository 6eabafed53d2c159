"""Defects found in a second read: who sees support requests, NUL in queries, two requests
racing for one unique row, role history, and erasing an initiative's only lead."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from samenkracht.common.errors import ApplicationError
from samenkracht.initiatives import services
from samenkracht.initiatives.models import (
    Expertise,
    InitiativeFollow,
    InitiativeMember,
    Partner,
    PartnerRole,
)
from samenkracht.initiatives.tests.factories import (
    InitiativeFactory,
    PartnerFactory,
    PartnerRoleFactory,
    SupportRequestFactory,
    expertise_for,
)
from samenkracht.initiatives.tests.helpers import lead_of, person_in
from samenkracht.people import services as people_services
from samenkracht.people.tests.factories import (
    MunicipalityFactory,
    NeighbourhoodFactory,
    OfficialFactory,
    OrganisationFactory,
    ProfessionalFactory,
    ResidentFactory,
)

pytestmark = pytest.mark.django_db


def _api_client(user) -> Client:
    _token, raw = people_services.api_token_create(user=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}", raise_request_exception=False)


def _web_client(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


# --- who sees an initiative's support requests ----------------------------------------------


def _outsider(kind: str, initiative):
    if kind == "official_elsewhere":
        return OfficialFactory(municipality=MunicipalityFactory(code="GM0344", name="Utrecht"))
    if kind == "professional_elsewhere":
        return ProfessionalFactory(work_neighbourhoods=[NeighbourhoodFactory()])
    return person_in(initiative, "volunteer")


@pytest.mark.parametrize("kind", ["official_elsewhere", "professional_elsewhere", "volunteer"])
def test_request_list_is_hidden_from_people_who_may_not_see_the_requests(kind):
    # given
    request = SupportRequestFactory(text="Wij vragen 750 euro voor de tenten van Jansen.")
    initiative = request.initiative
    outsider = _outsider(kind, initiative)
    # when
    api = _api_client(outsider).get(f"/api/v1/initiatives/{initiative.pk}/requests")
    page = _web_client(outsider).get(f"/initiatieven/{initiative.pk}/ondersteuning/")
    # then
    assert api.status_code == 403
    assert "Jansen" not in api.content.decode()
    assert page.status_code == 403
    assert request.title not in page.content.decode()


@pytest.mark.parametrize("role", ["official", "professional", "lead", "member", "admin"])
def test_request_list_shows_the_requests_to_whoever_may_see_them(role):
    # given
    request = SupportRequestFactory()
    initiative = request.initiative
    user = person_in(initiative, role)
    # when
    api = _api_client(user).get(f"/api/v1/initiatives/{initiative.pk}/requests")
    page = _web_client(user).get(f"/initiatieven/{initiative.pk}/ondersteuning/")
    # then
    assert api.status_code == 200
    assert [item["id"] for item in api.json()] == [request.pk]
    assert page.status_code == 200
    assert request.title in page.content.decode()


def test_an_official_without_a_municipality_does_not_see_every_municipalitys_requests():
    # given
    SupportRequestFactory(title="Subsidie voor de buurtbarbecue")
    official = OfficialFactory(municipality=None)
    # when
    api = _api_client(official).get("/api/v1/overview/requests")
    page = _web_client(official).get("/overzicht/ondersteuning/")
    # then
    assert api.status_code == 403
    assert page.status_code == 403
    assert "buurtbarbecue" not in page.content.decode()


# --- NUL in text that reaches a query: PostgreSQL cannot compare it ---------------------------


@pytest.mark.parametrize(
    ("query", "field"),
    [("text", "text"), ("domain", "domain"), ("neighbourhood", "neighbourhood")],
)
def test_the_initiative_list_api_refuses_nul_in_its_filters(query, field):
    # given
    InitiativeFactory()
    # when
    response = Client(raise_request_exception=False).get(
        "/api/v1/initiatives", {query: "groen\x00"}
    )
    # then
    assert response.status_code == 422
    assert response.json()["errors"] == {
        field: ["Deze tekst bevat tekens die niet kunnen worden opgeslagen."]
    }


def test_adding_a_partner_or_member_with_nul_in_the_name_is_refused_and_stores_nothing():
    # given
    initiative = InitiativeFactory()
    client = _api_client(lead_of(initiative))
    # when
    organisation = client.post(
        f"/api/v1/initiatives/{initiative.pk}/partners",
        {"organisation": "bakker\x00", "role": "funder"},
        content_type="application/json",
    )
    person = client.post(
        f"/api/v1/initiatives/{initiative.pk}/partners",
        {"person": "henk\x00", "role": "funder"},
        content_type="application/json",
    )
    member = client.post(
        f"/api/v1/initiatives/{initiative.pk}/members",
        {"identifier": "henk\x00"},
        content_type="application/json",
    )
    # then
    assert organisation.status_code == 422
    assert organisation.json()["errors"] == {
        "organisation": ["Deze tekst bevat tekens die niet kunnen worden opgeslagen."]
    }
    assert person.status_code == 422
    assert person.json()["errors"] == {"person": ["Deze persoon is niet gevonden."]}
    assert member.status_code == 422
    assert Partner.objects.filter(initiative=initiative).exists() is False
    assert InitiativeMember.objects.filter(initiative=initiative).count() == 1


def test_searching_the_team_page_with_nul_finds_nobody():
    # given
    initiative = InitiativeFactory()
    ResidentFactory(username="henk")
    # when
    response = _web_client(lead_of(initiative)).get(
        f"/initiatieven/{initiative.pk}/team/", {"zoek": "he\x00"}
    )
    # then
    assert response.status_code == 200
    assert response.context["found"] == []


def test_a_photo_name_with_nul_is_not_found():
    response = Client(raise_request_exception=False).get("/media/initiatives/foto%00.jpg")
    assert response.status_code == 404


# --- two requests racing for one unique row ---------------------------------------------------


def _competitor_inserts_first(monkeypatch, model, make_competitor):
    """Let another request insert the same row between the checks and the save.

    The competitor's insert runs inside the refused call's transaction here, so it is rolled
    back with it: afterwards no such row exists at all, and nothing else was stored either.
    """

    def full_clean(self, *args, **kwargs):
        make_competitor()

    monkeypatch.setattr(model, "full_clean", full_clean)


def test_joining_twice_at_once_is_refused_without_a_server_error(monkeypatch):
    # given
    initiative = InitiativeFactory()
    user = ResidentFactory()
    _competitor_inserts_first(
        monkeypatch,
        InitiativeMember,
        lambda: InitiativeMember.objects.create(
            initiative=initiative, user=user, role=InitiativeMember.Role.VOLUNTEER
        ),
    )
    # when
    with pytest.raises(ApplicationError) as refused:
        services.initiative_join(initiative=initiative, user=user)
    # then
    assert refused.value.message == "U doet al mee met dit initiatief."
    assert InitiativeMember.objects.filter(initiative=initiative, user=user).exists() is False
    assert InitiativeFollow.objects.filter(initiative=initiative, user=user).exists() is False


def test_adding_the_same_member_twice_at_once_is_refused_without_a_server_error(monkeypatch):
    # given
    initiative = InitiativeFactory()
    lead = lead_of(initiative)
    user = ResidentFactory()
    _competitor_inserts_first(
        monkeypatch,
        InitiativeMember,
        lambda: InitiativeMember.objects.create(initiative=initiative, user=user),
    )
    # when
    with pytest.raises(ValidationError) as refused:
        services.member_add(initiative=initiative, actor=lead, user=user)
    # then
    assert refused.value.message_dict == {"user": ["Deze persoon hoort al bij het team."]}
    assert InitiativeMember.objects.filter(initiative=initiative, user=user).exists() is False


def test_adding_the_same_partner_twice_at_once_is_refused_without_a_server_error(monkeypatch):
    # given
    initiative = InitiativeFactory()
    organisation = OrganisationFactory()
    _competitor_inserts_first(
        monkeypatch,
        Partner,
        lambda: Partner.objects.create(initiative=initiative, organisation=organisation),
    )
    # when
    with pytest.raises(ValidationError) as refused:
        services.partner_add(
            initiative=initiative,
            actor=lead_of(initiative),
            organisation=organisation,
            role=PartnerRole.Role.FUNDER,
        )
    # then
    assert refused.value.message_dict == {"organisation": ["Deze organisatie is al partner."]}
    assert Partner.objects.filter(initiative=initiative).exists() is False
    assert PartnerRole.objects.filter(partner__initiative=initiative).exists() is False


def test_recognising_the_same_wijkspecialist_twice_at_once_is_refused(monkeypatch):
    # given
    initiative = InitiativeFactory()
    existing = expertise_for(initiative)
    user, domain, neighbourhood = existing.user, existing.domain, existing.neighbourhood
    existing.delete()
    official = OfficialFactory(municipality=initiative.municipality)
    _competitor_inserts_first(
        monkeypatch,
        Expertise,
        lambda: Expertise.objects.create(user=user, domain=domain, neighbourhood=neighbourhood),
    )
    # when
    with pytest.raises(ValidationError) as refused:
        services.expertise_recognise(
            actor=official, user=user, domain=domain, neighbourhood=neighbourhood
        )
    # then
    assert refused.value.message_dict == {
        "user": ["Deze bewoner is hier al erkend als wijkspecialist."]
    }
    assert Expertise.objects.filter(user=user).exists() is False


# --- role history -----------------------------------------------------------------------------


def test_ending_a_role_that_already_ended_is_refused_and_keeps_its_end():
    # given
    today = timezone.localdate()
    partner_role = PartnerRoleFactory(
        starts_on=today - timedelta(days=100), ends_on=today - timedelta(days=30)
    )
    initiative = partner_role.partner.initiative
    # when
    with pytest.raises(ApplicationError) as refused:
        services.partner_role_end(
            partner_role=partner_role, actor=lead_of(initiative), ends_on=today
        )
    # then
    assert refused.value.message == "Deze rol is al afgelopen. Geef de partner een nieuwe rol."
    partner_role.refresh_from_db()
    assert partner_role.ends_on == today - timedelta(days=30)


def test_changing_a_role_keeps_a_planned_end_that_comes_first():
    # given
    today = timezone.localdate()
    partner = PartnerFactory()
    planned_end = today + timedelta(days=10)
    partner_role = PartnerRoleFactory(
        partner=partner, starts_on=today - timedelta(days=10), ends_on=planned_end
    )
    # when
    new_role = services.partner_role_change(
        partner_role=partner_role,
        actor=lead_of(partner.initiative),
        role=PartnerRole.Role.HOST,
        starts_on=today + timedelta(days=60),
    )
    # then
    partner_role.refresh_from_db()
    assert partner_role.ends_on == planned_end
    assert (new_role.role, new_role.starts_on) == ("host", today + timedelta(days=60))


# --- erasing a person -------------------------------------------------------------------------


def test_erasing_the_only_lead_hands_the_initiative_to_the_longest_core_member():
    # given
    initiative = InitiativeFactory()
    lead = lead_of(initiative)
    volunteer = person_in(initiative, "volunteer")
    first = person_in(initiative, "member")
    second = person_in(initiative, "member")
    # when
    people_services.user_delete(user=lead)
    # then
    roles = dict(
        InitiativeMember.objects.filter(initiative=initiative).values_list("user_id", "role")
    )
    assert roles == {volunteer.pk: "volunteer", first.pk: "lead", second.pk: "member"}


def test_erasing_one_of_two_leads_promotes_nobody():
    # given
    initiative = InitiativeFactory()
    lead = lead_of(initiative)
    other_lead = person_in(initiative, "lead")
    member = person_in(initiative, "member")
    # when
    people_services.user_delete(user=lead)
    # then
    roles = dict(
        InitiativeMember.objects.filter(initiative=initiative).values_list("user_id", "role")
    )
    assert roles == {other_lead.pk: "lead", member.pk: "member"}


# --- the public member list names whom the page names -----------------------------------------


def test_the_public_member_list_does_not_name_volunteers():
    # given
    initiative = InitiativeFactory()
    lead = lead_of(initiative)
    member = person_in(initiative, "member")
    person_in(initiative, "volunteer")
    # when
    response = Client().get(f"/api/v1/initiatives/{initiative.pk}/members")
    # then
    assert response.status_code == 200
    assert sorted((item["name"], item["role"]) for item in response.json()["items"]) == sorted(
        [(lead.public_name, "lead"), (member.public_name, "member")]
    )
