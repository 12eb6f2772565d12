"""The plan as a table: CSV and Excel (.xlsx) exports, one row per task in WBS order.

Column layout
    The import's columns come first, written in the forms ``tandem.transfer.import_tabular``
    documents (and the Import page lists): ID (the row number, which Predecessors refer to),
    WBS, Outline Level, Name, Duration (``5d``, ``4h``, ``0d`` for a milestone), Start and
    Finish (the scheduled dates, ``YYYY-MM-DD``; date cells in Excel), Predecessors as MS
    Project writes them (``3FS+2d;5SS;7``: ``+2d`` working days, ``+90m`` working minutes,
    ``+2ed`` elapsed days, ``+50%`` of the predecessor's duration, ``-`` a lead), Resource Names
    (``Anna Novak;Press[50%]``), % Complete (0-100), Milestone (``yes``/``no``), Notes (the
    task's description, after the details below). Then the details and the computed values;
    the import reads Constraint Type and Constraint Date too (and ignores the rest), so a file
    exported here imports as the same outline, links, constraints, progress and assignments:

    ==========================  ===================================================================
    Constraint Type             ``As soon as possible``, ``Start no earlier than``, ...
    Constraint Date             the constraint's date (empty for as soon/late as possible)
    Deadline                    date or empty
    Actual Start, Actual Finish dates or empty
    Early Start, Early Finish   computed (the critical path method's forward pass)
    Late Start, Late Finish     computed (backward pass)
    Total Float (days)          working days the task can slip without moving the project finish
    Free Float (days)           working days it can slip without moving a successor
    Critical                    ``yes`` / ``no``
    Baseline Start, Baseline    the baseline the plan compares against (plan settings, else the
    Finish, Baseline Duration   latest saved); empty without one
    (days)
    Start / Finish / Duration   current minus baseline in working days (positive: later or
    Variance (days)             longer), as the baseline comparison page shows them
    ==========================  ===================================================================

Every text cell goes through ``tandem.core.spreadsheet_cells``: a name such as
``=HYPERLINK(...)`` is written with a leading apostrophe and never runs as a formula.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import translation
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from tandem.core.spreadsheet_cells import neutralize_text, to_csv
from tandem.planning.baseline_variance import VarianceRow, baseline_variance
from tandem.planning.models import ConstraintType
from tandem.planning.scheduling import PlanLink, PlanTask, task_dates

from .export_model import AssignedName, PlanExport, compared_baseline

TEXT, INTEGER, NUMBER, DATE, FLAG = "text", "integer", "number", "date", "flag"


@dataclass(frozen=True)
class Column:
    header: str
    kind: str
    width: int = 14


IMPORTED_COLUMNS = (
    Column("ID", INTEGER, 6),
    Column("WBS", TEXT, 10),
    Column("Outline Level", INTEGER, 8),
    Column("Name", TEXT, 40),
    Column("Duration", TEXT, 10),
    Column("Start", DATE, 12),
    Column("Finish", DATE, 12),
    Column("Predecessors", TEXT, 18),
    Column("Resource Names", TEXT, 28),
    Column("% Complete", INTEGER, 10),
    Column("Milestone", FLAG, 10),
)
DETAIL_COLUMNS = (
    Column("Constraint Type", TEXT, 22),
    Column("Constraint Date", DATE, 12),
    Column("Deadline", DATE, 12),
    Column("Actual Start", DATE, 12),
    Column("Actual Finish", DATE, 12),
    Column("Notes", TEXT, 40),
)
COMPUTED_COLUMNS = (
    Column("Early Start", DATE, 12),
    Column("Early Finish", DATE, 12),
    Column("Late Start", DATE, 12),
    Column("Late Finish", DATE, 12),
    Column("Total Float (days)", NUMBER),
    Column("Free Float (days)", NUMBER),
    Column("Critical", FLAG, 10),
    Column("Baseline Start", DATE, 12),
    Column("Baseline Finish", DATE, 12),
    Column("Baseline Duration (days)", NUMBER),
    Column("Start Variance (days)", INTEGER),
    Column("Finish Variance (days)", INTEGER),
    Column("Duration Variance (days)", NUMBER),
)
COLUMNS = IMPORTED_COLUMNS + DETAIL_COLUMNS + COMPUTED_COLUMNS
HEADER = [c.header for c in COLUMNS]
_UNDATED = {ConstraintType.ASAP, ConstraintType.ALAP}
_LAG_SUFFIX = {"days": "d", "minutes": "m", "edays": "ed", "percent": "%"}


def _plain(value: Decimal) -> str:
    """``2.50`` -> ``2.5``, ``3.00`` -> ``3``."""
    text = format(value.normalize(), "f")
    return text


def duration_text(minutes: int, unit: str, minutes_per_day: int) -> str:
    """``5d`` or ``4h`` (``unit``: the task's ``duration_unit``, ``days`` or ``hours``)."""
    if unit == "hours":
        return f"{_plain((Decimal(minutes) / 60).quantize(Decimal('0.01')))}h"
    return f"{_plain((Decimal(minutes) / minutes_per_day).quantize(Decimal('0.01')))}d"


def predecessor_text(link: PlanLink, row_id: int) -> str:
    """MS Project's notation: ``3``, ``3FS+2d``, ``5SS``, ``4FF-1d``, ``2FS+50%``."""
    if link.lag == 0:
        return str(row_id) if link.type == "FS" else f"{row_id}{link.type}"
    sign = "+" if link.lag > 0 else "-"
    return f"{row_id}{link.type}{sign}{_plain(abs(link.lag))}{_LAG_SUFFIX[link.lag_unit]}"


def resource_text(assigned: Sequence[AssignedName]) -> str:
    return ";".join(a.name if a.units == 100 else f"{a.name}[{_plain(a.units)}%]" for a in assigned)


def _variances(user: Any, plan: PlanExport) -> dict[int, VarianceRow]:
    baseline = compared_baseline(plan.project)
    if baseline is None:
        return {}
    return {
        row.task_id: row
        for row in baseline_variance(user, baseline).tasks
        if row.task_id is not None
    }


def table_rows(user: Any, plan: PlanExport) -> list[list[Any]]:
    """One row per task, in WBS order, values in the order of ``COLUMNS`` (Python values:
    ``date``, ``Decimal``, ``int``, ``bool``, ``str``, None for empty)."""
    row_ids = {task.id: number for number, task in enumerate(plan.tasks, start=1)}
    incoming: dict[int, list[PlanLink]] = defaultdict(list)
    for link in plan.links:
        incoming[link.successor_id].append(link)
    notes = {t.id: t.notes for t in plan.engine_project.tasks}
    durations = {t.id: t.duration.minutes for t in plan.engine_project.tasks}
    variances = _variances(user, plan)
    conv = plan.conv
    rows = []
    for task in plan.tasks:
        key = str(task.id)
        computed = plan.schedule.tasks[key]
        start, finish = task_dates(computed, conv)
        minutes = computed.duration_minutes if computed.summary else durations[key]
        variance = variances.get(task.id)
        rows.append(
            [
                row_ids[task.id],
                task.wbs_code,
                task.wbs_code.count(".") + 1,
                task.name,
                duration_text(minutes, task.duration_unit, conv.minutes_per_day),
                start,
                finish,
                ";".join(
                    predecessor_text(link, row_ids[link.predecessor_id])
                    for link in incoming[task.id]
                ),
                resource_text(plan.assigned.get(task.id, ())),
                task.percent_complete,
                task.is_milestone,
                *_details(task, notes[key]),
                conv.start_day(computed.early_start),
                conv.finish_day(computed.early_finish),
                conv.start_day(computed.late_start),
                conv.finish_day(computed.late_finish),
                conv.days(computed.total_float_minutes),
                conv.days(computed.free_float_minutes),
                computed.critical,
                *_baseline_cells(variance),
            ]
        )
    return rows


def _details(task: PlanTask, notes: str) -> list[Any]:
    constraint = ConstraintType(task.constraint_type)
    # The file keeps MS Project's English names, which the import reads back, in any language.
    with translation.override(None):
        constraint_name = str(constraint.label)
    return [
        constraint_name,
        None if constraint in _UNDATED else task.constraint_date,
        task.deadline,
        task.actual_start,
        task.actual_finish,
        notes,
    ]


def _baseline_cells(row: VarianceRow | None) -> list[Any]:
    if row is None:
        return [None] * 6
    return [
        row.baseline_start,
        row.baseline_finish,
        row.baseline_duration_days,
        row.start_variance_days,
        row.finish_variance_days,
        row.duration_variance_days,
    ]


def plan_csv(user: Any, plan: PlanExport) -> str:
    """The table as CSV text (UTF-8, CRLF line ends, every text cell neutralised)."""
    return to_csv(HEADER, table_rows(user, plan))


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return neutralize_text(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


def plan_xlsx(user: Any, plan: PlanExport) -> bytes:
    """The table as an Excel workbook: one sheet "Plan", a bold frozen header row, dates as
    date cells (``yyyy-mm-dd``), numbers as numbers, text neutralised."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # noqa: S101  (a new workbook has its sheet)
    sheet.title = "Plan"
    sheet.append(HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for values in table_rows(user, plan):
        sheet.append([_xlsx_value(v) for v in values])
    for index, column in enumerate(COLUMNS, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = column.width
        if column.kind == DATE:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                if isinstance(cell.value, date):
                    cell.number_format = "yyyy-mm-dd"
    book.properties.title = plan.project.name
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
