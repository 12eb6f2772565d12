"""The project overview's monitoring panels: open alerts with their evidence, the suggested
health beside the manager's, and the trend charts; shaped once here for the page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from tandem.projects.models import Health, Project
from tandem.projects.policies import has_right

from . import charts, queries
from .evaluation import project_today
from .findings import compared_baseline
from .presenters import evidence_rows, trend_rows

PANEL_ALERTS = 20
# A health in the middle of a sentence ("Why amber:", "Accept red").
HEALTH_WORDS = {
    Health.GREEN: pgettext_lazy("health", "green"),
    Health.AMBER: pgettext_lazy("health", "amber"),
    Health.RED: pgettext_lazy("health", "red"),
}


def _health_label(value: str) -> str:
    return str(Health(value).label) if value in Health.values else value


def _with_words(health: dict[str, Any] | None) -> dict[str, Any] | None:
    """The suggested and the manager's health as people read them, capitalized and in a
    sentence, and each reason's severity."""
    if health is None:
        return None
    return {
        **health,
        "suggested_label": _health_label(health["suggested"]),
        "suggested_word": HEALTH_WORDS.get(health["suggested"], health["suggested"]),
        "manager_label": _health_label(health["manager_health"]),
        "manager_word": HEALTH_WORDS.get(health["manager_health"], health["manager_health"]),
        "reasons": [
            {**r, "severity_label": _health_label(r.get("severity", ""))} for r in health["reasons"]
        ],
    }


def _link(alert: Any, works: bool) -> str:
    """Where the alert's title leads: its subject, or for readers who do not open tasks (a
    stakeholder reading a milestone slip) the project's milestones."""
    if alert.url.startswith("/tasks/") and not works:
        return reverse("milestone-list", args=[alert.project_id])
    return str(alert.url)


def shaped_alert(alert: Any, works: bool = True) -> dict[str, Any]:
    return {
        "alert": alert,
        "link": _link(alert, works),
        "evidence": evidence_rows(alert.evidence),
        "trend": trend_rows(alert.evidence),
    }


def overview_panels(
    user: Any, project: Project, now: dt.datetime | None = None
) -> list[dict[str, Any]]:
    """The alerts panel (everybody in the project, each alert for those who may read it) and,
    for the workers, the suggested health and the charts."""
    alerts = list(queries.list_alerts(user, project.pk, "open")[:PANEL_ALERTS])
    works = has_right(user, project, "project.view_work")
    panels: list[dict[str, Any]] = [
        {
            "template": "monitoring/panels/alerts.html",
            "alerts": [shaped_alert(a, works) for a in alerts],
            "health": _with_words(queries.health_for(user, project)) if works else None,
            "may_acknowledge": has_right(user, project, "team.coordinate"),
            "may_decide": has_right(user, project, "project.edit"),
        }
    ]
    if works:
        today = project_today(project, now or timezone.now())
        panels.append(
            {
                "template": "monitoring/panels/charts.html",
                "charts": [
                    charts.burnup_chart(project, compared_baseline(project), today),
                    charts.milestone_trend_chart(project),
                    charts.issues_and_risks_chart(project),
                ],
            }
        )
    return panels
