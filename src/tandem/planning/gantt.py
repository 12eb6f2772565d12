"""What the Gantt chart needs from a project's plan and its computed schedule.

One function, :func:`gantt_data`, shapes the plan for the Gantt page and for
``GET /api/projects/{id}/gantt`` alike, so the picture and the API never disagree. Dates are ISO
working dates (a finish is the last working day, inclusive); durations and floats are in working
days of the project calendar.

People who see the work (manager, coordinator, members) get every task, link and baseline bar;
stakeholders get the milestone timeline only (``mode == "milestones"``), as everywhere else.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone

from tandem.core.errors import NotFound
from tandem.projects.models import Project
from tandem.projects.policies import has_right

from .calendar import ProjectCalendar, project_calendar, settings_of
from .models import (
    Assignment,
    Baseline,
    BaselineTask,
    ConstraintType,
    Dependency,
    LagUnit,
    Task,
)
from .scheduling import ProjectSchedule, ScheduleRow, compute_schedule

# How far the chart's time axis reaches past the plan on each side, in calendar days.
MARGIN_BEFORE = 7
MARGIN_AFTER = 21


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _resource_names(project: Project) -> dict[int, list[str]]:
    names: dict[int, list[str]] = defaultdict(list)
    rows = Assignment.objects.filter(task__project=project).select_related("person", "resource")
    for a in rows.order_by("id"):
        label = str(a.person if a.person_id else a.resource)
        if a.units != Decimal("100"):
            label = f"{label} [{a.units.normalize():f}%]"
        names[a.task_id].append(label)
    return names


def _chosen_baseline(project: Project, baseline_id: int | None) -> Baseline | None:
    """The baseline asked for, else the project's chosen one, else the newest."""
    baselines = Baseline.objects.filter(project=project)
    if baseline_id is not None:
        found = baselines.filter(pk=baseline_id).first()
        if found is None:
            raise NotFound(f"No baseline {baseline_id} in {project.code}.")
        return found
    settings = settings_of(project)
    if settings is not None and settings.compare_baseline_id is not None:
        return settings.compare_baseline
    return baselines.order_by("-created_at", "-id").first()


def _lag_days(dep: Dependency, minutes_per_day: int) -> Decimal:
    if dep.lag_unit == "days":
        return Decimal(dep.lag)
    return Decimal(dep.lag) / Decimal(minutes_per_day)


def _shift(calendar: ProjectCalendar, day: dt.date, working_days: int) -> dt.date:
    """``day`` moved by whole working days (negative: back); non-working days are skipped."""
    step = 1 if working_days >= 0 else -1
    left = abs(working_days)
    while left:
        day += dt.timedelta(days=step)
        if calendar.is_working_day(day):
            left -= 1
    return day


def _next_working(calendar: ProjectCalendar, day: dt.date) -> dt.date:
    day += dt.timedelta(days=1)
    for _ in range(3660):
        if calendar.is_working_day(day):
            return day
        day += dt.timedelta(days=1)
    return day


def _driving(
    dep: Dependency,
    pred: ScheduleRow,
    succ: ScheduleRow,
    calendar: ProjectCalendar,
    minutes_per_day: int,
) -> bool:
    """True when the link leaves the successor no room: the predecessor drives its dates.

    Judged in working days (a lag in minutes is rounded to days), which is what the chart draws.
    """
    lag = int(_lag_days(dep, minutes_per_day).to_integral_value())
    if dep.type == "FS":
        return succ.early_start <= _next_working(calendar, _shift(calendar, pred.early_finish, lag))
    if dep.type == "SS":
        return succ.early_start <= _shift(calendar, pred.early_start, lag)
    if dep.type == "FF":
        return succ.early_finish <= _shift(calendar, pred.early_finish, lag)
    return succ.early_finish <= _shift(calendar, pred.early_start, lag)


