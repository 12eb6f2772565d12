"""Table export cells: MS Project's notation for links and resources, and text that a
spreadsheet would run as a formula written as text instead."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from tandem.planning.scheduling import PlanLink
from tandem.testing.factories_planning import make_link, make_task
from tandem.transfer.export_model import AssignedName
from tandem.transfer.export_table import predecessor_text, resource_text
from tandem.transfer.exporting import ExportFormat, export_project

pytestmark = pytest.mark.django_db


def _csv_rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8"))))


def _xlsx_rows(content: bytes) -> list[dict[str, object]]:
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_predecessor_and_resource_notation():
    def link(kind, lag, unit):
        return PlanLink(1, 1, 2, kind, Decimal(lag), unit, 1)

    assert predecessor_text(link("FS", "0", "days"), 3) == "3"
    assert predecessor_text(link("FS", "2", "days"), 3) == "3FS+2d"
    assert predecessor_text(link("SS", "0", "days"), 5) == "5SS"
    assert predecessor_text(link("FF", "-1.50", "days"), 4) == "4FF-1.5d"
    assert predecessor_text(link("FS", "3", "edays"), 2) == "2FS+3ed"
    assert predecessor_text(link("SF", "50", "percent"), 2) == "2SF+50%"
    assert predecessor_text(link("FS", "90", "minutes"), 2) == "2FS+90m"
    names = [AssignedName("Anna", Decimal("100.00")), AssignedName("Press", Decimal("50.00"))]
    assert resource_text(names) == "Anna;Press[50%]"


FORMULA = '=HYPERLINK("https://evil.example","click")'


@pytest.mark.parametrize("fmt", [ExportFormat.CSV, ExportFormat.XLSX])
def test_a_formula_in_a_name_or_note_is_neutralised(world, fmt):
    # given tasks named and described like formulas
    first = make_task(world.project, FORMULA, estimate=2, description="+SUM(A1:A9)")
    second = make_task(world.project, "@cmd", estimate=1)
    make_link(first, second)

    # when the plan is exported
    content = export_project(world.member, world.project.pk, fmt, now=timezone.now()).content

    # then the cells start with an apostrophe, as text
    if fmt is ExportFormat.CSV:
        rows = _csv_rows(content)
    else:
        book = load_workbook(io.BytesIO(content))
        cells = [c for row in book.worksheets[0].iter_rows() for c in row]
        assert all(c.data_type != "f" for c in cells)
        rows = _xlsx_rows(content)
    assert [r["Name"] for r in rows] == ["'" + FORMULA, "'@cmd"]
    assert rows[0]["Notes"] == "'+SUM(A1:A9)"
    # without a baseline the baseline columns are empty
    assert rows[0]["Baseline Start"] in ("", None)
