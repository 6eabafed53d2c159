"""What the people app holds about a person, and how it is exported and erased."""

from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.utils import timezone

from samenkracht.common.privacy import personal_data_register
from samenkracht.people.models import ActivationCode, ApiToken, ConsentRecord, Membership, User


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def _profile_export(user: User) -> list[dict[str, Any]]:
    return [
        {
            "username": user.username,
            "email": user.email,
            "email_confirmed_at": _iso(user.email_confirmed_at),
            "first_name": user.first_name,
            "last_name": user.last_name,
            "show_full_name": user.show_full_name,
            "public_name": user.public_name,
            "role": user.role,
            "neighbourhood": user.neighbourhood.code if user.neighbourhood else None,
            "municipality": user.municipality.code if user.municipality else None,
            "work_neighbourhoods": sorted(n.code for n in user.work_neighbourhoods.all()),
            "household": user.household_id,
            "birth_year": user.birth_year,
            "about": user.about,
            "photo": user.photo.name or None,
            "languages": user.languages,
            "registered_by": user.registered_by.public_name if user.registered_by else None,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
        }
    ]


def _profile_erase(user: User) -> None:
    # The row stays so that what others need (ledger history, counted votes) keeps its
    # reference; nothing in it points to the person any more.
    if user.photo:
        user.photo.delete(save=False)
    user.work_neighbourhoods.clear()
    user.groups.clear()
    user.user_permissions.clear()
    user.username = f"verwijderd-{user.pk}"
    user.email = None
    user.email_confirmed_at = None
    user.first_name = ""
    user.last_name = ""
    user.show_full_name = False
    user.about = ""
    user.photo = ""
    user.languages = []
    user.birth_year = None
    user.household = None
    user.neighbourhood = None
    user.municipality = None
    user.registered_by = None
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.last_login = None
    user.deleted_at = timezone.now()
    user.set_unusable_password()
    user.save()
    User.objects.filter(registered_by=user).update(registered_by=None)


def _consents_export(user: User) -> list[dict[str, Any]]:
    return [
        {"kind": r.kind, "is_given": r.is_given, "decided_at": _iso(r.created_at)}
        for r in ConsentRecord.objects.filter(user=user).order_by("created_at", "id")
    ]


def _activation_export(user: User) -> list[dict[str, Any]]:
    return [
        {
            "created_at": _iso(a.created_at),
            "expires_at": _iso(a.expires_at),
            "used_at": _iso(a.used_at),
        }
        for a in ActivationCode.objects.filter(user=user).order_by("created_at")
    ]


def _tokens_export(user: User) -> list[dict[str, Any]]:
    return [
        {
            "name": t.name,
            "prefix": t.prefix,
            "created_at": _iso(t.created_at),
            "last_used_at": _iso(t.last_used_at),
        }
        for t in ApiToken.objects.filter(user=user).order_by("created_at")
    ]


def _memberships_export(user: User) -> list[dict[str, Any]]:
    return [
        {"organisation": m.organisation.name, "role": m.role, "since": _iso(m.created_at)}
        for m in Membership.objects.filter(user=user).select_related("organisation")
    ]


def _memberships_erase(user: User) -> None:
    # An organisation never loses its last admin: the longest-serving other member,
    # staff before volunteers and members, takes over.
    role_order = {Membership.Role.STAFF: 0, Membership.Role.VOLUNTEER: 1, Membership.Role.MEMBER: 2}
    for membership in Membership.objects.filter(user=user, role=Membership.Role.ADMIN):
        others = Membership.objects.filter(organisation_id=membership.organisation_id).exclude(
            user=user
        )
        if others.filter(role=Membership.Role.ADMIN).exists():
            continue
        successor = min(
            others.order_by("created_at", "id"),
            key=lambda m: role_order.get(Membership.Role(m.role), 3),
            default=None,
        )
        if successor is not None:
            successor.role = Membership.Role.ADMIN
            successor.save(update_fields=["role", "updated_at"])
    Membership.objects.filter(user=user).delete()


def _login_attempts_export(user: User) -> list[dict[str, Any]]:
    return [
        {"at": _iso(a.attempt_time), "ip_address": a.ip_address, "failures": a.failures_since_start}
        for a in AccessAttempt.objects.filter(username=user.username)
    ] + [
        {
            "at": _iso(log.attempt_time),
            "ip_address": log.ip_address,
            "logout": _iso(log.logout_time),
        }
        for log in AccessLog.objects.filter(username=user.username)
    ]


def _login_attempts_erase(user: User) -> None:
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username=user.username).delete()


def _delete_rows(model: Any) -> Any:
    def erase(user: User) -> None:
        model.objects.filter(user=user).delete()

    return erase


personal_data_register(
    ConsentRecord, section="consents", export=_consents_export, erase=_delete_rows(ConsentRecord)
)
personal_data_register(
    ActivationCode,
    section="activation_codes",
    export=_activation_export,
    erase=_delete_rows(ActivationCode),
)
personal_data_register(
    ApiToken, section="api_tokens", export=_tokens_export, erase=_delete_rows(ApiToken)
)
personal_data_register(
    Membership, section="memberships", export=_memberships_export, erase=_memberships_erase
)
personal_data_register(
    AccessAttempt,
    section="login_attempts",
    export=_login_attempts_export,
    erase=_login_attempts_erase,
)
personal_data_register(
    User,
    section="profile",
    export=_profile_export,
    erase=_profile_erase,
    is_erased_last=True,
    retention="Het lege account blijft bestaan zodat geschiedenis van anderen klopt.",
)
