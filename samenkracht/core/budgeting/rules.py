"""`allocate`: the outcome of a participatory budget under one rule, fast and exact.

This is our own implementation, not pabutools's, because speed is the point: a live
results page recomputes while votes come in, and replays of past rounds run the rules
thousands of times. pabutools 1.2.3 is the oracle: outcomes are identical to its
`greedy_utilitarian_welfare`, `method_of_equal_shares` (optionally with
`voter_budget_increment=1` and a greedy completion) and `sequential_phragmen`,
tie-breaking included (lowest project id as text), as replayed on every Pabulib file in
the shared fixture and on random tie-heavy instances in the tests. See SEMANTICS.md next
to the Pabulib files for what that means in detail, and `mes.py` for how floats are kept
exact.

Utilities: "cost" (pabutools's `Cost_Sat`: a voter's utility for an approved project is
its cost) and "approval" (`Cardinality_Sat`: utility 1). Cumulative and ordinal ballots
count as approval of every project on them. Phragmén is approval-based and ignores the
utility, as pabutools does.
"""

from __future__ import annotations

import time
from fractions import Fraction

import numpy as np

from samenkracht.core.budgeting.election import Election, compile_instance
from samenkracht.core.budgeting.mes import RunResult, run_mes
from samenkracht.core.budgeting.model import RULES, UTILITIES, Instance, Outcome, ProjectResult
from samenkracht.core.budgeting.phragmen import sequential_phragmen
from samenkracht.core.budgeting.raising import raise_budget

MES_RULES = ("mes", "mes-add1", "mes-add1-full", "mes-add1-greedy")
#: Amounts shown are fractions with at most this denominator (see `_amount`).
DISPLAY_DENOMINATOR = 1_000_000


def normalize_rule(rule: str) -> str:
    """Return the rule's name as in RULES, accepting pabutools's spelling (mes_add1)."""
    name = rule.strip().lower().replace("_", "-")
    if name not in RULES:
        raise ValueError(f"unknown rule {rule!r}; known rules are {', '.join(RULES)}")
    return name


def allocate(
    instance: Instance, rule: str, utility: str = "cost", *, exact: bool = False
) -> Outcome:
    """Select projects of `instance` with `rule` and explain every project's result.

    `exact` makes the add-one rules look at every step that could stop, as pabutools does
    (see `raise_budget`): slower on big elections, identical on every election.
    """
    name = normalize_rule(rule)
    if utility not in UTILITIES:
        raise ValueError(f"unknown utility {utility!r}; known are {', '.join(UTILITIES)}")
    started = time.perf_counter()
    election = compile_instance(instance)
    is_cost_utility = utility == "cost"
    if name == "greedy":
        selected, ranks = _greedy(election, is_cost_utility, already=[])
        results = _plain_results(election, selected, ranks=ranks)
        voter_budget = None
    elif name == "phragmen":
        selected = sequential_phragmen(election)
        results = _plain_results(election, selected, ranks={})
        voter_budget = None
    else:
        selected, results, voter_budget = _equal_shares(
            election, name, is_cost_utility, exact=exact
        )
    seconds = time.perf_counter() - started
    return Outcome(
        rule=name,
        utility=utility,
        selected=tuple(election.ids[p] for p in selected),
        spent=election.amount(election.total_units(selected)),
        budget=election.budget,
        voter_budget=voter_budget,
        projects=results,
        seconds=seconds,
    )


def _greedy(
    election: Election, is_cost_utility: bool, *, already: list[int]
) -> tuple[list[int], dict[int, int]]:
    """Return the projects greedy adds to `already`, and every project's rank.

    Projects go by satisfaction per unit of cost, best first (with cost utilities that is
    the number of votes), and each is taken if it still fits the budget.
    """
    counts = election.counts.tolist()
    costs = election.costs

    def key(p: int) -> tuple[int, Fraction, str]:
        # pabutools: a project nobody gains from scores 0, a free one that someone gains
        # from scores infinity.
        gain = counts[p] * (costs[p] if is_cost_utility else 1)
        if gain == 0:
            return (1, Fraction(0), election.ids[p])
        if costs[p] == 0:
            return (0, Fraction(0), election.ids[p])
        return (1, -Fraction(gain) / costs[p], election.ids[p])

    order = sorted(range(election.size), key=key)
    ranks = {p: position for position, p in enumerate(order, start=1)}
    left = election.budget - sum((costs[p] for p in already), Fraction(0))
    taken = set(already)
    added = []
    for p in order:
        if p not in taken and costs[p] <= left:
            added.append(p)
            left -= costs[p]
    return added, ranks