def _drivers(row: ScheduleRow, driving_preds: list[Task], project_start: dt.date) -> list[str]:
    """Words for what sets the task's dates: actual start, driving predecessors, constraint."""
    task = row.task
    if task.manually_scheduled:
        return ["Manually scheduled: keeps the dates typed"]
    if task.actual_start is not None:
        return [f"Actual start {task.actual_start.isoformat()}"]
    found = [f"Predecessor {p}" for p in driving_preds]
    if task.constraint_type not in (ConstraintType.ASAP, ConstraintType.ALAP):
        label = ConstraintType(task.constraint_type).label
        found.append(f"Constraint: {label} {_iso(task.constraint_date)}")
    elif task.constraint_type == ConstraintType.ALAP:
        found.append("As late as possible")
    if not found and not row.summary:
        found.append(f"Project start {project_start.isoformat()}")
    return found


def _nonworking(calendar: ProjectCalendar, first: dt.date, last: dt.date) -> dict[str, Any]:
    weekdays = [iso for iso in range(1, 8) if not calendar.working_hours.get(str(iso))]
    holidays = sorted(d.isoformat() for d in calendar.holidays if first <= d <= last)
    return {"weekdays": weekdays, "holidays": holidays}


def _task_out(
    row: ScheduleRow,
    *,
    level: int,
    resources: list[str],
    baseline: BaselineTask | None,
    drivers: list[str],
    warnings: list[str],
    editable: bool,
    progress: bool,
) -> dict[str, Any]:
    task = row.task
    start = task.start_date if task.manually_scheduled and task.start_date else row.start
    finish = task.finish_date if task.manually_scheduled and task.finish_date else row.finish
    return {
        "id": task.pk,
        "parent_id": task.parent_id,
        "wbs": task.wbs_code,
        "name": task.name,
        "level": level,
        "summary": row.summary,
        "milestone": task.is_milestone,
        "manual": task.manually_scheduled,
        "start": start.isoformat(),
        "finish": finish.isoformat(),
        "duration_days": _number(task.estimate) if task.duration_unit == "days" else None,
        "duration_unit": task.duration_unit,
        "estimate": _number(task.estimate),
        "estimate_mode": task.estimate_mode,
        "total_float_days": float(row.total_float_days),
        "free_float_days": float(row.free_float_days),
        "critical": row.critical,
        "percent_complete": task.percent_complete,
        "status": task.status,
        "constraint_type": task.constraint_type,
        "constraint_date": _iso(task.constraint_date),
        "deadline": _iso(task.deadline),
        "resources": resources,
        "baseline_start": _iso(baseline.start_date) if baseline else None,
        "baseline_finish": _iso(baseline.finish_date) if baseline else None,
        "drivers": drivers,
        "warnings": warnings,
        "version": task.version,
        "editable": editable and not row.summary,
        "progress_editable": progress and not row.summary,
    }


