"""The API's OpenAPI schema completed with what every operation shares.

Routes declare their own success and error bodies; what holds for all of them is added here,
once: the version precondition (an ``If-Match`` header, 412 when stale, 428 when missing) on
every operation that reads it through ``version_from``, and the error answers any operation can
give (401 without credentials, 403, 404 for a path naming an object, 422 for a malformed value).
412 and 428 stay only where a version is read.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation

ERROR_REF = {"$ref": "#/components/schemas/ErrorOut"}
IF_MATCH = {
    "in": "header",
    "name": "If-Match",
    "required": False,
    "schema": {"type": "string"},
    "description": 'The version the write is based on, as `"<version>"` (or send a `version` '
    "field instead); without either the answer is 428, with a stale one 412.",
}
COMMON_ERRORS = {
    401: "Not signed in and no valid personal access token.",
    403: "The caller's role or token does not allow this.",
    422: "A malformed or out-of-range value; `fields` names each one.",
}
VERSION_ERRORS = {
    412: "The version sent is stale: read the object again.",
    428: "No version sent (If-Match header or `version` field).",
}
# How deep to follow the module's own helpers (``_patch`` and the like) looking for the call.
HELPER_DEPTH = 2


def reads_version(func: Callable[..., Any] | None, depth: int = HELPER_DEPTH) -> bool:
    """Whether ``func`` (or a Tandem helper it calls) reads the client's version."""
    if func is None or not callable(func):
        return False
    func = inspect.unwrap(func)
    code = getattr(func, "__code__", None)
    if code is None:
        return False
    if "version_from" in code.co_names:
        return True
    if depth == 0:
        return False
    helpers = (func.__globals__.get(name) for name in code.co_names)
    return any(
        reads_version(helper, depth - 1)
        for helper in helpers
        if inspect.isfunction(helper) and helper.__module__.startswith("tandem.")
    )


def _operations(api: NinjaAPI) -> Iterator[Operation]:
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            yield from path_view.operations


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": ERROR_REF}}}


def complete_schema(api: NinjaAPI, schema: OpenAPISchema) -> OpenAPISchema:
    """Add the shared parameters and error answers to every operation of ``schema``."""
    views = {
        op.operation_id or api.get_openapi_operation_id(op): op.view_func for op in _operations(api)
    }
    for path, methods in schema["paths"].items():
        for details in methods.values():
            responses = details.setdefault("responses", {})
            errors = dict(COMMON_ERRORS)
            if "{" in path:
                errors[404] = "Nothing the caller may see has this id."
            if reads_version(views.get(details.get("operationId", ""))):
                details.setdefault("parameters", []).append(IF_MATCH)
                errors.update(VERSION_ERRORS)
            else:
                # ``ERRORS`` lists them for every route; only a versioned write can answer them.
                for status in VERSION_ERRORS:
                    responses.pop(status, None)
            for status, description in errors.items():
                responses.setdefault(status, _error(description))
    return schema


class TandemAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> OpenAPISchema:
        return complete_schema(self, super().get_openapi_schema(**kwargs))
