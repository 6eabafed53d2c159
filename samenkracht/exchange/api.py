"""API for the time bank: accounts, transfers with client idempotency keys, statements.

Amounts travel as decimal strings ("1.50") so that no float ever rounds an hour. A transfer
needs an idempotency key, in the `Idempotency-Key` header or the `key` field: a retry with
the same key and body answers 201 with the first transfer (and `Idempotent-Replayed:
true`), even when the same request would now be refused (a balance changed, an expiry
passed); the same key for another transfer answers 409. Linked transfers
(`/exchange/transfers/linked`) carry a key each. A refusal writes nothing, not even an
account. A transfer shows its key only to the person who sent it.
"""

from datetime import datetime
from decimal import Decimal
from typing import Any, cast
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Header, NinjaAPI, Router, Schema, Status
from ninja.pagination import paginate

from samenkracht.common.api import ErrorOut, Pagination
from samenkracht.common.errors import ApplicationError
from samenkracht.exchange import permissions, selectors, services
from samenkracht.exchange.models import Account, Currency, Transfer
from samenkracht.matching.models import Contact
from samenkracht.people.models import User

router = Router(tags=["exchange"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
CREATE_ERRORS = {**ERRORS, 409: ErrorOut}


def _current_user(request: HttpRequest) -> User:
    return cast(User, request.user)


class AccountOut(Schema):
    id: UUID
    currency: str = Field(description="Code van de munt, bijvoorbeeld `uren`.")
    kind: Account.Kind
    holder: str
    balance: str = Field(description="Geboekt saldo, als decimaal getal in tekst.")
    available: str = Field(
        description="Saldo min wat gereserveerd is voor uitgaande "
        "overboekingen die op bevestiging wachten."
    )
    pending_in: str
    pending_out: str
    floor: str | None = Field(description="Hoe ver onder nul het saldo mag komen.")
    ceiling: str | None
    is_closed: bool

    @staticmethod
    def resolve_currency(obj: Account) -> str:
        return obj.currency.code

    @staticmethod
    def resolve_holder(obj: Account) -> str:
        return selectors.counterparty_name(obj)

    @staticmethod
    def resolve_balance(obj: Account) -> str:
        return obj.currency.format(obj.balance)

    @staticmethod
    def resolve_available(obj: Account) -> str:
        return obj.currency.format(obj.ledger_balance().lowest)

    @staticmethod
    def resolve_pending_in(obj: Account) -> str:
        return obj.currency.format(obj.credits_pending)

    @staticmethod
    def resolve_pending_out(obj: Account) -> str:
        return obj.currency.format(obj.debits_pending)

    @staticmethod
    def resolve_floor(obj: Account) -> str | None:
        floor = obj.limits().floor
        return obj.currency.format(floor) if floor is not None else None

    @staticmethod
    def resolve_ceiling(obj: Account) -> str | None:
        ceiling = obj.limits().ceiling
        return obj.currency.format(ceiling) if ceiling is not None else None


class TransferOut(Schema):
    id: UUID
    key: str | None = Field(
        description="Uw idempotentiesleutel; leeg als u deze overboeking niet zelf deed."
    )
    kind: Transfer.Kind
    currency: str
    amount: str
    from_account: UUID
    to_account: UUID
    from_holder: str
    to_holder: str
    is_pending: bool
    pending_state: str = Field(
        description="open, posted, voided of expired; leeg als de "
        "overboeking niet op bevestiging wacht."
    )
    expires_at: datetime | None
    pending: UUID | None = Field(description="De overboeking die deze bevestigt of weigert.")
    reverses: UUID | None
    reason: str
    memo: str
    contact: int | None
    created_at: datetime

    @staticmethod
    def resolve_key(obj: Transfer, context: dict[str, Any]) -> str | None:
        return selectors.transfer_key_for(transfer=obj, user=context["request"].user)

    @staticmethod
    def resolve_currency(obj: Transfer) -> str:
        return obj.debit.currency.code

    @staticmethod
    def resolve_amount(obj: Transfer) -> str:
        return obj.debit.currency.format(obj.amount)

    @staticmethod
    def resolve_from_account(obj: Transfer) -> UUID:
        return obj.debit_id

    @staticmethod
    def resolve_to_account(obj: Transfer) -> UUID:
        return obj.credit_id

    @staticmethod
    def resolve_from_holder(obj: Transfer) -> str:
        return selectors.counterparty_name(obj.debit)

    @staticmethod
    def resolve_to_holder(obj: Transfer) -> str:
        return selectors.counterparty_name(obj.credit)

    @staticmethod
    def resolve_pending(obj: Transfer) -> UUID | None:
        return obj.pending_id

    @staticmethod
    def resolve_reverses(obj: Transfer) -> UUID | None:
        return obj.reverses_id

    @staticmethod
    def resolve_contact(obj: Transfer) -> int | None:
        return obj.contact_id


def _account_or_404(request: HttpRequest, account_id: UUID) -> Account:
    account = selectors.account_get(pk=account_id)
    if account is None or not permissions.can_view_account(request.user, account):
        raise Http404
    return account


def _transfer_or_404(request: HttpRequest, transfer_id: UUID) -> Transfer:
    transfer = selectors.transfer_get(pk=transfer_id)
    user = request.user
    if transfer is None or not (
        permissions.can_view_account(user, transfer.debit)
        or permissions.can_view_account(user, transfer.credit)
    ):
        raise Http404
    return transfer


def _transfer_full(transfer: Transfer) -> Transfer:
    return cast(Transfer, selectors.transfer_get(pk=transfer.pk))


# --- accounts --------------------------------------------------------------------------------


@router.get("/exchange/accounts", response={200: list[AccountOut], **ERRORS})
def account_list(request: HttpRequest) -> list[Account]:
    """Your own accounts and those of organisations you run (admin or staff)."""
    return list(selectors.account_list_for(user=_current_user(request)))


@router.get("/exchange/accounts/{id}", response={200: AccountOut, **ERRORS})
def account_detail(request: HttpRequest, id: UUID) -> Account:
    return _account_or_404(request, id)


@router.get("/exchange/accounts/{id}/transfers", response={200: list[TransferOut], **ERRORS})
@paginate(Pagination)
def account_transfers(request: HttpRequest, id: UUID) -> QuerySet[Transfer]:
    """Every transfer on the account, newest first."""
    account = _account_or_404(request, id)
    return selectors.transfer_list_for_account(account=account).select_related("debit__currency")


class StatementLineOut(Schema):
    transfer: UUID
    booked_at: datetime
    description: str
    counterparty: str
    amount: str = Field(description="Positief is ontvangen, negatief is gegeven.")
    balance: str


class StatementOut(Schema):
    account: UUID
    currency: str
    year: int
    month: int
    opening: str
    received: str
    given: str
    closing: str
    lines: list[StatementLineOut]


@router.get(
    "/exchange/accounts/{id}/statements/{year}/{month}", response={200: StatementOut, **ERRORS}
)
def statement_detail(request: HttpRequest, id: UUID, year: int, month: int) -> StatementOut:
    """The statement of one month: opening balance, every booked transfer, closing balance."""
    account = _account_or_404(request, id)
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        raise ApplicationError(_("Kies een maand tussen 1 en 12 en een jaar van 2000 tot 2100."))
    statement = selectors.statement_get(account=account, year=year, month=month)
    currency = account.currency
    return StatementOut(
        account=account.pk,
        currency=currency.code,
        year=year,
        month=month,
        opening=currency.format(statement.opening),
        received=currency.format(statement.received),
        given=currency.format(statement.given),
        closing=currency.format(statement.closing),
        lines=[
            StatementLineOut(
                transfer=line.transfer.pk,
                booked_at=line.booked_at,
                description=line.description,
                counterparty=line.counterparty,
                amount=currency.format(line.amount),
                balance=currency.format(line.balance),
            )
            for line in statement.lines
        ],
    )


# --- transfers -------------------------------------------------------------------------------


class TransferFields(Schema):
    amount: str = Field(description="Aantal als tekst, bijvoorbeeld `1.5` of `1,50`.")
    to_person: int | None = Field(None, description="Id van de ontvanger.")
    to_account: UUID | None = Field(None, description="Of: de rekening van de ontvanger.")
    from_account: UUID | None = Field(
        None, description="Uw rekening (of die van uw organisatie); anders uw eigen rekening."
    )
    currency: str = Field("uren", description="Code van de munt (als `from_account` ontbreekt).")
    memo: str = Field("", max_length=200)
    is_pending: bool = Field(False, description="De ontvanger moet eerst bevestigen.")
    expires_at: datetime | None = Field(None, description="Tot wanneer bevestigen kan.")


class TransferIn(TransferFields):
    contact: int | None = Field(None, description="Bedanken voor dit contact (een match).")
    key: str | None = Field(None, description="Idempotentiesleutel, als de kop ontbreekt.")


class LinkedTransferIn(TransferFields):
    key: str = Field(description="De eigen idempotentiesleutel van deze overboeking.")


class LinkedTransfersIn(Schema):
    transfers: list[LinkedTransferIn] = Field(
        min_length=1,
        max_length=services.LINKED_MAX,
        description="Overboekingen die samen doorgaan of samen niet.",
    )


def _refused(text: str, field: str) -> ApplicationError:
    return ApplicationError(text, extra={"errors": {field: [text]}})


def _currency(code: str, *, prefix: str = "") -> Currency:
    # PostgreSQL cannot compare text with NUL in it; no currency code has one.
    currency = None if "\x00" in code else selectors.currency_get(code=code)
    if currency is None:
        raise _refused(_("Onbekende munt: %s") % code, f"{prefix}currency")
    return currency


def _leg(request: HttpRequest, body: TransferFields, *, key: str, prefix: str = "") -> services.Leg:
    """The transfer a body asks for, with the accounts and person it names looked up.

    Nothing is opened here: the service opens what is missing when it books, so that a
    refusal writes nothing.
    """
    from_account = None
    if body.from_account is not None:
        from_account = selectors.account_get(pk=body.from_account)
        if from_account is None or not permissions.manages_account(request.user, from_account):
            raise PermissionDenied(_("Dit is niet uw rekening."))
    to_account, to_person = None, None
    if body.to_account is not None:
        to_account = selectors.account_get(pk=body.to_account)
        if to_account is None:
            raise _refused(_("Deze rekening bestaat niet."), f"{prefix}to_account")
    if body.to_person is not None:
        to_person = User.objects.filter(pk=body.to_person).first()
        if to_person is None:
            raise _refused(_("Deze persoon bestaat niet."), f"{prefix}to_person")
    return services.Leg(
        amount=body.amount,
        key=key,
        to_account=to_account,
        to_person=to_person,
        from_account=from_account,
        currency=_currency(body.currency, prefix=prefix) if from_account is None else None,
        memo=body.memo,
        is_pending=body.is_pending,
        expires_at=body.expires_at,
    )


def _replayed(response: HttpResponse, booked: services.Booked) -> HttpResponse:
    if booked.is_replay:
        response["Idempotent-Replayed"] = "true"
    return response


@router.post("/exchange/transfers", response={201: TransferOut, **CREATE_ERRORS})
def transfer_create(
    request: HttpRequest,
    response: HttpResponse,
    body: TransferIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key"),
) -> Status[Transfer]:
    """Send hours (or another currency), at once or waiting for the receiver's confirmation.

    With `contact` it is a thank-you for that match, from your own hours account.
    """
    user = _current_user(request)
    key = idempotency_key or body.key or ""
    now = timezone.now()
    if body.contact is not None:
        contact = Contact.objects.select_related("ask", "offer").filter(pk=body.contact).first()
        if contact is None:
            raise _refused(_("Dit contact bestaat niet."), "contact")
        booked = services.thanks_send(
            sender=user, contact=contact, amount=body.amount, key=key, memo=body.memo, now=now
        )
    else:
        leg = _leg(request, body, key=key)
        booked = services.transfer_send(
            sender=user,
            from_account=leg.from_account,
            to_account=leg.to_account,
            to_person=leg.to_person,
            currency=leg.currency,
            amount=leg.amount,
            key=leg.key,
            memo=leg.memo,
            is_pending=leg.is_pending,
            expires_at=leg.expires_at,
            now=now,
        )
    _replayed(response, booked)
    return Status(201, _transfer_full(booked.transfer))


@router.post("/exchange/transfers/linked", response={201: list[TransferOut], **CREATE_ERRORS})
def transfers_create_linked(
    request: HttpRequest, response: HttpResponse, body: LinkedTransfersIn
) -> Status[list[Transfer]]:
    """Send several transfers that all go through, or none does (a linked chain).

    Every transfer carries its own `key`, as every transfer in TigerBeetle has its own id;
    the `Idempotency-Key` header plays no part here. The same list sent again answers 201
    with the first transfers (and `Idempotent-Replayed: true`), whatever changed since; a
    list with a key used for another transfer, or of which only some keys were booked,
    answers 409. When one transfer is refused (422, its fields named
    `transfers.<position>.<field>`), none is booked.
    """
    legs = [
        _leg(request, item, key=item.key, prefix=f"transfers.{index}.")
        for index, item in enumerate(body.transfers)
    ]
    booked = services.transfers_send_linked(
        sender=_current_user(request), legs=legs, now=timezone.now()
    )
    if all(item.is_replay for item in booked):
        response["Idempotent-Replayed"] = "true"
    return Status(201, [_transfer_full(item.transfer) for item in booked])


class ThanksProposalOut(Schema):
    contact: int
    currency: str
    amount: str = Field(description="Voorgesteld aantal uren, als decimaal getal in tekst.")
    source: str = Field(
        description="`own`: u schreef op hoe lang het duurde; `helper`: alleen de helper "
        "deed dat; `default`: niemand, dus één uur."
    )
    own_hours: str | None = Field(description="Hoe lang het duurde volgens u.")
    helper_hours: str | None = Field(description="Hoe lang het duurde volgens de helper.")


def _hours_or_none(hours: Decimal | None) -> str | None:
    return None if hours is None else f"{hours:.2f}"


@router.get("/exchange/contacts/{id}/thanks-proposal", response={200: ThanksProposalOut, **ERRORS})
def thanks_proposal(request: HttpRequest, id: int) -> ThanksProposalOut:
    """How many hours to propose when you thank the helper of this contact.

    From how long it took, as you or the helper wrote it down when saying it worked
    (`/contacts/{id}/outcome`); else one hour. You may send any other amount.
    """
    user = _current_user(request)
    contact = Contact.objects.select_related("ask", "offer").filter(pk=id).first()
    if contact is None or user.pk not in (contact.initiator_id, contact.recipient_id):
        raise Http404
    problem = permissions.thank_problem(user, contact)
    if problem:
        raise PermissionDenied(problem)
    currency = selectors.currency_default()
    proposal = selectors.thanks_proposal(contact=contact, sender=user, currency=currency)
    return ThanksProposalOut(
        contact=contact.pk,
        currency=currency.code,
        amount=currency.format(proposal.units),
        source=proposal.source,
        own_hours=_hours_or_none(proposal.own_hours),
        helper_hours=_hours_or_none(proposal.helper_hours),
    )


@router.get("/exchange/transfers", response={200: list[TransferOut], **ERRORS})
@paginate(Pagination)
def transfer_list(request: HttpRequest) -> QuerySet[Transfer]:
    """Transfers on all your accounts, newest first."""
    return selectors.transfer_list_for_user(user=_current_user(request)).select_related(
        "debit__owner", "debit__organisation", "credit__owner", "credit__organisation"
    )


@router.get("/exchange/transfers/{id}", response={200: TransferOut, **ERRORS})
def transfer_detail(request: HttpRequest, id: UUID) -> Transfer:
    return _transfer_or_404(request, id)


@router.post("/exchange/transfers/{id}/confirm", response={200: TransferOut, **ERRORS})
def transfer_confirm(request: HttpRequest, response: HttpResponse, id: UUID) -> Transfer:
    """The receiver confirms a pending transfer; confirming twice is one confirmation."""
    transfer = _transfer_or_404(request, id)
    booked = services.pending_confirm(
        user=_current_user(request), transfer=transfer, now=timezone.now()
    )
    _replayed(response, booked)
    return _transfer_full(booked.transfer)


@router.post("/exchange/transfers/{id}/decline", response={200: TransferOut, **ERRORS})
def transfer_decline(request: HttpRequest, response: HttpResponse, id: UUID) -> Transfer:
    """The receiver declines a pending transfer (or the sender withdraws it)."""
    transfer = _transfer_or_404(request, id)
    booked = services.pending_decline(
        user=_current_user(request), transfer=transfer, now=timezone.now()
    )
    _replayed(response, booked)
    return _transfer_full(booked.transfer)


def install_exchange_error_handlers(api: NinjaAPI) -> None:
    """A reused idempotency key is a conflict (409), not a validation error."""

    @api.exception_handler(services.KeyReusedError)
    def key_reused(request: HttpRequest, exc: services.KeyReusedError) -> HttpResponse:
        return api.create_response(request, {"detail": exc.message, **exc.extra}, status=409)
