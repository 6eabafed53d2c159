"""Who may do what in a budget round, for every role."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from samenkracht.budgeting import permissions
from samenkracht.budgeting.models import Phase, Proposal, RoundResult
from samenkracht.budgeting.tests.factories import BudgetRoundFactory, ProposalFactory, voter_for
from samenkracht.people.tests.factories import (
    AdminFactory,
    MunicipalityFactory,
    NeighbourhoodFactory,
    OfficialFactory,
    ProfessionalFactory,
    ResidentFactory,
)

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "resident_in_area",
    "resident_elsewhere",
    "resident_too_young",
    "professional_of_buurt",
    "professional_elsewhere",
    "official",
    "official_elsewhere",
    "admin",
]


def _person(role, budget_round):
    neighbourhoods = list(budget_round.neighbourhoods.all())
    year = timezone.localtime().year
    return {
        "anonymous": lambda: AnonymousUser(),
        "resident_in_area": lambda: voter_for(budget_round),
        "resident_elsewhere": lambda: ResidentFactory(birth_year=1980),
        "resident_too_young": lambda: voter_for(budget_round, birth_year=year - 12),
        "professional_of_buurt": lambda: ProfessionalFactory(work_neighbourhoods=neighbourhoods),
        "professional_elsewhere": lambda: ProfessionalFactory(
            work_neighbourhoods=[NeighbourhoodFactory()]
        ),
        "official": lambda: OfficialFactory(municipality=budget_round.municipality),
        "official_elsewhere": lambda: OfficialFactory(
            municipality=MunicipalityFactory(code="GM0344", name="Utrecht")
        ),
        "admin": lambda: AdminFactory(),
    }[role]()


def _expect(role: str, allowed: set[str]) -> bool:
    return role in allowed


MANAGERS = {"professional_of_buurt", "official", "admin"}
RESIDENT_IN_AREA = {"resident_in_area"}


@pytest.mark.parametrize("role", ROLES)
def test_who_creates_and_manages_rounds(role):
    budget_round = BudgetRoundFactory()
    person = _person(role, budget_round)
    assert permissions.can_create_round(person) is _expect(
        role, MANAGERS | {"professional_elsewhere", "official_elsewhere"}
    )
    assert permissions.can_manage_round(person, budget_round) is _expect(role, MANAGERS)


@pytest.mark.parametrize("role", ROLES)
def test_who_submits_proposals_in_the_proposals_phase(role):
    budget_round = BudgetRoundFactory(phase=Phase.PROPOSALS)
    person = _person(role, budget_round)
    now = timezone.now()
    assert permissions.can_submit_proposal(person, budget_round, now) is _expect(
        role, RESIDENT_IN_AREA
    )
    later = budget_round.support_start
    assert permissions.can_submit_proposal(person, budget_round, later) is False


@pytest.mark.parametrize("role", ROLES)
def test_who_supports_a_proposal(role):
    proposal = ProposalFactory(budget_round=BudgetRoundFactory(phase=Phase.SUPPORT))
    person = _person(role, proposal.budget_round)
    now = timezone.now()
    assert permissions.can_support(person, proposal, now) is _expect(role, RESIDENT_IN_AREA)
    assert (
        permissions.can_support(person, proposal, proposal.budget_round.feasibility_start) is False
    )


@pytest.mark.parametrize("role", ROLES)
def test_who_follows_a_proposal(role):
    proposal = ProposalFactory()
    person = _person(role, proposal.budget_round)
    assert permissions.can_follow(person, proposal) is (role != "anonymous")


@pytest.mark.parametrize("role", ROLES)
def test_who_edits_a_proposal(role):
    proposal = ProposalFactory()
    person = _person(role, proposal.budget_round)
    # a resident in the area is not the author
    assert permissions.can_edit_proposal(person, proposal, timezone.now()) is _expect(
        role, MANAGERS
    )
    assert permissions.can_edit_proposal(proposal.author, proposal, timezone.now()) is True


@pytest.mark.parametrize("role", ROLES)
def test_who_records_feasibility(role):
    budget_round = BudgetRoundFactory(phase=Phase.FEASIBILITY)
    proposal = ProposalFactory(budget_round=budget_round, status=Proposal.Status.PASSED)
    person = _person(role, budget_round)
    now = timezone.now()
    assert permissions.can_record_feasibility(person, proposal, now) is _expect(role, MANAGERS)
    assert permissions.can_record_feasibility(person, proposal, budget_round.voting_start) is False


@pytest.mark.parametrize("role", ROLES)
def test_who_votes(role):
    budget_round = BudgetRoundFactory(phase=Phase.VOTING)
    person = _person(role, budget_round)
    now = timezone.now()
    assert permissions.can_vote(person, budget_round, now) is _expect(role, RESIDENT_IN_AREA)
    assert permissions.can_vote(person, budget_round, budget_round.voting_end) is False
    assert permissions.can_vote(person, budget_round, budget_round.feasibility_start) is False


@pytest.mark.parametrize("role", ROLES)
def test_who_helps_residents_vote_and_prints_letters(role):
    budget_round = BudgetRoundFactory(phase=Phase.VOTING)
    person = _person(role, budget_round)
    resident = voter_for(budget_round)
    now = timezone.now()
    helpers = {"professional_of_buurt", "admin"}
    assert permissions.can_assist_voting(person, budget_round, now) is _expect(role, helpers)
    assert (permissions.assist_problem(person, resident, budget_round, now) is None) is _expect(
        role, helpers
    )
    assert permissions.can_print_voting_letters(person, budget_round, now) is _expect(role, helpers)


def test_letters_are_not_printed_when_the_round_does_not_allow_codes():
    budget_round = BudgetRoundFactory(phase=Phase.VOTING, allows_letter_codes=False)
    assert (
        permissions.can_print_voting_letters(AdminFactory(), budget_round, timezone.now()) is False
    )


@pytest.mark.parametrize("role", ROLES)
def test_who_computes_the_result(role):
    budget_round = BudgetRoundFactory(phase=Phase.RESULTS)
    person = _person(role, budget_round)
    assert permissions.can_compute_result(person, budget_round, timezone.now()) is _expect(
        role, {"official", "admin"}
    )
    assert (
        permissions.can_compute_result(person, budget_round, budget_round.feasibility_start)
        is False
    )


@pytest.mark.parametrize("role", ROLES)
def test_everyone_sees_results_once_published(role):
    budget_round = BudgetRoundFactory(phase=Phase.RESULTS)
    person = _person(role, budget_round)
    now = timezone.now()
    assert permissions.can_view_results(person, budget_round, now) is False
    result = RoundResult.objects.create(budget_round=budget_round, rule=budget_round.rule)
    assert permissions.can_view_results(person, budget_round, now) is False
    result.status = RoundResult.Status.DONE
    result.save()
    assert permissions.can_view_results(person, budget_round, now) is True
    assert permissions.can_view_round(person, budget_round) is True


def test_an_inactive_or_deleted_resident_takes_no_part():
    budget_round = BudgetRoundFactory(phase=Phase.VOTING)
    inactive = voter_for(budget_round, is_active=False)
    deleted = voter_for(budget_round, deleted_at=timezone.now())
    for person in (inactive, deleted):
        assert permissions.can_vote(person, budget_round, timezone.now()) is False
