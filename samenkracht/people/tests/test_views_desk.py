import time
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth.hashers import check_password
from django.urls import reverse

from samenkracht.common.errors import ApplicationError
from samenkracht.people.models import ActivationCode, User
from samenkracht.people.services import activation_code_issue, user_activate
from samenkracht.people.tests.factories import (
    NeighbourhoodFactory,
    ProfessionalFactory,
    ResidentFactory,
    person_for_role,
)
from samenkracht.people.views.desk import LETTER_SESSION_SECONDS

pytestmark = pytest.mark.django_db

REGISTER_URL = reverse("people:resident-register")
HOME_URL = reverse("people:home")
NOW = datetime(2026, 3, 2, 10, 30, tzinfo=UTC)
LETTER_GONE = "Deze brief is niet meer te zien. Maak zo nodig een nieuwe brief."
LETTER_DONE = "De brief is klaar. De code staat nergens meer op het scherm."
NEVER_CACHE = "max-age=0, no-cache, no-store, must-revalidate, private"


def _login(client, user):
    if user is not None:
        client.force_login(user)


def _register_data(neighbourhood, **overrides):
    data = {
        "first_name": "Henk",
        "last_name": "van der Berg",
        "neighbourhood": str(neighbourhood.pk),
        "birth_year": "1948",
        "email": "",
    }
    data.update(overrides)
    return data


def _paper_resident(professional, neighbourhood):
    """A resident registered on paper by `professional`, with one code issued."""
    resident = ResidentFactory(neighbourhood=neighbourhood, email=None, registered_by=professional)
    resident.set_unusable_password()
    resident.save()
    code = activation_code_issue(user=resident, issued_by=professional)
    return resident, code


def _letter_url(resident):
    return reverse("people:resident-letter", kwargs={"pk": resident.pk})


def _show_url(resident):
    return reverse("people:resident-letter-show", kwargs={"pk": resident.pk})


def _session_key(resident):
    return f"people.letter.{resident.pk}"


def _messages(response):
    return [str(message) for message in response.context["messages"]]


# --- ResidentRegisterView --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected_status"),
    [
        ("anonymous", 302),
        ("resident", 403),
        ("professional", 200),
        ("official", 403),
        ("admin", 200),
    ],
)
def test_resident_register_page_is_for_professionals_and_admins(client, role, expected_status):
    # given
    _login(client, person_for_role(role))
    # when
    response = client.get(REGISTER_URL)
    # then
    assert response.status_code == expected_status
    if role == "anonymous":
        assert response["Location"] == f"{reverse('people:login')}?next={REGISTER_URL}"


def test_resident_register_offers_only_the_professionals_own_neighbourhoods(client):
    # given
    own, other = NeighbourhoodFactory(name="Kruiskamp"), NeighbourhoodFactory(name="Liendert")
    professional = ProfessionalFactory(work_neighbourhoods=[own])
    client.force_login(professional)
    # when
    response = client.get(REGISTER_URL)
    # then
    choices = list(response.context["form"].fields["neighbourhood"].queryset)
    assert choices == [own]
    assert other.name not in response.content.decode()


def test_resident_register_creates_resident_and_shows_letter_with_code(client):
    # given
    neighbourhood = NeighbourhoodFactory(name="Kruiskamp")
    professional = ProfessionalFactory(work_neighbourhoods=[neighbourhood])
    client.force_login(professional)
    # when
    response = client.post(REGISTER_URL, _register_data(neighbourhood))
    # then
    resident = User.objects.get(first_name="Henk")
    assert response.status_code == 302
    assert response["Location"] == _show_url(resident)
    assert resident.last_name == "van der Berg"
    assert resident.neighbourhood == neighbourhood
    assert resident.birth_year == 1948
    assert resident.email is None
    assert resident.registered_by == professional
    assert resident.role == User.Role.RESIDENT
    assert resident.has_usable_password() is False
    letter = client.get(response["Location"])
    assert letter.status_code == 200
    assert letter.templates[0].name == "people/letter.html"
    code = letter.context["code"]
    activation = ActivationCode.objects.get(user=resident)
    assert check_password(code, activation.code_hash) is True
    assert activation.created_by == professional
    assert letter.context["expires_at"] == activation.expires_at
    body = letter.content.decode()
    assert f'<span class="code" id="letter-username">{resident.username}</span>' in body
    assert f'<span class="code" id="letter-code">{code}</span>' in body
    assert "http://127.0.0.1:8000/account/activeren/" in body
    assert f'<form method="post" action="{_show_url(resident)}" class="inline-form">' in body
    assert "Klaar, terug naar start" in body


