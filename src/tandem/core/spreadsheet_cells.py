"""Cells for files people open in a spreadsheet (CSV, Excel): text that a spreadsheet program
would run as a formula is neutralised, whichever export writes it."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

# A cell starting with one of these is taken as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize_text(text: str) -> str:
    """``text`` with a leading apostrophe when a spreadsheet would run it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def restore_text(text: str) -> str:
    """``text`` as it was before :func:`neutralize_text`: the protective apostrophe (one
    followed by a formula start) taken off; any other leading apostrophe is the text's own."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def neutralize_cell(value: Any) -> str:
    """The cell text, with a leading apostrophe when a spreadsheet would run it as a formula.

    Numbers are written as they are (a negative number is data, not a formula); ``None`` is "".
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float | Decimal):
        return str(value)
    return neutralize_text(str(value))


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A CSV document (CRLF line ends) with every cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralize_cell(h) for h in header])
    for row in rows:
        writer.writerow([neutralize_cell(v) for v in row])
    return out.getvalue()
