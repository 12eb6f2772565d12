"""The earned value page in Chromium: the manager reads the S-curve and its table, changes the
status date and downloads the CSV; a member sees the indices but no amounts and no rates."""

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tandem.planning.actions import do_add_dependency, do_update_task
from tandem.planning.baseline_actions import do_save_baseline, do_update_plan_settings
from tandem.planning.models import Task
from tandem.resources.actions import do_add_rate_change
from tandem.testing.factories import make_world
from tandem.testing.factories_planning import make_task
from tandem.testing.factories_resources import make_resource, make_time_entry

# Collects what the Content-Security-Policy refuses (the inline SVG must not need it).
COLLECT_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
});
"""
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
D = dt.date


def _project_with_progress():
    """Phase > A (5 days from Monday 5 January 2026, the member at 50 an hour: 2000) -> B (2
    days, the member too: 800); baseline saved; A is 60 % done; the member logged 8 h on Monday at 50 and 8 h on
    Tuesday at 60 (their rate from Tuesday); the status date is Wednesday 7 January."""
    world = make_world()
    person = make_resource(
        world.admin, "Member", kind="person", user=world.member, standard_rate=Decimal(50)
    )
    phase = make_task(world.project, "Phase")
    a = make_task(world.project, "A", parent=phase, estimate=5, assignee_ids=[world.member.pk])
    b = make_task(world.project, "B", parent=phase, estimate=2, assignee_ids=[world.member.pk])
    do_add_dependency(acting_user=world.manager, predecessor=a, successor=b)
    do_save_baseline(world.project, acting_user=world.manager, name="Approved")
    do_add_rate_change(
        person, acting_user=world.admin, effective_from=D(2026, 1, 6), standard_rate=Decimal(60)
    )
    a = Task.objects.get(pk=a.pk)
    do_update_task(
        a, acting_user=world.manager, version=a.version, changes={"percent_complete": 60}
    )
    make_time_entry(a, world.member, hours="8", date=D(2026, 1, 5))
    make_time_entry(a, world.member, hours="8", date=D(2026, 1, 6))
    do_update_plan_settings(
        world.project,
        acting_user=world.manager,
        version=1,
        changes={"status_date": D(2026, 1, 7)},
    )
    return world


def test_manager_reads_the_s_curve_changes_the_status_date_and_downloads_the_csv(
    page_for, live_server
):
    world = _project_with_progress()
    page = page_for(world.manager)
    page.context.add_init_script(COLLECT_VIOLATIONS)
    page.goto(f"{live_server.url}/projects/{world.project.pk}/")
    page.click("nav.projectnav >> text=Earned value")
    page.wait_for_url(f"{live_server.url}/projects/{world.project.pk}/earned-value/")
    # the browser asks for en-US, so the page writes its dates the American way
    expect(page.locator("#ev-heading")).to_contain_text("At the end of Jan 7, 2026")
    assert page.evaluate("window.__csp") == []
    # the S-curve is drawn, and its table opens with the numbers
    expect(page.locator("figure.chart svg[role=img]")).to_be_visible()
    table = page.locator("figure.chart details table")
    expect(table).to_be_hidden()
    page.click("figure.chart summary")
    row = table.locator("tbody tr", has_text="2026-01-07")
    expect(row).to_be_visible()
    assert row.locator("td").all_inner_texts() == ["1,200.00", "880.00", "1,200.00"]
    figures = page.locator("#ev-figures")
    expect(figures.locator("tr[data-key=cpi] td").first).to_have_text("1.364")
    expect(figures.locator("tr[data-key=spi] td").first).to_have_text("1.000")
    # an earlier status date: less planned, less spent
    page.fill("#id_status_date", "2026-01-05")
    page.click("#ev-form button[type=submit]")
    expect(page.locator("#ev-heading")).to_contain_text("At the end of Jan 5, 2026")
    expect(figures.locator("tr[data-key=pv] td").first).to_have_text("400.00")
    expect(figures.locator("tr[data-key=ac] td").first).to_have_text("400.00")
    expect(figures.locator("tr[data-key=spi] td").first).to_have_text("3.000")
    # the CSV holds the figures at that date
    with page.expect_download() as info:
        page.click("#ev-csv")
    download = info.value
    assert download.suggested_filename == "ACME-earned-value-2026-01-05.csv"
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text())))
    assert [(r["name"], r["pv"], r["ev"], r["ac"]) for r in rows] == [
        ("Acme launch", "400.0", "1200.0", "400.0"),
        ("Phase", "400.0", "1200.0", "400.0"),
    ]


def test_a_member_gets_no_money_and_no_rates(page_for, live_server):
    world = _project_with_progress()
    page = page_for(world.member)
    page.goto(f"{live_server.url}/projects/{world.project.pk}/earned-value/")
    expect(page.locator("#ev-no-money")).to_contain_text("Amounts are not shown")
    expect(page.locator("#ev-figures tr[data-key=spi] td").first).to_have_text("1.000")
    expect(page.locator("#ev-figures tr[data-key=ac]")).to_have_count(0)
    expect(page.locator("#ev-csv")).to_have_count(0)
    page.click("figure.chart summary")
    expect(page.locator("figure.chart details table")).to_contain_text("% of budget")
    text = page.locator("main").inner_text()
    for amount in ("1,200.00", "880.00", "2,800.00", "50.00", "60.00"):
        assert amount not in text
    # nor on the resources pages
    page.goto(f"{live_server.url}/resources/")
    assert "50.00" not in page.locator("main").inner_text()
    page.click("main >> text=Member")
    body = page.locator("main").inner_text()
    assert "Rate changes" not in body
    assert "60.00" not in body
