"""Neighbourhood budgets in a phone-sized Chromium: propose, vote with the running total,
get a receipt, read the result; axe-core on every page."""

import re
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from e2e.helpers import log_in, neighbourhood_new
from samenkracht.budgeting import services
from samenkracht.budgeting.models import Ballot, BudgetRound, Phase, Proposal, VoterRecord
from samenkracht.budgeting.tests.factories import BudgetRoundFactory, ProposalFactory, phase_dates
from samenkracht.people.tests.factories import PASSWORD, NeighbourhoodFactory, ResidentFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _round(phase: str, **kwargs: Any) -> BudgetRound:
    neighbourhood = neighbourhood_new()
    return BudgetRoundFactory(
        phase=phase,
        title="Buurtbudget Soesterkwartier",
        neighbourhoods=[neighbourhood],
        municipality=neighbourhood.district.municipality,
        **kwargs,
    )


def _resident(budget_round: BudgetRound, username: str, first_name: str) -> Any:
    return ResidentFactory(
        username=username,
        first_name=first_name,
        last_name="de Vries",
        birth_year=1975,
        neighbourhood=budget_round.neighbourhoods.get(),
    )


def test_a_resident_submits_a_proposal_with_a_place(page, axe, settings):
    from playwright.sync_api import expect

    # given: a round for Soesterkwartier, and Hooglanderveen (not in it) 5.6 km to the north
    settings.SAMENKRACHT_MAP_TILES = ""  # the map's tiles come from the internet
    budget_round = _round(Phase.PROPOSALS)
    home = budget_round.neighbourhoods.get()
    NeighbourhoodFactory(
        name="Hooglanderveen",
        district=home.district,
        latitude=home.latitude + 0.05,
        longitude=home.longitude,
    )
    _resident(budget_round, "anna", "Anna")
    # when Anna finds the round from her start page
    log_in(page, axe, "anna", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Anna")
    page.get_by_role("link", name="Buurtbudget Soesterkwartier").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Buurtbudget Soesterkwartier")
    axe(page)
    page.get_by_role("link", name="Voorstel indienen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Voorstel indienen")
    expect(page.get_by_role("region", name="Kaart om een plek te kiezen")).to_be_visible()
    axe(page)
    # and submits an empty form first
    page.get_by_role("button", name="Voorstel indienen").click()
    expect(page.locator("#id_title_errors")).to_have_text("Vul dit veld in.")
    axe(page)
    page.get_by_label("Titel van uw voorstel").fill("Moestuin bij het buurthuis")
    page.get_by_label("Wat stelt u voor?").fill("Bakken met groente, voor en door bewoners.")
    page.get_by_label("Wat kost het ongeveer, in euro?").fill("3500")
    # and types a place in Hooglanderveen, with a comma as a Dutch keyboard does
    latitude = page.get_by_label("Plek op de kaart: breedtegraad")
    longitude = page.get_by_label("Plek op de kaart: lengtegraad")
    latitude.fill("52,207")
    longitude.fill("5,39")
    page.get_by_role("button", name="Voorstel indienen").click()
    # then the form says where that is, and which buurten the round is for
    expect(page.locator("#id_latitude_errors")).to_have_text(
        "Deze plek ligt in de buurt Hooglanderveen. Deze burgerbegroting is alleen voor de "
        "buurt Soesterkwartier. Kies daar een plek, of laat de plek leeg."
    )
    axe(page)
    assert Proposal.objects.exists() is False
    # when she types a place in her own buurt: the map follows
    latitude.fill("52,1571")
    longitude.fill("5,3902")
    longitude.press("Tab")
    # and clicks the map a little east of it
    picker = page.get_by_role("region", name="Kaart om een plek te kiezen")
    box = picker.bounding_box()
    assert box is not None
    picker.click(position={"x": box["width"] / 2 + 40, "y": box["height"] / 2})
    # then the fields hold the clicked place, and a status line says which buurt it is in
    expect(latitude).to_have_value(re.compile(r"^52\.157\d\d$"))
    expect(longitude).to_have_value(re.compile(r"^5\.39\d\d\d$"))
    expect(longitude).not_to_have_value("5.39020")
    expect(page.get_by_role("status")).to_contain_text("in de buurt Soesterkwartier")
    axe(page)
    clicked = (float(latitude.input_value()), float(longitude.input_value()))
    page.get_by_role("button", name="Voorstel indienen").click()
    # then the proposal has its own page, with the place in words and on a small map
    expect(page.get_by_role("heading", level=1)).to_have_text("Moestuin bij het buurthuis")
    expect(page.get_by_role("status")).to_contain_text("Uw voorstel staat erop.")
    expect(page.locator("#proposal-status")).to_have_text("Ingediend")
    expect(page.locator("#proposal-neighbourhood")).to_have_text("Soesterkwartier")
    expect(page.locator("#proposal-place")).to_contain_text("noorderbreedte")
    place_map = page.get_by_role("region", name="Kaart met de plek van het voorstel")
    expect(place_map).to_have_attribute("data-loaded", "1")
    axe(page)
    proposal = Proposal.objects.get()
    assert (proposal.title, proposal.estimated_cost) == ("Moestuin bij het buurthuis", 3500)
    assert (proposal.latitude, proposal.longitude) == clicked
    assert proposal.neighbourhood == home
    # and the round's page shows it on the map of proposals
    page.get_by_role("link", name="Buurtbudget Soesterkwartier").click()
    expect(page.get_by_role("region", name="Kaart met voorstellen")).to_have_attribute(
        "data-loaded", "1"
    )
    axe(page)


def test_a_resident_votes_on_a_phone_with_the_running_total_and_gets_a_receipt(page, axe):
    from playwright.sync_api import expect

    # given: three projects on the ballot of a € 20.000 round
    budget_round = _round(Phase.VOTING)
    for title, cost in (("Speeltuin", 12000), ("Bankjes", 4800), ("AED", 3500)):
        ProposalFactory(
            budget_round=budget_round,
            title=title,
            estimated_cost=Decimal(cost),
            assessed_cost=Decimal(cost),
            status=Proposal.Status.ON_BALLOT,
        )
    voter = _resident(budget_round, "bram", "Bram")
    # when Bram opens the ballot
    log_in(page, axe, "bram", PASSWORD)
    page.goto(budget_round.get_absolute_url())
    axe(page)
    page.get_by_role("link", name="Stemmen", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw stem")
    total = page.locator("[data-total-text]")
    expect(total).to_have_text("Uw keuze: € 0 van € 20.000")
    axe(page)
    # and ticks projects: the running total follows, and warns over the budget
    page.get_by_label("Speeltuin").check()
    page.get_by_label("Bankjes").check()
    expect(total).to_have_text("Uw keuze: € 16.800 van € 20.000")
    page.get_by_label("AED").check()
    expect(page.locator("[data-total-warning]")).to_be_visible()
    page.get_by_label("AED").uncheck()
    expect(page.locator("[data-total-warning]")).to_be_hidden()
    page.get_by_role("button", name="Volgende: controleer uw stem").click()
    # then the confirm screen lists the choice
    expect(page.get_by_role("heading", level=1)).to_have_text("Klopt uw stem?")
    expect(page.locator("#chosen-projects li")).to_have_count(2)
    expect(page.locator("#ballot-total")).to_contain_text("€ 16.800")
    axe(page)
    assert Ballot.objects.exists() is False
    page.get_by_role("button", name="Ja, dit is mijn stem").click()
    # and the receipt says it is counted
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw stem is geteld")
    expect(page.locator("#receipt-code")).to_have_text(
        re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$")
    )
    axe(page)
    assert VoterRecord.objects.get().person == voter
    assert len(Ballot.objects.get().choices) == 2


def test_the_results_page_explains_the_outcome(page, axe):
    from playwright.sync_api import expect

    # given: a round whose voting closed, with votes, and its result computed
    budget_round = _round(
        Phase.VOTING, amount=Decimal("10000"), ballot_type=BudgetRound.BallotType.APPROVAL
    )
    projects = {
        title: ProposalFactory(
            budget_round=budget_round,
            title=title,
            estimated_cost=Decimal(cost),
            assessed_cost=Decimal(cost),
            status=Proposal.Status.ON_BALLOT,
        )
        for title, cost in (("Speeltuin", 6000), ("Bankjes", 4000), ("Moestuin", 5000))
    }
    voting_moment = timezone.now()
    voters = [_resident(budget_round, f"kiezer{n}", f"Kiezer{n}") for n in range(5)]
    wishes = [
        ["Speeltuin", "Bankjes"],
        ["Speeltuin"],
        ["Speeltuin", "Moestuin"],
        ["Bankjes"],
        ["Moestuin"],
    ]
    for voter, wish in zip(voters, wishes, strict=True):
        services.ballot_cast(
            budget_round=budget_round,
            voter=voter,
            choices=[(projects[title].pk, None) for title in wish],
            now=voting_moment,
        )
    BudgetRound.objects.filter(pk=budget_round.pk).update(
        **phase_dates(Phase.RESULTS, timezone.now() + timedelta(seconds=1))
    )
    budget_round.refresh_from_db()
    services.result_compute(budget_round=budget_round, now=timezone.now() + timedelta(seconds=1))
    services.round_advance(budget_round=budget_round, now=timezone.now() + timedelta(seconds=1))
    # when the first voter looks at the result
    log_in(page, axe, "kiezer0", PASSWORD)
    page.goto(budget_round.get_absolute_url())
    axe(page)
    page.get_by_role("link", name="Bekijk de uitslag").click()
    # then it shows the winners, an explanation per project and what it means for them
    expect(page.get_by_role("heading", level=1)).to_have_text("De uitslag")
    expect(page.locator("#result-summary")).to_contain_text("5 bewoners stemden.")
    expect(page.locator("#voter-text")).to_contain_text("van de 2 projecten die u koos")
    expect(page.get_by_role("table")).to_contain_text("Speeltuin")
    expect(page.get_by_role("img", name="Aantal stemmers per project")).to_be_visible()
    expect(page.locator("#comparison")).to_be_visible()
    axe(page)
    # and the open data can be downloaded
    with page.expect_download() as download:
        page.get_by_role("link", name="Download de stemmen en de uitslag (.pb)").click()
    assert download.value.suggested_filename == "buurtbudget-soesterkwartier.pb"
