"""An `Instance` compiled to the numpy arrays the rules work on."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import chain
from operator import attrgetter

import numpy as np
import numpy.typing as npt

from samenkracht.core.budgeting.model import Ballot, Instance

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Election:
    """Approvals per project, in project-major (CSC) form, with exact and float costs.

    Project `p`'s supporters are `supporters[start[p]:start[p + 1]]`, voter indices in
    increasing order; a project on a ballot twice counts once.
    """

    voters: int  # n: every ballot, empty ones included
    budget: Fraction
    ids: tuple[str, ...]
    costs: tuple[Fraction, ...]
    cost: FloatArray
    start: IntArray
    supporters: IntArray
    counts: IntArray
    text_rank: IntArray  # position of each id in text order; ties go to the lowest
    groups: tuple[IntArray, ...]  # each project's supporters (views into `supporters`)
    # Costs and budget as whole multiples of 1 / scale: sums and comparisons of amounts
    # on ints (scale is 1 in nearly every file) are many times faster than on Fractions.
    scale: int
    units: tuple[int, ...]
    budget_units: int
    # What rules derive from the election and reuse across runs (see mes._start_of); it
    # lives as long as this Election, which each `allocate` call builds afresh.
    cache: dict[object, object] = field(default_factory=dict, compare=False, repr=False)

    def amount(self, units: int) -> Fraction:
        """Return `units` / scale as a fraction."""
        return Fraction(units, self.scale)

    def total_units(self, projects: list[int]) -> int:
        units = self.units
        return sum([units[p] for p in projects])

    @property
    def size(self) -> int:
        return len(self.ids)

    def supporters_of(self, project: int) -> IntArray:
        return self.groups[project]


def compile_instance(instance: Instance) -> Election:
    """Build the arrays for `instance`; raise ValueError for a vote for an unknown project.

    Instances read from a .pb file carry their approvals as project positions already
    (`Approvals`); others have their ids looked up here.
    """
    projects = instance.projects
    ids = tuple(p.id for p in projects)
    ballots = instance.ballots
    approvals = instance.approvals
    if approvals is not None and approvals.describe(projects, ballots):
        positions, lengths = approvals.positions, approvals.lengths
        once = True  # the reader keeps a project once per ballot
    else:
        positions, lengths = _positions(ids, ballots)
        once = False
    size = len(ids)
    voters = np.repeat(np.arange(len(ballots), dtype=np.int64), lengths)
    # numpy radix-sorts small integer types: much faster than a merge sort of int64.
    keys = positions.astype(np.int16) if size < 2**15 else positions
    order = np.argsort(keys, kind="stable")
    positions, voters = positions[order], voters[order]
    if not once and len(voters) > 1:
        repeated = (voters[1:] == voters[:-1]) & (positions[1:] == positions[:-1])
        if repeated.any():
            keep = np.concatenate(([True], ~repeated))
            positions, voters = positions[keep], voters[keep]
    counts = np.bincount(positions, minlength=size).astype(np.int64)
    start = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(counts, out=start[1:])
    text_rank = np.empty(size, dtype=np.int64)
    text_rank[sorted(range(size), key=ids.__getitem__)] = np.arange(size)
    costs = tuple(p.cost for p in projects)
    scale = math.lcm(instance.budget.denominator, *(c.denominator for c in costs))
    bounds = start.tolist()
    return Election(
        voters=len(ballots),
        budget=instance.budget,
        ids=ids,
        costs=costs,
        cost=np.array([float(c) for c in costs], dtype=np.float64),
        start=start,
        supporters=voters,
        counts=counts,
        text_rank=text_rank,
        groups=tuple(voters[bounds[p] : bounds[p + 1]] for p in range(size)),
        scale=scale,
        units=tuple(c.numerator * (scale // c.denominator) for c in costs),
        budget_units=instance.budget.numerator * (scale // instance.budget.denominator),
    )


def _positions(ids: tuple[str, ...], ballots: tuple[Ballot, ...]) -> tuple[IntArray, IntArray]:
    """Return every approval as a project position, ballot by ballot, and the ballots' lengths."""
    index = {project_id: position for position, project_id in enumerate(ids)}
    if len(index) != len(ids):
        raise ValueError("project ids are not unique")
    # map() with C-level callables: this loop over every ballot is most of the fixed cost.
    approved = list(map(attrgetter("approved"), ballots))
    lengths = np.fromiter(map(len, approved), dtype=np.int64, count=len(ballots))
    cast = chain.from_iterable(approved)
    try:
        positions = np.fromiter(
            map(index.__getitem__, cast), dtype=np.int64, count=int(lengths.sum())
        )
    except KeyError as error:
        raise ValueError(f"a ballot approves unknown project {error.args[0]!r}") from None
    return positions, lengths
