"""What every time-bank service shares: refusals in plain Dutch, the checks of a request's
form (amounts, keys, texts), and the answer to a retried key."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NoReturn

from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samenkracht.common.errors import ApplicationError
from samenkracht.common.hours import hours_unit, plural_count
from samenkracht.core import ledger
from samenkracht.exchange.models import Currency, Transfer
from samenkracht.exchange.services.ledger import (
    BatchOutcome,
    TransferRequest,
    is_retry_of,
    ledger_earlier,
)

KEY_MAX_LENGTH = 100
MEMO_MAX_LENGTH = 200
REASON_MAX_LENGTH = 300


class KeyReusedError(ApplicationError):
    """The idempotency key was used before for another transfer (HTTP 409)."""


@dataclass(frozen=True)
class Booked:
    """The transfer a request produced, and whether it was an earlier one (a retry)."""

    transfer: Transfer
    is_replay: bool


def refusal_text(refusal: ledger.Refusal, *, currency: Currency | None = None) -> str:
    """A refusal of the ledger in plain Dutch."""
    scale = currency.scale if currency is not None else 2
    floor = currency.floor or 0 if currency is not None else 0
    ceiling = currency.ceiling or 0 if currency is not None else 0

    def unit(units: int) -> str:
        if currency is None:
            return hours_unit(plural_count(units, scale=scale))
        return currency.unit_label(units)

    texts = {
        ledger.Refusal.AMOUNT_NOT_A_NUMBER: _("Vul een getal in, bijvoorbeeld 1,5."),
        ledger.Refusal.AMOUNT_NOT_POSITIVE: _("Het aantal moet meer dan nul zijn."),
        ledger.Refusal.AMOUNT_TOO_PRECISE: (
            ngettext(
                "Gebruik hoogstens %(scale)d cijfer achter de komma.",
                "Gebruik hoogstens %(scale)d cijfers achter de komma.",
                scale,
            )
            % {"scale": scale}
            if scale
            else _("Gebruik een heel getal, zonder komma.")
        ),
        ledger.Refusal.AMOUNT_TOO_LARGE: _("Dit aantal is te groot."),
        ledger.Refusal.SAME_ACCOUNT: _("U kunt niet aan uzelf overmaken."),
        ledger.Refusal.CURRENCY_MISMATCH: _("Deze rekeningen hebben niet dezelfde munt."),
        ledger.Refusal.ACCOUNT_CLOSED: _(
            "Deze rekening is gesloten. Er kan niets meer naartoe of vanaf."
        ),
        ledger.Refusal.EXCEEDS_FLOOR: _(
            "Dat kan niet: dan komt het saldo te laag. U mag hoogstens %(floor)s %(unit)s "
            "onder nul komen."
        )
        % {"floor": currency.display(floor) if currency else "0", "unit": unit(floor)},
        ledger.Refusal.EXCEEDS_CEILING: _(
            "Dat kan niet: dan komt het saldo van de ontvanger boven de %(ceiling)s %(unit)s."
        )
        % {"ceiling": currency.display(ceiling) if currency else "0", "unit": unit(ceiling)},
        ledger.Refusal.KEY_REUSED_WITH_OTHER_BODY: _(
            "Deze sleutel is al gebruikt voor een andere overboeking."
        ),
        ledger.Refusal.PENDING_NOT_FOUND: _("Deze overboeking bestaat niet (meer)."),
        ledger.Refusal.PENDING_ALREADY_POSTED: _("Deze overboeking is al bevestigd."),
        ledger.Refusal.PENDING_ALREADY_VOIDED: _("Deze overboeking is al geweigerd."),
        ledger.Refusal.PENDING_EXPIRED: _("Deze overboeking is verlopen."),
        ledger.Refusal.REVERSAL_EXCEEDS_ORIGINAL: _(
            "U kunt niet meer terugboeken dan er is overgemaakt."
        ),
        ledger.Refusal.LINKED_OPERATION_FAILED: _(
            "Een van de overboekingen die bij elkaar horen kon niet. Daarom is er niets geboekt."
        ),
    }
    return str(texts[refusal])


def refuse(refusal: ledger.Refusal, *, currency: Currency | None, field: str = "") -> NoReturn:
    """Raise a ledger refusal: a reused key as KeyReusedError (409), the rest as 422."""
    text = refusal_text(refusal, currency=currency)
    if refusal is ledger.Refusal.KEY_REUSED_WITH_OTHER_BODY:
        raise KeyReusedError(text, extra={"errors": {field or "key": [text]}})
    raise ApplicationError(text, extra={"errors": {field: [text]}} if field else None)


def refuse_text(text: str, *, field: str) -> NoReturn:
    raise ApplicationError(text, extra={"errors": {field: [text]}})


def amount_parse(*, text: str, currency: Currency, field: str = "amount") -> int:
    """Read an amount typed by a person into smallest units, or refuse it in Dutch."""
    try:
        return ledger.parse_amount(str(text), scale=currency.scale)
    except ledger.LedgerError as error:
        refuse(error.refusal, currency=currency, field=field)
    except ValueError:  # more digits than Python turns into a number (4300): far too large
        refuse(ledger.Refusal.AMOUNT_TOO_LARGE, currency=currency, field=field)


def _no_null_characters(value: str, *, field: str) -> None:
    """PostgreSQL cannot store NUL in text: refuse it as forms do, in Django's words."""
    try:
        ProhibitNullCharactersValidator()(value)
    except ValidationError as error:
        refuse_text(str(error.messages[0]), field=field)


