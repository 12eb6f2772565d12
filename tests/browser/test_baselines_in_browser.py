"""The plan settings page and the baseline pages in Chromium: the manager chooses the project's
calendar, saves, renames and chooses a baseline, and reads the variance of a changed plan."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tandem.planning.actions import do_save_baseline, do_update_task
from tandem.planning.models import Baseline, PlanSettings, Task
from tandem.resources.calendar_actions import do_create_calendar
from tandem.testing.factories import make_world
from tandem.testing.factories_planning import make_task

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manager_chooses_the_calendar_on_the_plan_settings_page(page_for, live_server):
    world = make_world()
    office = do_create_calendar(
        acting_user=world.admin,
        name="Four-day week",
        working_hours={str(d): [["08:00", "12:00"], ["13:00", "18:00"]] for d in range(1, 5)},
    )
    page = page_for(world.manager)
    page.goto(f"{live_server.url}/projects/{world.project.pk}/")
    page.click("nav.projectnav >> text=Plan settings")
    page.wait_for_url(f"{live_server.url}/projects/{world.project.pk}/plan-settings/")
    page.select_option("#id_calendar", label="Four-day week")
    page.fill("#id_hours_per_day", "9")
    page.click("button:text('Save settings')")
    expect(page.locator("#current-settings")).to_contain_text("Four-day week · 9 hours")
    settings = PlanSettings.objects.get(project=world.project)
    assert (settings.calendar_id, settings.hours_per_day) == (office.pk, Decimal(9))
    week = page.locator("#week").inner_text()
    assert "Monday\t08:00-12:00, 13:00-18:00" in week
    assert "Friday\tnot working" in week


def test_manager_saves_renames_and_chooses_a_baseline(page_for, live_server):
    world = make_world()
    make_task(world.project, "Design", estimate=3)
    page = page_for(world.manager)
    page.goto(f"{live_server.url}/projects/{world.project.pk}/baselines/")
    page.fill("#id_name", "Approved")
    page.click("button:text('Save baseline')")
    baseline = Baseline.objects.get(project=world.project)
    page.wait_for_url(f"{live_server.url}/baselines/{baseline.pk}/")
    page.goto(f"{live_server.url}/projects/{world.project.pk}/baselines/")
    page.fill(f"#id_b{baseline.pk}-name", "Approved by the board")
    page.click("button:text('Rename')")
    name = page.locator("#baselines tbody tr td").first
    expect(name).to_have_text("Approved by the board")
    page.click("button:text('Compare against this')")
    expect(name).to_have_text("Approved by the board compared")
    settings = PlanSettings.objects.get(project=world.project)
    assert settings.compare_baseline_id == baseline.pk
    # the coordinator sees the baselines but no way to change them
    other = page_for(world.coordinator)
    other.goto(f"{live_server.url}/projects/{world.project.pk}/baselines/")
    assert other.locator("main form").count() == 0


def test_variance_page_shows_the_changed_task_and_its_summary(page_for, live_server):
    world = make_world()
    phase = make_task(world.project, "Phase")
    build = make_task(world.project, "Build", parent=phase, estimate=5)
    baseline = do_save_baseline(world.project, acting_user=world.manager, name="Approved")
    build = Task.objects.get(pk=build.pk)
    do_update_task(build, acting_user=world.manager, version=build.version, changes={"estimate": 7})
    page = page_for(world.manager)
    page.goto(f"{live_server.url}/baselines/{baseline.pk}/")
    cells = page.locator("#variance tbody tr[data-wbs='1.1'] td")
    # WBS, then start (baseline, current, variance), finish, duration, work, cost
    texts = [cells.nth(i).inner_text() for i in range(cells.count())]
    assert texts[0] == "1.1"
    assert texts[3] == "0"  # start unchanged
    assert (texts[6], texts[9]) == ("2", "2.00")  # two working days later, two days longer
    summary = page.locator("#variance tbody tr[data-wbs='1']")
    assert summary.get_attribute("class") == "summary"
    assert summary.locator("th").inner_text() == "Phase"
    assert summary.locator("td").nth(6).inner_text() == "2"
    assert "changed" in summary.inner_text()
