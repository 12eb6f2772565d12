"""The project's section links, shown on every project page for the rights the viewer holds."""

from __future__ import annotations

from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from .models import Project
from .policies import RIGHTS, has_right, role_in

# The menu's groups, in order: (group, [(label, url name, right needed to see the section)]).
GROUPS: list[tuple[StrOrPromise, list[tuple[StrOrPromise, str, str]]]] = [
    (
        _("Plan"),
        [
            (_("Overview"), "project-overview", "project.view"),
            (_("Gantt"), "project-gantt", "project.view"),
            (_("Plan"), "task-list", "project.view_work"),
            (_("Board"), "project-board", "project.view_work"),
            (_("Milestones"), "milestone-list", "project.view"),
            (_("Goals"), "goal-list", "project.view_work"),
            (_("Schedule"), "project-schedule", "project.view_work"),
            (_("Workload"), "project-workload", "project.view_work"),
            (_("Baselines"), "baseline-list", "project.view_work"),
            (_("Plan settings"), "plan-settings", "project.view_work"),
        ],
    ),
    (
        _("People"),
        [
            (_("Team"), "project-team", "project.view_work"),
            (_("Teams"), "project-teams", "project.view_work"),
            (_("RACI"), "project-raci", "project.view_work"),
            (_("Time"), "time-entry-list", "project.view_work"),
            (_("Meetings"), "meeting-list", "project.view_work"),
        ],
    ),
    (
        _("Money & risk"),
        [
            (_("Budget"), "project-budget", "budget.view"),
            (_("Earned value"), "project-earned-value", "budget.view"),
            (_("Risks"), "risk-list", "project.view_work"),
            (_("Risk analysis"), "risk-analysis", "project.view_work"),
            (_("Issues"), "issue-list", "project.view_work"),
            (_("Escalation rules"), "escalation-rules", "team.coordinate"),
            (_("Watch thresholds"), "watch-settings", "project.view_work"),
        ],
    ),
    (
        _("Records"),
        [
            (_("Documents"), "document-list", "project.view"),
            (_("Decisions"), "decision-list", "project.view_work"),
            (_("Status updates"), "status-list", "project.view"),
            (_("Reports"), "report-list", "project.view"),
            (_("History"), "project-audit", "project.view_work"),
            (_("Webhooks"), "project-webhooks", "project.edit"),
        ],
    ),
]
SECTIONS: list[tuple[StrOrPromise, str, str]] = [
    section for _group, found in GROUPS for section in found
]


def project_nav(user: Any, project: Project, active: str = "") -> list[dict[str, Any]]:
    """The sections the viewer may open, in menu order, each with its group's label."""
    items = []
    for group, sections in GROUPS:
        for label, name, right in sections:
            if not has_right(user, project, right):
                continue
            try:
                url = reverse(name, args=[project.pk])
            except NoReverseMatch:
                continue
            items.append({"label": label, "url": url, "active": name == active, "group": group})
    return items


def grouped(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``project_nav``'s sections under their groups (Plan, People, Money & risk, Records); a
    group the viewer's rights leave empty is left out."""
    groups: list[dict[str, Any]] = []
    for item in items:
        if not groups or groups[-1]["label"] != item["group"]:
            groups.append({"label": item["group"], "slug": f"pn-{len(groups) + 1}", "items": []})
        groups[-1]["items"].append(item)
    return groups


def project_context(user: Any, project: Project, active: str = "", **extra: Any) -> dict[str, Any]:
    """Context every project page starts from: the project, its nav, and the viewer's rights."""
    role = role_in(user, project)
    # has_right, not the role alone: an archived project grants reading rights only.
    rights = {r for r in RIGHTS if has_right(user, project, r)}
    nav = project_nav(user, project, active)
    return {
        "project": project,
        "archived": project.archived_at is not None,
        "project_nav": nav,
        "project_nav_groups": grouped(nav),
        "role": role,
        "rights": {r.replace(".", "_"): True for r in rights},
        **extra,
    }
