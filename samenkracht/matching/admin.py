from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samenkracht.common.errors import ApplicationError
from samenkracht.matching import services
from samenkracht.matching.models import (
    Block,
    Category,
    Contact,
    DigestPreference,
    Listing,
    Message,
    Notification,
    Outcome,
    Report,
)
from samenkracht.matching.permissions import can_handle_report
from samenkracht.people.models import User


class ChildCategoryInline(admin.TabularInline):
    model = Category
    fk_name = "parent"
    extra = 0
    fields = ["name", "slug", "synonyms", "position", "is_active"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "position", "is_active"]
    list_filter = ["is_active", "parent"]
    search_fields = ["name", "synonyms"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ChildCategoryInline]


@admin.register(Listing)
class ListingAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "category", "neighbourhood", "created_at"]
    list_filter = ["kind", "status", "category__parent"]
    search_fields = ["title", "description"]
    raw_id_fields = ["owner", "organisation", "created_by", "neighbourhood"]
    list_select_related = ["category", "category__parent", "neighbourhood"]


class MessageInline(admin.TabularInline):
    model = Message
    extra = 0
    raw_id_fields = ["sender"]


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["id", "ask", "offer", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["ask", "offer", "initiator", "recipient", "introduced_by"]
    inlines = [MessageInline]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "reporter",
        "reported",
        "reason",
        "message_body",
        "status",
        "handled_by",
        "created_at",
    ]
    list_filter = ["status"]
    list_select_related = ["reporter", "reported", "message", "handled_by"]
    raw_id_fields = ["reporter", "reported", "contact", "message"]
    # Handling goes through the action, so who handled a report is always recorded.
    readonly_fields = ["message_body", "status", "handled_by"]
    actions = ["report_handle"]

    @admin.display(description=gettext_lazy("gemeld bericht"))
    def message_body(self, report: Report) -> str:
        # The reported message is shown as plain text, so the admin can judge it.
        return report.message.body if report.message else "—"

    def has_handle_permission(self, request: HttpRequest) -> bool:
        return can_handle_report(request.user)

    @admin.action(description=gettext_lazy("Markeer als afgehandeld"), permissions=["handle"])
    def report_handle(self, request: HttpRequest, queryset: QuerySet[Report]) -> None:
        assert isinstance(request.user, User)  # has_handle_permission admits people only
        handled = 0
        for report in queryset:
            try:
                services.report_handle(report=report, handled_by=request.user)
            except ApplicationError:
                continue
            handled += 1
        self.message_user(
            request,
            _("%(count)d meldingen afgehandeld.") % {"count": handled},
            messages.SUCCESS,
        )


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    list_display = ["contact", "respondent", "result", "reason", "hours_spent", "created_at"]
    list_filter = ["result", "reason"]
    raw_id_fields = ["contact", "respondent"]


admin.site.register(Block, raw_id_fields=["blocker", "blocked"])
admin.site.register(
    Notification, list_display=["user", "kind", "text", "read_at"], raw_id_fields=["user"]
)
admin.site.register(DigestPreference, raw_id_fields=["user"])
