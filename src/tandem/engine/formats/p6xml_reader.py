"""Read Primavera P6 XML (PMXML, ``<APIBusinessObjects>``) files.

Calendars come from ``StandardWorkWeek`` and ``HolidayOrExceptions``; activities, relationships
and WBS from the chosen ``<Project>``. A file may hold several projects (and stub projects that
only carry external activities): ``project_id`` (``Id`` or ``ObjectId``) picks one, otherwise
the first project with a planned start is read and the notes say so. Percentages in P6-XML are
fractions (1.0 = 100 %); durations, lags and floats are hours.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET  # noqa: S405  (types only; parsing uses defusedxml)
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..scheduling.model import (
    Calendar,
    CalendarException,
    FileFormatError,
    Project,
    Resource,
    WorkingTime,
)
from .imported import ImportedProject, ImportNote, source_bytes
from .p6_common import (
    ACTIVITY_TYPES,
    LAG_CALENDARS,
    LINK_TYPES,
    P6Activity,
    P6Data,
    P6Relationship,
    P6Wbs,
    build_p6_project,
    work_period,
)
from .xmltree import parse_xml

__all__ = ["load_p6xml", "read_p6xml"]

_WEEKDAYS = {
    "Monday": 0,
    "Tuesday": 1,
    "Wednesday": 2,
    "Thursday": 3,
    "Friday": 4,
    "Saturday": 5,
    "Sunday": 6,
}
_STATUS = {"Not Started": "not_started", "In Progress": "in_progress", "Completed": "completed"}
_RESOURCE_KINDS = {"Labor": "work", "Nonlabor": "work", "Material": "material"}


def read_p6xml(
    source: str | Path | bytes, *, timezone: str = "UTC", project_id: str | None = None
) -> Project:
    """Read a P6-XML file and return the chosen project's :class:`Project` (inputs only)."""
    return load_p6xml(source, timezone=timezone, project_id=project_id).project


def load_p6xml(
    source: str | Path | bytes,
    *,
    timezone: str = "UTC",
    project_id: str | None = None,
    name: str | None = None,
) -> ImportedProject:
    """Read a P6-XML file: the chosen project's inputs, P6's stored dates, notes.

    Raises FileFormatError (file and element) for malformed content or an unknown project.
    """
    data, where = source_bytes(source, name)
    root = parse_xml(data, where)
    if root.tag not in {"APIBusinessObjects", "BusinessObjects"}:
        raise FileFormatError(f"root element is <{root.tag}>, not P6 <APIBusinessObjects>", where)
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise FileFormatError(f"unknown time zone {timezone!r}", where) from exc
    return build_p6_project(_P6XmlReader(root, where, zone, timezone).read(project_id))


def _text(element: ET.Element, tag: str) -> str:
    return (element.findtext(tag) or "").strip()


