"""Settings shared by every environment; values come from the environment."""

from pathlib import Path
from urllib.parse import urlsplit

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-insecure-key-change-me")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "samenkracht.common",
    "samenkracht.people",
    "samenkracht.matching",
    "samenkracht.budgeting",
    "samenkracht.initiatives",
    "samenkracht.exchange",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "samenkracht" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'samenkracht.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A cache per process by default. Correctness never depends on sharing it (the overview keys
# its entries by a data version kept in the database), but a shared one (CACHE_URL, e.g.
# redis://127.0.0.1:6379/1 with the `redis` package installed) lets processes reuse each
# other's work, and makes the login throttles count across processes.
CACHES = {
    "default": env.cache_url("CACHE_URL", default="locmemcache://"),
    # Always this process's own memory, for what can never be stale there: template
    # fragments that change only with a release or the language (menus, links to static
    # files; a new release never sees an older one's) and copies of shared entries whose key
    # holds the data version (read here before the shared cache, which costs a round trip).
    "local": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "local",
    },
}

AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "samenkracht.people.backends.EmailOrUsernameBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "people:login"
LOGIN_REDIRECT_URL = "people:home"
LOGOUT_REDIRECT_URL = "landing"

# Login rate limit: five failures per username and address lock out for 15 minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "people/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "samenkracht.people.backends.axes_username"

LANGUAGE_CODE = "nl"
# Each language is named in itself, so that a reader of either finds their own.
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "samenkracht" / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env("DJANGO_STATIC_ROOT", default=str(VAR_DIR / "static"))
STATICFILES_DIRS = [
    BASE_DIR / "samenkracht" / "static",
    # NL Design System CSS, installed by `make` from the pinned package.json.
    ("vendor/utrecht-components", BASE_DIR / "node_modules/@utrecht/component-library-css/dist"),
    ("vendor/utrecht-tokens", BASE_DIR / "node_modules/@utrecht/design-tokens/dist"),
    # The overview map: Leaflet and its marker clusters, pinned in package.json as well.
    ("vendor/leaflet", BASE_DIR / "node_modules/leaflet/dist"),
    ("vendor/leaflet-markercluster", BASE_DIR / "node_modules/leaflet.markercluster/dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "media"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_BACKEND = env(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Samenkracht <noreply@samenkracht.example>")

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Background tiles of the overview map: PDOK's BRT-achtergrondkaart (the Kadaster's national
# base map, free to use). Any XYZ tile URL works; its origin is allowed as an image source.
SAMENKRACHT_MAP_TILES = env(
    "SAMENKRACHT_MAP_TILES",
    default="https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png",
)
SAMENKRACHT_MAP_ATTRIBUTION = env(
    "SAMENKRACHT_MAP_ATTRIBUTION",
    default='Kaartgegevens &copy; <a href="https://www.kadaster.nl">Kadaster</a> (PDOK)',
)
_MAP_TILES_ORIGIN = "{0.scheme}://{0.netloc}".format(urlsplit(SAMENKRACHT_MAP_TILES))

# Only the site's own origin (and the map tiles); no inline scripts, so no 'unsafe-inline'.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": [
            "'self'",
            "data:",
            *([_MAP_TILES_ORIGIN] if "://" in SAMENKRACHT_MAP_TILES else []),
        ],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True

SAMENKRACHT_MUNICIPALITY_CODE = env("SAMENKRACHT_MUNICIPALITY_CODE", default="GM0307")
SAMENKRACHT_ACTIVATION_DAYS = env.int("SAMENKRACHT_ACTIVATION_DAYS", default=30)
SAMENKRACHT_EMAIL_CONFIRM_DAYS = env.int("SAMENKRACHT_EMAIL_CONFIRM_DAYS", default=7)
# Key of the HMAC that finds a voter's own anonymous ballot (docs/decisions/0011).
SAMENKRACHT_BALLOT_SECRET = env("SAMENKRACHT_BALLOT_SECRET", default="")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
SAMENKRACHT_BASE_URL = env("SAMENKRACHT_BASE_URL", default="http://127.0.0.1:8000")
