"""The demo's three budget rounds: a result, a vote in progress, ideas coming in."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from samenkracht.budgeting import selectors
from samenkracht.budgeting.models import BudgetRound, Phase, Proposal, RoundResult, VoterRecord
from samenkracht.people.demo import demo_generate
from samenkracht.people.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_city():
    call_command("import_neighbourhoods", "--builtin")
    demo_generate(residents=400, seed=7)


def test_the_demo_has_a_round_in_each_main_phase(demo_city):
    # when
    call_command("generate_demo_budgeting", "--if-empty")
    call_command("generate_demo_budgeting", "--if-empty")
    # then
    now = timezone.now()
    rounds = {r.phase_at(now): r for r in BudgetRound.objects.all()}
    assert set(rounds) == {Phase.RESULTS, Phase.VOTING, Phase.PROPOSALS}
    closed = rounds[Phase.RESULTS]
    assert selectors.is_result_published(budget_round=closed, now=now)
    assert RoundResult.objects.get(budget_round=closed).selected
    assert Proposal.objects.filter(budget_round=closed, status=Proposal.Status.WON).exists()
    resident = User.objects.get(username="bewoner")
    assert VoterRecord.objects.filter(budget_round=closed, person=resident).exists()
    assert not VoterRecord.objects.filter(
        budget_round=rounds[Phase.VOTING], person=resident
    ).exists()
    assert rounds[Phase.VOTING].settings_locked_at is not None
    for budget_round in rounds.values():
        budget_round.full_clean()
        assert resident.neighbourhood_id in {n.pk for n in budget_round.neighbourhoods.all()}


def test_the_demo_is_deterministic(demo_city):
    call_command("generate_demo_budgeting", "--seed", "5")
    first = list(Proposal.objects.order_by("id").values_list("title", "author__username", "status"))
    BudgetRound.objects.all().delete()
    call_command("generate_demo_budgeting", "--seed", "5")
    second = list(
        Proposal.objects.order_by("id").values_list("title", "author__username", "status")
    )
    assert first == second
