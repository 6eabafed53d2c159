"""Signing up, confirming the e-mail address, logging in and out, and a forgotten password."""

import re

import pytest
from django.template.defaultfilters import date as date_filter
from django.utils import timezone, translation
from playwright.sync_api import expect

from e2e.helpers import (
    ERROR_SUMMARY,
    WRONG_LOGIN,
    assert_field_invalid,
    link_in_mail,
    log_in,
    neighbourhood_new,
)
from samenkracht.people.models import User
from samenkracht.people.tests.factories import PASSWORD, ResidentFactory

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "Zonnebloem-Buurt-42"


def test_register_then_confirm_email_from_the_mail(page, axe, mailoutbox, settings, live_server):
    # given
    settings.SAMENKRACHT_BASE_URL = live_server.url
    neighbourhood = neighbourhood_new("Soesterkwartier", "Centrum")
    neighbourhood_new("Schothorst-Zuid", "Schothorst")
    page.goto("/")
    axe(page)
    page.get_by_role("link", name="Meld u aan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aanmelden")
    axe(page)

    # when
    page.get_by_label("Voornaam").fill("Fatma")
    page.get_by_label("Achternaam").fill("van der Berg")
    page.get_by_label("E-mailadres").fill("Fatma@Example.org")
    page.get_by_label("Kies een wachtwoord").fill(NEW_PASSWORD)
    page.get_by_label("Uw buurt").select_option(label="Soesterkwartier (Centrum)")
    page.get_by_role("button", name="Account maken").click()

    # then
    expect(page).to_have_url(f"{live_server.url}/profiel/bewerken/")
    expect(page.get_by_role("status")).to_have_text(
        "Welkom! We hebben u een e-mail gestuurd. Klik op de link in die e-mail om uw adres te bevestigen."
    )
    axe(page)
    user = User.objects.get()
    assert (user.email, user.first_name, user.last_name, user.neighbourhood_id, user.role) == (
        "fatma@example.org",
        "Fatma",
        "van der Berg",
        neighbourhood.pk,
        User.Role.RESIDENT,
    )
    assert re.fullmatch(r"fatma\.v\.[2-9]{4}", user.username)
    assert user.check_password(NEW_PASSWORD)
    assert user.email_confirmed_at is None
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "Bevestig uw e-mailadres"
    assert mailoutbox[0].to == ["fatma@example.org"]

    # when: the resident opens the link from the mail
    page.goto(link_in_mail(mailoutbox[0], "/account/bevestigen/"))

    # then
    expect(page).to_have_url(f"{live_server.url}/start/")
    expect(page.get_by_role("status")).to_have_text("Dank u. Uw e-mailadres is bevestigd.")
    axe(page)
    user.refresh_from_db()
    assert user.email_confirmed_at is not None
    page.get_by_role("link", name="Mijn profiel").click()
    with translation.override("nl"):
        confirmed_on = date_filter(timezone.localtime(user.email_confirmed_at), "j F Y")
    expect(page.get_by_text("fatma@example.org —")).to_have_text(
        f"fatma@example.org — bevestigd op {confirmed_on}"
    )
    expect(page.get_by_role("button", name="Stuur de bevestigingsmail opnieuw")).to_have_count(0)
    axe(page)


def test_register_with_bad_input_shows_every_problem_and_creates_nothing(page, axe, mailoutbox):
    # given
    neighbourhood_new()
    ResidentFactory(email="bezet@example.org")
    page.goto("/account/aanmelden/")
    axe(page)

    # when: e-mail already in use, a weak password and no neighbourhood chosen
    page.get_by_label("Voornaam").fill("Piet")
    page.get_by_label("Achternaam").fill("Jansen")
    page.get_by_label("E-mailadres").fill("Bezet@example.org")
    page.get_by_label("Kies een wachtwoord").fill("12345678")
    page.get_by_role("button", name="Account maken").click()

    # then
    expect(page.get_by_role("alert")).to_have_text(ERROR_SUMMARY)
    assert_field_invalid(page, "id_email", "Dit e-mailadres is al in gebruik.")
    assert_field_invalid(
        page,
        "id_password",
        "Dit wachtwoord is te algemeen.",
        "Dit wachtwoord bevat alleen cijfers.",
    )
    assert_field_invalid(page, "id_neighbourhood", "Kies een buurt.")
    expect(page.locator("#id_first_name")).not_to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Voornaam")).to_have_value("Piet")
    axe(page)
    assert list(User.objects.values_list("email", flat=True)) == ["bezet@example.org"]
    assert mailoutbox == []


