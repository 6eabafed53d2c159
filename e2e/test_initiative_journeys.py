"""Citizen initiatives in a phone-sized Chromium: register an initiative, add a partner with a
role and see the coalition; axe-core on every page."""

import re
from typing import Any

import pytest

from e2e.helpers import log_in, neighbourhood_new
from samenkracht.initiatives.models import Initiative, Partner
from samenkracht.initiatives.tests.factories import PolicyDomainFactory
from samenkracht.people.models import Organisation
from samenkracht.people.tests.factories import PASSWORD, OrganisationFactory, ResidentFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _no_map_tiles(page: Any) -> None:
    # The browser must not reach the internet: the map's background tiles are refused.
    page.route(re.compile(r"^https?://(?!127\.0\.0\.1|localhost)"), lambda route: route.abort())


def test_a_resident_registers_an_initiative_and_adds_a_partner(page, axe):
    from playwright.sync_api import expect

    # given: the seeded domain (a journey before this one may have emptied the tables)
    PolicyDomainFactory(name="Groen", slug="groen")
    neighbourhood = neighbourhood_new()
    ResidentFactory(
        username="anna", first_name="Anna", last_name="de Vries", neighbourhood=neighbourhood
    )
    OrganisationFactory(
        name="Bouwmarkt Hout",
        domain=Organisation.Domain.ONDERNEMING,
        municipality=neighbourhood.district.municipality,
    )
    _no_map_tiles(page)
    # when Anna starts from her home page
    log_in(page, axe, "anna", PASSWORD)
    expect(page.get_by_role("heading", name="Initiatieven bij u in de buurt")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Initiatief aanmelden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Initiatief aanmelden")
    axe(page)
    # and first types a place outside the Netherlands
    page.get_by_label("Naam van het initiatief").fill("Moestuin De Groene Hoek")
    page.get_by_label("Wat is het doel?").fill("Samen groente kweken en elkaar leren kennen.")
    page.get_by_label("Groen").check()
    page.get_by_label("Plek op de kaart: breedtegraad").fill("48.85")
    page.get_by_label("Plek op de kaart: lengtegraad").fill("2.35")
    page.get_by_role("button", name="Initiatief aanmelden").click()
    expect(page.locator("#id_latitude_errors")).to_have_text(
        "Deze plek ligt niet in Nederland. Kies een plek in de buurt."
    )
    axe(page)
    assert Initiative.objects.count() == 0
    # and then leaves the place empty: the centre of her buurt is used
    page.get_by_label("Plek op de kaart: breedtegraad").fill("")
    page.get_by_label("Plek op de kaart: lengtegraad").fill("")
    page.get_by_role("button", name="Initiatief aanmelden").click()
    # then the initiative has its own page
    expect(page.get_by_role("heading", level=1)).to_have_text("Moestuin De Groene Hoek")
    expect(page.get_by_role("status")).to_contain_text("Uw initiatief staat erop.")
    expect(page.locator("#initiative-phase")).to_have_text("Idee")
    axe(page)
    initiative = Initiative.objects.get()
    assert initiative.members.get().user.username == "anna"
    # when she adds the hardware store as a supplier
    page.get_by_role("link", name="Partners beheren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Partners van het initiatief")
    axe(page)
    page.get_by_label("Organisatie").select_option(label="Bouwmarkt Hout")
    page.get_by_label("Rol").select_option(label="Levert materiaal")
    page.get_by_role("button", name="Partner toevoegen").click()
    expect(page.get_by_role("status")).to_contain_text("Bouwmarkt Hout is nu partner.")
    axe(page)
    # then the initiative page shows the coalition as a picture and as a table
    page.get_by_role("link", name="Terug naar het initiatief").click()
    expect(
        page.get_by_role("img", name=re.compile("Netwerk van Moestuin De Groene Hoek"))
    ).to_be_visible()
    table = page.get_by_role("table", name="Partners en hun rol nu")
    expect(table.get_by_role("row").nth(1)).to_contain_text("Bouwmarkt Hout")
    expect(table.get_by_role("row").nth(1)).to_contain_text("Levert materiaal")
    axe(page)
    assert Partner.objects.get().roles.get().role == "supplier"
