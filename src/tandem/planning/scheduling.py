"""Adapter between a project's plan (tasks, dependencies, calendar) and the scheduling engine.

The engine works in aware datetimes and integer minutes; the plan stores working dates and
estimates in working days or hours. ``engine_project`` converts one way, ``schedule_rows`` the
other. Constraint and planned-start dates mean the start of that day's working time; finish-type
dates (FNET, FNLT, MFO, deadline, actual finish) the end of that day's working time.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from tandem import engine as engine_api
from tandem.core.errors import ValidationFailed
from tandem.engine.scheduling import model as engine
from tandem.projects.models import Project

from .calendar import ProjectCalendar, engine_week, project_calendar
from .graph import format_cycle
from .models import Dependency, Task, TaskStatus
from .queries import task_weight
from .resource_calendars import resource_calendars

CALENDAR_ID = "project"
FINISH_TYPES = {"FNET", "FNLT", "MFO"}


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def engine_calendar(calendar: ProjectCalendar) -> engine.Calendar:
    """Monday-first week of working periods (minutes from midnight) plus the calendar's
    exceptions: holidays, ranges and repeating ones, mapped in ``planning.calendar``."""
    week = engine_week(calendar.working_hours)
    return engine.Calendar(
        id=CALENDAR_ID, name=calendar.name, week=week, exceptions=calendar.exceptions
    )


@dataclass(frozen=True)
class Conversion:
    """What the adapter needs to turn dates and durations back: zone, day bounds, day length."""

    zone: zoneinfo.ZoneInfo
    day_start: int  # minutes from midnight
    day_end: int
    minutes_per_day: int

    def at_start(self, day: dt.date | None) -> dt.datetime | None:
        if day is None:
            return None
        return dt.datetime.combine(day, dt.time(), self.zone) + dt.timedelta(minutes=self.day_start)

    def at_end(self, day: dt.date | None) -> dt.datetime | None:
        if day is None:
            return None
        return dt.datetime.combine(day, dt.time(), self.zone) + dt.timedelta(minutes=self.day_end)

    def start_day(self, instant: dt.datetime) -> dt.date:
        return instant.astimezone(self.zone).date()

    def finish_day(self, instant: dt.datetime) -> dt.date:
        """A finish at local midnight ends the previous day's work."""
        local = instant.astimezone(self.zone)
        if local.time() == dt.time(0, 0):
            return (local - dt.timedelta(minutes=1)).date()
        return local.date()

    def days(self, minutes: int) -> Decimal:
        return (Decimal(minutes) / Decimal(self.minutes_per_day)).quantize(Decimal("0.01"))


def _conversion(project: Project, calendar: ProjectCalendar) -> Conversion:
    periods = [p for day in calendar.working_hours.values() for p in day]
    if not periods:
        raise ValidationFailed(
            f"The calendar {calendar.name!r} of {project.code} has no working time."
        )
    return Conversion(
        zone=zoneinfo.ZoneInfo(project.time_zone),
        day_start=min(_minutes(a) for a, _ in periods),
        day_end=max(_minutes(b) for _, b in periods),
        minutes_per_day=int(calendar.hours_per_day * 60),
    )


def _duration_minutes(task: Task, conv: Conversion) -> int:
    if task.is_milestone or task.status == TaskStatus.CANCELLED:
        return 0
    no_estimate = task.estimate is None and task.most_likely is None
    value = Decimal(0) if no_estimate else task_weight(task)
    per_unit = conv.minutes_per_day if task.duration_unit == "days" else 60
    return round(value * per_unit)


def _engine_task(task: Task, conv: Conversion) -> engine.Task:
    unit = engine.DurationUnit.DAY if task.duration_unit == "days" else engine.DurationUnit.HOUR
    per_unit = conv.minutes_per_day if task.duration_unit == "days" else 60
    constraint_date = (
        conv.at_end(task.constraint_date)
        if task.constraint_type in FINISH_TYPES
        else conv.at_start(task.constraint_date)
    )
    remaining = None
    if task.remaining is not None and task.actual_start is not None:
        remaining = engine.Duration(round(task.remaining * per_unit), unit)
    return engine.Task(
        id=str(task.pk),
        name=task.name,
        duration=engine.Duration(_duration_minutes(task, conv), unit),
        parent_id=str(task.parent_id) if task.parent_id else None,
        milestone=task.is_milestone,
        constraint=engine.ConstraintType(task.constraint_type),
        constraint_date=constraint_date,
        deadline=conv.at_end(task.deadline),
        actual_start=conv.at_start(task.actual_start),
        actual_finish=conv.at_end(task.actual_finish),
        percent_complete=float(task.percent_complete),
        remaining_duration=remaining,
        priority=task.priority,
        wbs=task.wbs_code,
        outline_level=task.wbs_code.count(".") + 1,
        # The project's calendar, which the engine intersects with the assigned resources'.
        calendar_id=CALENDAR_ID,
    )


