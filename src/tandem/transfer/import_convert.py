"""A file's project (the engine's model) turned into the rows Tandem stores, with what is lost.

Tandem's plan holds less than MS Project or P6 do: one working calendar per project (tasks
have no calendar of their own), durations in working days or hours of at least one hour,
dates of work without a time of day, lags in working days or minutes, elapsed days or percent.
Everything the rows cannot hold is a :class:`Loss`, named by task, so that an import never
drops anything silently; ``affects_dates`` says whether the loss may move the task's dates.

Nothing here touches the database: :func:`convert` is a pure function of the file's project,
and the rows it returns are written by ``import_write``.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field
from decimal import Decimal

from tandem.engine.scheduling import model as engine
from tandem.engine.scheduling.network import own_calendar_assignments, work_durations
from tandem.planning.models import ConstraintType, DurationUnit, LagUnit, TaskStatus
from tandem.planning.scheduling import FINISH_TYPES, Conversion

NAME_LIMIT = 200
datetime_or_none = dt.datetime | None
TWO_PLACES = Decimal("0.01")
# P6's Start On / Finish On (not mandatory) become Tandem's must-start/finish-on constraints.
_MANDATORY_ON = {"SO": "MSO", "FO": "MFO"}


@dataclass(frozen=True)
class Loss:
    """Something of the file the plan cannot hold; ``task_id`` is the file's id (None: the
    whole project). ``message`` is English; a loss with a ``code`` (and its ``values``) is
    worded in the reader's language when shown (see :mod:`.wording`)."""

    message: str
    task_id: str | None = None
    task_name: str = ""
    affects_dates: bool = True
    code: str = ""
    values: dict[str, str] = field(default_factory=dict)


@dataclass
class TaskRow:
    source_id: str
    parent_source_id: str | None
    position: int
    name: str
    is_milestone: bool = False
    duration_unit: str = DurationUnit.DAYS
    estimate: Decimal | None = None
    constraint_type: str = ConstraintType.ASAP
    constraint_date: dt.date | None = None
    deadline: dt.date | None = None
    priority: int = 500
    status: str = TaskStatus.NOT_STARTED
    percent_complete: int = 0
    actual_start: dt.date | None = None
    actual_finish: dt.date | None = None
    remaining: Decimal | None = None
    manually_scheduled: bool = False
    start_date: dt.date | None = None
    finish_date: dt.date | None = None
    description: str = ""


@dataclass
class LinkRow:
    predecessor: str
    successor: str
    type: str
    lag: Decimal
    lag_unit: str

    @property
    def source_id(self) -> str:
        return f"{self.predecessor}>{self.successor}"


@dataclass
class ExceptionRow:
    name: str
    start: dt.date
    end: dt.date | None
    working_times: list[list[str]]
    repeat: str = ""
    interval: int = 1
    weekdays: list[int] = field(default_factory=list)
    day_of_month: int | None = None
    month: int | None = None
    week_of_month: int | None = None
    occurrences: int | None = None


@dataclass
class CalendarRow:
    source_id: str
    name: str
    working_hours: dict[str, list[list[str]]]
    exceptions: list[ExceptionRow]


@dataclass
class ResourceRow:
    source_id: str
    name: str
    kind: str  # person, equipment or material (resources.ResourceKind)
    max_units: Decimal
    standard_rate: Decimal
    email: str = ""
    calendar_source_id: str | None = None  # None: the project's calendar


@dataclass
class AssignmentRow:
    task: str
    resource: str
    units: Decimal


@dataclass
class BaselineRow:
    """A baseline of the file; ``number`` is MS Project's (0 is "Baseline", the one MS Project
    compares against)."""

    name: str
    project_start: dt.date | None
    project_finish: dt.date | None
    entries: list[tuple[str, dt.date | None, dt.date | None, Decimal | None]]
    number: int | None = None


def _when(local: dt.datetime, constraint: str) -> dict[str, str]:
    """A loss's values for a date and time moved to a day boundary."""
    values = {"time": f"{local:%Y-%m-%d %H:%M}"}
    if constraint:
        values["constraint"] = constraint
    return values


