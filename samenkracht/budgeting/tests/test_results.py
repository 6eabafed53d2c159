"""Computing, storing, explaining and publishing a round's result; the .pb round trip."""

from decimal import Decimal

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from samenkracht.budgeting import selectors, services
from samenkracht.budgeting.explanations import result_explain, voter_text
from samenkracht.budgeting.models import (
    Ballot,
    BudgetRound,
    Phase,
    Proposal,
    RoundResult,
)
from samenkracht.budgeting.tests.factories import (
    ballot_round,
    phase_dates,
    voter_for,
)
from samenkracht.core.budgeting import allocate, parse_pb
from samenkracht.people.tests.factories import (
    AdminFactory,
    OfficialFactory,
)

pytestmark = pytest.mark.django_db

# Three projects, € 10.000: most votes first takes A and B; equal shares gives C's voters
# their project too.
COSTS = (6000, 4000, 5000)
WISHES = ((0, 1), (0,), (0,), (0, 1), (1,), (2,), (2,), (2,))


def _closed_round(
    *, rule=BudgetRound.Rule.MES_COMPLETED, wishes=WISHES, **kwargs
) -> tuple[BudgetRound, list[Proposal], list]:
    budget_round, proposals = ballot_round(
        costs=COSTS, rule=rule, amount=Decimal("10000"), **kwargs
    )
    voters = []
    now = timezone.now()
    for wish in wishes:
        voter = voter_for(budget_round)
        services.ballot_cast(
            budget_round=budget_round,
            voter=voter,
            choices=[(proposals[index].pk, None) for index in wish],
            now=now,
        )
        voters.append(voter)
    BudgetRound.objects.filter(pk=budget_round.pk).update(**phase_dates(Phase.RESULTS))
    budget_round.refresh_from_db()
    return budget_round, proposals, voters


def test_closing_asks_for_the_result_and_computing_stores_it():
    # given
    budget_round, proposals, _voters = _closed_round()
    now = timezone.now()
    assert services.round_advance(budget_round=budget_round, now=now) is True
    assert RoundResult.objects.get().status == RoundResult.Status.COMPUTING
    assert selectors.is_result_published(budget_round=budget_round, now=now) is False
    # when
    result = services.result_compute(budget_round=budget_round, now=now)
    # then
    instance, _by_id = selectors.instance_build(budget_round=budget_round)
    expected = allocate(instance, "mes-add1-greedy")
    assert result.status == RoundResult.Status.DONE
    assert result.voter_count == len(WISHES)
    assert result.selected == [int(project_id) for project_id in expected.selected]
    assert result.spent == Decimal(expected.spent.numerator) / expected.spent.denominator
    assert set(result.projects) == {str(p.pk) for p in proposals}
    assert selectors.is_result_published(budget_round=budget_round, now=now) is True
    statuses = dict(Proposal.objects.values_list("pk", "status"))
    for proposal in proposals:
        expected_status = "won" if proposal.pk in result.selected else "lost"
        assert statuses[proposal.pk] == expected_status
    numbers = Ballot.objects.values_list("public_number", flat=True)
    assert sorted(n or 0 for n in numbers) == list(range(1, 9))


def test_greedy_is_stored_alongside_for_comparison():
    budget_round, _proposals, _voters = _closed_round()
    result = services.result_compute(budget_round=budget_round, now=timezone.now())
    instance, _by_id = selectors.instance_build(budget_round=budget_round)
    greedy = allocate(instance, "greedy")
    assert result.greedy_selected == [int(project_id) for project_id in greedy.selected]


def test_a_result_cannot_be_computed_before_closing():
    budget_round, _proposals = ballot_round()
    from samenkracht.common.errors import ApplicationError

    with pytest.raises(ApplicationError):
        services.result_compute(budget_round=budget_round, now=timezone.now())
    assert RoundResult.objects.exists() is False


def test_an_official_asks_again_and_the_automatic_request_does_not_repeat():
    budget_round, _proposals, _voters = _closed_round()
    now = timezone.now()
    official = OfficialFactory(municipality=budget_round.municipality)
    assert services.result_request(budget_round=budget_round, requested_by=official, now=now)
    services.result_compute(budget_round=budget_round, now=now)
    assert services.result_request(budget_round=budget_round, requested_by=None, now=now) is False
    assert services.result_request(budget_round=budget_round, requested_by=official, now=now)


