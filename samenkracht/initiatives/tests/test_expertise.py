"""Wijkspecialisten: who recognises them, and their advice on initiatives and requests."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from samenkracht.common.errors import ApplicationError
from samenkracht.initiatives import services
from samenkracht.initiatives.models import Contribution, Expertise, PolicyDomain
from samenkracht.initiatives.tests.factories import (
    InitiativeFactory,
    SupportRequestFactory,
    expertise_for,
)
from samenkracht.initiatives.tests.helpers import ROLES, person_in
from samenkracht.people.tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ROLES)
def test_officials_professionals_of_the_buurt_and_admins_recognise(role):
    # given
    initiative = InitiativeFactory()
    actor = person_in(initiative, role)
    neighbourhood = initiative.neighbourhoods.get()
    resident = ResidentFactory(neighbourhood=neighbourhood)
    domain = PolicyDomain.objects.get(slug="zorg")
    allowed = role in {"professional", "official", "admin"}
    # when
    if allowed:
        services.expertise_recognise(
            actor=actor, user=resident, domain=domain, neighbourhood=neighbourhood
        )
    else:
        with pytest.raises(PermissionDenied):
            services.expertise_recognise(
                actor=actor, user=resident, domain=domain, neighbourhood=neighbourhood
            )
    # then
    assert Expertise.objects.filter(user=resident).count() == int(allowed)


def test_only_residents_become_wijkspecialist():
    initiative = InitiativeFactory()
    official = person_in(initiative, "official")
    with pytest.raises(ValidationError) as error:
        services.expertise_recognise(
            actor=official,
            user=official,
            domain=PolicyDomain.objects.get(slug="zorg"),
            neighbourhood=initiative.neighbourhoods.get(),
        )
    assert error.value.message_dict["user"] == ["Kies een bewoner die op het platform staat."]
    assert Expertise.objects.count() == 0


def test_a_wijkspecialist_advises_and_the_page_shows_the_badge(client):
    # given
    initiative = InitiativeFactory()
    expertise = expertise_for(initiative)
    # when
    contribution = services.contribution_create(
        user=expertise.user, initiative=initiative, text="Vraag de corporatie om het veldje."
    )
    # then
    assert contribution.expertise == expertise
    html = client.get(f"/initiatieven/{initiative.pk}/").content.decode()
    assert '<span class="badge badge--expert">wijkspecialist</span>' in html
    assert "Vraag de corporatie om het veldje." in html


def test_advice_on_a_request_needs_a_request_of_the_initiative():
    initiative = InitiativeFactory()
    expertise = expertise_for(initiative)
    request = SupportRequestFactory(initiative=initiative)
    contribution = services.contribution_create(
        user=expertise.user, initiative=initiative, request=request, text="Goed plan."
    )
    assert contribution.request == request
    with pytest.raises(ApplicationError):
        services.contribution_create(
            user=expertise.user,
            initiative=initiative,
            request=SupportRequestFactory(),
            text="Elders",
        )
    assert Contribution.objects.count() == 1


def test_someone_without_fitting_expertise_cannot_advise():
    initiative = InitiativeFactory()
    other_domain = PolicyDomain.objects.exclude(pk__in=initiative.domains.all()).first()
    expertise = expertise_for(initiative, domain=other_domain)
    with pytest.raises(PermissionDenied):
        services.contribution_create(user=expertise.user, initiative=initiative, text="Advies")
    assert Contribution.objects.count() == 0


@pytest.mark.parametrize("role", ["official", "professional", "admin"])
def test_the_wijkspecialisten_page_lists_those_of_the_viewers_own_municipality(client, role):
    # given: one wijkspecialist here and one in another municipality
    from django.urls import reverse

    from samenkracht.people.tests.factories import MunicipalityFactory, NeighbourhoodFactory

    here = InitiativeFactory()
    expertise_for(here, user=ResidentFactory(first_name="Hier", last_name="Dichtbij"))
    utrecht = NeighbourhoodFactory(
        district__municipality=MunicipalityFactory(code="GM0344", name="Utrecht")
    )
    elsewhere = InitiativeFactory(municipality=utrecht.district.municipality)
    elsewhere.neighbourhoods.set([utrecht])
    expertise_for(elsewhere, user=ResidentFactory(first_name="Daar", last_name="Veraf"))
    client.force_login(person_in(here, role))
    # when
    page = client.get(reverse("initiatives:expertise")).content.decode()
    # then: administrators see every municipality's, the others only their own
    assert "Hier" in page
    assert ("Daar" in page) == (role == "admin")
