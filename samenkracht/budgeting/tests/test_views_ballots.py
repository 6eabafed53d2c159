"""The ballot pages: vote, confirm, receipt; with a letter code; with a professional's help."""

import re

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from samenkracht.budgeting import selectors
from samenkracht.budgeting.models import (
    Ballot,
    BudgetRound,
    Phase,
    VoteAssistance,
    VoterRecord,
    VotingCode,
)
from samenkracht.budgeting.tests.factories import ballot_round, voter_for
from samenkracht.people.tests.factories import ProfessionalFactory, ResidentFactory

pytestmark = pytest.mark.django_db


def _receipt_code(response) -> str:
    match = re.search(r'id="receipt-code">([A-Z0-9-]+)<', response.content.decode())
    assert match is not None
    return match.group(1)


def test_vote_confirm_and_receipt(client):
    # given
    budget_round, (a, _b, c, _d) = ballot_round()
    voter = voter_for(budget_round)
    client.force_login(voter)
    url = f"/burgerbegroting/{budget_round.pk}/stemmen/"
    # when the ballot opens
    page = client.get(url)
    assertContains(page, "Projecten op het stembiljet")
    assertContains(page, 'data-cost="8000.00"')
    assertContains(page, "€\u00a020.000")
    # and two projects are chosen
    confirm = client.post(url, {"projects": [str(a.pk), str(c.pk)], "action": "check"})
    # then the confirm screen shows them and their total; nothing is stored yet
    assertContains(confirm, "Klopt uw stem?")
    assertContains(confirm, "Samen kosten ze €\u00a013.000. Het budget is €\u00a020.000.")
    assert Ballot.objects.exists() is False
    # when confirmed
    cast = client.post(url, {"projects": [str(a.pk), str(c.pk)], "action": "cast"})
    assert cast.status_code == 302
    receipt = client.get(cast["Location"])
    # then the receipt says the vote is counted, with a code
    assertContains(receipt, "Uw stem is geteld")
    code = _receipt_code(receipt)
    assert selectors.receipt_is_counted(budget_round=budget_round, code=code)
    assert Ballot.objects.get().choices == [[a.pk, None], [c.pk, None]]
    # and the ballot shows the vote again, to change it
    again = client.get(url)
    assertContains(again, "U heeft al gestemd.")
    assertContains(again, f'value="{a.pk}" id="project-{a.pk}" data-cost="8000.00" checked')


def test_going_back_from_the_confirm_screen_keeps_the_choice(client):
    budget_round, (a, *_rest) = ballot_round()
    client.force_login(voter_for(budget_round))
    url = f"/burgerbegroting/{budget_round.pk}/stemmen/"
    page = client.post(url, {"projects": [str(a.pk)], "action": "change"})
    assertContains(page, f'id="project-{a.pk}" data-cost="8000.00" checked')
    assert Ballot.objects.exists() is False


def test_an_over_budget_ballot_is_refused_on_the_page(client):
    budget_round, proposals = ballot_round()
    client.force_login(voter_for(budget_round))
    response = client.post(
        f"/burgerbegroting/{budget_round.pk}/stemmen/",
        {"projects": [str(p.pk) for p in proposals], "action": "cast"},
    )
    assert response.status_code == 400
    assertContains(response, "Dat is meer dan het budget", status_code=400)
    assert Ballot.objects.exists() is False
    assert VoterRecord.objects.exists() is False


def test_someone_outside_the_area_sees_why_and_cannot_post(client):
    budget_round, (a, *_rest) = ballot_round()
    client.force_login(ResidentFactory(birth_year=1980))
    url = f"/burgerbegroting/{budget_round.pk}/stemmen/"
    page = client.get(url)
    assert page.status_code == 403
    assertContains(page, "U woont niet in een buurt", status_code=403)
    assertNotContains(page, "Projecten op het stembiljet", status_code=403)
    response = client.post(url, {"projects": [str(a.pk)], "action": "cast"})
    assert response.status_code == 403
    assert Ballot.objects.exists() is False


def test_a_closed_round_refuses_votes(client):
    budget_round, (a, *_rest) = ballot_round(phase=Phase.RESULTS)
    client.force_login(voter_for(budget_round))
    response = client.post(
        f"/burgerbegroting/{budget_round.pk}/stemmen/", {"projects": [str(a.pk)], "action": "cast"}
    )
    assert response.status_code == 403
    assertContains(response, "Het stemmen is gesloten.", status_code=403)
    assert Ballot.objects.exists() is False


def test_the_ballot_asks_visitors_to_log_in(client):
    budget_round, _proposals = ballot_round()
    response = client.get(f"/burgerbegroting/{budget_round.pk}/stemmen/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/inloggen/")


def test_a_cumulative_ballot_takes_points(client):
    budget_round, (a, b, *_rest) = ballot_round(
        ballot_type=BudgetRound.BallotType.CUMULATIVE, points_total=10
    )
    client.force_login(voter_for(budget_round))
    url = f"/burgerbegroting/{budget_round.pk}/stemmen/"
    data = {f"points_{a.pk}": "6", f"points_{b.pk}": "4", "action": "cast"}
    assert client.post(url, data).status_code == 302
    assert Ballot.objects.get().choices == [[a.pk, 6], [b.pk, 4]]