def _engine_link(dep: Dependency, conv: Conversion) -> engine.Link:
    if dep.lag_unit == "days":
        lag = engine.Lag(
            minutes=round(dep.lag * conv.minutes_per_day),
            unit=engine.DurationUnit.DAY,
            calendar=engine.LagCalendar.PROJECT,
        )
    else:
        lag = engine.Lag(
            minutes=round(dep.lag),
            unit=engine.DurationUnit.MINUTE,
            calendar=engine.LagCalendar.PROJECT,
        )
    return engine.Link(
        predecessor_id=str(dep.predecessor_id),
        successor_id=str(dep.successor_id),
        type=engine.LinkType(dep.type),
        lag=lag,
    )


def engine_project(project: Project) -> tuple[engine.Project, Conversion]:
    """The project's tasks, links and calendar as the engine's ``Project``."""
    calendar = project_calendar(project)
    conv = _conversion(project, calendar)
    tasks = list(Task.objects.filter(project=project).order_by("wbs_sort"))
    deps = list(Dependency.objects.filter(project=project).order_by("id"))
    options = engine.ScheduleOptions(
        minutes_per_day=conv.minutes_per_day,
        minutes_per_week=conv.minutes_per_day * 5,
        default_start_time=conv.day_start,
        default_finish_time=conv.day_end,
    )
    start = dt.datetime.combine(project.start_date, dt.time(), conv.zone) + dt.timedelta(
        minutes=conv.day_start
    )
    staffing = resource_calendars(project, calendar, CALENDAR_ID)
    return (
        engine.Project(
            name=project.name,
            start=start,
            calendar_id=CALENDAR_ID,
            calendars=(engine_calendar(calendar), *staffing.calendars),
            tasks=tuple(_engine_task(t, conv) for t in tasks),
            links=tuple(_engine_link(d, conv) for d in deps),
            resources=staffing.resources,
            assignments=staffing.assignments,
            timezone=project.time_zone,
            options=options,
        ),
        conv,
    )


@dataclass(frozen=True)
class ScheduleRow:
    """One task's computed dates (working dates, inclusive) and floats in working days."""

    task: Task
    start: dt.date
    finish: dt.date
    early_start: dt.date
    early_finish: dt.date
    late_start: dt.date
    late_finish: dt.date
    total_float_days: Decimal
    free_float_days: Decimal
    critical: bool
    summary: bool


@dataclass(frozen=True)
class ProjectSchedule:
    project_start: dt.date
    project_finish: dt.date
    rows: list[ScheduleRow]
    critical_path: list[Task]
    warnings: list[str]


def run_engine(project: engine.Project) -> engine.Schedule:
    """``tandem.engine.schedule_project``, through the engine's public name (its home module
    may move)."""
    run: Callable[[engine.Project], engine.Schedule] = engine_api.schedule_project  # type: ignore[attr-defined,unused-ignore]
    return run(project)


def compute_schedule(project: Project) -> ProjectSchedule:
    """Run the engine on the project's plan; 422 naming the problem if it cannot be scheduled."""
    eproject, conv = engine_project(project)
    try:
        schedule = run_engine(eproject)
    except engine.DependencyCycleError as exc:
        ids = [int(i) for i in exc.cycle if i.isdigit()]
        labels = {t.pk: str(t) for t in Task.objects.filter(pk__in=ids)}
        message = format_cycle(ids, labels)
        raise ValidationFailed(f"The plan cannot be scheduled: dependency cycle {message}") from exc
    except engine.SchedulingError as exc:
        raise ValidationFailed(f"The plan cannot be scheduled: {exc}") from exc
    tasks = {str(t.pk): t for t in Task.objects.filter(project=project).order_by("wbs_sort")}
    rows = []
    for task_id, task in tasks.items():
        ts = schedule.tasks[task_id]
        rows.append(
            ScheduleRow(
                task=task,
                start=conv.start_day(ts.start),
                finish=max(conv.finish_day(ts.finish), conv.start_day(ts.start)),
                early_start=conv.start_day(ts.early_start),
                early_finish=conv.finish_day(ts.early_finish),
                late_start=conv.start_day(ts.late_start),
                late_finish=conv.finish_day(ts.late_finish),
                total_float_days=conv.days(ts.total_float_minutes),
                free_float_days=conv.days(ts.free_float_minutes),
                critical=ts.critical,
                summary=ts.summary,
            )
        )
    return ProjectSchedule(
        project_start=conv.start_day(schedule.project_start),
        project_finish=conv.finish_day(schedule.project_finish),
        rows=rows,
        critical_path=[tasks[i] for i in schedule.critical_path if i in tasks],
        warnings=[w.message for w in schedule.warnings],
    )
