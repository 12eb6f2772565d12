"""Read Primavera P6 XER files (tab-separated ``%T`` table / ``%F`` fields / ``%R`` rows).

XER has no encoding declaration: the reader tries UTF-8, then picks between Windows-1251
(Cyrillic) and Windows-1252 (Western) by which one gives words, and says which it used in the
notes; ``encoding`` overrides the guess. Calendars come from ``clndr_data``, P6's nested
parenthesis format ``(0||DaysOfWeek()((0||2()((0||0(s|08:00|f|12:00)())))...)``.
A file may hold several projects: ``project_id`` (``proj_id`` or ``proj_short_name``) picks
one, otherwise the first is read and the notes say so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
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
    excel_date,
    work_period,
)

__all__ = ["load_xer", "read_xer"]

_STATUS = {"TK_NotStart": "not_started", "TK_Active": "in_progress", "TK_Complete": "completed"}
_RESOURCE_KINDS = {"RT_Labor": "work", "RT_Equip": "work", "RT_Mat": "material"}
_CYRILLIC_WORD = re.compile("[\u0410-\u044f]{3,}")
_ACCENTED_RUN = re.compile("[\u00c0-\u00ff]{3,}")


@dataclass
class XerRow:
    values: dict[str, str]
    line: int

    def get(self, name: str) -> str:
        return self.values.get(name, "").strip()


@dataclass
class XerFile:
    tables: dict[str, list[XerRow]] = field(default_factory=dict)
    encoding: str = "utf-8"


def decode_xer(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Text and the encoding used; see the module docstring for the guess."""
    if encoding:
        return data.decode(encoding, errors="replace"), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    western = data.decode("cp1252", errors="replace")
    cyrillic = data.decode("cp1251", errors="replace")
    if len(_CYRILLIC_WORD.findall(cyrillic)) > len(
        _ACCENTED_RUN.findall(western)
    ) // 2 and _CYRILLIC_WORD.search(cyrillic):
        return cyrillic, "cp1251"
    return western, "cp1252"


def parse_xer_tables(text: str, where: str) -> dict[str, list[XerRow]]:
    """Split XER text into tables of rows keyed by field name. Raises FileFormatError."""
    lines = text.splitlines()
    if not lines or not lines[0].lstrip("\ufeff").startswith("ERMHDR"):
        raise FileFormatError("not an XER file (no ERMHDR header)", where, 1)
    tables: dict[str, list[XerRow]] = {}
    table: str | None = None
    fields: list[str] | None = None
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        parts = line.split("\t")
        marker = parts[0]
        if marker == "%T":
            if len(parts) < 2 or not parts[1].strip():
                raise FileFormatError("%T without a table name", where, number)
            table, fields = parts[1].strip(), None
            tables.setdefault(table, [])
        elif marker == "%F":
            if table is None:
                raise FileFormatError("%F before any %T table", where, number)
            fields = [name.strip() for name in parts[1:]]
        elif marker == "%R":
            if table is None or fields is None:
                raise FileFormatError("%R row before the %F field list", where, number)
            values = parts[1:]
            if len(values) > len(fields) and any(v.strip() for v in values[len(fields) :]):
                raise FileFormatError(
                    f"row has {len(values)} values for {len(fields)} fields of {table}",
                    where,
                    number,
                )
            tables[table].append(XerRow(dict(zip(fields, values, strict=False)), number))
        elif marker == "%E":
            break
        else:
            raise FileFormatError(f"unexpected line start {marker[:20]!r}", where, number)
    return tables


# -- clndr_data ------------------------------------------------------------------------------
@dataclass
class ClndrNode:
    name: str
    attributes: dict[str, str]
    children: list[ClndrNode]


class _ClndrParser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.position = 0

    def skip(self) -> None:
        while self.position < len(self.text) and self.text[self.position] in " \t\r\n\x7f":
            self.position += 1

    def expect(self, char: str) -> None:
        self.skip()
        if self.position >= len(self.text) or self.text[self.position] != char:
            raise ValueError(f"expected {char!r} at character {self.position}")
        self.position += 1

    def until(self, char: str) -> str:
        end = self.text.find(char, self.position)
        if end < 0:
            raise ValueError(f"missing {char!r} after character {self.position}")
        value, self.position = self.text[self.position : end], end
        return value

    def node(self) -> ClndrNode:
        self.expect("(")
        self.skip()
        header = self.until("(")  # "0||Name"
        name = header.split("||", 1)[-1].strip()
        self.expect("(")
        pieces = self.until(")").split("|")
        self.expect(")")
        attributes = {
            pieces[i].strip(): pieces[i + 1].strip() for i in range(0, len(pieces) - 1, 2)
        }
        self.expect("(")
        children = []
        self.skip()
        while self.position < len(self.text) and self.text[self.position] == "(":
            children.append(self.node())
            self.skip()
        self.expect(")")
        self.expect(")")
        return ClndrNode(name, attributes, children)


