"""Production settings: every secret comes from the environment."""

from importlib.metadata import version as package_version

from .base import *

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# The manifest storage refuses a sheet whose url()s name missing files, as one vendored
# sheet nobody uses does; collectstatic skips it here. Only here: tools such as
# pytest-django's live server look for "django.contrib.staticfiles" by that name.
INSTALLED_APPS = [
    "samenkracht.common.apps.StaticFilesConfig" if app == "django.contrib.staticfiles" else app
    for app in INSTALLED_APPS
]
# Behind a reverse proxy the client address is in X-Forwarded-For; without this every
# visitor would share the proxy's address and could lock out any account.
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=1)
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# Keep database connections between requests: connecting costs more than most pages.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
LOGGING = {**LOGGING, "root": {"handlers": ["console"], "level": "INFO"}}
# Sessions are read on every signed-in request. With a cache that every process shares
# (CACHE_URL, e.g. redis://127.0.0.1:6379/1) they are read from it, the database staying the
# record. Not with each process's own memory: a session ended (logout) in one process would
# live on in the others' copies.
if CACHES["default"]["BACKEND"] != "django.core.cache.backends.locmem.LocMemCache":
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    # A shared cache outlives a release; entries of an older one (rendered pages) must not
    # be served by the next. Set DJANGO_RELEASE to the release's identity (e.g. its commit).
    CACHES["default"].setdefault(
        "KEY_PREFIX", env("DJANGO_RELEASE", default="samenkracht-" + package_version("samenkracht"))
    )
