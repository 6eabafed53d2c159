"""API for budget rounds: rounds, proposals and support, ballots, results and open data."""

from datetime import datetime
from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from samenkracht.budgeting import permissions, selectors, services
from samenkracht.budgeting.explanations import result_explain, rule_text, voter_text
from samenkracht.budgeting.models import BudgetRound, Phase, Proposal, RoundResult
from samenkracht.budgeting.tasks import result_compute_enqueue, round_catch_up
from samenkracht.common.api import ErrorOut, Pagination
from samenkracht.people import selectors as people_selectors
from samenkracht.people.models import Neighbourhood, User

router = Router(tags=["budgeting"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
PUBLIC_ERRORS = {404: ErrorOut, 422: ErrorOut}


def _current_user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _round_or_404(round_id: int) -> BudgetRound:
    budget_round = selectors.round_get(pk=round_id)
    if budget_round is None:
        raise Http404
    return round_catch_up(budget_round=budget_round, now=timezone.now())


def _proposal_or_404(proposal_id: int) -> Proposal:
    proposal = selectors.proposal_get(pk=proposal_id)
    if proposal is None or proposal.status == Proposal.Status.WITHDRAWN:
        raise Http404
    return proposal


def _published_or_404(request: HttpRequest, round_id: int) -> BudgetRound:
    budget_round = _round_or_404(round_id)
    if not permissions.can_view_results(request.user, budget_round, timezone.now()):
        raise Http404
    return budget_round


# --- rounds ----------------------------------------------------------------------------------


class RoundOut(Schema):
    id: int
    title: str
    description: str
    municipality: str = Field(description="CBS-code van de gemeente.")
    neighbourhoods: list[str] = Field(description="CBS-codes van de buurten.")
    amount: Decimal = Field(description="Budget in euro.")
    phase: Phase
    proposals_start: datetime
    support_start: datetime
    feasibility_start: datetime
    voting_start: datetime
    voting_end: datetime = Field(description="Het moment waarop het stemmen sluit.")
    delivery_start: datetime
    min_supports: int
    ballot_type: BudgetRound.BallotType
    min_projects: int | None
    max_projects: int | None
    points_total: int | None
    rule: BudgetRound.Rule
    minimum_age: int
    allows_letter_codes: bool
    is_settings_locked: bool
    proposal_count: int
    result_status: RoundResult.Status | None

    @staticmethod
    def resolve_municipality(obj: BudgetRound) -> str:
        return obj.municipality.code

    @staticmethod
    def resolve_neighbourhoods(obj: BudgetRound) -> list[str]:
        return [n.code for n in obj.neighbourhoods.all()]

    @staticmethod
    def resolve_phase(obj: BudgetRound) -> Phase:
        return obj.phase_at(timezone.now())

    @staticmethod
    def resolve_result_status(obj: BudgetRound) -> str | None:
        result = getattr(obj, "result", None)
        return result.status if result is not None else None

    @staticmethod
    def resolve_proposal_count(obj: BudgetRound) -> int:
        return int(getattr(obj, "proposal_count", 0))


@router.get("/budget-rounds", response={200: list[RoundOut], **PUBLIC_ERRORS}, auth=None)
@paginate(Pagination)
def round_list(request: HttpRequest, neighbourhood: str | None = None) -> QuerySet[BudgetRound]:
    """Budget rounds, the most recent voting first; with a CBS code only those of that buurt."""
    if neighbourhood:
        found = people_selectors.neighbourhood_get(code=neighbourhood)
        if found is None:
            raise ValidationError({"neighbourhood": [_("Onbekende buurt: %s") % neighbourhood]})
        return selectors.round_list(neighbourhood=found)
    return selectors.round_list()


@router.get("/budget-rounds/{id}", response={200: RoundOut, **PUBLIC_ERRORS}, auth=None)
def round_detail(request: HttpRequest, id: int) -> BudgetRound:
    return _round_or_404(id)


# --- proposals -------------------------------------------------------------------------------


class ProposalOut(Schema):
    id: int
    budget_round: int
    title: str
    text: str
    status: Proposal.Status
    estimated_cost: Decimal
    assessed_cost: Decimal | None = Field(description="Kosten volgens de toets van de gemeente.")
    cost: Decimal = Field(description="Wat het project op het stembiljet kost.")
    neighbourhood: str | None = Field(description="CBS-code van de buurt.")
    neighbourhood_name: str | None = Field(description="Naam van de buurt.")
    latitude: float | None = Field(description="Breedtegraad (WGS84) van de plek, als die er is.")
    longitude: float | None = Field(description="Lengtegraad (WGS84) van de plek, als die er is.")
    photo: str | None = Field(description="Adres van de foto.")
    author: str | None = Field(description="Openbare naam van de indiener.")
    support_count: int
    feasibility_reason: str
    delivery_status: str
    created_at: datetime

    @staticmethod
    def resolve_budget_round(obj: Proposal) -> int:
        return obj.budget_round_id

    @staticmethod
    def resolve_neighbourhood(obj: Proposal) -> str | None:
        return obj.neighbourhood.code if obj.neighbourhood else None

    @staticmethod
    def resolve_neighbourhood_name(obj: Proposal) -> str | None:
        return obj.neighbourhood.name if obj.neighbourhood else None

    @staticmethod
    def resolve_photo(obj: Proposal) -> str | None:
        return obj.photo.url if obj.photo else None

    @staticmethod
    def resolve_author(obj: Proposal) -> str | None:
        return obj.author.public_name if obj.author else None

    @staticmethod
    def resolve_support_count(obj: Proposal) -> int:
        return int(getattr(obj, "support_count", 0))


@router.get(
    "/budget-rounds/{id}/proposals",
    response={200: list[ProposalOut], **PUBLIC_ERRORS},
    auth=None,
)
@paginate(Pagination)
def proposal_list(request: HttpRequest, id: int) -> QuerySet[Proposal]:
    budget_round = _round_or_404(id)
    return selectors.proposal_list(budget_round=budget_round, statuses=selectors.PUBLIC_STATUSES)


def _coordinate(value: Any, info: ValidationInfo) -> float | None:
    """Read a coordinate the way the web form does, with the form's message."""
    field = str(info.field_name)
    try:
        return services.coordinate_check(value, field=field)
    except ValidationError as error:
        raise PydanticCustomError("coordinate", error.message_dict[field][0]) from error


LATITUDE_HELP = (
    "Breedtegraad (WGS84) van een plek in een buurt van de burgerbegroting, zoals 52.1561. "
    "Niet verplicht; samen met de lengtegraad."
)
LONGITUDE_HELP = "Lengtegraad (WGS84), zoals 5.3878."


class ProposalCreateIn(Schema):
    title: str = Field(description="3 tot 120 tekens.")
    text: str = Field("", description="Hoogstens 3000 tekens.")
    estimated_cost: Decimal = Field(description="Geschatte kosten in euro.")
    neighbourhood: str | None = Field(
        None, description="CBS-code; anders de buurt van de plek, of de eigen buurt."
    )
    latitude: float | None = Field(None, description=LATITUDE_HELP)
    longitude: float | None = Field(None, description=LONGITUDE_HELP)

    coordinates_read = field_validator("latitude", "longitude", mode="before")(_coordinate)


# Only the fields that are sent change; latitude and longitude null remove the point.
class ProposalUpdateIn(Schema):
    title: str | None = Field(None, description="3 tot 120 tekens.")
    text: str | None = Field(None, description="Hoogstens 3000 tekens.")
    estimated_cost: Decimal | None = Field(None, description="Geschatte kosten in euro.")
    neighbourhood: str | None = Field(None, description="CBS-code; null: de buurt van de plek.")
    latitude: float | None = Field(None, description=LATITUDE_HELP)
    longitude: float | None = Field(None, description=LONGITUDE_HELP)

    coordinates_read = field_validator("latitude", "longitude", mode="before")(_coordinate)


def _neighbourhood_by_code(code: str | None) -> Neighbourhood | None:
    if not code:
        return None
    neighbourhood = people_selectors.neighbourhood_get(code=code)
    if neighbourhood is None:
        raise ValidationError({"neighbourhood": [_("Onbekende buurt: %s") % code]})
    return neighbourhood


@router.post("/budget-rounds/{id}/proposals", response={201: ProposalOut, **ERRORS})
def proposal_submit(request: HttpRequest, id: int, body: ProposalCreateIn) -> Status[Proposal]:
    """Submit a proposal (photos only through the web page)."""
    budget_round = _round_or_404(id)
    proposal = services.proposal_submit(
        author=_current_user(request),
        budget_round=budget_round,
        title=body.title,
        text=body.text,
        estimated_cost=body.estimated_cost,
        neighbourhood=_neighbourhood_by_code(body.neighbourhood),
        latitude=body.latitude,
        longitude=body.longitude,
        now=timezone.now(),
    )
    return Status(201, cast(Proposal, selectors.proposal_get(pk=proposal.pk)))


@router.get("/budget-proposals/{id}", response={200: ProposalOut, **PUBLIC_ERRORS}, auth=None)
def proposal_detail(request: HttpRequest, id: int) -> Proposal:
    return _proposal_or_404(id)


@router.patch("/budget-proposals/{id}", response={200: ProposalOut, **ERRORS})
def proposal_update(request: HttpRequest, id: int, body: ProposalUpdateIn) -> Proposal:
    """Change your proposal while proposals come in (photos only through the web page)."""
    proposal = _proposal_or_404(id)
    changes: dict[str, Any] = body.dict(exclude_unset=True)
    missing = {
        field: [_("Vul dit veld in.")]
        for field in ("title", "estimated_cost")
        if field in changes and changes[field] is None
    }
    if missing:
        raise ValidationError(missing)
    if "text" in changes and changes["text"] is None:
        changes["text"] = ""
    if "neighbourhood" in changes:
        changes["neighbourhood"] = _neighbourhood_by_code(changes["neighbourhood"])
    services.proposal_update(
        proposal=proposal, actor=_current_user(request), now=timezone.now(), **changes
    )
    return cast(Proposal, selectors.proposal_get(pk=id))


@router.post("/budget-proposals/{id}/support", response={200: ProposalOut, **ERRORS})
def support_add(request: HttpRequest, id: int) -> Proposal:
    """Support a proposal; supporting twice is the same as once."""
    proposal = _proposal_or_404(id)
    services.support_add(proposal=proposal, user=_current_user(request), now=timezone.now())
    return cast(Proposal, selectors.proposal_get(pk=id))


@router.delete("/budget-proposals/{id}/support", response={200: ProposalOut, **ERRORS})
def support_remove(request: HttpRequest, id: int) -> Proposal:
    proposal = _proposal_or_404(id)
    services.support_remove(proposal=proposal, user=_current_user(request), now=timezone.now())
    return cast(Proposal, selectors.proposal_get(pk=id))


# --- ballots ---------------------------------------------------------------------------------


class ChoiceSchema(Schema):
    proposal: int = Field(description="Id van een voorstel op het stembiljet.")
    points: int | None = Field(None, description="Alleen bij punten verdelen.")


class BallotIn(Schema):
    choices: list[ChoiceSchema] = Field(
        max_length=500, description="De keuzes; bij een rangorde de belangrijkste eerst."
    )


class BallotOut(Schema):
    has_voted: bool
    choices: list[ChoiceSchema]
    voted_at: datetime | None
    times_changed: int
    can_change: bool = Field(description="Of de stem nu nog kan worden veranderd.")


class BallotCastOut(Schema):
    receipt_code: str = Field(description="Ontvangstcode; alleen nu te zien.")
    is_change: bool = Field(description="Of deze stem een eerdere stem vervangt.")
    choices: list[ChoiceSchema]


@router.get("/budget-rounds/{id}/ballot", response={200: BallotOut, **ERRORS})
def ballot_get(request: HttpRequest, id: int) -> BallotOut:
    """Your own ballot in this round, if you voted."""
    budget_round = _round_or_404(id)
    user = _current_user(request)
    record = selectors.voter_record_get(budget_round=budget_round, person=user)
    ballot = selectors.ballot_get_for(budget_round=budget_round, person=user)
    return BallotOut(
        has_voted=record is not None,
        choices=[
            ChoiceSchema(proposal=int(choice[0]), points=choice[1])
            for choice in (ballot.choices if ballot is not None else [])
        ],
        voted_at=record.voted_at if record is not None else None,
        times_changed=record.times_changed if record is not None else 0,
        can_change=permissions.can_vote(user, budget_round, timezone.now()),
    )


@router.put("/budget-rounds/{id}/ballot", response={200: BallotCastOut, **ERRORS})
def ballot_cast(request: HttpRequest, id: int, body: BallotIn) -> BallotCastOut:
    """Cast your vote, or replace it while voting is open."""
    budget_round = _round_or_404(id)
    cast_ballot = services.ballot_cast(
        budget_round=budget_round,
        voter=_current_user(request),
        choices=[(choice.proposal, choice.points) for choice in body.choices],
        now=timezone.now(),
    )
    return BallotCastOut(
        receipt_code=cast_ballot.receipt_code,
        is_change=cast_ballot.is_change,
        choices=[
            ChoiceSchema(proposal=int(choice[0]), points=choice[1])
            for choice in cast_ballot.ballot.choices
        ],
    )


# --- results ---------------------------------------------------------------------------------


class ProjectResultOut(Schema):
    proposal: int
    title: str
    cost: Decimal
    supporters: int
    is_selected: bool
    is_selected_by_greedy: bool = Field(description="Of ‘meeste stemmen eerst’ het koos.")
    order: int | None = Field(description="Als hoeveelste het gekozen is.")
    explanation: str = Field(description="Waarom het gekozen is of niet, in gewone woorden.")


class ResultOut(Schema):
    status: RoundResult.Status
    rule: str
    rule_explanation: str
    voter_count: int
    budget: Decimal
    spent: Decimal
    selected: list[int] = Field(description="Ids van de gekozen voorstellen, in volgorde.")
    greedy_selected: list[int]
    greedy_spent: Decimal
    projects: list[ProjectResultOut]
    for_me: str | None = Field(description="Wat de uitslag voor uw stem betekent (ingelogd).")
    computed_at: datetime | None


@router.get("/budget-rounds/{id}/results", response={200: ResultOut, **PUBLIC_ERRORS}, auth=None)
def result_detail(request: HttpRequest, id: int) -> ResultOut:
    """The result with an explanation per project, once it is published."""
    budget_round = _published_or_404(request, id)
    result = cast(RoundResult, selectors.result_get(budget_round=budget_round))
    proposals = list(
        selectors.proposal_list(budget_round=budget_round, statuses=selectors.BALLOT_STATUSES)
    )
    explained = result_explain(budget_round=budget_round, result=result, proposals=proposals)
    for_me = None
    if isinstance(request.user, User):
        ballot = selectors.ballot_get_for(budget_round=budget_round, person=request.user)
        if ballot is not None and ballot.proposal_ids:
            for_me = voter_text(chosen=ballot.proposal_ids, selected=list(result.selected))
    return ResultOut(
        status=RoundResult.Status(result.status),
        rule=result.rule,
        rule_explanation=rule_text(result.rule),
        voter_count=result.voter_count,
        budget=result.budget,
        spent=result.spent,
        selected=list(result.selected),
        greedy_selected=list(result.greedy_selected),
        greedy_spent=result.greedy_spent,
        projects=[
            ProjectResultOut(
                proposal=row.proposal.pk,
                title=row.proposal.title,
                cost=row.cost,
                supporters=row.supporters,
                is_selected=row.is_selected,
                is_selected_by_greedy=row.is_selected_by_greedy,
                order=row.order,
                explanation=row.text,
            )
            for row in explained.projects
        ],
        for_me=for_me,
        computed_at=result.computed_at,
    )


class AcceptedOut(Schema):
    detail: str


@router.post("/budget-rounds/{id}/results", response={202: AcceptedOut, **ERRORS})
def result_compute(request: HttpRequest, id: int) -> Status[AcceptedOut]:
    """An official asks for the result once voting has closed; it is computed in the background."""
    budget_round = _round_or_404(id)
    user = _current_user(request)
    if not permissions.can_compute_result(user, budget_round, timezone.now()):
        raise PermissionDenied(_("U kunt de uitslag van deze burgerbegroting niet berekenen."))
    if services.result_request(budget_round=budget_round, requested_by=user, now=timezone.now()):
        result_compute_enqueue(budget_round_id=budget_round.pk)
    return Status(202, AcceptedOut(detail=_("De uitslag wordt berekend.")))


@router.get(
    "/budget-rounds/{id}/open-data.pb",
    response=PUBLIC_ERRORS,
    auth=None,
    openapi_extra={
        "responses": {
            200: {
                "description": "De anonieme stemmen en de uitslag in het Pabulib-formaat.",
                "content": {"text/plain": {"schema": {"type": "string"}}},
            }
        }
    },
)
def open_data(request: HttpRequest, id: int) -> HttpResponse:
    """The anonymous ballots and the result as a Pabulib `.pb` file."""
    budget_round = _published_or_404(request, id)
    response = HttpResponse(
        selectors.open_data_pb(budget_round=budget_round), content_type="text/plain; charset=utf-8"
    )
    name = slugify(budget_round.title) or f"burgerbegroting-{budget_round.pk}"
    response["Content-Disposition"] = f'attachment; filename="{name}.pb"'
    return response
