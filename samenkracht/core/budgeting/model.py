"""The shapes the allocation core works on: an election (`Instance`) and its `Outcome`.

These are the contract between the core (rules, the Pabulib reader and writer, the
`samenkracht allocate` command) and the `budgeting` app, which builds an `Instance` from
a round's ballots and shows an `Outcome` with its explanations.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
import numpy.typing as npt

#: Rules as the issue names them; the pabutools names (mes_add1 ...) are accepted too.
RULES = ("greedy", "mes", "mes-add1", "mes-add1-full", "mes-add1-greedy", "phragmen")
#: "cost" is pabutools's Cost_Sat (the default), "approval" its Cardinality_Sat.
UTILITIES = ("cost", "approval")


@dataclass(frozen=True)
class Project:
    id: str
    cost: Fraction  # in whole currency units in every real file; Fraction keeps it exact
    name: str = ""
    extra: dict[str, str] = field(default_factory=dict)  # other PROJECTS columns, for .pb


@dataclass(frozen=True)
class Ballot:
    """One voter's ballot. For cost and approval utilities only `approved` counts
    (cumulative and ordinal ballots count as approval of every project on them, as in
    pabutools); `points` / `ranking` keep the ballot as cast, for the .pb export."""

    voter_id: str
    approved: tuple[str, ...]  # project ids, in the order cast
    points: tuple[int, ...] | None = None  # cumulative ballots: points per approved project
    extra: dict[str, str] = field(default_factory=dict)  # other VOTES columns (age, sex ...)


@dataclass(frozen=True, eq=False)
class Approvals:
    """The approvals of `ballots` as positions in `projects`, as the .pb reader found them.

    The reader looks every project id up anyway to check it; keeping the positions spares
    each rule call a dictionary lookup per approval (Warsaw-sized files have hundreds of
    thousands), much as pabutools's parser links its ballots to project objects once.
    """

    projects: tuple[Project, ...]  # the very tuples the positions refer to: an Instance
    ballots: tuple[Ballot, ...]  # holding other ones (dataclasses.replace) ignores them
    positions: npt.NDArray[np.int64]  # ballot by ballot, a project at most once per ballot
    lengths: npt.NDArray[np.int64]  # approvals per ballot

    def describe(self, projects: tuple[Project, ...], ballots: tuple[Ballot, ...]) -> bool:
        """Whether these positions are those of `projects` and `ballots`."""
        return projects is self.projects and ballots is self.ballots


@dataclass(frozen=True)
class Instance:
    budget: Fraction
    projects: tuple[Project, ...]
    ballots: tuple[Ballot, ...]  # every ballot, empty ones included (they count in n)
    meta: dict[str, str] = field(default_factory=dict)  # the META section, as read
    # Set by the .pb reader; not part of the election's value (equality ignores it).
    approvals: Approvals | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class ProjectResult:
    """Why a project won or lost, in numbers the app turns into plain Dutch.

    For MES-like rules: a winner was paid by `payers` voters, each paying at most
    `max_payment` (the rho at which it was chosen); a loser's supporters had
    `supporters_left` in total at the end, against its `cost`. For greedy: `rank` is its
    place in the order by votes (1 = most). Fields that do not apply are None.
    """

    id: str
    cost: Fraction
    supporters: int
    selected: bool
    round: int | None = None  # 1-based position in the selection order
    payers: int | None = None
    max_payment: Fraction | None = None
    supporters_left: Fraction | None = None
    rank: int | None = None
    by_completion: bool = False  # added by the greedy completion step of mes-add1-greedy


@dataclass(frozen=True)
class Outcome:
    rule: str
    utility: str
    selected: tuple[str, ...]  # project ids in the order the rule chose them
    spent: Fraction
    budget: Fraction
    voter_budget: Fraction | None  # per-voter budget at the end (MES rules), else None
    projects: dict[str, ProjectResult]  # every project of the instance, by id
    seconds: float = 0.0  # time the rule call took (wall clock, for the CLI's --json)
