"""Plans as a table: CSV files and Excel ``.xlsx`` workbooks (the first sheet).

The first row names the columns (any order, case and spacing ignored); only ``Name`` is
required:

==================  ==========================================================================
column              meaning
==================  ==========================================================================
ID                  the number other rows' predecessors use (default: the row's number, 1 first)
WBS                 ``1``, ``1.2``, ``1.2.3``: the outline (a row's parent is the row whose WBS
                    is its own without the last part) ...
Outline Level       ... or the depth, 1 at the top (a row's parent is the last row above it
                    one level up)
Name                the task's name
Duration            ``5d`` ``5 days`` ``4h`` ``2w`` ``1mo`` ``30m``; ``3ed`` elapsed days;
                    ``0`` (or ``0d``) a milestone; empty: from Start to Finish, else 1 day
Start / Finish      dates (``2025-03-10``, ``10/03/2025`` day first, or Excel dates); without a
                    Constraint Type column, a Start is kept as a "start no earlier than"
                    constraint and a Finish with neither Duration nor Start as "finish no later
                    than"; with one, Start and Finish are only the file's schedule
Constraint Type     MS Project's names (``As Soon As Possible``, ``As Late As Possible``,
                    ``Start No Earlier Than``, ``Start No Later Than``, ``Finish No Earlier
                    Than``, ``Finish No Later Than``, ``Must Start On``, ``Must Finish On``) or
                    their codes (ASAP, ALAP, SNET, SNLT, FNET, FNLT, MSO, MFO); empty: as soon
                    as possible
Constraint Date     the constraint's date (required by every type but ASAP and ALAP)
Predecessors        as MS Project writes them: ``3FS+2d;5SS;7FF-1d;8SF+50%`` (type FS when
                    left out; separators ``;`` or ``,``)
Resource Names      ``Ada Lovelace;Build server[50%]`` (units in brackets, 100% by default)
% Complete          0 to 100 (``40`` or ``40%``)
Milestone           yes / no (a zero duration is a milestone anyway)
Notes               free text
==================  ==========================================================================

Text that a spreadsheet would run as a formula is written by Tandem's exports with a protective
apostrophe (``'=SUM(A1)``, see ``tandem.core.spreadsheet_cells``); the import takes exactly that
apostrophe off again, so ``=SUM(A1)`` comes back as the name it was. An apostrophe before
anything else (``'Tis``) is the text's own and is kept.

The plan's calendar is MS Project's standard one: Monday to Friday, 08:00-12:00 and
13:00-17:00, 8 hours a day. Errors name the file and the line (CSV) or row (Excel).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field, replace

from django.utils.translation import gettext as _

from tandem.core.spreadsheet_cells import restore_text
from tandem.engine.formats import ImportedProject
from tandem.engine.scheduling import model as engine
from tandem.engine.scheduling.model import FileFormatError

STANDARD_WEEK = (((480, 720), (780, 1020)),) * 5 + ((), ())
MINUTES_PER_DAY = 480
COLUMN_ALIASES = {
    "id": "id",
    "wbs": "wbs",
    "outlinelevel": "level",
    "level": "level",
    "name": "name",
    "taskname": "name",
    "duration": "duration",
    "start": "start",
    "finish": "finish",
    "predecessors": "predecessors",
    "resourcenames": "resources",
    "resources": "resources",
    "%complete": "percent",
    "percentcomplete": "percent",
    "milestone": "milestone",
    "notes": "notes",
    "constrainttype": "constraint",
    "constraint": "constraint",
    "constraintdate": "constraint_date",
}
CONSTRAINT_NAMES = {
    "as soon as possible": engine.ConstraintType.ASAP,
    "as late as possible": engine.ConstraintType.ALAP,
    "start no earlier than": engine.ConstraintType.SNET,
    "start no later than": engine.ConstraintType.SNLT,
    "finish no earlier than": engine.ConstraintType.FNET,
    "finish no later than": engine.ConstraintType.FNLT,
    "must start on": engine.ConstraintType.MSO,
    "must finish on": engine.ConstraintType.MFO,
    **{kind.value.lower(): kind for kind in engine.ConstraintType},
}
UNDATED_CONSTRAINTS = {engine.ConstraintType.ASAP, engine.ConstraintType.ALAP}
FINISH_CONSTRAINTS = {
    engine.ConstraintType.FNET,
    engine.ConstraintType.FNLT,
    engine.ConstraintType.MFO,
}
UNIT_MINUTES = {
    "m": 1,
    "min": 1,
    "mins": 1,
    "minute": 1,
    "minutes": 1,
    "h": 60,
    "hr": 60,
    "hrs": 60,
    "hour": 60,
    "hours": 60,
    "d": MINUTES_PER_DAY,
    "day": MINUTES_PER_DAY,
    "days": MINUTES_PER_DAY,
    "w": MINUTES_PER_DAY * 5,
    "wk": MINUTES_PER_DAY * 5,
    "week": MINUTES_PER_DAY * 5,
    "weeks": MINUTES_PER_DAY * 5,
    "mo": MINUTES_PER_DAY * 20,
    "mon": MINUTES_PER_DAY * 20,
    "month": MINUTES_PER_DAY * 20,
    "months": MINUTES_PER_DAY * 20,
}
ELAPSED_MINUTES = {"em": 1, "eh": 60, "ed": 1440, "ew": 10080, "emo": 43200}
DURATION = re.compile(r"^\s*(-?\d+(?:[.,]\d+)?)\s*([a-z]*)\??\s*$", re.IGNORECASE)
PREDECESSOR = re.compile(
    r"^\s*(?P<id>[^\s+\-]+?)\s*(?P<type>FS|SS|FF|SF)?\s*"
    r"(?:(?P<sign>[+-])\s*(?P<lag>\d+(?:[.,]\d+)?)\s*(?P<unit>[a-z%]*))?\s*$",
    re.IGNORECASE,
)
RESOURCE = re.compile(r"^\s*(?P<name>[^\[]+?)\s*(?:\[\s*(?P<units>\d+(?:[.,]\d+)?)\s*%?\s*\])?\s*$")


@dataclass
class Tabular:
    imported: ImportedProject
    notes: dict[str, str] = field(default_factory=dict)


def looks_like_text(data: bytes) -> bool:
    head = data[:4096]
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start > len(head) - 4  # a character cut at the end of the sample
    return True


def _rows_csv(data: bytes, name: str) -> list[tuple[int, list[str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        return [(reader.line_num, row) for row in reader]
    except csv.Error as exc:
        raise FileFormatError(
            _("not a readable CSV file (%(exc)s)") % {"exc": exc}, name, reader.line_num
        ) from exc


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _rows_xlsx(data: bytes, name: str) -> list[tuple[int, list[str]]]:
    import openpyxl  # noqa: PLC0415 - loaded only for workbooks
    from openpyxl.utils.exceptions import InvalidFileException  # noqa: PLC0415

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise FileFormatError(
            _("not a readable Excel workbook (%(exc)s)") % {"exc": exc}, name
        ) from exc
    except Exception as exc:  # noqa: BLE001 - zip and XML errors of a damaged workbook
        raise FileFormatError(
            _("not a readable Excel workbook (%(kind)s)") % {"kind": type(exc).__name__},
            name,
        ) from exc
    sheet = book.worksheets[0]
    rows = [
        (number, [_cell(v) for v in row])
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1)
    ]
    book.close()
    return rows


def _date(text: str, name: str, line: int, column: str) -> dt.date | None:
    text = text.strip()
    if not text:
        return None
    candidate = text.split("T")[0].split(" ")[0]
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d/%m/%y"):
        try:
            return dt.datetime.strptime(candidate, fmt).date()  # noqa: DTZ007 - a date only
        except ValueError:
            continue
    raise FileFormatError(
        _("%(column)s %(text)s is not a date (use 2025-03-10)")
        % {"column": column, "text": repr(text)},
        name,
        line,
    )


def _duration(text: str, name: str, line: int) -> engine.Duration | None:
    if not text.strip():
        return None
    match = DURATION.match(text)
    if match is None:
        raise FileFormatError(
            _("Duration %(text)s is not a duration (e.g. 5d, 4h)") % {"text": repr(text)},
            name,
            line,
        )
    value = float(match.group(1).replace(",", "."))
    unit = match.group(2).lower() or "d"
    if value < 0:
        raise FileFormatError(_("Duration %(text)s is negative") % {"text": repr(text)}, name, line)
    if unit in ELAPSED_MINUTES:
        return engine.Duration(round(value * ELAPSED_MINUTES[unit]), elapsed=True)
    if unit not in UNIT_MINUTES:
        raise FileFormatError(
            _("Duration %(text)s: unknown unit %(unit)s")
            % {"text": repr(text), "unit": repr(unit)},
            name,
            line,
        )
    per = UNIT_MINUTES[unit]
    shown = engine.DurationUnit.DAY if per >= MINUTES_PER_DAY else engine.DurationUnit.HOUR
    return engine.Duration(round(value * per), shown)


def _lag(sign: str, amount: str, unit: str, name: str, line: int) -> engine.Lag:
    value = float(amount.replace(",", ".")) * (-1 if sign == "-" else 1)
    unit = unit.lower() or "d"
    if unit == "%":
        return engine.Lag(percent=value, calendar=engine.LagCalendar.PROJECT)
    if unit in ELAPSED_MINUTES:
        return engine.Lag(
            round(value * ELAPSED_MINUTES[unit]), elapsed=True, calendar=engine.LagCalendar.PROJECT
        )
    if unit not in UNIT_MINUTES:
        raise FileFormatError(
            _("lag unit %(unit)s unknown (use d, h, w, ed or %%)") % {"unit": repr(unit)},
            name,
            line,
        )
    return engine.Lag(round(value * UNIT_MINUTES[unit]), calendar=engine.LagCalendar.PROJECT)


def _working_days(start: dt.date, finish: dt.date) -> int:
    days = 0
    day = start
    while day <= finish:
        days += day.weekday() < 5
        day += dt.timedelta(days=1)
    return max(days, 1)


@dataclass
class _Row:
    line: int
    values: dict[str, str]

    def get(self, key: str) -> str:
        return self.values.get(key, "").strip()


class _Table:
    def __init__(self, rows: list[tuple[int, list[str]]], name: str, zone: str) -> None:
        self.name = name
        self.zone = zone
        rows = [(n, r) for n, r in rows if any(c.strip() for c in r)]
        if not rows:
            raise FileFormatError(_("the file has no rows"), name)
        header_line, header = rows[0]
        self.columns: list[str | None] = []
        for title in header:
            key = re.sub(r"[\s_]", "", title.strip().lower())
            self.columns.append(COLUMN_ALIASES.get(key))
        if "name" not in self.columns:
            raise FileFormatError(
                _(
                    "no Name column in the first row (columns: ID, WBS or Outline Level, Name, "
                    "Duration, Start, Finish, Predecessors, Resource Names, % Complete)"
                ),
                name,
                header_line,
            )
        self.has_constraints = "constraint" in self.columns
        self.rows = [
            _Row(n, {c: restore_text(v) for c, v in zip(self.columns, r, strict=False) if c})
            for n, r in rows[1:]
        ]

    def fail(self, message: str, line: int) -> FileFormatError:
        return FileFormatError(message, self.name, line)

    def ids(self) -> list[str]:
        found: list[str] = []
        seen: set[str] = set()
        for index, row in enumerate(self.rows, start=1):
            task_id = row.get("id") or str(index)
            if task_id in seen:
                raise self.fail(_("ID %(task_id)s appears twice") % {"task_id": task_id}, row.line)
            seen.add(task_id)
            found.append(task_id)
        return found

    def parents(self, ids: list[str]) -> list[str | None]:
        parents: list[str | None] = []
        if any(r.get("wbs") for r in self.rows):
            by_wbs: dict[str, str] = {}
            for task_id, row in zip(ids, self.rows, strict=True):
                code = row.get("wbs").rstrip(".")
                parent_code = code.rsplit(".", 1)[0] if "." in code else ""
                if parent_code and parent_code not in by_wbs:
                    raise self.fail(
                        _("WBS %(code)s: no row above has WBS %(parent_code)s")
                        % {"code": code, "parent_code": parent_code},
                        row.line,
                    )
                parents.append(by_wbs.get(parent_code))
                by_wbs[code] = task_id
            return parents
        stack: list[tuple[int, str]] = []
        for task_id, row in zip(ids, self.rows, strict=True):
            text = row.get("level") or "1"
            if not text.isdigit() or int(text) < 1:
                raise self.fail(
                    _("Outline Level %(text)s is not a number from 1") % {"text": repr(text)},
                    row.line,
                )
            level = int(text)
            while stack and stack[-1][0] >= level:
                stack.pop()
            if stack and stack[-1][0] != level - 1 or not stack and level != 1:
                raise self.fail(
                    _("Outline Level %(level)s has no parent one level up") % {"level": level},
                    row.line,
                )
            parents.append(stack[-1][1] if stack else None)
            stack.append((level, task_id))
        return parents

    def read(self) -> Tabular:
        ids = self.ids()
        parents = self.parents(ids)
        known = set(ids)
        tasks, links, assignments = [], [], []
        resources: dict[str, engine.Resource] = {}
        notes: dict[str, str] = {}
        starts: list[dt.date] = []
        for task_id, parent, row in zip(ids, parents, self.rows, strict=True):
            name = row.get("name")
            if not name:
                raise self.fail(_("the Name is empty"), row.line)
            start = _date(row.get("start"), self.name, row.line, "Start")
            finish = _date(row.get("finish"), self.name, row.line, "Finish")
            if start is not None:
                starts.append(start)
            duration = _duration(row.get("duration"), self.name, row.line)
            if duration is None:
                days = _working_days(start, finish) if start and finish else 1
                duration = engine.Duration(days * MINUTES_PER_DAY)
            milestone = row.get("milestone").lower() in {"yes", "y", "true", "1", "x"} or (
                duration.minutes == 0
            )
            percent_text = row.get("percent").rstrip("%").strip() or "0"
            try:
                percent = float(percent_text.replace(",", "."))
            except ValueError:
                raise self.fail(
                    _("%% Complete %(percent_text)s is not a number")
                    % {"percent_text": repr(percent_text)},
                    row.line,
                ) from None
            if not 0 <= percent <= 100:
                raise self.fail(
                    _("%% Complete %(percent_text)s is not between 0 and 100")
                    % {"percent_text": percent_text},
                    row.line,
                )
            if self.has_constraints:
                constraint, constraint_date = self.constraint(row)
            else:
                constraint, constraint_date = self.typed_constraint(row, start, finish)
            tasks.append(
                engine.Task(
                    id=task_id,
                    name=name,
                    duration=duration,
                    parent_id=parent,
                    milestone=milestone,
                    constraint=constraint,
                    constraint_date=constraint_date,
                    percent_complete=percent,
                )
            )
            if row.get("notes"):
                notes[task_id] = row.get("notes")
            links.extend(self.predecessors(task_id, row, known))
            for part in re.split(r"[;,]", row.get("resources")):
                if not part.strip():
                    continue
                match = RESOURCE.match(part)
                if match is None:
                    raise self.fail(
                        _("resource %(part)s is not 'Name' or 'Name[50%%]'") % {"part": repr(part)},
                        row.line,
                    )
                resource = match.group("name").strip()
                units = float((match.group("units") or "100").replace(",", ".")) / 100
                resources.setdefault(resource, engine.Resource(id=resource, name=resource))
                assignments.append(engine.Assignment(task_id, resource, units))
        if not tasks:
            raise FileFormatError(_("the file has a header row but no tasks"), self.name)
        first = min(starts) if starts else dt.datetime.now(tz=dt.UTC).date()
        calendar = engine.Calendar(id="standard", name="Standard", week=STANDARD_WEEK)
        project = engine.Project(
            name="",
            start=self.at(first, 480),
            calendar_id="standard",
            calendars=(calendar,),
            tasks=tuple(tasks),
            links=tuple(links),
            resources=tuple(resources.values()),
            assignments=tuple(assignments),
            timezone=self.zone,
        )
        return Tabular(ImportedProject(project=project, source_format="table"), notes)

    def constraint(self, row: _Row) -> tuple[engine.ConstraintType, dt.datetime | None]:
        """The row's Constraint Type and Constraint Date columns."""
        text = row.get("constraint")
        kind = CONSTRAINT_NAMES.get(re.sub(r"\s+", " ", text.lower()))
        if kind is None and text:
            raise self.fail(
                _(
                    "Constraint Type %(text)s is not one of MS Project's (As Soon As Possible, Start "
                    "No Earlier Than, ... or ASAP, SNET, ...)"
                )
                % {"text": repr(text)},
                row.line,
            )
        kind = kind or engine.ConstraintType.ASAP
        day = _date(row.get("constraint_date"), self.name, row.line, "Constraint Date")
        if kind in UNDATED_CONSTRAINTS:
            return kind, None
        if day is None:
            raise self.fail(
                _("Constraint Type %(text)s needs a Constraint Date") % {"text": repr(text)},
                row.line,
            )
        return kind, self.at(day, 1020 if kind in FINISH_CONSTRAINTS else 480)

    def typed_constraint(
        self, row: _Row, start: dt.date | None, finish: dt.date | None
    ) -> tuple[engine.ConstraintType, dt.datetime | None]:
        """A file without a Constraint Type column: a typed Start holds the task ("start no
        earlier than"), a Finish without Duration nor Start is a "finish no later than"."""
        if start is not None:
            return engine.ConstraintType.SNET, self.at(start, 480)
        if finish is not None and not row.get("duration"):
            return engine.ConstraintType.FNLT, self.at(finish, 1020)
        return engine.ConstraintType.ASAP, None

    def at(self, day: dt.date, minutes: int) -> dt.datetime:
        import zoneinfo  # noqa: PLC0415

        midnight = dt.datetime.combine(day, dt.time(), zoneinfo.ZoneInfo(self.zone))
        return midnight + dt.timedelta(minutes=minutes)

    def predecessors(self, task_id: str, row: _Row, known: set[str]) -> list[engine.Link]:
        links = []
        for part in re.split(r"[;,]", row.get("predecessors")):
            if not part.strip():
                continue
            match = PREDECESSOR.match(part)
            if match is None:
                raise self.fail(
                    _("predecessor %(part)s is not like 3FS+2d") % {"part": repr(part.strip())},
                    row.line,
                )
            other = match.group("id")
            if other not in known:
                raise self.fail(
                    _("predecessor %(other)s is not the ID of a row") % {"other": other}, row.line
                )
            lag = engine.Lag(calendar=engine.LagCalendar.PROJECT)
            if match.group("lag"):
                lag = _lag(
                    match.group("sign"), match.group("lag"), match.group("unit"), self.name,
                    row.line,
                )  # fmt: skip
            kind = engine.LinkType((match.group("type") or "FS").upper())
            links.append(engine.Link(other, task_id, kind, lag))
        return links


def read_tabular(data: bytes, name: str, kind: str, *, time_zone: str = "UTC") -> Tabular:
    """Read a CSV file or an Excel workbook (``kind`` "csv" or "xlsx") into a project."""
    rows = _rows_xlsx(data, name) if kind == "xlsx" else _rows_csv(data, name)
    table = _Table(rows, name, time_zone)
    tabular = table.read()
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    project = replace(tabular.imported.project, name=stem)
    return Tabular(replace(tabular.imported, project=project), tabular.notes)
