"""The calendar pages: a week with split shifts, exceptions (holiday, range, repeating), a
person's hours and days off; bad input answers 422 naming the field and changes nothing."""

import datetime as dt

import pytest
from django.test import Client

from tandem.accounts.models import User
from tandem.core.models import AuditEvent
from tandem.resources.calendar_actions import do_create_calendar
from tandem.resources.models import CalendarException, WorkCalendar, default_week

D = dt.date


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def office(world):
    return do_create_calendar(acting_user=world.admin, name="Office", working_hours=default_week())


def test_admin_sets_a_split_shift_week(world, office):
    response = _client(world.admin).post(
        f"/calendars/{office.pk}/",
        {
            "version": "1",
            "name": "Office",
            "day_1": "8:00-12:00 + 13:00 - 17:00",
            "day_5": "08:00-12:00",
        },
    )
    assert response.status_code == 302
    office.refresh_from_db()
    assert office.working_hours == {
        "1": [["08:00", "12:00"], ["13:00", "17:00"]],
        "2": [],
        "3": [],
        "4": [],
        "5": [["08:00", "12:00"]],
        "6": [],
        "7": [],
    }
    assert office.version == 2


@pytest.mark.parametrize(
    ("day", "text", "error"),
    [
        ("day_2", "13:00-12:00", "13:00-12:00 does not start before it ends"),
        ("day_3", "08:00-12:00, 11:00-15:00", "11:00-15:00 overlaps or precedes the period"),
        ("day_4", "9-5", "&#x27;9-5&#x27; is not a period"),
        ("day_6", "08:00-25:00", "08:00-25:00 is not a period like 08:00-12:00 (times from"),
    ],
)
def test_bad_week_is_refused_naming_the_day(world, office, day, text, error):
    response = _client(world.admin).post(
        f"/calendars/{office.pk}/", {"version": "1", "name": "Office", day: text}
    )
    assert response.status_code == 422
    assert error in response.content.decode()
    office.refresh_from_db()
    assert (office.working_hours, office.version) == ({**default_week(), "6": [], "7": []}, 1)


def test_week_without_any_work_is_refused(world, office):
    response = _client(world.admin).post(f"/calendars/{office.pk}/", {"version": "1", "name": "X"})
    assert response.status_code == 422
    assert "A calendar needs some working time in its week." in response.content.decode()
    assert WorkCalendar.objects.get(pk=office.pk).name == "Office"


def test_admin_adds_a_yearly_holiday_and_the_page_shows_its_next_days(world, office):
    client = _client(world.admin)
    response = client.post(
        f"/calendars/{office.pk}/exceptions/",
        {"exc-name": "Christmas", "exc-start": "2026-12-25", "exc-repeat": "yearly",
         "exc-interval": "1"},
    )  # fmt: skip
    assert response.status_code == 302
    exc = CalendarException.objects.get(calendar=office)
    assert (exc.name, exc.start, exc.end, exc.repeat, exc.month, exc.day_of_month) == (
        "Christmas",
        D(2026, 12, 25),
        None,
        "yearly",
        None,
        None,
    )
    page = client.get(f"/calendars/{office.pk}/").content.decode()
    assert "every year on 25 December" in page
    assert AuditEvent.objects.filter(action="calendar_exception.created").count() == 1


def test_overlapping_ranges_are_refused(world, office):
    client = _client(world.admin)
    client.post(
        f"/calendars/{office.pk}/exceptions/",
        {"exc-name": "Shutdown", "exc-start": "2026-12-21", "exc-end": "2026-12-31",
         "exc-interval": "1"},
    )  # fmt: skip
    response = client.post(
        f"/calendars/{office.pk}/exceptions/",
        {"exc-name": "Inventory", "exc-start": "2026-12-30", "exc-interval": "1"},
    )
    assert response.status_code == 422
    assert "the dates overlap Shutdown (2026-12-21 to 2026-12-31)" in response.content.decode()
    assert list(CalendarException.objects.values_list("name", flat=True)) == ["Shutdown"]


def test_member_cannot_change_a_shared_calendar(world, office):
    response = _client(world.member).post(
        f"/calendars/{office.pk}/", {"version": "1", "name": "Mine", "day_1": "10:00-11:00"}
    )
    assert response.status_code == 403
    assert WorkCalendar.objects.get(pk=office.pk).name == "Office"


def test_member_sets_own_hours_time_zone_and_a_repeating_day_off(world):
    client = _client(world.member)
    response = client.post(
        f"/people/{world.member.pk}/calendar/",
        {"version": str(world.member.version), "time_zone": "Europe/Paris",
         "day_1": "09:00-12:30, 13:30-18:00", "day_2": "09:00-12:30"},
    )  # fmt: skip
    assert response.status_code == 302
    member = User.objects.get(pk=world.member.pk)
    assert member.time_zone == "Europe/Paris"
    assert member.working_hours["1"] == [["09:00", "12:30"], ["13:30", "18:00"]]
    response = client.post(
        f"/people/{world.member.pk}/days-off/",
        {"off-name": "Part time", "off-start": "2026-03-06", "off-repeat": "weekly",
         "off-interval": "1", "off-weekdays": ["5"]},
    )  # fmt: skip
    assert response.status_code == 302
    day_off = CalendarException.objects.get(person=world.member)
    assert (day_off.repeat, day_off.weekdays, day_off.calendar_id) == ("weekly", [5], None)
    page = client.get("/me/calendar/", follow=True).content.decode()
    assert "every week on Friday" in page


def test_member_cannot_change_someone_elses_hours(world):
    response = _client(world.member).post(
        f"/people/{world.coordinator.pk}/calendar/",
        {"version": "1", "time_zone": "UTC", "day_1": "09:00-10:00"},
    )
    assert response.status_code == 403
    assert User.objects.get(pk=world.coordinator.pk).working_hours == default_week()


def test_admin_changes_anyones_days_off(world):
    response = _client(world.admin).post(
        f"/people/{world.coordinator.pk}/days-off/",
        {"off-name": "Leave", "off-start": "2026-08-03", "off-end": "2026-08-14",
         "off-interval": "1"},
    )  # fmt: skip
    assert response.status_code == 302
    assert CalendarException.objects.get(person=world.coordinator).end == D(2026, 8, 14)


pytestmark = pytest.mark.django_db
