"""Factories for budget rounds and proposals; other apps' tests import these."""

from datetime import datetime, timedelta
from decimal import Decimal
from typing import cast

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from samenkracht.budgeting.models import PHASE_ORDER, BudgetRound, Phase, Proposal
from samenkracht.people.models import User
from samenkracht.people.tests.factories import (
    MunicipalityFactory,
    NeighbourhoodFactory,
    ResidentFactory,
)

PHASE_DAYS = 10
BOUNDARIES = (
    "proposals_start",
    "support_start",
    "feasibility_start",
    "voting_start",
    "voting_end",
    "delivery_start",
)


def phase_dates(phase: str, now: datetime | None = None) -> dict[str, datetime]:
    """Dates that put a round in `phase` at `now`, with five days to go either way."""
    now = now or timezone.now()
    index = PHASE_ORDER[Phase(phase)]
    return {
        field: now + timedelta(days=PHASE_DAYS * (number + 1 - index) - PHASE_DAYS / 2)
        for number, field in enumerate(BOUNDARIES)
    }


class BudgetRoundFactory(DjangoModelFactory):
    """A knapsack round of € 20.000 for one buurt, in the proposals phase unless told."""

    class Meta:
        model = BudgetRound
        skip_postgeneration_save = True

    class Params:
        phase = Phase.PROPOSALS

    municipality = factory.SubFactory(MunicipalityFactory)
    title = factory.Sequence(lambda n: f"Buurtbudget {n}")
    description = "Bewoners beslissen samen waar het geld naartoe gaat."
    amount = Decimal("20000")
    min_supports = 2
    proposals_start = factory.LazyAttribute(lambda o: phase_dates(o.phase)["proposals_start"])
    support_start = factory.LazyAttribute(lambda o: phase_dates(o.phase)["support_start"])
    feasibility_start = factory.LazyAttribute(lambda o: phase_dates(o.phase)["feasibility_start"])
    voting_start = factory.LazyAttribute(lambda o: phase_dates(o.phase)["voting_start"])
    voting_end = factory.LazyAttribute(lambda o: phase_dates(o.phase)["voting_end"])
    delivery_start = factory.LazyAttribute(lambda o: phase_dates(o.phase)["delivery_start"])
    applied_phase = factory.LazyAttribute(lambda o: o.phase)

    @factory.post_generation
    def neighbourhoods(self, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            extracted = [NeighbourhoodFactory(district__municipality=self.municipality)]
        self.neighbourhoods.set(extracted)


def voter_for(budget_round: BudgetRound, **kwargs) -> User:
    """A resident of the round's first buurt, old enough to take part."""
    kwargs.setdefault("neighbourhood", budget_round.neighbourhoods.order_by("pk").first())
    kwargs.setdefault("birth_year", 1980)
    return cast(User, ResidentFactory(**kwargs))


class ProposalFactory(DjangoModelFactory):
    class Meta:
        model = Proposal

    budget_round = factory.SubFactory(BudgetRoundFactory)
    author = factory.LazyAttribute(lambda o: voter_for(o.budget_round))
    title = factory.Sequence(lambda n: f"Bankjes bij de speeltuin {n}")
    text = "Twee bankjes in de schaduw, zodat ouders en ouderen kunnen zitten."
    neighbourhood = factory.LazyAttribute(
        lambda o: o.budget_round.neighbourhoods.order_by("pk").first()
    )
    estimated_cost = Decimal("5000")
    status = Proposal.Status.SUBMITTED


def ballot_round(
    *,
    costs: tuple[int, ...] = (8000, 6000, 5000, 4000),
    phase: str = Phase.VOTING,
    **kwargs,
) -> tuple[BudgetRound, list[Proposal]]:
    """A round with proposals on the ballot, one per cost, named A, B, C, ..."""
    budget_round = cast(BudgetRound, BudgetRoundFactory(phase=phase, **kwargs))
    proposals = [
        cast(
            Proposal,
            ProposalFactory(
                budget_round=budget_round,
                title=f"Project {chr(ord('A') + index)}",
                estimated_cost=Decimal(cost),
                assessed_cost=Decimal(cost),
                status=Proposal.Status.ON_BALLOT,
            ),
        )
        for index, cost in enumerate(costs)
    ]
    return budget_round, proposals


# Buurt centres of `place_round`: about 1.1 km and 5.6 km north of HOME.
HOME = (52.157, 5.39)
NEXT_DOOR = (52.167, 5.39)
FURTHER = (52.207, 5.39)


def place_round() -> BudgetRound:
    """A round for Soesterkwartier and Kattenbroek, with Hooglanderveen outside it.

    Each buurt has a centre of its own, a few kilometres apart (HOME, NEXT_DOOR, FURTHER).
    """
    municipality = MunicipalityFactory()
    home = NeighbourhoodFactory(
        name="Soesterkwartier",
        district__municipality=municipality,
        latitude=HOME[0],
        longitude=HOME[1],
    )
    next_door = NeighbourhoodFactory(
        name="Kattenbroek", district=home.district, latitude=NEXT_DOOR[0], longitude=NEXT_DOOR[1]
    )
    NeighbourhoodFactory(
        name="Hooglanderveen", district=home.district, latitude=FURTHER[0], longitude=FURTHER[1]
    )
    return cast(
        BudgetRound,
        BudgetRoundFactory(municipality=municipality, neighbourhoods=[home, next_door]),
    )
