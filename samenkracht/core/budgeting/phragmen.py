"""Sequential Phragmén, as pabutools 1.2.3's `sequential_phragmen` defines it.

Voters carry a load, starting at 0. Each round the project whose purchase would leave its
supporters with the lowest common load, `(sum of their loads + cost) / supporters`, is
bought and its supporters' loads set to that value; a project nobody approves has an
infinite load. The rule stops as soon as one of the projects tied for the lowest load
does not fit the budget left (it does not skip it). Ties go to the lowest id as text.

A voter's load is always the load of the last bought project they approve, so loads take
one value per round: voters carry a *level* (the round that set their load), and an
exact load is recomputed from the levels of the round's supporters when floats are too
close to call.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from samenkracht.core.budgeting.election import Election, IntArray

TOLERANCE = 1e-9
EPSILON = 2.0**-52


class _Levels:
    """Exact loads per level, computed on demand from the supporters' levels per round."""

    def __init__(self, election: Election) -> None:
        self.election = election
        self.exact: list[Fraction | None] = [Fraction(0)]
        self.history: list[tuple[int, IntArray, IntArray]] = []

    def add(self, project: int, levels: IntArray, counts: IntArray) -> None:
        self.history.append((project, levels, counts))
        self.exact.append(None)

    def value(self, level: int) -> Fraction:
        pending = [level]
        while pending:
            current = pending[-1]
            if self.exact[current] is not None:
                pending.pop()
                continue
            project, levels, _ = self.history[current - 1]
            missing = [int(v) for v in levels if self.exact[int(v)] is None]
            if missing:
                pending.extend(missing)
                continue
            self.exact[current] = self.load_after(project, levels, self.history[current - 1][2])
            pending.pop()
        value = self.exact[level]
        assert value is not None  # just computed
        return value

    def load_after(self, project: int, levels: IntArray, counts: IntArray) -> Fraction:
        """Return the exact common load after buying `project`, its supporters at `levels`."""
        total = sum(
            (self.value(int(v)) * int(c) for v, c in zip(levels, counts, strict=True)),
            Fraction(0),
        )
        return (total + self.election.costs[project]) / int(counts.sum())


def sequential_phragmen(election: Election) -> list[int]:
    """Return the projects sequential Phragmén buys, in the order it buys them."""
    size = election.size
    counts = election.counts
    costs = election.costs
    budget = election.budget
    supporters = election.supporters
    entry_project = np.repeat(np.arange(size), counts)
    load = np.zeros(election.voters, dtype=np.float64)
    level = np.zeros(election.voters, dtype=np.int64)
    levels = _Levels(election)
    load_error = 0.0
    alive = np.array([c <= budget for c in costs], dtype=bool)
    supported = counts > 0
    spent = Fraction(0)
    selected: list[int] = []
    while alive.any():
        candidates = np.flatnonzero(alive)
        sums = np.bincount(entry_project, weights=load[supporters], minlength=size)
        with np.errstate(divide="ignore", invalid="ignore"):
            new_load = np.where(supported, (sums + election.cost) / counts, np.inf)
        values = new_load[candidates]
        best = float(values.min())
        if math.isinf(best):
            tied = candidates.tolist()
            exact_best: Fraction | None = None
        else:
            finite = np.where(np.isfinite(values), values, 0.0)
            errors = load_error + 4 * EPSILON * finite * counts[candidates]
            best_error = float(errors[int(values.argmin())])
            near = values - best <= TOLERANCE * best + errors + best_error
            band = candidates[near].tolist()
            exact_best = None
            tied = band
            if len(band) > 1:
                exact = {p: _exact_load(election, levels, level, p) for p in band}
                exact_best = min(exact.values())
                tied = [p for p in band if exact[p] == exact_best]
        if any(spent + costs[p] > budget for p in tied):
            break
        winner = min(tied, key=lambda p: int(election.text_rank[p]))
        if counts[winner] > 0:
            members = election.supporters_of(winner)
            found, found_counts = np.unique(level[members], return_counts=True)
            levels.add(winner, found, found_counts)
            if exact_best is not None:
                levels.exact[-1] = exact_best
            value = float(new_load[winner]) if exact_best is None else float(exact_best)
            load[members] = value
            level[members] = len(levels.history)
            load_error += 8 * EPSILON * value * int(counts[winner])
        spent += costs[winner]
        selected.append(winner)
        alive[winner] = False
    return selected


def _exact_load(election: Election, levels: _Levels, level: IntArray, project: int) -> Fraction:
    found, found_counts = np.unique(level[election.supporters_of(project)], return_counts=True)
    return levels.load_after(project, found, found_counts)
