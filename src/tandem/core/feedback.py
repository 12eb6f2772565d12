"""A message after every save, on pages and in htmx answers alike.

A form posted from a page that answers with a redirect has saved something; when its view did
not say so itself (nor why not), "Saved." is queued so the next page says so. An htmx request never renders the
page's message list, so its messages travel in the ``HX-Trigger`` header as the
``tandem:toast`` event, which ``tandem/feedback.js`` shows as a toast (and they are taken off the
queue, so the next full page does not repeat them).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext_lazy as _

TOAST_EVENT = "tandem:toast"
DEFAULT_TEXT = _("Saved.")
# Forms whose answer is not a save of the person's work (signing in and out, password flows).
NOT_SAVES = frozenset(
    {
        "login",
        "logout",
        "setup",
        "password_change",
        "password_reset",
        "password_reset_confirm",
    }
)
SAVE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _url_name(request: HttpRequest) -> str | None:
    try:
        return resolve(request.path_info).url_name
    except Resolver404:
        return None


def _is_save(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        request.method in SAVE_METHODS
        and response.status_code < 400
        and getattr(request.user, "is_authenticated", False)
        and _url_name(request) not in NOT_SAVES
    )


def _queued(request: HttpRequest) -> list[Any]:
    storage = getattr(request, "_messages", None)
    return list(getattr(storage, "_queued_messages", []))


def _said_how_it_went(request: HttpRequest) -> bool:
    """Whether the view already said it saved, or why not (notes about side effects, such as
    tasks the schedule moved, are info and do not count)."""
    return any(m.level >= messages.SUCCESS for m in _queued(request))


def _with_trigger(response: HttpResponse, items: list[dict[str, str]]) -> None:
    """Add the toast event to the answer's ``HX-Trigger`` (keeping events set by the view)."""
    events: dict[str, Any] = {}
    given = response.get("HX-Trigger")
    if given:
        try:
            parsed = json.loads(given)
        except ValueError:
            parsed = {name.strip(): None for name in given.split(",") if name.strip()}
        if isinstance(parsed, dict):
            events.update(parsed)
    events[TOAST_EVENT] = {"messages": items}
    # ASCII only: header values are Latin-1; htmx parses the JSON escapes back.
    response["HX-Trigger"] = json.dumps(events, ensure_ascii=True)


class FeedbackMiddleware:
    """After ``MessageMiddleware`` in ``MIDDLEWARE`` (it reads the request's message store)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith("/api/") or not hasattr(request, "_messages"):
            return response
        htmx = request.headers.get("HX-Request") == "true"
        saved = _is_save(request, response)
        if saved and not _said_how_it_went(request) and (htmx or 300 <= response.status_code < 400):
            messages.success(request, DEFAULT_TEXT)
        if htmx and not 300 <= response.status_code < 400:
            # Every pending message (this request's, and a redirected one's before it), taken
            # off the queue: shown by the toast, not again on the next page.
            pending = messages.get_messages(request)
            items = [{"level": m.level_tag or "info", "text": str(m)} for m in pending]
            if items:
                _with_trigger(response, items)
        return response
