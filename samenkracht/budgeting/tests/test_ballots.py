"""Casting and changing votes: every refusal writes nothing; ballots carry no person."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from samenkracht.budgeting import selectors, services
from samenkracht.budgeting.models import (
    Ballot,
    BudgetRound,
    Phase,
    VoteAssistance,
    VoterRecord,
    VotingCode,
)
from samenkracht.budgeting.tests.factories import ballot_round, voter_for
from samenkracht.common.errors import ApplicationError
from samenkracht.people.tests.factories import (
    NeighbourhoodFactory,
    ProfessionalFactory,
    ResidentFactory,
)

pytestmark = pytest.mark.django_db


def _nothing_written(budget_round: BudgetRound) -> None:
    assert Ballot.objects.filter(budget_round=budget_round).exists() is False
    assert VoterRecord.objects.filter(budget_round=budget_round).exists() is False
    budget_round.refresh_from_db()
    assert budget_round.settings_locked_at is None


def _cast(budget_round, voter, proposals, **kwargs):
    return services.ballot_cast(
        budget_round=budget_round,
        voter=voter,
        choices=[(p.pk, None) for p in proposals],
        now=kwargs.pop("now", timezone.now()),
        **kwargs,
    )


def test_a_vote_is_stored_without_the_person_and_locks_the_settings():
    # given
    budget_round, (a, _b, c, _d) = ballot_round()
    voter = voter_for(budget_round)
    # when
    cast = _cast(budget_round, voter, [a, c])
    # then
    ballot = Ballot.objects.get()
    assert ballot.choices == [[a.pk, None], [c.pk, None]]
    assert ballot.voter_key == selectors.voter_key(budget_round=budget_round, person=voter)
    assert [f.name for f in Ballot._meta.get_fields() if f.is_relation] == ["budget_round"]
    assert [f.name for f in Ballot._meta.get_fields() if "at" in f.name.split("_")] == []
    assert ballot.receipt_hash == selectors.receipt_hash(code=cast.receipt_code)
    assert cast.is_change is False
    record = VoterRecord.objects.get()
    assert (record.person, record.method, record.times_changed) == (voter, "account", 0)
    budget_round.refresh_from_db()
    assert budget_round.settings_locked_at is not None
    assert selectors.receipt_is_counted(budget_round=budget_round, code=cast.receipt_code.lower())


def test_a_second_vote_replaces_the_first():
    budget_round, (a, b, _c, _d) = ballot_round()
    voter = voter_for(budget_round)
    first = _cast(budget_round, voter, [a])
    second = _cast(budget_round, voter, [b])
    assert second.is_change is True
    assert Ballot.objects.count() == 1
    assert Ballot.objects.get().choices == [[b.pk, None]]
    assert VoterRecord.objects.get().times_changed == 1
    assert selectors.receipt_is_counted(budget_round=budget_round, code=first.receipt_code) is False


def test_a_knapsack_ballot_over_budget_is_refused():
    budget_round, (a, b, c, _d) = ballot_round()  # 8000 + 6000 + 5000 = 19000 fits 20000
    voter = voter_for(budget_round)
    with pytest.raises(ValidationError) as error:
        _cast(budget_round, voter, [a, b, c, _d])
    assert error.value.message_dict == {
        "choices": [
            "Uw keuze kost €\u00a023.000. Dat is meer dan het budget van €\u00a020.000. "
            "Haal een project weg."
        ]
    }
    _nothing_written(budget_round)
    assert _cast(budget_round, voter, [a, b, c]).ballot.pk


def test_an_approval_ballot_may_go_over_budget_but_not_over_the_maximum():
    budget_round, proposals = ballot_round(
        ballot_type=BudgetRound.BallotType.APPROVAL, min_projects=2, max_projects=3
    )
    voter = voter_for(budget_round)
    with pytest.raises(ValidationError) as too_many:
        _cast(budget_round, voter, proposals)
    assert too_many.value.message_dict == {
        "choices": ["U mag hoogstens 3 projecten kiezen. U koos er 4."]
    }
    with pytest.raises(ValidationError) as too_few:
        _cast(budget_round, voter, proposals[:1])
    assert too_few.value.message_dict == {"choices": ["Kies minstens 2 projecten."]}
    _nothing_written(budget_round)
    assert _cast(budget_round, voter, proposals[:3]).ballot.pk


def test_an_empty_ballot_and_unknown_or_repeated_projects_are_refused():
    budget_round, (a, *_rest) = ballot_round()
    _other_round, (elsewhere, *_others) = ballot_round()
    voter = voter_for(budget_round)
    for choices, message in (
        ([], "Kies minstens 1 project."),
        ([(elsewhere.pk, None)], "Een van de gekozen projecten staat niet op het stembiljet."),
        ([(a.pk, None), (a.pk, None)], "U heeft een project twee keer gekozen."),
    ):
        with pytest.raises(ValidationError) as error:
            services.ballot_cast(
                budget_round=budget_round, voter=voter, choices=choices, now=timezone.now()
            )
        assert error.value.message_dict == {"choices": [message]}
    _nothing_written(budget_round)


def test_a_cumulative_ballot_distributes_at_most_its_points():
    budget_round, (a, b, *_rest) = ballot_round(
        ballot_type=BudgetRound.BallotType.CUMULATIVE, points_total=10
    )
    voter = voter_for(budget_round)
    for choices, message in (
        ([(a.pk, 8), (b.pk, 5)], "U verdeelde 13 punten. U mag er hoogstens 10 verdelen."),
        ([(a.pk, 0)], "Geef elk project dat u kiest minstens 1 punt."),
    ):
        with pytest.raises(ValidationError) as error:
            services.ballot_cast(
                budget_round=budget_round, voter=voter, choices=choices, now=timezone.now()
            )
        assert error.value.message_dict == {"choices": [message]}
    _nothing_written(budget_round)
    services.ballot_cast(
        budget_round=budget_round, voter=voter, choices=[(a.pk, 7), (b.pk, 3)], now=timezone.now()
    )
    assert Ballot.objects.get().choices == [[a.pk, 7], [b.pk, 3]]


def test_a_ranking_keeps_its_order():
    budget_round, (a, b, c, _d) = ballot_round(ballot_type=BudgetRound.BallotType.RANKING)
    _cast(budget_round, voter_for(budget_round), [c, a, b])
    assert Ballot.objects.get().proposal_ids == [c.pk, a.pk, b.pk]


@pytest.mark.parametrize(
    ("phase", "message"),
    [
        (Phase.FEASIBILITY, "Het stemmen is nog niet begonnen."),
        (Phase.RESULTS, "Het stemmen is gesloten."),
    ],
)
def test_votes_outside_the_voting_phase_are_refused(phase, message):
    budget_round, proposals = ballot_round(phase=phase)
    with pytest.raises(ApplicationError) as error:
        _cast(budget_round, voter_for(budget_round), proposals[:1])
    assert error.value.message.startswith(message)
    _nothing_written(budget_round)


def test_a_vote_after_closing_is_refused_even_for_a_changed_vote():
    budget_round, (a, b, *_rest) = ballot_round()
    voter = voter_for(budget_round)
    _cast(budget_round, voter, [a])
    with pytest.raises(ApplicationError):
        _cast(budget_round, voter, [b], now=budget_round.voting_end)
    assert Ballot.objects.get().choices == [[a.pk, None]]


def test_people_outside_the_area_too_young_or_not_residents_cannot_vote():
    budget_round, proposals = ballot_round(minimum_age=18)
    year = timezone.localtime().year
    for person, message in (
        (
            ResidentFactory(birth_year=1980),
            "U woont niet in een buurt van deze burgerbegroting. Daarom kunt u niet meedoen.",
        ),
        (
            voter_for(budget_round, birth_year=year - 17),
            "U bent te jong om mee te doen. U moet minstens 18 jaar zijn.",
        ),
        (
            ProfessionalFactory(work_neighbourhoods=list(budget_round.neighbourhoods.all())),
            "Alleen bewoners van de buurt doen mee aan de burgerbegroting.",
        ),
    ):
        with pytest.raises(ApplicationError) as error:
            _cast(budget_round, person, proposals[:1])
        assert error.value.message == message
    _nothing_written(budget_round)


def test_a_professional_of_the_buurt_helps_a_resident_to_vote_and_it_is_logged():
    # given
    budget_round, (a, *_rest) = ballot_round()
    resident = voter_for(budget_round)
    professional = ProfessionalFactory(work_neighbourhoods=[resident.neighbourhood])
    # when
    _cast(budget_round, resident, [a], assisted_by=professional)
    # then
    record = VoterRecord.objects.get()
    assert (record.person, record.method, record.assisted_by) == (
        resident,
        "assisted",
        professional,
    )
    log = VoteAssistance.objects.get()
    assert (log.professional, log.resident) == (professional, resident)


def test_a_professional_cannot_replace_a_vote_the_resident_cast_alone():
    # given: the resident voted with their own account
    budget_round, (a, b, *_rest) = ballot_round()
    resident = voter_for(budget_round)
    professional = ProfessionalFactory(work_neighbourhoods=[resident.neighbourhood])
    _cast(budget_round, resident, [a])
    ballot_before = Ballot.objects.get()
    # when: a professional tries to vote for them
    with pytest.raises(ApplicationError) as error:
        _cast(budget_round, resident, [b], assisted_by=professional)
    # then: refused, the resident's own vote stands, nothing logged
    assert "zelf al gestemd" in error.value.message
    assert Ballot.objects.get().choices == ballot_before.choices
    assert VoterRecord.objects.get().method == "account"
    assert VoteAssistance.objects.exists() is False


def test_a_vote_cast_with_help_can_be_changed_with_help_and_both_are_logged():
    # given
    budget_round, (a, b, *_rest) = ballot_round()
    resident = voter_for(budget_round)
    professional = ProfessionalFactory(work_neighbourhoods=[resident.neighbourhood])
    _cast(budget_round, resident, [a], assisted_by=professional)
    # when
    _cast(budget_round, resident, [b], assisted_by=professional)
    # then
    assert Ballot.objects.get().choices == [[b.pk, None]]
    assert VoterRecord.objects.get().times_changed == 1
    assert VoteAssistance.objects.count() == 2


def test_a_professional_from_elsewhere_cannot_help():
    budget_round, (a, *_rest) = ballot_round()
    resident = voter_for(budget_round)
    professional = ProfessionalFactory(work_neighbourhoods=[NeighbourhoodFactory()])
    with pytest.raises(ApplicationError):
        _cast(budget_round, resident, [a], assisted_by=professional)
    _nothing_written(budget_round)
    assert VoteAssistance.objects.exists() is False


def test_a_letter_code_votes_once_for_its_resident():
    # given
    budget_round, (a, b, *_rest) = ballot_round()
    resident = voter_for(budget_round)
    professional = ProfessionalFactory(work_neighbourhoods=[resident.neighbourhood])
    [(letter_resident, code)] = services.voting_codes_issue(
        budget_round=budget_round, issued_by=professional, residents=[resident], now=timezone.now()
    )
    assert letter_resident == resident
    assert VotingCode.objects.get().code_hash != code
    # when
    voting_code = services.voting_code_verify(
        budget_round=budget_round, code=code.lower().replace("-", " "), now=timezone.now()
    )
    _cast(budget_round, resident, [a], voting_code=voting_code)
    # then
    assert VoterRecord.objects.get().method == "letter"
    with pytest.raises(ApplicationError) as used:
        services.voting_code_verify(budget_round=budget_round, code=code, now=timezone.now())
    assert used.value.message == "Met deze code is al gestemd. Een code werkt maar één keer."
    with pytest.raises(ApplicationError):
        _cast(budget_round, resident, [b], voting_code=voting_code)
    assert Ballot.objects.get().choices == [[a.pk, None]]


def test_a_new_letter_voids_the_old_code_and_wrong_codes_are_refused():
    budget_round, _proposals = ballot_round()
    resident = voter_for(budget_round)
    professional = ProfessionalFactory(work_neighbourhoods=[resident.neighbourhood])
    now = timezone.now()
    [(_resident, old)] = services.voting_codes_issue(
        budget_round=budget_round, issued_by=professional, residents=[resident], now=now
    )
    services.voting_codes_issue(
        budget_round=budget_round, issued_by=professional, residents=[resident], now=now
    )
    with pytest.raises(ApplicationError) as revoked:
        services.voting_code_verify(budget_round=budget_round, code=old, now=now)
    assert "nieuwere brief" in revoked.value.message
    with pytest.raises(ApplicationError) as wrong:
        services.voting_code_verify(budget_round=budget_round, code="AAAA-BBBB-CCCC", now=now)
    assert wrong.value.message.startswith("Deze code klopt niet.")


def test_letters_only_for_eligible_residents_and_by_a_professional_of_the_buurt():
    budget_round, _proposals = ballot_round()
    resident = voter_for(budget_round)
    professional = ProfessionalFactory(work_neighbourhoods=[resident.neighbourhood])
    with pytest.raises(ValidationError):
        services.voting_codes_issue(
            budget_round=budget_round,
            issued_by=professional,
            residents=[resident, ResidentFactory(birth_year=1970)],
            now=timezone.now(),
        )
    with pytest.raises(PermissionDenied):
        services.voting_codes_issue(
            budget_round=budget_round,
            issued_by=ProfessionalFactory(work_neighbourhoods=[NeighbourhoodFactory()]),
            residents=[resident],
            now=timezone.now(),
        )
    assert VotingCode.objects.exists() is False


def test_the_ballot_check_adds_up_the_cost():
    budget_round, (a, b, *_rest) = ballot_round()
    checked = services.ballot_check(budget_round=budget_round, choices=[(a.pk, None), (b.pk, None)])
    assert checked.total_cost == Decimal("14000")
    assert [choice.proposal for choice in checked.choices] == [a, b]


def test_a_letter_code_cannot_replace_a_vote_already_cast():
    # given a resident who voted with their own account, and a letter with a code for them
    budget_round, (a, b, *_rest) = ballot_round()
    resident = voter_for(budget_round)
    professional = ProfessionalFactory(work_neighbourhoods=[resident.neighbourhood])
    [(_resident, code)] = services.voting_codes_issue(
        budget_round=budget_round, issued_by=professional, residents=[resident], now=timezone.now()
    )
    voting_code = VotingCode.objects.get()
    _cast(budget_round, resident, [a])
    # when the code is typed, or used to cast
    with pytest.raises(ApplicationError) as typed:
        services.voting_code_verify(budget_round=budget_round, code=code, now=timezone.now())
    with pytest.raises(ApplicationError) as cast:
        _cast(budget_round, resident, [b], voting_code=voting_code)
    # then the vote cast with the account stays, and the code is not used up
    message = (
        "Voor deze bewoner is al een stem geteld. Met een code uit een brief kan die stem niet "
        "worden veranderd."
    )
    assert typed.value.message == message
    assert cast.value.message == message
    assert Ballot.objects.get().choices == [[a.pk, None]]
    record = VoterRecord.objects.get()
    assert (record.method, record.times_changed) == ("account", 0)
    voting_code.refresh_from_db()
    assert voting_code.used_at is None


def test_a_participation_without_its_ballot_never_adds_a_second_ballot(settings):
    # given a vote, and then a new server secret, so the voter's key no longer finds it
    budget_round, (a, b, *_rest) = ballot_round()
    voter = voter_for(budget_round)
    _cast(budget_round, voter, [a])
    settings.SAMENKRACHT_BALLOT_SECRET = "another-secret-entirely"
    # when the voter casts again
    with pytest.raises(ApplicationError) as refused:
        _cast(budget_round, voter, [b])
    # then the first ballot still counts, once
    assert refused.value.message.startswith("Uw eerdere stem is niet terug te vinden")
    assert Ballot.objects.get().choices == [[a.pk, None]]
    assert VoterRecord.objects.get().times_changed == 0
