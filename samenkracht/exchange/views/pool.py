"""The community pool (fund, grant) and the professional's neighbourhood overview."""

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from samenkracht.common.errors import ApplicationError
from samenkracht.exchange import permissions, selectors, services
from samenkracht.exchange.forms import FundForm, GrantForm
from samenkracht.exchange.models import Account, Transfer
from samenkracht.exchange.views.access import form_show_error, person
from samenkracht.people.models import Neighbourhood, Organisation, User
from samenkracht.people.permissions import is_admin, is_official, is_professional

MUNICIPALITY_SOURCE = "gemeente"
STATS_DAYS = 365


def _fund_sources(user: User) -> list[tuple[str, str]]:
    sources = []
    if is_official(user) or is_admin(user):
        sources.append((MUNICIPALITY_SOURCE, str(_("De gemeente (nieuwe uren)"))))
    for organisation in Organisation.objects.filter(
        memberships__user=user, memberships__role="admin"
    ).order_by("name"):
        sources.append((organisation.slug, str(organisation)))
    return sources


class PoolView(LoginRequiredMixin, View):
    """The community pool: what is in it, and (for who may) funding it and giving from it."""

    def _render(
        self,
        request: HttpRequest,
        user: User,
        *,
        fund_form: FundForm | None = None,
        grant_form: GrantForm | None = None,
        status: int = 200,
    ) -> HttpResponse:
        currency = selectors.currency_default()
        pool = selectors.system_account(currency=currency, kind=Account.Kind.POOL)
        can_grant = permissions.can_grant(user)
        context: dict[str, Any] = {
            "pool": pool,
            "currency": currency,
            "can_fund": permissions.can_fund_pool(user),
            "can_grant": can_grant,
            "fund_form": fund_form or FundForm(sources=_fund_sources(user)),
            "grant_form": grant_form or GrantForm(),
            "recent": (
                list(selectors.transfer_list_for_account(account=pool)[:20]) if can_grant else []
            ),
        }
        return render(request, "exchange/pool.html", context, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, person(request))

    def post(self, request: HttpRequest) -> HttpResponse:
        user = person(request)
        currency = selectors.currency_default()
        now = timezone.now()
        if request.POST.get("action") == "grant":
            grant_form = GrantForm(request.POST)
            if not grant_form.is_valid():
                return self._render(request, user, grant_form=grant_form, status=400)
            recipient = User.objects.filter(
                username=grant_form.cleaned_data["recipient"].strip()
            ).first()
            if recipient is None:
                grant_form.add_error("recipient", _("Er is niemand met deze gebruikersnaam."))
                return self._render(request, user, grant_form=grant_form, status=400)
            try:
                services.pool_grant(
                    giver=user,
                    recipient=recipient,
                    currency=currency,
                    amount=grant_form.cleaned_data["amount"],
                    memo=grant_form.cleaned_data["memo"],
                    key=grant_form.cleaned_data["key"],
                    now=now,
                )
            except ApplicationError as error:
                form_show_error(grant_form, error)
                return self._render(request, user, grant_form=grant_form, status=400)
            messages.success(request, _("%(name)s heeft de uren gekregen.") % {"name": recipient})
            return redirect("exchange:pool")
        fund_form = FundForm(request.POST, sources=_fund_sources(user))
        if not fund_form.is_valid():
            return self._render(request, user, fund_form=fund_form, status=400)
        source = fund_form.cleaned_data["source"]
        organisation = (
            None if source == MUNICIPALITY_SOURCE else Organisation.objects.get(slug=source)
        )
        try:
            services.pool_fund(
                funder=user,
                organisation=organisation,
                currency=currency,
                amount=fund_form.cleaned_data["amount"],
                memo=fund_form.cleaned_data["memo"],
                key=fund_form.cleaned_data["key"],
                now=now,
            )
        except ApplicationError as error:
            form_show_error(fund_form, error)
            return self._render(request, user, fund_form=fund_form, status=400)
        messages.success(request, _("De gemeenschapspot is aangevuld. Dank u wel!"))
        return redirect("exchange:pool")


class NeighbourhoodListView(LoginRequiredMixin, View):
    """The buurten whose figures this person may see."""

    def get(self, request: HttpRequest) -> HttpResponse:
        user = person(request)
        if is_admin(user):
            neighbourhoods = Neighbourhood.objects.all()
        elif is_official(user) and user.municipality_id is not None:
            neighbourhoods = Neighbourhood.objects.filter(
                district__municipality_id=user.municipality_id
            )
        elif is_professional(user):
            neighbourhoods = user.work_neighbourhoods.all()
        else:
            raise PermissionDenied
        return render(
            request,
            "exchange/neighbourhoods.html",
            {"neighbourhoods": neighbourhoods.order_by("name")},
        )


class NeighbourhoodStatsView(LoginRequiredMixin, View):
    """Hours exchanged in a buurt this year, and who only gives or only receives."""

    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        user = person(request)
        neighbourhood = Neighbourhood.objects.select_related("district").filter(code=code).first()
        if neighbourhood is None:
            raise Http404
        if not permissions.can_view_neighbourhood_stats(user, neighbourhood):
            raise PermissionDenied
        stats = selectors.neighbourhood_stats(
            neighbourhood=neighbourhood,
            currency=selectors.currency_default(),
            since=timezone.now() - timedelta(days=STATS_DAYS),
        )
        return render(
            request, "exchange/neighbourhood_stats.html", {"stats": stats, "kinds": Transfer.Kind}
        )
