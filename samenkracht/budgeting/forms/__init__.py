"""Forms of the budgeting app; every label and message in plain Dutch (B1)."""

from samenkracht.budgeting.forms.ballots import (
    AssistForm,
    BallotForm,
    LettersForm,
    ReceiptCheckForm,
    VotingCodeForm,
)
from samenkracht.budgeting.forms.proposals import (
    DeliveryUpdateForm,
    FeasibilityForm,
    ProposalForm,
)
from samenkracht.budgeting.forms.rounds import RoundForm

__all__ = [
    "AssistForm",
    "BallotForm",
    "DeliveryUpdateForm",
    "FeasibilityForm",
    "LettersForm",
    "ProposalForm",
    "ReceiptCheckForm",
    "RoundForm",
    "VotingCodeForm",
]
