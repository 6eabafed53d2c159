from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from samenkracht.people.models import User
from samenkracht.people.selectors import user_find_for_login

# The person row with every column of the model, for `get_user` below. Built from the model's
# own metadata, never from input.
_USER_SQL = "SELECT {columns} FROM {table} WHERE {pk} = %s".format(  # noqa: S608
    columns=", ".join(f'"{field.column}"' for field in User._meta.concrete_fields),
    table=f'"{User._meta.db_table}"',
    pk=f'"{User._meta.pk.column}"',
)


class EmailOrUsernameBackend(ModelBackend):
    """Log in with an e-mail address or, for residents registered on paper, a username."""

    def get_user(self, user_id: Any) -> User | None:
        """The signed-in person, read on every signed-in request by the auth middleware.

        A raw query with the model's own columns: building the same query through the ORM
        costs more than running it, on every page. RawQuerySet applies the fields' converters,
        so the person comes out exactly as `User.objects.get` gives it.
        """
        try:
            pk = int(user_id)
        except (TypeError, ValueError):
            return None
        user = next(iter(User.objects.raw(_USER_SQL, [pk])), None)
        return user if user is not None and self.user_can_authenticate(user) else None

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
