"""A professional registers a resident on paper; the resident activates with the letter."""

import re

import pytest

from samenkracht.people.models import User
from samenkracht.people.tests.factories import (
    PASSWORD,
    DistrictFactory,
    NeighbourhoodFactory,
    ProfessionalFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "Zonnebloem-Tuin-42!"


def test_professional_registers_resident_who_activates_with_the_letter(page, axe):
    from playwright.sync_api import expect

    # given
    district = DistrictFactory(code="WK030799", name="Noord")
    NeighbourhoodFactory(code="BU03079901", name="Kruiskamp", district=district)
    neighbourhood = NeighbourhoodFactory(code="BU03079902", name="Zielhorst", district=district)
    ProfessionalFactory(
        username="fatima.makelaar",
        first_name="Fatima",
        last_name="El Amrani",
        work_neighbourhoods=[neighbourhood],
    )

    # when: the professional logs in
    page.goto("/account/inloggen/")
    axe(page)
    page.get_by_label("E-mailadres of gebruikersnaam", exact=True).fill("fatima.makelaar")
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Fatima")
    axe(page)

    # and registers a resident on their behalf
    page.get_by_role("link", name="Een bewoner aanmelden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Een bewoner aanmelden")
    axe(page)
    page.get_by_label("Voornaam van de bewoner", exact=True).fill("Henk")
    page.get_by_label("Achternaam van de bewoner", exact=True).fill("van der Berg")
    page.get_by_label("Buurt van de bewoner", exact=True).select_option(label="Zielhorst (Noord)")
    page.get_by_role("button", name="Aanmelden en brief maken").click()

    # then the letter shows the username and the one-time code
    expect(page.get_by_role("heading", level=1)).to_have_text("Brief voor Henk van der Berg")
    axe(page)
    username = page.locator("#letter-username").inner_text().strip()
    code = page.locator("#letter-code").inner_text().strip()
    assert re.fullmatch(r"henk\.v\.[2-9]{4}", username)
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    expect(page.locator("#letter-url")).to_have_text(re.compile(r"/account/activeren/$"))
    letter_url = page.url
    assert letter_url.endswith("/brief/afdrukken/")

    # when the professional reloads the letter
    page.reload()

    # then the same code is shown and no second resident is registered
    expect(page.get_by_role("heading", level=1)).to_have_text("Brief voor Henk van der Berg")
    expect(page.locator("#letter-code")).to_have_text(code)
    assert User.objects.filter(first_name="Henk", last_name="van der Berg").count() == 1

    # when the professional is done with the letter
    page.get_by_role("button", name="Klaar, terug naar start").click()

    # then the start page says so and the code is gone
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Fatima")
    expect(page.get_by_role("status")).to_contain_text(
        "De brief is klaar. De code staat nergens meer op het scherm."
    )
    axe(page)

    # and going back to the letter only offers to make a new one
    page.goto(letter_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Nieuwe brief maken voor Henk van der Berg"
    )
    expect(page.get_by_role("status")).to_contain_text(
        "Deze brief is niet meer te zien. Maak zo nodig een nieuwe brief."
    )
    expect(page.locator("#letter-code")).to_have_count(0)
    axe(page)

    # when the professional logs out
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Samen sterker in de buurt")
    axe(page)

    # and the resident activates the account with the letter
    page.goto("/account/activeren/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Account activeren met de code uit uw brief"
    )
    axe(page)
    page.get_by_label("Gebruikersnaam (staat in de brief)", exact=True).fill(username)
    page.get_by_label("Code uit de brief", exact=True).fill(code.lower().replace("-", " "))
    page.get_by_label("Kies een wachtwoord", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Typ het wachtwoord nog een keer", exact=True).fill(NEW_PASSWORD)
    page.get_by_role("button", name="Account activeren").click()

    # then the resident is signed in on the profile edit page
    page.wait_for_url("**/profiel/bewerken/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Profiel bewerken")
    axe(page)
    resident = User.objects.get(username=username)
    assert resident.check_password(NEW_PASSWORD) is True
    assert resident.neighbourhood == neighbourhood
    assert resident.registered_by is not None
    assert resident.registered_by.username == "fatima.makelaar"
