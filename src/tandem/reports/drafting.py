"""The draft of a status report, drawn from the project's data for one period.

:func:`draft_for` gives the words a lead edits (summary, achievements, next steps, blockers,
suggested RAG) and the tables frozen with the report (milestones against the baseline, open
alerts, top risks, open issues, decisions of the period, earned value). This is the one place
that prefills a status update from the plan: the status form and the scheduled job both use it.

Each table names the right needed to read it (``right``), and so does each alert row and each
amount of earned value (``MONEY``: only for people who see cost rates, as the earned value page
decides); :mod:`tandem.reports.presenters` leaves out what a reader may not see.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tandem.monitoring.findings import compared_baseline
from tandem.monitoring.models import Alert
from tandem.planning.baseline_variance import baseline_variance
from tandem.planning.models import Task, TaskStatus
from tandem.projects.models import Project
from tandem.records.models import Decision, DecisionStatus
from tandem.records.status_draft import status_draft_for_period
from tandem.resources.earned_value import earned_value_report
from tandem.resources.earned_value_figures import MONEY, figure_lines
from tandem.risks.models import Issue, IssueStatus, Risk, RiskStatus

# A pseudo-right: amounts priced from cost rates (``can_see_rates``), not a project role's right.
MONEY_RIGHT = "rates.see"
TOP_RISKS = 5
EV_KEYS = ("bac", "pv", "ev", "ac", "cv", "sv", "cpi", "spi", "eac", "vac", "percent_complete")
SEVERITY_ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3}


@dataclass
class Draft:
    period_start: dt.date
    period_end: dt.date
    rag: str
    summary: str
    achievements: str
    next_steps: str
    blockers: str
    content: dict[str, Any] = field(default_factory=dict)

    def status_fields(self) -> dict[str, Any]:
        """The fields of the status update (``records``) this draft fills."""
        return {
            "period_start": self.period_start,
            "period_end": self.period_end,
            "rag": self.rag,
            "summary": self.summary,
            "achievements": self.achievements,
            "next_steps": self.next_steps,
            "blockers": self.blockers,
        }


def _section(
    key: str, title: str, right: str, columns: list[str], rows: list[Any]
) -> dict[str, Any]:
    return {"key": key, "title": title, "right": right, "columns": columns, "rows": rows}


def _row(cells: list[str], right: str = "") -> dict[str, Any]:
    return {"cells": cells, "right": right}


def _milestones(project: Project, user: Any, tasks: list[Task]) -> dict[str, Any]:
    baseline = compared_baseline(project)
    variance = {r.task_id: r for r in baseline_variance(user, baseline).tasks} if baseline else {}
    rows = []
    for task in (t for t in tasks if t.is_milestone and t.status != TaskStatus.CANCELLED):
        found = variance.get(task.pk)
        planned = found.baseline_finish if found else None
        slip = found.finish_variance_days if found else None
        rows.append(
            _row(
                [
                    task.name,
                    planned.isoformat() if planned else _("not in the baseline"),
                    task.finish_date.isoformat() if task.finish_date else "",
                    "" if slip is None else f"{slip:+d}",
                    task.get_status_display(),
                ]
            )
        )
    section = _section(
        "milestones",
        _("Milestones: forecast against the baseline"),
        "project.view",
        [
            _("Milestone"),
            _("Baseline finish"),
            _("Forecast finish"),
            _("Slip (working days)"),
            _("Status"),
        ],
        rows,
    )
    section["baseline"] = baseline.name if baseline else ""
    return section


def _alerts(project: Project) -> dict[str, Any]:
    alerts = Alert.objects.filter(project=project, closed_at__isnull=True).order_by("-raised_at")
    return _section(
        "alerts",
        _("Open alerts"),
        "project.view",
        [_("Alert"), _("Severity"), _("Since")],
        [
            _row([a.said_title, a.get_severity_display(), a.opened_at.date().isoformat()], a.right)
            for a in alerts[:20]
        ],
    )


def _risks(project: Project) -> dict[str, Any]:
    risks = Risk.objects.filter(
        project=project, status__in=[RiskStatus.OPEN, RiskStatus.MONITORING]
    ).order_by("-score", "id")[:TOP_RISKS]
    return _section(
        "risks",
        _("Top risks"),
        "project.view_work",
        [_("Risk"), _("Score"), _("Response"), _("Owner")],
        [
            _row(
                [
                    r.title,
                    str(r.score),
                    r.get_response_strategy_display(),
                    str(r.owner) if r.owner_id else "",
                ]
            )
            for r in risks.select_related("owner")
        ],
    )


def _issues(project: Project) -> dict[str, Any]:
    issues = list(
        Issue.objects.filter(
            project=project, status__in=[IssueStatus.OPEN, IssueStatus.IN_PROGRESS]
        ).select_related("owner")
    )
    issues.sort(key=lambda i: (SEVERITY_ORDER.get(i.severity, 9), i.due_date or dt.date.max))
    return _section(
        "issues",
        _("Open issues"),
        "project.view_work",
        [_("Issue"), _("Severity"), _("Owner"), _("Due")],
        [
            _row(
                [
                    i.title,
                    i.get_severity_display(),
                    str(i.owner) if i.owner_id else "",
                    i.due_date.isoformat() if i.due_date else "",
                ]
            )
            for i in issues[:20]
        ],
    )


def _decisions(project: Project, start: dt.date, end: dt.date) -> dict[str, Any]:
    decisions = Decision.objects.filter(
        project=project, decided_on__gte=start, decided_on__lte=end
    ).exclude(status=DecisionStatus.PROPOSED)
    return _section(
        "decisions",
        _("Decisions taken"),
        "project.view_work",
        [_("Decision"), _("Decided on"), _("By")],
        [
            _row(
                [
                    d.title,
                    d.decided_on.isoformat() if d.decided_on else "",
                    str(d.decided_by) if d.decided_by_id else "",
                ]
            )
            for d in decisions.select_related("decided_by").order_by("decided_on", "id")
        ],
    )


def _earned_value(project: Project, end: dt.date) -> dict[str, Any] | None:
    """The project's earned value at the period's end, when it has a baseline with costs."""
    baseline = compared_baseline(project)
    if baseline is None:
        return None
    try:
        report = earned_value_report(project, baseline, end)
    except Exception:  # noqa: BLE001  (a plan the engine cannot measure just has no figures)
        return None
    if not report.total.metrics.bac:
        return None
    lines = [line for line in figure_lines(report.total, True) if line["key"] in EV_KEYS]
    section = _section(
        "earned_value",
        _("Earned value at %(day)s against %(baseline)s (%(currency)s)")
        % {"day": end.isoformat(), "baseline": baseline.name, "currency": report.currency},
        "budget.view",
        [_("Figure"), _("Value")],
        [
            _row(
                [f"{line['short']}: {line['label']}", line["text"] or (line["undefined"] or "")],
                MONEY_RIGHT if line["kind"] == MONEY else "",
            )
            for line in lines
        ],
    )
    section["status_date"] = end.isoformat()
    return section


def draft_for(project: Project, *, user: Any, period_start: dt.date, period_end: dt.date) -> Draft:
    """The draft of ``project``'s report for ``period_start`` to ``period_end`` (inclusive):
    the words of the status form's draft (``records``), with the tables; ``user`` is its
    author (the baseline's costs are compared as they may see them)."""
    tasks = list(Task.objects.filter(project=project).order_by("wbs_sort"))
    sections = [
        _milestones(project, user, tasks),
        _alerts(project),
        _risks(project),
        _issues(project),
        _decisions(project, period_start, period_end),
    ]
    ev = _earned_value(project, period_end)
    if ev is not None:
        sections.append(ev)
    words = status_draft_for_period(project, period_start, period_end)
    open_alerts = len(sections[1]["rows"])
    return Draft(
        period_start=period_start,
        period_end=period_end,
        rag=words["rag"],
        summary=words["summary"]
        + " "
        + ngettext("%(count)d open alert.", "%(count)d open alerts.", open_alerts)
        % {"count": open_alerts},
        achievements=words["achievements"],
        next_steps=words["next_steps"],
        blockers=words["blockers"],
        content={
            "period": {"start": period_start.isoformat(), "end": period_end.isoformat()},
            "sections": sections,
        },
    )