class _P6XmlReader:
    def __init__(self, root: ET.Element, where: str, zone: ZoneInfo, zone_name: str) -> None:
        self.root = root
        self.where = where
        self.zone = zone
        self.zone_name = zone_name

    def fail(self, message: str, element: str) -> FileFormatError:
        return FileFormatError(message, self.where, element)

    def when(self, element: ET.Element, tag: str, label: str) -> datetime | None:
        value = _text(element, tag)
        if not value:
            return None
        try:
            return datetime.fromisoformat(value).replace(tzinfo=self.zone)
        except ValueError:
            raise self.fail(f"<{tag}> {value!r} is not a date-time", label) from None

    def number(
        self, element: ET.Element, tag: str, label: str, default: float | None = 0.0
    ) -> float | None:
        value = _text(element, tag)
        if not value:
            return default
        if "," in value and "." not in value:
            value = value.replace(",", ".")  # written with a decimal comma by some exporters
        try:
            return float(value)
        except ValueError:
            raise self.fail(f"<{tag}> {value!r} is not a number", label) from None

    def pick_project(self, project_id: str | None) -> tuple[ET.Element, list[ImportNote]]:
        projects = self.root.findall("Project")
        if not projects:
            raise self.fail("no <Project>", "APIBusinessObjects")
        label = ", ".join(f"{_text(p, 'Id')} ({_text(p, 'ObjectId')})" for p in projects)
        if project_id is not None:
            for project in projects:
                if project_id in {_text(project, "Id"), _text(project, "ObjectId")}:
                    return project, []
            raise self.fail(f"no project {project_id!r}; the file holds {label}", "Project")
        complete = [p for p in projects if _text(p, "PlannedStartDate")] or projects
        notes: list[ImportNote] = []
        if len(projects) > 1:
            chosen = f"{_text(complete[0], 'Id')} ({_text(complete[0], 'ObjectId')})"
            notes.append(
                ImportNote(
                    "several_projects",
                    f"file holds {len(projects)} projects ({label}); read the first with a "
                    f"planned start, {chosen}",
                    {"count": str(len(projects)), "projects": label, "chosen": chosen},
                )
            )
        return complete[0], notes

    def read(self, project_id: str | None) -> P6Data:
        project, notes = self.pick_project(project_id)
        label = f"Project {_text(project, 'Id')}"
        start = self.when(project, "PlannedStartDate", label) or self.when(
            project, "StartDate", label
        )
        if start is None:
            raise self.fail("no <PlannedStartDate>", label)
        calendars = [
            self.calendar(element)
            for element in [*self.root.findall("Calendar"), *project.findall("Calendar")]
        ]
        calendar_id = self.project_calendar(project, calendars, notes)
        element = next(
            (e for e in self.root.iter("Calendar") if _text(e, "ObjectId") == calendar_id), None
        )
        hours = None if element is None else self.number(element, "HoursPerDay", "Calendar", 8.0)
        week = None if element is None else self.number(element, "HoursPerWeek", "Calendar", None)
        month = None if element is None else self.number(element, "HoursPerMonth", "Calendar", None)
        data = P6Data(
            source_format="p6xml",
            project_id=_text(project, "ObjectId"),
            name=_text(project, "Name") or _text(project, "Id"),
            start=start,
            calendar_id=calendar_id,
            calendars=calendars,
            data_date=self.when(project, "DataDate", label),
            finish_by=self.when(project, "MustFinishByDate", label),
            hours_per_day=hours or 8.0,
            hours_per_week=week,
            hours_per_month=month,
            lag_calendar=LAG_CALENDARS.get(
                _text(project, "RelationshipLagCalendar"), LAG_CALENDARS["rcal_Predecessor"]
            ),
            retained_logic=_text(project, "OutOfSequenceScheduleType") != "Progress Override",
            critical_float_hours=self.number(project, "CriticalActivityFloatLimit", label)
            or self.number(project, "CriticalActivityFloatThreshold", label)
            or 0.0,
            notes=notes,
            timezone=self.zone_name,
        )
        for wbs in project.findall("WBS"):
            data.wbs[_text(wbs, "ObjectId")] = P6Wbs(
                parent=_text(wbs, "ParentObjectId") or None,
                code=_text(wbs, "Code"),
                name=_text(wbs, "Name"),
                sequence=self.number(wbs, "SequenceNumber", label) or 0.0,
            )
        data.activities = [self.activity(element) for element in project.findall("Activity")]
        own = {activity.object_id for activity in data.activities}
        for element in self.root.iter("Relationship"):
            if {
                _text(element, "PredecessorActivityObjectId"),
                _text(element, "SuccessorActivityObjectId"),
            } & own:
                data.relationships.append(self.relationship(element))
        self.resources(data, project, own)
        return data

    def project_calendar(
        self, project: ET.Element, calendars: list[Calendar], notes: list[ImportNote]
    ) -> str:
        """The project's default calendar id, or the first calendar's (noted) when missing."""
        calendar_id = _text(project, "ActivityDefaultCalendarObjectId")
        if calendar_id in {calendar.id for calendar in calendars}:
            return calendar_id
        if not calendars:
            raise self.fail("the file defines no calendar", f"Project {_text(project, 'Id')}")
        notes.append(
            ImportNote(
                "project_calendar_missing",
                f"project calendar {calendar_id!r} is not in the file; using {calendars[0].id}",
                {"calendar": calendar_id, "used": calendars[0].id, "used_name": calendars[0].name},
            )
        )
        return calendars[0].id

    def calendar(self, element: ET.Element) -> Calendar:
        calendar_id = _text(element, "ObjectId")
        label = f"Calendar {calendar_id}"
        if not calendar_id:
            raise self.fail("calendar without <ObjectId>", "Calendar")
        week: list[tuple[WorkingTime, ...]] = [()] * 7
        for day in element.findall("StandardWorkWeek/StandardWorkHours"):
            name = _text(day, "DayOfWeek")
            if name not in _WEEKDAYS:
                raise self.fail(f"unknown <DayOfWeek> {name!r}", label)
            week[_WEEKDAYS[name]] = self.periods(day, label)
        exceptions = []
        for item in element.findall("HolidayOrExceptions/HolidayOrException"):
            when = self.when(item, "Date", label)
            if when is None:
                raise self.fail("holiday without <Date>", label)
            exceptions.append(
                CalendarException(when.date(), when.date(), self.periods(item, label))
            )
        base = _text(element, "BaseCalendarObjectId") or None
        return Calendar(
            calendar_id,
            _text(element, "Name"),
            tuple(week),
            tuple(sorted(exceptions, key=lambda e: (e.start, e.end))),
            base,
        )

    def periods(self, parent: ET.Element, label: str) -> tuple[WorkingTime, ...]:
        periods = []
        for item in parent.findall("WorkTime"):
            start, finish = _text(item, "Start"), _text(item, "Finish")
            if not start or not finish:
                continue
            try:
                periods.append(work_period(_minutes(start), _minutes(finish)))
            except ValueError:
                raise self.fail(f"bad <WorkTime> {start!r}-{finish!r}", label) from None
        return tuple(sorted(periods))

    def activity(self, element: ET.Element) -> P6Activity:
        code = _text(element, "Id")
        label = f"Activity {code or _text(element, 'ObjectId')}"
        kind = _text(element, "Type") or "Task Dependent"
        if kind not in ACTIVITY_TYPES:
            raise self.fail(f"unknown activity <Type> {kind!r}", label)
        planned = self.number(element, "PlannedDuration", label) or 0.0
        remaining = self.number(element, "RemainingDuration", label, None)
        # PercentComplete follows the activity's PercentCompleteType (duration, physical, units).
        fraction = self.number(element, "PercentComplete", label) or 0.0
        actual_start = self.when(element, "ActualStartDate", label)
        actual_finish = self.when(element, "ActualFinishDate", label)
        return P6Activity(
            object_id=_text(element, "ObjectId"),
            code=code,
            name=_text(element, "Name"),
            line=label,
            calendar_id=_text(element, "CalendarObjectId") or None,
            wbs_id=_text(element, "WBSObjectId") or None,
            kind=kind,
            status=_STATUS.get(_text(element, "Status"), "not_started"),
            planned_hours=planned,
            remaining_hours=remaining,
            percent_complete=max(0.0, min(100.0, fraction * 100)),
            actual_start=actual_start,
            actual_finish=actual_finish,
            constraint=_text(element, "PrimaryConstraintType"),
            constraint_date=self.when(element, "PrimaryConstraintDate", label),
            secondary_constraint=_text(element, "SecondaryConstraintType"),
            stored_start=self.when(element, "StartDate", label),
            stored_finish=self.when(element, "FinishDate", label),
            early_start=self.when(element, "EarlyStartDate", label),
            early_finish=self.when(element, "EarlyFinishDate", label),
            late_start=self.when(element, "LateStartDate", label),
            late_finish=self.when(element, "LateFinishDate", label),
            total_float_hours=self.number(element, "TotalFloat", label, None),
        )

    def relationship(self, element: ET.Element) -> P6Relationship:
        label = f"Relationship {_text(element, 'ObjectId')}"
        kind = _text(element, "Type") or "Finish to Start"
        if kind not in LINK_TYPES:
            raise self.fail(f"unknown relationship <Type> {kind!r}", label)
        return P6Relationship(
            _text(element, "PredecessorActivityObjectId"),
            _text(element, "SuccessorActivityObjectId"),
            kind,
            self.number(element, "Lag", label) or 0.0,
            label,
        )

    def resources(self, data: P6Data, project: ET.Element, activities: set[str]) -> None:
        calendars = {calendar.id for calendar in data.calendars}
        for element in self.root.findall("Resource"):
            calendar = _text(element, "CalendarObjectId")
            data.resources.append(
                Resource(
                    id=_text(element, "ObjectId"),
                    name=_text(element, "Name"),
                    kind=_RESOURCE_KINDS.get(_text(element, "ResourceType"), "work"),
                    calendar_id=calendar if calendar in calendars else None,
                )
            )
        for element in project.findall("ResourceAssignment"):
            activity = _text(element, "ActivityObjectId")
            if activity not in activities:
                continue
            label = f"ResourceAssignment {_text(element, 'ObjectId')}"
            units = self.number(element, "PlannedUnitsPerTime", label, None)
            data.assignments.append(
                (
                    activity,
                    _text(element, "ResourceObjectId"),
                    units or 1.0,
                    self.number(element, "PlannedUnits", label, None),
                )
            )


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")[:2]
    value = int(hours) * 60 + int(minutes)
    if not 0 <= value <= 1440:
        raise ValueError(text)
    return value
