"""Adapter between a project's plan (tasks, dependencies, calendar) and the scheduling engine.

The engine works in aware datetimes and integer minutes; the plan stores working dates and
estimates in working days or hours. ``engine_project`` converts one way, ``compute_schedule``
the other. Constraint and planned-start dates mean the start of that day's working time;
finish-type dates (FNET, FNLT, MFO, deadline, actual finish, the status date) the end of that
day's working time. A manually scheduled task with a planned start stays there (the engine's
``manual_start``), for the working days from its planned start to its planned finish. A task's
leveling delay (elapsed days, set by resource leveling) is the engine's ``leveling_delay``, so
every page reading the schedule shows the leveled dates.

The plan is read as plain rows (``PlanTask``), not model instances: building 5,000 model
instances costs several times the query itself, and the scheduler reads a plan on every change.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields, replace
from decimal import Decimal

from django.utils.translation import gettext

from tandem import engine as engine_api
from tandem.core.errors import ValidationFailed
from tandem.engine.scheduling import model as engine
from tandem.projects.models import Project

from .calendar import ProjectCalendar, engine_week, project_calendar
from .graph import format_cycle
from .models import Dependency, PlanSettings, Task, TaskStatus
from .resource_calendars import resource_calendars
from .schedule_warnings import describe_warnings

CALENDAR_ID = "project"
MINUTES_PER_ELAPSED_DAY = 1440
FINISH_TYPES = {"FNET", "FNLT", "MFO"}


@dataclass(slots=True)
class PlanTask:
    """One task as the scheduler reads it (a row of the fields below, no model instance)."""

    id: int
    parent_id: int | None
    name: str
    wbs_code: str
    is_milestone: bool
    estimate_mode: str
    duration_unit: str
    estimate: Decimal | None
    optimistic: Decimal | None
    most_likely: Decimal | None
    pessimistic: Decimal | None
    start_date: dt.date | None
    finish_date: dt.date | None
    constraint_type: str
    constraint_date: dt.date | None
    deadline: dt.date | None
    priority: int
    status: str
    percent_complete: int
    actual_start: dt.date | None
    actual_finish: dt.date | None
    remaining: Decimal | None
    manually_scheduled: bool
    leveling_delay_days: int
    do_not_level: bool
    version: int

    @property
    def pk(self) -> int:
        return self.id

    def __str__(self) -> str:
        return f"{self.wbs_code} {self.name}".strip()


PLAN_TASK_FIELDS = tuple(f.name for f in fields(PlanTask))


@dataclass(frozen=True, slots=True)
class PlanLink:
    """One dependency as the scheduler reads it."""

    id: int
    predecessor_id: int
    successor_id: int
    type: str
    lag: Decimal
    lag_unit: str
    version: int


PLAN_LINK_FIELDS = tuple(f.name for f in fields(PlanLink))


def plan_tasks(project_id: int, ids: Iterable[int] | None = None) -> list[PlanTask]:
    """The project's tasks (or those of ``ids``) in WBS order, one query."""
    qs = Task.objects.filter(project_id=project_id)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return [PlanTask(*row) for row in qs.order_by("wbs_sort").values_list(*PLAN_TASK_FIELDS)]


def plan_links(project_id: int, ids: Iterable[int] | None = None) -> list[PlanLink]:
    """The project's dependencies (or those of ``ids``) by id, one query."""
    qs = Dependency.objects.filter(project_id=project_id)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return [PlanLink(*row) for row in qs.order_by("id").values_list(*PLAN_LINK_FIELDS)]


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
            gettext("The calendar %(calendar)r of %(project)s has no working time.")
            % {"calendar": calendar.name, "project": project.code}
        )
    return Conversion(
        zone=zoneinfo.ZoneInfo(project.time_zone),
        day_start=min(_minutes(a) for a, _ in periods),
        day_end=max(_minutes(b) for _, b in periods),
        minutes_per_day=int(calendar.hours_per_day * 60),
    )


def _expected(task: PlanTask) -> Decimal:
    """PERT's (o + 4m + p) / 6 for three points, else the estimate; at least 1 (the weight
    ``queries.task_weight`` gives the model's tasks)."""
    if task.estimate_mode == "three_point" and task.most_likely is not None:
        o, m, p = task.optimistic or 0, task.most_likely, task.pessimistic or 0
        return max((o + 4 * m + p) / 6, Decimal(1))
    return max(task.estimate or Decimal(0), Decimal(1))


def _duration_minutes(task: PlanTask, conv: Conversion) -> int:
    if task.is_milestone or task.status == TaskStatus.CANCELLED:
        return 0
    no_estimate = task.estimate is None and task.most_likely is None
    value = Decimal(0) if no_estimate else _expected(task)
    per_unit = conv.minutes_per_day if task.duration_unit == "days" else 60
    return round(value * per_unit)


def _manual_minutes(task: PlanTask, conv: Conversion, calendar: ProjectCalendar) -> int | None:
    """A manually scheduled task's duration: the working days from its planned start to its
    planned finish (inclusive), when it has both."""
    if not task.manually_scheduled or task.start_date is None or task.finish_date is None:
        return None
    if task.is_milestone:
        return 0
    return calendar.working_days(task.start_date, task.finish_date) * conv.minutes_per_day


def _engine_task(
    task: PlanTask, conv: Conversion, manual_minutes: int | None = None
) -> engine.Task:
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
        duration=engine.Duration(
            _duration_minutes(task, conv) if manual_minutes is None else manual_minutes, unit
        ),
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
        manual=task.manually_scheduled,
        manual_start=conv.at_start(task.start_date) if task.manually_scheduled else None,
        do_not_level=task.do_not_level,
        leveling_delay=engine.Duration(
            task.leveling_delay_days * MINUTES_PER_ELAPSED_DAY,
            engine.DurationUnit.DAY,
            elapsed=True,
        ),
    )


