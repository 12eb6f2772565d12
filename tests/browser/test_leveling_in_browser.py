"""Workload and resource leveling in Chromium: the manager finds an over-allocation on the
workload page, previews leveling, reads why a task moves, applies it, sees the Gantt shift and
clears the leveling again."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tandem.planning.models import Task
from tandem.projects.actions import do_add_member
from tandem.projects.models import Role
from tandem.testing.factories import make_user, make_world
from tandem.testing.factories_planning import make_link, make_task

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _relaunch_plan(world):
    """A small website relaunch: the designer is booked on wireframes and the visual design at
    once; the developer builds after the wireframes; launch after the build."""
    designer = make_user(world.org, "dana", display_name="Dana Designer")
    developer = make_user(world.org, "dev", display_name="Devi Developer")
    for person in (designer, developer):
        do_add_member(world.project, acting_user=world.manager, user=person, role=Role.MEMBER)
    design = make_task(world.project, "Design")
    wireframes = make_task(
        world.project, "Wireframes", parent=design, estimate=Decimal(3),
        assignee_ids=[designer.pk],
    )  # fmt: skip
    visual = make_task(
        world.project, "Visual design", parent=design, estimate=Decimal(4),
        assignee_ids=[designer.pk], priority=400,
    )  # fmt: skip
    build = make_task(
        world.project, "Frontend build", estimate=Decimal(5), assignee_ids=[developer.pk]
    )
    launch = make_task(world.project, "Launch", is_milestone=True)
    make_link(wireframes, build)
    make_link(build, launch)
    return designer, wireframes, visual


def test_manager_levels_an_over_allocation_and_clears_it(page_for, live_server):
    world = make_world()
    designer, wireframes, visual = _relaunch_plan(world)
    p = world.project.pk
    page = page_for(world.manager)

    # The workload shows the designer over-allocated, and the cell names both tasks
    page.goto(f"{live_server.url}/projects/{p}/")
    page.click("nav.projectnav >> text=Workload")
    page.wait_for_url(f"{live_server.url}/projects/{p}/workload/")
    expect(page.locator("#workload-summary")).to_contain_text("over-allocated")
    row = page.locator(f'#workload-grid tr[data-row="person-{designer.pk}"]')
    over = row.locator("td.load-over a").first
    expect(over).to_contain_text("140%")  # 7 days of work in a 5-day week
    expect(page.locator("#person-chart svg")).to_be_visible()
    over.click()
    expect(page.locator("#causing")).to_contain_text("busiest day at 200%")
    causing = page.locator("#causing-tasks")
    expect(causing).to_contain_text("Wireframes")
    expect(causing).to_contain_text("Visual design")

    # The preview says which task moves, by how much and why; nothing changes yet
    page.click("#level-link")
    page.click("#preview-leveling")
    moves = page.locator("#leveling-moves")
    moved = moves.locator(f'tr[data-task="{visual.pk}"]')
    expect(moved).to_contain_text("3 days")
    why = moved.locator("td.why")
    expect(why).to_contain_text("Dana Designer is fully booked")
    expect(why).to_contain_text("Wireframes")
    expect(page.locator("#finish-change")).to_contain_text("Finish")
    assert Task.objects.get(pk=visual.pk).leveling_delay_days == 0
    before = Task.objects.get(pk=visual.pk).start_date

    # Applying delays the lower-priority task; the Gantt draws the delay before its bar
    page.click("#apply-leveling")
    expect(page.locator(".messages")).to_contain_text("Leveling applied: 1 task")
    visual.refresh_from_db()
    assert visual.leveling_delay_days == 3
    assert visual.start_date > before
    page.click("#see-gantt")
    page.wait_for_selector(".g-bar")
    delay = page.locator(f'.g-leveling[data-leveling="{visual.pk}"]')
    expect(delay).to_be_visible()
    assert "Leveling delay 3 d" in delay.get_attribute("title")
    bar = page.locator(f'.g-bar[data-id="{visual.pk}"]')
    assert f"{visual.start_date.day}" in bar.get_attribute("aria-label")
    line, block = delay.bounding_box(), bar.bounding_box()
    assert abs(line["x"] + line["width"] - block["x"]) < 2  # the line ends where the bar starts

    # Clearing puts the task back and the line goes
    page.goto(f"{live_server.url}/projects/{p}/leveling/")
    page.click("#clear-leveling")
    expect(page.locator(".messages")).to_contain_text("Leveling cleared on 1 task")
    visual.refresh_from_db()
    assert (visual.leveling_delay_days, visual.start_date) == (0, before)
    page.goto(f"{live_server.url}/projects/{p}/gantt/")
    page.wait_for_selector(".g-bar")
    assert page.locator(".g-leveling").count() == 0