def parse_clndr_data(text: str) -> ClndrNode:
    """Parse P6's ``clndr_data`` text into a tree. Raises ValueError when malformed."""
    parser = _ClndrParser(text)
    return parser.node()


def _clock(text: str) -> int:
    hours, minutes = text.split(":")[:2]
    return int(hours) * 60 + int(minutes)


def _periods(node: ClndrNode) -> tuple[WorkingTime, ...]:
    periods = []
    for child in node.children:
        if "s" in child.attributes and "f" in child.attributes:
            periods.append(
                work_period(_clock(child.attributes["s"]), _clock(child.attributes["f"]))
            )
    return tuple(sorted(periods))


def calendar_from_clndr(row: XerRow, where: str) -> Calendar:
    """A :class:`Calendar` from a CALENDAR row. Raises FileFormatError naming the line."""
    calendar_id = row.get("clndr_id")
    try:
        tree = parse_clndr_data(row.values.get("clndr_data", "")) if row.get("clndr_data") else None
        week: list[tuple[WorkingTime, ...]] = [()] * 7
        exceptions = []
        for section in tree.children if tree else []:
            if section.name == "DaysOfWeek":
                for weekday in section.children:
                    week[(int(weekday.name) + 5) % 7] = _periods(weekday)
            elif section.name == "Exceptions":
                for item in section.children:
                    day = excel_date(item.attributes["d"])
                    exceptions.append(CalendarException(day, day, _periods(item)))
    except (ValueError, KeyError) as exc:
        raise FileFormatError(
            f"CALENDAR {calendar_id}: malformed clndr_data ({exc})", where, row.line
        ) from None
    base = row.get("base_clndr_id") or None
    return Calendar(
        calendar_id,
        row.get("clndr_name"),
        tuple(week),
        tuple(sorted(exceptions, key=lambda e: (e.start, e.end))),
        base,
    )


# -- reader ---------------------------------------------------------------------------------
def read_xer(
    source: str | Path | bytes, *, timezone: str = "UTC", project_id: str | None = None
) -> Project:
    """Read an XER file and return the chosen project's :class:`Project` (inputs only)."""
    return load_xer(source, timezone=timezone, project_id=project_id).project


def load_xer(
    source: str | Path | bytes,
    *,
    timezone: str = "UTC",
    project_id: str | None = None,
    encoding: str | None = None,
    name: str | None = None,
) -> ImportedProject:
    """Read an XER file: the chosen project's inputs, P6's stored dates, notes.

    Dates are wall-clock times placed in ``timezone``. Raises FileFormatError (file and line)
    for malformed content or an unknown ``project_id``.
    """
    data, where = source_bytes(source, name)
    text, used = decode_xer(data, encoding)
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise FileFormatError(f"unknown time zone {timezone!r}", where) from exc
    tables = parse_xer_tables(text, where)
    reader = _XerProjectReader(tables, where, zone, timezone)
    p6 = reader.read(project_id)
    if used != "utf-8":
        text = f"decoded as {used} (XER declares no encoding)"
        p6.notes.insert(0, ImportNote("decoded_as", text, {"encoding": used}))
    return build_p6_project(p6)


