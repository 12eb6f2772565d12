"""Reads of risks, mitigations and issues, already narrowed to what the user may see."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Q, QuerySet, TextChoices
from django.utils.translation import gettext as _

from tandem.core.errors import NotFound, ValidationFailed
from tandem.planning.models import Task
from tandem.projects.models import Project
from tandem.projects.policies import access_project

from .models import (
    EscalationLevel,
    Issue,
    IssueEscalation,
    IssueStatus,
    MitigationAction,
    Priority,
    ResponseStrategy,
    Risk,
    RiskAnalysisRun,
    RiskStatus,
    Severity,
)
from .policies import IssuePolicy, MitigationPolicy, RiskAnalysisPolicy, RiskPolicy

RISK_ORDERINGS = {
    "score": ("score", "id"),
    "-score": ("-score", "id"),
    "title": ("title", "id"),
    "-title": ("-title", "id"),
    "status": ("status", "-score", "id"),
    "created": ("created_at", "id"),
    "-created": ("-created_at", "-id"),
}
ISSUE_ORDERINGS = {
    "due": ("due_date", "id"),
    "-due": ("-due_date", "-id"),
    "created": ("created_at", "id"),
    "-created": ("-created_at", "-id"),
    "title": ("title", "id"),
}


def _ordering(
    value: str | None, allowed: Mapping[str, tuple[str, ...]], default: str
) -> tuple[str, ...]:
    key = value or default
    if key not in allowed:
        raise ValidationFailed(
            _("Unknown ordering %(key)r; use one of %(allowed)s.")
            % {"key": key, "allowed": ", ".join(allowed)},
            fields={"ordering": [_("unknown ordering %(key)r") % {"key": key}]},
        )
    return allowed[key]


def _checked(value: str | None, choices: type[TextChoices], name: str) -> str | None:
    """``value`` if empty or one of ``choices``; 422 naming the filter otherwise."""
    if value and value not in choices.values:
        raise ValidationFailed(
            _("Unknown %(name)s %(value)r; use one of %(values)s.")
            % {"name": name, "value": value, "values": ", ".join(choices.values)},
            fields={name: [_("unknown %(name)s %(value)r") % {"name": name, "value": value}]},
        )
    return value


def list_risks(
    user: Any,
    project_id: int,
    *,
    status: str | None = None,
    strategy: str | None = None,
    owner_id: int | None = None,
    min_score: int | None = None,
    search: str | None = None,
    ordering: str | None = None,
) -> QuerySet[Risk]:
    """The project's risks (workers only: 404 unseen project, 403 stakeholders)."""
    project = access_project(user, project_id, RiskPolicy.view_right)
    status = _checked(status, RiskStatus, "status")
    strategy = _checked(strategy, ResponseStrategy, "strategy")
    qs = RiskPolicy.visible_to(user).filter(project=project).select_related("owner")
    if status:
        qs = qs.filter(status=status)
    if strategy:
        qs = qs.filter(response_strategy=strategy)
    if owner_id is not None:
        qs = qs.filter(owner_id=owner_id)
    if min_score is not None:
        qs = qs.filter(score__gte=min_score)
    if search:
        qs = qs.filter(Q(title__icontains=search) | Q(cause__icontains=search))
    return qs.order_by(*_ordering(ordering, RISK_ORDERINGS, "-score"))


def heat_map(risks: QuerySet[Risk]) -> list[list[dict[str, Any]]]:
    """5x5 grid of open-risk counts: rows impact 5..1, columns probability 1..5."""
    counts: dict[tuple[int, int], int] = {}
    for p, i in risks.exclude(status="closed").values_list("probability", "impact"):
        counts[(p, i)] = counts.get((p, i), 0) + 1
    return [
        [
            {"probability": p, "impact": i, "score": p * i, "count": counts.get((p, i), 0)}
            for p in range(1, 6)
        ]
        for i in range(5, 0, -1)
    ]


def get_risk(user: Any, risk_id: int, action: str = "view") -> Risk:
    return RiskPolicy.access(user, risk_id, action)


def list_mitigations(user: Any, risk_id: int) -> QuerySet[MitigationAction]:
    risk = get_risk(user, risk_id)
    return MitigationPolicy.visible_to(user).filter(risk=risk).select_related("owner")


def get_mitigation(user: Any, mitigation_id: int, action: str = "view") -> MitigationAction:
    return MitigationPolicy.access(user, mitigation_id, action)


def list_issues(
    user: Any,
    project_id: int,
    *,
    status: str | None = None,
    severity: str | None = None,
    priority: str | None = None,
    level: str | None = None,
    owner_id: int | None = None,
    search: str | None = None,
    ordering: str | None = None,
) -> QuerySet[Issue]:
    project = access_project(user, project_id, IssuePolicy.view_right)
    _checked(status, IssueStatus, "status")
    _checked(severity, Severity, "severity")
    _checked(priority, Priority, "priority")
    _checked(level, EscalationLevel, "level")
    qs = IssuePolicy.visible_to(user).filter(project=project).select_related("owner")
    for field, value in (
        ("status", status),
        ("severity", severity),
        ("priority", priority),
        ("escalation_level", level),
    ):
        if value:
            qs = qs.filter(**{field: value})
    if owner_id is not None:
        qs = qs.filter(owner_id=owner_id)
    if search:
        qs = qs.filter(Q(title__icontains=search) | Q(description__icontains=search))
    return qs.order_by(*_ordering(ordering, ISSUE_ORDERINGS, "-created"))


def get_issue(user: Any, issue_id: int, action: str = "view") -> Issue:
    return IssuePolicy.access(user, issue_id, action)


def escalations_of(issue: Issue) -> QuerySet[IssueEscalation]:
    """The escalation trail of an issue the caller already fetched through the policy."""
    return issue.escalations.select_related("escalated_by")


def list_analysis_runs(user: Any, project_id: int) -> QuerySet[RiskAnalysisRun]:
    """The project's risk analysis runs, newest first (those who read the register)."""
    project = access_project(user, project_id, RiskAnalysisPolicy.view_right)
    return RiskAnalysisPolicy.visible_to(user).filter(project=project).select_related("created_by")


def get_analysis_run(user: Any, project_id: int, run_id: int) -> RiskAnalysisRun:
    """One run of the project (404 for a run of another project or one the user may not see)."""
    return list_analysis_runs(user, project_id).filter(pk=run_id).first() or _no_run(run_id)


def _no_run(run_id: int) -> RiskAnalysisRun:
    raise NotFound(_("No risk analysis run %(run_id)s in this project.") % {"run_id": run_id})


def estimate_rows(project: Project, ids: list[int] | None = None) -> list[dict[str, Any]]:
    """The tasks of a project the caller may read that can carry a three-point estimate (no
    summaries, no milestones), in outline order; ``ids`` narrows them."""
    summaries = Task.objects.filter(project=project, parent__isnull=False).values("parent_id")
    qs = Task.objects.filter(project=project, is_milestone=False).exclude(pk__in=summaries)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return [
        {"task_id": row["id"], **row}
        for row in qs.order_by("wbs_sort").values(
            "id",
            "version",
            "wbs_code",
            "name",
            "duration_unit",
            "estimate_mode",
            "estimate",
            "optimistic",
            "most_likely",
            "pessimistic",
        )
    ]
