"""Submitting, changing, supporting and following proposals; the feasibility check."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from samenkracht.budgeting import services
from samenkracht.budgeting.models import DeliveryUpdate, Follow, Phase, Proposal, Support
from samenkracht.budgeting.tests.factories import (
    BudgetRoundFactory,
    ProposalFactory,
    voter_for,
)
from samenkracht.common.errors import ApplicationError
from samenkracht.people.tests.factories import (
    AdminFactory,
    NeighbourhoodFactory,
    OfficialFactory,
    ProfessionalFactory,
    ResidentFactory,
)

pytestmark = pytest.mark.django_db


def _photo(name: str = "plek.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 1200), (30, 120, 60)).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def _submit(author, budget_round, **overrides):
    data = {
        "author": author,
        "budget_round": budget_round,
        "title": "Een moestuin voor de buurt",
        "text": "Bakken met groente bij het buurthuis, voor en door bewoners.",
        "estimated_cost": "3500",
        "now": timezone.now(),
    }
    data.update(overrides)
    return services.proposal_submit(**data)


def test_a_resident_of_the_area_submits_a_proposal_with_a_photo():
    # given
    budget_round = BudgetRoundFactory()
    author = voter_for(budget_round)
    # when
    proposal = _submit(author, budget_round, photo=_photo())
    # then
    assert proposal.status == Proposal.Status.SUBMITTED
    assert proposal.estimated_cost == Decimal("3500")
    assert proposal.neighbourhood == author.neighbourhood
    assert proposal.photo.name.startswith("proposals/")
    with Image.open(proposal.photo.path) as stored:
        assert max(stored.size) == 800


def test_every_mistake_is_reported_at_once_and_nothing_is_stored():
    budget_round = BudgetRoundFactory()
    with pytest.raises(ValidationError) as error:
        _submit(
            voter_for(budget_round),
            budget_round,
            title="<b>x</b>",
            estimated_cost="veel",
            photo=SimpleUploadedFile("x.jpg", b"geen foto"),
        )
    assert set(error.value.message_dict) == {"title", "estimated_cost", "photo"}
    assert Proposal.objects.exists() is False


@pytest.mark.parametrize(
    ("phase", "message"),
    [
        (Phase.ANNOUNCED, "Voorstellen indienen kan vanaf"),
        (Phase.SUPPORT, "Voorstellen indienen kan niet meer."),
        (Phase.VOTING, "Voorstellen indienen kan niet meer."),
    ],
)
def test_proposals_are_refused_outside_the_proposals_phase(phase, message):
    budget_round = BudgetRoundFactory(phase=phase)
    with pytest.raises(ApplicationError) as error:
        _submit(voter_for(budget_round), budget_round)
    assert error.value.message.startswith(message)
    assert Proposal.objects.exists() is False


def test_a_resident_from_elsewhere_or_too_young_cannot_submit():
    budget_round = BudgetRoundFactory(minimum_age=16)
    with pytest.raises(ApplicationError) as outside:
        _submit(ResidentFactory(birth_year=1980), budget_round)
    assert outside.value.message == (
        "U woont niet in een buurt van deze burgerbegroting. Daarom kunt u niet meedoen."
    )
    year = timezone.localtime().year
    with pytest.raises(ApplicationError) as young:
        _submit(voter_for(budget_round, birth_year=year - 15), budget_round)
    assert young.value.message == "U bent te jong om mee te doen. U moet minstens 16 jaar zijn."
    with pytest.raises(ApplicationError) as unknown:
        _submit(voter_for(budget_round, birth_year=None), budget_round)
    assert "geboortejaar" in unknown.value.message
    assert _submit(voter_for(budget_round, birth_year=year - 16), budget_round).pk
    assert Proposal.objects.count() == 1


def test_the_author_changes_a_proposal_while_proposals_come_in():
    proposal = ProposalFactory()
    services.proposal_update(
        proposal=proposal,
        actor=proposal.author,
        now=timezone.now(),
        title="Vier bankjes",
        estimated_cost="6000",
    )
    proposal.refresh_from_db()
    assert (proposal.title, proposal.estimated_cost) == ("Vier bankjes", Decimal("6000"))


def test_someone_else_cannot_change_a_proposal():
    proposal = ProposalFactory()
    with pytest.raises(PermissionDenied):
        services.proposal_update(
            proposal=proposal,
            actor=voter_for(proposal.budget_round),
            now=timezone.now(),
            title="Gekaapt",
        )
    proposal.refresh_from_db()
    assert proposal.title != "Gekaapt"


def test_support_is_counted_once_and_not_by_the_author():
    proposal = ProposalFactory()
    neighbour = voter_for(proposal.budget_round)
    now = timezone.now()
    services.support_add(proposal=proposal, user=neighbour, now=now)
    services.support_add(proposal=proposal, user=neighbour, now=now)
    assert Support.objects.filter(proposal=proposal).count() == 1
    with pytest.raises(ApplicationError) as own:
        services.support_add(proposal=proposal, user=proposal.author, now=now)
    assert own.value.message == "U kunt uw eigen voorstel niet steunen."
    services.support_remove(proposal=proposal, user=neighbour, now=now)
    assert Support.objects.exists() is False


def test_support_is_refused_after_the_support_phase():
    proposal = ProposalFactory(budget_round=BudgetRoundFactory(phase=Phase.FEASIBILITY))
    with pytest.raises(ApplicationError):
        services.support_add(
            proposal=proposal, user=voter_for(proposal.budget_round), now=timezone.now()
        )
    assert Support.objects.exists() is False


def test_anyone_signed_in_follows_a_proposal():
    proposal = ProposalFactory()
    follower = ProfessionalFactory()
    services.follow_add(proposal=proposal, user=follower)
    services.follow_add(proposal=proposal, user=follower)
    assert Follow.objects.filter(proposal=proposal).count() == 1
    services.follow_remove(proposal=proposal, user=follower)
    assert Follow.objects.exists() is False


def test_a_professional_of_the_buurt_records_feasibility_with_a_reason_and_cost():
    # given
    budget_round = BudgetRoundFactory(phase=Phase.FEASIBILITY)
    proposal = ProposalFactory(budget_round=budget_round, status=Proposal.Status.PASSED)
    professional = ProfessionalFactory(work_neighbourhoods=list(budget_round.neighbourhoods.all()))
    # when
    services.feasibility_record(
        proposal=proposal,
        actor=professional,
        is_feasible=True,
        reason="De gemeente plaatst de bankjes in het voorjaar.",
        assessed_cost="5400",
        now=timezone.now(),
    )
    # then
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.FEASIBLE
    assert proposal.cost == Decimal("5400")
    assert proposal.assessed_by == professional


def test_feasible_needs_a_cost_within_the_budget_and_a_reason():
    budget_round = BudgetRoundFactory(phase=Phase.FEASIBILITY)
    proposal = ProposalFactory(budget_round=budget_round, status=Proposal.Status.PASSED)
    official = OfficialFactory(municipality=budget_round.municipality)
    with pytest.raises(ValidationError) as error:
        services.feasibility_record(
            proposal=proposal,
            actor=official,
            is_feasible=True,
            reason="",
            assessed_cost="25000",
            now=timezone.now(),
        )
    assert set(error.value.message_dict) == {"feasibility_reason", "assessed_cost"}
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.PASSED


def test_a_resident_or_a_professional_elsewhere_cannot_record_feasibility():
    budget_round = BudgetRoundFactory(phase=Phase.FEASIBILITY)
    proposal = ProposalFactory(budget_round=budget_round, status=Proposal.Status.PASSED)
    for actor in (
        voter_for(budget_round),
        ProfessionalFactory(work_neighbourhoods=[NeighbourhoodFactory()]),
    ):
        with pytest.raises(PermissionDenied):
            services.feasibility_record(
                proposal=proposal,
                actor=actor,
                is_feasible=False,
                reason="Nee.",
                now=timezone.now(),
            )
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.PASSED


def test_delivery_milestones_on_a_chosen_project():
    proposal = ProposalFactory(
        budget_round=BudgetRoundFactory(phase=Phase.DELIVERY), status=Proposal.Status.WON
    )
    admin = AdminFactory()
    services.delivery_update_add(
        proposal=proposal,
        actor=admin,
        status=Proposal.Delivery.IN_PROGRESS,
        text="De bankjes zijn besteld.",
        photo=_photo(),
    )
    proposal.refresh_from_db()
    assert proposal.delivery_status == Proposal.Delivery.IN_PROGRESS
    assert DeliveryUpdate.objects.get().photo.name.startswith("proposals/")
    lost = ProposalFactory(budget_round=proposal.budget_round, status=Proposal.Status.LOST)
    with pytest.raises(PermissionDenied):
        services.delivery_update_add(
            proposal=lost, actor=admin, status=Proposal.Delivery.DONE, text="Klaar."
        )
    assert DeliveryUpdate.objects.count() == 1
