from fractions import Fraction
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings

from samenkracht.core.budgeting import RULES, UTILITIES, Ballot, Instance, Project, allocate
from samenkracht.core.budgeting.election import compile_instance
from samenkracht.core.budgeting.mes import run_mes
from samenkracht.core.tests.budgeting_support import (
    pabutools_selected,
    small_instances,
    violates_ejr_up_to_one,
)

MES_RULES = ("mes", "mes-add1", "mes-add1-full", "mes-add1-greedy")
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module", autouse=True)
def _pabutools():
    pytest.importorskip("pabutools", reason="pabutools (test extra) is the oracle")


@pytest.mark.parametrize("utility", UTILITIES)
@pytest.mark.parametrize("rule", RULES)
@SETTINGS
@given(instance=small_instances())
def test_selection_equals_pabutools(rule, utility, instance):
    # when
    outcome = allocate(instance, rule, utility)
    # then: pabutools's Phragmén has no utility; ours ignores it too
    assert sorted(outcome.selected) == pabutools_selected(instance, rule, utility)


@pytest.mark.parametrize("utility", UTILITIES)
@pytest.mark.parametrize("rule", MES_RULES)
@SETTINGS
@given(instance=small_instances(max_projects=5, max_voters=12, choose_one=True))
def test_choose_one_selection_equals_pabutools(rule, utility, instance):
    # when: no voter supports two projects, which raising the budget solves in one go
    outcome = allocate(instance, rule, utility)
    # then
    assert sorted(outcome.selected) == pabutools_selected(instance, rule, utility)


@pytest.mark.parametrize("utility", UTILITIES)
@pytest.mark.parametrize("rule", RULES)
@settings(max_examples=30, deadline=None)
@given(instance=small_instances(max_projects=8, max_voters=20))
def test_never_over_budget_and_every_project_explained(rule, utility, instance):
    # when
    outcome = allocate(instance, rule, utility)
    # then
    costs = {p.id: p.cost for p in instance.projects}
    assert outcome.spent == sum((costs[p] for p in outcome.selected), Fraction(0))
    assert outcome.spent <= instance.budget
    assert set(outcome.projects) == set(costs)
    assert len(set(outcome.selected)) == len(outcome.selected)
    assert {p for p, result in outcome.projects.items() if result.selected} == set(outcome.selected)
    assert sorted(r.round for r in outcome.projects.values() if r.round) == list(
        range(1, len(outcome.selected) + 1)
    )


@pytest.mark.parametrize("utility", UTILITIES)
@pytest.mark.parametrize("rule", MES_RULES)
@SETTINGS
@given(instance=small_instances())
def test_equal_shares_satisfies_ejr_up_to_one_project(rule, utility, instance):
    # when
    outcome = allocate(instance, rule, utility)
    # then
    assert not violates_ejr_up_to_one(instance, outcome.selected, utility)


@pytest.mark.parametrize("is_cost_utility", [True, False])
@SETTINGS
@given(instance=small_instances())
def test_float_runs_agree_with_exact_runs(is_cost_utility, instance):
    # given
    election = compile_instance(instance)
    eligible = (election.counts > 0) & (election.cost > 0)
    if election.voters == 0:
        return
    share = election.budget / election.voters
    for step in range(4):
        # when
        lean = run_mes(election, eligible, share + step, is_cost_utility=is_cost_utility)
        exact = run_mes(
            election, eligible, share + step, is_cost_utility=is_cost_utility, exact=True
        )
        # then
        assert lean.selected == exact.selected


def test_the_ejr_check_catches_a_majority_taking_everything():
    # given: three voters want A1..A4, one wants B; each voter's share (10) pays for B
    instance = Instance(
        budget=Fraction(40),
        projects=tuple(Project(id=i, cost=Fraction(10)) for i in ("A1", "A2", "A3", "A4", "B")),
        ballots=(
            *(Ballot(voter_id=str(v), approved=("A1", "A2", "A3", "A4")) for v in range(3)),
            Ballot(voter_id="3", approved=("B",)),
        ),
    )
    # when
    greedy = allocate(instance, "greedy")
    equal_shares = allocate(instance, "mes")
    # then
    assert greedy.selected == ("A1", "A2", "A3", "A4")
    assert violates_ejr_up_to_one(instance, greedy.selected, "cost")
    assert "B" in equal_shares.selected
    assert not violates_ejr_up_to_one(instance, equal_shares.selected, "cost")


@pytest.mark.parametrize("rule", ["mes-add1", "mes-add1-full", "mes-add1-greedy"])
@SETTINGS
@given(instance=small_instances(max_projects=7, max_voters=12))
def test_exact_search_equals_pabutools_even_past_the_scan_limit(rule, instance):
    # given: searches that would otherwise gallop over the steps
    from samenkracht.core.budgeting import raising

    # when
    with mock.patch.object(raising, "EXACT_SCAN_STEPS", 0):
        outcome = allocate(instance, rule, "cost", exact=True)
    # then
    assert sorted(outcome.selected) == pabutools_selected(instance, rule, "cost")
