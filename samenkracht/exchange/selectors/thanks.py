"""The amount proposed when the one who was helped says thank you with hours."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from samenkracht.exchange.models import Currency
from samenkracht.matching import selectors as matching_selectors
from samenkracht.matching.models import Contact
from samenkracht.people.models import User


@dataclass(frozen=True)
class ThanksProposal:
    """How many units to propose, and where the number comes from.

    `source` is "own" (the sender wrote down how long it took), "helper" (only the helper
    did) or "default" (nobody did: one hour). Both recorded answers come along, so a page
    can show them when they differ.
    """

    units: int
    source: str
    own_hours: Decimal | None
    helper_hours: Decimal | None


def _units(hours: Decimal, currency: Currency) -> int:
    return int((hours * 10**currency.scale).to_integral_value(rounding=ROUND_HALF_UP))


def thanks_proposal(*, contact: Contact, sender: User, currency: Currency) -> ThanksProposal:
    """What to propose when `sender` thanks the other side of `contact`.

    The sender's own answer to "how long did it take?" comes first: it is their hours that
    go; then the helper's; else one hour, the usual thank-you. The person can always change
    the number before sending.
    """
    recorded = matching_selectors.outcome_hours(contact=contact)
    own = recorded.get(sender.pk)
    helper = recorded.get(contact.other_side(sender).pk)
    for source, hours in (("own", own), ("helper", helper)):
        if hours is not None and _units(hours, currency) > 0:
            return ThanksProposal(_units(hours, currency), source, own, helper)
    return ThanksProposal(10**currency.scale, "default", own, helper)
