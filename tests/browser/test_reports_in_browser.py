"""Reports in Chromium: the coordinator drafts the week's report, edits a line, publishes it
and downloads the PDF."""

import datetime as dt
import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tandem.reports.actions import do_draft_report
from tandem.reports.models import Report
from tandem.testing.factories import make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_edits_publishes_and_downloads_the_report(page_for, live_server):
    world = make_world()
    end = dt.date(2026, 3, 6)
    report = do_draft_report(
        world.project,
        acting_user=world.coordinator,
        period_start=end - dt.timedelta(days=6),
        period_end=end,
    )
    page = page_for(world.coordinator)
    page.goto(f"{live_server.url}/projects/{world.project.pk}/")
    page.click("nav.projectnav >> text=Reports")
    page.click(f"a[href='/reports/{report.pk}/']")

    page.fill("#id_next_steps", "- Order the pilot depots' scanners")
    page.click("#report-edit button")
    expect(page.locator("#id_next_steps")).to_have_value("- Order the pilot depots' scanners")

    page.click("#report-publish button")
    expect(page.locator("body")).to_contain_text("published")
    update = Report.objects.select_related("status_update").get(pk=report.pk).status_update
    assert update.published is True

    with page.expect_download() as download_info:
        page.click("#report-pdf")
    path = download_info.value.path()
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "Order the pilot depots' scanners" in text
    assert "Published" in text
    expect(page.locator("text=Order the pilot depots' scanners")).to_be_visible()
