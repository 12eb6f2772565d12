"""The portfolio: each of the viewer's projects at a glance, and the people they share.

Per project: the manager's health and the one monitoring computes (for those who see the work),
the next open milestone and its slip against the compared baseline in working days (positive:
later; ``planning.baseline_variance``), SPI and CPI for those who may see the budget
(``resources.earned_value``), and the open alerts the viewer may read. Then the people booked in
more than one of the viewer's projects over the next weeks, over-allocated first, with the
projects that book them on their over-allocated days (``planning.workload``). The page and
``GET /api/portfolio`` both show what ``portfolio_for`` returns.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils import timezone

from tandem.core.errors import TandemError
from tandem.monitoring.findings import compared_baseline
from tandem.monitoring.policies import AlertPolicy
from tandem.monitoring.queries import health_for
from tandem.planning.baseline_variance import baseline_variance
from tandem.planning.models import TaskStatus
from tandem.planning.policies import MilestonePolicy
from tandem.planning.workload import WorkloadRow, organization_workload
from tandem.projects.models import Project
from tandem.projects.policies import can_see_budget, has_right, projects_visible_to, role_in
from tandem.resources.earned_value import earned_value_for

LOAD_WEEKS = 12
SEVERITY_ORDER = {"red": 0, "amber": 1}


@dataclass(frozen=True)
class NextMilestone:
    task_id: int
    name: str
    finish: dt.date | None
    baseline_finish: dt.date | None
    slip_days: int | None  # working days later than the baseline (negative: earlier)


@dataclass(frozen=True)
class ProjectLine:
    project_id: int
    code: str
    name: str
    url: str
    role: str
    health: str
    health_reason: str
    computed_health: str | None
    next_milestone: NextMilestone | None
    shows_money: bool
    spi: float | None
    cpi: float | None
    money_note: str
    open_alerts: int
    worst_alert: str


@dataclass(frozen=True)
class SharedPerson:
    name: str
    projects: list[str]  # codes of the projects booking them in the window
    over_weeks: int
    over_by: list[str]  # codes of the projects booking them on over-allocated days
    peak_pct: float | None


@dataclass
class Portfolio:
    projects: list[ProjectLine]
    load_start: dt.date
    load_end: dt.date
    shared_people: list[SharedPerson] = field(default_factory=list)


def _next_milestone(user: Any, project: Project) -> NextMilestone | None:
    milestone = (
        MilestonePolicy.visible_to(user)
        .filter(project=project)
        .exclude(status__in=[TaskStatus.DONE, TaskStatus.CANCELLED])
        .order_by("finish_date", "wbs_sort")
        .first()
    )
    if milestone is None:
        return None
    baseline = compared_baseline(project)
    row = None
    if baseline is not None:
        rows = baseline_variance(user, baseline).tasks
        row = next((r for r in rows if r.task_id == milestone.pk), None)
    return NextMilestone(
        task_id=milestone.pk,
        name=milestone.name,
        finish=milestone.finish_date,
        baseline_finish=row.baseline_finish if row else None,
        slip_days=row.finish_variance_days if row else None,
    )


def _money(user: Any, project: Project) -> tuple[bool, float | None, float | None, str]:
    if not can_see_budget(user, project):
        return False, None, None, ""
    try:
        report = earned_value_for(user, project.pk)
    except TandemError as exc:
        return True, None, None, exc.message
    metrics = report.total.metrics
    return True, metrics.spi, metrics.cpi, ""


def _line(user: Any, project: Project) -> ProjectLine:
    sees_work = has_right(user, project, "project.view_work")
    computed = health_for(user, project) if sees_work else None
    alerts = list(
        AlertPolicy.visible_to(user)
        .filter(project=project, closed_at__isnull=True)
        .values_list("severity", flat=True)
    )
    worst = min(alerts, key=lambda s: SEVERITY_ORDER.get(s, 9), default="")
    shows_money, spi, cpi, note = _money(user, project)
    role = role_in(user, project)
    return ProjectLine(
        project_id=project.pk,
        code=project.code,
        name=project.name,
        url=reverse("project-overview", args=[project.pk]),
        role=str(role.label) if role else "",
        health=project.health,
        health_reason=project.health_reason,
        computed_health=computed["suggested"] if computed else None,
        next_milestone=_next_milestone(user, project),
        shows_money=shows_money,
        spi=spi,
        cpi=cpi,
        money_note=note,
        open_alerts=len(alerts),
        worst_alert=worst,
    )


def _shared(row: WorkloadRow, codes: dict[int, str], task_projects: dict[int, int]) -> SharedPerson:
    booked = sorted({codes[b.project_id] for b in row.bookings})
    over_tasks = {t for cell in row.cells if cell.over for t in cell.task_ids}
    over_by = sorted({codes[task_projects[t]] for t in over_tasks if t in task_projects})
    peaks = [c.peak_pct for c in row.cells if c.peak_pct is not None]
    return SharedPerson(row.name, booked, row.over_periods, over_by, max(peaks, default=None))


def portfolio_for(user: Any, today: dt.date | None = None) -> Portfolio:
    day = today or timezone.localdate()
    projects = list(projects_visible_to(user).filter(archived_at__isnull=True).order_by("code"))
    lines = [_line(user, p) for p in projects]
    end = day + dt.timedelta(weeks=LOAD_WEEKS) - dt.timedelta(days=1)
    workload = organization_workload(user, "week", start=day, end=end)
    task_projects = {t.id: t.project_id for t in workload.tasks.values()}
    people = [
        _shared(row, workload.projects, task_projects)
        for row in workload.rows
        if row.kind == "person" and len({b.project_id for b in row.bookings}) > 1
    ]
    people.sort(key=lambda p: (-p.over_weeks, p.name.lower()))
    return Portfolio(lines, workload.start, workload.end, people)


__all__ = ["NextMilestone", "Portfolio", "ProjectLine", "SharedPerson", "portfolio_for"]
