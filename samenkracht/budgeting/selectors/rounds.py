"""Reads of rounds, proposals, results and the start pages' lists."""

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Count, Prefetch, Q, QuerySet

from samenkracht.budgeting.models import (
    BudgetRound,
    DeliveryUpdate,
    Follow,
    Phase,
    Proposal,
    RoundResult,
    Support,
    VoterRecord,
)
from samenkracht.people.models import Neighbourhood, User

# Which proposals a phase shows first: the ballot in voting, the winners after it.
BALLOT_STATUSES = (Proposal.Status.ON_BALLOT, Proposal.Status.WON, Proposal.Status.LOST)
PUBLIC_STATUSES = tuple(s for s in Proposal.Status.values if s != Proposal.Status.WITHDRAWN)


# --- rounds ----------------------------------------------------------------------------------


def _round_qs() -> QuerySet[BudgetRound]:
    return (
        BudgetRound.objects.select_related("municipality", "result")
        .prefetch_related(
            Prefetch(
                "neighbourhoods",
                queryset=Neighbourhood.objects.select_related("district").order_by("name"),
            )
        )
        .annotate(
            proposal_count=Count(
                "proposals",
                filter=~Q(proposals__status=Proposal.Status.WITHDRAWN),
                distinct=True,
            )
        )
    )


def round_list(
    *,
    neighbourhood: Neighbourhood | None = None,
    neighbourhoods: Iterable[Neighbourhood] | None = None,
    municipality_id: int | None = None,
) -> QuerySet[BudgetRound]:
    """Rounds, the most recent voting first; with a buurt, only rounds that include it."""
    qs = _round_qs()
    if neighbourhood is not None:
        qs = qs.filter(neighbourhoods=neighbourhood)
    if neighbourhoods is not None:
        qs = qs.filter(neighbourhoods__in=list(neighbourhoods)).distinct()
    if municipality_id is not None:
        qs = qs.filter(municipality_id=municipality_id)
    return qs.order_by("-voting_start", "-id")


def round_get(*, pk: int) -> BudgetRound | None:
    return _round_qs().filter(pk=pk).first()


def round_neighbourhood_ids(*, budget_round: BudgetRound) -> set[int]:
    cache = getattr(budget_round, "_prefetched_objects_cache", {})
    if "neighbourhoods" in cache:
        return {n.pk for n in cache["neighbourhoods"]}
    return set(budget_round.neighbourhoods.values_list("pk", flat=True))


def round_neighbourhood_list(*, budget_round: BudgetRound) -> list[Neighbourhood]:
    """The round's buurten by name, with their district and municipality."""
    return list(
        budget_round.neighbourhoods.select_related("district__municipality").order_by("name", "pk")
    )


def round_has_votes(*, budget_round: BudgetRound) -> bool:
    return VoterRecord.objects.filter(budget_round=budget_round).exists()


def rounds_unfinished() -> QuerySet[BudgetRound]:
    """Rounds whose transitions have not all run yet (the last phase needs none)."""
    return BudgetRound.objects.exclude(applied_phase=Phase.DELIVERY).order_by("pk")


# --- proposals -------------------------------------------------------------------------------


def _proposal_qs() -> QuerySet[Proposal]:
    return Proposal.objects.select_related(
        "budget_round", "author", "neighbourhood", "assessed_by"
    ).annotate(
        support_count=Count("supports", distinct=True),
        follower_count=Count("follows", distinct=True),
    )


def proposal_list(
    *,
    budget_round: BudgetRound,
    statuses: Iterable[str] | None = None,
    author: User | None = None,
) -> QuerySet[Proposal]:
    qs = _proposal_qs().filter(budget_round=budget_round)
    if statuses is not None:
        qs = qs.filter(status__in=list(statuses))
    if author is not None:
        qs = qs.filter(author=author)
    return qs.order_by("title", "id")


def proposal_get(*, pk: int) -> Proposal | None:
    return _proposal_qs().filter(pk=pk).first()


def ballot_proposals(*, budget_round: BudgetRound) -> list[Proposal]:
    """The projects on the ballot, cheapest first within the same title order."""
    return list(
        Proposal.objects.filter(budget_round=budget_round, status=Proposal.Status.ON_BALLOT)
        .select_related("neighbourhood")
        .order_by("title", "id")
    )


def supported_ids(*, user: User, budget_round: BudgetRound) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(
        Support.objects.filter(user=user, proposal__budget_round=budget_round).values_list(
            "proposal_id", flat=True
        )
    )


def support_exists(*, proposal: Proposal, user: User) -> bool:
    return Support.objects.filter(proposal=proposal, user=user).exists()


def follow_exists(*, proposal: Proposal, user: User) -> bool:
    return Follow.objects.filter(proposal=proposal, user=user).exists()


def delivery_updates(*, proposal: Proposal) -> QuerySet[DeliveryUpdate]:
    return DeliveryUpdate.objects.filter(proposal=proposal).select_related("author")


def proposals_in_delivery(*, budget_round: BudgetRound) -> QuerySet[Proposal]:
    return (
        _proposal_qs()
        .filter(budget_round=budget_round, status=Proposal.Status.WON)
        .prefetch_related(
            Prefetch(
                "delivery_updates",
                queryset=DeliveryUpdate.objects.order_by("-created_at", "-id"),
            )
        )
        .order_by("title", "id")
    )


def proposal_photo_exists(*, name: str) -> bool:
    """Whether a stored photo belongs to a public proposal or a milestone (so it is public).

    A withdrawn proposal is no longer public, and neither is its photo.
    """
    return (
        Proposal.objects.filter(photo=name).exclude(status=Proposal.Status.WITHDRAWN).exists()
        or DeliveryUpdate.objects.filter(photo=name).exists()
    )


# --- results ---------------------------------------------------------------------------------


def result_get(*, budget_round: BudgetRound) -> RoundResult | None:
    return RoundResult.objects.filter(budget_round=budget_round).first()


def is_result_published(*, budget_round: BudgetRound, now: datetime) -> bool:
    """Results are public once voting has closed and the computation is done."""
    if budget_round.phase_at(now) not in (Phase.RESULTS, Phase.DELIVERY):
        return False
    result = result_get(budget_round=budget_round)
    return result is not None and result.is_done


# --- home pages ------------------------------------------------------------------------------


def rounds_for_resident(*, user: User) -> QuerySet[BudgetRound]:
    if user.neighbourhood_id is None:
        return BudgetRound.objects.none()
    return round_list().filter(neighbourhoods__pk=user.neighbourhood_id)


def proposals_followed(*, user: User) -> QuerySet[Proposal]:
    """Proposals a person follows, most recently followed first."""
    return (
        Proposal.objects.filter(follows__user=user)
        .exclude(status=Proposal.Status.WITHDRAWN)
        .select_related("budget_round")
        .order_by("-follows__created_at", "-id")
    )


def rounds_for_professional(*, user: User) -> QuerySet[BudgetRound]:
    return round_list(neighbourhoods=user.work_neighbourhoods.all())


def rounds_for_municipality(*, municipality_id: int) -> QuerySet[BudgetRound]:
    return round_list(municipality_id=municipality_id)