def test_every_project_gets_a_plain_dutch_explanation():
    budget_round, proposals, _voters = _closed_round()
    result = services.result_compute(budget_round=budget_round, now=timezone.now())
    explained = result_explain(
        budget_round=budget_round,
        result=result,
        proposals=list(Proposal.objects.filter(budget_round=budget_round)),
    )
    texts = {row.proposal.title: row.text for row in explained.projects}
    for row in explained.projects:
        assert row.text.startswith("Gekozen" if row.is_selected else "Niet gekozen"), row.text
    assert len(texts) == 3
    assert explained.spent_text.startswith("€")
    assert explained.chart_height == 24
    chosen = [proposals[index].pk for index in WISHES[0]]
    assert voter_text(chosen=chosen, selected=result.selected).endswith(
        "van de 2 projecten die u koos, worden uitgevoerd."
    )


def test_the_open_data_file_round_trips_and_recomputes_to_the_same_outcome():
    # given
    budget_round, _proposals, _voters = _closed_round()
    result = services.result_compute(budget_round=budget_round, now=timezone.now())
    # when
    text = selectors.open_data_pb(budget_round=budget_round)
    instance = parse_pb(text)
    # then
    assert instance.meta["vote_type"] == "approval"
    assert instance.meta["num_votes"] == "8"
    assert instance.meta["rule"] == "mes-add1-greedy"
    assert len(instance.ballots) == 8
    recomputed = allocate(instance, instance.meta["rule"])
    by_project_id = {p.project_id: p.pk for p in Proposal.objects.all()}
    assert [by_project_id[project_id] for project_id in recomputed.selected] == result.selected
    selected_column = {p.id: p.extra["selected"] for p in instance.projects}
    assert selected_column == {
        p.project_id: "1" if p.pk in result.selected else "0" for p in Proposal.objects.all()
    }
    assert "voter_key" not in text
    assert all(b.voter_id.isdigit() for b in instance.ballots)


def test_a_cumulative_round_exports_its_points():
    budget_round, (a, b, *_rest) = ballot_round(
        ballot_type=BudgetRound.BallotType.CUMULATIVE, points_total=10
    )
    services.ballot_cast(
        budget_round=budget_round,
        voter=voter_for(budget_round),
        choices=[(a.pk, 7), (b.pk, 3)],
        now=timezone.now(),
    )
    BudgetRound.objects.filter(pk=budget_round.pk).update(**phase_dates(Phase.RESULTS))
    budget_round.refresh_from_db()
    services.result_compute(budget_round=budget_round, now=timezone.now())
    instance = parse_pb(selectors.open_data_pb(budget_round=budget_round))
    assert instance.meta["vote_type"] == "cumulative"
    assert instance.meta["max_sum_points"] == "10"
    assert instance.ballots[0].points == (7, 3)


def test_the_results_page_is_public_once_published(client):
    budget_round, _proposals, voters = _closed_round()
    # the first visit after closing asks for the result (its task runs after commit)
    assertContains(client.get(f"/burgerbegroting/{budget_round.pk}/uitslag/"), "wordt berekend")
    assert client.get(f"/burgerbegroting/{budget_round.pk}/open-data.pb").status_code == 404
    services.result_compute(budget_round=budget_round, now=timezone.now())
    page = client.get(f"/burgerbegroting/{budget_round.pk}/uitslag/")
    assertContains(page, "8 bewoners stemden.")
    assertContains(page, "Alle projecten en waarom")
    assertContains(page, 'role="img"', count=2)
    client.force_login(voters[0])
    assertContains(client.get(f"/burgerbegroting/{budget_round.pk}/uitslag/"), 'id="voter-text"')
    download = client.get(f"/burgerbegroting/{budget_round.pk}/open-data.pb")
    assert download.status_code == 200
    assert download["Content-Disposition"].endswith('.pb"')
    assert parse_pb(download.content.decode()).meta["num_votes"] == "8"


