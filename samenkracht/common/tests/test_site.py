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


def test_the_menu_is_rendered_once_but_its_personal_parts_per_request(client):
    # given: the menu's fixed parts are cached per language and sign-in state
    from django.utils import timezone

    from samenkracht.matching.models import Notification
    from samenkracht.matching.services.notifications import (
        notification_mark_read,
        notification_send,
    )

    resident = ResidentFactory()
    anonymous = client.get("/buurten/").content.decode()
    assert "Uitloggen" not in anonymous
    assert 'href="/inloggen/"' in anonymous or "Inloggen" in anonymous
    # when: the same process serves a signed-in person, with one unread notification
    client.force_login(resident)
    notification_send(user=resident, kind=Notification.Kind.NEW_MATCH, text="Er is een match")
    signed_in = client.get("/buurten/").content.decode()
    # then: the signed-in menu, with that person's own count and form token
    assert "Uitloggen" in signed_in
    assert "Meldingen (1 nieuw)" in signed_in
    assert 'name="csrfmiddlewaretoken"' in signed_in
    # and when the notification is read, the count goes without waiting for any cache
    notification_mark_read(user=resident, now=timezone.now())
    assert "nieuw)" not in client.get("/buurten/").content.decode()
    # and English pages get the English menu, Dutch ones the Dutch menu
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get("/buurten/").content.decode()
    assert "Log out" in english
    assert "Uitloggen" not in english


def test_the_unread_count_counts_only_the_persons_unread_notifications():
    from django.utils import timezone

    from samenkracht.matching import selectors
    from samenkracht.matching.models import Notification
    from samenkracht.matching.services.notifications import (
        notification_mark_read,
        notification_send,
    )

    resident, other = ResidentFactory(), ResidentFactory()
    first = notification_send(user=resident, kind=Notification.Kind.NEW_MATCH, text="een")
    notification_send(user=resident, kind=Notification.Kind.NEW_MATCH, text="twee")
    notification_send(user=other, kind=Notification.Kind.NEW_MATCH, text="drie")
    assert first is not None
    assert selectors.notification_unread_count(user=resident) == 2
    notification_mark_read(user=resident, ids=[first.pk], now=timezone.now())
    assert selectors.notification_unread_count(user=resident) == 1
    assert selectors.notification_unread_count(user=other) == 1


@pytest.mark.parametrize(
    ("cache_url", "engine"),
    [
        ("", "django.contrib.sessions.backends.db"),
        ("locmemcache://", "django.contrib.sessions.backends.db"),
        ("redis://127.0.0.1:6379/1", "django.contrib.sessions.backends.cached_db"),
    ],
)
def test_production_reads_sessions_from_a_cache_only_when_every_process_shares_it(
    cache_url, engine
):
    # A session ended in one process must end in all: only a shared cache may hold it.
    inherited = {
        k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "CACHE_URL")
    }
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "x" * 20 + "-production-test-key-with-enough-entropy-1234567890",
        "DJANGO_ALLOWED_HOSTS": "samenkracht.example",
        "DJANGO_RELEASE": "release-42",
    }
    if cache_url:
        env["CACHE_URL"] = cache_url
    code = (
        "from django.conf import settings; "
        "print(settings.SESSION_ENGINE, settings.CACHES['default'].get('KEY_PREFIX', ''), sep='|')"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    printed_engine, prefix = result.stdout.strip().splitlines()[-1].split("|")
    assert printed_engine == engine
    # A shared cache outlives a release: its keys carry the release.
    assert prefix == ("release-42" if "redis" in cache_url else "")
