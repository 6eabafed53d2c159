from django.contrib import admin

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
    list_display = ["id", "reporter", "reported", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["reporter", "reported", "contact", "message", "handled_by"]


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    list_display = ["contact", "respondent", "result", "reason", "created_at"]
    list_filter = ["result", "reason"]
    raw_id_fields = ["contact", "respondent"]


admin.site.register(Block, raw_id_fields=["blocker", "blocked"])
admin.site.register(
    Notification, list_display=["user", "kind", "text", "read_at"], raw_id_fields=["user"]
)
admin.site.register(DigestPreference, raw_id_fields=["user"])