def key_check(key: str, *, field: str = "key") -> str:
    key = (key or "").strip()
    _no_null_characters(key, field=field)
    if not key or len(key) > KEY_MAX_LENGTH:
        text = _("Geef een sleutel van 1 tot %(length)d tekens mee.") % {"length": KEY_MAX_LENGTH}
        refuse_text(text, field=field)
    return key


def text_check(value: str, *, field: str, length: int) -> str:
    value = (value or "").strip()
    _no_null_characters(value, field=field)
    if len(value) > length:
        refuse_text(_("Gebruik hoogstens %(length)d tekens.") % {"length": length}, field=field)
    return value


def booked_from(outcome: BatchOutcome, *, currency: Currency, field: str = "") -> Booked:
    """The transfer of an outcome, or its refusal raised."""
    if outcome.refusal is not None:
        refuse(outcome.refusal, currency=currency, field=field)
    assert outcome.transfer is not None
    return Booked(transfer=outcome.transfer, is_replay=outcome.is_duplicate)


@dataclass(frozen=True)
class Retry:
    """A key of a request about to be booked, to look up before anything else.

    `request` is None when an account it needs does not exist yet: then no earlier transfer
    can be the same, and a used key is a conflict. `field` names the key in refusals.
    """

    key: str
    request: TransferRequest | None
    field: str = "key"
    is_memo_derived: bool = False


def replays_find(retries: Sequence[Retry], *, currency: Currency | None) -> list[Booked] | None:
    """The earlier transfers if every key was booked before with the same request, None if
    no key was; anything in between (another request, or only part of a linked batch) is
    refused with KeyReusedError, so nothing is booked twice or half.

    Services call this before checking anything that may have changed since the first
    attempt (balances, expiry, closed accounts, a listing's title): a retry gets its first
    answer whatever happened in between, as in TigerBeetle, where `exists` comes before the
    balance checks.
    """
    earlier = ledger_earlier(keys=[retry.key for retry in retries])
    if not earlier:
        return None
    for retry in retries:
        found = earlier.get(retry.key)
        if found is None:
            text = _(
                "Een deel van deze overboekingen is al eerder geboekt, met dezelfde sleutels. "
                "Stuur ze allemaal opnieuw zoals de eerste keer, of gebruik nieuwe sleutels."
            )
            raise KeyReusedError(text, extra={"errors": {retry.field: [text]}})
        if retry.request is None or not is_retry_of(
            found, retry.request, is_memo_derived=retry.is_memo_derived
        ):
            refuse(ledger.Refusal.KEY_REUSED_WITH_OTHER_BODY, currency=currency, field=retry.field)
    return [Booked(transfer=earlier[retry.key], is_replay=True) for retry in retries]
