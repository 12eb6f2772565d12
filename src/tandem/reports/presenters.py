"""A report as one reader may see it: shaped once here for the page, the PDF, the email and
the API, so they cannot disagree."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from tandem.core.charts import Chart
from tandem.monitoring import charts as monitoring_charts
from tandem.monitoring.findings import compared_baseline
from tandem.projects.policies import has_right
from tandem.resources.earned_value import earned_value_report
from tandem.resources.earned_value_figures import s_curve
from tandem.resources.policies import can_see_rates

from .drafting import MONEY_RIGHT
from .models import Report


def _may(user: Any, project: Any, right: str, sees_money: bool) -> bool:
    if not right:
        return True
    if right == MONEY_RIGHT:
        return sees_money
    return has_right(user, project, right)


def visible_sections(user: Any, report: Report) -> list[dict[str, Any]]:
    """The report's tables this reader may see, each row checked on its own (an alert about the
    budget only for the budget's readers, amounts only for those who see cost rates)."""
    project = report.status_update.project
    sees_money = can_see_rates(user)
    shown = []
    for section in report.content.get("sections", []):
        if not _may(user, project, section["right"], sees_money):
            continue
        rows = [r["cells"] for r in section["rows"] if _may(user, project, r["right"], sees_money)]
        hidden = len(section["rows"]) - len(rows)
        shown.append({**section, "rows": rows, "hidden": hidden})
    return shown


def report_charts(user: Any, report: Report) -> list[Chart]:
    """The charts at the period's end: burnup and milestone trend for those who see the work,
    the S-curve for the budget's readers (in percent of the budget without cost rates)."""
    update = report.status_update
    project = update.project
    found: list[Chart] = []
    if has_right(user, project, "project.view_work"):
        baseline = compared_baseline(project)
        found.append(monitoring_charts.burnup_chart(project, baseline, update.period_end))
        found.append(monitoring_charts.milestone_trend_chart(project))
    if has_right(user, project, "budget.view") and any(
        s["key"] == "earned_value" for s in report.content.get("sections", [])
    ):
        baseline = compared_baseline(project)
        if baseline is not None:
            try:
                ev = earned_value_report(project, baseline, update.period_end)
            except Exception:  # noqa: BLE001  (no curve rather than no report)
                ev = None
            curve = s_curve(ev, can_see_rates(user)) if ev is not None else None
            if curve is not None:
                found.append(curve)
    return found


def report_view(user: Any, report: Report) -> dict[str, Any]:
    update = report.status_update
    return {
        "report": report,
        "update": update,
        "project": update.project,
        "title": _("%(project)s: status %(start)s to %(end)s")
        % {
            "project": update.project.name,
            "start": update.period_start,
            "end": update.period_end,
        },
        "period_start": update.period_start,
        "period_end": update.period_end,
        "rag": update.get_rag_display(),
        "summary": update.summary,
        "achievements": update.achievements,
        "next_steps": update.next_steps,
        "blockers": update.blockers,
        "published": update.published,
        "published_at": update.published_at,
        "sections": visible_sections(user, report),
    }