def _engine_link(dep: PlanLink, conv: Conversion) -> engine.Link:
    if dep.lag_unit == "percent":
        lag = engine.Lag(percent=float(dep.lag), calendar=engine.LagCalendar.PROJECT)
    elif dep.lag_unit == "edays":
        lag = engine.Lag(
            minutes=round(dep.lag * 1440),
            elapsed=True,
            unit=engine.DurationUnit.DAY,
            calendar=engine.LagCalendar.PROJECT,
        )
    elif dep.lag_unit == "days":
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


@dataclass(frozen=True)
class PlanFrame:
    """Everything of the engine's project but its tasks and links (calendars, options, dates),
    with the conversions back. The incremental rescheduler (``schedule_cache``) starts over
    whenever the frame differs from the one it was built with."""

    project: engine.Project
    conv: Conversion
    calendar: ProjectCalendar


def plan_frame(project: Project) -> PlanFrame:
    calendar = project_calendar(project)
    conv = _conversion(project, calendar)
    status_date = (
        PlanSettings.objects.filter(project=project).values_list("status_date", flat=True).first()
    )
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
    eproject = engine.Project(
        name=project.name,
        start=start,
        calendar_id=CALENDAR_ID,
        calendars=(engine_calendar(calendar), *staffing.calendars),
        tasks=(),
        resources=staffing.resources,
        assignments=staffing.assignments,
        status_date=conv.at_end(status_date),
        timezone=project.time_zone,
        options=options,
    )
    return PlanFrame(eproject, conv, calendar)


def engine_tasks(frame: PlanFrame, tasks: Iterable[PlanTask]) -> tuple[engine.Task, ...]:
    conv, calendar = frame.conv, frame.calendar
    return tuple(_engine_task(t, conv, _manual_minutes(t, conv, calendar)) for t in tasks)


def engine_links(frame: PlanFrame, links: Iterable[PlanLink]) -> tuple[engine.Link, ...]:
    return tuple(_engine_link(d, frame.conv) for d in links)


def engine_project(project: Project) -> tuple[engine.Project, Conversion]:
    """The project's tasks, links and calendar as the engine's ``Project`` (three queries and
    the calendar's)."""
    frame = plan_frame(project)
    eproject = replace(
        frame.project,
        tasks=engine_tasks(frame, plan_tasks(project.pk)),
        links=engine_links(frame, plan_links(project.pk)),
    )
    return eproject, frame.conv


@dataclass(frozen=True)
class ScheduleRow:
    """One task's computed dates (working dates, inclusive) and floats in working days;
    ``warnings`` name what the schedule could not honour on this task."""

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
    warnings: tuple[str, ...] = ()


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


def scheduling_failed(exc: engine.SchedulingError) -> ValidationFailed:
    """The 422 for a plan the engine refuses, naming the tasks of a cycle."""
    if isinstance(exc, engine.DependencyCycleError):
        ids = [int(i) for i in exc.cycle if i.isdigit()]
        labels = {t.pk: str(t) for t in Task.objects.filter(pk__in=ids)}
        message = format_cycle(ids, labels)
        return ValidationFailed(
            gettext("The plan cannot be scheduled: dependency cycle %(message)s")
            % {"message": message}
        )
    return ValidationFailed(gettext("The plan cannot be scheduled: %(reason)s") % {"reason": exc})


def task_dates(ts: engine.TaskSchedule, conv: Conversion) -> tuple[dt.date, dt.date]:
    """A task's scheduled start and finish as working dates (a milestone's finish is its
    start day)."""
    start = conv.start_day(ts.start)
    return start, max(conv.finish_day(ts.finish), start)


def compute_schedule(project: Project) -> ProjectSchedule:
    """Run the engine on the project's plan; 422 naming the problem if it cannot be scheduled."""
    frame = plan_frame(project)
    conv = frame.conv
    plan = plan_tasks(project.pk)
    links = plan_links(project.pk)
    eproject = replace(
        frame.project, tasks=engine_tasks(frame, plan), links=engine_links(frame, links)
    )
    try:
        schedule = run_engine(eproject)
    except engine.SchedulingError as exc:
        raise scheduling_failed(exc) from exc
    messages, per_task = describe_warnings(schedule, plan, links, conv)
    tasks = {str(t.pk): t for t in Task.objects.filter(project=project).order_by("wbs_sort")}
    rows = []
    for task_id, task in tasks.items():
        ts = schedule.tasks[task_id]
        start, finish = task_dates(ts, conv)
        rows.append(
            ScheduleRow(
                task=task,
                start=start,
                finish=finish,
                early_start=conv.start_day(ts.early_start),
                early_finish=conv.finish_day(ts.early_finish),
                late_start=conv.start_day(ts.late_start),
                late_finish=conv.finish_day(ts.late_finish),
                total_float_days=conv.days(ts.total_float_minutes),
                free_float_days=conv.days(ts.free_float_minutes),
                critical=ts.critical,
                summary=ts.summary,
                warnings=tuple(per_task.get(task.pk, ())),
            )
        )
    return ProjectSchedule(
        project_start=conv.start_day(schedule.project_start),
        project_finish=conv.finish_day(schedule.project_finish),
        rows=rows,
        critical_path=[tasks[i] for i in schedule.critical_path if i in tasks],
        warnings=messages,
    )
