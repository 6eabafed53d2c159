"""Small lookups every initiative page needs: the signed-in person and objects or a 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from samenkracht.common.errors import ApplicationError
from samenkracht.initiatives import permissions, selectors
from samenkracht.initiatives.models import Initiative
from samenkracht.people.models import User


def person(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def initiative_or_404(pk: int) -> Initiative:
    initiative = selectors.initiative_get(pk=pk)
    if initiative is None:
        raise Http404
    return initiative


def editable_or_403(request: HttpRequest, pk: int) -> tuple[User, Initiative]:
    """The person and the initiative, when they are in its team (leads and core team)."""
    user = person(request)
    initiative = initiative_or_404(pk)
    if not permissions.is_editor(user, initiative):
        raise PermissionDenied
    return user, initiative


def refusal(request: HttpRequest, error: Exception) -> None:
    """Put a service's refusal at the top of the next page."""
    if isinstance(error, ValidationError):
        messages.error(request, " ".join(error.messages))
    elif isinstance(error, ApplicationError):
        messages.error(request, error.message)
    else:
        messages.error(request, str(error) or _("Dit mag u niet doen."))
