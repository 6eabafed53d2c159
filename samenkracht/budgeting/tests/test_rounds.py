"""Creating and changing rounds, and moving them through their phases."""

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from samenkracht.budgeting import services
from samenkracht.budgeting.models import BudgetRound, Phase, Proposal, RoundResult
from samenkracht.budgeting.tests.factories import (
    BudgetRoundFactory,
    ProposalFactory,
    ballot_round,
    phase_dates,
    voter_for,
)
from samenkracht.common.errors import ApplicationError
from samenkracht.people.tests.factories import (
    AdminFactory,
    MunicipalityFactory,
    NeighbourhoodFactory,
    OfficialFactory,
    ProfessionalFactory,
    ResidentFactory,
)

pytestmark = pytest.mark.django_db


def _create(created_by, neighbourhoods, **overrides):
    data: dict[str, Any] = {
        "created_by": created_by,
        "municipality": neighbourhoods[0].district.municipality if neighbourhoods else None,
        "neighbourhoods": neighbourhoods,
        "title": "Buurtbudget Soesterkwartier",
        "amount": Decimal("25000"),
        **phase_dates(Phase.ANNOUNCED),
    }
    data.update(overrides)
    return services.round_create(**data)


def test_an_official_creates_a_round_for_buurten_of_their_municipality():
    # given
    neighbourhood = NeighbourhoodFactory()
    official = OfficialFactory(municipality=neighbourhood.district.municipality)
    # when
    budget_round = _create(official, [neighbourhood])
    # then
    assert budget_round.rule == BudgetRound.Rule.MES_COMPLETED
    assert budget_round.ballot_type == BudgetRound.BallotType.KNAPSACK
    assert list(budget_round.neighbourhoods.all()) == [neighbourhood]
    assert budget_round.created_by == official


def test_a_professional_creates_a_round_only_for_their_own_buurten():
    mine, other = NeighbourhoodFactory(), NeighbourhoodFactory()
    professional = ProfessionalFactory(work_neighbourhoods=[mine])
    assert _create(professional, [mine]).pk is not None
    with pytest.raises(PermissionDenied):
        _create(professional, [mine, other])
    assert BudgetRound.objects.count() == 1


def test_a_resident_cannot_create_a_round():
    neighbourhood = NeighbourhoodFactory()
    with pytest.raises(PermissionDenied):
        _create(ResidentFactory(neighbourhood=neighbourhood), [neighbourhood])
    assert BudgetRound.objects.exists() is False


def test_an_official_of_another_municipality_cannot_create_a_round():
    neighbourhood = NeighbourhoodFactory()
    official = OfficialFactory(municipality=MunicipalityFactory(code="GM0344", name="Utrecht"))
    with pytest.raises(PermissionDenied):
        _create(official, [neighbourhood])
    assert BudgetRound.objects.exists() is False


def test_a_round_needs_a_buurt_and_phases_in_order():
    neighbourhood = NeighbourhoodFactory()
    admin = AdminFactory()
    with pytest.raises(ValidationError) as no_buurt:
        _create(admin, [], municipality=neighbourhood.district.municipality)
    assert no_buurt.value.message_dict == {"neighbourhoods": ["Kies minstens één buurt."]}
    dates = phase_dates(Phase.ANNOUNCED)
    dates["voting_end"] = dates["voting_start"]
    with pytest.raises(ValidationError) as wrong_order:
        _create(admin, [neighbourhood], **dates)
    assert wrong_order.value.message_dict["voting_end"] == [
        "Het stemmen moet eindigen na het begin."
    ]
    assert BudgetRound.objects.exists() is False


def test_a_cumulative_ballot_needs_points():
    neighbourhood = NeighbourhoodFactory()
    with pytest.raises(ValidationError) as error:
        _create(AdminFactory(), [neighbourhood], ballot_type=BudgetRound.BallotType.CUMULATIVE)
    assert error.value.message_dict == {
        "points_total": ["Vul in hoeveel punten iedere stemmer mag verdelen."]
    }


def test_only_the_offered_rules_can_be_chosen():
    neighbourhood = NeighbourhoodFactory()
    with pytest.raises(ValidationError) as error:
        _create(AdminFactory(), [neighbourhood], rule=BudgetRound.Rule.MES)
    assert error.value.message_dict == {"rule": ["Kies een manier van verdelen."]}


