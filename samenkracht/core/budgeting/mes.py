"""The Method of Equal Shares (MES) on float arrays, with exact arithmetic where it matters.

Semantics are pabutools 1.2.3's `method_of_equal_shares` (see SEMANTICS.md next to the
Pabulib files): every voter starts with the same budget; each round the project that its
supporters can buy at the lowest price per unit of utility (`rho`) is bought, each
supporter paying `min(budget, rho * utility)`; ties go to the lowest project id as text.

A run is taken in floats, and every comparison whose margin is wider than `TOLERANCE`
plus a tracked bound on the float error is decided in floats. Closer ones (ties, a budget
equal to a price, a project affordable to the cent) are decided in exact fractions, so
outcomes are those of exact arithmetic:

* the *lean* run keeps one float budget per voter. It settles the common exact tie itself
  (projects whose supporters can all still pay: their price is cost / payers) and
  otherwise gives up with `NeedsExact`;
* the *grouped* run also keeps a value id per voter: voters with the same payment history
  have the same budget, and every id remembers its parent and the round that made it, so
  an exact budget is `parent - q` with that round's exact price, computed on demand. It
  takes every decision the lean run cannot; with `exact=True` it takes every decision
  in fractions, which the tests use as a reference.

A grouped run can also return a *horizon*: how far the per-voter budget can rise before
the run could take another path (see `_Run._horizon_round`). Along one path every budget
is a non-decreasing, piecewise linear function of the per-voter budget.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from samenkracht.core.budgeting.election import BoolArray, Election, FloatArray, IntArray
from samenkracht.core.budgeting.prices import exact_water_level, water_level, water_level_small

TOLERANCE = 1e-9
EPSILON = 2.0**-52
# Beyond this accumulated float error (relative to the per-voter budget) every decision
# is taken in exact arithmetic.
ERROR_LIMIT = 1e-11
# Projects with at most this many supporters are evaluated (and bought) on Python lists:
# for them numpy's per-call cost outweighs its speed. Buying takes more passes.
SMALL_PROJECT = 160
SMALL_PURCHASE = 48
# `np.add.reduce` is what `ndarray.sum` calls (same pairwise sum, same result) without
# the Python-level wrapper, which costs as much as the sum itself on a small array.
_sum = np.add.reduce
INITIAL = 0  # value id of voters who have paid nothing
EXHAUSTED = 1  # value id of voters who have spent everything


class NeedsExact(Exception):  # a signal between runs, not an error
    """A lean run met a decision it cannot take without exact budgets."""


@dataclass
class Round:
    project: int
    q: float  # what each supporter who could afford it paid
    rho: float  # q per unit of utility
    payers: int
    vids: IntArray | None = None  # grouped runs: value ids among the supporters, and
    vid_counts: IntArray | None = None  # how many supporters had each
    exact_q: Fraction | None = None


@dataclass
class RunResult:
    per_voter: Fraction
    rounds: list[Round]
    selected: list[int]
    spent: Fraction
    horizon: float  # grouped runs: the path holds for per-voter budgets in [b, b + horizon)
    run: _Run = field(repr=False)


class _Run:
    def __init__(
        self,
        election: Election,
        eligible: BoolArray,
        *,
        is_cost_utility: bool,
        per_voter: Fraction,
        grouped: bool,
        want_horizon: bool = False,
        exact: bool = False,
    ) -> None:
        self.election = election
        self.is_cost_utility = is_cost_utility
        self.per_voter = per_voter
        self.grouped = grouped or exact or want_horizon
        self.exact = exact
        self.want_horizon = want_horizon
        b = float(per_voter)
        self.b = b
        self.budget = np.full(election.voters, b, dtype=np.float64)
        self.max_error = EPSILON * b
        if not self.grouped:
            self.budget_error = np.full(election.voters, EPSILON * b, dtype=np.float64)
        start = _start_of(election, eligible, is_cost_utility)
        self.utility = start.utility
        self.costs = start.costs
        self.utilities = start.utilities
        self.candidates = start.candidates
        self.heap = start.heap
        self.active: list[IntArray] = list(election.groups)
        self.low = start.low.copy()
        self.alive = eligible.copy()
        self.bought = np.zeros(election.size, dtype=bool)
        self.rounds: list[Round] = []
        self.horizon = math.inf
        # What is known of each project from its last evaluation, for horizon bounds: the
        # price per unit it could be bought at (`low`) and how many supporters could pay
        # that price in full (`rich`), or their total budget when it was too dear.
        self.rich = start.rich.copy()
        self.total = start.total.copy()
        if self.grouped:
            self.vid = np.zeros(election.voters, dtype=np.int64)
            capacity = 64
            self.value = np.zeros(capacity, dtype=np.float64)
            self.error = np.zeros(capacity, dtype=np.float64)
            self.slope = np.zeros(capacity, dtype=np.float64)
            self.parent = np.zeros(capacity, dtype=np.int64)
            self.born = np.zeros(capacity, dtype=np.int64)
            self.value[INITIAL], self.error[INITIAL] = b, EPSILON * b
            self.slope[INITIAL] = 1.0
            self.size = 2
            self.max_slope = 1.0
            self.exact_values = {INITIAL: per_voter, EXHAUSTED: Fraction(0)}

    # -- the rounds -------------------------------------------------------------------

    def run(self) -> None:
        heap = self.heap.copy()
        while self._round(heap):
            pass

    def _round(self, heap: list[tuple[float, int]]) -> bool:
        """Buy the next project; return False when none is affordable."""
        best = math.inf
        best_error = 0.0
        evaluated: list[tuple[int, float, float]] = []
        while heap:
            low, p = heap[0]
            if not self.exact and low > best * (1 + 4 * TOLERANCE) + best_error:
                break
            heapq.heappop(heap)
            result = self._evaluate(p)
            if result is None:
                self.alive[p] = False
                continue
            rho, error = result
            self.low[p] = rho
            evaluated.append((p, rho, error))
            if rho < best:
                best, best_error = rho, error
        if not evaluated:
            return False
        band = [
            p
            for p, rho, error in evaluated
            if self.exact or rho - best <= TOLERANCE * best + error + best_error
        ]
        exact_q: Fraction | None = None
        if len(band) == 1 and math.isfinite(best_error):
            winner, rho = band[0], best
        else:
            ranked = []
            for p in band:
                price = self._exact_price(p)
                if price is not None:
                    unit = self.election.costs[p] if self.is_cost_utility else 1
                    ranked.append((price / unit, int(self.election.text_rank[p]), p, price))
            exact_rho, _, winner, exact_q = min(ranked)
            rho = float(exact_rho)
        for p, value, _ in evaluated:
            if p != winner:
                heapq.heappush(heap, (value, p))
        q = float(exact_q) if exact_q is not None else rho * float(self.utility[winner])
        if self.want_horizon:
            self._horizon_round(winner, rho)
        if self.grouped:
            self._buy_grouped(winner, q, rho, exact_q)
        else:
            self._buy_lean(winner, q, rho, exact_q)
        self.alive[winner] = False
        self.bought[winner] = True
        # The budget rises in whole steps: a horizon under one step is as good as none.
        if self.horizon <= 1.0:
            self.want_horizon = False
        return True

    def _evaluate(self, p: int) -> tuple[float, float] | None:
        """Return (rho, error bound) for project p, or None when it is unaffordable."""
        supporters = self.active[p]
        small = len(supporters) <= SMALL_PROJECT
        budgets = self.budget[supporters]
        if not small and not self.grouped:
            # Supporters with nothing left never change a price: drop them for good once
            # they are a quarter of the array.
            positive = int(np.count_nonzero(budgets))
            if positive <= 0.75 * len(supporters):
                keep = budgets > 0
                supporters, budgets = supporters[keep], budgets[keep]
                self.active[p] = supporters
        k = len(supporters)
        c = self.costs[p]
        listed = budgets.tolist() if small else []
        # Rounding of either sum is far inside the margin below (at most k * EPSILON * c).
        total = sum(listed) if small else float(_sum(budgets))
        margin = TOLERANCE * c + k * self.max_error
        if self.exact or abs(total - c) <= margin:
            if not self.grouped:
                raise NeedsExact
            if not self._is_affordable_exactly(p):
                self.total[p] = total
                return None
            q, _, _ = water_level(budgets, c, k, c / k)
            # Affordable to the cent: the float price cannot be trusted.
            self.rich[p] = 0.0
            return q / self.utilities[p], math.inf
        if total < c:
            self.total[p] = total
            return None
        if small:
            q, rich, partial = water_level_small(listed, c, k)
        else:
            q, rich, partial = water_level(budgets, c, k, float(self.low[p]) * self.utilities[p])
            if partial * self.max_error > 1e-3 * TOLERANCE * q * rich:
                # Only supporters with something left carry float error into the price.
                partial = int(np.count_nonzero((budgets > 0) & (budgets < q)))
        self.rich[p] = rich
        error = (partial * self.max_error + 4 * EPSILON * c * _spread(k)) / rich + 2 * EPSILON * q
        return q / self.utilities[p], error / self.utilities[p]

    def _exact_price(self, p: int) -> Fraction | None:
        """Return the exact price each supporter who can afford it pays for p, or None."""
        if self.grouped:
            values, counts = self._exact_supporter_values(p)
            return exact_water_level(values, counts, self.election.costs[p])
        # Lean runs know exactly which budgets are zero; if every other supporter can pay
        # cost / payers with room to spare, that is the price.
        budgets = self.budget[self.active[p]]
        paying = budgets[budgets > 0]
        if len(paying) == 0:
            raise NeedsExact
        price = self.election.costs[p] / len(paying)
        if float(paying.min()) <= float(price) * (1 + TOLERANCE) + self.max_error:
            raise NeedsExact
        return price

    def _buy_lean(self, winner: int, q: float, rho: float, exact_q: Fraction | None) -> None:
        supporters = self.active[winner]
        if len(supporters) <= SMALL_PURCHASE:
            self._buy_lean_small(supporters, winner, q, rho, exact_q)
            return
        budgets = self.budget[supporters]
        errors = self.budget_error[supporters]
        poor = budgets < q
        k = len(budgets)
        rich = k - int(np.count_nonzero(poor))
        if rich == 0:
            raise NeedsExact
        cost = self.costs[winner]
        q_error = (float(_sum(errors[poor])) + 4 * EPSILON * cost * _spread(k)) / rich
        q_error += 2 * EPSILON * q
        # Exhausted supporters (budget exactly 0) are never near a positive price.
        margin = TOLERANCE * q + self.max_error + q_error
        left = budgets - q
        if (np.abs(left) <= margin).any():
            raise NeedsExact
        self.budget[supporters] = np.where(poor, 0.0, left)
        rise = q_error + EPSILON * self.b
        self.budget_error[supporters] = np.where(poor, 0.0, errors + rise)
        self._account(rise)
        payers = int(np.count_nonzero(budgets))
        self.rounds.append(Round(winner, q, rho, payers, exact_q=exact_q))

    def _buy_lean_small(
        self, supporters: IntArray, winner: int, q: float, rho: float, exact_q: Fraction | None
    ) -> None:
        budgets = self.budget[supporters].tolist()
        errors = self.budget_error[supporters].tolist()
        k = len(budgets)
        poor_error = math.fsum(e for b, e in zip(budgets, errors, strict=True) if b < q)
        rich = sum(1 for b in budgets if b >= q)
        if rich == 0:
            raise NeedsExact
        cost = self.costs[winner]
        q_error = (poor_error + 4 * EPSILON * cost * _spread(k)) / rich + 2 * EPSILON * q
        margin = TOLERANCE * q + self.max_error + q_error
        if any(abs(b - q) <= margin for b in budgets):
            raise NeedsExact
        rise = q_error + EPSILON * self.b
        self.budget[supporters] = [0.0 if b < q else b - q for b in budgets]
        self.budget_error[supporters] = [
            0.0 if b < q else e + rise for b, e in zip(budgets, errors, strict=True)
        ]
        self._account(rise)
        payers = sum(1 for b in budgets if b > 0)
        self.rounds.append(Round(winner, q, rho, payers, exact_q=exact_q))

    def _account(self, rise: float) -> None:
        # Every budget's error bound grew by at most `rise` (or dropped to 0).
        self.max_error += rise
        if self.max_error > ERROR_LIMIT * max(self.b, 1.0):
            raise NeedsExact

    # -- grouped runs: value ids and exact arithmetic on demand -------------------------

    def _buy_grouped(self, winner: int, q: float, rho: float, exact_q: Fraction | None) -> None:
        supporters = self.election.supporters_of(winner)
        k = len(supporters)
        member_vids = self.vid[supporters]
        histogram = np.bincount(member_vids, minlength=self.size)
        vids = np.flatnonzero(histogram)
        counts = histogram[vids]
        values = self.value[vids]
        errors = self.error[vids]
        payers = int(counts[values > 0].sum())
        round_ = Round(winner, q, rho, payers, vids, counts, exact_q)
        position = len(self.rounds)
        self.rounds.append(round_)
        q_error = _q_error(values, errors, counts, q, k)
        near = np.abs(values - q) <= TOLERANCE * q + errors + q_error
        near[vids == EXHAUSTED] = False
        if self.exact or near.any():
            exact_q = self.exact_round_q(position)
            q = float(exact_q)
            round_.q = q
            exact_values = [self.exact_value(int(v)) for v in vids]
            spent = np.array([v <= exact_q for v in exact_values])
            equal = np.array([v == exact_q for v in exact_values])
            q_error = 0.0
        else:
            spent = values < q
            equal = np.zeros(len(vids), dtype=bool)
        poor = spent & ~equal
        slopes = self.slope[vids]
        rich_count = int(counts[~poor].sum())
        slope_q = -float((slopes[poor] * counts[poor]).sum()) / rich_count
        if self.want_horizon:
            self._horizon_flips(
                values[poor], errors[poor], slopes[poor], vids[poor], q, q_error, slope_q
            )
        # Voters whose budget equals the price end at zero but would keep a little at any
        # higher per-voter budget: they get an id of their own, with value zero.
        keeps = ~spent | equal
        new_ids = np.full(len(vids), EXHAUSTED, dtype=np.int64)
        fresh = int(np.count_nonzero(keeps))
        if fresh:
            self._reserve(fresh)
            ids = np.arange(self.size, self.size + fresh)
            new_ids[keeps] = ids
            new_errors = np.where(equal[keeps], 0.0, errors[keeps] + q_error + EPSILON * self.b)
            self.value[ids] = np.where(equal[keeps], 0.0, values[keeps] - q)
            self.error[ids] = new_errors
            self.slope[ids] = slopes[keeps] - slope_q
            self.parent[ids] = vids[keeps]
            self.born[ids] = position
            self.size += fresh
            self.max_error = max(self.max_error, float(new_errors.max()))
            self.max_slope = max(self.max_slope, float(self.slope[ids].max()))
            if self.max_error > ERROR_LIMIT * max(self.b, 1.0):
                self.exact = True
        mapping = np.zeros(self.size, dtype=np.int64)
        mapping[vids] = new_ids
        new_member_vids = mapping[member_vids]
        self.vid[supporters] = new_member_vids
        self.budget[supporters] = self.value[new_member_vids]

    def _reserve(self, extra: int) -> None:
        needed = self.size + extra
        if needed <= len(self.value):
            return
        capacity = max(needed, 2 * len(self.value))
        for name in ("value", "error", "slope", "parent", "born"):
            old = getattr(self, name)
            grown = np.zeros(capacity, dtype=old.dtype)
            grown[: len(old)] = old
            setattr(self, name, grown)

    def exact_value(self, vid: int) -> Fraction:
        """Return the exact budget of the voters with value id `vid`."""
        pending = [vid]
        while pending:
            current = pending[-1]
            if current in self.exact_values:
                pending.pop()
                continue
            parent, born = int(self.parent[current]), int(self.born[current])
            round_ = self.rounds[born]
            needed = [parent] if round_.exact_q is not None else [parent, *self._vids_of(round_)]
            missing = [v for v in needed if v not in self.exact_values]
            if missing:
                pending.extend(missing)
                continue
            if round_.exact_q is None:
                round_.exact_q = self._exact_q_of(round_)
            self.exact_values[current] = self.exact_values[parent] - round_.exact_q
            pending.pop()
        return self.exact_values[vid]

    def exact_round_q(self, position: int) -> Fraction:
        """Return the exact price paid in round `position` (0-based)."""
        round_ = self.rounds[position]
        if round_.exact_q is None:
            for v in self._vids_of(round_):
                self.exact_value(v)
            round_.exact_q = self._exact_q_of(round_)
        return round_.exact_q

    def exact_supporters_total(self, p: int) -> Fraction:
        """Return the exact total budget left to the supporters of project p."""
        values, counts = self._exact_supporter_values(p)
        return sum((v * c for v, c in zip(values, counts, strict=True)), Fraction(0))

    def _vids_of(self, round_: Round) -> list[int]:
        assert round_.vids is not None  # grouped runs record them
        return [int(v) for v in round_.vids]

    def _exact_q_of(self, round_: Round) -> Fraction:
        assert round_.vid_counts is not None
        values = [self.exact_values[v] for v in self._vids_of(round_)]
        counts = [int(c) for c in round_.vid_counts]
        q = exact_water_level(values, counts, self.election.costs[round_.project])
        if q is None:
            raise AssertionError("a bought project was not affordable")
        return q

    def _exact_supporter_values(self, p: int) -> tuple[list[Fraction], list[int]]:
        vids, counts = np.unique(self.vid[self.election.supporters_of(p)], return_counts=True)
        return [self.exact_value(int(v)) for v in vids], [int(c) for c in counts]

    def _is_affordable_exactly(self, p: int) -> bool:
        return self.exact_supporters_total(p) >= self.election.costs[p]

    # -- the horizon ------------------------------------------------------------------

    def _horizon_flips(
        self,
        values: FloatArray,
        errors: FloatArray,
        slopes: FloatArray,
        vids: IntArray,
        q: float,
        q_error: float,
        slope_q: float,
    ) -> None:
        """Lower the horizon to where a supporter who paid all could first pay `q` instead.

        Those who could pay `q` keep doing so at any higher per-voter budget: their budget
        rises at least as fast as the price falls.
        """
        partial = vids != EXHAUSTED
        rise = slopes[partial] - slope_q
        gaps = q - values[partial] - 2 * (errors[partial] + q_error)
        with np.errstate(divide="ignore", invalid="ignore"):
            flips = np.where(rise > 0, np.maximum(gaps, 0.0) / rise, np.inf)
        if len(flips):
            self.horizon = min(self.horizon, float(flips.min()))

    def _horizon_round(self, winner: int, rho: float) -> None:
        """Lower the horizon so no loser can match `winner`'s price within it.

        A loser p' beats the winner at a higher per-voter budget only if its supporters can
        then pay `level = utility * rho` for it (the winner's price only falls along a
        path). Budgets only rise along a path, and at most by their slopes, so
        `gap = cost - sum(min(budget, level))` must be covered by
        `rise * sum(slope of the supporters below the level)`. Cheap lower bounds on the
        gap (from each project's last evaluation) rule out most projects; the rest are
        computed over their supporters.
        """
        election = self.election
        others = self.candidates[~self.bought[self.candidates]]
        others = others[others != winner]
        if len(others) == 0:
            return
        level = self.utility[others] * rho
        cost = election.cost[others]
        counts = election.counts[others]
        was_dear = ~np.isnan(self.total[others])
        with np.errstate(invalid="ignore"):
            gap_bound = np.where(
                was_dear,
                cost - self.total[others],
                self.rich[others] * (self.utility[others] * self.low[others] - level),
            )
        margin = TOLERANCE * cost + 2 * counts * self.max_error
        rise_bound = (gap_bound - margin) / (counts * self.max_slope)
        for position in np.argsort(rise_bound).tolist():
            if rise_bound[position] >= self.horizon:
                break
            supporters = election.supporters_of(int(others[position]))
            budgets = self.budget[supporters]
            below = budgets < level[position] + margin[position]
            gap = float(cost[position] - np.minimum(budgets, level[position]).sum())
            # Supporters at or above the level already give it in full, however rich.
            slope = float(self.slope[self.vid[supporters[below]]].sum())
            self.horizon = min(self.horizon, _rise(gap - float(margin[position]), slope))
            if self.horizon <= 1.0:
                return

    def horizon_end(self) -> None:
        """Lower the horizon so every project left stays unaffordable within it."""
        election = self.election
        for p in self.candidates[~self.bought[self.candidates]].tolist():
            if self.horizon <= 1.0:
                return
            supporters = election.supporters_of(p)
            k = len(supporters)
            cost = float(election.cost[p])
            margin = TOLERANCE * cost + 2 * k * self.max_error
            known = self.total[p]
            if (
                not np.isnan(known)
                and (cost - known - margin) / (k * self.max_slope) >= self.horizon
            ):
                continue
            gap = cost - float(self.budget[supporters].sum()) - margin
            slope = float(self.slope[self.vid[supporters]].sum())
            self.horizon = min(self.horizon, _rise(gap, slope))


@dataclass(frozen=True)
class _Start:
    """What every run over the same election, projects and utilities starts from."""

    utility: FloatArray
    costs: list[float]
    utilities: list[float]
    candidates: IntArray
    low: FloatArray  # the price per unit of each project, were all supporters to pay
    heap: list[tuple[float, int]]  # (low, project) of the candidates, as a heap
    rich: FloatArray
    total: FloatArray


def _start_of(election: Election, eligible: BoolArray, is_cost_utility: bool) -> _Start:
    """Return the start of a run, made once per election.

    The add-one search makes dozens of runs; on a small election setting each one up
    cost about as much as running it.
    """
    key = (is_cost_utility, eligible.tobytes())
    start = election.cache.get(key)
    if isinstance(start, _Start):
        return start
    cost = election.cost
    counts = election.counts
    utility = cost if is_cost_utility else np.ones_like(cost)
    candidates = np.flatnonzero(eligible)
    with np.errstate(divide="ignore", invalid="ignore"):
        low = np.where(counts > 0, cost / (counts * utility), np.inf)
    heap = [(float(low[p]), int(p)) for p in candidates]
    heapq.heapify(heap)
    start = _Start(
        utility=utility,
        costs=cost.tolist(),
        utilities=utility.tolist(),
        candidates=candidates,
        low=low,
        heap=heap,
        rich=counts.astype(np.float64),
        total=np.full(election.size, np.nan),
    )
    election.cache[key] = start
    return start


def _q_error(values: FloatArray, errors: FloatArray, counts: IntArray, q: float, k: int) -> float:
    """Bound the float error of a price from the errors of the budgets below it."""
    poor = values < q
    rich = int(counts[~poor].sum())
    if rich == 0:
        return math.inf
    partial = float((errors[poor] * counts[poor]).sum())
    return (partial + 4 * EPSILON * q * k * math.log2(k + 2)) / rich + 2 * EPSILON * q


def _spread(k: int) -> float:
    """Bound the rounding of a sum of k floats, in units of EPSILON times its size.

    Small projects are summed one by one in Python (k roundings); numpy sums pairwise.
    """
    return float(k) if k <= SMALL_PROJECT else math.log2(k + 2)


def _rise(gap: float, slope: float) -> float:
    """Return how far budgets rising at `slope` in total can go before covering `gap`."""
    if gap <= 0:
        return 0.0
    return gap / slope if slope > 0 else math.inf


def run_mes(
    election: Election,
    eligible: BoolArray,
    per_voter: Fraction,
    *,
    is_cost_utility: bool,
    grouped: bool = False,
    want_horizon: bool = False,
    exact: bool = False,
) -> RunResult:
    """Run MES once with `per_voter` for every voter, over the `eligible` projects.

    A lean run is tried first unless `grouped` (or a horizon, or `exact`) is asked for;
    if it cannot decide something in floats the run is redone grouped.
    """
    run = _Run(
        election,
        eligible,
        is_cost_utility=is_cost_utility,
        per_voter=per_voter,
        grouped=grouped,
        want_horizon=want_horizon,
        exact=exact,
    )
    try:
        run.run()
    except NeedsExact:
        return run_mes(election, eligible, per_voter, is_cost_utility=is_cost_utility, grouped=True)
    if want_horizon:
        run.horizon_end()
    selected = [r.project for r in run.rounds]
    spent = election.amount(election.total_units(selected))
    return RunResult(per_voter, run.rounds, selected, spent, run.horizon, run)
