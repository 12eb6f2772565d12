"""How alerts read: the evidence's labels, and alerts shaped for a page, an email or the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from tandem.core import l10n

EVIDENCE_LABELS = {
    "milestone": _("Milestone"),
    "task": _("Task"),
    "baseline": _("Baseline"),
    "baseline_finish": _("Baseline finish"),
    "forecast_finish": _("Forecast finish"),
    "slip_working_days": _("Slip (working days)"),
    "critical": _("On the critical path"),
    "total_float_days": _("Total float now (working days)"),
    "compared_with": _("Compared with"),
    "float_then_days": _("Total float then (working days)"),
    "fell_by_days": _("Fell by (working days)"),
    "planned_finish": _("Planned finish"),
    "planned_start": _("Planned start"),
    "percent_complete": _("Percent complete"),
    "overdue_working_days": _("Overdue (working days)"),
    "late_working_days": _("Late (working days)"),
    "action_item": _("Action item"),
    "meeting": _("Meeting"),
    "owner": _("Owner"),
    "due_date": _("Due"),
    "risk": _("Risk"),
    "score": _("Score"),
    "last_reviewed": _("Last reviewed"),
    "days_since_review": _("Days since review"),
    "index": _("Index"),
    "value": _("Value"),
    "cpi": _("CPI"),
    "spi": _("SPI"),
    "status_date": _("Status date"),
}


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return gettext_now("yes") if value else gettext_now("no")
    return "" if value is None else str(value)


def _day(value: Any) -> str:
    """An ISO day of the evidence ("2026-01-05") as the reader's locale writes it."""
    try:
        return l10n.format_date(dt.date.fromisoformat(str(value)))
    except ValueError:
        return _plain(value)


def evidence_rows(evidence: dict[str, Any]) -> list[tuple[str, str]]:
    """The evidence as (label, value) rows, without the trend (shown as its own table)."""
    return [
        (str(EVIDENCE_LABELS.get(key, key.replace("_", " ").capitalize())), _plain(value))
        for key, value in evidence.items()
        if key != "trend"
    ]


def trend_rows(evidence: dict[str, Any]) -> list[tuple[str, str, str]]:
    """The weekly trend as (week, forecast finish, total float) rows, oldest first."""
    return [
        (
            _day(point.get("week", "")),
            _day(point.get("finish")),
            _plain(point.get("total_float_days")),
        )
        for point in evidence.get("trend", [])
    ]
