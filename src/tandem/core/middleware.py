"""Turns domain errors raised under a page into the right status with a readable page."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import l10n
from .errors import PayloadTooLarge, TandemError, ValidationFailed
from .input_limits import is_out_of_range, out_of_range_error


class TandemErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refusal = _bad_address(request)
        if refusal is not None:
            return self._refused(request, refusal)
        response = self.get_response(request)
        if request.path.startswith("/api/") and response.status_code in _FRAMEWORK_ERRORS:
            return _api_framework_error(response)
        return response

    def _refused(self, request: HttpRequest, exc: TandemError) -> HttpResponse:
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"error": {"code": exc.code, "message": exc.message, "fields": exc.fields}},
                status=exc.status,
            )
        return render(
            request,
            "tandem/error.html",
            {"status": exc.status, "message": exc.message, "fields": exc.fields},
            status=exc.status,
        )

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if isinstance(exc, RequestDataTooBig):
            # Raised by Django when the body is read; without this it is a bare HTML 400.
            exc = PayloadTooLarge(
                _("The request body is larger than %(limit)s bytes.")
                % {"limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE},
                fields={"__all__": [_("request body too large")]},
            )
            return self._refused(request, exc)
        if is_out_of_range(exc):
            # A huge id in a form or an address (SQLite cannot bind it): the input is at fault.
            return self._refused(request, out_of_range_error())
        if request.path.startswith("/api/") or not isinstance(exc, TandemError):
            return None
        return self._refused(request, exc)


# Answers the router gives by itself (no such path, method not served) as HTML; the API answers
# every error in its one JSON format.
_FRAMEWORK_ERRORS = {
    404: ("not_found", gettext_lazy("No such API endpoint.")),
    405: ("method_not_allowed", gettext_lazy("This endpoint does not accept that method.")),
}


def _api_framework_error(response: HttpResponse) -> HttpResponse:
    if response.get("Content-Type", "").startswith("application/json"):
        return response
    code, lazy_message = _FRAMEWORK_ERRORS[response.status_code]
    message = str(lazy_message)
    if response.status_code == 405 and response.get("Allow"):
        message = _("%(message)s Allowed: %(methods)s.") % {
            "message": message,
            "methods": response["Allow"],
        }
    out = JsonResponse(
        {"error": {"code": code, "message": message, "fields": {}}}, status=response.status_code
    )
    if response.get("Allow"):
        out["Allow"] = response["Allow"]
    return out


# Longer than any search or filter a person types; SQLite refuses LIKE patterns over 50,000.
MAX_QUERY_VALUE = 2000


def _bad_address(request: HttpRequest) -> ValidationFailed | None:
    """Why the address cannot be served (a NUL reaches PostgreSQL as an error, a huge search
    term SQLite), or None."""
    params = [(key, value) for key, values in request.GET.lists() for value in values]
    if "\x00" in request.path or any("\x00" in k or "\x00" in v for k, v in params):
        return ValidationFailed(
            _("Invalid input: the address contains a null character."),
            fields={"__all__": [_("Null characters are not allowed.")]},
        )
    too_long = sorted({k for k, v in params if len(v) > MAX_QUERY_VALUE})
    if too_long:
        return ValidationFailed(
            _("Invalid input: %(fields)s: at most %(max)s characters.")
            % {"fields": ", ".join(too_long), "max": MAX_QUERY_VALUE},
            fields={
                k: [_("at most %(max)s characters") % {"max": MAX_QUERY_VALUE}] for k in too_long
            },
        )
    return None


# Scripts and styles come from the app's own static files only. No inline script, no eval
# (htmx runs with allowEval off, see base.html). Inline style *attributes* stay allowed: about
# thirty template tags carry one (progress bar widths, indents, layout tweaks), while inline
# <style> elements are refused (style-src-elem); a browser without CSP level 3 applies style-src.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "style-src-elem 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'self'",
    ]
)


class ContentSecurityPolicyMiddleware:
    """Send ``CONTENT_SECURITY_POLICY`` with every response that does not set its own (file
    downloads send a stricter one)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        return response


class UserTimeZoneMiddleware:
    """Show every date and time in the signed-in person's own zone (stored values stay UTC)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        zone = getattr(getattr(request, "user", None), "time_zone", None)
        try:
            if zone:
                timezone.activate(zoneinfo.ZoneInfo(zone))
            else:
                timezone.deactivate()
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


def activate_person_language(request: HttpRequest, user: Any) -> None:
    """The person's own interface language when they chose one on their profile; else the one
    LocaleMiddleware found (the browser's Accept-Language) stays active."""
    language = getattr(user, "language", "") or ""
    if language and language in {code for code, _name in settings.LANGUAGES}:
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class UserLocaleMiddleware:
    """The signed-in person's interface language and formatting locale, when they chose them on
    their profile; else the browser's (Accept-Language), as LocaleMiddleware found it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        activate_person_language(request, user)
        l10n.activate(
            l10n.choose_locale(
                getattr(user, "locale", "") or "", request.headers.get("Accept-Language", "")
            )
        )
        try:
            return self.get_response(request)
        finally:
            l10n.deactivate()
