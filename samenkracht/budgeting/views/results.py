"""Results that explain themselves, the open data download, and delivery afterwards."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.views import View

from samenkracht.budgeting import permissions, selectors
from samenkracht.budgeting.explanations import result_explain, voter_text
from samenkracht.budgeting.forms import ReceiptCheckForm
from samenkracht.budgeting.models import BudgetRound, Proposal, RoundResult
from samenkracht.budgeting.text import euro
from samenkracht.budgeting.views.access import round_or_404
from samenkracht.common import throttle
from samenkracht.common.throttle import TOO_MANY_GUESSES
from samenkracht.people.models import User


def _published_round(request: HttpRequest, pk: int) -> BudgetRound:
    now = timezone.now()
    budget_round = round_or_404(pk, now)
    if not permissions.can_view_results(request.user, budget_round, now):
        raise Http404
    return budget_round


class ResultsView(View):
    def _render(
        self,
        request: HttpRequest,
        budget_round: BudgetRound,
        form: ReceiptCheckForm,
        receipt_found: bool | None = None,
        status: int = 200,
    ) -> HttpResponse:
        result = selectors.result_get(budget_round=budget_round)
        assert result is not None
        proposals = list(
            selectors.proposal_list(budget_round=budget_round, statuses=selectors.BALLOT_STATUSES)
        )
        explained = result_explain(budget_round=budget_round, result=result, proposals=proposals)
        context: dict[str, Any] = {
            "round": budget_round,
            "explained": explained,
            "result": result,
            "form": form,
            "receipt_found": receipt_found,
            "voter_text": self._voter_text(request, budget_round, result),
            "amount": euro(budget_round.amount),
        }
        return render(request, "budgeting/results.html", context, status=status)

    def _voter_text(
        self, request: HttpRequest, budget_round: BudgetRound, result: RoundResult
    ) -> str:
        user = request.user
        if not isinstance(user, User):
            return ""
        ballot = selectors.ballot_get_for(budget_round=budget_round, person=user)
        if ballot is None or not ballot.proposal_ids:
            return ""
        return voter_text(chosen=ballot.proposal_ids, selected=list(result.selected))

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        budget_round = round_or_404(pk, timezone.now())
        if not permissions.can_view_results(request.user, budget_round, timezone.now()):
            result = selectors.result_get(budget_round=budget_round)
            return render(
                request,
                "budgeting/results_pending.html",
                {"round": budget_round, "result": result},
                status=404 if result is None else 200,
            )
        return self._render(request, budget_round, ReceiptCheckForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Check a receipt code: was this ballot counted? (Its content is never shown.)"""
        budget_round = _published_round(request, pk)
        form = ReceiptCheckForm(request.POST)
        if not form.is_valid():
            return self._render(request, budget_round, form, status=400)
        if throttle.guesses_blocked("receipt", request):
            form.add_error("receipt", TOO_MANY_GUESSES)
            return self._render(request, budget_round, form, status=429)
        found = selectors.receipt_is_counted(
            budget_round=budget_round, code=form.cleaned_data["receipt"]
        )
        if not found:
            throttle.wrong_guess_record("receipt", request)
        return self._render(request, budget_round, form, receipt_found=found)


class OpenDataView(View):
    """The anonymous ballots and the result as a Pabulib file, for anyone to recompute."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        budget_round = _published_round(request, pk)
        text = selectors.open_data_pb(budget_round=budget_round)
        response = HttpResponse(text, content_type="text/plain; charset=utf-8")
        name = slugify(budget_round.title) or f"burgerbegroting-{budget_round.pk}"
        response["Content-Disposition"] = f'attachment; filename="{name}.pb"'
        return response


class DeliveryOverviewView(View):
    """How far every chosen project is: status, milestones and photos."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        budget_round = _published_round(request, pk)
        proposals = list(selectors.proposals_in_delivery(budget_round=budget_round))
        return render(
            request,
            "budgeting/delivery.html",
            {
                "round": budget_round,
                "proposals": proposals,
                "done_count": sum(
                    1 for p in proposals if p.delivery_status == Proposal.Delivery.DONE
                ),
            },
        )
