"""Import a Pabulib election as a closed round, so real elections can be replayed."""

from datetime import datetime, timedelta
from decimal import Decimal
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samenkracht.budgeting.models import Ballot, BudgetRound, Phase, Proposal
from samenkracht.core.budgeting import Instance
from samenkracht.people.models import Municipality, Neighbourhood

MONEY_LIMIT = Decimal("9999999999.99")
TITLE_MAX_LENGTH = 150
PROPOSAL_TITLE_MAX_LENGTH = 120
SOURCE_ID_MAX_LENGTH = 64  # Proposal.source_id
IMPORT_BATCH_SIZE = 2000
# Pabulib's vote types and the ballots they are in Samenkracht.
BALLOT_TYPES = {
    "approval": BudgetRound.BallotType.APPROVAL,
    "choose-1": BudgetRound.BallotType.APPROVAL,
    "cumulative": BudgetRound.BallotType.CUMULATIVE,
    "scoring": BudgetRound.BallotType.CUMULATIVE,
    "ordinal": BudgetRound.BallotType.RANKING,
}


def _money(value: Fraction, what: str) -> Decimal:
    amount = (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.01"))
    if amount > MONEY_LIMIT:
        raise ValidationError(
            {"__all__": [_("%(what)s is te groot om op te slaan.") % {"what": what}]}
        )
    return amount


def _date(text: str | None) -> datetime | None:
    if not text:
        return None
    for pattern in ("%d.%m.%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            day = datetime.strptime(text.strip(), pattern)  # noqa: DTZ007 (made aware below)
        except ValueError:
            continue
        return timezone.make_aware(day)
    return None


def _rule(meta: dict[str, str]) -> str:
    """The file's rule in Samenkracht's names; equal shares as it was used in real rounds."""
    rule = meta.get("rule", "").strip().lower()
    if rule == "greedy":
        return BudgetRound.Rule.GREEDY
    if rule.startswith("equalshares"):
        return BudgetRound.Rule.MES_ADD1
    return BudgetRound.Rule.MES_COMPLETED


def _natural(text: str | None) -> int | None:
    if text and text.strip().isdigit() and int(text) > 0:
        return int(text)
    return None


def _title(meta: dict[str, str], fallback: str) -> str:
    parts = [meta.get("description") or meta.get("unit") or "", meta.get("instance", "")]
    title = " ".join(part.strip() for part in parts if part and part.strip()) or fallback
    return title[:TITLE_MAX_LENGTH]


@transaction.atomic
def round_import(
    *,
    instance: Instance,
    municipality: Municipality,
    neighbourhoods: list[Neighbourhood],
    now: datetime,
    title: str = "",
    rule: str = "",
    source_name: str = "",
) -> BudgetRound:
    """Create a closed round with the election's projects and anonymous ballots.

    All or nothing: one transaction. Ballots keep the file's order as their public
    numbers; the file's META is kept for the export.
    """
    too_long = [p.id for p in instance.projects if len(p.id) > SOURCE_ID_MAX_LENGTH]
    if too_long:
        raise ValidationError(
            {
                "__all__": [
                    _("Het nummer van project %(id)s is langer dan %(max)d tekens.")
                    % {"id": too_long[0][:SOURCE_ID_MAX_LENGTH] + "…", "max": SOURCE_ID_MAX_LENGTH}
                ]
            }
        )
    meta = dict(instance.meta)
    vote_type = meta.get("vote_type", "approval")
    ballot_type = BALLOT_TYPES.get(vote_type, BudgetRound.BallotType.APPROVAL)
    points_total = None
    if ballot_type == BudgetRound.BallotType.CUMULATIVE:
        points_total = (
            _natural(meta.get("max_sum_points"))
            or max((sum(ballot.points or ()) for ballot in instance.ballots), default=1)
            or 1
        )
    if ballot_type == BudgetRound.BallotType.APPROVAL and meta.get("max_sum_cost"):
        ballot_type = BudgetRound.BallotType.KNAPSACK
    max_projects = 1 if vote_type == "choose-1" else _natural(meta.get("max_length"))
    min_projects = _natural(meta.get("min_length"))
    if min_projects is not None and max_projects is not None and min_projects > max_projects:
        min_projects = None
    end = min(_date(meta.get("date_end")) or now, now)
    begin = min(_date(meta.get("date_begin")) or end - timedelta(days=14), end)
    if begin >= end:
        begin = end - timedelta(days=1)
    budget_round = BudgetRound(
        municipality=municipality,
        title=(title or _title(meta, source_name or _("Ingelezen stemming")))[:TITLE_MAX_LENGTH],
        description=meta.get("comment", "")[:4000],
        amount=_money(instance.budget, _("Het budget")),
        proposals_start=begin,
        support_start=begin,
        feasibility_start=begin,
        voting_start=begin,
        voting_end=end,
        delivery_start=max(end, now) + timedelta(days=365),
        min_supports=0,
        ballot_type=ballot_type,
        min_projects=min_projects,
        max_projects=max_projects,
        points_total=points_total,
        rule=rule or _rule(meta),
        minimum_age=0,
        allows_letter_codes=False,
        applied_phase=Phase.RESULTS,
        settings_locked_at=now,
        source_meta=meta,
    )
    budget_round.full_clean()
    budget_round.save()
    budget_round.neighbourhoods.set(neighbourhoods)
    proposals = [
        Proposal(
            budget_round=budget_round,
            title=(project.name or _("Project %(id)s") % {"id": project.id})[
                :PROPOSAL_TITLE_MAX_LENGTH
            ],
            text=project.extra.get("description", "")[:3000],
            estimated_cost=_money(
                project.cost, _("Het bedrag van project %(id)s") % {"id": project.id}
            ),
            status=Proposal.Status.ON_BALLOT,
            source_id=project.id,
        )
        for project in instance.projects
    ]
    Proposal.objects.bulk_create(proposals, batch_size=IMPORT_BATCH_SIZE)
    pk_by_project_id = dict(
        Proposal.objects.filter(budget_round=budget_round).values_list("source_id", "pk")
    )
    is_cumulative = ballot_type == BudgetRound.BallotType.CUMULATIVE
    ballots = []
    for number, ballot in enumerate(instance.ballots, start=1):
        points = ballot.points if is_cumulative and ballot.points is not None else None
        ballots.append(
            Ballot(
                budget_round=budget_round,
                voter_key=f"import:{number}",
                choices=[
                    [pk_by_project_id[project_id], points[index] if points is not None else None]
                    for index, project_id in enumerate(ballot.approved)
                ],
                public_number=number,
            )
        )
    Ballot.objects.bulk_create(ballots, batch_size=IMPORT_BATCH_SIZE)
    return budget_round
