"""Small lookups every time-bank page needs."""

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from samenkracht.common.errors import ApplicationError
from samenkracht.exchange import permissions, selectors
from samenkracht.exchange.models import Account
from samenkracht.people.models import User


def person(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not permissions.can_use_exchange(user):
        raise PermissionDenied
    return user


def account_or_404(request: HttpRequest, pk: UUID) -> Account:
    account = selectors.account_get(pk=pk)
    if account is None or not permissions.can_view_account(request.user, account):
        raise Http404
    return account


def form_show_error(form: Any, error: ApplicationError) -> None:
    """Put a service's refusal on the fields it names, or on the whole form."""
    placed = False
    for field, texts in error.extra.get("errors", {}).items():
        if field in form.fields and field != "key":
            form.add_error(field, texts)
            placed = True
    if not placed:
        form.add_error(None, error.message)
