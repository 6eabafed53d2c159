import copy
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samenkracht.budgeting import services
from samenkracht.budgeting.models import (
    BudgetRound,
    DeliveryUpdate,
    Proposal,
    RoundResult,
    VoteAssistance,
    VoterRecord,
)
from samenkracht.budgeting.services.rounds import (
    LOCKED_FIELDS,
    PHASE_FIELDS,
    phase_regression_problem,
)
from samenkracht.budgeting.tasks import result_compute_enqueue
from samenkracht.common.errors import ApplicationError
from samenkracht.people.models import User

# What voters saw on the ballot: fixed once the first vote is cast, as the round's settings.
PROPOSAL_LOCKED_FIELDS = ["title", "estimated_cost", "assessed_cost"]


class ProposalInline(admin.TabularInline):
    model = Proposal
    extra = 0
    fields = ["title", "status", "estimated_cost", "assessed_cost", "delivery_status"]
    readonly_fields = ["status"]
    show_change_link = True

    def get_readonly_fields(self, request: HttpRequest, obj: object = None) -> list[str]:
        fields = list(self.readonly_fields)
        if isinstance(obj, BudgetRound) and obj.is_settings_locked:
            fields += PROPOSAL_LOCKED_FIELDS
        return fields


class BudgetRoundAdminForm(forms.ModelForm):
    """The admin's round form keeps the services' rule that a passed phase cannot come back."""

    class Meta:
        model = BudgetRound
        # The admin lists every field it shows; these are the ones this form checks.
        fields = list(PHASE_FIELDS)

    def clean(self) -> dict[str, Any]:
        cleaned_data = super().clean() or {}
        if self.instance.pk is None:
            return cleaned_data
        candidate = copy.copy(self.instance)
        for field in PHASE_FIELDS:
            if cleaned_data.get(field) is not None:
                setattr(candidate, field, cleaned_data[field])
        problem = phase_regression_problem(candidate, now=timezone.now())
        if problem is not None:
            raise forms.ValidationError(problem)
        return cleaned_data


@admin.register(BudgetRound)
class BudgetRoundAdmin(admin.ModelAdmin):
    form = BudgetRoundAdminForm
    list_display = [
        "title",
        "municipality",
        "amount",
        "ballot_type",
        "rule",
        "voting_start",
        "voting_end",
    ]
    list_filter = ["municipality", "ballot_type", "rule"]
    search_fields = ["title"]
    filter_horizontal = ["neighbourhoods"]
    raw_id_fields = ["created_by"]
    # Phases move on through the services, and a locked round stays locked.
    readonly_fields = ["applied_phase", "settings_locked_at", "source_meta"]
    inlines = [ProposalInline]
    actions = ["result_compute"]

    def get_readonly_fields(
        self, request: HttpRequest, obj: BudgetRound | None = None
    ) -> list[str]:
        fields = list(self.readonly_fields)
        if obj is not None and obj.is_settings_locked:
            fields += sorted(LOCKED_FIELDS)
        return fields

    @admin.action(description=gettext_lazy("Uitslag (opnieuw) berekenen"))
    def result_compute(self, request: HttpRequest, queryset: QuerySet[BudgetRound]) -> None:
        assert isinstance(request.user, User)
        asked = 0
        for budget_round in queryset:
            try:
                if services.result_request(
                    budget_round=budget_round, requested_by=request.user, now=timezone.now()
                ):
                    result_compute_enqueue(budget_round_id=budget_round.pk)
                    asked += 1
            except ApplicationError as error:
                self.message_user(request, f"{budget_round}: {error.message}", messages.WARNING)
            except PermissionDenied as error:
                # E.g. voting is still open: say so on the list page, not on a 403 page.
                self.message_user(request, f"{budget_round}: {error}", messages.WARNING)
        self.message_user(
            request,
            _("Voor %(count)d burgerbegrotingen wordt de uitslag berekend.") % {"count": asked},
            messages.SUCCESS,
        )


class DeliveryUpdateInline(admin.TabularInline):
    model = DeliveryUpdate
    extra = 0
    fields = ["status", "text", "photo", "author", "created_at"]
    readonly_fields = ["created_at"]
    raw_id_fields = ["author"]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "budget_round",
        "status",
        "estimated_cost",
        "assessed_cost",
        "delivery_status",
    ]
    list_filter = ["status", "delivery_status", "budget_round"]
    search_fields = ["title", "text"]
    raw_id_fields = ["author", "assessed_by", "neighbourhood", "budget_round"]
    list_select_related = ["budget_round"]
    inlines = [DeliveryUpdateInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Proposal | None = None) -> list[str]:
        fields = list(self.readonly_fields)
        if obj is not None and obj.budget_round.is_settings_locked:
            fields += [*PROPOSAL_LOCKED_FIELDS, "budget_round"]
        return fields


@admin.register(DeliveryUpdate)
class DeliveryUpdateAdmin(admin.ModelAdmin):
    list_display = ["proposal", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["proposal", "author"]


@admin.register(RoundResult)
class RoundResultAdmin(admin.ModelAdmin):
    list_display = ["budget_round", "status", "rule", "voter_count", "spent", "computed_at"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in RoundResult._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(VoterRecord)
class VoterRecordAdmin(admin.ModelAdmin):
    """Who took part, never what they chose: ballots are not in the admin at all."""

    list_display = ["budget_round", "person", "method", "voted_at", "assisted_by"]
    list_filter = ["method", "budget_round"]
    raw_id_fields = ["person", "assisted_by"]
    readonly_fields = [
        "budget_round",
        "person",
        "method",
        "voted_at",
        "assisted_by",
        "times_changed",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(VoteAssistance)
class VoteAssistanceAdmin(admin.ModelAdmin):
    list_display = ["budget_round", "professional", "resident", "created_at"]
    readonly_fields = ["budget_round", "professional", "resident", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
