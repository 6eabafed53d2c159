"""Admin of the initiatives app: the editable lists (policy domains, departments) and a look
at initiatives. The phase and its history change through the site only, so that the history
stays in order and followers hear of it."""

from django.contrib import admin
from django.http import HttpRequest

from samenkracht.initiatives.models import (
    Contribution,
    Department,
    Expertise,
    Initiative,
    InitiativeMember,
    Partner,
    PartnerRole,
    PhaseChange,
    PolicyDomain,
    Resource,
)


@admin.register(PolicyDomain)
class PolicyDomainAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "is_active"]
    list_editable = ["position", "is_active"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "email"]
    list_filter = ["municipality"]


class PhaseChangeInline(admin.TabularInline):
    model = PhaseChange
    extra = 0
    can_delete = False
    fields = ["phase", "date", "note", "changed_by"]
    readonly_fields = ["phase", "date", "note", "changed_by"]

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class MemberInline(admin.TabularInline):
    model = InitiativeMember
    extra = 0
    raw_id_fields = ["user"]


class ResourceInline(admin.TabularInline):
    model = Resource
    extra = 0
    fields = ["direction", "kind", "description", "is_fulfilled"]


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "phase", "phase_since", "form"]
    list_filter = ["phase", "form", "municipality", "domains"]
    search_fields = ["name", "goal"]
    readonly_fields = ["phase", "phase_since", "created_by", "municipality"]
    filter_horizontal = ["domains", "neighbourhoods"]
    raw_id_fields = ["organisation"]
    inlines = [PhaseChangeInline, MemberInline, ResourceInline]


class PartnerRoleInline(admin.TabularInline):
    model = PartnerRole
    extra = 0
    can_delete = False


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["__str__", "initiative"]
    raw_id_fields = ["initiative", "organisation", "person", "added_by"]
    inlines = [PartnerRoleInline]


@admin.register(Expertise)
class ExpertiseAdmin(admin.ModelAdmin):
    list_display = ["user", "domain", "neighbourhood", "is_active"]
    list_filter = ["is_active", "domain"]
    raw_id_fields = ["user", "recognised_by"]


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):
    list_display = ["expertise", "initiative", "created_at"]
    raw_id_fields = ["expertise", "initiative", "request"]
