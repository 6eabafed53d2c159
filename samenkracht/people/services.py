"""Every write about people, neighbourhoods and organisations."""

import hashlib
import io
import secrets
import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.text import slugify
from django.utils.translation import gettext as _

from samenkracht.common.errors import ApplicationError
from samenkracht.common.privacy import personal_data_entries
from samenkracht.common.tasks import email_send_task
from samenkracht.core.cbs import MunicipalityRow
from samenkracht.core.codes import activation_code_new, activation_code_normalise
from samenkracht.people.models import (
    DEFAULT_DOMAIN_BY_KIND,
    ActivationCode,
    ApiToken,
    ConsentKind,
    ConsentRecord,
    District,
    Language,
    Membership,
    Municipality,
    Neighbourhood,
    Organisation,
    User,
)

EMAIL_CONFIRM_SALT = "samenkracht.people.email-confirm"


# --- registration and activation -------------------------------------------------------------


def _username_new(first_name: str, last_name: str) -> str:
    base = slugify(f"{first_name} {last_name[:1]}").replace("-", ".") or "bewoner"
    while True:
        candidate = f"{base[:40]}.{get_random_string(4, '23456789')}"
        if not User.objects.filter(username=candidate).exists():
            return candidate


def _email_normalise(email: str) -> str:
    return email.strip().lower()


def _email_check_free(email: str, *, exclude: User | None = None) -> None:
    qs = User.objects.filter(email__iexact=email)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    if qs.exists():
        raise ValidationError({"email": [_("Dit e-mailadres is al in gebruik.")]})


@transaction.atomic
def user_register(
    *,
    email: str,
    password: str,
    first_name: str,
    last_name: str,
    neighbourhood: Neighbourhood,
) -> User:
    """Register a resident by e-mail and password and send the confirmation mail."""
    from django.contrib.auth.password_validation import validate_password

    email = _email_normalise(email)
    _email_check_free(email)
    user = User(
        username=_username_new(first_name, last_name),
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        neighbourhood=neighbourhood,
        role=User.Role.RESIDENT,
    )
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    _user_insert(user)
    _email_confirmation_enqueue(user)
    return user


def _user_insert(user: User) -> None:
    # Two quick clicks on "register" both pass the e-mail check; the database decides.
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as error:
        raise ValidationError({"email": [_("Dit e-mailadres is al in gebruik.")]}) from error


def _email_confirmation_enqueue(user: User) -> None:
    subject, body = _email_confirmation_message(user)
    to = [user.email or ""]
    transaction.on_commit(lambda: email_send_task.enqueue(subject=subject, body=body, to=to))


def email_confirmation_token(*, user: User) -> str:
    return signing.dumps({"u": user.pk, "e": user.email}, salt=EMAIL_CONFIRM_SALT)


def _email_confirmation_message(user: User) -> tuple[str, str]:
    context = {
        "user": user,
        "token": email_confirmation_token(user=user),
        "base_url": settings.SAMENKRACHT_BASE_URL,
        "days": settings.SAMENKRACHT_EMAIL_CONFIRM_DAYS,
    }
    return _("Bevestig uw e-mailadres"), render_to_string("people/email/confirm_email.txt", context)


def email_confirmation_resend(*, user: User) -> None:
    """Send the confirmation link again, e.g. when the first mail got lost."""
    if user.email and not user.is_deleted and user.email_confirmed_at is None:
        _email_confirmation_enqueue(user)


