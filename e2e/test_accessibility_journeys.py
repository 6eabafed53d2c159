"""Keyboard-only use and a phone-sized screen."""

import pytest
from playwright.sync_api import expect

from e2e.helpers import log_in
from samenkracht.people.tests.factories import PASSWORD, ResidentFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_skip_link_and_log_in_with_the_keyboard_only(page, axe, live_server):
    # given
    ResidentFactory(first_name="Karin", email="karin@example.org")
    page.goto("/")
    axe(page)

    # when: the first Tab from the top of the page
    page.keyboard.press("Tab")

    # then
    skip_link = page.get_by_role("link", name="Naar de inhoud")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()

    # when
    page.keyboard.press("Enter")

    # then: focus is on the main content, and the next Tab stays inside it
    expect(page.locator("main#inhoud")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Meld u aan")).to_be_focused()
    page.keyboard.press("Tab")
    login_link = page.get_by_role("main").get_by_role("link", name="Inloggen")
    expect(login_link).to_be_focused()

    # when: Karin opens the login page and fills it in without a mouse
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    axe(page)
    expect(page.get_by_label("E-mailadres of gebruikersnaam")).to_be_focused()
    page.keyboard.type("karin@example.org")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Wachtwoord", exact=True)).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Inloggen")).to_be_focused()
    page.keyboard.press("Enter")

    # then
    expect(page).to_have_url(f"{live_server.url}/start/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Karin")
    axe(page)


def _assert_fits_the_screen(page) -> None:
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{page.url} scrolls sideways: {widths}"


ANONYMOUS_PAGES = [
    "/",
    "/account/inloggen/",
    "/account/aanmelden/",
    "/account/activeren/",
    "/account/wachtwoord-vergeten/",
]
RESIDENT_PAGES = [
    "/start/",
    "/profiel/",
    "/profiel/bewerken/",
    "/profiel/toestemming/",
    "/profiel/mijn-gegevens/",
    "/profiel/verwijderen/",
    "/profiel/api-sleutels/",
]


def test_main_pages_do_not_scroll_sideways_on_a_phone(page, axe):
    # given
    ResidentFactory(
        first_name="Karin",
        last_name="Oudshoorn-van Wijngaarden",
        email="karin.oudshoorn-van.wijngaarden@example.org",
        neighbourhood__name="Soesterkwartier-Noordwest",
        neighbourhood__district__name="Binnenstad en Soesterkwartier",
    )
    assert page.viewport_size == {"width": 390, "height": 844}

    for path in ANONYMOUS_PAGES:
        # when
        page.goto(path)
        # then
        expect(page.get_by_role("heading", level=1)).to_have_count(1)
        _assert_fits_the_screen(page)
        axe(page)

    # when: the register form is sent empty, errors make the page longer, not wider
    page.goto("/account/aanmelden/")
    page.get_by_role("button", name="Account maken").click()
    expect(page.get_by_role("alert")).to_be_visible()
    _assert_fits_the_screen(page)
    axe(page)

    log_in(page, axe, "karin.oudshoorn-van.wijngaarden@example.org", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Karin")
    for path in RESIDENT_PAGES:
        # when
        page.goto(path)
        # then
        expect(page.get_by_role("heading", level=1)).to_have_count(1)
        _assert_fits_the_screen(page)
        axe(page)