def test_a_ranking_ballot_takes_places(client):
    budget_round, (a, b, c, _d) = ballot_round(ballot_type=BudgetRound.BallotType.RANKING)
    client.force_login(voter_for(budget_round))
    url = f"/burgerbegroting/{budget_round.pk}/stemmen/"
    same = client.post(url, {f"place_{a.pk}": "1", f"place_{b.pk}": "1", "action": "cast"})
    assertContains(same, "Twee projecten hebben dezelfde plaats.", status_code=400)
    data = {f"place_{a.pk}": "2", f"place_{c.pk}": "1", "action": "cast"}
    assert client.post(url, data).status_code == 302
    assert Ballot.objects.get().proposal_ids == [c.pk, a.pk]


def test_a_resident_votes_with_the_code_from_a_letter(client):
    # given: a professional made a letter
    budget_round, (a, *_rest) = ballot_round()
    resident = voter_for(budget_round)
    professional = ProfessionalFactory(work_neighbourhoods=[resident.neighbourhood])
    client.force_login(professional)
    letters = client.get(f"/burgerbegroting/{budget_round.pk}/brieven/")
    assertContains(letters, resident.full_name)
    made = client.post(f"/burgerbegroting/{budget_round.pk}/brieven/", {"residents": [resident.pk]})
    printed = client.get(made["Location"])
    code = re.search(r'class="code">([A-Z0-9-]+)<', printed.content.decode()).group(1)  # type: ignore[union-attr]
    assert VotingCode.objects.get().code_hash != code
    client.post(made["Location"])
    assert client.get(made["Location"]).status_code == 302
    client.logout()
    # when the resident types the code and votes
    entry = f"/burgerbegroting/{budget_round.pk}/stemmen/code/"
    wrong = client.post(entry, {"code": "AAAA-AAAA-AAAA"})
    assertContains(wrong, "Deze code klopt niet.", status_code=400)
    to_ballot = client.post(entry, {"code": code.lower()})
    assert to_ballot["Location"] == f"/burgerbegroting/{budget_round.pk}/stemmen/met-code/"
    cast = client.post(to_ballot["Location"], {"projects": [str(a.pk)], "action": "cast"})
    # then the vote counts for that resident, once
    assertContains(client.get(cast["Location"]), "Uw stem is geteld")
    record = VoterRecord.objects.get()
    assert (record.person, record.method) == (resident, "letter")
    assert client.get(to_ballot["Location"]).status_code == 302
    again = client.post(entry, {"code": code})
    assertContains(again, "Met deze code is al gestemd.", status_code=400)


def test_a_professional_helps_a_resident_to_vote(client):
    budget_round, (a, *_rest) = ballot_round()
    resident = voter_for(budget_round, first_name="Henk", last_name="Jansen")
    professional = ProfessionalFactory(work_neighbourhoods=[resident.neighbourhood])
    client.force_login(professional)
    start = f"/burgerbegroting/{budget_round.pk}/stemmen/helpen/"
    chosen = client.post(start, {"resident": resident.pk})
    assert chosen["Location"] == f"/burgerbegroting/{budget_round.pk}/stemmen/voor-bewoner/"
    ballot_page = client.get(chosen["Location"])
    assertContains(ballot_page, "Stemmen voor Henk J.")
    cast = client.post(chosen["Location"], {"projects": [str(a.pk)], "action": "cast"})
    assertContains(client.get(cast["Location"]), "De stem van Henk J. is geteld")
    record = VoterRecord.objects.get()
    assert (record.person, record.assisted_by, record.method) == (
        resident,
        professional,
        "assisted",
    )
    assert VoteAssistance.objects.filter(professional=professional, resident=resident).count() == 1


def test_a_resident_cannot_help_others_vote(client):
    budget_round, _proposals = ballot_round()
    client.force_login(voter_for(budget_round))
    assert client.get(f"/burgerbegroting/{budget_round.pk}/stemmen/helpen/").status_code == 403
    assert client.get(f"/burgerbegroting/{budget_round.pk}/brieven/").status_code == 403


def test_a_project_that_is_not_on_the_ballot_is_named_on_the_page(client):
    # given
    budget_round, _proposals = ballot_round()
    client.force_login(voter_for(budget_round))
    # when a choice comes in that is not on the ballot
    response = client.post(
        f"/burgerbegroting/{budget_round.pk}/stemmen/", {"projects": ["987654"], "action": "cast"}
    )
    # then the page says what is wrong, and nothing is stored
    assertContains(response, "Kies projecten van het stembiljet.", status_code=400)
    assert Ballot.objects.exists() is False


def test_guessing_letter_codes_is_stopped_after_ten_wrong_codes(client):
    # given: a round that takes letter codes
    budget_round, _proposals = ballot_round()
    entry = f"/burgerbegroting/{budget_round.pk}/stemmen/code/"
    for _ in range(10):
        assertContains(
            client.post(entry, {"code": "AAAA-AAAA-AAAA"}), "Deze code klopt niet.", status_code=400
        )
    # when
    blocked = client.post(entry, {"code": "BBBB-BBBB-BBBB"})
    # then: refused without looking the code up, with a message
    assertContains(blocked, "te vaak een verkeerde code", status_code=429)
