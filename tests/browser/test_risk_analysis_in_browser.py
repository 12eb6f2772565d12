"""The schedule risk analysis in Chromium: the manager reaches it from the risk register, edits a
three-point estimate in its row, runs an analysis, and reads the histogram (a picture and its
table), the percentiles, the tornado chart and the chance of meeting the target date."""

import datetime as dt
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tandem.core import l10n
from tandem.planning.models import Task
from tandem.risks.models import RiskAnalysisRun
from tandem.testing.factories import make_world
from tandem.testing.factories_planning import make_link, make_task
from tandem.testing.factories_risks import make_risk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _day(value: str) -> str:
    """A day as the page writes it for the browser, which asks for en-US."""
    with l10n.override("en-US"):
        return l10n.format_date(dt.date.fromisoformat(value))


def test_manager_edits_an_estimate_runs_an_analysis_and_reads_it(page_for, live_server):
    world = make_world()
    design = make_task(world.project, "Design", estimate=Decimal(10))
    build = make_task(world.project, "Build", estimate_mode="three_point",
                      optimistic=Decimal(8), most_likely=Decimal(12), pessimistic=Decimal(25))  # fmt: skip
    make_link(design, build)
    make_risk(world, title="Supplier slips", probability=4, schedule_impact_days=Decimal(5),
              task_ids=[build.pk])  # fmt: skip
    page = page_for(world.manager)
    page.goto(f"{live_server.url}/projects/{world.project.pk}/risks/")
    page.click("text=Schedule risk analysis")
    page.wait_for_url(f"{live_server.url}/projects/{world.project.pk}/risk-analysis/")

    # The estimate of Design: a row of the table, saved in place.
    row = page.locator(f"#estimate-{design.pk}")
    row.get_by_label("Optimistic: Design").fill("7")
    row.get_by_label("Most likely: Design").fill("10")
    row.get_by_label("Pessimistic: Design").fill("4")
    row.get_by_role("button", name="Save the estimate of Design").click()
    expect(row).to_contain_text("must not be below optimistic")
    assert Task.objects.get(pk=design.pk).estimate_mode == "single"
    row.get_by_label("Pessimistic: Design").fill("20")
    row.get_by_role("button", name="Save the estimate of Design").click()
    expect(row.get_by_role("status")).to_have_text("Saved")
    design.refresh_from_db()
    assert (design.estimate_mode, design.optimistic, design.pessimistic) == (
        "three_point",
        Decimal(7),
        Decimal(20),
    )

    page.fill("#id_iterations", "5000")
    page.fill("#id_seed", "42")
    page.fill("#id_label", "Week 12")
    page.click("button:text('Run analysis')")
    run = RiskAnalysisRun.objects.get()
    page.wait_for_url(f"{live_server.url}/projects/{world.project.pk}/risk-analysis/runs/{run.pk}/")
    run.refresh_from_db()
    assert run.status == "done"
    results = run.results

    histogram = page.locator("#finish-histogram")
    expect(histogram.locator("svg[role=img]")).to_be_visible()
    histogram.get_by_text("Show as table").click()
    bins = histogram.locator("details table tbody tr")
    expect(bins).to_have_count(len(results["finish"]["histogram"]["counts"]))
    expect(bins.last.locator("td").last).to_have_text("100.0 %")
    percentiles = page.locator("#percentiles")
    for name in ("p10", "p50", "p80", "p90"):
        cells = percentiles.locator(f"tr:has(th:text-is('{name.upper()}')) td")
        expect(cells.first).to_have_text(_day(results["finish"]["dates"][name]))

    tornado = page.locator("#tornado")
    expect(tornado.locator("svg[role=img]")).to_be_visible()
    tornado.get_by_text("Show as table").click()
    drivers = tornado.locator("details table tbody tr th")
    expect(drivers).to_have_count(3)
    assert set(drivers.all_inner_texts()) == {"Build", "Design", "Supplier slips"}

    chance = round(results["probability_target"] * 100)
    expect(page.locator("#probability-target")).to_contain_text(f"{chance} %")
    # the browser asks for en-US, so the page writes its dates the American way
    expect(page.locator("#probability-target")).to_contain_text("Jun 30, 2026")
