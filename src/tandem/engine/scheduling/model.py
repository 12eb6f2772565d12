"""The scheduling data model: projects, calendars, tasks and links in; schedules out.

This module is the contract between the scheduling core and the file-format readers. Fields are
only ever added (with defaults), never renamed or removed.

Time
    Instants are aware ``datetime`` values in the project's zone (``Project.timezone``, a
    ``zoneinfo`` key, default ``"UTC"``). Calendars are wall-clock times in that zone; the engine
    schedules on wall-clock minutes (as MS Project and P6 do, a DST change neither adds nor
    removes working time). Instants given in another zone are converted to the project's zone.
Durations
    Always integer minutes. ``Duration.unit`` and ``Lag.unit`` only say how a value is shown;
    ``ScheduleOptions.minutes_per_day`` / ``minutes_per_week`` / ``days_per_month`` convert units
    to minutes (see :func:`tandem.engine.scheduling.durations.duration_minutes`).
Calendars
    ``Calendar.week`` holds seven entries, Monday first, each a tuple of working periods
    ``(start, end)`` in minutes from local midnight (``0 <= start < end <= 1440``); an empty tuple is
    a non-working day. With ``base_calendar_id`` set, ``inherits[d]`` (when given) says that weekday
    ``d`` comes from the base calendar; the base calendar's exceptions apply unless the derived
    calendar has its own exception on that date.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

__all__ = [
    "Assignment",
    "Baseline",
    "BaselineEntry",
    "Calendar",
    "CalendarError",
    "CalendarException",
    "ConstraintType",
    "DependencyCycleError",
    "Duration",
    "DurationUnit",
    "FileFormatError",
    "Lag",
    "LagCalendar",
    "Link",
    "LinkType",
    "Project",
    "Recurrence",
    "Resource",
    "Schedule",
    "ScheduleOptions",
    "ScheduleWarning",
    "SchedulingError",
    "Task",
    "TaskSchedule",
    "UnknownTaskError",
    "WorkingTime",
]


class LinkType(StrEnum):
    """Dependency type: which end of the predecessor drives which end of the successor."""

    FS = "FS"
    SS = "SS"
    FF = "FF"
    SF = "SF"


class ConstraintType(StrEnum):
    """Date constraint on a task (MS Project names, plus P6's non-mandatory "on" constraints).

    ``START_ON`` / ``FINISH_ON`` (P6's Start On / Finish On) are not mandatory: the date bounds
    the early date from below (like SNET/FNET) and the late date from above (like SNLT/FNLT), so
    logic still wins and a conflict shows as negative float. MSO/MFO (P6's Mandatory Start /
    Mandatory Finish) override logic.
    """

    ASAP = "ASAP"
    ALAP = "ALAP"
    SNET = "SNET"
    SNLT = "SNLT"
    FNET = "FNET"
    FNLT = "FNLT"
    MSO = "MSO"
    MFO = "MFO"
    START_ON = "SO"
    FINISH_ON = "FO"


class DurationUnit(StrEnum):
    """Display unit of a duration or lag; the value itself is always in minutes."""

    MINUTE = "MINUTE"
    HOUR = "HOUR"
    DAY = "DAY"
    WEEK = "WEEK"
    MONTH = "MONTH"


class LagCalendar(StrEnum):
    """Calendar on which a lag counts working time (P6's choice; MS Project uses PROJECT)."""

    PREDECESSOR = "PREDECESSOR"
    SUCCESSOR = "SUCCESSOR"
    PROJECT = "PROJECT"
    TWENTY_FOUR_HOUR = "TWENTY_FOUR_HOUR"


WorkingTime = tuple[int, int]
"""A working period: minutes from local midnight, ``start < end <= 1440``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Recurrence:
    """A recurring calendar exception, as MS Project defines them.

    Each occurrence is one day. ``daily``: every ``interval`` days from ``start``. ``weekly``: every
    ``interval`` weeks on ``weekdays`` (0 = Monday; empty means ``start``'s weekday). ``monthly``:
    every ``interval`` months on ``day_of_month``, or on the ``week_of_month``-th (1-4, -1 = last)
    ``weekdays[0]``. ``yearly``: in ``month`` on ``day_of_month`` or on the ``week_of_month``-th
    ``weekdays[0]``. The series runs from ``start`` to ``end`` (inclusive) or for ``occurrences``
    days, whichever ends first; with neither it ends at the exception's ``end``. Keyword-only.
    """

    frequency: str
    interval: int = 1
    start: date
    end: date | None = None
    occurrences: int | None = None
    weekdays: tuple[int, ...] = ()
    day_of_month: int | None = None
    month: int | None = None
    week_of_month: int | None = None


@dataclass(frozen=True, slots=True)
class CalendarException:
    """Dates (``start`` to ``end``, inclusive) whose working times replace the week's.

    ``working_times`` empty means non-working. With ``recurrence`` the exception applies on each
    occurrence day instead of every day of the range.
    """

    start: date
    end: date
    working_times: tuple[WorkingTime, ...] = ()
    name: str = ""
    recurrence: Recurrence | None = None


@dataclass(frozen=True, slots=True)
class Calendar:
    """A working calendar: a week of working periods plus exceptions, optionally derived.

    ``inherits``: empty, or seven flags (Monday first); a True flag takes that weekday from the
    base calendar (``base_calendar_id``).
    """

    id: str
    name: str
    week: tuple[tuple[WorkingTime, ...], ...]
    exceptions: tuple[CalendarException, ...] = ()
    base_calendar_id: str | None = None
    inherits: tuple[bool, ...] = ()


@dataclass(frozen=True, slots=True)
class Duration:
    """A duration in minutes: working minutes, or elapsed (wall-clock) minutes if ``elapsed``."""

    minutes: int
    unit: DurationUnit = DurationUnit.DAY
    elapsed: bool = False
    estimated: bool = False


@dataclass(frozen=True, slots=True)
class Lag:
    """Link lag in minutes (negative = lead), or ``percent`` of the predecessor's duration.

    ``elapsed`` counts wall-clock minutes; otherwise working minutes on ``calendar``.
    """

    minutes: int = 0
    elapsed: bool = False
    percent: float | None = None
    unit: DurationUnit = DurationUnit.DAY
    calendar: LagCalendar = LagCalendar.PREDECESSOR


@dataclass(frozen=True, slots=True)
class Link:
    """A dependency between two tasks."""

    predecessor_id: str
    successor_id: str
    type: LinkType = LinkType.FS
    lag: Lag = field(default_factory=Lag)


@dataclass(frozen=True, slots=True)
class Task:
    """A task; summary tasks are the tasks that some other task names as ``parent_id``.

    ``percent_complete`` is 0-100. ``remaining_duration`` (when given) wins over the remaining
    duration derived from ``percent_complete``. ``manual`` marks an MS Project manually scheduled
    task: with ``manual_start`` it stays there whatever its links and constraints, and (as MS
    Project computes it) its outgoing SS/SF links do not bound its late dates.
    ``duration_from_work``: the planned duration is the longest of its work assignments'
    ``work_minutes / units`` (MS Project's fixed-units and fixed-work tasks), ``duration`` only
    when it has no such assignment. ``ignore_resource_calendar``: schedule on the task's own
    calendar alone, not on the working
    time it shares with its resources' calendar (MS Project's "Scheduling ignores resource
    calendars"). ``manual_finish``: the finish typed on a manual task (MS Project's ManualFinish);
    shown as its finish when it is the same point in working time as the computed finish (Monday
    08:00 after a week ending Friday 17:00), never moving it.
    ``notes``: free text shown with the task, never read by the scheduler.
    ``leveling_delay``: MS Project's LevelingDelay, time added before the task starts after its
    early start from links, constraints and the status date. Elapsed by default (3 elapsed days
    move a Monday 08:00 start to Thursday 08:00); a delay that is not ``elapsed`` counts working
    minutes on the task's calendar. Successors follow the delayed dates, and the backward pass
    keeps the delay (a predecessor of a delayed critical task stays critical). Ignored on a task
    with an actual start, a must-start/finish-on constraint, or a manual start.
    ``finish_milestone``: a milestone that marks a finish (P6's finish milestone); other
    milestones mark a start. With ``ScheduleOptions.p6_rules`` a start milestone sits at the
    start of the next working period, a finish milestone at the end of the previous one.
    ``level_of_effort``: P6's level of effort activity. It takes its dates from the activities
    it spans: it starts as its predecessors' links allow and finishes as its successors' links
    say (the latest finish they give it; its own duration when it has no successor). It
    neither drives its successors nor constrains its predecessors, has no float of its own
    and is never critical.
    """

    id: str
    name: str = ""
    duration: Duration = field(default_factory=lambda: Duration(0))
    parent_id: str | None = None
    milestone: bool = False
    calendar_id: str | None = None
    constraint: ConstraintType = ConstraintType.ASAP
    constraint_date: datetime | None = None
    deadline: datetime | None = None
    actual_start: datetime | None = None
    actual_finish: datetime | None = None
    percent_complete: float = 0.0
    remaining_duration: Duration | None = None
    priority: int = 500
    do_not_level: bool = False
    wbs: str = ""
    outline_level: int = 0
    manual: bool = False
    manual_start: datetime | None = None
    ignore_resource_calendar: bool = False
    duration_from_work: bool = False
    notes: str = ""
    leveling_delay: Duration = field(
        default_factory=lambda: Duration(0, DurationUnit.DAY, elapsed=True)
    )
    finish_milestone: bool = False
    level_of_effort: bool = False
    manual_finish: datetime | None = None


@dataclass(frozen=True, slots=True)
class Resource:
    """A resource (``kind``: "work", "material" or "cost")."""

    id: str
    name: str = ""
    kind: str = "work"
    max_units: float = 1.0
    calendar_id: str | None = None
    standard_rate: float = 0.0


@dataclass(frozen=True, slots=True)
class Assignment:
    """A resource assigned to a task; ``work_minutes`` None means derived from the duration."""

    task_id: str
    resource_id: str
    units: float = 1.0
    work_minutes: int | None = None


@dataclass(frozen=True, slots=True)
class BaselineEntry:
    """One task's saved dates; ``duration_minutes`` in working minutes of the task calendar."""

    start: datetime | None
    finish: datetime | None
    duration_minutes: int | None


@dataclass(frozen=True, slots=True)
class Baseline:
    """A saved copy of a schedule's task dates (MS Project numbers baselines 0-10)."""

    number: int
    name: str
    tasks: Mapping[str, BaselineEntry]
    project_start: datetime | None = None
    project_finish: datetime | None = None


@dataclass(frozen=True, slots=True)
class ScheduleOptions:
    """Scheduling options (MS Project defaults).

    ``default_start_time`` / ``default_finish_time``: minutes from midnight used when a date
    without time is given. ``retained_logic`` False means progress override: in-progress tasks'
    remaining work ignores unfinished predecessors. ``honor_constraints``: a constraint wins over
    logic (float goes negative); False lets logic win (constraint violated, with a warning).
    ``critical_float_minutes``: tasks whose total float is at most this are critical.
    ``remaining_after_status_date`` (P6's data date; only with ``Project.status_date``): work not
    yet done is scheduled no earlier than the status date. ``p6_rules``: follow Primavera P6
    where it differs from MS Project (see :mod:`tandem.engine.scheduling.cpm`, "P6 rules").
    """

    minutes_per_day: int = 480
    minutes_per_week: int = 2400
    days_per_month: int = 20
    default_start_time: int = 480
    default_finish_time: int = 1020
    schedule_from_start: bool = True
    retained_logic: bool = True
    honor_constraints: bool = True
    critical_float_minutes: int = 0
    remaining_after_status_date: bool = True
    p6_rules: bool = False


@dataclass(frozen=True, slots=True)
class Project:
    """A project to schedule.

    ``start`` is the project start (forward scheduling); ``finish`` the project finish when
    ``options.schedule_from_start`` is False. ``calendar_id`` names the project calendar.
    """

    name: str
    start: datetime
    calendar_id: str
    calendars: tuple[Calendar, ...]
    tasks: tuple[Task, ...]
    links: tuple[Link, ...] = ()
    resources: tuple[Resource, ...] = ()
    assignments: tuple[Assignment, ...] = ()
    baselines: tuple[Baseline, ...] = ()
    status_date: datetime | None = None
    finish: datetime | None = None
    timezone: str = "UTC"
    options: ScheduleOptions = field(default_factory=ScheduleOptions)


@dataclass(frozen=True, slots=True)
class ScheduleWarning:
    """Something the schedule could not honour, e.g. a constraint beaten by logic."""

    code: str
    message: str
    task_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TaskSchedule:
    """A task's computed dates. Floats are working minutes on the task's calendar.

    ``start``/``finish`` are the scheduled dates (early dates, or late dates for ALAP tasks, or
    actual dates when the task has them). ``total_float_minutes`` is
    ``min(late_start - early_start, late_finish - early_finish)`` (MS Project's TotalSlack).
    """

    task_id: str
    start: datetime
    finish: datetime
    early_start: datetime
    early_finish: datetime
    late_start: datetime
    late_finish: datetime
    total_float_minutes: int
    free_float_minutes: int
    critical: bool
    duration_minutes: int
    summary: bool = False
    milestone: bool = False
    start_float_minutes: int = 0
    finish_float_minutes: int = 0
    remaining_duration_minutes: int = 0


@dataclass(frozen=True, slots=True)
class Schedule:
    """A computed schedule; ``critical_path`` lists critical task ids in early-start order."""

    project_start: datetime
    project_finish: datetime
    tasks: Mapping[str, TaskSchedule]
    critical_path: tuple[str, ...]
    warnings: tuple[ScheduleWarning, ...] = ()
    status_date: datetime | None = None


class SchedulingError(ValueError):
    """Base class of every error the scheduling engine and the file readers raise."""


class DependencyCycleError(SchedulingError):
    """The links form a cycle; ``cycle`` lists the task ids in order (first repeats last's link)."""

    def __init__(self, cycle: tuple[str, ...]) -> None:
        self.cycle = tuple(cycle)
        super().__init__("dependency cycle: " + " -> ".join([*self.cycle, self.cycle[0]]))


class UnknownTaskError(SchedulingError):
    """A link or parent reference names a task that does not exist."""

    def __init__(self, task_id: str, referenced_by: str) -> None:
        self.task_id = task_id
        self.referenced_by = referenced_by
        super().__init__(f"unknown task {task_id!r} referenced by {referenced_by}")


class CalendarError(SchedulingError):
    """A calendar is unknown, malformed, or has no working time."""

    def __init__(self, message: str, calendar_id: str | None = None) -> None:
        self.calendar_id = calendar_id
        super().__init__(message)


class FileFormatError(SchedulingError):
    """A malformed project file; ``path`` and ``line`` (or element) locate the problem."""

    def __init__(self, message: str, path: str = "", line: int | str | None = None) -> None:
        self.path = path
        self.line = line
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}" if where else message)
