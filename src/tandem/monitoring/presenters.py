"""How alerts read: the evidence's labels, and alerts shaped for a page, an email or the API."""

from __future__ import annotations

from typing import Any

EVIDENCE_LABELS = {
    "milestone": "Milestone",
    "task": "Task",
    "baseline": "Baseline",
    "baseline_finish": "Baseline finish",
    "forecast_finish": "Forecast finish",
    "slip_working_days": "Slip (working days)",
    "critical": "On the critical path",
    "total_float_days": "Total float now (working days)",
    "compared_with": "Compared with",
    "float_then_days": "Total float then (working days)",
    "fell_by_days": "Fell by (working days)",
    "planned_finish": "Planned finish",
    "planned_start": "Planned start",
    "percent_complete": "Percent complete",
    "overdue_working_days": "Overdue (working days)",
    "late_working_days": "Late (working days)",
    "action_item": "Action item",
    "meeting": "Meeting",
    "owner": "Owner",
    "due_date": "Due",
    "risk": "Risk",
    "score": "Score",
    "last_reviewed": "Last reviewed",
    "days_since_review": "Days since review",
    "index": "Index",
    "value": "Value",
    "cpi": "CPI",
    "spi": "SPI",
    "status_date": "Status date",
}


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else str(value)


def evidence_rows(evidence: dict[str, Any]) -> list[tuple[str, str]]:
    """The evidence as (label, value) rows, without the trend (shown as its own table)."""
    return [
        (EVIDENCE_LABELS.get(key, key.replace("_", " ").capitalize()), _plain(value))
        for key, value in evidence.items()
        if key != "trend"
    ]


def trend_rows(evidence: dict[str, Any]) -> list[tuple[str, str, str]]:
    """The weekly trend as (week, forecast finish, total float) rows, oldest first."""
    return [
        (
            str(point.get("week", "")),
            _plain(point.get("finish")),
            _plain(point.get("total_float_days")),
        )
        for point in evidence.get("trend", [])
    ]
