"""Small steps that several browser journeys share."""

import re
from typing import Any

from django.core.mail import EmailMessage
from playwright.sync_api import Page, expect

from samenkracht.people.models import Neighbourhood
from samenkracht.people.tests.factories import NeighbourhoodFactory

ERROR_SUMMARY = "Er gaat iets mis. Kijk bij de velden hieronder wat er anders moet."
WRONG_LOGIN = "Het e-mailadres, de gebruikersnaam of het wachtwoord klopt niet."


def neighbourhood_new(name: str = "Soesterkwartier", district: str = "Centrum") -> Neighbourhood:
    """A neighbourhood in the installation's default municipality, so the pickers offer it."""
    return NeighbourhoodFactory(name=name, district__name=district)


def log_in(page: Page, axe: Any, identifier: str, password: str) -> None:
    page.goto("/account/inloggen/")
    axe(page)
    page.get_by_label("E-mailadres of gebruikersnaam").fill(identifier)
    page.get_by_label("Wachtwoord", exact=True).fill(password)
    page.get_by_role("button", name="Inloggen").click()


def link_in_mail(message: EmailMessage, path_start: str) -> str:
    """The one link in `message` whose path starts with `path_start`."""
    links = re.findall(r"https?://\S+", str(message.body))
    matching = [link for link in links if path_start in link]
    assert len(matching) == 1, links
    return matching[0]


def field_error(page: Page, field_id: str) -> Any:
    """The error list that belongs to the form field with this id."""
    return page.locator(f"#{field_id}_errors")


def assert_field_invalid(page: Page, field_id: str, *messages: str) -> None:
    """The field is marked invalid and points screen readers at exactly these messages."""
    field = page.locator(f"#{field_id}")
    expect(field).to_have_attribute("aria-invalid", "true")
    describedby = field.get_attribute("aria-describedby") or ""
    assert f"{field_id}_errors" in describedby.split()
    expect(field_error(page, field_id).locator("li")).to_have_text(list(messages))
