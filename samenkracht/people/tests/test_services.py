import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from samenkracht.common.errors import ApplicationError
from samenkracht.people import services
from samenkracht.people.models import ActivationCode, ConsentRecord, Membership, Organisation, User
from samenkracht.people.selectors import consent_current
from samenkracht.people.tests.factories import (
    PASSWORD,
    MembershipFactory,
    MunicipalityFactory,
    NeighbourhoodFactory,
    ProfessionalFactory,
    ResidentFactory,
)

pytestmark = pytest.mark.django_db


def _confirm_link(body: str) -> str:
    match = re.search(r"/account/bevestigen/([^/\s]+)/", body)
    assert match is not None
    return match.group(1)


def test_user_register_creates_resident_and_mails_confirmation(django_capture_on_commit_callbacks):
    # given
    neighbourhood = NeighbourhoodFactory()
    # when
    with django_capture_on_commit_callbacks(execute=True):
        user = services.user_register(
            email=" Anna@Example.NL ",
            password=PASSWORD,
            first_name="Anna",
            last_name="de Vries",
            neighbourhood=neighbourhood,
        )
    # then
    assert user.email == "anna@example.nl"
    assert user.role == User.Role.RESIDENT
    assert user.email_confirmed_at is None
    assert user.check_password(PASSWORD) is True
    assert [m.to for m in mail.outbox] == [["anna@example.nl"]]
    assert mail.outbox[0].subject == "Bevestig uw e-mailadres"


def test_user_register_refuses_an_email_in_use_and_writes_nothing():
    # given
    existing = ResidentFactory(email="anna@example.nl")
    # when
    with pytest.raises(ValidationError) as error:
        services.user_register(
            email="ANNA@example.nl",
            password=PASSWORD,
            first_name="Anna",
            last_name="Bakker",
            neighbourhood=existing.neighbourhood,
        )
    # then
    assert error.value.message_dict == {"email": ["Dit e-mailadres is al in gebruik."]}
    assert User.objects.count() == 1


def test_user_register_refuses_a_weak_password():
    neighbourhood = NeighbourhoodFactory()
    with pytest.raises(ValidationError):
        services.user_register(
            email="piet@example.nl",
            password="12345678",
            first_name="Piet",
            last_name="Smit",
            neighbourhood=neighbourhood,
        )
    assert User.objects.exists() is False


def test_user_email_confirm_marks_address_confirmed(django_capture_on_commit_callbacks):
    # given
    neighbourhood = NeighbourhoodFactory()
    with django_capture_on_commit_callbacks(execute=True):
        user = services.user_register(
            email="kees@example.nl",
            password=PASSWORD,
            first_name="Kees",
            last_name="Jong",
            neighbourhood=neighbourhood,
        )
    token = _confirm_link(str(mail.outbox[0].body))
    # when
    confirmed = services.user_email_confirm(token=token)
    # then
    assert confirmed.pk == user.pk
    assert User.objects.get(pk=user.pk).email_confirmed_at is not None


def test_user_email_confirm_refuses_a_tampered_token():
    with pytest.raises(ApplicationError) as error:
        services.user_email_confirm(token="nep:token")
    assert error.value.message == "Deze link klopt niet."


def test_user_email_confirm_refuses_a_token_for_an_old_address(django_capture_on_commit_callbacks):
    # given: the address changed after the mail was sent
    user = ResidentFactory(email="oud@example.nl")
    token = services.email_confirmation_token(user=user)
    services.user_email_change(user=user, email="nieuw@example.nl")
    # when / then
    with pytest.raises(ApplicationError):
        services.user_email_confirm(token=token)
    assert User.objects.get(pk=user.pk).email_confirmed_at is None


def test_resident_register_on_behalf_then_activate_with_letter_code():
    # given
    neighbourhood = NeighbourhoodFactory()
    professional = ProfessionalFactory(work_neighbourhoods=[neighbourhood])
    # when
    resident, code = services.resident_register_on_behalf(
        professional=professional,
        first_name="Gerrit",
        last_name="Hendriks",
        neighbourhood=neighbourhood,
    )
    # then: no password yet, only the code's hash is stored
    assert resident.has_usable_password() is False
    assert resident.email is None
    assert resident.registered_by == professional
    stored = ActivationCode.objects.get(user=resident)
    assert code not in stored.code_hash
    # when the resident activates
    activated = services.user_activate(
        username=resident.username, code=code.lower(), password=PASSWORD
    )
    # then
    assert activated.check_password(PASSWORD) is True
    assert ActivationCode.objects.get(user=resident).used_at is not None


def test_activation_code_works_only_once():
    neighbourhood = NeighbourhoodFactory()
    professional = ProfessionalFactory(work_neighbourhoods=[neighbourhood])
    resident, code = services.resident_register_on_behalf(
        professional=professional,
        first_name="Gerrit",
        last_name="Hendriks",
        neighbourhood=neighbourhood,
    )
    services.user_activate(username=resident.username, code=code, password=PASSWORD)
    with pytest.raises(ApplicationError):
        services.user_activate(
            username=resident.username, code=code, password="Ander-Wachtwoord-99"
        )
    assert User.objects.get(pk=resident.pk).check_password(PASSWORD) is True


