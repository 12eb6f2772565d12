"""CSV exports of the risk register and the issue log, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from .models import Issue, Risk

# A cell starting with one of these is taken as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralize_cell(h) for h in header])
    for row in rows:
        writer.writerow([neutralize_cell(v) for v in row])
    return out.getvalue()


RISK_HEADER = [
    "id", "title", "cause", "effect", "probability", "impact", "score", "schedule_impact_days",
    "cost_impact", "owner", "response_strategy", "status", "mitigations",
]  # fmt: skip
ISSUE_HEADER = [
    "id", "title", "description", "severity", "priority", "owner", "due_date", "status",
    "escalation_level", "resolution",
]  # fmt: skip


def risks_csv(risks: Iterable[Risk]) -> str:
    rows = (
        [
            r.pk,
            r.title,
            r.cause,
            r.effect,
            r.probability,
            r.impact,
            r.score,
            r.schedule_impact_days,
            r.cost_impact,
            r.owner.username if r.owner else "",
            r.response_strategy,
            r.status,
            r.mitigations.count(),
        ]  # fmt: skip
        for r in risks
    )
    return to_csv(RISK_HEADER, rows)


def issues_csv(issues: Iterable[Issue]) -> str:
    rows = (
        [
            i.pk,
            i.title,
            i.description,
            i.severity,
            i.priority,
            i.owner.username if i.owner else "",
            i.due_date,
            i.status,
            i.escalation_level,
            i.resolution,
        ]  # fmt: skip
        for i in issues
    )
    return to_csv(ISSUE_HEADER, rows)
