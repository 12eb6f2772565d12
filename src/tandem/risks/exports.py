"""CSV exports of the risk register and the issue log, safe to open in a spreadsheet."""

from __future__ import annotations

from collections.abc import Iterable

from tandem.core.spreadsheet_cells import to_csv

from .models import Issue, Risk

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
