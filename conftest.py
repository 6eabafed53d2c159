"""Fixtures shared by the whole suite."""

import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def _no_login_lockout_between_tests(db):
    from axes.models import AccessAttempt

    yield
    AccessAttempt.objects.all().delete()
