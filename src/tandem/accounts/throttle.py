"""Sign-in throttling (django-axes does the counting): whose failures count, and what a refused
sign-in looks like.

After ``AXES_FAILURE_LIMIT`` failed sign-ins for one username, or from one address, within
``AXES_COOLOFF_TIME``, further tries for that username or from that address are refused until the
cool-off has passed since the last failure, even with the right password.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import ngettext

LOCKED_STATUS = 429


def client_ip(request: HttpRequest) -> str | None:
    """The address failed sign-ins count against.

    Behind ``TANDEM_TRUSTED_PROXIES`` proxies, the address the outermost of them saw (that far from
    the right of ``X-Forwarded-For``, which a client can prefix but not suffix); without proxies the
    connection's own address, so a forged header counts for nothing.
    """
    hops = int(getattr(settings, "TANDEM_TRUSTED_PROXIES", 0))
    if hops > 0:
        forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
        chain = [part.strip() for part in forwarded.split(",") if part.strip()]
        if len(chain) >= hops:
            return chain[-hops]
    remote = request.META.get("REMOTE_ADDR")
    return None if remote is None else str(remote)


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return ngettext(
        "Too many failed sign-ins for this username or from this address. "
        "Sign-in is paused for %(minutes)s minute; then try again, or reset your password.",
        "Too many failed sign-ins for this username or from this address. "
        "Sign-in is paused for %(minutes)s minutes; then try again, or reset your password.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """What a refused sign-in answers: the API's error format, or the sign-in page saying why."""
    message = lockout_message()
    if request.path.startswith("/api/"):
        body = {"error": {"code": "locked_out", "message": message, "fields": {}}}
        return JsonResponse(body, status=LOCKED_STATUS)
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    shown = ngettext(
        "Too many failed sign-ins for this username or from this address. Sign-in is paused "
        "for %(minutes)d minute; then try again, or reset your password.",
        "Too many failed sign-ins for this username or from this address. Sign-in is paused "
        "for %(minutes)d minutes; then try again, or reset your password.",
        minutes,
    ) % {"minutes": minutes}
    form = AuthenticationForm(request, initial={"username": (credentials or {}).get("username")})
    context = {"form": form, "lockout": shown, "next": request.POST.get("next", "")}
    return render(request, "registration/login.html", context, status=LOCKED_STATUS)
