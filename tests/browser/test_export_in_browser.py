"""Exporting a plan from the Gantt page in Chromium: the manager downloads MS Project XML and
Excel files that parse; a stakeholder is offered the milestone calendar only."""

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tandem.engine.formats import read_mspdi
from tandem.testing.factories import make_world
from tandem.testing.factories_planning import make_link, make_task

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _download(page, fmt: str) -> tuple[str, bytes]:
    with page.expect_download() as info:
        page.click(f"a[data-export={fmt}]")
    download = info.value
    return download.suggested_filename, Path(download.path()).read_bytes()


def test_manager_exports_ms_project_xml_and_excel_from_the_gantt(page_for, live_server):
    world = make_world()
    design = make_task(world.project, "Design", estimate=3)
    build = make_task(world.project, "Build", estimate=5)
    make_link(design, build, lag=2)
    page = page_for(world.manager)
    page.goto(f"{live_server.url}/projects/{world.project.pk}/gantt/")
    page.click("a.gantt-export")
    page.wait_for_url(f"{live_server.url}/projects/{world.project.pk}/export/")

    name, content = _download(page, "mspdi")
    assert name == "ACME-plan.xml"
    project = read_mspdi(content, timezone=world.project.time_zone)
    assert [t.name for t in project.tasks] == ["Design", "Build"]
    assert project.links[0].lag.minutes == 2 * project.options.minutes_per_day

    name, content = _download(page, "xlsx")
    assert name == "ACME-plan.xlsx"
    rows = list(load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True))
    header = rows[0]
    assert [r[header.index("Name")] for r in rows[1:]] == ["Design", "Build"]
    assert rows[2][header.index("Predecessors")] == "1FS+2d"


def test_stakeholder_is_offered_the_calendar_only(page_for, live_server):
    world = make_world()
    make_task(world.project, "Launch", is_milestone=True)
    page = page_for(world.stakeholder)
    page.goto(f"{live_server.url}/projects/{world.project.pk}/gantt/")
    page.click("a.gantt-export")
    expect(page.locator("a[data-export]")).to_have_count(1)
    name, content = _download(page, "ics")
    assert name == "ACME-calendar.ics"
    assert b"SUMMARY:Launch" in content
