"""Pieces every router uses: the error format and the version precondition."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Schema
from pydantic import ConfigDict

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