def _days(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return f"{text} working day{'' if value == 1 else 's'}"


def _task_warnings(rows: list[ScheduleRow], calendar: ProjectCalendar) -> dict[int, list[str]]:
    """Negative float and missed deadlines, in words, per task."""
    found: dict[int, list[str]] = defaultdict(list)
    for row in rows:
        task = row.task
        if row.total_float_days < 0:
            found[task.pk].append(
                f"Negative float: {task} is {_days(-row.total_float_days)} late "
                "for its constraints or deadline"
            )
        if task.deadline is not None and row.finish > task.deadline:
            late = calendar.working_days(task.deadline + dt.timedelta(days=1), row.finish)
            found[task.pk].append(
                f"Misses its deadline {task.deadline.isoformat()} by {_days(Decimal(late))}"
            )
    return found


def _progress_ids(user: Any, project: Project) -> set[int]:
    if has_right(user, project, "tasks.progress_any"):
        return set(Task.objects.filter(project=project).values_list("pk", flat=True))
    if not has_right(user, project, "tasks.progress_assigned"):
        return set()
    return set(
        Task.objects.filter(project=project)
        .filter(Q(assignments__person=user) | Q(assignments__resource__user=user))
        .values_list("pk", flat=True)
    )


def _levels(rows: list[ScheduleRow]) -> dict[int, int]:
    return {r.task.pk: r.task.wbs_code.count(".") for r in rows}


def _axis(
    schedule: ProjectSchedule, today: dt.date, extra: list[dt.date]
) -> tuple[dt.date, dt.date]:
    days = [schedule.project_start, schedule.project_finish, *extra]
    first = min(days) - dt.timedelta(days=MARGIN_BEFORE)
    last = max(days) + dt.timedelta(days=MARGIN_AFTER)
    if first <= today <= last + dt.timedelta(days=180):
        last = max(last, today + dt.timedelta(days=7))
    return first, last


def gantt_data(
    user: Any, project: Project, *, baseline_id: int | None = None, today: dt.date | None = None
) -> dict[str, Any]:
    """The chart's data for what ``user`` may see of ``project``.

    ``baseline_id`` picks the baseline drawn under the bars (default: the one chosen in the plan
    settings, else the newest). ``today`` is injected by tests (default: today in the
    project's zone). Raises what :func:`compute_schedule` raises (422 with the cycle named).
    """
    today = today or timezone.now().astimezone(zoneinfo.ZoneInfo(project.time_zone)).date()
    full = has_right(user, project, "project.view_work")
    schedule = compute_schedule(project)
    calendar = project_calendar(project)
    settings = settings_of(project)
    baseline = _chosen_baseline(project, baseline_id) if full else None
    base_rows = (
        {e.task_id: e for e in BaselineTask.objects.filter(baseline=baseline)} if baseline else {}
    )
    rows = schedule.rows if full else [r for r in schedule.rows if r.task.is_milestone]
    by_id = {r.task.pk: r for r in schedule.rows}
    editable = full and has_right(user, project, "tasks.edit")
    progress = _progress_ids(user, project) if full else set()
    resources = _resource_names(project) if full else {}
    minutes_per_day = int(calendar.hours_per_day * 60)
    deps = list(Dependency.objects.filter(project=project).order_by("id")) if full else []
    links = []
    driving: dict[int, list[Task]] = defaultdict(list)
    for dep in deps:
        pred, succ = by_id.get(dep.predecessor_id), by_id.get(dep.successor_id)
        if pred is None or succ is None:
            continue
        drives = _driving(dep, pred, succ, calendar, minutes_per_day)
        if drives:
            driving[dep.successor_id].append(pred.task)
        links.append(
            {
                "id": dep.pk,
                "pred": dep.predecessor_id,
                "succ": dep.successor_id,
                "type": dep.type,
                "lag": float(dep.lag),
                "lag_unit": dep.lag_unit,
                "driving": drives,
                "critical": drives and pred.critical and succ.critical,
                "version": dep.version,
            }
        )
    warnings = _task_warnings(rows, calendar)
    levels = _levels(schedule.rows)
    tasks = [
        _task_out(
            row,
            level=levels[row.task.pk] if full else 0,
            resources=resources.get(row.task.pk, []),
            baseline=base_rows.get(row.task.pk),
            drivers=_drivers(row, driving.get(row.task.pk, []), schedule.project_start)
            if full
            else [],
            warnings=warnings.get(row.task.pk, []),
            editable=editable,
            progress=row.task.pk in progress,
        )
        for row in rows
    ]
    extra = [
        d
        for r in rows
        for d in (r.start, r.finish, r.task.deadline, *_baseline_days(base_rows.get(r.task.pk)))
        if d is not None
    ]
    first, last = _axis(schedule, today, extra)
    return {
        "project": {
            "id": project.pk,
            "code": project.code,
            "name": project.name,
            "start": schedule.project_start.isoformat(),
            "finish": schedule.project_finish.isoformat(),
            "auto_schedule": settings.auto_schedule if settings else True,
            "status_date": _iso(settings.status_date) if settings else None,
            "hours_per_day": float(calendar.hours_per_day),
        },
        "mode": "full" if full else "milestones",
        "today": today.isoformat(),
        "axis": {"first": first.isoformat(), "last": last.isoformat()},
        "nonworking": _nonworking(calendar, first, last),
        "can_edit": editable,
        "baseline": {"id": baseline.pk, "name": baseline.name} if baseline else None,
        "baselines": [
            {"id": b.pk, "name": b.name}
            for b in (Baseline.objects.filter(project=project) if full else [])
        ],
        "critical_path": [t.pk for t in schedule.critical_path] if full else [],
        "warnings": schedule.warnings if full else [],
        "lag_units": [[value, str(label)] for value, label in LagUnit.choices],
        "tasks": tasks,
        "links": links,
    }


def _baseline_days(entry: BaselineTask | None) -> tuple[dt.date | None, dt.date | None]:
    if entry is None:
        return (None, None)
    return (entry.start_date, entry.finish_date)
