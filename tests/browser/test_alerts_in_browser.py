"""The project overview in Chromium after the watch found a slipping milestone: the alert with
its evidence, the suggested health with its reasons beside the manager's, and the trend charts
(SVG with a table alternative); the manager acknowledges the alert and accepts the suggestion."""

import datetime as dt
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tandem.monitoring.evaluation import evaluate_project
from tandem.monitoring.models import Alert
from tandem.planning.actions import do_update_task
from tandem.planning.baseline_actions import do_save_baseline
from tandem.planning.models import Task
from tandem.projects.models import Project
from tandem.testing.factories import make_world
from tandem.testing.factories_planning import make_link, make_task

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MONDAY = dt.datetime(2026, 1, 5, 7, tzinfo=dt.UTC)


def test_manager_reads_the_alert_its_evidence_the_suggested_health_and_the_charts(
    page_for, live_server
):
    world = make_world()
    build = make_task(world.project, "Build", estimate=5)
    gate = make_task(world.project, "Customer gate", is_milestone=True)
    make_link(build, gate)
    do_save_baseline(world.project, acting_user=world.manager, name="Plan of record")
    evaluate_project(world.project, now=MONDAY - dt.timedelta(days=7))
    build = Task.objects.get(pk=build.pk)
    do_update_task(
        build, acting_user=world.manager, version=build.version, changes={"estimate": Decimal(10)}
    )
    evaluate_project(world.project, now=MONDAY)
    alert = Alert.objects.get(kind="milestone_slip")

    page = page_for(world.manager)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/projects/{world.project.pk}/")

    # The alert with its evidence.
    item = page.locator(f"#alert-{alert.pk}")
    expect(item.locator("h3")).to_contain_text("Milestone Customer gate slips 5 working days")
    # Red alerts show their evidence; the others fold it (the overview stays short).
    folded = item.locator("details.alert-evidence")
    if folded.get_attribute("open") is None:
        folded.locator("summary").click()
    evidence = item.locator("table.evidence")
    expect(evidence.locator("tr", has_text="Slip (working days)")).to_contain_text("5")
    expect(evidence.locator("tr", has_text="Baseline finish")).to_be_visible()
    expect(evidence.locator("tr", has_text="Baseline").first).to_contain_text("Plan of record")

    # The suggested health, its reasons, beside the manager's own.
    health = page.locator("#computed-health")
    expect(health).to_contain_text("Suggested health: Red")
    expect(health).to_contain_text("Manager's: Green")
    expect(health.locator(".health-reasons li")).to_contain_text(
        "threshold: slip of 5 working days or more"
    )

    # The charts: SVG pictures, each with its table behind "Show as table".
    trend = page.locator("figure.chart", has_text="Milestone trend")
    expect(trend.locator("svg[role=img]")).to_be_visible()
    trend.locator("summary", has_text="Show as table").click()
    table = trend.locator("details.chart-table table")
    expect(table).to_be_visible()
    expect(table.locator("thead")).to_contain_text("Customer gate")
    expect(table.locator("tbody tr")).to_have_count(2)  # last week and this week
    burnup = page.locator("figure.chart", has_text="Burnup of tasks")
    expect(burnup.locator("svg[role=img]")).to_be_visible()
    expect(page.locator("figure.chart", has_text="Open issues and risks")).to_have_count(1)

    # The manager acknowledges the alert, then accepts the suggestion.
    item.locator("button", has_text="Acknowledge").click()
    expect(page.locator(f"#alert-{alert.pk}")).to_contain_text("Acknowledged by manager")
    page.locator("#computed-health button", has_text="Accept red").click()
    expect(page.get_by_text("Health set to red, as suggested.")).to_be_visible()
    assert Project.objects.get(pk=world.project.pk).health == "red"
    expect(page.locator("#computed-health")).to_contain_text("Accepted by manager")
    assert errors == []
