"""The plan as CSV and Excel: the app's computed dates, float, critical flag and baseline
variance in the documented columns, and text that cannot run as a formula."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from tandem.planning.baseline_variance import baseline_variance
from tandem.planning.models import Dependency, Task
from tandem.planning.scheduling import PlanLink, compute_schedule
from tandem.transfer.export_model import compared_baseline
from tandem.transfer.export_table import HEADER, predecessor_text
from tandem.transfer.exporting import ExportFormat, export_project
from tandem.transfer.tests.export_demo import demo, demo_user

pytestmark = pytest.mark.django_db

__all__ = ["demo"]


def _csv_rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8"))))


def _xlsx_rows(content: bytes) -> list[dict[str, object]]:
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def _export(user, project, fmt):
    return export_project(user, project.pk, fmt, now=timezone.now()).content


def test_csv_holds_the_computed_schedule_and_the_baseline_variance(demo):
    # given the schedule and the baseline comparison the pages show
    maria = demo_user("maria")
    schedule = {row.task.wbs_code: row for row in compute_schedule(demo).rows}
    baseline = compared_baseline(demo)
    assert baseline is not None
    variance = {r.wbs_code: r for r in baseline_variance(maria, baseline).tasks if r.task_id}

    # when the plan is exported as CSV
    rows = _csv_rows(_export(maria, demo, ExportFormat.CSV))

    # then every task is a row with the schedule's dates, float and critical flag
    assert list(rows[0]) == HEADER
    assert [r["WBS"] for r in rows] == list(schedule)
    for row in rows:
        ours = schedule[row["WBS"]]
        assert (row["Start"], row["Finish"]) == (str(ours.start), str(ours.finish))
        assert (row["Early Start"], row["Late Finish"]) == (
            str(ours.early_start),
            str(ours.late_finish),
        )
        assert Decimal(row["Total Float (days)"]) == ours.total_float_days
        assert Decimal(row["Free Float (days)"]) == ours.free_float_days
        assert row["Critical"] == ("yes" if ours.critical else "no")
        compared = variance[row["WBS"]]
        assert row["Baseline Start"] == str(compared.baseline_start)
        assert row["Start Variance (days)"] == str(compared.start_variance_days)
        assert row["Finish Variance (days)"] == str(compared.finish_variance_days)
    assert any(r["Critical"] == "yes" for r in rows)
    assert any(r["Critical"] == "no" for r in rows)
    # the approved baseline was slipped by the re-estimates
    assert any(int(r["Finish Variance (days)"]) > 0 for r in rows)


def test_csv_predecessors_and_resources_are_written_as_ms_project_does(demo):
    rows = _csv_rows(_export(demo_user("maria"), demo, ExportFormat.CSV))
    by_id = {int(r["ID"]): r for r in rows}
    row_of = {r["WBS"]: int(r["ID"]) for r in rows}
    tasks = {t.pk: t.wbs_code for t in Task.objects.filter(project=demo)}
    for link in Dependency.objects.filter(project=demo):
        successor = by_id[row_of[tasks[link.successor_id]]]
        parts = successor["Predecessors"].split(";")
        wanted = predecessor_text(
            PlanLink(link.pk, link.predecessor_id, link.successor_id, link.type, link.lag,
                     link.lag_unit, link.version),
            row_of[tasks[link.predecessor_id]],
        )  # fmt: skip
        assert wanted in parts
    texts = [p for r in rows for p in r["Predecessors"].split(";") if p]
    assert len(texts) == Dependency.objects.filter(project=demo).count()
    assert any(t.endswith("ed") for t in texts)
    assert any(t.endswith("%") for t in texts)
    assert any("SS" in t for t in texts)
    assert any(r["Resource Names"] for r in rows)


def test_xlsx_has_the_same_table_with_dates_as_dates(demo):
    maria = demo_user("maria")
    csv_rows = _csv_rows(_export(maria, demo, ExportFormat.CSV))
    xlsx_rows = _xlsx_rows(_export(maria, demo, ExportFormat.XLSX))
    assert len(xlsx_rows) == len(csv_rows) > 50
    assert list(xlsx_rows[0]) == HEADER
    for ours, theirs in zip(xlsx_rows, csv_rows, strict=True):
        assert isinstance(ours["Start"], dt.datetime)
        assert ours["Start"].date().isoformat() == theirs["Start"]
        assert ours["Name"] == theirs["Name"]
        assert Decimal(str(ours["Total Float (days)"])) == Decimal(theirs["Total Float (days)"])
        assert ours["Critical"] == theirs["Critical"]
