"""Settings for the test suite: fast hashing, tasks run inline, mail kept in memory."""

from .base import *

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = str(VAR_DIR / "test-media")
AXES_FAILURE_LIMIT = 5
LANGUAGE_CODE = "nl"
