"""The REST API: one NinjaAPI, a router per domain app, one error format."""

from __future__ import annotations

import importlib
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError, ValidationError

from tandem.accounts.auth import API_AUTH
from tandem.core.api import in_person_language
from tandem.core.errors import PayloadTooLarge, TandemError
from tandem.core.input_limits import CheckedJsonParser, is_out_of_range, out_of_range_error
from tandem.core.openapi import TandemAPI

from .domain import DOMAIN_APPS

api = TandemAPI(
    title="Tandem API",
    version="1",
    description="Projects, plans, schedules, risks, meetings and records. Writes need the version "
    'you read: send `If-Match: "<version>"` (or a `version` field); a missing version is 428, a '
    "stale one 412.",
    auth=API_AUTH,
    urls_namespace="api",
    parser=CheckedJsonParser(),
)
# After authentication: a token's owner reads the answers in the language of their profile.
api.add_decorator(in_person_language)


def _error(
    request: HttpRequest,
    status: int,
    code: str,
    message: str,
    fields: dict[str, list[str]] | None = None,
) -> HttpResponse:
    return api.create_response(
        request,
        {"error": {"code": code, "message": message, "fields": fields or {}}},
        status=status,
    )


@api.exception_handler(TandemError)
def _tandem_error(request: HttpRequest, exc: TandemError) -> HttpResponse:
    return _error(request, exc.status, exc.code, exc.message, exc.fields)


def _field_message(err: dict[str, Any]) -> str:
    """A validation error of the body or query in the reader's language: the common kinds are
    worded here; any other keeps the validator's own (English) words."""
    kind, context = err.get("type", ""), err.get("ctx") or {}
    simple = {
        "missing": _("This field is required."),
        "extra_forbidden": _("Unknown field: it is not one this request takes."),
        "int_parsing": _("Enter a whole number."),
        "int_type": _("Enter a whole number."),
        "int_from_float": _("Enter a whole number."),
        "float_parsing": _("Enter a number."),
        "float_type": _("Enter a number."),
        "decimal_parsing": _("Enter a number."),
        "decimal_type": _("Enter a number."),
        "bool_parsing": _("Enter true or false."),
        "bool_type": _("Enter true or false."),
        "string_type": _("Enter text."),
        "date_parsing": _("Enter a date as YYYY-MM-DD."),
        "date_from_datetime_parsing": _("Enter a date as YYYY-MM-DD."),
        "date_type": _("Enter a date as YYYY-MM-DD."),
        "datetime_parsing": _("Enter a date and time in ISO 8601 with its offset."),
        "datetime_from_date_parsing": _("Enter a date and time in ISO 8601 with its offset."),
        "datetime_type": _("Enter a date and time in ISO 8601 with its offset."),
        "list_type": _("Enter a list."),
        "dict_type": _("Enter an object."),
        "json_invalid": _("This is not valid JSON."),
    }
    if kind in simple:
        return simple[kind]
    if kind == "string_too_long" and "max_length" in context:
        return _("Use at most %(count)s characters.") % {"count": context["max_length"]}
    if kind == "string_too_short" and "min_length" in context:
        return _("Use at least %(count)s characters.") % {"count": context["min_length"]}
    if kind in ("greater_than_equal", "greater_than") and context:
        limit = context.get("ge", context.get("gt"))
        return _("Enter a number of at least %(limit)s.") % {"limit": limit}
    if kind in ("less_than_equal", "less_than") and context:
        limit = context.get("le", context.get("lt"))
        return _("Enter a number of at most %(limit)s.") % {"limit": limit}
    if kind in ("literal_error", "enum") and "expected" in context:
        return _("Choose one of %(choices)s.") % {"choices": context["expected"]}
    return str(err.get("msg", _("invalid")))


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields: dict[str, list[str]] = {}
    for err in exc.errors:
        loc = [str(p) for p in err.get("loc", []) if p not in ("body", "payload", "query", "path")]
        fields.setdefault(".".join(loc) or "__all__", []).append(_field_message(err))
    summary = "; ".join(f"{k}: {' '.join(v)}" for k, v in fields.items())
    return _error(
        request,
        422,
        "validation_failed",
        _("Invalid input: %(summary)s") % {"summary": summary},
        fields,
    )


@api.exception_handler(AuthenticationError)
def _auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "unauthenticated", _("Sign in or send a personal access token."))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "not_found", str(exc) or _("Not found."))


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, "forbidden", str(exc) or _("Not allowed."))


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc.__cause__, TandemError):
        # A body the parser refused (``CheckedJsonParser``): its own status and fields.
        return _tandem_error(request, exc.__cause__)
    codes = {400: "bad_request", 401: "unauthenticated", 403: "forbidden", 404: "not_found"}
    return _error(request, exc.status_code, codes.get(exc.status_code, "error"), str(exc))


@api.exception_handler(RequestDataTooBig)
def _too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    # Without this, django-ninja answers it under DEBUG with a plain-text traceback; the answer
    # is the one the error middleware gives when the body is read outside the API.
    error = PayloadTooLarge(
        _("The request body is larger than %(limit)s bytes.")
        % {"limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE},
        fields={"__all__": [_("request body too large")]},
    )
    return JsonResponse(
        {"error": {"code": error.code, "message": error.message, "fields": error.fields}},
        status=error.status,
    )


@api.exception_handler(OverflowError)
@api.exception_handler(DataError)
def _out_of_range(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A number the database cannot hold that reached it through a query or path parameter."""
    if not is_out_of_range(exc):
        raise exc
    return _tandem_error(request, out_of_range_error())


# Each domain app with an ``api.py`` contributes its ``router``.
# (core's ``api.py`` holds the pieces every router uses, not routes of its own.)
API_APPS = [app for app in DOMAIN_APPS if app != "core"]
for _app in API_APPS:
    try:
        _module = importlib.import_module(f"tandem.{_app}.api")
    except ModuleNotFoundError as exc:
        if exc.name != f"tandem.{_app}.api":
            raise
        continue
    api.add_router("/", _module.router)
