"""Shared data and helpers for the budgeting tests: the Pabulib files, the pabutools oracle."""

from __future__ import annotations

import json
from fractions import Fraction
from functools import cache
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
from hypothesis import strategies as st

from samenkracht.core.budgeting import Ballot, Instance, Project, read_pb, write_pb

PABULIB_DIR = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "pabulib"
FIXTURE = PABULIB_DIR / "pabutools_outcomes.json"
PB_NAMES = sorted(path.stem for path in PABULIB_DIR.glob("*.pb"))
# Ids whose order as text differs from their order as numbers ("10" < "9").
PROJECT_IDS = ("1", "2", "3", "9", "10", "11", "20", "100")


def require_pabulib() -> None:
    if not FIXTURE.exists():
        pytest.skip(f"the shared Pabulib files are not at {PABULIB_DIR}")


@cache
def pabulib_instance(name: str) -> Instance:
    return read_pb(PABULIB_DIR / f"{name}.pb")


@cache
def fixture() -> dict[str, Any]:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@st.composite
def small_instances(
    draw: st.DrawFn, *, max_projects: int = 6, max_voters: int = 8, choose_one: bool = False
) -> Instance:
    """Tie-heavy instances: few distinct costs, ids like "9" and "10", empty ballots.

    With `choose_one`, every ballot names at most one project (Pabulib's choose-1).
    """
    ids = draw(
        st.lists(st.sampled_from(PROJECT_IDS), min_size=1, max_size=max_projects, unique=True)
    )
    costs = draw(
        st.lists(st.sampled_from([0, 1, 2, 2, 3, 5, 10]), min_size=len(ids), max_size=len(ids))
    )
    projects = tuple(Project(id=i, cost=Fraction(c)) for i, c in zip(ids, costs, strict=True))
    ballots = tuple(
        Ballot(
            voter_id=f"v{index}",
            approved=tuple(
                draw(
                    st.lists(st.sampled_from(ids), unique=True, max_size=1 if choose_one else None)
                )
            ),
        )
        for index in range(draw(st.integers(min_value=0, max_value=max_voters)))
    )
    budget = Fraction(draw(st.integers(min_value=0, max_value=20)))
    return Instance(
        budget=budget, projects=projects, ballots=ballots, meta={"vote_type": "approval"}
    )


def pabutools_selected(instance: Instance, rule: str, utility: str) -> list[str]:
    """Return the ids pabutools 1.2.3 selects, sorted as text."""
    from pabutools.election import Cardinality_Sat, Cost_Sat
    from pabutools.election.pabulib import parse_pabulib_from_string
    from pabutools.rules import (
        greedy_utilitarian_welfare,
        method_of_equal_shares,
        sequential_phragmen,
    )

    pabu_instance, profile = parse_pabulib_from_string(write_pb(instance))
    sat_class = Cost_Sat if utility == "cost" else Cardinality_Sat
    if rule == "greedy":
        outcome = greedy_utilitarian_welfare(pabu_instance, profile, sat_class=sat_class)
    elif rule == "mes":
        outcome = method_of_equal_shares(pabu_instance, profile, sat_class=sat_class)
    elif rule in ("mes-add1", "mes-add1-greedy"):
        outcome = method_of_equal_shares(
            pabu_instance, profile, sat_class=sat_class, voter_budget_increment=1
        )
        if rule == "mes-add1-greedy":
            outcome = greedy_utilitarian_welfare(
                pabu_instance, profile, sat_class=sat_class, initial_budget_allocation=outcome
            )
    elif rule == "mes-add1-full":
        outcome = _mes_add1_full(pabu_instance, profile, sat_class)
    elif rule == "phragmen":
        outcome = sequential_phragmen(pabu_instance, profile)
    else:
        raise ValueError(rule)
    return sorted(p.name for p in outcome)


def _mes_add1_full(pabu_instance: Any, profile: Any, sat_class: Any) -> Any:
    """Raise pabutools's per-voter budget one unit at a time until the next step overspends."""
    from pabutools.fractions import frac
    from pabutools.rules.budgetallocation import BudgetAllocation
    from pabutools.rules.mes.mes_rule import method_of_equal_shares_scheme
    from pabutools.tiebreaking import lexico_tie_breaking

    if profile.num_ballots() == 0:
        return []
    sat_profile = profile.as_sat_profile(sat_class)
    eligible = [
        p
        for p in pabu_instance
        if p.cost > 0 and any(sat.sat_project(p) > 0 for sat in sat_profile)
    ]
    share = frac(pabu_instance.budget_limit, profile.num_ballots())
    previous = None
    step = 0
    while True:
        outcome = method_of_equal_shares_scheme(
            pabu_instance,
            profile,
            sat_profile,
            share + step,
            BudgetAllocation(),
            lexico_tie_breaking,
        )
        if not pabu_instance.is_feasible(outcome):
            return previous
        if all(p in outcome for p in eligible):
            return outcome
        previous = outcome
        step += 1


def violates_ejr_up_to_one(instance: Instance, selected: tuple[str, ...], utility: str) -> bool:
    """Return whether `selected` fails EJR up to one project (Peters, Pierczyński, Skowron 2021).

    A group of voters is T-cohesive when each approves every project of T and the group's
    share of the budget covers T (|group| * budget >= voters * cost(T)). The outcome W
    satisfies EJR up to one project when every such group has a member with
    u(W) >= u(T), or u(W + a) > u(T) for some a in T outside W. Utility is cost or 1 per
    approved project. Checked over every T; a failing group exists exactly when the
    unsatisfied voters who approve all of T are themselves T-cohesive.
    """
    costs = {p.id: p.cost for p in instance.projects}
    chosen = set(selected)

    def worth(project_ids: set[str] | tuple[str, ...]) -> Fraction:
        return sum(
            ((costs[p] if utility == "cost" else Fraction(1)) for p in project_ids), Fraction(0)
        )

    n = len(instance.ballots)
    ids = [p.id for p in instance.projects]
    for size in range(1, len(ids) + 1):
        for subset in combinations(ids, size):
            target = worth(subset)
            missing = [p for p in subset if p not in chosen]
            unsatisfied = 0
            for ballot in instance.ballots:
                approved = set(ballot.approved)
                if not set(subset) <= approved:
                    continue
                have = worth(approved & chosen)
                if have >= target or any(have + worth((p,)) > target for p in missing):
                    continue
                unsatisfied += 1
            if unsatisfied and unsatisfied * instance.budget >= n * sum(
                (costs[p] for p in subset), Fraction(0)
            ):
                return True
    return False
