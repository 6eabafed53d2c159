"""Beheer of the time bank: currencies are configured here; everything else is read-only.

Transfers are never edited or deleted, here or anywhere: a correction is a reversing
transfer with a reason (the "Corrigeren" link), and every such action is in the audit trail.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from samenkracht.exchange import services
from samenkracht.exchange.models import Account, AuditEvent, Currency, Transfer


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Currency)
class CurrencyAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "unit", "scale", "floor", "ceiling", "municipality"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # The scale says what a stored number means; changing it would change every amount.
        return ["code", "scale"] if obj is not None else []

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        services.currency_accounts_ensure(currency=obj, actor=request.user)  # type: ignore[arg-type]


@admin.register(Account)
class AccountAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "kind", "currency", "balance", "is_closed", "created_at"]
    list_filter = ["currency", "kind", "is_closed"]
    search_fields = ["owner__username", "organisation__name"]
    list_select_related = ["currency", "owner", "organisation"]


@admin.register(Transfer)
class TransferAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "debit", "credit", "amount", "pending_state", "correct"]
    list_filter = ["kind", "pending_state", "debit__currency"]
    search_fields = ["key", "memo", "id"]
    date_hierarchy = "created_at"
    list_select_related = [
        "debit__currency",
        "debit__owner",
        "debit__organisation",
        "credit__currency",
        "credit__owner",
        "credit__organisation",
    ]

    @admin.display(description=_("corrigeren"))
    def correct(self, obj: Transfer) -> str:
        if not obj.is_posting or obj.kind == Transfer.Kind.REVERSAL:
            return ""
        return format_html(
            '<a href="{}">{}</a>', reverse("exchange:reverse", args=[obj.pk]), _("Corrigeren")
        )


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "action", "actor", "transfer", "account"]
    list_filter = ["action"]
    date_hierarchy = "created_at"
    list_select_related = ["actor", "transfer", "account"]
