"""The monthly statement: on screen, and as a PDF to print or keep."""

from datetime import datetime
from uuid import UUID

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views import View

from samenkracht.exchange import selectors
from samenkracht.exchange.views.access import account_or_404, person
from samenkracht.exchange.views.statement_pdf import statement_pdf


def _month_or_404(year: int, month: int) -> datetime:
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        raise Http404
    return selectors.month_bounds(year=year, month=month)[0]


def _neighbour_months(year: int, month: int) -> tuple[tuple[int, int], tuple[int, int]]:
    previous = (year - 1, 12) if month == 1 else (year, month - 1)
    following = (year + 1, 1) if month == 12 else (year, month + 1)
    return previous, following


class StatementLatestView(LoginRequiredMixin, View):
    """This month's statement of the person's hours account."""

    def get(self, request: HttpRequest) -> HttpResponse:
        user = person(request)
        account = selectors.account_of_person(person=user, currency=selectors.currency_default())
        if account is None:
            return redirect("exchange:home")
        today = timezone.localdate()
        return redirect("exchange:statement", account.pk, today.year, today.month)


class StatementView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: UUID, year: int, month: int) -> HttpResponse:
        person(request)
        start = _month_or_404(year, month)
        account = account_or_404(request, pk)
        statement = selectors.statement_get(account=account, year=year, month=month)
        previous, following = _neighbour_months(year, month)
        today = timezone.localdate()
        return render(
            request,
            "exchange/statement.html",
            {
                "statement": statement,
                "account": account,
                "holder": selectors.counterparty_name(account),
                "month_name": formats.date_format(start, "F Y"),
                "previous": previous,
                "following": following if following <= (today.year, today.month) else None,
            },
        )


class StatementPdfView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: UUID, year: int, month: int) -> HttpResponse:
        person(request)
        start = _month_or_404(year, month)
        account = account_or_404(request, pk)
        statement = selectors.statement_get(account=account, year=year, month=month)
        content = statement_pdf(
            statement=statement,
            title=_("Afschrift %(month)s") % {"month": formats.date_format(start, "F Y")},
            holder=selectors.counterparty_name(account),
        )
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="afschrift-{account.currency.code}-{year}-{month:02d}.pdf"'
        )
        return response
