"""The round as the allocation core and the Pabulib file see it."""

from datetime import datetime
from decimal import Decimal
from fractions import Fraction

from django.utils import timezone

from samenkracht.budgeting.models import (
    Ballot,
    BudgetRound,
    Proposal,
)
from samenkracht.budgeting.selectors.rounds import BALLOT_STATUSES, result_get
from samenkracht.core.budgeting import Ballot as CoreBallot
from samenkracht.core.budgeting import Instance, write_pb
from samenkracht.core.budgeting import Project as CoreProject

# --- the election as the allocation core sees it ---------------------------------------------


def _fraction(value: Decimal) -> Fraction:
    return Fraction(value)


def instance_build(*, budget_round: BudgetRound) -> tuple[Instance, dict[str, Proposal]]:
    """Return the round as an allocation `Instance`, and its proposals by project id.

    Ballots come in order of their public number (unnumbered ones last, in a fixed order),
    so the instance, the published file and a recomputation all see the same election.
    """
    proposals = list(
        Proposal.objects.filter(budget_round=budget_round, status__in=BALLOT_STATUSES).order_by(
            "pk"
        )
    )
    by_pk = {proposal.pk: proposal for proposal in proposals}
    projects = tuple(
        CoreProject(id=p.project_id, cost=_fraction(p.cost), name=p.title) for p in proposals
    )
    uses_points = budget_round.ballot_type == BudgetRound.BallotType.CUMULATIVE
    ballots = []
    rows = Ballot.objects.filter(budget_round=budget_round).order_by("public_number", "voter_key")
    for number, ballot in enumerate(rows, start=1):
        chosen = [choice for choice in ballot.choices if int(choice[0]) in by_pk]
        ballots.append(
            CoreBallot(
                voter_id=str(ballot.public_number or number),
                approved=tuple(by_pk[int(choice[0])].project_id for choice in chosen),
                points=tuple(int(choice[1] or 0) for choice in chosen) if uses_points else None,
            )
        )
    instance = Instance(
        budget=_fraction(budget_round.amount),
        projects=projects,
        ballots=tuple(ballots),
        meta=dict(budget_round.source_meta),
    )
    return instance, {p.project_id: p for p in proposals}


# --- open data -------------------------------------------------------------------------------

PB_VOTE_TYPES = {
    BudgetRound.BallotType.APPROVAL: "approval",
    BudgetRound.BallotType.KNAPSACK: "approval",
    BudgetRound.BallotType.CUMULATIVE: "cumulative",
    BudgetRound.BallotType.RANKING: "ordinal",
}


def _pb_date(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%d.%m.%Y")


def open_data_instance(*, budget_round: BudgetRound) -> Instance:
    """The round as a Pabulib election: anonymous ballots by public number, and the result.

    An imported round keeps the META of its file; the counts and the result are its own.
    """
    instance, by_project_id = instance_build(budget_round=budget_round)
    result = result_get(budget_round=budget_round)
    selected = set(result.selected) if result is not None and result.is_done else set()
    names = ", ".join(n.name for n in budget_round.neighbourhoods.all())
    meta = {
        "description": budget_round.title,
        "country": "Netherlands",
        "unit": budget_round.municipality.name,
        **({"subunit": names} if names else {}),
        "instance": str(timezone.localtime(budget_round.voting_start).year),
        "date_begin": _pb_date(budget_round.voting_start),
        "date_end": _pb_date(budget_round.voting_end),
        "language": "nl",
        "currency": "EUR",
        **dict(budget_round.source_meta),
        "rule": budget_round.rule,
        "vote_type": PB_VOTE_TYPES[BudgetRound.BallotType(budget_round.ballot_type)],
        "budget": "",
        "num_projects": str(len(instance.projects)),
        "num_votes": str(len(instance.ballots)),
    }
    meta.pop("budget")
    if budget_round.min_projects:
        meta["min_length"] = str(budget_round.min_projects)
    if budget_round.max_projects:
        meta["max_length"] = str(budget_round.max_projects)
    if budget_round.ballot_type == BudgetRound.BallotType.CUMULATIVE and budget_round.points_total:
        meta["max_sum_points"] = str(budget_round.points_total)
    if budget_round.ballot_type == BudgetRound.BallotType.KNAPSACK:
        meta["max_sum_cost"] = str(budget_round.amount.normalize())
    projects = tuple(
        CoreProject(
            id=project.id,
            cost=project.cost,
            name=project.name,
            extra={"selected": "1" if by_project_id[project.id].pk in selected else "0"},
        )
        for project in instance.projects
    )
    return Instance(budget=instance.budget, projects=projects, ballots=instance.ballots, meta=meta)


def open_data_pb(*, budget_round: BudgetRound) -> str:
    """The text of the round's `.pb` file."""
    return write_pb(open_data_instance(budget_round=budget_round))
