from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from samenkracht.people.models import (
    ActivationCode,
    ApiToken,
    ConsentRecord,
    District,
    Household,
    Membership,
    Municipality,
    Neighbourhood,
    Organisation,
    User,
)
from samenkracht.people.services import user_delete


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "municipality"]
    list_filter = ["municipality"]
    search_fields = ["code", "name"]


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "district"]
    list_filter = ["district__municipality", "district"]
    search_fields = ["code", "name"]
    list_select_related = ["district"]


@admin.register(Household)
class HouseholdAdmin(admin.ModelAdmin):
    list_display = ["id", "neighbourhood"]
    list_select_related = ["neighbourhood"]
    raw_id_fields = ["neighbourhood"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "domain", "municipality"]
    list_filter = ["domain", "kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]
    raw_id_fields = ["neighbourhood"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = [
        "username",
        "email",
        "first_name",
        "last_name",
        "role",
        "neighbourhood",
        "is_active",
    ]
    list_filter = ["role", "is_active", "is_staff"]
    search_fields = ["username", "email", "first_name", "last_name"]
    ordering = ["username"]
    raw_id_fields = ["neighbourhood", "household", "registered_by"]
    filter_horizontal = ["work_neighbourhoods", "groups", "user_permissions"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (
            _("Persoonlijk"),
            {
                "fields": (
                    "first_name",
                    "last_name",
                    "show_full_name",
                    "email",
                    "email_confirmed_at",
                    "birth_year",
                    "about",
                    "photo",
                    "languages",
                )
            },
        ),
        (
            _("Rol en plaats"),
            {
                "fields": (
                    "role",
                    "neighbourhood",
                    "household",
                    "municipality",
                    "work_neighbourhoods",
                    "registered_by",
                )
            },
        ),
        (
            _("Rechten"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Data"), {"fields": ("last_login", "date_joined", "deleted_at")}),
    )
    actions = ["delete_selected_people"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    # Deleting a person is the same erasure as "delete my account": never a raw row delete,
    # which would take others' history (ledger, votes) with it.
    def delete_model(self, request, obj):
        user_delete(user=obj)

    def delete_queryset(self, request, queryset):
        for person in queryset:
            user_delete(user=person)

    @admin.action(description=_("Geselecteerde personen verwijderen (gegevens wissen)"))
    def delete_selected_people(self, request, queryset):
        self.delete_queryset(request, queryset)

    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "password1", "password2", "role")}),
    )


@admin.register(ConsentRecord)
class ConsentRecordAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "is_given", "created_at"]
    list_filter = ["kind", "is_given"]
    raw_id_fields = ["user"]

    # Consent history is evidence: it is never edited or removed by hand.
    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at"]
    readonly_fields = ["prefix", "key_hash", "last_used_at"]
    raw_id_fields = ["user"]


@admin.register(ActivationCode)
class ActivationCodeAdmin(admin.ModelAdmin):
    list_display = ["user", "created_by", "expires_at", "used_at"]
    readonly_fields = ["code_hash"]
    raw_id_fields = ["user", "created_by"]