class _XerProjectReader:
    def __init__(
        self, tables: dict[str, list[XerRow]], where: str, zone: ZoneInfo, zone_name: str
    ) -> None:
        self.tables = tables
        self.where = where
        self.zone = zone
        self.zone_name = zone_name

    def rows(self, table: str, project: str | None = None) -> list[XerRow]:
        rows = self.tables.get(table, [])
        return rows if project is None else [row for row in rows if row.get("proj_id") == project]

    def when(self, row: XerRow, name: str) -> datetime | None:
        value = row.get(name)
        if not value:
            return None
        try:
            return datetime.strptime(value, "%Y-%m-%d %H:%M").replace(tzinfo=self.zone)
        except ValueError:
            raise FileFormatError(
                f"{name} {value!r} is not a 'YYYY-MM-DD HH:MM' date", self.where, row.line
            ) from None

    def number(self, row: XerRow, name: str, default: float | None = 0.0) -> float | None:
        value = row.get(name)
        if not value:
            return default
        try:
            return float(value)
        except ValueError:
            raise FileFormatError(
                f"{name} {value!r} is not a number", self.where, row.line
            ) from None

    def pick_project(self, project_id: str | None) -> tuple[XerRow, list[ImportNote]]:
        projects = [
            row for row in self.rows("PROJECT") if row.get("export_flag") != "N"
        ] or self.rows("PROJECT")
        if not projects:
            raise FileFormatError("no PROJECT table rows", self.where)
        notes: list[ImportNote] = []
        if project_id is not None:
            chosen = [
                row
                for row in self.rows("PROJECT")
                if project_id in {row.get("proj_id"), row.get("proj_short_name")}
            ]
            if not chosen:
                names = ", ".join(
                    f"{row.get('proj_id')} ({row.get('proj_short_name')})" for row in projects
                )
                raise FileFormatError(
                    f"no project {project_id!r}; the file holds {names}", self.where
                )
            return chosen[0], notes
        if len(projects) > 1:
            names = ", ".join(
                f"{row.get('proj_id')} ({row.get('proj_short_name')})" for row in projects
            )
            first = projects[0]
            read = f"{first.get('proj_id')} ({first.get('proj_short_name')})"
            notes.append(
                ImportNote(
                    "several_projects",
                    f"file holds {len(projects)} projects ({names}); read the first, {read}",
                    {"count": str(len(projects)), "projects": names, "chosen": read},
                )
            )
        return projects[0], notes

    def read(self, project_id: str | None) -> P6Data:
        project, notes = self.pick_project(project_id)
        proj = project.get("proj_id")
        start = self.when(project, "plan_start_date") or self.when(project, "last_recalc_date")
        if start is None:
            raise FileFormatError(
                f"PROJECT {proj} has no plan_start_date", self.where, project.line
            )
        calendars, broken = self.calendars(notes)
        calendar_id = self.project_calendar(project.get("clndr_id"), calendars, broken, notes)
        options = next(iter(self.rows("SCHEDOPTIONS", proj)), None)
        calendar_row = next(r for r in self.rows("CALENDAR") if r.get("clndr_id") == calendar_id)
        hours = self.number(calendar_row, "day_hr_cnt", 8.0)
        data = P6Data(
            source_format="xer",
            project_id=proj,
            name=project.get("proj_short_name"),
            start=start,
            calendar_id=calendar_id,
            calendars=calendars,
            data_date=self.when(project, "last_recalc_date"),
            finish_by=self.when(project, "plan_end_date"),
            hours_per_day=hours or 8.0,
            hours_per_week=self.number(calendar_row, "week_hr_cnt", None),
            hours_per_month=self.number(calendar_row, "month_hr_cnt", None),
            critical_float_hours=self.number(project, "critical_drtn_hr_cnt") or 0.0,
            notes=notes,
            timezone=self.zone_name,
        )
        if options is not None:
            data.lag_calendar = LAG_CALENDARS.get(
                options.get("sched_calendar_on_relationship_lag"), data.lag_calendar
            )
            data.retained_logic = options.get("sched_progress_override") != "Y"
        for row in self.rows("PROJWBS", proj):
            data.wbs[row.get("wbs_id")] = P6Wbs(
                parent=row.get("parent_wbs_id") or None,
                code=row.get("wbs_short_name"),
                name=row.get("wbs_name"),
                sequence=self.number(row, "seq_num") or 0.0,
                project_node=row.get("proj_node_flag") == "Y",
            )
        data.activities = [self.activity(row) for row in self.rows("TASK", proj)]
        own = {activity.object_id for activity in data.activities}
        for row in self.tables.get("TASKPRED", []):
            if row.get("task_id") in own or row.get("pred_task_id") in own:
                data.relationships.append(self.relationship(row))
        self.resources(data, own)
        used = {calendar_id} | {a.calendar_id for a in data.activities if a.calendar_id}
        used |= {r.calendar_id for r in data.resources if r.calendar_id}
        used |= {c.base_calendar_id for c in calendars if c.base_calendar_id}
        for calendar, error in broken.items():
            if calendar in used:
                raise error
        return data

    def project_calendar(
        self,
        calendar_id: str,
        calendars: list[Calendar],
        broken: dict[str, FileFormatError],
        notes: list[ImportNote],
    ) -> str:
        """The project's calendar id, or the first calendar's (noted) when it is missing."""
        if calendar_id in broken:
            raise broken[calendar_id]
        if calendar_id in {calendar.id for calendar in calendars}:
            return calendar_id
        if not calendars:
            raise FileFormatError("the file defines no calendar", self.where)
        notes.append(
            ImportNote(
                "project_calendar_missing",
                f"project calendar {calendar_id!r} is not in the file; using {calendars[0].id}",
                {"calendar": calendar_id, "used": calendars[0].id, "used_name": calendars[0].name},
            )
        )
        return calendars[0].id

    def calendars(
        self, notes: list[ImportNote]
    ) -> tuple[list[Calendar], dict[str, FileFormatError]]:
        """Parse every calendar; a malformed one is an error only if something uses it."""
        calendars: list[Calendar] = []
        broken: dict[str, FileFormatError] = {}
        for row in self.rows("CALENDAR"):
            try:
                calendars.append(calendar_from_clndr(row, self.where))
            except FileFormatError as exc:
                broken[row.get("clndr_id")] = exc
                notes.append(
                    ImportNote(
                        "calendar_skipped",
                        f"unused calendar {row.get('clndr_id')} skipped: {exc}",
                        {"calendar": str(row.get("clndr_id")), "problem": str(exc)},
                    )
                )
        return calendars, broken

    def activity(self, row: XerRow) -> P6Activity:
        status = _STATUS.get(row.get("status_code"), "not_started")
        planned = self.number(row, "target_drtn_hr_cnt") or 0.0
        remaining = self.number(row, "remain_drtn_hr_cnt", None)
        kind = row.get("task_type") or "TT_Task"
        if kind not in ACTIVITY_TYPES:
            raise FileFormatError(
                f"TASK {row.get('task_code')}: unknown task_type {kind!r}", self.where, row.line
            )
        done, left = (
            self.number(row, "act_work_qty") or 0.0,
            self.number(row, "remain_work_qty") or 0.0,
        )
        if row.get("complete_pct_type") == "CP_Phys":
            percent = self.number(row, "phys_complete_pct") or 0.0
        elif row.get("complete_pct_type") == "CP_Units":
            percent = 100.0 * done / (done + left) if done + left else 0.0
        elif planned and remaining is not None:
            percent = max(0.0, min(100.0, 100.0 * (1 - remaining / planned)))
        else:
            percent = 0.0
        actual_start, actual_finish = (
            self.when(row, "act_start_date"),
            self.when(row, "act_end_date"),
        )
        return P6Activity(
            object_id=row.get("task_id"),
            code=row.get("task_code"),
            name=row.get("task_name"),
            line=row.line,
            calendar_id=row.get("clndr_id") or None,
            wbs_id=row.get("wbs_id") or None,
            kind=kind,
            status=status,
            planned_hours=planned,
            remaining_hours=remaining,
            percent_complete=percent,
            actual_start=actual_start,
            actual_finish=actual_finish,
            constraint=row.get("cstr_type"),
            constraint_date=self.when(row, "cstr_date"),
            secondary_constraint=row.get("cstr_type2"),
            stored_start=actual_start
            or self.when(row, "early_start_date")
            or self.when(row, "restart_date"),
            stored_finish=actual_finish
            or self.when(row, "early_end_date")
            or self.when(row, "reend_date"),
            early_start=self.when(row, "early_start_date"),
            early_finish=self.when(row, "early_end_date"),
            late_start=self.when(row, "late_start_date"),
            late_finish=self.when(row, "late_end_date"),
            total_float_hours=self.number(row, "total_float_hr_cnt", None),
        )

    def relationship(self, row: XerRow) -> P6Relationship:
        kind = row.get("pred_type") or "PR_FS"
        if kind not in LINK_TYPES:
            raise FileFormatError(
                f"TASKPRED {row.get('task_pred_id')}: unknown pred_type {kind!r}",
                self.where,
                row.line,
            )
        return P6Relationship(
            row.get("pred_task_id"),
            row.get("task_id"),
            kind,
            self.number(row, "lag_hr_cnt") or 0.0,
            row.line,
        )

    def resources(self, data: P6Data, activities: set[str]) -> None:
        calendars = {calendar.id for calendar in data.calendars}
        for row in self.rows("RSRC"):
            calendar = row.get("clndr_id")
            data.resources.append(
                Resource(
                    id=row.get("rsrc_id"),
                    name=row.get("rsrc_name"),
                    kind=_RESOURCE_KINDS.get(row.get("rsrc_type"), "work"),
                    calendar_id=calendar if calendar in calendars else None,
                )
            )
        for row in self.rows("TASKRSRC"):
            if row.get("task_id") not in activities:
                continue
            units = self.number(row, "target_qty_per_hr", None)
            data.assignments.append(
                (
                    row.get("task_id"),
                    row.get("rsrc_id"),
                    units or 1.0,
                    self.number(row, "target_qty", None),
                )
            )
