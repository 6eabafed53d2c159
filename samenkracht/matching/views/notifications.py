"""In-app notifications and the e-mail digest settings."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View

from samenkracht.common.forms import form_add_errors
from samenkracht.matching import selectors, services
from samenkracht.matching.forms import MINIMUM_SCORE_CHOICES, DigestPreferenceForm
from samenkracht.matching.views.access import person

NOTIFICATION_LIMIT = 50


class NotificationListView(LoginRequiredMixin, View):
    """GET lists the newest notifications; POST marks one (and opens it) or all as read."""

    def _render(
        self, request: HttpRequest, page_error: str = "", status: int = 200
    ) -> HttpResponse:
        user = person(request)
        notifications = list(selectors.notification_list(user=user)[:NOTIFICATION_LIMIT])
        return render(
            request,
            "matching/notification_list.html",
            {
                "notifications": notifications,
                "has_unread": any(n.read_at is None for n in notifications),
                "page_error": page_error,
            },
            status=status,
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request)

    def post(self, request: HttpRequest) -> HttpResponse:
        user = person(request)
        raw_id = request.POST.get("notification", "")
        if not raw_id:
            services.notification_mark_read(user=user, ids=None, now=timezone.now())
            messages.success(request, _("Alle meldingen zijn gelezen."))
            return redirect("matching:notification-list")
        notification = (
            selectors.notification_list(user=user).filter(pk=int(raw_id)).first()
            if raw_id.isdigit()
            else None
        )
        if notification is None:
            return self._render(request, page_error=_("Deze melding bestaat niet."), status=400)
        services.notification_mark_read(user=user, ids=[notification.pk], now=timezone.now())
        if notification.url and url_has_allowed_host_and_scheme(
            notification.url, allowed_hosts={request.get_host()}
        ):
            return redirect(notification.url)
        return redirect("matching:notification-list")


class DigestPreferenceView(LoginRequiredMixin, View):
    def _render(
        self, request: HttpRequest, form: DigestPreferenceForm, status: int = 200
    ) -> HttpResponse:
        return render(request, "matching/digest_preference.html", {"form": form}, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        preference = selectors.digest_preference_get(user=person(request))
        # The form offers three levels; show the one nearest to what is stored.
        scores = [value for value, _label in MINIMUM_SCORE_CHOICES]
        closest = min(scores, key=lambda value: abs(float(value) - preference.minimum_score))
        form = DigestPreferenceForm(
            initial={"frequency": preference.frequency, "minimum_score": closest}
        )
        return self._render(request, form)

    def post(self, request: HttpRequest) -> HttpResponse:
        user = person(request)
        form = DigestPreferenceForm(request.POST)
        if not form.is_valid():
            return self._render(request, form, status=400)
        try:
            services.digest_preference_set(
                user=user,
                frequency=form.cleaned_data["frequency"],
                minimum_score=form.cleaned_data["minimum_score"],
            )
        except ValidationError as error:
            form_add_errors(form, error)
            return self._render(request, form, status=400)
        messages.success(request, _("Uw keuze voor de e-mail is opgeslagen."))
        return redirect("matching:notification-list")
