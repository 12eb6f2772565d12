"""Read Microsoft Project XML (MSPDI) files into the scheduling model.

Only the inputs of a schedule become the :class:`Project`: durations, links, calendars,
constraints, progress (actual dates, percent complete, remaining duration), baselines,
resources and assignments. The dates MS Project computed (Start, Finish, slack, Critical) are
returned separately in :attr:`ImportedProject.stored`, for comparison only.

Conventions: task and calendar ids are the file's UIDs as strings; the project summary task
(UID 0) is the project itself, not a task; null (blank) tasks are dropped; MSPDI has no time
zone, so wall-clock times are placed in ``timezone``. Lags count on the project calendar
(MS Project's rule). A task with Priority 1000 is ``do_not_level`` (MS Project's "Do Not Level").
``remaining_after_status_date`` is off unless MoveRemainingStartsForward is set: MS Project
does not move remaining work to the status date by itself. Task ids that :func:`write_mspdi`
kept in Text1 ("Tandem id") are restored.

Manually scheduled tasks (``Manual``) keep their ``ManualStart`` (what the user typed; ``Start``
only when it is missing) and ``ManualFinish``. Features the model cannot represent are read as closely as possible
and listed in :attr:`ImportedProject.out_of_scope` (split tasks are scheduled as one piece, work
resources on calendars with different working time are scheduled assignment by assignment only
on auto-scheduled, not started tasks whose assignments all give work, leveling delays are ignored). A task's own calendar is intersected with its resources' calendar
unless ``IgnoreResourceCalendar``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET  # noqa: S405  (types only; parsing uses defusedxml)
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..scheduling.model import (
    Assignment,
    Baseline,
    BaselineEntry,
    Calendar,
    ConstraintType,
    Duration,
    DurationUnit,
    FileFormatError,
    Lag,
    LagCalendar,
    Link,
    Project,
    Resource,
    ScheduleOptions,
    Task,
)
from .imported import ImportedProject, ImportNote, StoredTaskResult, source_bytes
from .mspdi_calendars import CalendarParser, covers_working_time, effective_rules
from .mspdi_codes import (
    CONSTRAINT_CODES,
    ID_ALIAS,
    ID_FIELD,
    LINK_CODES,
    PERCENT_FORMATS,
    parse_clock,
    parse_datetime,
    parse_duration_format,
    parse_iso_duration,
)
from .xmltree import parse_xml

__all__ = ["load_mspdi", "read_mspdi"]

DO_NOT_LEVEL_PRIORITY = 1000
_RESOURCE_KINDS = {"0": "material", "1": "work", "2": "cost"}
_UNASSIGNED_RESOURCE = "-65535"
_NO_CALENDAR = {"", "-1"}
_TASK_VALUES = frozenset(("task", "predecessor", "successor"))  # note values naming tasks
_DATED_CONSTRAINTS = {
    ConstraintType.MSO,
    ConstraintType.MFO,
    ConstraintType.SNET,
    ConstraintType.SNLT,
    ConstraintType.FNET,
    ConstraintType.FNLT,
}


def _rename_tasks(imported: ImportedProject, mapping: dict[str, str]) -> ImportedProject:
    """The same import with task ids replaced through ``mapping`` (ids not in it unchanged)."""
    if not mapping:
        return imported

    def new(task_id: str | None) -> str | None:
        return None if task_id is None else mapping.get(task_id, task_id)

    def same(task_id: str) -> str:
        return mapping.get(task_id, task_id)

    project = imported.project
    baselines = tuple(
        replace(b, tasks={same(k): v for k, v in b.tasks.items()}) for b in project.baselines
    )
    project = replace(
        project,
        tasks=tuple(replace(t, id=same(t.id), parent_id=new(t.parent_id)) for t in project.tasks),
        links=tuple(
            replace(k, predecessor_id=same(k.predecessor_id), successor_id=same(k.successor_id))
            for k in project.links
        ),
        assignments=tuple(replace(a, task_id=same(a.task_id)) for a in project.assignments),
        baselines=baselines,
    )
    return replace(
        imported,
        project=project,
        stored={same(k): replace(v, task_id=same(k)) for k, v in imported.stored.items()},
        task_issues={same(k): v for k, v in imported.task_issues.items()},
        note_details=tuple(
            replace(
                note,
                values={k: same(v) if k in _TASK_VALUES else v for k, v in note.values.items()},
            )
            for note in imported.note_details
        ),
    )


def read_mspdi(source: str | Path | bytes, *, timezone: str = "UTC") -> Project:
    """Read an MSPDI file (path or bytes) and return its :class:`Project` (inputs only).

    Raises FileFormatError (naming the file and the element or UID) for malformed content.
    """
    return load_mspdi(source, timezone=timezone).project


def load_mspdi(
    source: str | Path | bytes, *, timezone: str = "UTC", name: str | None = None
) -> ImportedProject:
    """Read an MSPDI file with MS Project's stored results and the reader's notes.

    ``timezone`` is the zone MSPDI's zone-less wall-clock times are placed in. ``name`` labels
    bytes input in error messages. Raises FileFormatError for malformed content.
    """
    data, where = source_bytes(source, name)
    root = parse_xml(data, where)
    if root.tag != "Project":
        raise FileFormatError(f"root element is <{root.tag}>, not an MSPDI <Project>", where)
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise FileFormatError(f"unknown time zone {timezone!r}", where) from exc
    return _MspdiReader(root, where, zone, timezone).read()


class _MspdiReader:
    def __init__(self, root: ET.Element, where: str, zone: ZoneInfo, zone_name: str) -> None:
        self.root = root
        self.where = where
        self.zone = zone
        self.zone_name = zone_name
        self.notes: list[ImportNote] = []
        self.task_issues: dict[str, list[str]] = {}
        self.options = ScheduleOptions()
        self.default_unit = DurationUnit.DAY
        self.calendars: dict[str, Calendar] = {}
        self.tasks: dict[str, Task] = {}
        self.resources: dict[str, Resource] = {}
        self.project_calendar = ""
        self.ignores_resource_calendar: dict[str, bool] = {}

    # -- helpers -------------------------------------------------------------------------
    def fail(self, message: str, element: str) -> FileFormatError:
        return FileFormatError(message, self.where, element)

    def text(self, parent: ET.Element, tag: str) -> str | None:
        value = parent.findtext(tag)
        return value.strip() if value is not None and value.strip() else None

    def number(self, parent: ET.Element, tag: str, label: str, default: float = 0.0) -> float:
        value = self.text(parent, tag)
        if value is None:
            return default
        try:
            return float(value)
        except ValueError:
            raise self.fail(f"<{tag}> {value!r} is not a number", label) from None

    def integer(self, parent: ET.Element, tag: str, label: str, default: int = 0) -> int:
        return round(self.number(parent, tag, label, default))

    def flag(self, parent: ET.Element, tag: str, default: bool = False) -> bool:
        value = self.text(parent, tag)
        return default if value is None else value in {"1", "true"}

    def when(self, parent: ET.Element, tag: str, label: str) -> datetime | None:
        value = self.text(parent, tag)
        if value is None:
            return None
        try:
            return parse_datetime(value, self.zone)
        except ValueError:
            raise self.fail(f"<{tag}> {value!r} is not a date-time", label) from None

    def minutes(self, parent: ET.Element, tag: str, label: str, elapsed: bool) -> float | None:
        value = self.text(parent, tag)
        if value is None:
            return None
        per_day = 1440 if elapsed else self.options.minutes_per_day
        per_month = 30 if elapsed else self.options.days_per_month
        try:
            return parse_iso_duration(value, per_day, per_month)
        except ValueError as exc:
            raise self.fail(f"<{tag}>: {exc}", label) from None

    def note(self, code: str, text: str, **values: str) -> None:
        self.notes.append(ImportNote(code, text, values))

    def issue(self, task_id: str, reason: str) -> None:
        self.task_issues.setdefault(task_id, []).append(reason)

    # -- project -------------------------------------------------------------------------
    def read(self) -> ImportedProject:
        root = self.root
        self.options = self.read_options()
        calendars = self.read_calendars()
        calendar_ids = {calendar.id for calendar in calendars}
        project_calendar = self.text(root, "CalendarUID")
        if project_calendar not in calendar_ids:
            if not calendars:
                raise self.fail("the file defines no calendar", "Calendars")
            self.note(
                "project_calendar_missing",
                f"project CalendarUID {project_calendar!r} is not defined; "
                f"using calendar {calendars[0].id} ({calendars[0].name})",
                calendar=project_calendar or "",
                used=calendars[0].id,
                used_name=calendars[0].name,
            )
            project_calendar = calendars[0].id
        start = self.when(root, "StartDate", "Project")
        if start is None:
            raise self.fail("no <StartDate>", "Project")
        elements = [task for task in root.findall("Tasks/Task")]
        tasks, summary_element = self.read_tasks(elements, calendar_ids)
        task_ids = {task.id for task in tasks}
        links = self.read_links(elements, task_ids)
        resources = self.read_resources(calendar_ids)
        self.calendars = {calendar.id: calendar for calendar in calendars}
        self.tasks = {task.id: task for task in tasks}
        self.resources = {resource.id: resource for resource in resources}
        self.project_calendar = project_calendar or ""
        assignments = self.read_assignments(task_ids, {r.id for r in resources})
        baselines = self.read_baselines(elements, task_ids, summary_element)
        project = Project(
            name=self.text(root, "Title") or self.text(root, "Name") or "",
            start=start,
            calendar_id=project_calendar or "",
            calendars=calendars,
            tasks=tasks,
            links=links,
            resources=resources,
            assignments=assignments,
            baselines=baselines,
            status_date=self.when(root, "StatusDate", "Project"),
            finish=None
            if self.options.schedule_from_start
            else self.when(root, "FinishDate", "Project"),
            timezone=self.zone_name,
            options=self.options,
        )
        stored = {uid: result for uid, result in self.read_stored(elements, task_ids)}
        reasons = sorted({reason for issues in self.task_issues.values() for reason in issues})
        imported = ImportedProject(
            project=project,
            source_format="mspdi",
            stored=stored,
            notes=tuple(note.text for note in self.notes),
            out_of_scope=tuple(reasons),
            task_issues={uid: tuple(issues) for uid, issues in self.task_issues.items()},
            note_details=tuple(self.notes),
        )
        return _rename_tasks(imported, self.original_ids(elements, task_ids))

    def original_ids(self, elements: list[ET.Element], task_ids: set[str]) -> dict[str, str]:
        """UID -> id kept in Text1 by :func:`write_mspdi` for ids that are not UIDs."""
        aliases = {
            self.text(item, "FieldID"): self.text(item, "Alias")
            for item in self.root.findall("ExtendedAttributes/ExtendedAttribute")
        }
        if aliases.get(str(ID_FIELD)) != ID_ALIAS:
            return {}
        mapping = {}
        for element in elements:
            uid = self.text(element, "UID") or ""
            for item in element.findall("ExtendedAttribute"):
                value = self.text(item, "Value")
                if uid in task_ids and self.text(item, "FieldID") == str(ID_FIELD) and value:
                    mapping[uid] = value
        unmapped = task_ids - set(mapping)
        if len(set(mapping.values())) != len(mapping) or unmapped & set(mapping.values()):
            self.note("task_ids_not_unique", "Text1 task ids are not unique; UIDs kept as ids")
            return {}
        return mapping

    def read_options(self) -> ScheduleOptions:
        root, label = self.root, "Project"
        per_day = self.integer(root, "MinutesPerDay", label, 480) or 480
        format_code = self.integer(root, "DurationFormat", label, 7)
        self.default_unit = parse_duration_format(format_code, DurationUnit.DAY)[0]
        start_time = self.clock(root, "DefaultStartTime", 480)
        finish_time = self.clock(root, "DefaultFinishTime", 1020)
        return ScheduleOptions(
            minutes_per_day=per_day,
            minutes_per_week=self.integer(root, "MinutesPerWeek", label, 2400) or 2400,
            days_per_month=self.integer(root, "DaysPerMonth", label, 20) or 20,
            default_start_time=start_time,
            default_finish_time=finish_time,
            schedule_from_start=self.flag(root, "ScheduleFromStart", True),
            honor_constraints=self.flag(root, "HonorConstraints", True),
            critical_float_minutes=self.integer(root, "CriticalSlackLimit", label) * per_day,
            # MS Project leaves remaining work where progress puts it, whatever the status date,
            # unless told to move it there ("Move start of remaining parts ... forward").
            remaining_after_status_date=self.flag(root, "MoveRemainingStartsForward"),
        )

    def clock(self, parent: ET.Element, tag: str, default: int) -> int:
        value = self.text(parent, tag)
        if value is None:
            return default
        try:
            return parse_clock(value)
        except ValueError:
            raise self.fail(f"<{tag}> {value!r} is not a time of day", "Project") from None

    def read_calendars(self) -> tuple[Calendar, ...]:
        elements = self.root.findall("Calendars/Calendar")
        known = {(element.findtext("UID") or "").strip() for element in elements}
        parser = CalendarParser(self.fail)
        calendars = [parser.parse(element, known) for element in elements]
        seen: set[str] = set()
        for calendar in calendars:
            if calendar.id in seen:
                raise self.fail("duplicate calendar UID", f"Calendar UID {calendar.id}")
            seen.add(calendar.id)
        return tuple(calendars)

    # -- tasks ---------------------------------------------------------------------------
    def read_tasks(
        self, elements: list[ET.Element], calendar_ids: set[str]
    ) -> tuple[tuple[Task, ...], ET.Element | None]:
        tasks: list[Task] = []
        stack: list[tuple[int, str]] = []
        summary: ET.Element | None = None
        seen: set[str] = set()
        for index, element in enumerate(elements, start=1):
            uid = self.text(element, "UID")
            if uid is None:
                raise self.fail("task without <UID>", f"Task #{index}")
            label = f"Task UID {uid}"
            if uid in seen:
                raise self.fail("duplicate task UID", label)
            seen.add(uid)
            level = self.outline_level(element, label)
            if uid == "0" or level == 0:
                summary = element
                continue
            if self.flag(element, "IsNull"):
                continue
            while stack and stack[-1][0] >= level:
                stack.pop()
            parent = stack[-1][1] if stack else None
            stack.append((level, uid))
            tasks.append(self.read_task(element, uid, label, parent, level, calendar_ids))
        return tuple(tasks), summary

    def outline_level(self, element: ET.Element, label: str) -> int:
        if self.text(element, "OutlineLevel") is not None:
            return self.integer(element, "OutlineLevel", label)
        number = self.text(element, "OutlineNumber")
        return 1 if number is None else number.count(".") + 1

    def duration(self, element: ET.Element, tag: str, label: str) -> Duration | None:
        code = self.integer(element, "DurationFormat", label, 21)
        unit, elapsed, estimated = parse_duration_format(code, self.default_unit)
        estimated = estimated or self.flag(element, "Estimated")
        minutes = self.minutes(element, tag, label, elapsed)
        if minutes is None:
            return None
        return Duration(round(minutes), unit, elapsed, estimated)

    def read_task(
        self,
        element: ET.Element,
        uid: str,
        label: str,
        parent: str | None,
        level: int,
        calendar_ids: set[str],
    ) -> Task:
        duration = self.duration(element, "Duration", label) or Duration(0, self.default_unit)
        constraint = CONSTRAINT_CODES.get(self.integer(element, "ConstraintType", label))
        if constraint is None:
            raise self.fail(
                f"unknown <ConstraintType> {self.text(element, 'ConstraintType')}", label
            )
        constraint_date = None
        if constraint in _DATED_CONSTRAINTS:
            constraint_date = self.when(element, "ConstraintDate", label)
            if constraint_date is None:
                raise self.fail(f"constraint {constraint} without <ConstraintDate>", label)
        calendar = self.text(element, "CalendarUID") or ""
        if calendar not in _NO_CALENDAR and calendar not in calendar_ids:
            self.note(
                "task_calendar_unknown",
                f"{label}: unknown CalendarUID {calendar}; project calendar used",
                task=uid,
                calendar=calendar,
            )
        actual_start = self.when(element, "ActualStart", label)
        actual_finish = self.when(element, "ActualFinish", label)
        remaining = None
        if actual_start is not None and actual_finish is None:
            remaining = self.duration(element, "RemainingDuration", label)
            if remaining is not None:
                # "Estimated" describes the task's duration, not what is left of it.
                remaining = replace(remaining, estimated=False)
        priority = self.integer(element, "Priority", label, 500)
        manual = self.flag(element, "Manual")
        manual_start = manual_finish = None
        if manual:
            manual_finish = self.when(element, "ManualFinish", label)
            # ManualStart is what the user typed; Start is only its echo after scheduling.
            manual_start = self.when(element, "ManualStart", label) or self.when(
                element, "Start", label
            )
        self.task_scope(element, uid, label)
        self.ignores_resource_calendar[uid] = self.flag(element, "IgnoreResourceCalendar")
        return Task(
            id=uid,
            name=self.text(element, "Name") or "",
            duration=duration,
            parent_id=parent,
            milestone=self.flag(element, "Milestone"),
            calendar_id=calendar if calendar in calendar_ids else None,
            constraint=constraint,
            constraint_date=constraint_date,
            deadline=self.when(element, "Deadline", label),
            actual_start=actual_start,
            actual_finish=actual_finish,
            percent_complete=self.number(element, "PercentComplete", label),
            remaining_duration=remaining,
            priority=priority,
            do_not_level=priority >= DO_NOT_LEVEL_PRIORITY,
            wbs=self.text(element, "WBS") or "",
            outline_level=level,
            manual=manual,
            manual_start=manual_start,
            manual_finish=manual_finish,
            ignore_resource_calendar=self.ignores_resource_calendar[uid],
            notes=element.findtext("Notes") or "",
        )

    def task_scope(self, element: ET.Element, uid: str, label: str) -> None:
        """Record features of this task that the model does not represent."""
        if self.number(element, "LevelingDelay", label) != 0:
            self.issue(uid, "leveling delay")
        if self.flag(element, "ExternalTask") or self.flag(element, "IsSubproject"):
            self.issue(uid, "external task or subproject")
        if not self.flag(element, "Active", True):
            self.issue(uid, "inactive task")

    # -- links ---------------------------------------------------------------------------
    def read_links(self, elements: list[ET.Element], task_ids: set[str]) -> tuple[Link, ...]:
        links: list[Link] = []
        for element in elements:
            successor = self.text(element, "UID") or ""
            for item in element.findall("PredecessorLink"):
                link = self.read_link(item, successor, task_ids)
                if link is not None:
                    links.append(link)
        return tuple(links)

    def read_link(self, item: ET.Element, successor: str, task_ids: set[str]) -> Link | None:
        label = f"Task UID {successor} <PredecessorLink>"
        predecessor = self.text(item, "PredecessorUID")
        if predecessor is None:
            raise self.fail("link without <PredecessorUID>", label)
        if self.flag(item, "CrossProject"):
            self.issue(successor, "cross-project link")
            return None
        if predecessor not in task_ids or successor not in task_ids:
            self.note(
                "link_to_missing_task",
                f"{label}: link {predecessor}->{successor} names a missing or null task; dropped",
                predecessor=predecessor,
                successor=successor,
            )
            return None
        kind = LINK_CODES.get(self.integer(item, "Type", label, 1))
        if kind is None:
            raise self.fail(f"unknown link <Type> {self.text(item, 'Type')}", label)
        return Link(predecessor, successor, kind, self.lag(item, label))

    def lag(self, item: ET.Element, label: str) -> Lag:
        code = self.integer(item, "LagFormat", label, 7)
        value = self.number(item, "LinkLag", label)
        if code in PERCENT_FORMATS:
            # Percent lags are stored as the plain percentage, not in tenths of minutes.
            return Lag(0, PERCENT_FORMATS[code], value, self.default_unit, LagCalendar.PROJECT)
        unit, elapsed, _ = parse_duration_format(code, self.default_unit)
        return Lag(round(value / 10), elapsed, None, unit, LagCalendar.PROJECT)

    # -- resources, assignments, baselines ------------------------------------------------
    def read_resources(self, calendar_ids: set[str]) -> tuple[Resource, ...]:
        resources: list[Resource] = []
        for element in self.root.findall("Resources/Resource"):
            uid = self.text(element, "UID")
            if uid is None:
                raise self.fail("resource without <UID>", "Resource")
            if self.flag(element, "IsNull"):
                continue
            label = f"Resource UID {uid}"
            calendar = self.text(element, "CalendarUID") or ""
            resources.append(
                Resource(
                    id=uid,
                    name=self.text(element, "Name") or "",
                    kind=_RESOURCE_KINDS.get(self.text(element, "Type") or "1", "work"),
                    max_units=self.number(element, "MaxUnits", label, 1.0),
                    calendar_id=calendar if calendar in calendar_ids else None,
                    standard_rate=self.number(element, "StandardRate", label),
                )
            )
        return tuple(resources)

    def assignment_calendar(self, task_id: str, resource_id: str) -> Calendar | None:
        resource = self.resources.get(resource_id)
        task = self.tasks.get(task_id)
        calendar_id = (
            (resource.calendar_id if resource else None)
            or (task.calendar_id if task else None)
            or self.project_calendar
        )
        return self.calendars.get(calendar_id)

    def read_assignments(
        self, task_ids: set[str], resource_ids: set[str]
    ) -> tuple[Assignment, ...]:
        assignments: list[Assignment] = []
        self.work_calendars: dict[str, set[str]] = {}
        for element in self.root.findall("Assignments/Assignment"):
            label = f"Assignment UID {self.text(element, 'UID')}"
            task, resource = self.text(element, "TaskUID"), self.text(element, "ResourceUID")
            if task is None or resource is None:
                raise self.fail("assignment without <TaskUID>/<ResourceUID>", label)
            if task in task_ids:
                self.assignment_scope(element, task, resource, label)
            if (
                resource == _UNASSIGNED_RESOURCE
                or task not in task_ids
                or resource not in resource_ids
            ):
                continue
            work = self.minutes(element, "Work", label, elapsed=False)
            assignments.append(
                Assignment(
                    task_id=task,
                    resource_id=resource,
                    units=self.number(element, "Units", label, 1.0),
                    work_minutes=None if work is None else round(work),
                )
            )
        for task, calendar_ids in self.work_calendars.items():
            rules = {effective_rules(self.calendars[c], self.calendars) for c in calendar_ids}
            if len(rules) > 1 and not self.own_calendars_scheduled(task, assignments):
                self.issue(task, "work resources on different calendars")
        return tuple(assignments)

    def own_calendars_scheduled(self, task_id: str, assignments: list[Assignment]) -> bool:
        """Whether the scheduler works each of the task's assignments on its own resource's
        calendar: an auto-scheduled, not started task whose work assignments all give work."""
        task = self.tasks.get(task_id)
        if task is None or task.manual or task.milestone or task.duration.elapsed:
            return False
        if task.actual_start is not None or task.actual_finish is not None:
            return False
        return all(
            a.work_minutes is not None and a.work_minutes > 0 and a.units > 0
            for a in assignments
            if a.task_id == task_id
            and a.units != 0
            and (own := self.resources.get(a.resource_id)) is not None
            and own.kind == "work"
        )

    def assignment_scope(self, element: ET.Element, task: str, resource: str, label: str) -> None:
        """Flag split assignments; collect the calendars of the task's work resources.

        The scheduler applies one resource calendar per task (alone, or intersected with the
        task's own); work resources on calendars with different working time each follow their
        own, which it models on auto-scheduled, not started tasks only (see
        :meth:`own_calendars_scheduled`).
        """
        if self.has_split(element, self.assignment_calendar(task, resource)):
            self.issue(task, "split task")
        own = self.resources.get(resource)
        if own is None or own.kind != "work" or self.number(element, "Units", label, 1.0) == 0:
            return
        calendar_id = own.calendar_id or self.project_calendar
        if calendar_id in self.calendars:
            self.work_calendars.setdefault(task, set()).add(calendar_id)

    def has_split(self, element: ET.Element, calendar: Calendar | None) -> bool:
        """A zero-work period of planned work that covers working time means a split task."""
        periods = []
        for item in element.findall("TimephasedData"):
            if (item.findtext("Type") or "").strip() != "1":
                continue
            value = (item.findtext("Value") or "").strip()
            try:
                start = parse_datetime(item.findtext("Start") or "", self.zone)
                finish = parse_datetime(item.findtext("Finish") or "", self.zone)
            except ValueError:
                continue  # timephased detail is informative only; MS Project writes odd times
            periods.append((value not in {"", "PT0H0M0S"}, start, finish))
        worked = [index for index, (busy, _, _) in enumerate(periods) if busy]
        if calendar is None or len(worked) < 2:
            return False
        return any(
            not periods[index][0]
            and covers_working_time(calendar, self.calendars, periods[index][1], periods[index][2])
            for index in range(worked[0], worked[-1])
        )

    def read_baselines(
        self, elements: list[ET.Element], task_ids: set[str], summary: ET.Element | None
    ) -> tuple[Baseline, ...]:
        entries: dict[int, dict[str, BaselineEntry]] = {}
        for element in elements:
            uid = self.text(element, "UID") or ""
            if uid not in task_ids:
                continue
            for item in element.findall("Baseline"):
                number = self.integer(item, "Number", f"Task UID {uid} <Baseline>")
                entries.setdefault(number, {})[uid] = self.baseline_entry(item, uid)
        totals: dict[int, BaselineEntry] = {}
        if summary is not None:
            for item in summary.findall("Baseline"):
                number = self.integer(item, "Number", "Task UID 0 <Baseline>")
                totals[number] = self.baseline_entry(item, "0")
        baselines = []
        for number in sorted(set(entries) | set(totals)):
            total = totals.get(number)
            baselines.append(
                Baseline(
                    number=number,
                    name=f"Baseline {number}" if number else "Baseline",
                    tasks=entries.get(number, {}),
                    project_start=total.start if total else None,
                    project_finish=total.finish if total else None,
                )
            )
        return tuple(baselines)

    def baseline_entry(self, item: ET.Element, uid: str) -> BaselineEntry:
        label = f"Task UID {uid} <Baseline>"
        minutes = self.minutes(item, "Duration", label, elapsed=False)
        return BaselineEntry(
            start=self.when(item, "Start", label),
            finish=self.when(item, "Finish", label),
            duration_minutes=None if minutes is None else round(minutes),
        )

    # -- stored results --------------------------------------------------------------------
    def read_stored(
        self, elements: list[ET.Element], task_ids: set[str]
    ) -> list[tuple[str, StoredTaskResult]]:
        stored = []
        for element in elements:
            uid = self.text(element, "UID") or ""
            if uid not in task_ids:
                continue
            label = f"Task UID {uid}"
            slack = (
                self.number(element, "TotalSlack", label)
                if self.text(element, "TotalSlack") is not None
                else None
            )
            critical = self.text(element, "Critical")
            format_code = self.integer(element, "DurationFormat", label, 21)
            elapsed = parse_duration_format(format_code, self.default_unit)[1]
            result = StoredTaskResult(
                task_id=uid,
                name=self.text(element, "Name") or "",
                start=self.when(element, "Start", label),
                finish=self.when(element, "Finish", label),
                early_start=self.when(element, "EarlyStart", label),
                early_finish=self.when(element, "EarlyFinish", label),
                late_start=self.when(element, "LateStart", label),
                late_finish=self.when(element, "LateFinish", label),
                total_float_minutes=None if slack is None else round(slack / 10),
                critical=None if critical is None else critical in {"1", "true"},
                summary=self.flag(element, "Summary"),
                float_elapsed=elapsed,
            )
            stored.append((uid, result))
        return stored