@dataclass
class ImportPlan:
    """Every row an import creates, the losses, and the file's own schedule (as Tandem's engine
    computes it from the file: what ``tandem schedule FILE`` prints)."""

    name: str
    source_format: str
    start_date: dt.date
    time_zone: str
    hours_per_day: Decimal
    status_date: dt.date | None
    calendar: CalendarRow
    other_calendars: list[CalendarRow]
    tasks: list[TaskRow]
    links: list[LinkRow]
    resources: list[ResourceRow]
    assignments: list[AssignmentRow]
    baselines: list[BaselineRow]
    losses: list[Loss]
    notes: list[str]
    schedule: engine.Schedule | None
    conv: Conversion

    @property
    def finish_date(self) -> dt.date | None:
        if self.schedule is None:
            return None
        return self.conv.finish_day(self.schedule.project_finish)


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _periods(times: tuple[engine.WorkingTime, ...]) -> list[list[str]]:
    return [[_hhmm(a), _hhmm(b)] for a, b in times]


Week = tuple[tuple[engine.WorkingTime, ...], ...]


def flatten_calendar(
    calendar_id: str, by_id: dict[str, engine.Calendar], depth: int = 0
) -> tuple[Week, tuple[engine.CalendarException, ...]]:
    """A derived calendar with its base's weekdays and exceptions folded in (its own
    exceptions first: the engine takes the first exception that covers a day)."""
    calendar = by_id[calendar_id]
    base_id = calendar.base_calendar_id
    if base_id is None or base_id not in by_id or depth > 20:
        return calendar.week, calendar.exceptions
    base_week, base_exceptions = flatten_calendar(base_id, by_id, depth + 1)
    inherits = calendar.inherits or (False,) * 7
    week = tuple(base_week[d] if inherits[d] else calendar.week[d] for d in range(7))
    return week, calendar.exceptions + base_exceptions


def _exception_row(exc: engine.CalendarException) -> ExceptionRow:
    times = _periods(exc.working_times)
    rec = exc.recurrence
    if rec is None:
        return ExceptionRow(exc.name[:120], exc.start, exc.end, times)
    ends = [d for d in (rec.end, exc.end) if d is not None and d != dt.date.max]
    return ExceptionRow(
        name=exc.name[:120],
        start=rec.start,
        end=min(ends) if ends else None,
        working_times=times,
        repeat=rec.frequency,
        interval=max(1, min(rec.interval, 999)),
        weekdays=[d + 1 for d in rec.weekdays],
        day_of_month=rec.day_of_month,
        month=rec.month,
        week_of_month=rec.week_of_month,
        occurrences=None if rec.occurrences is None else max(1, min(rec.occurrences, 999)),
    )


def calendar_row(
    source_id: str, name: str, week: Week, exceptions: tuple[engine.CalendarException, ...]
) -> CalendarRow:
    hours = {str(d + 1): _periods(week[d]) for d in range(7) if week[d]}
    return CalendarRow(source_id, name, hours, [_exception_row(e) for e in exceptions])


def _overlaps(one: Week, other: Week) -> bool:
    """Whether two weeks share any working minute."""
    return any(
        a < d and c < b
        for day_one, day_other in zip(one, other, strict=True)
        for a, b in day_one
        for c, d in day_other
    )


def week_within(narrow: Week, wide: Week) -> bool:
    """Whether every working period of ``narrow`` lies inside one of ``wide`` on its day."""
    return all(
        any(a <= start and end <= b for a, b in outer)
        for outer, inner in zip(wide, narrow, strict=True)
        for start, end in inner
    )


def _conversion(project: engine.Project, week: Week) -> Conversion:
    periods = [p for day in week for p in day]
    if not periods:
        raise engine.CalendarError("the project calendar has no working time", project.calendar_id)
    return Conversion(
        zone=zoneinfo.ZoneInfo(project.timezone),
        day_start=min(a for a, _ in periods),
        day_end=max(b for _, b in periods),
        minutes_per_day=project.options.minutes_per_day,
    )


