"""Fixtures shared by the whole suite."""

import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def _no_login_lockout_between_tests(request):
    # Only tests that use the database can leave lockouts behind; pure tests (the core)
    # must not need a database at all.
    uses_db = request.node.get_closest_marker("django_db") is not None or any(
        name in request.fixturenames for name in ("db", "transactional_db", "client", "live_server")
    )
    yield
    if uses_db:
        from axes.models import AccessAttempt

        AccessAttempt.objects.all().delete()


@pytest.fixture(autouse=True)
def _dutch_after_each_test():
    # A request in English leaves English active in this thread; the next test would
    # otherwise start in English instead of the site's default.
    yield
    from django.utils import translation

    translation.activate("nl")


@pytest.fixture(autouse=True)
def _empty_cache():
    # Counters of wrong guesses (common.throttle) must not carry over between tests.
    yield
    from django.core.cache import cache

    cache.clear()
