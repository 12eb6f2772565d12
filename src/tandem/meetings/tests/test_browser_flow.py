"""The coordinator's flow in real headless Chromium: plan a meeting with an agenda (adding a row
with htmx and picking a time the finder offers), write minutes, add an action item, turn it into
a scheduled task. Uses the stable ids documented in the meetings pages."""

import re

import pytest

from tandem.meetings.models import ActionItem, Meeting, Minutes
from tandem.planning.models import Task

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def coordinator_page(page_for):
    from tandem.testing.factories import make_world

    world = make_world()
    # a phone-sized screen: the flow must work there too
    return page_for(world.coordinator, viewport=(390, 844)), world


def test_coordinator_plans_runs_and_follows_up_a_meeting(coordinator_page, live_server):
    page, world = coordinator_page
    # plan the meeting
    page.goto(f"{live_server.url}/projects/{world.project.pk}/meetings/")
    page.click("#new-meeting")
    page.fill("#id_title", "Sprint review <b>1</b>")
    page.select_option("#id_time_zone", "Europe/Paris")
    page.check(f"input[name=required_people][value='{world.member.pk}']")
    page.click("#find-time")
    page.locator("#find-time-results button.slot").first.click()
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d", page.input_value("#id_starts_at"))
    page.fill("#id_agenda-0-title", "Demo")
    page.fill("#id_agenda-0-duration_minutes", "20")
    page.fill("#id_agenda-1-title", "Retro")
    page.click("#add-agenda-row")
    page.fill("#id_agenda-2-title", "Next steps")
    page.fill("#id_agenda-2-duration_minutes", "5")
    page.click("#save-meeting")
    page.wait_for_url(re.compile(r".*/meetings/\d+/$"))
    meeting = Meeting.objects.get()
    assert list(meeting.agenda_items.values_list("title", flat=True)) == [
        "Demo",
        "Retro",
        "Next steps",
    ]
    assert page.inner_text("#meeting-title") == "Sprint review <b>1</b>"
    # record the minutes (htmx swaps the section)
    page.fill("#id_minutes-text", "Demo went well.")
    page.click("#save-minutes")
    page.wait_for_selector("#minutes-saved")
    assert Minutes.objects.get(meeting=meeting).text == "Demo went well."
    # add an action item
    page.fill("#id_action-description", "Fix the login bug")
    page.select_option("#id_action-owner", str(world.member.pk))
    page.fill("#id_action-due_date", "2026-12-18")
    page.click("#add-action-item")
    item = ActionItem.objects.get()
    page.wait_for_selector(f"#action-item-{item.pk}-create-task")
    # turn it into a task (the task's page asks where it goes; the defaults do here)
    page.click(f"#action-item-{item.pk}-create-task")
    page.click("#schedule-task")
    link = page.wait_for_selector(f"#action-item-{item.pk}-task")
    task = Task.objects.get()
    assert link.inner_text() == f"{task.wbs_code} {task.name}"
    assert ActionItem.objects.get(pk=item.pk).task == task
    assert page.locator(f"#action-item-{item.pk}-create-task").count() == 0
