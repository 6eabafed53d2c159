"""The login backend: who may sign in, and how the signed-in person is read per request."""

from datetime import UTC, datetime

import pytest

from samenkracht.people.backends import EmailOrUsernameBackend
from samenkracht.people.models import User
from samenkracht.people.tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db


def test_the_person_of_a_request_comes_out_as_the_orm_gives_it():
    # given: a person with a value in every kind of column (dates, booleans, lists, links)
    resident = ResidentFactory(
        birth_year=1948,
        about="Ik help graag met de tuin.",
        languages=["nl", "en"],
        last_login=datetime(2026, 3, 1, 9, 30, tzinfo=UTC),
        email_confirmed_at=datetime(2026, 2, 1, 8, 0, tzinfo=UTC),
    )
    # when
    found = EmailOrUsernameBackend().get_user(str(resident.pk))
    # then: every field equal to the ORM's reading, aware datetimes included
    expected = User.objects.get(pk=resident.pk)
    assert isinstance(found, User)
    for field in User._meta.concrete_fields:
        assert getattr(found, field.attname) == getattr(expected, field.attname), field.name
    assert found.last_login is not None
    assert found.last_login.tzinfo is not None
    assert found.get_session_auth_hash() == expected.get_session_auth_hash()


@pytest.mark.parametrize("user_id", ["999999", "", "abc", None, "1; DROP TABLE people_user"])
def test_an_unknown_or_malformed_id_gives_nobody(user_id):
    ResidentFactory()
    assert EmailOrUsernameBackend().get_user(user_id) is None


def test_a_deactivated_person_is_nobody():
    resident = ResidentFactory(is_active=False)
    assert EmailOrUsernameBackend().get_user(str(resident.pk)) is None