def test_resident_register_letter_code_activates_the_account(client):
    # given
    neighbourhood = NeighbourhoodFactory()
    client.force_login(ProfessionalFactory(work_neighbourhoods=[neighbourhood]))
    response = client.post(REGISTER_URL, _register_data(neighbourhood), follow=True)
    resident = response.context["resident"]
    # when
    user_activate(
        username=resident.username, code=response.context["code"], password="Zonnebloem-Tuin-42!"
    )
    # then
    resident.refresh_from_db()
    assert resident.check_password("Zonnebloem-Tuin-42!") is True


def test_resident_register_never_stores_the_raw_code(client):
    # given
    neighbourhood = NeighbourhoodFactory()
    client.force_login(ProfessionalFactory(work_neighbourhoods=[neighbourhood]))
    # when
    response = client.post(REGISTER_URL, _register_data(neighbourhood), follow=True)
    # then
    code = response.context["code"]
    stored = list(ActivationCode.objects.values_list("code_hash", flat=True))
    assert len(stored) == 1
    assert code not in stored[0]
    assert code.replace("-", "") not in stored[0]


def test_resident_register_refuses_neighbourhood_outside_work_area(client):
    # given
    own, other = NeighbourhoodFactory(), NeighbourhoodFactory()
    client.force_login(ProfessionalFactory(work_neighbourhoods=[own]))
    users_before = User.objects.count()
    # when
    response = client.post(REGISTER_URL, _register_data(other))
    # then
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "neighbourhood": ["U werkt niet in deze buurt. Kies een buurt uit uw eigen werkgebied."]
    }
    assert "U werkt niet in deze buurt." in response.content.decode()
    assert User.objects.count() == users_before
    assert ActivationCode.objects.exists() is False


def test_resident_register_admin_may_pick_any_neighbourhood(client):
    # given
    neighbourhood = NeighbourhoodFactory()
    admin = person_for_role("admin")
    client.force_login(admin)
    # when
    response = client.post(REGISTER_URL, _register_data(neighbourhood))
    # then
    resident = User.objects.get(first_name="Henk")
    assert response.status_code == 302
    assert response["Location"] == _show_url(resident)
    assert resident.neighbourhood == neighbourhood
    assert resident.registered_by == admin
    assert client.get(_show_url(resident)).status_code == 200


@pytest.mark.parametrize("role", ["anonymous", "resident", "official"])
def test_resident_register_post_is_refused_and_writes_nothing(client, role):
    # given
    neighbourhood = NeighbourhoodFactory()
    _login(
        client,
        person_for_role(role, neighbourhood=neighbourhood)
        if role == "resident"
        else person_for_role(role),
    )
    users_before = User.objects.count()
    # when
    response = client.post(REGISTER_URL, _register_data(neighbourhood))
    # then
    assert response.status_code == (302 if role == "anonymous" else 403)
    assert User.objects.count() == users_before
    assert User.objects.filter(first_name="Henk").exists() is False
    assert ActivationCode.objects.exists() is False


def test_resident_register_refuses_an_email_address_in_use(client):
    # given
    neighbourhood = NeighbourhoodFactory()
    ResidentFactory(email="henk@example.org")
    client.force_login(ProfessionalFactory(work_neighbourhoods=[neighbourhood]))
    users_before = User.objects.count()
    # when
    response = client.post(REGISTER_URL, _register_data(neighbourhood, email="Henk@example.org"))
    # then
    assert response.status_code == 400
    assert response.context["form"].errors == {"email": ["Dit e-mailadres is al in gebruik."]}
    assert User.objects.count() == users_before
    assert ActivationCode.objects.exists() is False


def test_resident_register_refuses_missing_names_and_bad_birth_year(client):
    # given
    neighbourhood = NeighbourhoodFactory()
    client.force_login(ProfessionalFactory(work_neighbourhoods=[neighbourhood]))
    users_before = User.objects.count()
    # when
    response = client.post(
        REGISTER_URL, _register_data(neighbourhood, first_name="", birth_year="1850")
    )
    # then
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"first_name", "birth_year"}
    assert "Er gaat iets mis." in response.content.decode()
    assert User.objects.count() == users_before


# --- ResidentLetterView ----------------------------------------------------------------------


