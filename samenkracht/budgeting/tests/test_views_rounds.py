"""Pages of rounds and proposals: the list, one round per phase, forms for each role."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image
from pytest_django.asserts import assertContains, assertNotContains

from samenkracht.budgeting.models import BudgetRound, Follow, Phase, Proposal, Support
from samenkracht.budgeting.tests.factories import (
    BudgetRoundFactory,
    ProposalFactory,
    ballot_round,
    voter_for,
)
from samenkracht.people.tests.factories import (
    AdminFactory,
    NeighbourhoodFactory,
    OfficialFactory,
    ProfessionalFactory,
    ResidentFactory,
)

pytestmark = pytest.mark.django_db


def _jpeg() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 10, 10)).save(buffer, format="JPEG")
    return SimpleUploadedFile("plek.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_the_round_list_is_public_and_its_queries_do_not_grow(
    client, django_assert_num_queries, django_assert_max_num_queries
):
    # given
    BudgetRoundFactory(title="Buurtbudget Vathorst")
    ProposalFactory()
    with django_assert_max_num_queries(10) as few:
        response = client.get("/burgerbegroting/")
    assert response.status_code == 200
    assertContains(response, "Buurtbudget Vathorst")
    # when there are many more rounds
    for _ in range(5):
        ProposalFactory(budget_round=BudgetRoundFactory(phase=Phase.VOTING))
    # then the page still takes as many queries
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get("/burgerbegroting/").status_code == 200


def test_a_round_page_does_not_grow_with_its_proposals(
    client, django_assert_num_queries, django_assert_max_num_queries
):
    budget_round = BudgetRoundFactory(phase=Phase.SUPPORT)
    ProposalFactory(budget_round=budget_round)
    voter = voter_for(budget_round)
    client.force_login(voter)
    url = f"/burgerbegroting/{budget_round.pk}/"
    client.get(url)
    with django_assert_max_num_queries(30) as first:
        client.get(url)
    for _ in range(6):
        ProposalFactory(budget_round=budget_round)
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(url)
    assertContains(response, "Steunen", count=7)


@pytest.mark.parametrize(
    ("phase", "text"),
    [
        (Phase.ANNOUNCED, "kunt u voorstellen indienen"),
        (Phase.PROPOSALS, "Voorstel indienen"),
        (Phase.SUPPORT, "Steun de voorstellen die u goed vindt"),
        (Phase.FEASIBILITY, "De gemeente kijkt nu of de voorstellen haalbaar zijn"),
        (Phase.VOTING, "Stemmen"),
        (Phase.RESULTS, "De uitslag wordt berekend"),
    ],
)
def test_a_resident_sees_what_to_do_in_each_phase(client, phase, text):
    budget_round = BudgetRoundFactory(phase=phase)
    client.force_login(voter_for(budget_round))
    response = client.get(f"/burgerbegroting/{budget_round.pk}/")
    assert response.status_code == 200
    assertContains(response, text)
    assertContains(response, 'aria-current="step"', count=1 if phase != Phase.ANNOUNCED else 0)


def test_a_resident_elsewhere_is_told_why_they_cannot_take_part(client):
    budget_round = BudgetRoundFactory(phase=Phase.PROPOSALS)
    client.force_login(ResidentFactory(birth_year=1980))
    response = client.get(f"/burgerbegroting/{budget_round.pk}/")
    assertContains(response, "U woont niet in een buurt van deze burgerbegroting.")
    assertNotContains(response, "/voorstel-indienen/")


def test_an_unknown_round_is_a_404(client):
    assert client.get("/burgerbegroting/987654/").status_code == 404


def test_an_official_creates_a_round_with_dates_per_phase(client):
    # given
    neighbourhood = NeighbourhoodFactory(name="Soesterkwartier")
    client.force_login(OfficialFactory(municipality=neighbourhood.district.municipality))
    today = timezone.localdate()
    day = lambda n: (today + timedelta(days=n)).isoformat()  # noqa: E731
    # when
    response = client.post(
        "/burgerbegroting/nieuw/",
        {
            "title": "Buurtbudget Soesterkwartier",
            "description": "Samen beslissen.",
            "neighbourhoods": [neighbourhood.pk],
            "amount": "25000",
            "proposals_start": day(1),
            "support_start": day(15),
            "feasibility_start": day(29),
            "voting_start": day(43),
            "voting_last_day": day(56),
            "delivery_start": day(90),
            "min_supports": "5",
            "ballot_type": "knapsack",
            "rule": "mes-add1-greedy",
            "minimum_age": "16",
            "allows_letter_codes": "on",
        },
    )
    # then
    budget_round = BudgetRound.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/burgerbegroting/{budget_round.pk}/"
    assert budget_round.amount == Decimal("25000")
    assert timezone.localtime(budget_round.voting_end).date() == today + timedelta(days=57)
    assert list(budget_round.neighbourhoods.all()) == [neighbourhood]


def test_the_create_form_shows_mistakes_and_stores_nothing(client):
    neighbourhood = NeighbourhoodFactory()
    client.force_login(OfficialFactory(municipality=neighbourhood.district.municipality))
    response = client.post("/burgerbegroting/nieuw/", {"title": ""})
    assert response.status_code == 400
    assertContains(response, "Er gaat iets mis.", status_code=400)
    assert BudgetRound.objects.exists() is False


@pytest.mark.parametrize("role", ["anonymous", "resident"])
def test_residents_and_visitors_cannot_create_rounds(client, role):
    if role == "resident":
        client.force_login(ResidentFactory())
    response = client.get("/burgerbegroting/nieuw/")
    assert response.status_code in (302, 403)


def test_a_locked_round_tells_the_manager_and_refuses_a_new_budget(client):
    budget_round, _proposals = ballot_round()
    BudgetRound.objects.filter(pk=budget_round.pk).update(settings_locked_at=timezone.now())
    client.force_login(AdminFactory())
    page = client.get(f"/burgerbegroting/{budget_round.pk}/wijzigen/")
    assertContains(page, "Er is al gestemd.")
    data = dict(page.context["form"].initial.items())
    data["neighbourhoods"] = [n.pk for n in data["neighbourhoods"]]
    data["amount"] = "1"
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data["allows_letter_codes"] = "on"
    response = client.post(f"/burgerbegroting/{budget_round.pk}/wijzigen/", data)
    assert response.status_code == 400
    assertContains(response, "Er is al gestemd.", status_code=400)
    budget_round.refresh_from_db()
    assert budget_round.amount == Decimal("20000")


def test_a_resident_submits_a_proposal_with_a_photo(client):
    # given
    budget_round = BudgetRoundFactory(phase=Phase.PROPOSALS)
    author = voter_for(budget_round)
    client.force_login(author)
    assertContains(
        client.get(f"/burgerbegroting/{budget_round.pk}/voorstel-indienen/"), "Voorstel indienen"
    )
    # when
    response = client.post(
        f"/burgerbegroting/{budget_round.pk}/voorstel-indienen/",
        {
            "title": "Geveltuinen in de Kamp",
            "text": "Tegels eruit, planten erin.",
            "estimated_cost": "4000",
            "neighbourhood": author.neighbourhood_id,
            "photo": _jpeg(),
        },
    )
    # then
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/burgerbegroting/voorstellen/{proposal.pk}/"
    page = client.get(response["Location"])
    assertContains(page, "Geveltuinen in de Kamp")
    assertContains(page, "Uw voorstel staat erop.")
    photo = client.get(proposal.photo.url)
    assert photo.status_code == 200
    assert photo["Content-Type"] == "image/jpeg"


def test_submitting_outside_the_phase_is_refused_with_the_reason(client):
    budget_round = BudgetRoundFactory(phase=Phase.VOTING)
    client.force_login(voter_for(budget_round))
    response = client.get(f"/burgerbegroting/{budget_round.pk}/voorstel-indienen/")
    assert response.status_code == 403
    assertContains(response, "Voorstellen indienen kan niet meer.", status_code=403)
    response = client.post(
        f"/burgerbegroting/{budget_round.pk}/voorstel-indienen/",
        {"title": "Te laat", "estimated_cost": "10", "neighbourhood": ""},
    )
    assert response.status_code == 400
    assert Proposal.objects.exists() is False


def test_support_and_follow_from_the_proposal_page(client):
    proposal = ProposalFactory(budget_round=BudgetRoundFactory(phase=Phase.SUPPORT))
    neighbour = voter_for(proposal.budget_round)
    client.force_login(neighbour)
    url = f"/burgerbegroting/voorstellen/{proposal.pk}/"
    assertContains(client.get(url), "Steunen")
    client.post(f"{url}steunen/", {"action": "add"})
    client.post(f"{url}volgen/", {"action": "add"})
    assert Support.objects.filter(proposal=proposal, user=neighbour).count() == 1
    assert Follow.objects.filter(proposal=proposal, user=neighbour).count() == 1
    page = client.get(url)
    assertContains(page, "Steun weghalen")
    assertContains(page, "1 bewoner steunt dit")
    client.post(f"{url}steunen/", {"action": "remove"})
    assert Support.objects.exists() is False


def test_support_by_someone_outside_the_area_is_refused_with_a_message(client):
    proposal = ProposalFactory(budget_round=BudgetRoundFactory(phase=Phase.SUPPORT))
    client.force_login(ResidentFactory(birth_year=1980))
    response = client.post(
        f"/burgerbegroting/voorstellen/{proposal.pk}/steunen/", {"action": "add"}, follow=True
    )
    assertContains(response, "U woont niet in een buurt van deze burgerbegroting.")
    assert Support.objects.exists() is False


def test_a_professional_records_feasibility_through_the_form(client):
    budget_round = BudgetRoundFactory(phase=Phase.FEASIBILITY)
    proposal = ProposalFactory(budget_round=budget_round, status=Proposal.Status.PASSED)
    client.force_login(
        ProfessionalFactory(work_neighbourhoods=list(budget_round.neighbourhoods.all()))
    )
    url = f"/burgerbegroting/voorstellen/{proposal.pk}/toets/"
    assertContains(client.get(url), "Haalbaarheid toetsen")
    bad = client.post(url, {"verdict": "feasible", "reason": "Kan.", "assessed_cost": ""})
    assert bad.status_code == 400
    assertContains(bad, "Vul in wat het project volgens de toets kost.", status_code=400)
    response = client.post(
        url, {"verdict": "not_feasible", "reason": "De grond is van het waterschap."}
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.NOT_FEASIBLE
    assertContains(
        client.get(f"/burgerbegroting/voorstellen/{proposal.pk}/"),
        "De grond is van het waterschap.",
    )


def test_a_resident_cannot_open_the_feasibility_form(client):
    budget_round = BudgetRoundFactory(phase=Phase.FEASIBILITY)
    proposal = ProposalFactory(budget_round=budget_round, status=Proposal.Status.PASSED)
    client.force_login(voter_for(budget_round))
    assert client.get(f"/burgerbegroting/voorstellen/{proposal.pk}/toets/").status_code == 403


def test_the_author_edits_and_withdraws_a_proposal(client):
    proposal = ProposalFactory()
    client.force_login(proposal.author)
    url = f"/burgerbegroting/voorstellen/{proposal.pk}/"
    response = client.post(
        f"{url}wijzigen/",
        {
            "title": "Zes bankjes",
            "text": proposal.text,
            "estimated_cost": "7000",
            "neighbourhood": proposal.neighbourhood_id,
        },
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.title == "Zes bankjes"
    client.post(f"{url}intrekken/")
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.WITHDRAWN
    assert client.get(url).status_code == 404


def test_home_pages_link_to_the_rounds_of_each_role(client):
    budget_round = BudgetRoundFactory(title="Buurtbudget De Kruiden")
    resident = voter_for(budget_round)
    client.force_login(resident)
    assertContains(client.get("/start/"), "Buurtbudget De Kruiden")
    client.force_login(
        ProfessionalFactory(work_neighbourhoods=list(budget_round.neighbourhoods.all()))
    )
    page = client.get("/start/")
    assertContains(page, "Buurtbudget De Kruiden")
    assertContains(page, "Nieuwe burgerbegroting")
    client.force_login(OfficialFactory(municipality=budget_round.municipality))
    assertContains(client.get("/start/"), "Buurtbudget De Kruiden")
    client.force_login(ResidentFactory())
    assertNotContains(client.get("/start/"), "Buurtbudget De Kruiden")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("voting_last_day", "9999-12-31"),
        ("delivery_start", "9999-12-31"),
        ("proposals_start", "0001-01-01"),
        ("min_projects", "99999999"),
        ("points_total", "99999999"),
    ],
)
def test_dates_and_numbers_out_of_range_are_mistakes_not_errors(client, field, value):
    # given
    neighbourhood = NeighbourhoodFactory()
    client.force_login(OfficialFactory(municipality=neighbourhood.district.municipality))
    data = {
        "title": "Buurtbudget",
        "neighbourhoods": [neighbourhood.pk],
        "amount": "25000",
        "proposals_start": "2030-01-01",
        "support_start": "2030-01-15",
        "feasibility_start": "2030-02-01",
        "voting_start": "2030-03-01",
        "voting_last_day": "2030-03-14",
        "delivery_start": "2030-04-01",
        "min_supports": "5",
        "ballot_type": "cumulative",
        "points_total": "10",
        "rule": "mes-add1-greedy",
        "minimum_age": "16",
    }
    # when
    response = client.post("/burgerbegroting/nieuw/", {**data, field: value})
    # then
    assert response.status_code == 400
    assertContains(response, "Er gaat iets mis.", status_code=400)
    assert BudgetRound.objects.exists() is False


def test_the_photo_of_a_withdrawn_proposal_is_no_longer_shown(client):
    # given a proposal with a photo, then withdrawn
    proposal = ProposalFactory(photo="proposals/bankjes.jpg")
    default_storage.save("proposals/bankjes.jpg", ContentFile(b"\xff\xd8\xff"))
    assert client.get("/media/proposals/bankjes.jpg").status_code == 200
    Proposal.objects.filter(pk=proposal.pk).update(status=Proposal.Status.WITHDRAWN)
    # when / then
    assert client.get("/media/proposals/bankjes.jpg").status_code == 404


def test_an_imported_round_keeps_its_rule_when_edited(client):
    # given: a round with a rule new rounds are not offered (as import-pb makes them)
    budget_round, _proposals = ballot_round()
    BudgetRound.objects.filter(pk=budget_round.pk).update(rule=BudgetRound.Rule.MES_ADD1)
    client.force_login(AdminFactory())
    page = client.get(f"/burgerbegroting/{budget_round.pk}/wijzigen/")
    assertContains(page, 'value="mes-add1"')
    data = dict(page.context["form"].initial.items())
    data["neighbourhoods"] = [n.pk for n in data["neighbourhoods"]]
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data["allows_letter_codes"] = "on"
    data["title"] = "Nieuwe titel"
    # when
    response = client.post(f"/burgerbegroting/{budget_round.pk}/wijzigen/", data)
    # then
    assert response.status_code == 302
    budget_round.refresh_from_db()
    assert (budget_round.title, budget_round.rule) == ("Nieuwe titel", BudgetRound.Rule.MES_ADD1)
