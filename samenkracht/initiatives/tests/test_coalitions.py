"""Coalitions: partners from the three O's with roles over time, history kept, and a picture."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from samenkracht.common.errors import ApplicationError
from samenkracht.initiatives import selectors, services
from samenkracht.initiatives.models import Partner, PartnerRole
from samenkracht.initiatives.tests.factories import (
    InitiativeFactory,
    PartnerFactory,
    PartnerRoleFactory,
)
from samenkracht.initiatives.tests.helpers import lead_of
from samenkracht.people.models import Organisation
from samenkracht.people.tests.factories import OrganisationFactory, ResidentFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 5, 20)


def test_partners_come_from_all_three_domains():
    # given
    initiative = InitiativeFactory()
    lead = lead_of(initiative)
    municipality = OrganisationFactory(name="Gemeente", domain=Organisation.Domain.OVERHEID)
    shop = OrganisationFactory(name="Bouwmarkt", domain=Organisation.Domain.ONDERNEMING)
    neighbour = ResidentFactory(first_name="Anna", last_name="Jansen")
    # when
    for organisation, role in ((municipality, "funder"), (shop, "supplier")):
        services.partner_add(
            initiative=initiative, actor=lead, organisation=organisation, role=role
        )
    services.partner_add(initiative=initiative, actor=lead, person=neighbour, role="host")
    # then
    partners = list(selectors.partner_list(initiative=initiative))
    assert [p.domain for p in partners] == ["overheid", "onderneming", "oikos"]
    assert [[r.role for r in p.roles.all()] for p in partners] == [
        ["funder"],
        ["supplier"],
        ["host"],
    ]


def test_a_partner_is_an_organisation_or_a_person_not_both():
    initiative = InitiativeFactory()
    with pytest.raises(ValidationError) as error:
        services.partner_add(
            initiative=initiative,
            actor=lead_of(initiative),
            organisation=OrganisationFactory(),
            person=ResidentFactory(),
            role="host",
        )
    assert error.value.message_dict["organisation"] == [
        "Kies een organisatie óf een persoon, niet allebei."
    ]
    assert Partner.objects.count() == 0


def test_an_end_before_the_start_is_refused_and_nothing_stored():
    initiative = InitiativeFactory()
    with pytest.raises(ValidationError) as error:
        services.partner_add(
            initiative=initiative,
            actor=lead_of(initiative),
            organisation=OrganisationFactory(),
            role="host",
            starts_on=TODAY,
            ends_on=TODAY - timedelta(days=1),
        )
    assert error.value.message_dict["ends_on"] == [
        "De einddatum ligt vóór de begindatum. Kies een latere einddatum."
    ]
    assert Partner.objects.count() == 0
    assert PartnerRole.objects.count() == 0


def test_changing_a_role_keeps_the_old_one_as_history():
    # given
    initiative = InitiativeFactory()
    role = PartnerRoleFactory(
        partner=PartnerFactory(initiative=initiative), role="host", starts_on=TODAY - timedelta(30)
    )
    # when
    new_role = services.partner_role_change(
        partner_role=role, actor=lead_of(initiative), role="funder", starts_on=TODAY
    )
    # then
    role.refresh_from_db()
    assert role.ends_on == TODAY - timedelta(days=1)
    assert (new_role.role, new_role.starts_on, new_role.ends_on) == ("funder", TODAY, None)
    assert list(
        PartnerRole.objects.filter(partner=role.partner).values_list("role", flat=True)
    ) == ["host", "funder"]


def test_a_new_role_must_start_after_the_current_one():
    initiative = InitiativeFactory()
    role = PartnerRoleFactory(partner=PartnerFactory(initiative=initiative), starts_on=TODAY)
    with pytest.raises(ValidationError) as error:
        services.partner_role_change(
            partner_role=role, actor=lead_of(initiative), role="funder", starts_on=TODAY
        )
    assert error.value.message_dict["starts_on"] == [
        f"De nieuwe rol begint na het begin van de huidige rol ({TODAY:%d-%m-%Y})."
    ]
    role.refresh_from_db()
    assert role.ends_on is None
    assert PartnerRole.objects.count() == 1


def test_ending_a_role_before_it_started_is_refused():
    initiative = InitiativeFactory()
    role = PartnerRoleFactory(partner=PartnerFactory(initiative=initiative), starts_on=TODAY)
    with pytest.raises(ValidationError):
        services.partner_role_end(
            partner_role=role, actor=lead_of(initiative), ends_on=TODAY - timedelta(days=2)
        )
    role.refresh_from_db()
    assert role.ends_on is None
    services.partner_role_end(partner_role=role, actor=lead_of(initiative), ends_on=TODAY)
    role.refresh_from_db()
    assert role.ends_on == TODAY


def test_a_stopped_initiative_gets_no_new_partners():
    initiative = InitiativeFactory(phase="stopped")
    with pytest.raises(ApplicationError):
        services.partner_add(
            initiative=initiative,
            actor=lead_of(initiative),
            organisation=OrganisationFactory(),
            role="host",
        )
    assert Partner.objects.count() == 0


def test_the_detail_page_draws_the_coalition_with_a_table_alternative(client):
    # given
    initiative = InitiativeFactory(name="Moestuin")
    shop = OrganisationFactory(name="Bouwmarkt Hout", domain=Organisation.Domain.ONDERNEMING)
    PartnerRoleFactory(partner=PartnerFactory(initiative=initiative, organisation=shop))
    ended = PartnerFactory(initiative=initiative)
    PartnerRoleFactory(
        partner=ended,
        role="funder",
        starts_on=TODAY - timedelta(days=400),
        ends_on=TODAY - timedelta(days=300),
    )
    # when
    response = client.get(f"/initiatieven/{initiative.pk}/")
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert '<svg class="coalition__svg"' in html
    assert html.count('class="coalition__node coalition__node--') == 2
    assert "coalition__node--onderneming" in html
    assert "Netwerk van Moestuin: 2 partners." in html
    assert '<td class="utrecht-table__cell">Bouwmarkt Hout</td>' in html
    assert "Gastheer (biedt ruimte)" in html
    assert "geen rol op dit moment" in html


def test_the_picture_places_partners_around_the_middle():
    initiative = InitiativeFactory()
    for _ in range(4):
        PartnerRoleFactory(partner=PartnerFactory(initiative=initiative))
    picture = selectors.coalition_picture(initiative=initiative)
    assert [(node.x, node.y) for node in picture.nodes] == [
        (320.0, 70.0),
        (470.0, 220.0),
        (320.0, 370.0),
        (170.0, 220.0),
    ]
    assert [node.anchor for node in picture.nodes] == ["middle", "start", "middle", "end"]
