"""Support requests and the municipality's overview in a phone-sized Chromium: a lead asks
for a subsidy, an official treats and decides it, an official filters the overview map;
axe-core on every page."""

from typing import Any

import pytest

from e2e.helpers import log_in, neighbourhood_new
from samenkracht.initiatives.models import Initiative, SupportRequest
from samenkracht.initiatives.tests.factories import (
    DepartmentFactory,
    InitiativeFactory,
    PolicyDomainFactory,
    SupportRequestFactory,
)
from samenkracht.people.tests.factories import PASSWORD, OfficialFactory, ResidentFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _no_map_tiles(settings):
    # Tiles come from PDOK on the internet; the tests run without network.
    settings.SAMENKRACHT_MAP_TILES = ""


def _initiative(**kwargs: Any) -> Initiative:
    neighbourhood = kwargs.pop("neighbourhood", None) or neighbourhood_new()
    domain = kwargs.pop("domain", None) or PolicyDomainFactory(name="Groen", slug="groen")
    return InitiativeFactory(
        municipality=neighbourhood.district.municipality,
        neighbourhoods=[neighbourhood],
        domains=[domain],
        **kwargs,
    )


def test_a_lead_asks_the_municipality_for_a_subsidy(page, axe):
    from playwright.sync_api import expect

    # given
    lead = ResidentFactory(username="anna", first_name="Anna", last_name="de Vries")
    initiative = _initiative(name="Moestuin De Groene Hoek", lead=lead)
    DepartmentFactory(municipality=initiative.municipality, name="Subsidies")
    # when Anna opens her initiative's requests
    log_in(page, axe, "anna", PASSWORD)
    page.goto(f"/initiatieven/{initiative.pk}/ondersteuning/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Vragen aan de gemeente")
    axe(page)
    page.get_by_role("link", name="Nieuwe vraag").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Steun vragen aan de gemeente")
    axe(page)
    # and sends a subsidy request without an amount first
    page.get_by_role("radio", name="Subsidie").check()
    page.get_by_label("Onderwerp").fill("Zaden en gereedschap")
    page.get_by_label("Uw vraag").fill("Wij vragen geld voor zaden, schoffels en een regenton.")
    page.get_by_role("button", name="Vraag versturen").click()
    expect(page.locator("#id_amount_errors")).to_have_text("Vul in hoeveel subsidie u vraagt.")
    axe(page)
    page.get_by_label("Bedrag in euro (alleen bij subsidie)").fill("450")
    page.get_by_label("Afdeling van de gemeente").select_option(label="Subsidies")
    page.get_by_role("button", name="Vraag versturen").click()
    # then the request has its own page with the first step done
    expect(page.get_by_role("heading", level=1)).to_have_text("Zaden en gereedschap")
    expect(page.get_by_role("status")).to_contain_text("Uw vraag is verstuurd.")
    expect(page.locator("#request-status")).to_have_text("Ontvangen")
    expect(page.locator('[aria-current="step"]')).to_contain_text("Ontvangen")
    axe(page)
    request = SupportRequest.objects.get()
    assert (request.kind, request.amount) == ("subsidy", 450)
    assert request.department is not None
    assert request.department.name == "Subsidies"


def test_an_official_treats_and_decides_a_request(page, axe):
    from playwright.sync_api import expect

    # given
    initiative = _initiative(name="Buurtkoor Zingend Zuid")
    OfficialFactory(username="gemeente", first_name="Gerrit", municipality=initiative.municipality)
    DepartmentFactory(municipality=initiative.municipality, name="Cultuur")
    request = SupportRequestFactory(
        initiative=initiative, title="Een ruimte om te repeteren", kind="space", department=None
    )
    # when the official opens the list of open requests
    log_in(page, axe, "gemeente", PASSWORD)
    page.goto("/overzicht/ondersteuning/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Open vragen van initiatieven")
    axe(page)
    page.get_by_role("link", name="Een ruimte om te repeteren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Een ruimte om te repeteren")
    axe(page)
    # and takes it into treatment for the Cultuur department
    page.get_by_label("Afdeling die de vraag behandelt").select_option(label="Cultuur")
    page.get_by_label("Bericht aan het initiatief").fill("Ik zoek een zaal voor u.")
    page.get_by_role("button", name="In behandeling nemen").click()
    expect(page.locator("#request-status")).to_have_text("In behandeling")
    expect(page.locator("#request-department")).to_have_text("Cultuur")
    axe(page)
    # and decides without a reason first
    page.get_by_role("radio", name="Deels toegekend").check()
    page.get_by_role("button", name="Besluit opslaan").click()
    expect(page.locator("#id_text_errors")).to_have_text("Vul dit veld in.")
    axe(page)
    page.get_by_role("radio", name="Deels toegekend").check()
    page.get_by_label("Uitleg bij het besluit").fill("U kunt op dinsdag in het buurthuis.")
    page.get_by_role("button", name="Besluit opslaan").click()
    # then
    expect(page.locator("#request-status")).to_have_text("Besloten")
    expect(page.locator("#request-decision")).to_have_text("Deels toegekend")
    axe(page)
    request.refresh_from_db()
    assert (request.status, request.decision) == ("decided", "partly")
    assert request.in_treatment_at is not None
    assert request.decided_at is not None


def test_an_official_filters_the_overview_map(page, axe):
    from playwright.sync_api import expect

    # given two initiatives in different domains
    neighbourhood = neighbourhood_new()
    green = PolicyDomainFactory(name="Groen", slug="groen")
    care = PolicyDomainFactory(name="Zorg", slug="zorg")
    _initiative(name="Moestuin", neighbourhood=neighbourhood, domain=green, lead=False)
    _initiative(
        name="Boodschappendienst",
        neighbourhood=neighbourhood,
        domain=care,
        lead=False,
        latitude=52.16,
        longitude=5.40,
    )
    OfficialFactory(username="gemeente", municipality=neighbourhood.district.municipality)
    # when the official opens the overview
    log_in(page, axe, "gemeente", PASSWORD)
    page.goto("/overzicht/initiatieven/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Initiatieven in de gemeente")
    expect(page.locator("#overview-map")).to_have_attribute("data-loaded", "2")
    expect(page.locator("#result-count")).to_have_text("2 initiatieven gevonden")
    axe(page)
    # and filters on the care domain
    page.get_by_label("Beleidsdomein").select_option(label="Zorg")
    page.get_by_role("button", name="Filter toepassen").click()
    # then the list and the map show one initiative
    expect(page.locator("#result-count")).to_have_text("1 initiatief gevonden")
    expect(page.locator("#overview-map")).to_have_attribute("data-loaded", "1")
    expect(page.locator("#initiative-list").get_by_role("link")).to_have_text(
        ["Boodschappendienst"]
    )
    axe(page)
    # and a keyboard user reaches the initiative through the list
    link = page.locator("#initiative-list").get_by_role("link", name="Boodschappendienst")
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Boodschappendienst")
