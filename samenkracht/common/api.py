"""API plumbing shared by every app: one error format for all 4xx answers."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import LimitOffsetPagination

from samenkracht.common.errors import ApplicationError

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_OFFSET = 1_000_000


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


# Django Ninja's own HTTP errors carry English texts; the API answers in Dutch.
HTTP_ERROR_DETAILS = {
    400: gettext_lazy("De gegevens konden niet worden gelezen."),
    401: gettext_lazy("U bent niet ingelogd."),
    403: gettext_lazy("CSRF-controle mislukt."),
    404: gettext_lazy("Niet gevonden."),
    405: gettext_lazy("Deze methode is hier niet toegestaan."),
}

# Where a schema error points in the request: the part after these prefixes names the field.
REQUEST_PARTS = {"body", "query", "path", "form", "header", "cookie", "file"}


def _error(
    api: NinjaAPI,
    request: HttpRequest,
    status: int,
    detail: str,
    errors: dict[str, list[str]] | None = None,
    **extra: Any,
) -> HttpResponse:
    return api.create_response(
        request, {"detail": detail, "errors": errors or {}, **extra}, status=status
    )


def _field_name(location: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(part) for part in location]
    if parts and parts[0] in REQUEST_PARTS:
        parts = parts[1:]
        # Ninja nests a body schema under its parameter name ("payload"); the client
        # never sees that name, so it is dropped when a field follows.
        if len(parts) > 1:
            parts = parts[1:]
    return ".".join(parts) or "__all__"


def install_error_handlers(api: NinjaAPI) -> None:
    """Turn every expected failure into a JSON 4xx answer, never a 500."""

    @api.exception_handler(ApplicationError)
    def application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
        return _error(api, request, 422, exc.message, **exc.extra)

    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        return _error(api, request, 422, _("De gegevens kloppen niet."), errors)

    @api.exception_handler(NinjaValidationError)
    def schema_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors: dict[str, list[str]] = {}
        for item in exc.errors:
            errors.setdefault(_field_name(item.get("loc", ())), []).append(str(item.get("msg", "")))
        return _error(api, request, 422, _("De gegevens kloppen niet."), errors)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        detail = str(HTTP_ERROR_DETAILS.get(exc.status_code, exc.message))
        return _error(api, request, exc.status_code, detail)

    @api.exception_handler(PermissionDenied)
    def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return _error(api, request, 403, str(exc) or _("Dit mag u niet doen."))

    @api.exception_handler(AuthenticationError)
    def not_authenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return _error(api, request, 401, _("U bent niet ingelogd."))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return _error(api, request, 404, _("Niet gevonden."))


class Pagination(LimitOffsetPagination):
    """limit/offset with bounds, so that a huge number is a 422 and not a database error."""

    class Input(Schema):
        limit: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_PAGE_SIZE, **kwargs)