def test_resident_letter_get_asks_for_confirmation_and_issues_no_code(client):
    # given
    neighbourhood = NeighbourhoodFactory()
    professional = ProfessionalFactory(work_neighbourhoods=[neighbourhood])
    resident, _code = _paper_resident(professional, neighbourhood)
    client.force_login(professional)
    # when
    response = client.get(_letter_url(resident))
    # then
    assert response.status_code == 200
    assert response.templates[0].name == "people/letter_confirm.html"
    assert ActivationCode.objects.filter(user=resident).count() == 1


def test_resident_letter_post_issues_a_new_code_and_the_old_one_stops_working(client):
    # given
    neighbourhood = NeighbourhoodFactory()
    professional = ProfessionalFactory(work_neighbourhoods=[neighbourhood])
    resident, old_code = _paper_resident(professional, neighbourhood)
    client.force_login(professional)
    # when
    response = client.post(_letter_url(resident))
    # then
    assert response.status_code == 302
    assert response["Location"] == _show_url(resident)
    letter = client.get(response["Location"])
    assert letter.status_code == 200
    new_code = letter.context["code"]
    assert new_code != old_code
    assert f'<span class="code" id="letter-code">{new_code}</span>' in letter.content.decode()
    assert letter.context["expires_at"] == ActivationCode.objects.latest("created_at").expires_at
    assert ActivationCode.objects.filter(user=resident).count() == 2
    with pytest.raises(ApplicationError, match="klopt niet"):
        user_activate(username=resident.username, code=old_code, password="Zonnebloem-Tuin-42!")
    user_activate(username=resident.username, code=new_code, password="Zonnebloem-Tuin-42!")


@pytest.mark.parametrize(
    ("role", "expected_get_status", "expected_post_status"),
    [
        ("anonymous", 302, 302),
        ("resident", 403, 403),
        ("professional", 403, 403),
        ("official", 403, 403),
        ("admin", 200, 302),
    ],
)
def test_resident_letter_only_for_the_registering_professional_or_admin(
    client, role, expected_get_status, expected_post_status
):
    # given
    neighbourhood = NeighbourhoodFactory()
    registering = ProfessionalFactory(work_neighbourhoods=[neighbourhood])
    resident, _code = _paper_resident(registering, neighbourhood)
    _login(client, person_for_role(role))
    # when
    get_response = client.get(_letter_url(resident))
    post_response = client.post(_letter_url(resident))
    # then
    assert get_response.status_code == expected_get_status
    assert post_response.status_code == expected_post_status
    if role == "anonymous":
        login_url = f"{reverse('people:login')}?next={_letter_url(resident)}"
        assert get_response["Location"] == login_url
        assert post_response["Location"] == login_url
    if role == "admin":
        assert post_response["Location"] == _show_url(resident)
    expected_codes = 2 if role == "admin" else 1
    assert ActivationCode.objects.filter(user=resident).count() == expected_codes


def test_resident_letter_registering_professional_may_print(client):
    # given
    neighbourhood = NeighbourhoodFactory()
    professional = ProfessionalFactory(work_neighbourhoods=[neighbourhood])
    resident, _code = _paper_resident(professional, neighbourhood)
    client.force_login(professional)
    # when
    response = client.post(_letter_url(resident), follow=True)
    # then
    assert response.redirect_chain == [(_show_url(resident), 302)]
    assert response.status_code == 200
    assert response.context["resident"] == resident


def test_resident_letter_refused_once_the_account_is_activated(client):
    # given
    neighbourhood = NeighbourhoodFactory()
    professional = ProfessionalFactory(work_neighbourhoods=[neighbourhood])
    resident, code = _paper_resident(professional, neighbourhood)
    user_activate(username=resident.username, code=code, password="Zonnebloem-Tuin-42!")
    client.force_login(professional)
    # when
    response = client.post(_letter_url(resident))
    # then
    assert response.status_code == 403
    assert ActivationCode.objects.filter(user=resident).count() == 1


def test_resident_letter_unknown_person_is_404(client):
    # given
    client.force_login(ProfessionalFactory())
    # when
    response = client.get(reverse("people:resident-letter", kwargs={"pk": 999_999}))
    # then
    assert response.status_code == 404


# --- ResidentLetterShowView ------------------------------------------------------------------


