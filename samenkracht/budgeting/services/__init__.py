"""Every write about budget rounds, proposals, votes and results."""

from samenkracht.budgeting.services.ballots import (
    CastBallot,
    CheckedBallot,
    CheckedChoice,
    Choice,
    ballot_cast,
    ballot_check,
    voting_code_verify,
    voting_codes_issue,
)
from samenkracht.budgeting.services.open_data import round_import
from samenkracht.budgeting.services.places import Place, coordinate_check, place_check
from samenkracht.budgeting.services.proposals import (
    delivery_update_add,
    feasibility_record,
    follow_add,
    follow_remove,
    proposal_submit,
    proposal_update,
    proposal_withdraw,
    support_add,
    support_remove,
)
from samenkracht.budgeting.services.results import result_compute, result_request
from samenkracht.budgeting.services.rounds import (
    OFFERED_RULES,
    round_advance,
    round_advance_is_due,
    round_create,
    round_update,
    rounds_advance,
)

__all__ = [
    "OFFERED_RULES",
    "CastBallot",
    "CheckedBallot",
    "CheckedChoice",
    "Choice",
    "Place",
    "ballot_cast",
    "ballot_check",
    "coordinate_check",
    "delivery_update_add",
    "feasibility_record",
    "follow_add",
    "follow_remove",
    "place_check",
    "proposal_submit",
    "proposal_update",
    "proposal_withdraw",
    "result_compute",
    "result_request",
    "round_advance",
    "round_advance_is_due",
    "round_create",
    "round_import",
    "round_update",
    "rounds_advance",
    "support_add",
    "support_remove",
    "voting_code_verify",
    "voting_codes_issue",
]
