from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from samenkracht.people.models import User
from samenkracht.people.selectors import user_find_for_login


class EmailOrUsernameBackend(ModelBackend):
    """Log in with an e-mail address or, for residents registered on paper, a username."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if not username or not password:
            return None
        user = user_find_for_login(identifier=username)
        if user is None:
            # Hash anyway so that timing does not tell which accounts exist.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def axes_username(request: HttpRequest, credentials: dict[str, Any]) -> str:
    """Count failed logins per account, however the e-mail or username is typed.

    Without this, "Rita@…" and "rita@…" would each get their own five attempts.
    """
    typed = str((credentials or {}).get("username") or request.POST.get("username", "")).strip()
    user = user_find_for_login(identifier=typed)
    return user.username if user is not None else typed.lower()
