"""API plumbing shared by every app: one error format for all 4xx answers."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError

from samenkracht.common.errors import ApplicationError


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


def _error(
    api: NinjaAPI, request: HttpRequest, status: int, detail: str, **extra: Any
) -> HttpResponse:
    return api.create_response(request, {"detail": detail, **extra}, status=status)


def install_error_handlers(api: NinjaAPI) -> None:
    """Turn every expected failure into a JSON 4xx answer, never a 500."""

    @api.exception_handler(ApplicationError)
    def application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
        return _error(api, request, 422, exc.message, **exc.extra)

    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        return _error(api, request, 422, "De gegevens kloppen niet.", errors=errors)

    @api.exception_handler(NinjaValidationError)
    def schema_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors: dict[str, list[str]] = {}
        for item in exc.errors:
            location = ".".join(str(part) for part in item.get("loc", ()) if part != "body")
            errors.setdefault(location or "__all__", []).append(str(item.get("msg", "")))
        return _error(api, request, 422, "De gegevens kloppen niet.", errors=errors)

    @api.exception_handler(PermissionDenied)
    def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return _error(api, request, 403, str(exc) or "Dit mag u niet doen.")

    @api.exception_handler(AuthenticationError)
    def not_authenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return _error(api, request, 401, "U bent niet ingelogd.")

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return _error(api, request, 404, "Niet gevonden.")
