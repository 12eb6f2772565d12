"""The coordinator's desk in Chromium: the coordinator builds a meeting's agenda from the
project's open issues (ticking them and moving one up), then turns an action item into a task
under a chosen summary with a finish constraint, and reads the task's name on the item; the
pages run under the Content-Security-Policy."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tandem.meetings.models import ActionItem, AgendaItem
from tandem.planning.models import ConstraintType, Task
from tandem.testing.factories import make_world
from tandem.testing.factories_meetings import make_action_item, make_meeting
from tandem.testing.factories_planning import make_link, make_task
from tandem.testing.factories_risks import make_issue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_builds_the_agenda_and_schedules_an_action_item(page_for, live_server):
    world = make_world()
    design = make_task(world.project, "Design", estimate=5)
    build = make_task(world.project, "Build")
    make_task(world.project, "Code the API", parent=build, estimate=2)
    make_link(design, build)
    low = make_issue(world, title="Typo on the site", severity="low")
    critical = make_issue(world, title="Build server down", severity="critical",
                          owner_id=world.member.pk)  # fmt: skip
    meeting = make_meeting(world, title="Weekly sync")
    item = make_action_item(world, meeting, description="Write the import script",
                            due_date=dt.date(2026, 3, 6))  # fmt: skip
    page = page_for(world.coordinator)
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    # the agenda: from the meeting page to the builder, both issues offered by severity
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    page.click("#build-agenda")
    page.wait_for_url(re.compile(rf".*/meetings/{meeting.pk}/agenda/build/$"))
    rows = page.locator("#agenda-candidates li")
    expect(rows.nth(0)).to_contain_text("Issue (critical): Build server down")
    expect(rows.nth(1)).to_contain_text("Issue (low): Typo on the site")
    page.check(f"#pick-issue{critical.pk}")
    page.check(f"#pick-issue{low.pk}")
    expect(page.locator("#picked-summary")).to_have_text("2 ticked, 15 min")
    # the low one first: move it up (the module reorders the list; no inline script)
    rows.nth(1).locator(".move-up").click()
    expect(rows.nth(0)).to_contain_text("Typo on the site")
    page.click("#add-to-agenda")
    expect(page.locator("#agenda-added")).to_contain_text("Added 2 items to the agenda")
    expect(page.locator("#current-agenda li")).to_have_count(2)
    assert list(
        AgendaItem.objects.filter(meeting=meeting)
        .order_by("position")
        .values_list("title", flat=True)
    ) == ["Issue (low): Typo on the site", "Issue (critical): Build server down"]

    # the action item: ask where it goes, create and schedule it
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    page.click(f"#action-item-{item.pk}-create-task")
    page.wait_for_url(re.compile(rf".*/action-items/{item.pk}/schedule/$"))
    page.select_option("#id_parent", str(build.pk))
    page.select_option("#id_owner", str(world.member.pk))
    page.fill("#id_due_date", "2026-01-16")
    page.select_option("#id_due_as", "finish_no_later_than")
    page.fill("#id_estimate_days", "3")
    page.click("#schedule-task")
    page.wait_for_url(re.compile(rf".*/meetings/{meeting.pk}/#action-item-{item.pk}$"))
    task = Task.objects.get(name="Write the import script")
    link = page.locator(f"#action-item-{item.pk}-task")
    expect(link).to_have_text("2.2 Write the import script")
    # the browser asks for en-US, so the message writes its dates the American way
    expect(page.locator(".messages")).to_contain_text(
        "created under 2 Build, scheduled Jan 12 to Jan 14, 2026. member was notified."
    )
    assert task.parent_id == build.pk
    assert (task.constraint_type, task.constraint_date) == (
        ConstraintType.FNLT,
        dt.date(2026, 1, 16),
    )
    assert (task.start_date, task.finish_date) == (dt.date(2026, 1, 12), dt.date(2026, 1, 14))
    assert ActionItem.objects.get(pk=item.pk).task_id == task.pk
    link.click()
    page.wait_for_url(re.compile(rf".*/tasks/{task.pk}/$"))
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e]
