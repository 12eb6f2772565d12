"""Domain errors. Actions raise them; the API and the pages turn each into one response shape."""

from __future__ import annotations


class TandemError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, fields: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class ValidationFailed(TandemError):
    status = 422
    code = "validation_failed"


class NotFound(TandemError):
    status = 404
    code = "not_found"


class Forbidden(TandemError):
    status = 403
    code = "forbidden"


class Conflict(TandemError):
    status = 409
    code = "conflict"


class PreconditionRequired(TandemError):
    status = 428
    code = "precondition_required"


class PreconditionFailed(TandemError):
    status = 412
    code = "precondition_failed"


class PayloadTooLarge(TandemError):
    status = 413
    code = "payload_too_large"
