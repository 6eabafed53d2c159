"""Small builders the initiatives tests share."""

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from samenkracht.initiatives.models import Initiative, InitiativeMember
from samenkracht.people.tests.factories import (
    AdminFactory,
    OfficialFactory,
    ProfessionalFactory,
    ResidentFactory,
)

# Every kind of person the permission tests go through.
ROLES = [
    "anonymous",
    "resident",
    "volunteer",
    "member",
    "lead",
    "professional",
    "official",
    "admin",
]
EDITOR_ROLES = {"member", "lead", "admin"}


def person_in(initiative: Initiative, role: str) -> Any:
    """A saved person with `role` towards the initiative, or None for "anonymous"."""
    neighbourhood = initiative.neighbourhoods.order_by("pk").first()
    if role == "anonymous":
        return None
    if role == "professional":
        return ProfessionalFactory(work_neighbourhoods=[neighbourhood])
    if role == "official":
        return OfficialFactory(municipality=initiative.municipality)
    if role == "admin":
        return AdminFactory()
    user = ResidentFactory(neighbourhood=neighbourhood)
    member_roles = {
        "volunteer": InitiativeMember.Role.VOLUNTEER,
        "member": InitiativeMember.Role.MEMBER,
        "lead": InitiativeMember.Role.LEAD,
    }
    if role in member_roles:
        InitiativeMember.objects.create(initiative=initiative, user=user, role=member_roles[role])
    return user


def photo_upload(name: str = "foto.jpg", size: tuple[int, int] = (40, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def lead_of(initiative: Initiative) -> Any:
    return initiative.members.get(role=InitiativeMember.Role.LEAD).user