class _Converter:
    def __init__(self, imported_project: engine.Project, schedule: engine.Schedule | None):
        self.project = imported_project
        self.schedule = schedule
        self.by_id = {c.id: c for c in imported_project.calendars}
        week, exceptions = flatten_calendar(imported_project.calendar_id, self.by_id)
        self.week, self.exceptions = week, exceptions
        self.conv = _conversion(imported_project, week)
        self.mpd = imported_project.options.minutes_per_day
        self.losses: list[Loss] = []
        self.names = {t.id: t.name for t in imported_project.tasks}
        self.from_work = work_durations(imported_project)
        # a resource's calendar issue: its English message, code and values (for ``lose``)
        self.resource_issues: dict[str, tuple[str, str, dict[str, str]]] = {}

    def lose(
        self,
        message: str,
        task_id: str | None = None,
        *,
        affects_dates: bool = True,
        code: str = "",
        values: dict[str, str] | None = None,
    ) -> None:
        """Record a loss: ``message`` in English, ``code`` and ``values`` for its wording in the
        reader's language (:mod:`.wording`)."""
        name = self.names.get(task_id, "") if task_id is not None else ""
        self.losses.append(Loss(message, task_id, name, affects_dates, code, values or {}))

    def same_as_project(self, calendar_id: str | None) -> bool:
        if calendar_id is None or calendar_id == self.project.calendar_id:
            return True
        if calendar_id not in self.by_id:
            return True
        return flatten_calendar(calendar_id, self.by_id) == (self.week, self.exceptions)

    # -- project-wide -------------------------------------------------------------------
    def options(self) -> None:
        options = self.project.options
        if not options.schedule_from_start:
            self.lose(
                "the file schedules from the project finish backwards; Tandem schedules "
                "from the start",
                code="scheduled_backwards",
            )
        if not options.honor_constraints:
            self.lose(
                "the file lets links win over constraints; Tandem honours constraints",
                code="links_beat_constraints",
            )
        if not options.retained_logic:
            self.lose(
                "the file schedules progress with 'progress override'; Tandem keeps the "
                "logic of unfinished predecessors (retained logic)",
                code="progress_override",
            )
        if options.critical_float_minutes:
            self.lose(
                "the file counts tasks with some float as critical; Tandem counts only "
                "those without float",
                affects_dates=False,
                code="critical_with_float",
            )
        hours = (Decimal(self.mpd) / 60).quantize(TWO_PLACES)
        if int(hours * 60) != self.mpd or not 30 <= self.mpd <= 1440:
            self.lose(
                f"a working day of {self.mpd} minutes is rounded to {hours} hours",
                code="working_day_rounded",
                values={"minutes": str(self.mpd), "hours": str(hours)},
            )
        start = self.project.start.astimezone(self.conv.zone)
        if start.hour * 60 + start.minute not in (self.conv.day_start, 0):
            self.lose(
                f"the project starts at {start:%H:%M}; Tandem starts it at the beginning of "
                f"the working day ({_hhmm(self.conv.day_start)})",
                code="project_start_time",
                values={"time": f"{start:%H:%M}", "day_start": _hhmm(self.conv.day_start)},
            )
        if self.project.status_date is not None:
            status = self.project.status_date.astimezone(self.conv.zone)
            if not options.remaining_after_status_date and any(
                t.percent_complete or t.actual_start for t in self.project.tasks
            ):
                self.lose(
                    "the file leaves remaining work where progress puts it; Tandem schedules "
                    "work not yet done after the status date",
                    code="remaining_where_progress_puts_it",
                )
            if status.hour * 60 + status.minute != self.conv.day_end:
                self.lose(
                    f"the status date's time {status:%H:%M} becomes the end of that working day",
                    affects_dates=False,
                    code="status_date_time",
                    values={"time": f"{status:%H:%M}"},
                )

    # -- tasks --------------------------------------------------------------------------
    def duration(self, task: engine.Task) -> tuple[str, Decimal | None, int]:
        """(unit, estimate, minutes the app will schedule)."""
        minutes = self.from_work.get(task.id, task.duration.minutes)
        if task.duration.elapsed:
            days = Decimal(minutes) / Decimal(1440)
            minutes = round(days * self.mpd)
            self.lose(
                f"elapsed duration of {days.normalize()} days stored as as many working days",
                task.id,
                code="elapsed_duration",
                values={"days": str(days.normalize())},
            )
        if task.milestone:
            if minutes:
                self.lose(
                    "a milestone with a duration: Tandem's milestones take no time",
                    task.id,
                    code="milestone_with_duration",
                )
            return DurationUnit.DAYS, None, 0
        if minutes <= 0:
            return DurationUnit.DAYS, None, 0
        if minutes < 60:
            self.lose(
                f"a duration of {minutes} minutes is stored as 1 hour (the least)",
                task.id,
                code="short_duration",
                values={"minutes": str(minutes)},
            )
            return DurationUnit.HOURS, Decimal(1), 60
        in_days = Decimal(minutes) / Decimal(self.mpd)
        unit_is_day = task.duration.unit in (
            engine.DurationUnit.DAY,
            engine.DurationUnit.WEEK,
            engine.DurationUnit.MONTH,
        )
        if (
            unit_is_day
            and in_days >= 1
            and round(in_days.quantize(TWO_PLACES) * self.mpd) == minutes
        ):
            return DurationUnit.DAYS, in_days.quantize(TWO_PLACES), minutes
        return DurationUnit.HOURS, (Decimal(minutes) / 60).quantize(TWO_PLACES), minutes

    def start_type_date(
        self, task_id: str, value: datetime_or_none, what: str, *, code: str, constraint: str = ""
    ) -> dt.date | None:
        """The day a start-type date falls on; a time inside the day is a loss (``code``
        names ``what`` for its wording: ``actual_start``, ``manual_start``, ``constraint``)."""
        if value is None:
            return None
        local = value.astimezone(self.conv.zone)
        day, clock = local.date(), local.hour * 60 + local.minute
        if clock >= self.conv.day_end:
            day += dt.timedelta(days=1)
        elif clock != self.conv.day_start and clock != 0:
            self.lose(
                f"{what} at {local:%Y-%m-%d %H:%M} becomes the start of that working day",
                task_id,
                code=f"{code}_to_day_start",
                values=_when(local, constraint),
            )
        return day

    def finish_type_date(
        self,
        task_id: str,
        value: datetime_or_none,
        what: str,
        *,
        code: str,
        constraint: str = "",
        affects_dates: bool = True,
    ) -> dt.date | None:
        """The day a finish-type date falls on; a time inside the day is a loss (``code``
        names ``what``: ``actual_finish``, ``deadline``, ``constraint``)."""
        if value is None:
            return None
        local = value.astimezone(self.conv.zone)
        day, clock = local.date(), local.hour * 60 + local.minute
        if clock <= self.conv.day_start:
            day -= dt.timedelta(days=1)
        elif clock != self.conv.day_end:
            self.lose(
                f"{what} at {local:%Y-%m-%d %H:%M} becomes the end of that working day",
                task_id,
                affects_dates=affects_dates,
                code=f"{code}_to_day_end",
                values=_when(local, constraint),
            )
        return day

    def task_row(self, task: engine.Task, position: int) -> TaskRow:
        name = task.name.strip() or f"Task {task.id}"
        if len(name) > NAME_LIMIT:
            self.lose(
                "the name is cut to 200 characters", task.id, affects_dates=False, code="name_cut"
            )
            name = name[:NAME_LIMIT]
        unit, estimate, minutes = self.duration(task)
        row = TaskRow(
            source_id=task.id,
            parent_source_id=task.parent_id,
            position=position,
            name=name,
            is_milestone=task.milestone,
            duration_unit=unit,
            estimate=estimate,
            priority=max(0, min(task.priority, 1000)),
        )
        self.constraint(task, row)
        if task.level_of_effort:
            self.lose(
                "a level of effort activity becomes an ordinary task",
                task.id,
                code="level_of_effort",
            )
        self.progress(task, row, unit)
        if task.manual:
            self.manual(task, row, minutes)
        if not self.same_as_project(task.calendar_id):
            calendar = self.by_id[task.calendar_id or ""]
            self.lose(
                f"its own calendar ({calendar.name or calendar.id}) is not kept: Tandem "
                "schedules every task on the project calendar",
                task.id,
                code="task_calendar_not_kept",
                values={"calendar": calendar.name or calendar.id},
            )
        return row

    def constraint(self, task: engine.Task, row: TaskRow) -> None:
        kind = task.constraint.value
        nearest = _MANDATORY_ON.get(kind)
        if nearest is not None:
            self.lose(
                f"P6's non-mandatory on-date constraint becomes {nearest}",
                task.id,
                code="constraint_not_mandatory",
                values={"constraint": str(nearest)},
            )
            kind = nearest
        row.constraint_type = kind
        if task.constraint_date is not None and kind not in ("ASAP", "ALAP"):
            what = f"the {kind} constraint"
            dated = self.finish_type_date if kind in FINISH_TYPES else self.start_type_date
            row.constraint_date = dated(
                task.id, task.constraint_date, what, code="constraint", constraint=str(kind)
            )
        elif kind not in ("ASAP", "ALAP"):
            self.lose(
                f"the {kind} constraint has no date and is dropped",
                task.id,
                code="constraint_without_date",
                values={"constraint": str(kind)},
            )
            row.constraint_type = ConstraintType.ASAP
        row.deadline = self.finish_type_date(
            task.id, task.deadline, "the deadline", code="deadline", affects_dates=False
        )

    def progress(self, task: engine.Task, row: TaskRow, unit: str) -> None:
        percent = task.percent_complete
        row.percent_complete = max(0, min(100, round(percent)))
        if abs(percent - row.percent_complete) > 1e-9:
            self.lose(
                f"{percent:g}% complete is rounded to {row.percent_complete}%",
                task.id,
                code="percent_rounded",
                values={"percent": f"{percent:g}", "rounded": str(row.percent_complete)},
            )
        row.actual_start = self.start_type_date(
            task.id, task.actual_start, "the actual start", code="actual_start"
        )
        row.actual_finish = self.finish_type_date(
            task.id, task.actual_finish, "the actual finish", code="actual_finish"
        )
        if (
            row.actual_start is not None
            and row.actual_finish is not None
            and row.actual_finish < row.actual_start
        ):
            row.actual_finish = row.actual_start
        if row.actual_finish is not None or row.percent_complete >= 100:
            row.status = TaskStatus.DONE
        elif row.actual_start is not None or row.percent_complete > 0:
            row.status = TaskStatus.IN_PROGRESS
        remaining = task.remaining_duration
        if remaining is None:
            return
        if row.actual_start is None:
            self.lose(
                "a remaining duration without an actual start is not kept (the remaining "
                "work follows from % complete)",
                task.id,
                code="remaining_without_start",
            )
            return
        per_unit = self.mpd if unit == DurationUnit.DAYS else 60
        value = (Decimal(remaining.minutes) / Decimal(per_unit)).quantize(TWO_PLACES)
        if round(value * per_unit) != remaining.minutes:
            row.duration_unit = DurationUnit.HOURS
            if row.estimate is not None and unit == DurationUnit.DAYS:
                row.estimate = (row.estimate * self.mpd / 60).quantize(TWO_PLACES)
            value = (Decimal(remaining.minutes) / 60).quantize(TWO_PLACES)
        row.remaining = value

    def manual(self, task: engine.Task, row: TaskRow, minutes: int) -> None:
        row.manually_scheduled = True
        start = task.manual_start
        computed = self.schedule.tasks.get(task.id) if self.schedule is not None else None
        if start is None and computed is not None:
            start = computed.start
        if start is None:
            return
        first = self.start_type_date(task.id, start, "the manual start", code="manual_start")
        row.start_date = first
        if computed is not None and first is not None:
            row.finish_date = max(self.conv.finish_day(computed.finish), first)
        if minutes % self.mpd:
            self.lose(
                "a manually scheduled task lasts whole working days in Tandem "
                "(from its start to its finish)",
                task.id,
                code="manual_whole_days",
            )

    # -- links --------------------------------------------------------------------------
    def link_row(self, link: engine.Link) -> LinkRow | None:
        lag = link.lag
        where = link.successor_id
        predecessor = self.names.get(link.predecessor_id, link.predecessor_id)
        label = f"the link from {predecessor}"
        if lag.percent is not None:
            return LinkRow(
                link.predecessor_id,
                link.successor_id,
                link.type.value,
                Decimal(str(lag.percent)).quantize(TWO_PLACES),
                LagUnit.PERCENT,
            )
        elapsed = lag.elapsed or (
            lag.calendar == engine.LagCalendar.TWENTY_FOUR_HOUR and lag.minutes != 0
        )
        if elapsed:
            days = (Decimal(lag.minutes) / 1440).quantize(TWO_PLACES)
            if round(days * 1440) != lag.minutes:
                self.lose(
                    f"{label}: an elapsed lag of {lag.minutes} minutes is rounded",
                    where,
                    code="elapsed_lag_rounded",
                    values={"predecessor": predecessor, "minutes": str(lag.minutes)},
                )
            return LinkRow(
                link.predecessor_id, link.successor_id, link.type.value, days, LagUnit.ELAPSED_DAYS
            )
        if lag.calendar in (engine.LagCalendar.PREDECESSOR, engine.LagCalendar.SUCCESSOR):
            task_id = (
                link.predecessor_id
                if lag.calendar == engine.LagCalendar.PREDECESSOR
                else link.successor_id
            )
            task = self.tasks_by_id.get(task_id)
            if lag.minutes and task is not None and not self.same_as_project(task.calendar_id):
                self.lose(
                    f"{label}: its lag counts on the project calendar",
                    where,
                    code="lag_on_project_calendar",
                    values={"predecessor": predecessor},
                )
        if lag.minutes % self.mpd == 0:
            value, unit = Decimal(lag.minutes // self.mpd), LagUnit.DAYS
        else:
            value, unit = Decimal(lag.minutes), LagUnit.MINUTES
        return LinkRow(link.predecessor_id, link.successor_id, link.type.value, value, unit)

    def links(self) -> list[LinkRow]:
        rows: list[LinkRow] = []
        seen: set[tuple[str, str]] = set()
        for link in self.project.links:
            pair = (link.predecessor_id, link.successor_id)
            if link.predecessor_id == link.successor_id:
                self.lose(
                    "a link from the task to itself is dropped",
                    link.successor_id,
                    code="link_to_itself",
                )
                continue
            reverse = (link.successor_id, link.predecessor_id)
            if pair in seen or reverse in seen:
                self.lose(
                    "a second link between the same two tasks is dropped "
                    "(Tandem keeps one link per pair)",
                    link.successor_id,
                    code="second_link",
                )
                continue
            seen.add(pair)
            row = self.link_row(link)
            if row is not None:
                rows.append(row)
        return rows

    # -- resources ----------------------------------------------------------------------
    def resources(self) -> tuple[list[ResourceRow], list[CalendarRow]]:
        rows: list[ResourceRow] = []
        calendars: dict[str, CalendarRow] = {}
        for resource in self.project.resources:
            kind = {"work": "person", "material": "material"}.get(resource.kind, "material")
            if resource.kind == "cost":
                self.lose(
                    f"the cost resource {resource.name or resource.id} is stored as a material "
                    "resource",
                    affects_dates=False,
                    code="cost_resource",
                    values={"resource": resource.name or resource.id},
                )
            calendar_id = None
            if resource.kind == "work" and not self.same_as_project(resource.calendar_id):
                calendar_id = resource.calendar_id
                week, exceptions = flatten_calendar(calendar_id or "", self.by_id)
                label = f"{resource.name or resource.id}'s calendar"
                named = {"resource": resource.name or resource.id}
                if not _overlaps(week, self.week):
                    self.resource_issues[resource.id] = (
                        f"{label} shares no working time with the project calendar; Tandem "
                        "schedules the task on the project calendar",
                        "resource_calendar_apart",
                        named,
                    )
                    calendar_id = None
                elif not week_within(week, self.week):
                    self.resource_issues[resource.id] = (
                        f"{label} has working time outside the project calendar's; Tandem "
                        "works the task only when both calendars do",
                        "resource_calendar_wider",
                        named,
                    )
                if calendar_id is not None and calendar_id not in calendars:
                    name = self.by_id[calendar_id].name or f"Calendar {calendar_id}"
                    calendars[calendar_id] = calendar_row(calendar_id, name, week, exceptions)
            rows.append(
                ResourceRow(
                    source_id=resource.id,
                    name=(resource.name or f"Resource {resource.id}")[:200],
                    kind=kind,
                    max_units=Decimal(str(round(resource.max_units * 100, 2))).min(Decimal(100000)),
                    standard_rate=Decimal(str(round(max(resource.standard_rate, 0), 2))),
                    calendar_source_id=calendar_id,
                )
            )
        return rows, list(calendars.values())

    def assignments(self, task_ids: set[str], resource_ids: set[str]) -> list[AssignmentRow]:
        rows: list[AssignmentRow] = []
        seen: set[tuple[str, str]] = set()
        # The file schedules each of these tasks assignment by assignment on its resources'
        # own calendars; the plan keeps no assignment work, so Tandem uses one calendar.
        for task_id in own_calendar_assignments(self.project):
            if task_id in task_ids:
                self.lose(
                    "work resources on different calendars: scheduled on one calendar",
                    task_id,
                    code="resource_calendars_one",
                )
        for a in self.project.assignments:
            if a.task_id not in task_ids or a.resource_id not in resource_ids:
                continue
            if (a.task_id, a.resource_id) in seen:
                self.lose(
                    "the same resource assigned twice is kept once",
                    a.task_id,
                    affects_dates=False,
                    code="assigned_twice",
                )
                continue
            seen.add((a.task_id, a.resource_id))
            issue = self.resource_issues.get(a.resource_id)
            if issue is not None:
                message, code, values = issue
                self.lose(message, a.task_id, code=code, values=values)
            units = Decimal(str(round(a.units * 100, 2)))
            if units < TWO_PLACES:
                self.lose(
                    "an assignment at 0% is stored at 0.01%",
                    a.task_id,
                    affects_dates=False,
                    code="assignment_at_zero",
                )
                units = TWO_PLACES
            rows.append(AssignmentRow(a.task_id, a.resource_id, min(units, Decimal(10000))))
        return rows

    # -- baselines ----------------------------------------------------------------------
    def baselines(self, task_ids: set[str]) -> list[BaselineRow]:
        rows = []
        conv = self.conv
        for baseline in self.project.baselines:
            entries = []
            for task_id, entry in baseline.tasks.items():
                if task_id not in task_ids:
                    continue
                days = None
                if entry.duration_minutes is not None:
                    days = (Decimal(entry.duration_minutes) / self.mpd).quantize(TWO_PLACES)
                entries.append(
                    (
                        task_id,
                        conv.start_day(entry.start) if entry.start else None,
                        conv.finish_day(entry.finish) if entry.finish else None,
                        days,
                    )
                )
            name = baseline.name or (
                "Baseline" if baseline.number == 0 else f"Baseline {baseline.number}"
            )
            rows.append(
                BaselineRow(
                    name=name[:120],
                    project_start=conv.start_day(baseline.project_start)
                    if baseline.project_start
                    else None,
                    project_finish=conv.finish_day(baseline.project_finish)
                    if baseline.project_finish
                    else None,
                    entries=entries,
                    number=baseline.number,
                )
            )
        return rows

    def run(self, source_format: str, notes: list[str]) -> ImportPlan:
        project = self.project
        self.tasks_by_id = {t.id: t for t in project.tasks}
        self.options()
        positions: dict[str | None, int] = {}
        tasks = []
        for task in project.tasks:
            parent = task.parent_id if task.parent_id in self.tasks_by_id else None
            positions[parent] = positions.get(parent, 0) + 1
            tasks.append(self.task_row(task, positions[parent]))
        task_ids = {t.source_id for t in tasks}
        resources, calendars = self.resources()
        assignments = self.assignments(task_ids, {r.source_id for r in resources})
        project_calendar = self.by_id[project.calendar_id]
        hours = (Decimal(self.mpd) / 60).quantize(TWO_PLACES)
        return ImportPlan(
            name=(project.name or "Imported plan")[:200],
            source_format=source_format,
            start_date=self.conv.start_day(project.start),
            time_zone=project.timezone,
            hours_per_day=max(Decimal("0.5"), min(hours, Decimal(24))),
            status_date=self.conv.finish_day(project.status_date) if project.status_date else None,
            calendar=calendar_row(
                project.calendar_id,
                project_calendar.name or "Standard",
                self.week,
                self.exceptions,
            ),
            other_calendars=calendars,
            tasks=tasks,
            links=self.links(),
            resources=resources,
            assignments=assignments,
            baselines=self.baselines(task_ids),
            losses=self.losses,
            notes=notes,
            schedule=self.schedule,
            conv=self.conv,
        )


def convert(
    imported: engine.Project,
    schedule: engine.Schedule | None,
    *,
    source_format: str = "",
    notes: tuple[str, ...] | list[str] = (),
) -> ImportPlan:
    """The rows an import of ``imported`` creates; ``schedule`` is the engine's schedule of the
    file (manually scheduled tasks take their finish from it). Raises ``engine.CalendarError``
    when the project calendar has no working time."""
    return _Converter(imported, schedule).run(source_format, list(notes))