def test_settings_are_locked_once_the_first_vote_is_cast():
    # given
    budget_round, (project, *_rest) = ballot_round()
    services.ballot_cast(
        budget_round=budget_round,
        voter=voter_for(budget_round),
        choices=[(project.pk, None)],
        now=timezone.now(),
    )
    official = OfficialFactory(municipality=budget_round.municipality)
    # when / then
    with pytest.raises(ApplicationError) as error:
        services.round_update(
            budget_round=budget_round, actor=official, now=timezone.now(), amount=Decimal("1")
        )
    assert "Er is al gestemd" in error.value.message
    budget_round.refresh_from_db()
    assert budget_round.amount == Decimal("20000")
    # and voting cannot end earlier than voters were told
    with pytest.raises(ApplicationError):
        services.round_update(
            budget_round=budget_round,
            actor=official,
            now=timezone.now(),
            voting_end=budget_round.voting_end - timedelta(days=1),
        )
    # a title still changes
    services.round_update(
        budget_round=budget_round, actor=official, now=timezone.now(), title="Nieuwe titel"
    )
    budget_round.refresh_from_db()
    assert budget_round.title == "Nieuwe titel"


def test_unknown_fields_cannot_be_changed():
    budget_round = BudgetRoundFactory()
    with pytest.raises(ApplicationError):
        services.round_update(
            budget_round=budget_round,
            actor=AdminFactory(),
            now=timezone.now(),
            applied_phase=Phase.DELIVERY,
        )


def test_a_past_phase_cannot_start_again():
    budget_round = BudgetRoundFactory(phase=Phase.FEASIBILITY)
    later = phase_dates(Phase.SUPPORT)
    with pytest.raises(ValidationError):
        services.round_update(
            budget_round=budget_round,
            actor=AdminFactory(),
            now=timezone.now(),
            feasibility_start=later["feasibility_start"],
            voting_start=later["voting_start"],
        )


def test_a_resident_cannot_change_a_round():
    budget_round = BudgetRoundFactory()
    with pytest.raises(PermissionDenied):
        services.round_update(
            budget_round=budget_round,
            actor=voter_for(budget_round),
            now=timezone.now(),
            title="Van mij",
        )
    budget_round.refresh_from_db()
    assert budget_round.title != "Van mij"


def test_advancing_counts_support_and_fixes_the_ballot():
    # given: two proposals, one with enough support
    budget_round = BudgetRoundFactory(phase=Phase.SUPPORT, min_supports=2)
    popular = ProposalFactory(budget_round=budget_round)
    quiet = ProposalFactory(budget_round=budget_round)
    now = timezone.now()
    for _ in range(2):
        services.support_add(proposal=popular, user=voter_for(budget_round), now=now)
    # when the feasibility check starts
    BudgetRound.objects.filter(pk=budget_round.pk).update(**phase_dates(Phase.FEASIBILITY))
    budget_round.refresh_from_db()
    assert services.round_advance(budget_round=budget_round, now=now) is False
    # then
    popular.refresh_from_db()
    quiet.refresh_from_db()
    assert (popular.status, quiet.status) == (Proposal.Status.PASSED, Proposal.Status.NOT_PASSED)
    # when it is judged feasible and voting starts
    services.feasibility_record(
        proposal=popular,
        actor=AdminFactory(),
        is_feasible=True,
        reason="Kan op deze plek.",
        assessed_cost="4500",
        now=now,
    )
    BudgetRound.objects.filter(pk=budget_round.pk).update(**phase_dates(Phase.VOTING))
    budget_round.refresh_from_db()
    services.round_advance(budget_round=budget_round, now=now)
    # then it is on the ballot
    popular.refresh_from_db()
    assert popular.status == Proposal.Status.ON_BALLOT
    assert popular.cost == Decimal("4500")
    budget_round.refresh_from_db()
    assert budget_round.applied_phase == Phase.VOTING


def test_advancing_into_results_asks_for_the_result_once():
    budget_round, _proposals = ballot_round(phase=Phase.VOTING)
    BudgetRound.objects.filter(pk=budget_round.pk).update(**phase_dates(Phase.RESULTS))
    budget_round.refresh_from_db()
    now = timezone.now()
    assert services.round_advance(budget_round=budget_round, now=now) is True
    assert RoundResult.objects.get(budget_round=budget_round).status == "computing"
    assert services.round_advance(budget_round=budget_round, now=now) is False
    assert services.rounds_advance(now=now) == []


def test_rounds_advance_returns_the_rounds_whose_result_is_asked_for():
    closed, _proposals = ballot_round(phase=Phase.VOTING)
    BudgetRound.objects.filter(pk=closed.pk).update(**phase_dates(Phase.RESULTS))
    BudgetRoundFactory(phase=Phase.PROPOSALS, applied_phase=Phase.ANNOUNCED)
    assert services.rounds_advance(now=timezone.now()) == [closed.pk]
    assert services.rounds_advance(now=timezone.now()) == []
