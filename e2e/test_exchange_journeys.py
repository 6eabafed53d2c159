"""The time bank in a phone-sized Chromium: thank with hours after a match, confirm a
pending transfer, read the monthly statement; axe-core on every page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from e2e.helpers import log_in, neighbourhood_new
from samenkracht.exchange import services
from samenkracht.exchange.models import Transfer
from samenkracht.exchange.tests.factories import account_for, hours
from samenkracht.matching.tests.factories import ContactFactory, ListingFactory, OfferFactory
from samenkracht.people.tests.factories import PASSWORD, ResidentFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _people():
    neighbourhood = neighbourhood_new()
    anna = ResidentFactory(
        username="anna", first_name="Anna", last_name="de Vries", neighbourhood=neighbourhood
    )
    bert = ResidentFactory(
        username="bert", first_name="Bert", last_name="Jansen", neighbourhood=neighbourhood
    )
    return anna, bert


def test_a_resident_thanks_her_helper_with_hours_after_a_match(page, axe):
    from playwright.sync_api import expect

    # given: Bert offered help in the garden, Anna asked for it, and they agreed
    hours()
    anna, bert = _people()
    contact = ContactFactory(
        accepted=True,
        ask=ListingFactory(owner=anna, title="Hulp bij de heg"),
        offer=OfferFactory(owner=bert, title="Ik snoei graag"),
    )
    # when Anna opens the contact, says it worked and how long it took, and thanks Bert
    log_in(page, axe, "anna", PASSWORD)
    page.goto(contact.get_absolute_url())
    axe(page)
    page.get_by_label("Ja, het is gelukt").check()
    page.get_by_label("Hoe lang duurde het?").fill("2")
    page.get_by_role("button", name="Verstuur mijn antwoord").click()
    expect(page.locator("#hours-spent")).to_have_text("U schreef: 2 uur.")
    axe(page)
    page.get_by_role("link", name="Bedank Bert J. met uren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bedanken met uren")
    # the amount is proposed from the match, says where it comes from, and can be changed
    expect(page.get_by_label("Hoeveel uur?")).to_have_value("2")
    expect(page.locator("#id_amount_helptext")).to_contain_text(
        "U schreef dat het 2 uur duurde. Dat staat al ingevuld. U kunt het aantal veranderen."
    )
    axe(page)
    page.get_by_label("Hoeveel uur?").fill("1,255")
    page.get_by_role("button", name="Uren geven").click()
    expect(page.locator("#id_amount_errors")).to_have_text(
        "Gebruik hoogstens 2 cijfers achter de komma."
    )
    axe(page)
    page.get_by_label("Hoeveel uur?").fill("1,5")
    page.get_by_role("button", name="Uren geven").click()
    # then
    expect(page.get_by_role("heading", level=1)).to_have_text("Tijdbank")
    expect(page.get_by_role("status")).to_contain_text("Bert J. heeft 1,50 uur van u gekregen.")
    expect(page.locator(f"#balance-{account_for(anna).pk}")).to_have_text("-1,50 uur")
    axe(page)
    assert Transfer.objects.get().amount == 150


def test_a_resident_confirms_a_pending_transfer_and_reads_her_statement(page, axe):
    from playwright.sync_api import expect

    # given: Bert wants to give Anna two hours, to be confirmed
    hours()
    anna, bert = _people()
    services.transfer_send(
        sender=bert,
        from_account=account_for(bert),
        to_account=account_for(anna),
        amount="2",
        key="oppassen",
        memo="Oppassen",
        is_pending=True,
        expires_at=timezone.now() + timedelta(days=7),
        now=timezone.now(),
    )
    # when Anna confirms it on the time bank page
    log_in(page, axe, "anna", PASSWORD)
    page.goto("/tijdbank/")
    expect(page.get_by_role("heading", name="Wacht op uw bevestiging")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Ja, bevestigen").click()
    expect(page.get_by_role("status")).to_contain_text("U heeft 2,00 uur aangenomen.")
    expect(page.locator(f"#balance-{account_for(anna).pk}")).to_have_text("2,00 uur")
    axe(page)
    # and reads this month's statement
    page.get_by_role("link", name="Afschrift").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Afschrift")
    expect(page.locator("#closing")).to_have_text("2,00")
    expect(page.locator("#statement-lines")).to_contain_text("Oppassen")
    axe(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download als PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")
