"""Reads of voters and ballots, and the keyed hashes that find them without names."""

from collections.abc import Iterable

from django.conf import settings
from django.db.models import QuerySet
from django.utils.crypto import salted_hmac

from samenkracht.budgeting.models import (
    Ballot,
    BudgetRound,
    VoterRecord,
    VotingCode,
)
from samenkracht.budgeting.selectors.rounds import round_neighbourhood_ids
from samenkracht.core.codes import activation_code_normalise
from samenkracht.people.models import Neighbourhood, User

BALLOT_KEY_SALT = "samenkracht.budgeting.ballot"
VOTING_CODE_SALT = "samenkracht.budgeting.voting-code"
RECEIPT_SALT = "samenkracht.budgeting.receipt"

# --- keys ------------------------------------------------------------------------------------


def _secret() -> str:
    return str(settings.SAMENKRACHT_BALLOT_SECRET or settings.SECRET_KEY)


def voter_key(*, budget_round: BudgetRound, person: User) -> str:
    """The key that finds a person's ballot; without the server secret it reveals nothing."""
    value = f"{budget_round.pk}:{person.pk}"
    return salted_hmac(BALLOT_KEY_SALT, value, secret=_secret(), algorithm="sha256").hexdigest()


def voting_code_hash(*, code: str) -> str:
    return salted_hmac(VOTING_CODE_SALT, code, secret=_secret(), algorithm="sha256").hexdigest()


def receipt_hash(*, code: str) -> str:
    return salted_hmac(RECEIPT_SALT, code, secret=_secret(), algorithm="sha256").hexdigest()


# --- voters and ballots ----------------------------------------------------------------------


def voter_record_get(*, budget_round: BudgetRound, person: User) -> VoterRecord | None:
    if not person.is_authenticated:
        return None
    return VoterRecord.objects.filter(budget_round=budget_round, person=person).first()


def ballot_get_for(*, budget_round: BudgetRound, person: User) -> Ballot | None:
    """The person's own ballot, found through their key."""
    if not person.is_authenticated:
        return None
    key = voter_key(budget_round=budget_round, person=person)
    return Ballot.objects.filter(budget_round=budget_round, voter_key=key).first()


def receipt_is_counted(*, budget_round: BudgetRound, code: str) -> bool:
    return Ballot.objects.filter(
        budget_round=budget_round, receipt_hash=receipt_hash(code=activation_code_normalise(code))
    ).exists()


def voting_code_find(*, budget_round: BudgetRound, code: str) -> VotingCode | None:
    return (
        VotingCode.objects.select_related("person", "person__neighbourhood")
        .filter(budget_round=budget_round, code_hash=voting_code_hash(code=code))
        .first()
    )


def voting_code_get(*, pk: int) -> VotingCode | None:
    return VotingCode.objects.select_related("person", "budget_round").filter(pk=pk).first()


def eligible_residents(
    *, budget_round: BudgetRound, neighbourhoods: Iterable[Neighbourhood] | None = None
) -> QuerySet[User]:
    """Residents of the round's buurten (optionally only some of them), by name."""
    area = round_neighbourhood_ids(budget_round=budget_round)
    if neighbourhoods is not None:
        area &= {n.pk for n in neighbourhoods}
    return (
        User.objects.filter(
            role=User.Role.RESIDENT,
            is_active=True,
            deleted_at__isnull=True,
            neighbourhood_id__in=area,
        )
        .select_related("neighbourhood")
        .order_by("first_name", "last_name", "id")
    )
