"""The project's section links, shown on every project page for the rights the viewer holds."""

from __future__ import annotations

from typing import Any

from django.urls import NoReverseMatch, reverse

from .models import Project
from .policies import RIGHTS, has_right, role_in

# (label, url name, right needed to see the section)
SECTIONS: list[tuple[str, str, str]] = [
    ("Overview", "project-overview", "project.view"),
    ("Gantt", "project-gantt", "project.view"),
    ("Plan", "task-list", "project.view_work"),
    ("Board", "project-board", "project.view_work"),
    ("Milestones", "milestone-list", "project.view"),
    ("Goals", "goal-list", "project.view_work"),
    ("Schedule", "project-schedule", "project.view_work"),
    ("Workload", "project-workload", "project.view_work"),
    ("Baselines", "baseline-list", "project.view_work"),
    ("Plan settings", "plan-settings", "project.view_work"),
    ("Team", "project-team", "project.view_work"),
    ("Teams", "project-teams", "project.view_work"),
    ("RACI", "project-raci", "project.view_work"),
    ("Time", "time-entry-list", "project.view_work"),
    ("Budget", "project-budget", "budget.view"),
    ("Earned value", "project-earned-value", "budget.view"),
    ("Risks", "risk-list", "project.view_work"),
    ("Risk analysis", "risk-analysis", "project.view_work"),
    ("Issues", "issue-list", "project.view_work"),
    ("Escalation rules", "escalation-rules", "team.coordinate"),
    ("Watch thresholds", "watch-settings", "project.view_work"),
    ("Webhooks", "project-webhooks", "project.edit"),
    ("Meetings", "meeting-list", "project.view_work"),
    ("Documents", "document-list", "project.view"),
    ("Decisions", "decision-list", "project.view_work"),
    ("Status updates", "status-list", "project.view"),
    ("Reports", "report-list", "project.view"),
    ("History", "project-audit", "project.view_work"),
]


def project_nav(user: Any, project: Project, active: str = "") -> list[dict[str, Any]]:
    items = []
    for label, name, right in SECTIONS:
        if not has_right(user, project, right):
            continue
        try:
            url = reverse(name, args=[project.pk])
        except NoReverseMatch:
            continue
        items.append({"label": label, "url": url, "active": name == active})
    return items


def project_context(user: Any, project: Project, active: str = "", **extra: Any) -> dict[str, Any]:
    """Context every project page starts from: the project, its nav, and the viewer's rights."""
    role = role_in(user, project)
    # has_right, not the role alone: an archived project grants reading rights only.
    rights = {r for r in RIGHTS if has_right(user, project, r)}
    return {
        "project": project,
        "archived": project.archived_at is not None,
        "project_nav": project_nav(user, project, active),
        "role": role,
        "rights": {r.replace(".", "_"): True for r in rights},
        **extra,
    }
