"""The price a project's supporters pay: the level q with sum(min(budget, q)) == cost.

Supporters who cannot pay q pay all they have; the others pay q. Only the level decides
which is which, so these functions are shared by every MES run, in floats and exactly.
"""

from __future__ import annotations

import bisect
from fractions import Fraction

import numpy as np

from samenkracht.core.budgeting.election import FloatArray


def water_level(budgets: FloatArray, cost: float, k: int, floor: float) -> tuple[float, int, int]:
    """Return the price q with sum(min(budget, q)) == cost, and who can and cannot pay it.

    `floor` is a known lower bound on q (the project's price last time it was looked at,
    since budgets only fall); starting there saves passes.
    """
    q = max(cost / k, floor)
    poor_count = -1
    # Each pass moves the supporters who cannot pay q to paying all they have; q rises
    # and the passes stop when no one else drops out (nearly always within a few).
    for passes in range(8):
        poor = budgets < q
        count = int(np.count_nonzero(poor))
        if count == poor_count or count >= k:
            break
        if passes == 0 and count == 0:
            # Everyone can pay q >= cost / k, so everyone pays cost / k: skip the pass
            # that would confirm it (10 to 60 % of the calls on Amsterdam files).
            q = cost / k
            break
        poor_count = count
        q = (cost - float(np.add.reduce(budgets[poor]))) / (k - count) if count else cost / k
    else:
        ordered = np.sort(budgets)
        before = np.concatenate(([0.0], np.cumsum(ordered[:-1])))
        prices = (cost - before) / (k - np.arange(k))
        q = float(prices[int(np.argmax(prices <= ordered))])
        count = int(np.count_nonzero(budgets < q))
    if count >= k:
        q = float(budgets.max())
        count = int(np.count_nonzero(budgets < q))
    return q, k - count, count


def water_level_small(budgets: list[float], cost: float, k: int) -> tuple[float, int, int]:
    """`water_level` for a few supporters, on a list."""
    if min(budgets) >= cost / k:
        return cost / k, k, 0
    ordered = sorted(budgets)
    paid = 0.0
    for poor, budget in enumerate(ordered):
        q = (cost - paid) / (k - poor)
        if q <= budget:
            exhausted = bisect.bisect_right(ordered, 0.0, hi=poor)
            return q, k - poor, poor - exhausted
        paid += budget
    # Affordable only to the cent, which the caller settles exactly.
    return ordered[-1], 1, k - 1


def exact_water_level(values: list[Fraction], counts: list[int], cost: Fraction) -> Fraction | None:
    """Return the exact price for budgets `values` held by `counts` voters, or None."""
    if sum((v * c for v, c in zip(values, counts, strict=True)), Fraction(0)) < cost:
        return None
    remaining_cost = cost
    remaining = sum(counts)
    for value, count in sorted(zip(values, counts, strict=True)):
        q = remaining_cost / remaining
        if q <= value:
            return q
        remaining_cost -= value * count
        remaining -= count
    raise AssertionError("unreachable: an affordable project has a price")
