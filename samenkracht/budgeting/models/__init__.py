"""Budget rounds (burgerbegroting): proposals, support, ballots and their results."""

from samenkracht.budgeting.models.proposals import DeliveryUpdate, Follow, Proposal, Support
from samenkracht.budgeting.models.rounds import PHASE_ORDER, BudgetRound, Phase, RoundResult
from samenkracht.budgeting.models.votes import Ballot, VoteAssistance, VoterRecord, VotingCode

__all__ = [
    "PHASE_ORDER",
    "Ballot",
    "BudgetRound",
    "DeliveryUpdate",
    "Follow",
    "Phase",
    "Proposal",
    "RoundResult",
    "Support",
    "VoteAssistance",
    "VoterRecord",
    "VotingCode",
]
