"""The Gantt chart in Chromium: dragging, stale pages, the stakeholder's timeline, keyboard links.

The world's project starts Monday 2026-01-05 (Monday-Friday, UTC). A (3 days) -> B (2 days) and
X (10 days, alone) make X the critical path (Jan 5-16) while A and B (Jan 5-9) have 5 days of
float. Dragging A eight days right types the start Tuesday Jan 13: A becomes "start no earlier
than" Jan 13 and runs Jan 13-15, B follows on Jan 16 and 19, the project now ends with B, and the
critical path moves from X to A and B.
"""

import pytest

from tandem.core.models import AuditEvent
from tandem.planning.actions import do_assign
from tandem.planning.models import Dependency, Task
from tandem.testing.factories_planning import make_link, make_task

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY_PX = 30  # the chart's day zoom


def _plan(world):
    a = make_task(world.project, "Alpha work", estimate=3)
    b = make_task(world.project, "Beta work", estimate=2)
    x = make_task(world.project, "Long haul", estimate=10)
    gate = make_task(world.project, "Go live", is_milestone=True)
    make_link(a, b)
    make_link(x, gate)
    return a, b, x, gate


def _open(page, live_server, project):
    page.goto(f"{live_server.url}/projects/{project.pk}/gantt/")
    page.click("button[data-zoom=day]")
    page.wait_for_selector(".g-bar")


def _bar(page, task):
    return page.locator(f'.g-bar[data-id="{task.pk}"]')


def _row_text(page, task):
    return page.locator(f'.g-row[data-id="{task.pk}"]').inner_text()


def _drag(page, task, days):
    box = _bar(page, task).bounding_box()
    x, y = box["x"] + box["width"] / 3, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + days * DAY_PX / 2, y, steps=4)
    page.mouse.move(x + days * DAY_PX, y, steps=4)
    page.mouse.up()


def test_manager_drags_a_task_and_its_successors_and_the_critical_path_follow(
    page_for, live_server, world
):
    a, b, x, _gate = _plan(world)
    page = page_for(world.manager)
    _open(page, live_server, world.project)
    assert "critical" in _bar(page, x).get_attribute("class")
    assert "critical" not in _bar(page, a).get_attribute("class")

    _drag(page, a, 8)

    page.wait_for_selector("[data-field=status]:has-text('Moved')")
    assert "2026-01-16" in _row_text(page, b)
    assert "2026-01-19" in _row_text(page, b)
    assert "critical" in _bar(page, a).get_attribute("class")
    assert "critical" in _bar(page, b).get_attribute("class")
    assert "critical" not in _bar(page, x).get_attribute("class")
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.constraint_type, str(a.constraint_date)) == ("SNET", "2026-01-13")
    assert (str(b.start_date), str(b.finish_date)) == ("2026-01-16", "2026-01-19")
    event = AuditEvent.objects.filter(object_type="planning.task", object_id=str(a.pk)).latest("id")
    assert (event.action, event.actor_id) == ("task.updated", world.manager.pk)
    moved = AuditEvent.objects.filter(action="plan.rescheduled", project_id=world.project.pk)
    rescheduled = moved.latest("id")
    assert rescheduled.actor_id == world.manager.pk
    assert rescheduled.changes[f"{b.wbs_code} Beta work #{b.pk}"] == [
        ["2026-01-08", "2026-01-09"],
        ["2026-01-16", "2026-01-19"],
    ]


def test_a_stale_page_sees_the_newer_plan_instead_of_overwriting_it(page_for, live_server, world):
    a, _b, _x, _gate = _plan(world)
    stale = page_for(world.coordinator)
    _open(stale, live_server, world.project)
    fresh = page_for(world.manager)
    _open(fresh, live_server, world.project)

    _drag(fresh, a, 8)
    fresh.wait_for_selector("[data-field=status]:has-text('Moved')")
    _drag(stale, a, 2)

    stale.wait_for_selector("[data-field=status]:has-text('Someone else changed this')")
    assert "2026-01-13" in _row_text(stale, a)
    a.refresh_from_db()
    assert (a.constraint_type, str(a.constraint_date)) == ("SNET", "2026-01-13")


def test_stakeholder_sees_the_milestone_timeline_without_handles(page_for, live_server, world):
    _plan(world)
    page = page_for(world.stakeholder)
    page.goto(f"{live_server.url}/projects/{world.project.pk}/gantt/")
    page.wait_for_selector(".g-bar")

    assert page.locator("h1").inner_text() == "Milestone timeline"
    assert page.locator(".g-bar").count() == 1
    assert "milestone" in page.locator(".g-bar").get_attribute("class")
    assert page.locator(".g-dot, .g-resize, .g-bar.editable").count() == 0
    assert page.locator(".g-row a").count() == 0  # no links to task pages they cannot open
    body = page.locator("main").inner_text()
    assert "Go live" in body
    assert "Alpha work" not in body


def test_keyboard_only_link_creation(page_for, live_server, world):
    a, b, _x, _gate = _plan(world)
    page = page_for(world.manager)
    _open(page, live_server, world.project)
    page.focus("button[data-action=expand]")

    for _ in range(40):  # past the toolbar and the filter fields
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('g-bar')"):
            break
    assert page.evaluate("document.activeElement.dataset.id") == str(a.pk)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.dataset.id") == str(
        Task.objects.get(name="Long haul").pk
    )
    page.keyboard.press("l")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")

    page.wait_for_selector("[data-field=status]:has-text('Linked')")
    assert Dependency.objects.filter(predecessor__name="Long haul", successor=b).count() == 1
    assert page.locator("g.g-link").count() == 3


def test_dragging_a_bars_end_changes_its_duration(page_for, live_server, world):
    a, b, _x, _gate = _plan(world)
    page = page_for(world.manager)
    _open(page, live_server, world.project)
    box = _bar(page, a).bounding_box()
    x, y = box["x"] + box["width"] - 2, box["y"] + box["height"] / 2

    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + DAY_PX, y, steps=4)
    page.mouse.move(x + 2 * DAY_PX, y, steps=4)
    page.mouse.up()

    # Jan 5-7 stretched to Friday Jan 9: five working days; B follows on Monday Jan 12.
    page.wait_for_selector("[data-field=status]:has-text('Changed the duration')")
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.estimate == 5
    assert (str(b.start_date), str(b.finish_date)) == ("2026-01-12", "2026-01-13")
    assert "2026-01-12" in _row_text(page, b)


def test_member_updates_progress_of_their_own_task_from_the_chart(page_for, live_server, world):
    a, b, _x, _gate = _plan(world)
    do_assign(a, acting_user=world.manager, person=world.member)
    page = page_for(world.member)
    _open(page, live_server, world.project)
    assert page.locator(".g-bar.editable, .g-dot, .g-resize").count() == 0

    _bar(page, a).focus()
    page.keyboard.press("Enter")
    dialog = page.locator("dialog[open]")
    assert dialog.locator("input[name=start_date]").count() == 0
    dialog.locator("input[name=percent_complete]").fill("40")
    dialog.locator("button[type=submit]").click()

    page.wait_for_selector("[data-field=status]:has-text('Saved')")
    a.refresh_from_db()
    assert a.percent_complete == 40
    _bar(page, b).focus()
    page.keyboard.press("Enter")
    assert page.locator("dialog[open] input[name=percent_complete]").count() == 0
