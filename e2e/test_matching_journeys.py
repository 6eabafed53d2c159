"""A resident asks for help through the guided flow; a neighbour with a matching offer reacts.

They agree, exchange a message and both tell us it worked, with axe-core on every page.
"""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from e2e.helpers import assert_field_invalid, log_in, neighbourhood_new
from samenkracht.matching.models import Contact, DigestPreference, Listing, Message, Outcome
from samenkracht.matching.selectors.index import match_index_reset
from samenkracht.matching.tests.factories import CategoryFactory, ListingFactory, OfferFactory
from samenkracht.people.tests.factories import PASSWORD, ProfessionalFactory, ResidentFactory

pytestmark = pytest.mark.django_db(transaction=True)

# Tuesday afternoon: day 1, part 1.
TUESDAY_AFTERNOON = 1 << (1 * 3 + 1)


def _log_out(page: Any, axe: Any) -> None:
    from playwright.sync_api import expect

    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Samen sterker in de buurt")
    axe(page)


def test_ask_matched_accepted_chatted_and_reported_as_success(page, axe):
    from playwright.sync_api import expect

    # given: a neighbourhood, a small taxonomy and a neighbour who repairs bikes
    match_index_reset()
    neighbourhood = neighbourhood_new()
    transport = CategoryFactory(name="Tweewielers", slug="e2e-tweewielers")
    bikes = CategoryFactory(name="Fietsreparatie", slug="e2e-fietsreparatie", parent=transport)
    ResidentFactory(
        username="anna", first_name="Anna", last_name="de Vries", neighbourhood=neighbourhood
    )
    bram = ResidentFactory(
        username="bram", first_name="Bram", last_name="Bakker", neighbourhood=neighbourhood
    )
    offer = OfferFactory(
        owner=bram,
        category=bikes,
        title="Ik repareer fietsen",
        description="Een fietsband plakken of een ketting smeren doe ik graag.",
        availability=TUESDAY_AFTERNOON,
    )

    # when Anna asks for help through the guided flow
    log_in(page, axe, "anna", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Anna")
    axe(page)
    page.get_by_role("link", name="Ik vraag").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wat zou u helpen?")
    axe(page)
    page.get_by_role("button", name="Tweewielers").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Vertel wat u zoekt")
    axe(page)
    page.get_by_label("Fietsreparatie", exact=True).check()
    page.get_by_label("Korte titel").fill("Mijn fietsband is lek")
    page.get_by_label("Vertel er iets meer over").fill("Ik heb zelf geen plakspullen.")
    page.get_by_role("button", name="Volgende stap").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Wanneer en waar?")
    axe(page)
    page.get_by_label("dinsdag middag", exact=True).check()
    page.get_by_role("button", name="Volgende stap").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Klopt het zo?")
    expect(page.locator(".summary")).to_contain_text("dinsdag middag")
    axe(page)
    page.get_by_role("button", name="Plaats mijn vraag").click()

    # then the ask is on the platform and its page opens
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn fietsband is lek")
    expect(page.get_by_role("status")).to_contain_text("Uw vraag staat erop.")
    axe(page)
    ask = Listing.objects.get(kind=Listing.Kind.ASK)
    assert ask.category == bikes
    assert ask.availability == TUESDAY_AFTERNOON
    _log_out(page, axe)

    # when Bram looks at his offer
    log_in(page, axe, "bram", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Bram")
    expect(page.get_by_role("link", name="Er is een nieuwe vraag")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Ik repareer fietsen", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ik repareer fietsen")
    axe(page)

    # then Anna's ask is among the matches, with the reasons why
    match = page.locator(".match-list > li").filter(has_text="Mijn fietsband is lek")
    expect(match).to_have_count(1)
    expect(match.locator(".reasons")).to_contain_text("zelfde categorie")
    expect(match.locator(".reasons")).to_contain_text("dinsdagmiddag")

    # when Bram reacts
    match.get_by_role("link", name="Reageer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reageren op: Mijn fietsband is lek")
    expect(page.get_by_text("Tips voor veilig contact")).to_be_visible()
    axe(page)
    page.get_by_label("Uw bericht").fill("Ik kan dinsdagmiddag langskomen met plakspullen.")
    page.get_by_role("button", name="Verstuur mijn reactie").click()

    # then the conversation waits for Anna
    expect(page.get_by_role("heading", level=1)).to_have_text("Contact met Anna V.")
    expect(page.locator("#contact-status")).to_have_text("Wacht op antwoord")
    axe(page)
    contact = Contact.objects.get()
    assert (contact.ask, contact.offer) == (ask, offer)
    _log_out(page, axe)

    # when Anna sees the request and accepts
    log_in(page, axe, "anna", PASSWORD)
    expect(page.locator("#nav-notifications")).to_contain_text("nieuw")
    page.get_by_role("link", name="Mijn contacten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn contacten")
    axe(page)
    page.get_by_role("link", name="Bram B. reageert").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contact met Bram B.")
    axe(page)
    page.get_by_role("button", name="Ja, graag").click()
    expect(page.locator("#contact-status")).to_have_text("Geaccepteerd")
    axe(page)

    # and answers him
    page.get_by_label("Uw bericht").fill("Fijn! Dinsdag om 14 uur bij mij thuis?")
    page.get_by_role("button", name="Verstuur bericht").click()
    expect(page.locator(".message-list")).to_contain_text("Dinsdag om 14 uur bij mij thuis?")
    axe(page)

    # and tells us it worked
    page.get_by_label("Ja, het is gelukt").check()
    page.get_by_role("button", name="Verstuur mijn antwoord").click()
    expect(page.locator("#outcome-done")).to_be_visible()
    axe(page)
    _log_out(page, axe)

    # when Bram reads the answer and also tells us it worked
    log_in(page, axe, "bram", PASSWORD)
    page.goto(contact.get_absolute_url())
    expect(page.locator(".message-list")).to_contain_text("Dinsdag om 14 uur bij mij thuis?")
    axe(page)
    page.get_by_label("Ja, het is gelukt").check()
    page.get_by_role("button", name="Verstuur mijn antwoord").click()
    expect(page.locator("#outcome-done")).to_be_visible()
    axe(page)

    # then both answers are stored and the conversation has both messages
    assert sorted(Outcome.objects.values_list("respondent__username", "result")) == [
        ("anna", "matched"),
        ("bram", "matched"),
    ]
    assert list(Message.objects.order_by("id").values_list("sender__username", flat=True)) == [
        "bram",
        "anna",
    ]


def test_professional_introduces_an_unanswered_ask_from_the_desk(page, axe):
    from playwright.sync_api import expect

    # given: an ask nobody reacted to for three weeks, and a fitting offer
    match_index_reset()
    neighbourhood = neighbourhood_new()
    transport = CategoryFactory(name="Tweewielers", slug="e2e-tweewielers")
    bikes = CategoryFactory(name="Fietsreparatie", slug="e2e-fietsreparatie", parent=transport)
    ProfessionalFactory(
        username="fatima",
        first_name="Fatima",
        last_name="El Amrani",
        work_neighbourhoods=[neighbourhood],
    )
    anna = ResidentFactory(
        username="anna", first_name="Anna", last_name="de Vries", neighbourhood=neighbourhood
    )
    ask = ListingFactory(
        owner=anna, category=bikes, title="Fietsband plakken", description="Mijn band is lek."
    )
    Listing.objects.filter(pk=ask.pk).update(created_at=timezone.now() - timedelta(days=21))
    OfferFactory(
        owner=ResidentFactory(first_name="Bram", last_name="Bakker", neighbourhood=neighbourhood),
        category=bikes,
        title="Ik repareer fietsen",
        description="Fietsband plakken en ketting smeren.",
    )

    # when the professional opens the desk of the neighbourhood
    log_in(page, axe, "fatima", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Fatima")
    page.get_by_role("link", name="Balie Soesterkwartier").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Balie van de sociaal makelaar: Soesterkwartier"
    )
    axe(page)

    # then the unanswered ask is listed with a suggested introduction
    expect(page.locator("#unanswered-heading + ul")).to_contain_text("Fietsband plakken")
    suggestion = page.locator(".match-list > li").filter(has_text="Ik repareer fietsen")
    expect(suggestion.locator(".reasons")).to_contain_text("zelfde categorie")

    # when she proposes it with one click
    suggestion.get_by_role("button", name="Stel voor").click()

    # then both residents are introduced and Anna answers first
    expect(page.get_by_role("status")).to_contain_text(
        "U heeft Anna V. en Bram B. aan elkaar voorgesteld."
    )
    axe(page)
    contact = Contact.objects.get()
    assert contact.introduced_by is not None
    assert contact.introduced_by.username == "fatima"
    _log_out(page, axe)

    log_in(page, axe, "anna", PASSWORD)
    page.get_by_role("link", name="Mijn contacten").click()
    page.get_by_role("link", name="Voorstel van Fatima E.").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contact met Bram B.")
    axe(page)
    page.get_by_role("button", name="Ja, graag").click()
    expect(page.get_by_role("status")).to_contain_text("U heeft ja gezegd.")
    axe(page)


def test_resident_pages_and_form_errors_pass_axe(page, axe):
    from playwright.sync_api import expect

    # given
    match_index_reset()
    neighbourhood = neighbourhood_new()
    transport = CategoryFactory(name="Tweewielers", slug="e2e-tweewielers")
    bikes = CategoryFactory(name="Fietsreparatie", slug="e2e-fietsreparatie", parent=transport)
    anna = ResidentFactory(username="anna", first_name="Anna", neighbourhood=neighbourhood)
    ListingFactory(owner=anna, category=bikes, title="Fietsband plakken")
    OfferFactory(category=bikes, title="Ik repareer fietsen", owner__neighbourhood=neighbourhood)
    log_in(page, axe, "anna", PASSWORD)

    # when she browses and searches
    page.get_by_role("link", name="Vragen en aanbod").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vragen en aanbod")
    axe(page)
    page.get_by_label("Zoekwoorden").fill("repareer")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.locator(".listing-list > li")).to_have_count(1)
    expect(page.locator(".listing-list")).to_contain_text("Ik repareer fietsen")
    axe(page)

    # and starts an offer but forgets the title
    page.goto("/ik-bied/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Wat kunt u bieden?")
    page.get_by_role("button", name="Tweewielers").click()
    page.get_by_label("Fietsreparatie", exact=True).check()
    page.get_by_role("button", name="Volgende stap").click()

    # then the step says what is missing, accessibly
    assert_field_invalid(page, "id_title", "Schrijf in een paar woorden wat u zoekt of biedt.")
    axe(page)

    # and step 3 without any part of the week says so too
    page.get_by_label("Korte titel").fill("Ik plak fietsbanden")
    page.get_by_role("button", name="Volgende stap").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wanneer en waar?")
    page.get_by_role("button", name="Volgende stap").click()
    expect(page.locator("#id_availability_errors")).to_have_text(
        "Kies minstens één dagdeel, of kies 'Maakt niet uit'."
    )
    axe(page)

    # when she looks at her own listings, notifications and e-mail settings
    page.goto("/vragen-en-aanbod/mijn/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn vragen en aanbod")
    axe(page)
    page.get_by_role("link", name="Meldingen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meldingen")
    axe(page)
    page.get_by_role("link", name="E-mail met nieuws instellen").click()
    axe(page)
    page.get_by_label("Eén keer per week").check()
    page.get_by_role("button", name="Opslaan").click()

    # then the choice is saved
    expect(page.get_by_role("status")).to_contain_text("Uw keuze voor de e-mail is opgeslagen.")
    axe(page)
    assert DigestPreference.objects.get(user=anna).frequency == "weekly"