@pytest.mark.parametrize("identifier", ["karin@example.org", "KARIN@example.org", "karin.b"])
def test_log_in_with_email_or_username(page, axe, live_server, identifier):
    # given
    user = ResidentFactory(first_name="Karin", email="karin@example.org", username="karin.b")

    # when
    log_in(page, axe, identifier, PASSWORD)

    # then
    expect(page).to_have_url(f"{live_server.url}/start/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Karin")
    axe(page)
    user.refresh_from_db()
    assert user.last_login is not None


def test_log_in_with_wrong_password_shows_dutch_error(page, axe, live_server):
    # given
    user = ResidentFactory(email="karin@example.org")

    # when
    log_in(page, axe, "karin@example.org", "Verkeerd-Wachtwoord-1")

    # then
    expect(page).to_have_url(f"{live_server.url}/account/inloggen/")
    expect(page.get_by_role("alert")).to_have_text(WRONG_LOGIN)
    expect(page.get_by_label("E-mailadres of gebruikersnaam")).to_have_value("karin@example.org")
    expect(page.get_by_label("Wachtwoord", exact=True)).to_have_value("")
    axe(page)
    user.refresh_from_db()
    assert user.last_login is None


def test_log_out(page, axe, live_server):
    # given
    ResidentFactory(first_name="Karin", email="karin@example.org")
    log_in(page, axe, "karin@example.org", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Karin")

    # when
    page.get_by_role("button", name="Uitloggen").click()

    # then
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Samen sterker in de buurt")
    expect(page.get_by_role("button", name="Uitloggen")).to_have_count(0)
    axe(page)
    page.goto("/profiel/")
    expect(page).to_have_url(f"{live_server.url}/account/inloggen/?next=/profiel/")
    axe(page)


def test_password_reset_by_mail(page, axe, mailoutbox, live_server):
    # given
    user = ResidentFactory(first_name="Karin", email="karin@example.org")
    page.goto("/account/inloggen/")
    axe(page)
    page.get_by_role("link", name="Wachtwoord vergeten?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wachtwoord vergeten")
    axe(page)

    # when
    page.get_by_label("E-mailadres").fill("karin@example.org")
    page.get_by_role("button", name="Stuur mij de link").click()

    # then
    expect(page.get_by_role("heading", level=1)).to_have_text("Kijk in uw e-mail")
    axe(page)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "Nieuw wachtwoord voor Samenkracht"
    assert mailoutbox[0].to == ["karin@example.org"]

    # when: Karin opens the link and chooses a new password
    page.goto(link_in_mail(mailoutbox[0], "/account/wachtwoord-instellen/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Kies een nieuw wachtwoord")
    axe(page)
    new_password = page.get_by_label("Nieuw wachtwoord", exact=True)
    expect(page.locator("#id_new_password1_helptext li")).to_have_count(4)
    expect(new_password).to_have_accessible_description(
        "Uw wachtwoord mag niet te veel op uw andere persoonlijke gegevens lijken. "
        "Uw wachtwoord moet minstens 8 tekens lang zijn. "
        "Uw wachtwoord mag geen veelgebruikt wachtwoord zijn. "
        "Uw wachtwoord mag niet volledig uit cijfers bestaan."
    )
    new_password.fill(NEW_PASSWORD)
    page.get_by_label("Nieuw wachtwoord bevestigen").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Wachtwoord opslaan").click()

    # then
    expect(page).to_have_url(f"{live_server.url}/account/wachtwoord-ingesteld/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw nieuwe wachtwoord is opgeslagen")
    axe(page)
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert not user.check_password(PASSWORD)

    # when: the link is used again
    page.goto(link_in_mail(mailoutbox[0], "/account/wachtwoord-instellen/"))

    # then
    expect(page.get_by_role("link", name="Nieuwe link aanvragen")).to_be_visible()
    axe(page)

    # when: Karin logs in with the new password
    log_in(page, axe, "karin@example.org", NEW_PASSWORD)

    # then
    expect(page).to_have_url(f"{live_server.url}/start/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Karin")
    axe(page)
