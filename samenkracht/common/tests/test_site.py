"""Site-wide guarantees: security headers, production settings, languages, admin in Dutch."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from samenkracht.people.tests.factories import PASSWORD, AdminFactory, ResidentFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


def test_pages_send_security_headers_and_a_content_security_policy(client):
    response = client.get("/")
    assert response.status_code == 200
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert policy == {
        "default-src": "'self'",
        # Map tiles come from PDOK, the Dutch national map service, and nowhere else.
        "img-src": "'self' data: https://service.pdok.nl",
        "style-src": "'self'",
        "script-src": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
        "base-uri": "'self'",
        "object-src": "'none'",
    }
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_production_settings_pass_the_deploy_check():
    # The browser tests' conftest allows async-unsafe calls; production never does.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "x" * 20 + "-production-test-key-with-enough-entropy-1234567890",
        "DJANGO_ALLOWED_HOSTS": "samenkracht.example",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_passwords_are_hashed_with_argon2_in_production(settings):
    from django.contrib.auth.hashers import check_password, make_password

    from config.settings import base

    settings.PASSWORD_HASHERS = base.PASSWORD_HASHERS
    hashed = make_password("Buurt-Samen-2026!")
    assert hashed.startswith("argon2$argon2id$")
    assert check_password("Buurt-Samen-2026!", hashed) is True


def test_dutch_is_the_default_and_english_is_available(client):
    assert "Samen sterker in de buurt" in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert client.get("/").headers["Content-Language"] == "en"


def test_admin_speaks_dutch(client):
    admin = AdminFactory()
    client.force_login(admin)
    response = client.get("/beheer/")
    assert response.status_code == 200
    assert "Samenkracht beheer" in response.content.decode()
    assert "Mensen en buurten" in response.content.decode()
    assert "Wachtwoord wijzigen" in response.content.decode()  # Django's own admin text


def test_login_is_rate_limited_after_five_failures(client):
    # given
    user = ResidentFactory(email="rita@example.nl")
    # when
    for _ in range(5):
        client.post("/account/inloggen/", {"username": "rita@example.nl", "password": "fout"})
    response = client.post(
        "/account/inloggen/", {"username": "rita@example.nl", "password": PASSWORD}
    )
    # then: even the right password is refused during the cool-off
    assert response.status_code == 429
    assert "Te vaak geprobeerd" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert user.last_login is None


def test_login_lockout_counts_per_account_whatever_the_case(client):
    # given
    user = ResidentFactory(email="rita@example.nl", username="rita.v.1234")
    typed = ["rita@example.nl", "Rita@example.nl", "RITA@EXAMPLE.NL", "Rita.V.1234", "rita.v.1234"]
    # when
    for identifier in typed:
        client.post("/account/inloggen/", {"username": identifier, "password": "fout"})
    response = client.post(
        "/account/inloggen/", {"username": "rItA@example.nl", "password": PASSWORD}
    )
    # then
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    user.refresh_from_db()
    assert user.last_login is None


def test_production_collects_its_static_files(tmp_path):
    # given: production settings with an empty folder for the static files
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "x" * 20 + "-production-test-key-with-enough-entropy-1234567890",
        "DJANGO_ALLOWED_HOSTS": "samenkracht.example",
        "DJANGO_STATIC_ROOT": str(tmp_path),
    }
    # when
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    # then: the manifest storage accepted every sheet, and the pages' own files are there
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "staticfiles.json").exists()
    assert list(tmp_path.glob("vendor/leaflet/leaflet.*.js"))
    assert not list(tmp_path.glob("**/background-image-icon*.css"))
