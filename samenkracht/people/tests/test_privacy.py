"""Every model that refers to a person is in the personal-data register, and export and
deletion really cover what it holds."""

import json

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models

from samenkracht.common.privacy import is_registered, personal_data_entries
from samenkracht.people import services
from samenkracht.people.models import ActivationCode, ApiToken, ConsentRecord, Membership, User
from samenkracht.people.tests.factories import (
    MembershipFactory,
    NeighbourhoodFactory,
    ProfessionalFactory,
    ResidentFactory,
)

pytestmark = pytest.mark.django_db

# Framework tables that hold no personal data of ours or are handled elsewhere.
NOT_PERSONAL = {
    "admin.LogEntry": "beheerlog: wie in het beheer iets wijzigde; bewaard als verantwoording",
}


def _points_to_a_person(model: type[models.Model]) -> bool:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    if model is user_model:
        return True
    for field in model._meta.get_fields(include_hidden=False):
        if (
            field.is_relation
            and field.related_model is user_model
            and (field.many_to_one or field.one_to_one)
        ):
            return True
        # A many-to-many with its own through model is checked through that model.
        if (
            field.many_to_many
            and field.related_model is user_model
            and not field.auto_created
            and field.remote_field.through._meta.auto_created  # type: ignore[union-attr]
        ):
            return True
    return False


def test_every_model_with_a_link_to_a_person_is_registered():
    missing = [
        model._meta.label
        for model in apps.get_models()
        if _points_to_a_person(model)
        and not is_registered(model)
        and model._meta.label not in NOT_PERSONAL
    ]
    assert missing == []


def test_every_registered_section_name_is_unique():
    sections = [entry.section for entry in personal_data_entries()]
    assert len(sections) == len(set(sections))


def _person_with_everything() -> User:
    neighbourhood = NeighbourhoodFactory()
    professional = ProfessionalFactory(work_neighbourhoods=[neighbourhood])
    resident, _code = services.resident_register_on_behalf(
        professional=professional,
        first_name="Henk",
        last_name="de Boer",
        neighbourhood=neighbourhood,
    )
    services.profile_update(
        user=resident, about="Ik kook graag.", languages=["nl", "fy"], birth_year=1950
    )
    services.consent_set(user=resident, kind="contactable", is_given=True)
    services.api_token_create(user=resident, name="app")
    MembershipFactory(user=resident)
    return resident


def test_export_contains_every_section_and_is_json():
    person = _person_with_everything()
    data = services.user_data_export(user=person)
    assert set(data) >= {e.section for e in personal_data_entries()}
    assert data["profile"][0]["first_name"] == "Henk"
    assert data["profile"][0]["languages"] == ["nl", "fy"]
    assert data["consents"][0]["kind"] == "contactable"
    assert data["api_tokens"][0]["name"] == "app"
    assert len(data["memberships"]) == 1
    assert len(data["activation_codes"]) == 1
    json.dumps(data)


def test_delete_erases_personal_data_and_keeps_an_anonymous_row():
    # given
    person = _person_with_everything()
    registered = ResidentFactory(registered_by=person)
    # when
    services.user_delete(user=person)
    # then
    row = User.objects.get(pk=person.pk)
    assert (row.first_name, row.last_name, row.email, row.about, row.languages, row.birth_year) == (
        "",
        "",
        None,
        "",
        [],
        None,
    )
    assert row.username == f"verwijderd-{person.pk}"
    assert row.is_active is False
    assert row.is_deleted is True
    assert row.has_usable_password() is False
    for model in (ConsentRecord, ApiToken, ActivationCode, Membership):
        assert model.objects.filter(user_id=person.pk).exists() is False
    assert User.objects.get(pk=registered.pk).registered_by is None


def test_after_delete_the_export_holds_nothing_personal():
    person = _person_with_everything()
    services.user_delete(user=person)
    data = services.user_data_export(user=User.objects.get(pk=person.pk))
    text = json.dumps(data)
    assert "Henk" not in text
    assert "Ik kook graag" not in text


def test_delete_twice_is_harmless():
    person = ResidentFactory()
    services.user_delete(user=person)
    services.user_delete(user=person)
    assert User.objects.get(pk=person.pk).is_deleted is True


def test_deleting_the_last_admin_hands_the_organisation_to_another_member():
    # given
    admin = MembershipFactory(role=Membership.Role.ADMIN)
    organisation = admin.organisation
    member = MembershipFactory(organisation=organisation, role=Membership.Role.MEMBER)
    staff = MembershipFactory(organisation=organisation, role=Membership.Role.STAFF)
    # when
    services.user_delete(user=admin.user)
    # then
    assert Membership.objects.get(pk=staff.pk).role == Membership.Role.ADMIN
    assert Membership.objects.get(pk=member.pk).role == Membership.Role.MEMBER
    assert Membership.objects.filter(pk=admin.pk).exists() is False


@pytest.mark.django_db(transaction=True)
def test_queued_mails_are_exported_and_erased(settings):
    # given: the real database queue, not the inline one of the tests
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    person = ResidentFactory(email="mail@example.nl")
    services.user_email_change(user=person, email="nieuw@example.nl")
    # then: the confirmation mail waits in the queue with the address in it
    assert DBTaskResult.objects.count() == 1
    assert services.user_data_export(user=person)["queued_emails"][0]["subject"] == (
        "Bevestig uw e-mailadres"
    )
    # when
    services.user_delete(user=person)
    # then
    assert DBTaskResult.objects.exists() is False