def test_resident_letter_show_reload_shows_the_same_code_and_registers_no_one_again(client):
    # given
    neighbourhood = NeighbourhoodFactory()
    client.force_login(ProfessionalFactory(work_neighbourhoods=[neighbourhood]))
    first = client.post(REGISTER_URL, _register_data(neighbourhood), follow=True)
    users_after_register = User.objects.count()
    # when
    reloaded = client.get(_show_url(first.context["resident"]))
    # then
    assert reloaded.status_code == 200
    assert reloaded.templates[0].name == "people/letter.html"
    assert reloaded.context["code"] == first.context["code"]
    assert reloaded.context["resident"] == first.context["resident"]
    assert User.objects.count() == users_after_register
    assert User.objects.filter(first_name="Henk").count() == 1
    assert ActivationCode.objects.count() == 1


def test_resident_letter_show_reload_after_new_letter_issues_no_further_code(client):
    # given
    neighbourhood = NeighbourhoodFactory()
    professional = ProfessionalFactory(work_neighbourhoods=[neighbourhood])
    resident, _code = _paper_resident(professional, neighbourhood)
    client.force_login(professional)
    first = client.post(_letter_url(resident), follow=True)
    # when
    reloaded = client.get(_show_url(resident))
    # then
    assert reloaded.status_code == 200
    assert reloaded.context["code"] == first.context["code"]
    assert ActivationCode.objects.filter(user=resident).count() == 2


@time_machine.travel(NOW, tick=False)
def test_resident_letter_show_keeps_the_code_in_the_session_with_its_time(client):
    # given
    neighbourhood = NeighbourhoodFactory()
    client.force_login(ProfessionalFactory(work_neighbourhoods=[neighbourhood]))
    # when
    response = client.post(REGISTER_URL, _register_data(neighbourhood), follow=True)
    # then
    resident = response.context["resident"]
    assert client.session[_session_key(resident)] == {
        "code": response.context["code"],
        "at": NOW.timestamp(),
    }


def test_resident_letter_show_klaar_forgets_the_code_and_goes_home(client):
    # given
    neighbourhood = NeighbourhoodFactory()
    client.force_login(ProfessionalFactory(work_neighbourhoods=[neighbourhood]))
    letter = client.post(REGISTER_URL, _register_data(neighbourhood), follow=True)
    resident, code = letter.context["resident"], letter.context["code"]
    # when
    response = client.post(_show_url(resident))
    # then
    assert response.status_code == 302
    assert response["Location"] == HOME_URL
    assert _session_key(resident) not in client.session
    home = client.get(HOME_URL)
    assert _messages(home) == [LETTER_DONE]
    assert code not in home.content.decode()


def test_resident_letter_show_after_klaar_sends_to_the_confirm_page(client):
    # given
    neighbourhood = NeighbourhoodFactory()
    client.force_login(ProfessionalFactory(work_neighbourhoods=[neighbourhood]))
    letter = client.post(REGISTER_URL, _register_data(neighbourhood), follow=True)
    resident, code = letter.context["resident"], letter.context["code"]
    client.post(_show_url(resident), follow=True)
    # when
    response = client.get(_show_url(resident), follow=True)
    # then
    assert response.redirect_chain == [(_letter_url(resident), 302)]
    assert response.templates[0].name == "people/letter_confirm.html"
    assert _messages(response) == [LETTER_GONE]
    body = response.content.decode()
    assert LETTER_GONE in body
    assert code not in body
    assert _session_key(resident) not in client.session
    assert ActivationCode.objects.filter(user=resident).count() == 1


def test_resident_letter_show_without_a_code_in_the_session_sends_to_the_confirm_page(client):
    # given
    neighbourhood = NeighbourhoodFactory()
    professional = ProfessionalFactory(work_neighbourhoods=[neighbourhood])
    resident, code = _paper_resident(professional, neighbourhood)
    client.force_login(professional)
    # when
    response = client.get(_show_url(resident), follow=True)
    # then
    assert response.redirect_chain == [(_letter_url(resident), 302)]
    assert _messages(response) == [LETTER_GONE]
    assert code not in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_resident_letter_show_still_shows_the_code_at_the_end_of_the_hour(client):
    # given
    neighbourhood = NeighbourhoodFactory()
    client.force_login(ProfessionalFactory(work_neighbourhoods=[neighbourhood]))
    letter = client.post(REGISTER_URL, _register_data(neighbourhood), follow=True)
    resident, code = letter.context["resident"], letter.context["code"]
    # when
    with time_machine.travel(NOW + timedelta(seconds=LETTER_SESSION_SECONDS), tick=False):
        response = client.get(_show_url(resident))
    # then
    assert response.status_code == 200
    assert response.context["code"] == code


