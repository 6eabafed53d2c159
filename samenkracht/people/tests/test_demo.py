from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.test import RequestFactory
from django.utils import timezone

from samenkracht.people.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, demo_generate
from samenkracht.people.models import (
    ConsentRecord,
    Household,
    Membership,
    Neighbourhood,
    Organisation,
    User,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def neighbourhoods():
    call_command("import_neighbourhoods", "--builtin", stdout=StringIO())
    return list(Neighbourhood.objects.order_by("code"))


def _people() -> list[tuple[str, str, str, str | None, int | None]]:
    return list(
        User.objects.order_by("pk").values_list(
            "username", "first_name", "last_name", "neighbourhood__code", "birth_year"
        )
    )


def _wipe() -> None:
    Organisation.objects.all().delete()
    User.objects.all().delete()
    Household.objects.all().delete()


def test_same_seed_gives_same_people_and_another_seed_others(neighbourhoods):
    # given
    demo_generate(residents=200, seed=7)
    first = _people()
    _wipe()

    # when
    demo_generate(residents=200, seed=7)
    again = _people()
    _wipe()
    demo_generate(residents=200, seed=8)
    other = _people()

    # then
    assert again == first
    assert other != first
    assert {row[0] for row in other} != {row[0] for row in first}


def test_generates_residents_in_households_of_one_to_five_adults(neighbourhoods):
    # when
    counts = demo_generate(residents=200, seed=1)

    # then
    residents = User.objects.filter(role=User.Role.RESIDENT)
    assert residents.count() == 200
    assert counts.residents == 200
    sizes = Counter(
        Household.objects.annotate(size=Count("members")).values_list("size", flat=True)
    )
    assert set(sizes) <= {1, 2, 3, 4, 5}
    assert sizes[1] > 0
    assert sizes[2] > 0
    assert sum(size * number for size, number in sizes.items()) == 200
    assert counts.households == sum(sizes.values())
    this_year = timezone.now().year
    birth_years = [year or 0 for year in residents.values_list("birth_year", flat=True)]
    assert all(this_year - 96 <= year <= this_year - 18 for year in birth_years)
    languages = list(residents.values_list("languages", flat=True))
    assert sum("nl" in spoken for spoken in languages) > 150
    assert all(spoken for spoken in languages)


def test_residents_without_email_were_registered_by_a_professional(neighbourhoods):
    # when
    demo_generate(residents=200, seed=3)

    # then
    without_email = User.objects.filter(role=User.Role.RESIDENT, email__isnull=True)
    assert without_email.exists()
    assert without_email.filter(registered_by__isnull=True).exists() is False
    assert not any(user.has_usable_password() for user in without_email)
    assert set(without_email.values_list("registered_by__role", flat=True).distinct()) == {
        User.Role.PROFESSIONAL
    }
    with_email = User.objects.filter(role=User.Role.RESIDENT, email__isnull=False)
    assert all(
        (email or "").split("@")[1].startswith("example.")
        for email in with_email.values_list("email", flat=True)
    )


def test_every_neighbourhood_has_a_professional_working_in_five_to_fifteen(neighbourhoods):
    # when
    demo_generate(residents=200, seed=1)

    # then
    assert Neighbourhood.objects.filter(professionals=None).exists() is False
    areas = User.objects.filter(role=User.Role.PROFESSIONAL).annotate(
        area=Count("work_neighbourhoods")
    )
    assert all(5 <= professional.area <= 15 for professional in areas)


def test_organisations_cover_every_kind_and_all_three_domains(neighbourhoods):
    # when
    demo_generate(residents=200, seed=1)

    # then
    organisations = Organisation.objects.all()
    assert set(organisations.values_list("kind", flat=True)) == set(Organisation.Kind.values)
    assert set(organisations.values_list("domain", flat=True)) == set(Organisation.Domain.values)
    assert organisations.filter(memberships=None).exists() is False
    without_admin = organisations.exclude(memberships__role=Membership.Role.ADMIN)
    assert without_admin.exists() is False
    municipality_staff = Membership.objects.filter(
        organisation__kind=Organisation.Kind.MUNICIPALITY
    )
    assert set(municipality_staff.values_list("user__role", flat=True)) == {User.Role.OFFICIAL}
    assert User.objects.filter(role=User.Role.OFFICIAL, municipality__code="GM0307").count() >= 3


def test_consents_are_given_often_to_contact_and_seldom_for_wellbeing(neighbourhoods):
    # when
    demo_generate(residents=200, seed=1)

    # then
    given = Counter(ConsentRecord.objects.filter(is_given=True).values_list("kind", flat=True))
    assert given["contactable"] > given["network_analysis"] > given["wellbeing"] > 0


def test_demo_password_passes_the_validators():
    # given
    user = User(username="bewoner", email="bewoner@example.nl", first_name="Sanne")

    # then
    validate_password(DEMO_PASSWORD, user)  # raises ValidationError when it fails


@pytest.mark.parametrize("account", DEMO_ACCOUNTS, ids=lambda account: account.username)
def test_demo_accounts_log_in_with_the_demo_password(client, neighbourhoods, account):
    # given
    demo_generate(residents=50, seed=1)

    # when
    response = client.post(
        "/account/inloggen/", {"username": account.username, "password": DEMO_PASSWORD}
    )

    # then
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(username=account.username).pk)
    assert User.objects.get(username=account.username).role == account.role


