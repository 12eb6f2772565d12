"""Write a project (and optionally its computed schedule) as Microsoft Project XML (MSPDI).

Reading the written file with :func:`read_mspdi` (same ``timezone``) gives back an equal
:class:`Project` for projects whose ids are MSPDI UIDs (non-negative integers, task UID 0 being
reserved for the project summary), whose tasks are listed parents-first, and whose values MSPDI
can express; ``remaining_after_status_date`` travels as MS Project's MoveRemainingStartsForward.
What MSPDI cannot carry: a lag's calendar (MS Project counts lags on the project calendar),
``retained_logic``, baseline names (read back as "Baseline N"), a critical-float limit that is
not whole days, and non-numeric calendar and resource ids (renumbered). Task ids that are not
UIDs are renumbered too, and the original id is kept in the custom field Text1
(alias "Tandem id"), from which :func:`read_mspdi` restores it. Elements follow the MSPDI
schema's order.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET  # noqa: S405  (building XML, never parsing it)
from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from ..scheduling.model import (
    Baseline,
    Calendar,
    CalendarException,
    ConstraintType,
    Duration,
    Lag,
    Project,
    Schedule,
    Task,
    TaskSchedule,
)
from .mspdi_calendars import mask_from_weekdays, msp_day_type
from .mspdi_codes import (
    CONSTRAINT_NUMBERS,
    ID_ALIAS,
    ID_FIELD,
    LINK_NUMBERS,
    duration_format_code,
    format_clock,
    format_date_end,
    format_date_start,
    format_datetime,
    format_iso_duration,
)

__all__ = ["write_mspdi"]

NAMESPACE = "http://schemas.microsoft.com/project"

_RESOURCE_TYPES = {"material": "0", "work": "1", "cost": "2"}
_FREQUENCY_TYPES = {"daily": 7, "weekly": 6}


def write_mspdi(
    project: Project, schedule: Schedule | None = None, *, currency: str = "USD"
) -> bytes:
    """The project as MSPDI bytes (UTF-8); with ``schedule``, its dates, slack and Critical too.

    Times are written as wall-clock times in ``project.timezone``. Slack is written in tenths
    of minutes as MS Project does. Tasks are written parents-first. ``currency`` (ISO 4217, the
    currency of resources' rates) is the CurrencyCode the schema requires.
    """
    return _MspdiWriter(project, schedule, currency).build()


def _uid_map(ids: Iterable[str], reserved: set[int]) -> dict[str, str]:
    """Keep integer ids; renumber the others after the largest one, skipping ``reserved``."""
    ids = list(ids)
    numeric = [int(i) for i in ids if i.isdigit() and int(i) not in reserved]
    result: dict[str, str] = {}
    next_uid = max([*numeric, *reserved, 0]) + 1
    for identifier in ids:
        if identifier.isdigit() and int(identifier) not in reserved:
            result[identifier] = str(int(identifier))
        else:
            result[identifier] = str(next_uid)
            next_uid += 1
    return result


def _sub(parent: ET.Element, tag: str, value: object = None) -> ET.Element:
    element = ET.SubElement(parent, tag)
    if value is not None:
        element.text = str(value)
    return element


def _flag(value: bool) -> str:
    return "1" if value else "0"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


class _MspdiWriter:
    def __init__(self, project: Project, schedule: Schedule | None, currency: str) -> None:
        self.project = project
        self.currency = currency
        self.schedule = schedule
        self.zone = ZoneInfo(project.timezone)
        self.task_uids = _uid_map((task.id for task in project.tasks), {0})
        self.calendar_uids = _uid_map((calendar.id for calendar in project.calendars), set())
        self.resource_uids = _uid_map((resource.id for resource in project.resources), set())
        self.children: dict[str | None, list[Task]] = {}
        for task in project.tasks:
            self.children.setdefault(task.parent_id, []).append(task)

    def when(self, value: datetime) -> str:
        return format_datetime(value, self.zone)

    def build(self) -> bytes:
        root = ET.Element("Project", {"xmlns": NAMESPACE})
        self.header(root)
        if any(uid != task_id for task_id, uid in self.task_uids.items()):
            definitions = _sub(root, "ExtendedAttributes")
            definition = _sub(definitions, "ExtendedAttribute")
            _sub(definition, "FieldID", ID_FIELD)
            _sub(definition, "FieldName", "Text1")
            _sub(definition, "Alias", ID_ALIAS)
        calendars = _sub(root, "Calendars")
        for calendar in self.project.calendars:
            self.calendar(calendars, calendar)
        tasks = _sub(root, "Tasks")
        self.summary_task(tasks)
        for index, (task, outline) in enumerate(self.ordered_tasks(), start=1):
            self.task(tasks, task, index, outline)
        self.resources(root)
        self.assignments(root)
        ET.indent(root, space="\t")
        body = ET.tostring(root, encoding="unicode")
        return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + body + "\n").encode()

    def header(self, root: ET.Element) -> None:
        project, options = self.project, self.project.options
        _sub(root, "SaveVersion", 14)
        _sub(root, "Name", project.name)
        _sub(root, "Title", project.name)
        _sub(root, "ScheduleFromStart", _flag(options.schedule_from_start))
        _sub(root, "StartDate", self.when(project.start))
        finish = project.finish or (self.schedule.project_finish if self.schedule else None)
        if finish is not None:
            _sub(root, "FinishDate", self.when(finish))
        _sub(root, "CriticalSlackLimit", options.critical_float_minutes // options.minutes_per_day)
        _sub(root, "CurrencyCode", self.currency)
        _sub(root, "CalendarUID", self.calendar_uids.get(project.calendar_id, project.calendar_id))
        _sub(root, "DefaultStartTime", format_clock(options.default_start_time))
        _sub(root, "DefaultFinishTime", format_clock(options.default_finish_time))
        _sub(root, "MinutesPerDay", options.minutes_per_day)
        _sub(root, "MinutesPerWeek", options.minutes_per_week)
        _sub(root, "DaysPerMonth", options.days_per_month)
        _sub(root, "DurationFormat", 7)
        _sub(root, "HonorConstraints", _flag(options.honor_constraints))
        # "Move start of remaining parts before the status date forward to the status date".
        _sub(root, "MoveRemainingStartsForward", _flag(options.remaining_after_status_date))
        if project.status_date is not None:
            _sub(root, "StatusDate", self.when(project.status_date))
        _sub(root, "NewTasksAreManual", 0)

    # -- calendars -------------------------------------------------------------------------
    def calendar(self, parent: ET.Element, calendar: Calendar) -> None:
        element = _sub(parent, "Calendar")
        _sub(element, "UID", self.calendar_uids[calendar.id])
        _sub(element, "Name", calendar.name)
        base = self.calendar_uids.get(calendar.base_calendar_id or "")
        _sub(element, "IsBaseCalendar", _flag(base is None))
        _sub(element, "BaseCalendarUID", base if base is not None else -1)
        days = _sub(element, "WeekDays")
        for weekday in range(7):
            inherited = bool(base) and bool(calendar.inherits) and calendar.inherits[weekday]
            if inherited:
                continue
            day = _sub(days, "WeekDay")
            _sub(day, "DayType", msp_day_type(weekday))
            self.working_times(day, calendar.week[weekday] if weekday < len(calendar.week) else ())
        if calendar.exceptions:
            exceptions = _sub(element, "Exceptions")
            for exception in calendar.exceptions:
                self.exception(exceptions, exception)

    @staticmethod
    def working_times(parent: ET.Element, times: tuple[tuple[int, int], ...]) -> None:
        _sub(parent, "DayWorking", _flag(bool(times)))
        if not times:
            return
        container = _sub(parent, "WorkingTimes")
        for start, end in times:
            item = _sub(container, "WorkingTime")
            _sub(item, "FromTime", format_clock(start))
            _sub(item, "ToTime", format_clock(end))

    def exception(self, parent: ET.Element, exception: CalendarException) -> None:
        element = _sub(parent, "Exception")
        recurrence = exception.recurrence
        _sub(element, "EnteredByOccurrences", _flag(bool(recurrence and recurrence.occurrences)))
        period = _sub(element, "TimePeriod")
        _sub(period, "FromDate", format_date_start(exception.start))
        _sub(period, "ToDate", format_date_end(exception.end))
        if recurrence is not None and recurrence.occurrences is not None:
            _sub(element, "Occurrences", recurrence.occurrences)
        _sub(element, "Name", exception.name)
        if recurrence is None:
            _sub(element, "Type", 1)
        else:
            self.recurrence_fields(element, exception)
        self.working_times(element, exception.working_times)

    @staticmethod
    def recurrence_fields(element: ET.Element, exception: CalendarException) -> None:
        recurrence = exception.recurrence
        assert recurrence is not None  # noqa: S101  (caller checked)
        relative = recurrence.week_of_month is not None
        if recurrence.frequency in _FREQUENCY_TYPES:
            kind = _FREQUENCY_TYPES[recurrence.frequency]
        elif recurrence.frequency == "monthly":
            kind = 5 if relative else 4
        else:
            kind = 3 if relative else 2
        _sub(element, "Type", kind)
        if recurrence.frequency != "yearly":
            _sub(element, "Period", recurrence.interval)
        if recurrence.frequency == "weekly":
            _sub(element, "DaysOfWeek", mask_from_weekdays(recurrence.weekdays))
        if recurrence.month is not None:
            _sub(element, "Month", recurrence.month - 1)
        if relative and recurrence.weekdays:
            _sub(element, "MonthItem", (recurrence.weekdays[0] + 1) % 7 + 3)
            position = recurrence.week_of_month or 1
            _sub(element, "MonthPosition", 4 if position < 0 else position - 1)
        if not relative and recurrence.day_of_month is not None:
            _sub(element, "MonthDay", recurrence.day_of_month)

    # -- tasks -----------------------------------------------------------------------------
    def ordered_tasks(self) -> list[tuple[Task, str]]:
        """Tasks parents-first with their outline numbers (1, 1.1, 1.2, 2 ...)."""
        known = {task.id for task in self.project.tasks}
        result: list[tuple[Task, str]] = []

        def visit(parent: str | None, prefix: str) -> None:
            for number, task in enumerate(self.children.get(parent, []), start=1):
                outline = f"{prefix}{number}"
                result.append((task, outline))
                visit(task.id, outline + ".")

        visit(None, "")
        orphans = [
            t for t in self.project.tasks if t.parent_id is not None and t.parent_id not in known
        ]
        for number, task in enumerate(orphans, start=len(self.children.get(None, [])) + 1):
            result.append((task, str(number)))
        return result

    def summary_task(self, parent: ET.Element) -> None:
        element = _sub(parent, "Task")
        _sub(element, "UID", 0)
        _sub(element, "ID", 0)
        _sub(element, "Name", self.project.name)
        _sub(element, "OutlineNumber", 0)
        _sub(element, "OutlineLevel", 0)
        if self.schedule is not None:
            _sub(element, "Start", self.when(self.schedule.project_start))
            _sub(element, "Finish", self.when(self.schedule.project_finish))
        _sub(element, "Summary", 1)
        for baseline in self.project.baselines:
            if baseline.project_start is None and baseline.project_finish is None:
                continue
            item = _sub(element, "Baseline")
            _sub(item, "Number", baseline.number)
            if baseline.project_start is not None:
                _sub(item, "Start", self.when(baseline.project_start))
            if baseline.project_finish is not None:
                _sub(item, "Finish", self.when(baseline.project_finish))

    def duration(self, element: ET.Element, tag: str, duration: Duration) -> None:
        _sub(element, tag, format_iso_duration(duration.minutes))

    def task(self, parent: ET.Element, task: Task, index: int, outline: str) -> None:
        element = _sub(parent, "Task")
        _sub(element, "UID", self.task_uids[task.id])
        _sub(element, "ID", index)
        _sub(element, "Name", task.name)
        _sub(element, "Active", 1)
        _sub(element, "Manual", _flag(task.manual))
        _sub(element, "IsNull", 0)
        _sub(element, "WBS", task.wbs)
        _sub(element, "OutlineNumber", outline)
        _sub(element, "OutlineLevel", outline.count(".") + 1)
        _sub(element, "Priority", 1000 if task.do_not_level else task.priority)
        computed = self.schedule.tasks.get(task.id) if self.schedule else None
        if computed is not None:
            _sub(element, "Start", self.when(computed.start))
            _sub(element, "Finish", self.when(computed.finish))
        self.duration(element, "Duration", task.duration)
        if task.manual and task.manual_start is not None:
            _sub(element, "ManualStart", self.when(task.manual_start))
        if task.manual and task.manual_finish is not None:
            _sub(element, "ManualFinish", self.when(task.manual_finish))
        duration = task.duration
        _sub(
            element,
            "DurationFormat",
            duration_format_code(duration.unit, duration.elapsed, duration.estimated),
        )
        _sub(element, "Estimated", _flag(duration.estimated))
        _sub(element, "Milestone", _flag(task.milestone))
        _sub(element, "Summary", _flag(bool(self.children.get(task.id))))
        if computed is not None:
            self.computed_fields(element, computed)
        _sub(element, "PercentComplete", _number(task.percent_complete))
        if task.actual_start is not None:
            _sub(element, "ActualStart", self.when(task.actual_start))
        if task.actual_finish is not None:
            _sub(element, "ActualFinish", self.when(task.actual_finish))
        if task.remaining_duration is not None:
            self.duration(element, "RemainingDuration", task.remaining_duration)
        _sub(element, "ConstraintType", CONSTRAINT_NUMBERS[task.constraint])
        _sub(element, "CalendarUID", self.calendar_uids.get(task.calendar_id or "", -1))
        if task.constraint_date is not None and task.constraint not in {
            ConstraintType.ASAP,
            ConstraintType.ALAP,
        }:
            _sub(element, "ConstraintDate", self.when(task.constraint_date))
        if task.deadline is not None:
            _sub(element, "Deadline", self.when(task.deadline))
        if task.ignore_resource_calendar:
            _sub(element, "IgnoreResourceCalendar", 1)
        if task.notes:
            _sub(element, "Notes", task.notes)
        self.links(element, task)
        if self.task_uids[task.id] != task.id:
            attribute = _sub(element, "ExtendedAttribute")
            _sub(attribute, "FieldID", ID_FIELD)
            _sub(attribute, "Value", task.id)
        self.task_baselines(element, task.id, self.project.baselines)

    def computed_fields(self, element: ET.Element, computed: TaskSchedule) -> None:
        _sub(element, "Critical", _flag(computed.critical))
        _sub(element, "EarlyStart", self.when(computed.early_start))
        _sub(element, "EarlyFinish", self.when(computed.early_finish))
        _sub(element, "LateStart", self.when(computed.late_start))
        _sub(element, "LateFinish", self.when(computed.late_finish))
        _sub(element, "FreeSlack", computed.free_float_minutes * 10)
        _sub(element, "TotalSlack", computed.total_float_minutes * 10)

    def links(self, element: ET.Element, task: Task) -> None:
        for link in self.project.links:
            if link.successor_id != task.id or link.predecessor_id not in self.task_uids:
                continue
            item = _sub(element, "PredecessorLink")
            _sub(item, "PredecessorUID", self.task_uids[link.predecessor_id])
            _sub(item, "Type", LINK_NUMBERS[link.type])
            _sub(item, "CrossProject", 0)
            value, code = self.lag_value(link.lag)
            _sub(item, "LinkLag", value)
            _sub(item, "LagFormat", code)

    @staticmethod
    def lag_value(lag: Lag) -> tuple[str, int]:
        if lag.percent is not None:
            return _number(lag.percent), 20 if lag.elapsed else 19
        return str(lag.minutes * 10), duration_format_code(lag.unit, lag.elapsed)

    def task_baselines(
        self, element: ET.Element, task_id: str, baselines: tuple[Baseline, ...]
    ) -> None:
        for baseline in baselines:
            entry = baseline.tasks.get(task_id)
            if entry is None:
                continue
            item = _sub(element, "Baseline")
            _sub(item, "Number", baseline.number)
            if entry.start is not None:
                _sub(item, "Start", self.when(entry.start))
            if entry.finish is not None:
                _sub(item, "Finish", self.when(entry.finish))
            if entry.duration_minutes is not None:
                _sub(item, "Duration", format_iso_duration(entry.duration_minutes))

    # -- resources -------------------------------------------------------------------------
    def resources(self, root: ET.Element) -> None:
        container = _sub(root, "Resources")
        for index, resource in enumerate(self.project.resources, start=1):
            element = _sub(container, "Resource")
            _sub(element, "UID", self.resource_uids[resource.id])
            _sub(element, "ID", index)
            _sub(element, "Name", resource.name)
            _sub(element, "Type", _RESOURCE_TYPES.get(resource.kind, "1"))
            _sub(element, "MaxUnits", _number(resource.max_units))
            _sub(element, "StandardRate", _number(resource.standard_rate))
            _sub(element, "CalendarUID", self.calendar_uids.get(resource.calendar_id or "", -1))

    def assignments(self, root: ET.Element) -> None:
        container = _sub(root, "Assignments")
        for index, assignment in enumerate(self.project.assignments, start=1):
            if (
                assignment.task_id not in self.task_uids
                or assignment.resource_id not in self.resource_uids
            ):
                continue
            element = _sub(container, "Assignment")
            _sub(element, "UID", index)
            _sub(element, "TaskUID", self.task_uids[assignment.task_id])
            _sub(element, "ResourceUID", self.resource_uids[assignment.resource_id])
            _sub(element, "Units", _number(assignment.units))
            if assignment.work_minutes is not None:
                _sub(element, "Work", format_iso_duration(assignment.work_minutes))