def _plain_results(
    election: Election, selected: list[int], *, ranks: dict[int, int]
) -> dict[str, ProjectResult]:
    rounds = {p: position for position, p in enumerate(selected, start=1)}
    return {
        election.ids[p]: ProjectResult(
            id=election.ids[p],
            cost=election.costs[p],
            supporters=int(election.counts[p]),
            selected=p in rounds,
            round=rounds.get(p),
            rank=ranks.get(p),
        )
        for p in range(election.size)
    }


def _equal_shares(
    election: Election, rule: str, is_cost_utility: bool, *, exact: bool = False
) -> tuple[list[int], dict[str, ProjectResult], Fraction | None]:
    supported = election.counts > 0
    eligible = supported & (election.cost > 0)
    # With approval utilities a free project that someone approves is selected up front;
    # with cost utilities nobody gains from it, so MES never selects it.
    free = [] if is_cost_utility else np.flatnonzero(supported & (election.cost == 0)).tolist()
    free.sort(key=election.ids.__getitem__)
    if election.voters == 0:
        result: RunResult | None = None
        voter_budget = None
    else:
        start = election.budget / election.voters
        if rule == "mes":
            result = run_mes(election, eligible, start, is_cost_utility=is_cost_utility)
        else:
            result = raise_budget(
                election,
                eligible,
                is_cost_utility=is_cost_utility,
                until_overspent=rule == "mes-add1-full",
                exact=exact,
            ).result
        voter_budget = result.per_voter
    bought = result.selected if result is not None else []
    selected = free + bought
    completion: list[int] = []
    if rule == "mes-add1-greedy":
        completion, _ = _greedy(election, is_cost_utility, already=selected)
    results = _equal_shares_results(election, result, free, completion)
    return selected + completion, results, voter_budget


def _equal_shares_results(
    election: Election, result: RunResult | None, free: list[int], completion: list[int]
) -> dict[str, ProjectResult]:
    details: dict[int, ProjectResult] = {}
    position = 0
    for p in free:
        position += 1
        details[p] = _result(election, p, round=position, payers=0, max_payment=Fraction(0))
    rounds = result.rounds if result is not None else []
    for round_ in rounds:
        position += 1
        details[round_.project] = _result(
            election,
            round_.project,
            round=position,
            payers=round_.payers,
            max_payment=_amount(round_.q) if round_.exact_q is None else round_.exact_q,
        )
    for p in completion:
        position += 1
        details[p] = _result(election, p, round=position, by_completion=True)
    for p in range(election.size):
        if p in details:
            continue
        left = Fraction(0)
        if result is not None and election.counts[p] > 0:
            left = _amount(float(result.run.budget[election.supporters_of(p)].sum()))
        details[p] = ProjectResult(
            id=election.ids[p],
            cost=election.costs[p],
            supporters=int(election.counts[p]),
            selected=False,
            supporters_left=left,
        )
    return {election.ids[p]: details[p] for p in range(election.size)}


def _amount(value: float) -> Fraction:
    """Turn a float amount into a fraction for display.

    Within a millionth of a currency unit; a simple fraction (1000/3) comes out exact.
    This is `Fraction(value).limit_denominator(1_000_000)` on plain integers: the
    library's version builds a dozen Fraction objects per call, which was a third of a
    rule call on a small election.
    """
    if value.is_integer():
        return Fraction(int(value))
    numerator, denominator = value.as_integer_ratio()
    if denominator <= DISPLAY_DENOMINATOR:
        return Fraction(numerator, denominator)
    # The convergents p/q of the continued fraction of numerator / denominator.
    p0, q0, p1, q1 = 0, 1, 1, 0
    n, d = numerator, denominator
    while True:
        a = n // d
        q2 = q0 + a * q1
        if q2 > DISPLAY_DENOMINATOR:
            break
        p0, q0, p1, q1 = p1, q1, p0 + a * p1, q2
        n, d = d, n - a * d
    k = (DISPLAY_DENOMINATOR - q0) // q1
    p2, q2 = p0 + k * p1, q0 + k * q1
    # The closer of p1/q1 and p2/q2 (p1/q1 on a tie), compared as integers.
    if abs(p1 * denominator - numerator * q1) * q2 <= abs(p2 * denominator - numerator * q2) * q1:
        return Fraction(p1, q1)
    return Fraction(p2, q2)


def _result(
    election: Election,
    p: int,
    *,
    round: int,  # the field's name
    payers: int | None = None,
    max_payment: Fraction | None = None,
    by_completion: bool = False,
) -> ProjectResult:
    return ProjectResult(
        id=election.ids[p],
        cost=election.costs[p],
        supporters=int(election.counts[p]),
        selected=True,
        round=round,
        payers=payers,
        max_payment=max_payment,
        by_completion=by_completion,
    )
