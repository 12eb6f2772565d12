"""The calendar pages in Chromium: the organization's calendars, one calendar's week and
exceptions, and a person's own hours and days off."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from tandem.accounts.models import User
from tandem.resources.calendar_actions import do_create_calendar
from tandem.resources.models import CalendarException, WorkCalendar, default_week
from tandem.testing.factories import make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_adds_a_shared_calendar_from_the_calendar_list(page_for, live_server):
    world = make_world()
    page = page_for(world.admin)
    page.click("nav.topnav >> text=Calendars")
    page.wait_for_url(f"{live_server.url}/calendars/")
    page.fill("input[name=name]", "Hamburg office")
    page.click("button:text('Add calendar')")
    calendar = WorkCalendar.objects.get(name="Hamburg office")
    page.wait_for_url(f"{live_server.url}/calendars/{calendar.pk}/")
    assert page.locator("h1").inner_text() == "Hamburg office"
    page.goto(f"{live_server.url}/calendars/")
    row = page.locator("#calendars tbody tr", has_text="Hamburg office")
    assert row.locator("td").nth(1).inner_text() == "everyone"
    assert row.locator("td").nth(2).inner_text() == "09:00-17:00"


def test_admin_sets_split_shifts_and_a_yearly_holiday_by_keyboard(page_for, live_server):
    world = make_world()
    office = do_create_calendar(
        acting_user=world.admin, name="Office", working_hours=default_week()
    )
    page = page_for(world.admin)
    page.goto(f"{live_server.url}/calendars/{office.pk}/")
    # a wrong period is refused next to its day, and nothing is stored
    page.fill("#id_day_1", "08:00-12:00, 11:00-17:00")
    page.click("button:text('Save week')")
    expect(page.locator("#week-form .errorlist")).to_have_text(
        "11:00-17:00 overlaps or precedes the period before it"
    )
    assert WorkCalendar.objects.get(pk=office.pk).version == 1
    # split shifts on Monday, Friday mornings only
    page.fill("#id_day_1", "08:00-12:00, 13:00-17:00")
    page.fill("#id_day_5", "08:00-12:00")
    page.locator("#id_day_5").press("Enter")
    expect(page.locator("#week-form .errorlist")).to_have_count(0)
    office.refresh_from_db()
    assert office.working_hours["1"] == [["08:00", "12:00"], ["13:00", "17:00"]]
    assert office.working_hours["5"] == [["08:00", "12:00"]]
    # Christmas, every year
    page.fill("#id_exc-name", "Christmas")
    page.fill("#id_exc-start", "2026-12-25")
    page.select_option("#id_exc-repeat", "yearly")
    page.click("button:text('Add exception')")
    expect(page.locator("#exceptions")).to_contain_text("Christmas")
    row = page.locator("#exceptions tbody tr", has_text="Christmas")
    assert row.locator("td").nth(2).inner_text() == "every year on 25 December"
    assert "Sat, Dec 25, 2027; " in row.locator("td").nth(4).inner_text()
    assert CalendarException.objects.get(calendar=office).repeat == "yearly"


def test_member_sets_own_hours_and_a_week_of_leave(page_for, live_server):
    world = make_world()
    page = page_for(world.member)
    page.click("nav.topnav >> text=My hours")
    page.wait_for_url(f"{live_server.url}/people/{world.member.pk}/calendar/")
    assert page.locator("h1").inner_text() == "Your working hours and days off"
    page.select_option("#id_time_zone", "Europe/Berlin")
    page.fill("#id_day_5", "")
    page.click("button:text('Save hours')")
    expect(page.locator("#id_day_5")).to_have_value("")
    expect(page.locator("#id_time_zone")).to_have_value("Europe/Berlin")
    member = User.objects.get(pk=world.member.pk)
    assert (member.time_zone, member.working_hours["5"]) == ("Europe/Berlin", [])
    page.fill("#id_off-name", "Leave")
    page.fill("#id_off-start", "2026-07-20")
    page.fill("#id_off-end", "2026-07-24")
    page.click("button:text('Add days off')")
    expect(page.locator("#days-off")).to_contain_text("Leave")
    row = page.locator("#days-off tbody tr", has_text="Leave")
    assert row.locator("td").nth(1).inner_text() == "Mon 2026-07-20 to Fri 2026-07-24"
    leave = CalendarException.objects.get(person=world.member)
    assert (leave.start, leave.end) == (dt.date(2026, 7, 20), dt.date(2026, 7, 24))
    # someone else's page is read-only for the member
    page.goto(f"{live_server.url}/people/{world.coordinator.pk}/calendar/")
    assert page.locator("main form").count() == 0