def test_a_new_letter_code_invalidates_the_old_one():
    neighbourhood = NeighbourhoodFactory()
    professional = ProfessionalFactory(work_neighbourhoods=[neighbourhood])
    resident, old_code = services.resident_register_on_behalf(
        professional=professional,
        first_name="Gerrit",
        last_name="Hendriks",
        neighbourhood=neighbourhood,
    )
    new_code = services.activation_code_issue(user=resident, issued_by=professional)
    with pytest.raises(ApplicationError):
        services.user_activate(username=resident.username, code=old_code, password=PASSWORD)
    assert (
        services.user_activate(username=resident.username, code=new_code, password=PASSWORD).pk
        == resident.pk
    )


def test_activate_with_wrong_code_changes_nothing():
    neighbourhood = NeighbourhoodFactory()
    professional = ProfessionalFactory(work_neighbourhoods=[neighbourhood])
    resident, _code = services.resident_register_on_behalf(
        professional=professional,
        first_name="Gerrit",
        last_name="Hendriks",
        neighbourhood=neighbourhood,
    )
    with pytest.raises(ApplicationError) as error:
        services.user_activate(username=resident.username, code="AAAA-BBBB-CCCC", password=PASSWORD)
    assert error.value.message == "De gebruikersnaam of de code klopt niet, of de code is verlopen."
    assert User.objects.get(pk=resident.pk).has_usable_password() is False


def test_profile_update_changes_allowed_fields():
    user = ResidentFactory(first_name="Jan", last_name="Jansen")
    services.profile_update(
        user=user, about="  Ik fiets graag.  ", languages=["nl", "tr", "nl"], show_full_name=True
    )
    user.refresh_from_db()
    assert (user.about, user.languages, user.public_name) == (
        "Ik fiets graag.",
        ["nl", "tr"],
        "Jan Jansen",
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"languages": ["xx"]}, "languages"),
        ({"about": "x" * 501}, "about"),
        ({"birth_year": 1800}, "birth_year"),
        ({"first_name": "a" * 101}, "first_name"),
    ],
)
def test_profile_update_refuses_bad_values_and_writes_nothing(changes, field):
    user = ResidentFactory(about="Oud", languages=["nl"], birth_year=1970, first_name="Jan")
    with pytest.raises(ValidationError) as error:
        services.profile_update(user=user, **changes)
    assert field in error.value.message_dict
    stored = User.objects.get(pk=user.pk)
    assert (stored.about, stored.languages, stored.birth_year, stored.first_name) == (
        "Oud",
        ["nl"],
        1970,
        "Jan",
    )


def test_profile_update_refuses_fields_that_are_not_part_of_the_profile():
    user = ResidentFactory()
    with pytest.raises(ApplicationError):
        services.profile_update(user=user, role=User.Role.ADMIN)
    assert User.objects.get(pk=user.pk).role == User.Role.RESIDENT


def test_consent_set_keeps_history_and_current_state_is_latest():
    user = ResidentFactory()
    services.consent_set(user=user, kind="contactable", is_given=True)
    services.consent_set(user=user, kind="contactable", is_given=False)
    states = {s.kind: s.is_given for s in consent_current(user=user)}
    assert states == {"contactable": False, "network_analysis": False, "wellbeing": False}
    assert ConsentRecord.objects.filter(user=user).count() == 2


def test_consent_set_refuses_unknown_kind():
    user = ResidentFactory()
    with pytest.raises(ValidationError):
        services.consent_set(user=user, kind="marketing", is_given=True)
    assert ConsentRecord.objects.exists() is False


def test_organisation_create_makes_creator_admin_and_sets_domain_from_kind():
    user = ResidentFactory()
    organisation = services.organisation_create(
        created_by=user,
        name="Bakkerij Het Zoete Brood",
        kind="business",
        municipality=MunicipalityFactory(),
    )
    assert organisation.domain == Organisation.Domain.ONDERNEMING
    assert organisation.slug == "bakkerij-het-zoete-brood"
    assert Membership.objects.get(organisation=organisation).role == Membership.Role.ADMIN


def test_last_admin_cannot_leave_or_be_demoted():
    membership = MembershipFactory(role=Membership.Role.ADMIN)
    with pytest.raises(ApplicationError):
        services.membership_set(
            organisation=membership.organisation, user=membership.user, role="member"
        )
    with pytest.raises(ApplicationError):
        services.membership_remove(membership=membership)
    assert Membership.objects.get(pk=membership.pk).role == Membership.Role.ADMIN


def test_api_token_create_stores_only_a_hash():
    user = ResidentFactory()
    token, raw = services.api_token_create(user=user, name="Mijn app")
    assert raw.startswith("sk_")
    assert raw not in token.key_hash
    assert token.prefix == raw[:8]