@transaction.atomic
def user_email_confirm(*, token: str) -> User:
    """Mark the e-mail address in a confirmation link as confirmed."""
    max_age = timedelta(days=settings.SAMENKRACHT_EMAIL_CONFIRM_DAYS)
    try:
        data = signing.loads(token, salt=EMAIL_CONFIRM_SALT, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise ApplicationError(_("Deze link is verlopen. Vraag een nieuwe aan.")) from exc
    except signing.BadSignature as exc:
        raise ApplicationError(_("Deze link klopt niet.")) from exc
    user = User.objects.select_for_update().filter(pk=data.get("u"), email=data.get("e")).first()
    if user is None or user.is_deleted:
        raise ApplicationError(_("Deze link klopt niet."))
    if user.email_confirmed_at is None:
        user.email_confirmed_at = timezone.now()
        user.save(update_fields=["email_confirmed_at"])
    return user


@transaction.atomic
def resident_register_on_behalf(
    *,
    professional: User,
    first_name: str,
    last_name: str,
    neighbourhood: Neighbourhood,
    birth_year: int | None = None,
    email: str = "",
) -> tuple[User, str]:
    """Register a resident who has no e-mail (or needs help) and return the letter's code.

    The resident gets no password; they choose one with the one-time code from a
    printed letter. Only the code's hash is stored.
    """
    if not first_name.strip() or not last_name.strip():
        raise ValidationError({"first_name": [_("Vul de voornaam en achternaam in.")]})
    email = _email_normalise(email) if email else ""
    if email:
        _email_check_free(email)
    user = User(
        username=_username_new(first_name, last_name),
        email=email or None,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        neighbourhood=neighbourhood,
        birth_year=birth_year,
        role=User.Role.RESIDENT,
        registered_by=professional,
    )
    user.set_unusable_password()
    user.full_clean()
    _user_insert(user)
    code = activation_code_issue(user=user, issued_by=professional)
    return user, code


@transaction.atomic
def activation_code_issue(*, user: User, issued_by: User | None) -> str:
    """Issue a new one-time code for `user`; earlier unused codes stop working."""
    now = timezone.now()
    ActivationCode.objects.filter(user=user, used_at__isnull=True).update(expires_at=now)
    code = activation_code_new()
    ActivationCode.objects.create(
        user=user,
        code_hash=make_password(code),
        created_by=issued_by,
        expires_at=now + timedelta(days=settings.SAMENKRACHT_ACTIVATION_DAYS),
    )
    return code


@transaction.atomic
def user_activate(*, username: str, code: str, password: str) -> User:
    """Activate an account with the letter's code and set the chosen password."""
    from django.contrib.auth.password_validation import validate_password

    wrong = ApplicationError(_("De gebruikersnaam of de code klopt niet, of de code is verlopen."))
    user = User.objects.select_for_update().filter(username__iexact=username.strip()).first()
    if user is None or user.is_deleted:
        raise wrong
    now = timezone.now()
    typed = activation_code_normalise(code)
    candidate = next(
        (
            activation
            for activation in ActivationCode.objects.filter(
                user=user, used_at__isnull=True, expires_at__gt=now
            )
            if check_password(typed, activation.code_hash)
        ),
        None,
    )
    if candidate is None:
        raise wrong
    validate_password(password, user)
    user.set_password(password)
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    candidate.used_at = now
    candidate.save(update_fields=["used_at", "updated_at"])
    return user


# --- profile and consent ---------------------------------------------------------------------

PROFILE_FIELDS = frozenset(
    {
        "first_name",
        "last_name",
        "show_full_name",
        "neighbourhood",
        "birth_year",
        "about",
        "languages",
        "photo",
    }
)


def _languages_check(languages: list[str]) -> list[str]:
    known = set(Language.values)
    unknown = [code for code in languages if code not in known]
    if unknown:
        raise ValidationError({"languages": [_("Onbekende taal: %s") % ", ".join(unknown)]})
    return list(dict.fromkeys(languages))


@transaction.atomic
def profile_update(*, user: User, **changes: Any) -> User:
    """Change profile fields; unknown fields and invalid values are refused whole."""
    unknown = set(changes) - PROFILE_FIELDS
    if unknown:
        raise ApplicationError(
            _("Deze velden kunnen niet worden gewijzigd: %s") % ", ".join(sorted(unknown))
        )
    if "languages" in changes:
        changes["languages"] = _languages_check(list(changes["languages"] or []))
    old_photo = user.photo.name if user.photo else ""
    if changes.get("photo"):
        changes["photo"] = _photo_clean(changes["photo"])
    for field, value in changes.items():
        if field in {"first_name", "last_name", "about"} and isinstance(value, str):
            value = value.strip()
        setattr(user, field, value)
    if "photo" in changes and not changes["photo"]:
        user.photo = ""
    _profile_check(user, changes)
    user.full_clean(exclude=["password"])
    user.save(update_fields=sorted(changes))
    if "photo" in changes and old_photo and old_photo != user.photo.name:
        storage = user.photo.storage
        transaction.on_commit(lambda: storage.delete(old_photo))
    return user


PHOTO_MAX_PIXELS = 800


def _photo_clean(upload: Any) -> ContentFile[bytes]:
    """Re-encode a photo: this drops EXIF data such as where it was taken, and limits its size."""
    from PIL import Image, UnidentifiedImageError

    if hasattr(upload, "seek"):
        upload.seek(0)  # a form's ImageField has already read the file
    try:
        with Image.open(upload) as original:
            original.load()
            has_alpha = original.mode in {"RGBA", "LA", "P"}
            image = original.convert("RGBA" if has_alpha else "RGB")
            image.thumbnail((PHOTO_MAX_PIXELS, PHOTO_MAX_PIXELS))
            buffer = io.BytesIO()
            image.save(buffer, format="PNG" if has_alpha else "JPEG", quality=85)
    except (UnidentifiedImageError, OSError, ValueError) as error:
        raise ValidationError(
            {"photo": [_("Dit bestand is geen foto. Kies een JPG- of PNG-bestand.")]}
        ) from error
    extension = "png" if has_alpha else "jpg"
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")


def photo_reencode(upload: Any) -> ContentFile[bytes]:
    """Re-encode an uploaded photo for another app (proposals, milestones) as profiles do."""
    return _photo_clean(upload)


def _profile_check(user: User, changes: dict[str, Any]) -> None:
    if "first_name" in changes and not user.first_name:
        raise ValidationError({"first_name": [_("Vul uw voornaam in.")]})
    if "neighbourhood" in changes and user.neighbourhood is not None:
        served = settings.SAMENKRACHT_MUNICIPALITY_CODE
        if user.neighbourhood.district.municipality.code != served:
            raise ValidationError(
                {"neighbourhood": [_("Kies een buurt in de gemeente van dit platform.")]}
            )


@transaction.atomic
def user_email_change(*, user: User, email: str) -> User:
    """Change the e-mail address; it must be confirmed again."""
    email = _email_normalise(email)
    if email == (user.email or ""):
        return user
    _email_check_free(email, exclude=user)
    user.email = email
    user.email_confirmed_at = None
    user.full_clean(exclude=["password"])
    user.save(update_fields=["email", "email_confirmed_at"])
    _email_confirmation_enqueue(user)
    return user


@transaction.atomic
def consent_set(*, user: User, kind: str, is_given: bool) -> ConsentRecord:
    """Record a decision about a consent; history is kept."""
    if kind not in ConsentKind.values:
        raise ValidationError({"kind": [_("Onbekende toestemming.")]})
    record = ConsentRecord(user=user, kind=kind, is_given=is_given)
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def consents_set(*, user: User, decisions: dict[str, bool]) -> list[ConsentRecord]:
    """Record several consent decisions at once: all of them or none."""
    return [
        consent_set(user=user, kind=kind, is_given=is_given) for kind, is_given in decisions.items()
    ]


# --- export and deletion ---------------------------------------------------------------------


def user_data_export(*, user: User) -> dict[str, Any]:
    """Return everything the platform holds about `user`, section by section."""
    data: dict[str, Any] = {
        "format": "samenkracht-export-1",
        "exported_at": timezone.now().isoformat(),
    }
    for entry in personal_data_entries():
        data[entry.section] = entry.export(user)
    return data


@transaction.atomic
def user_delete(*, user: User) -> None:
    """Erase or anonymise everything about `user`; what others need stays, without them."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_deleted:
        return
    for entry in personal_data_entries():
        entry.erase(user)


# --- organisations ---------------------------------------------------------------------------


# Paths under /organisaties/ that a slug must not take.
RESERVED_ORGANISATION_SLUGS = frozenset({"nieuw"})


def _slug_new(name: str) -> str:
    base = slugify(name)[:200] or "organisatie"
    if base in RESERVED_ORGANISATION_SLUGS:
        base = f"{base}-organisatie"
    slug, number = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def organisation_create(
    *,
    created_by: User | None,
    name: str,
    kind: str,
    municipality: Municipality,
    domain: str = "",
    description: str = "",
    website: str = "",
    email: str = "",
    phone: str = "",
    neighbourhood: Neighbourhood | None = None,
) -> Organisation:
    """Create an organisation; its creator becomes its first admin."""
    if kind not in Organisation.Kind.values:
        raise ValidationError({"kind": [_("Kies een soort organisatie.")]})
    organisation = Organisation(
        name=name.strip(),
        slug=_slug_new(name),
        kind=kind,
        domain=domain or DEFAULT_DOMAIN_BY_KIND[Organisation.Kind(kind)],
        description=description.strip(),
        website=website,
        email=email,
        phone=phone,
        municipality=municipality,
        neighbourhood=neighbourhood,
    )
    organisation.full_clean()
    organisation.save()
    if created_by is not None:
        Membership.objects.create(
            organisation=organisation, user=created_by, role=Membership.Role.ADMIN
        )
    return organisation


@transaction.atomic
def organisation_update(*, organisation: Organisation, **changes: Any) -> Organisation:
    allowed = {
        "name",
        "kind",
        "domain",
        "description",
        "website",
        "email",
        "phone",
        "neighbourhood",
    }
    unknown = set(changes) - allowed
    if unknown:
        raise ApplicationError(
            _("Deze velden kunnen niet worden gewijzigd: %s") % ", ".join(sorted(unknown))
        )
    for field, value in changes.items():
        setattr(organisation, field, value.strip() if isinstance(value, str) else value)
    organisation.full_clean()
    organisation.save(update_fields=[*sorted(changes), "updated_at"])
    return organisation


@transaction.atomic
def membership_set(*, organisation: Organisation, user: User, role: str) -> Membership:
    """Add a member or change their role."""
    if role not in Membership.Role.values:
        raise ValidationError({"role": [_("Kies een rol.")]})
    if user.is_deleted or not user.is_active:
        raise ApplicationError(_("Deze persoon kan geen lid worden."))
    membership, _created = Membership.objects.get_or_create(
        organisation=organisation, user=user, defaults={"role": role}
    )
    if membership.role != role:
        _last_admin_check(membership, new_role=role)
        membership.role = role
        membership.save(update_fields=["role", "updated_at"])
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    _last_admin_check(membership, new_role=None)
    membership.delete()


def _last_admin_check(membership: Membership, *, new_role: str | None) -> None:
    if membership.role != Membership.Role.ADMIN or new_role == Membership.Role.ADMIN:
        return
    admins = Membership.objects.filter(
        organisation_id=membership.organisation_id, role=Membership.Role.ADMIN
    )
    if admins.count() <= 1:
        raise ApplicationError(_("Een organisatie houdt minstens één beheerder."))


@transaction.atomic
def professional_neighbourhoods_set(
    *, professional: User, neighbourhoods: list[Neighbourhood]
) -> User:
    if professional.role != User.Role.PROFESSIONAL:
        raise ApplicationError(_("Alleen professionals hebben een werkgebied."))
    professional.work_neighbourhoods.set(neighbourhoods)
    return professional


# --- API tokens ------------------------------------------------------------------------------


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create an API key and return it with its raw value, which is shown only once."""
    if not name.strip():
        raise ValidationError({"name": [_("Geef de sleutel een naam.")]})
    raw_key = "sk_" + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name.strip()[:100],
        prefix=raw_key[:8],
        key_hash=hashlib.sha256(raw_key.encode()).hexdigest(),
    )
    token.full_clean()
    token.save()
    return token, raw_key


