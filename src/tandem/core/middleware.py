"""Turns domain errors raised under a page into the right status with a readable page."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from .errors import PayloadTooLarge, TandemError, ValidationFailed


class TandemErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            # A NUL in a search or filter reaches the database as an error on PostgreSQL.
            return self._refused(
                request,
                ValidationFailed(
                    "Invalid input: the address contains a null character.",
                    fields={"__all__": ["Null characters are not allowed."]},
                ),
            )
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
                f"The request body is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes.",
                fields={"__all__": ["request body too large"]},
            )
            return self._refused(request, exc)
        if request.path.startswith("/api/") or not isinstance(exc, TandemError):
            return None
        return self._refused(request, exc)


# Answers the router gives by itself (no such path, method not served) as HTML; the API answers
# every error in its one JSON format.
_FRAMEWORK_ERRORS = {
    404: ("not_found", "No such API endpoint."),
    405: ("method_not_allowed", "This endpoint does not accept that method."),
}


def _api_framework_error(response: HttpResponse) -> HttpResponse:
    if response.get("Content-Type", "").startswith("application/json"):
        return response
    code, message = _FRAMEWORK_ERRORS[response.status_code]
    if response.status_code == 405 and response.get("Allow"):
        message = f"{message} Allowed: {response['Allow']}."
    out = JsonResponse(
        {"error": {"code": code, "message": message, "fields": {}}}, status=response.status_code
    )
    if response.get("Allow"):
        out["Allow"] = response["Allow"]
    return out


def _has_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path:
        return True
    return any(
        "\x00" in key or any("\x00" in value for value in values)
        for key, values in request.GET.lists()
    )


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