@time_machine.travel(NOW, tick=False)
def test_resident_letter_show_forgets_a_code_older_than_the_hour(client):
    # given
    neighbourhood = NeighbourhoodFactory()
    client.force_login(ProfessionalFactory(work_neighbourhoods=[neighbourhood]))
    letter = client.post(REGISTER_URL, _register_data(neighbourhood), follow=True)
    resident, code = letter.context["resident"], letter.context["code"]
    # when
    with time_machine.travel(NOW + timedelta(seconds=LETTER_SESSION_SECONDS + 1), tick=False):
        response = client.get(_show_url(resident), follow=True)
    # then
    session = client.session
    assert LETTER_SESSION_SECONDS == 3600
    assert response.redirect_chain == [(_letter_url(resident), 302)]
    assert response.templates[0].name == "people/letter_confirm.html"
    assert _messages(response) == [LETTER_GONE]
    assert code not in response.content.decode()
    assert session.get("_auth_user_id") == str(resident.registered_by_id)
    assert _session_key(resident) not in session


@pytest.mark.parametrize(
    ("role", "expected_status"),
    [
        ("anonymous", 302),
        ("resident", 403),
        ("professional", 403),
        ("official", 403),
        ("registering", 200),
        ("admin", 200),
    ],
)
def test_resident_letter_show_has_the_same_permission_as_the_letter_page(
    client, role, expected_status
):
    # given: a code waits in the session, so only the permission decides
    neighbourhood = NeighbourhoodFactory()
    registering = ProfessionalFactory(work_neighbourhoods=[neighbourhood])
    resident, code = _paper_resident(registering, neighbourhood)
    _login(client, registering if role == "registering" else person_for_role(role))
    session = client.session
    session[_session_key(resident)] = {"code": code, "at": time.time()}
    session.save()
    # when
    letter_response = client.get(_letter_url(resident))
    show_response = client.get(_show_url(resident))
    # then
    assert letter_response.status_code == expected_status
    assert show_response.status_code == expected_status
    assert (code in show_response.content.decode()) is (expected_status == 200)
    if role == "anonymous":
        assert show_response["Location"] == f"{reverse('people:login')}?next={_show_url(resident)}"


@pytest.mark.parametrize(
    ("role", "expected_status"),
    [
        ("anonymous", 302),
        ("resident", 403),
        ("professional", 403),
        ("official", 403),
        ("registering", 302),
        ("admin", 302),
    ],
)
def test_resident_letter_show_klaar_has_the_same_permission_as_the_letter_page(
    client, role, expected_status
):
    # given
    neighbourhood = NeighbourhoodFactory()
    registering = ProfessionalFactory(work_neighbourhoods=[neighbourhood])
    resident, code = _paper_resident(registering, neighbourhood)
    _login(client, registering if role == "registering" else person_for_role(role))
    session = client.session
    session[_session_key(resident)] = {"code": code, "at": time.time()}
    session.save()
    # when
    response = client.post(_show_url(resident))
    # then
    assert response.status_code == expected_status
    if role == "anonymous":
        assert response["Location"] == f"{reverse('people:login')}?next={_show_url(resident)}"
    if role in {"registering", "admin"}:
        assert response["Location"] == HOME_URL
        assert _session_key(resident) not in client.session
    elif role != "anonymous":
        assert client.session[_session_key(resident)]["code"] == code


def test_resident_letter_show_refused_once_the_account_is_activated(client):
    # given
    neighbourhood = NeighbourhoodFactory()
    professional = ProfessionalFactory(work_neighbourhoods=[neighbourhood])
    resident, _code = _paper_resident(professional, neighbourhood)
    client.force_login(professional)
    letter = client.post(_letter_url(resident), follow=True)
    user_activate(
        username=resident.username, code=letter.context["code"], password="Zonnebloem-Tuin-42!"
    )
    # when
    response = client.get(_show_url(resident))
    # then
    assert response.status_code == 403


def test_resident_letter_show_unknown_person_is_404(client):
    # given
    client.force_login(ProfessionalFactory())
    # when
    response = client.get(reverse("people:resident-letter-show", kwargs={"pk": 999_999}))
    # then
    assert response.status_code == 404


def test_resident_letter_show_is_never_cached(client):
    # given
    neighbourhood = NeighbourhoodFactory()
    client.force_login(ProfessionalFactory(work_neighbourhoods=[neighbourhood]))
    register_response = client.post(REGISTER_URL, _register_data(neighbourhood))
    # when
    response = client.get(register_response["Location"])
    # then
    assert response.status_code == 200
    assert response["Cache-Control"] == NEVER_CACHE
    assert response.has_header("Expires") is True
