"""Limits on guessing short secrets (voting letter codes, receipt codes).

Login attempts are limited by django-axes; codes typed on other pages are not logins, so
their wrong guesses are counted here, per page kind and client address, in Django's
cache. A production site with several processes should give Django a shared cache
(database or Redis) so the limit holds across them.
"""

from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

MAX_WRONG_GUESSES = 10
WINDOW_SECONDS = 15 * 60
TOO_MANY_GUESSES = _(
    "U heeft te vaak een verkeerde code ingevuld. Probeer het over een kwartier opnieuw."
)


def _key(scope: str, request: HttpRequest) -> str:
    return f"throttle:{scope}:{request.META.get('REMOTE_ADDR', '')}"


def guesses_blocked(scope: str, request: HttpRequest) -> bool:
    """Return whether this client made too many wrong guesses on `scope` lately."""
    return int(cache.get(_key(scope, request), 0)) >= MAX_WRONG_GUESSES


def wrong_guess_record(scope: str, request: HttpRequest) -> None:
    """Count a wrong guess; the count expires WINDOW_SECONDS after the first one."""
    key = _key(scope, request)
    if not cache.add(key, 1, WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, WINDOW_SECONDS)