def _published_round_with_one_vote():
    """A round with one ballot and its result: the results page's address and the cast."""
    budget_round, (a, *_rest) = ballot_round(costs=COSTS, amount=Decimal("10000"))
    cast = services.ballot_cast(
        budget_round=budget_round,
        voter=voter_for(budget_round),
        choices=[(a.pk, None)],
        now=timezone.now(),
    )
    BudgetRound.objects.filter(pk=budget_round.pk).update(**phase_dates(Phase.RESULTS))
    budget_round.refresh_from_db()
    services.result_compute(budget_round=budget_round, now=timezone.now())
    return f"/burgerbegroting/{budget_round.pk}/uitslag/", cast


def test_a_receipt_code_is_checked_on_the_results_page(client):
    url, cast = _published_round_with_one_vote()
    assertContains(client.post(url, {"receipt": cast.receipt_code}), "is meegeteld")
    assertContains(client.post(url, {"receipt": "AAAA-BBBB-CCCC"}), "hoort bij geen getelde stem")


def test_the_official_asks_for_the_result_from_the_page(client, django_capture_on_commit_callbacks):
    budget_round, _proposals, _voters = _closed_round()
    BudgetRound.objects.filter(pk=budget_round.pk).update(applied_phase=Phase.RESULTS)
    client.force_login(OfficialFactory(municipality=budget_round.municipality))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/burgerbegroting/{budget_round.pk}/uitslag/berekenen/")
    assert response.status_code == 302
    assert RoundResult.objects.get().status == RoundResult.Status.DONE


def test_a_page_visit_after_closing_queues_the_computation(
    client, django_capture_on_commit_callbacks
):
    budget_round, _proposals, _voters = _closed_round()
    with django_capture_on_commit_callbacks(execute=True):
        client.get(f"/burgerbegroting/{budget_round.pk}/")
    assert RoundResult.objects.get().status == RoundResult.Status.DONE


def test_the_api_gives_the_result_with_explanations(client):
    budget_round, _proposals, _voters = _closed_round()
    result = services.result_compute(budget_round=budget_round, now=timezone.now())
    data = client.get(f"/api/v1/budget-rounds/{budget_round.pk}/results").json()
    assert data["selected"] == result.selected
    assert data["voter_count"] == 8
    assert all(row["explanation"] for row in data["projects"])
    pb = client.get(f"/api/v1/budget-rounds/{budget_round.pk}/open-data.pb")
    assert pb.status_code == 200
    assert pb["Content-Type"] == "text/plain; charset=utf-8"


def test_delivery_is_tracked_after_the_result(client):
    budget_round, _proposals, _voters = _closed_round()
    result = services.result_compute(budget_round=budget_round, now=timezone.now())
    winner = Proposal.objects.get(pk=result.selected[0])
    assert winner.delivery_status == Proposal.Delivery.PLANNED
    services.delivery_update_add(
        proposal=winner, actor=AdminFactory(), status="done", text="Het is klaar en geopend."
    )
    page = client.get(f"/burgerbegroting/{budget_round.pk}/uitvoering/")
    assertContains(page, "Het is klaar en geopend.")
    assertContains(page, "1 van de")


def test_import_then_compute_gives_the_official_greedy_outcome(tmp_path, monkeypatch):
    from django.core.management import call_command

    from samenkracht.budgeting.tests.test_import_pb import GOOD
    from samenkracht.people.tests.factories import NeighbourhoodFactory

    NeighbourhoodFactory()
    path = tmp_path / "stemming.pb"
    path.write_text(GOOD, encoding="utf-8")
    call_command("import_pb", str(path), municipality="GM0307")
    result = RoundResult.objects.get()
    chosen = list(
        Proposal.objects.filter(pk__in=result.selected).values_list("source_id", flat=True)
    )
    assert sorted(chosen) == ["1", "2"]
    assert result.spent == Decimal("10000")
    assert result.voter_count == 4


def test_guessing_receipt_codes_is_stopped_after_ten_wrong_codes(client):
    # given
    url, cast = _published_round_with_one_vote()
    for _ in range(10):
        assertContains(
            client.post(url, {"receipt": "AAAA-BBBB-CCCC"}), "hoort bij geen getelde stem"
        )
    # when: even the right code is no longer looked up
    blocked = client.post(url, {"receipt": cast.receipt_code})
    # then
    assertContains(blocked, "te vaak een verkeerde code", status_code=429)
    assertNotContains(blocked, "is meegeteld", status_code=429)
