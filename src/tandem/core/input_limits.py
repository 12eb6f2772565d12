"""Values no database can hold, refused as a 422 before they reach one.

A JSON body may carry integers of any size and strings with unpaired UTF-16 surrogates
(``"\\ud800"``): SQLite raises ``OverflowError`` on the first, both databases
``UnicodeEncodeError`` on the second, and either was a 500. The API's parser checks every value
of every body here, so each endpoint gets the same refusal naming the offending fields.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from django.db import DataError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.parser import Parser

from .errors import ValidationFailed

# A signed 64-bit integer: the widest integer column on SQLite and PostgreSQL.
INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1
# Enough to name the problem; a body with thousands of bad values need not be listed whole.
MAX_REPORTED_FIELDS = 20


# Functions, not constants: each problem is told in the language of the request being answered.
def _out_of_range() -> str:
    return _("number out of range (at most %(max)s)") % {"max": INT64_MAX}


def _surrogate() -> str:
    return _("contains an unpaired UTF-16 surrogate (not a valid character)")


def _not_a_number() -> str:
    return _("not a valid JSON number (NaN and Infinity are not allowed)")


def has_unpaired_surrogate(text: str) -> bool:
    """True if ``text`` holds a lone surrogate code point, which no UTF-8 encoder accepts."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _walk(data: Any) -> Iterator[tuple[str, Any]]:
    """Every (dotted path, value) in a parsed JSON document, keys included, without recursion."""
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                child = f"{path}.{key}" if path else str(key)
                yield child, key
                stack.append((child, item))
        elif isinstance(value, list):
            stack.extend((f"{path}.{i}" if path else str(i), v) for i, v in enumerate(value))
        else:
            yield path, value


class _Overlong:
    """An integer literal too long to convert (Python refuses over 4,300 digits)."""


def _parse_int(literal: str) -> int | _Overlong:
    return _Overlong() if len(literal) > 40 else int(literal)


def _problem(value: Any) -> str | None:
    if isinstance(value, _Overlong):
        return _out_of_range()
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and not INT64_MIN <= value <= INT64_MAX:
        return _out_of_range()
    if isinstance(value, float) and value in (float("inf"), float("-inf")):
        return _out_of_range()
    if isinstance(value, str) and has_unpaired_surrogate(value):
        return _surrogate()
    return None


def bad_values(data: Any) -> dict[str, list[str]]:
    """``{field path: [problem]}`` for every value of ``data`` no database can store."""
    fields: dict[str, list[str]] = {}
    for path, value in _walk(data):
        problem = _problem(value)
        if problem is not None:
            fields.setdefault(path or "__all__", []).append(problem)
            if len(fields) >= MAX_REPORTED_FIELDS:
                break
    return dict(sorted(fields.items()))


def refuse_bad_values(data: Any) -> None:
    fields = bad_values(data)
    if fields:
        summary = "; ".join(f"{k}: {' '.join(v)}" for k, v in fields.items())
        raise ValidationFailed(
            _("Invalid input: %(summary)s") % {"summary": summary}, fields=fields
        )


def _refuse_constant(name: str) -> Any:
    raise ValidationFailed(
        _("Invalid input: %(name)s is %(problem)s") % {"name": name, "problem": _not_a_number()},
        fields={"__all__": [name]},
    )


class CheckedJsonParser(Parser):
    """JSON bodies as the default parser reads them, refused (422) when a value cannot be stored.

    django-ninja wraps a parser's exception in a 400 ``HttpError``; the API's handler for it
    answers with this ``ValidationFailed`` instead when it is the cause.
    """

    def parse_body(self, request: HttpRequest) -> Any:
        data = json.loads(request.body, parse_constant=_refuse_constant, parse_int=_parse_int)
        refuse_bad_values(data)
        return data


def is_out_of_range(exc: BaseException) -> bool:
    """An integer the database driver could not bind (SQLite) or the column not hold
    (PostgreSQL's ``numeric_value_out_of_range``)."""
    if isinstance(exc, OverflowError):
        return True
    return isinstance(exc, DataError) and getattr(exc.__cause__, "sqlstate", None) == "22003"


def out_of_range_error() -> ValidationFailed:
    return ValidationFailed(
        _("Invalid input: a number is out of range (at most %(max)s).") % {"max": INT64_MAX},
        fields={"__all__": [_out_of_range()]},
    )
