"""The time bank's start page: balances, transfers waiting for you, and the history."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views import View

from samenkracht.exchange import permissions, selectors
from samenkracht.exchange.models import Account
from samenkracht.exchange.views.access import person

HISTORY_LENGTH = 50


class ExchangeHomeView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        user = person(request)
        now = timezone.now()
        accounts = list(selectors.account_list_for(user=user))
        chosen_id = request.GET.get("rekening")
        chosen = next((a for a in accounts if str(a.pk) == chosen_id), None) or next(
            (a for a in accounts if a.kind == Account.Kind.PERSON), None
        )
        lines = []
        if chosen is not None:
            transfers = list(selectors.transfer_list_for_account(account=chosen)[:HISTORY_LENGTH])
            lines = selectors.history_lines(account=chosen, transfers=transfers)
        return render(
            request,
            "exchange/home.html",
            {
                "accounts": accounts,
                "chosen": chosen,
                "lines": lines,
                "incoming": list(selectors.pending_incoming(user=user, now=now)),
                "outgoing": list(selectors.pending_outgoing(user=user, now=now)),
                "can_grant": permissions.can_grant(user),
                "can_fund": permissions.can_fund_pool(user),
                "can_reverse": permissions.can_reverse(user),
                "now": now,
            },
        )
