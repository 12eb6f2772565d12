"""Everyday forms in Chromium, on a desktop and on a phone (390x844): a member fills in a week
of time in the timesheet grid and submits it, the manager approves it; a person turns email
notifications off on their profile."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tandem.accounts.models import User
from tandem.planning.actions import do_assign
from tandem.resources.models import TimeEntry, TimesheetWeek
from tandem.resources.timesheets import week_of
from tandem.testing.factories import make_world
from tandem.testing.factories_planning import make_task

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}


@pytest.mark.parametrize("screen", list(VIEWPORTS))
def test_a_member_logs_a_week_submits_it_and_the_manager_approves(page_for, live_server, screen):
    world = make_world()
    design = make_task(world.project, "Design", estimate=5)
    build = make_task(world.project, "Build", estimate=5)
    make_task(world.project, "Someone else's")
    for task in (design, build):
        do_assign(task, acting_user=world.manager, person=world.member)
    monday = week_of(timezone.localdate())
    page = page_for(world.member, viewport=VIEWPORTS[screen])
    page.goto(f"{live_server.url}/projects/{world.project.pk}/time/")
    page.click("text=Your weekly timesheet")
    page.wait_for_url(f"{live_server.url}/projects/{world.project.pk}/timesheet/")
    grid = page.locator("#timesheet")
    expect(grid.locator("tbody tr")).to_have_count(2)
    expect(grid).not_to_contain_text("Someone else's")
    expect(grid.locator("th[aria-current=date]")).to_have_count(1)
    for day in range(5):
        date = (monday + dt.timedelta(days=day)).isoformat()
        page.fill(f"input[name='h-{design.pk}-{date}']", "6")
        page.fill(f"input[name='h-{build.pk}-{date}']", "2")
    # The totals follow the typing before anything is saved.
    expect(page.locator("#week-total")).to_have_text("40")
    page.click("button:text('Save hours')")
    expect(page.locator(".messages")).to_contain_text("Saved 10 days of time.")
    expect(page.locator("[data-day-total='0']")).to_have_text("8")
    expect(page.locator("#week-total")).to_have_text("40")
    page.click("button:text('Submit the week')")
    expect(page.locator("#week-status")).to_contain_text("waiting for the project manager")
    expect(page.locator(f"input[name='h-{design.pk}-{monday.isoformat()}']")).to_have_count(0)
    assert TimeEntry.objects.filter(person=world.member).count() == 10
    week = TimesheetWeek.objects.get(person=world.member)
    assert (week.status, week.hours, week.week_start) == ("submitted", Decimal(40), monday)

    manager = page_for(world.manager, viewport=VIEWPORTS[screen])
    manager.goto(f"{live_server.url}/projects/{world.project.pk}/timesheets/")
    card = manager.locator("section.card", has_text="member: week of")
    expect(card).to_contain_text("40 h")
    card.locator("button:text('Approve')").click()
    expect(manager.locator(".messages")).to_contain_text("Approved member's week")
    expect(manager.locator("#nothing-waiting")).to_be_visible()
    expect(manager.locator("#decided")).to_contain_text("Approved")
    week.refresh_from_db()
    assert (week.status, week.decided_by_id) == ("approved", world.manager.pk)
    page.reload()
    expect(page.locator("#week-status")).to_contain_text("Approved by manager")


@pytest.mark.parametrize("screen", list(VIEWPORTS))
def test_a_person_turns_email_notifications_off_on_their_profile(page_for, live_server, screen):
    world = make_world()
    page = page_for(world.member, viewport=VIEWPORTS[screen])
    if screen == "phone":
        # On a phone the person's name sits in the header's menu, with Sign out.
        expect(page.locator("header a.who")).to_be_hidden()
        page.click("header summary:text('Menu')")
    page.click("header a.who")
    page.wait_for_url(f"{live_server.url}/me/profile/")
    box = page.get_by_label("Email me my notifications")
    expect(box).to_be_checked()
    box.uncheck()
    page.click("button:text('Save profile')")
    expect(page.locator(".messages")).to_contain_text("Your profile is saved.")
    expect(page.get_by_label("Email me my notifications")).not_to_be_checked()
    assert User.objects.get(pk=world.member.pk).email_notifications is False