@transaction.atomic
def api_token_revoke(*, user: User, token_id: Any) -> None:
    deleted, _rows = ApiToken.objects.filter(user=user, pk=token_id).delete()
    if not deleted:
        raise ApplicationError(_("Deze sleutel bestaat niet."))


API_TOKEN_TOUCH_INTERVAL = timedelta(minutes=5)


def api_token_touch(*, token: ApiToken) -> None:
    """Record that a key was used; at most every few minutes, so reads stay reads."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > API_TOKEN_TOUCH_INTERVAL:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


# --- neighbourhoods --------------------------------------------------------------------------


@transaction.atomic
def neighbourhoods_import(*, municipalities: dict[str, MunicipalityRow]) -> dict[str, int]:
    """Create or update municipalities, districts and neighbourhoods by their CBS codes.

    Codes are the identity: a renamed buurt keeps its residents. Nothing is deleted,
    because people may still live in a neighbourhood that a newer table no longer has.
    """
    counts = {"municipalities": 0, "districts": 0, "neighbourhoods": 0}
    for municipality_row in municipalities.values():
        municipality, _created = Municipality.objects.update_or_create(
            code=municipality_row.code, defaults={"name": municipality_row.name}
        )
        counts["municipalities"] += 1
        for district_row in municipality_row.districts.values():
            point = district_row.point
            district, _created = District.objects.update_or_create(
                code=district_row.code,
                defaults={
                    "name": district_row.name,
                    "municipality": municipality,
                    "latitude": point.lat,
                    "longitude": point.lon,
                },
            )
            counts["districts"] += 1
            existing = {n.code: n for n in Neighbourhood.objects.filter(district=district)}
            new, changed = [], []
            for row in district_row.neighbourhoods:
                values = {"name": row.name, "latitude": row.point.lat, "longitude": row.point.lon}
                current = (
                    existing.get(row.code) or Neighbourhood.objects.filter(code=row.code).first()
                )
                if current is None:
                    new.append(Neighbourhood(code=row.code, district=district, **values))
                    continue
                for field, value in {**values, "district": district}.items():
                    setattr(current, field, value)
                changed.append(current)
            Neighbourhood.objects.bulk_create(new)
            Neighbourhood.objects.bulk_update(
                changed, ["name", "latitude", "longitude", "district"]
            )
            counts["neighbourhoods"] += len(new) + len(changed)
    return counts
