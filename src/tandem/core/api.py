"""Pieces every router uses: the error format and the version precondition."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest
from ninja import Schema
from pydantic import ConfigDict

from .middleware import activate_person_language
from .versions import expected_version


class ErrorBody(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] = {}


class ErrorOut(Schema):
    error: ErrorBody


def version_from(request: HttpRequest, body_version: int | None = None) -> int:
    """The version the client based its write on (If-Match or body); 428 when missing."""
    return expected_version(request.headers.get("If-Match"), body_version)


ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    412: ErrorOut,
    413: ErrorOut,
    422: ErrorOut,
    428: ErrorOut,
}


class StrictIn(Schema):
    """A request body that names only known fields: a misspelt or read-only field is a 422
    naming it, never silently ignored while the version goes up."""

    model_config = ConfigDict(extra="forbid")


def in_person_language(view: Callable[..., Any]) -> Callable[..., Any]:
    """Run an API operation in the signed-in person's own language. A request with a personal
    access token has its person only once the API authenticated it, after the middleware chose
    the browser's language."""

    @wraps(view)
    def run(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        activate_person_language(request, request.user)
        return view(request, *args, **kwargs)

    return run