def test_demo_accounts_log_in_with_the_test_client(client, neighbourhoods):
    # given
    demo_generate(residents=50, seed=1)

    # then
    for account in DEMO_ACCOUNTS:
        # django-axes wants the request that the login form would pass.
        request = RequestFactory().post("/account/inloggen/")
        logged_in = client.login(request=request, username=account.username, password=DEMO_PASSWORD)
        assert logged_in is True
        client.logout()


def test_demo_resident_lives_in_a_buurt_her_professional_works_in(neighbourhoods):
    # when
    demo_generate(residents=200, seed=1)

    # then
    resident = User.objects.get(username="bewoner")
    makelaar = User.objects.get(username="makelaar")
    assert resident.neighbourhood is not None
    assert resident.neighbourhood.name == "Bomenbuurt"
    assert resident.household is not None
    assert resident.memberships.exists()
    assert makelaar.work_neighbourhoods.filter(pk=resident.neighbourhood.pk).exists()
    assert makelaar.work_neighbourhoods.count() >= 5
    admin = User.objects.get(username="beheer")
    assert (admin.is_staff, admin.is_superuser, admin.role) == (True, True, User.Role.ADMIN)
    official = User.objects.select_related("municipality").get(username="gemeente")
    assert official.municipality is not None
    assert official.municipality.code == "GM0307"


def test_command_if_empty_skips_a_second_time(neighbourhoods):
    # given
    call_command("generate_demo", "--residents", "60", "--if-empty", stdout=StringIO())
    users = User.objects.count()

    # when
    output = StringIO()
    call_command("generate_demo", "--residents", "60", "--if-empty", stdout=output)

    # then
    assert "niet opnieuw gemaakt" in output.getvalue()
    assert User.objects.count() == users
    assert User.objects.filter(role=User.Role.RESIDENT).count() == 60


def test_command_without_if_empty_adds_more_without_collisions(neighbourhoods):
    # given
    call_command("generate_demo", "--residents", "60", stdout=StringIO())

    # when
    call_command("generate_demo", "--residents", "60", stdout=StringIO())

    # then
    assert User.objects.filter(role=User.Role.RESIDENT).count() == 120
    assert User.objects.filter(username="bewoner").count() == 1


def test_command_refuses_without_neighbourhoods():
    # when
    with pytest.raises(CommandError, match="Er zijn nog geen buurten ingelezen"):
        call_command("generate_demo", "--residents", "10", stdout=StringIO())

    # then
    assert User.objects.exists() is False


def test_demo_logins_prints_every_account_with_the_password(neighbourhoods):
    # given
    demo_generate(residents=20, seed=1)
    output = StringIO()

    # when
    call_command("demo_logins", "--port", "8765", stdout=output)

    # then
    text = output.getvalue()
    for account in DEMO_ACCOUNTS:
        assert account.username in text
    assert text.count(DEMO_PASSWORD) == len(DEMO_ACCOUNTS)
    assert "Inloggen: http://127.0.0.1:8765/account/inloggen/" in text
    assert "Nog niet aangemaakt" not in text
