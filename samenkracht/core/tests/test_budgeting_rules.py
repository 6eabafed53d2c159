from fractions import Fraction

import pytest

from samenkracht.core.budgeting import Ballot, Instance, Project, ProjectResult, allocate
from samenkracht.core.tests.budgeting_support import (
    PB_NAMES,
    fixture,
    pabulib_instance,
    require_pabulib,
)

FIXTURE_RULES = ("greedy", "mes", "mes_add1", "mes_add1_greedy")


def _instance(budget, costs, ballots):
    return Instance(
        budget=Fraction(budget),
        projects=tuple(Project(id=i, cost=Fraction(c)) for i, c in costs.items()),
        ballots=tuple(
            Ballot(voter_id=str(n), approved=tuple(approved)) for n, approved in enumerate(ballots)
        ),
    )


# Three voters with 10 each; C is cheapest per unit of utility (1/3), after it nobody can
# afford A (two voters with 10/3 left) or B (one voter with 10/3 left).
SMALL = _instance(30, {"A": 15, "B": 9, "C": 20}, [["A", "C"], ["A", "C"], ["B", "C"]])


@pytest.mark.parametrize("rule", FIXTURE_RULES)
@pytest.mark.parametrize("name", PB_NAMES)
def test_selection_equals_pabutools_on_every_shared_file(name, rule):
    # given
    require_pabulib()
    instance = pabulib_instance(name)
    # when
    outcome = allocate(instance, rule)
    # then
    assert sorted(outcome.selected) == sorted(fixture()[name][rule])


@pytest.mark.parametrize(
    ("name", "rule"),
    [
        ("Netherlands_Assen_2024", "mes-add1"),
        ("Netherlands_Assen_2025", "mes-add1"),
        ("Poland_Swiecie_2023", "mes-add1"),
        ("Poland_Wieliczka_2023_Green_Budget", "mes-add1-full"),
    ],
)
def test_official_outcomes_are_reproduced(name, rule):
    # given
    require_pabulib()
    # when
    outcome = allocate(pabulib_instance(name), rule)
    # then
    assert sorted(outcome.selected) == sorted(fixture()[name]["official_selected_in_file"])


def test_wieliczka_needs_raising_past_the_first_exhaustive_step():
    # given
    require_pabulib()
    instance = pabulib_instance("Poland_Wieliczka_2023_Green_Budget")
    # when
    first = allocate(instance, "mes-add1")
    full = allocate(instance, "mes-add1-full")
    # then: 301.84 and 315.84 PLN per voter
    share = Fraction(1_000_000, 6586)
    assert first.voter_budget == share + 150
    assert full.voter_budget == share + 164
    assert sorted(first.selected) != sorted(full.selected)


def test_mes_explains_winners_and_losers_exactly():
    # when
    outcome = allocate(SMALL, "mes")
    # then
    assert outcome.selected == ("C",)
    assert outcome.spent == Fraction(20)
    assert outcome.voter_budget == Fraction(10)
    assert outcome.projects == {
        "A": ProjectResult(
            id="A", cost=Fraction(15), supporters=2, selected=False, supporters_left=Fraction(20, 3)
        ),
        "B": ProjectResult(
            id="B", cost=Fraction(9), supporters=1, selected=False, supporters_left=Fraction(10, 3)
        ),
        "C": ProjectResult(
            id="C",
            cost=Fraction(20),
            supporters=3,
            selected=True,
            round=1,
            payers=3,
            max_payment=Fraction(20, 3),
        ),
    }


def test_greedy_ranks_by_votes_and_skips_what_does_not_fit():
    # when
    outcome = allocate(SMALL, "greedy")
    # then
    assert outcome.selected == ("C", "B")
    assert {p.id: (p.rank, p.round) for p in outcome.projects.values()} == {
        "C": (1, 1),
        "A": (2, None),
        "B": (3, 2),
    }
    assert outcome.voter_budget is None


def test_mes_add1_greedy_marks_what_the_completion_adds():
    # given: raising the budget buys C, then C and A together overspend; nobody votes D
    instance = _instance(
        30, {"A": 15, "B": 9, "C": 20, "D": 1}, [["A", "C"], ["A", "C"], ["B", "C"], []]
    )
    # when
    outcome = allocate(instance, "mes-add1-greedy")
    # then: greedy fills the 10 left with B (1 vote) and D (no votes)
    assert outcome.selected == ("C", "B", "D")
    assert [p.id for p in outcome.projects.values() if p.by_completion] == ["B", "D"]
    assert outcome.projects["D"].round == 3
    assert outcome.spent == Fraction(30)


def test_ties_go_to_the_lowest_id_as_text():
    # given: "10" and "9" cost the same and have the same supporters
    instance = _instance(10, {"9": 10, "10": 10}, [["9", "10"], ["9", "10"]])
    # when
    outcomes = [allocate(instance, rule).selected for rule in ("greedy", "mes", "phragmen")]
    # then
    assert outcomes == [("10",), ("10",), ("10",)]


def test_approval_utility_selects_free_projects_first():
    # given
    instance = _instance(10, {"free": 0, "paid": 10}, [["free", "paid"], ["paid"]])
    # when
    outcome = allocate(instance, "mes", utility="approval")
    # then
    assert outcome.selected == ("free", "paid")
    assert outcome.projects["free"].round == 1


@pytest.mark.parametrize("rule", ["mes_add1_greedy", "MES-ADD1", "mes-add1-full", "phragmen"])
def test_rule_names_are_accepted_in_either_spelling(rule):
    # when
    outcome = allocate(SMALL, rule)
    # then
    assert outcome.rule == rule.lower().replace("_", "-")


def test_unknown_rule_or_utility_is_refused():
    # when / then
    with pytest.raises(ValueError, match="unknown rule 'borda'"):
        allocate(SMALL, "borda")
    with pytest.raises(ValueError, match="unknown utility 'joy'"):
        allocate(SMALL, "mes", utility="joy")


def test_an_election_without_ballots_selects_nothing_with_mes():
    # given
    instance = _instance(10, {"A": 5}, [])
    # when
    outcome = allocate(instance, "mes-add1")
    # then
    assert outcome.selected == ()
    assert outcome.projects["A"] == ProjectResult(
        id="A", cost=Fraction(5), supporters=0, selected=False, supporters_left=Fraction(0)
    )
