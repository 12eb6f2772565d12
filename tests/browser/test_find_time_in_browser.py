"""The coordinator finds a time across three zones in Chromium, with a participant's own
calendar connected (a real .ics feed served on 127.0.0.1), reads each person's local time,
takes a slot and sends the invitation."""

import datetime as dt
import zoneinfo

import icalendar
import pytest
from django.test import override_settings
from playwright.sync_api import expect

from tandem.comms.models import Notification
from tandem.core import l10n
from tandem.meetings.external_calendars import do_connect_calendar_url
from tandem.meetings.models import ExternalBusy, Meeting
from tandem.testing.factories import make_world
from tandem.testing.http_server import Answer, serve
from tandem.testing.ics_feeds import FeedEvent, feed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NINE_TO_FIVE = {str(d): [["09:00", "17:00"]] for d in range(1, 6)}
ZONES = {"coordinator": "Europe/Paris", "member": "America/New_York", "manager": "Europe/London"}


def _next_weekday(after: dt.date) -> dt.date:
    day = after + dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def test_coordinator_finds_a_time_across_three_zones_and_sends_the_invitation(
    page_for, live_server
):
    world = make_world()
    for role, zone in ZONES.items():
        person = getattr(world, role)
        person.time_zone = zone
        person.working_hours = NINE_TO_FIVE
        person.save()
    # the member's own calendar is busy all of the next weekday (in New York)
    busy_day = _next_weekday(dt.datetime.now(zoneinfo.ZoneInfo("America/New_York")).date())
    event = FeedEvent(busy_day, busy_day + dt.timedelta(days=1), summary="Offsite with client")
    with (
        override_settings(TANDEM_SAFE_FETCH_ALLOWED_NETWORKS=["127.0.0.1/32"]),
        serve({"/member.ics": Answer(body=feed([event]))}) as server,
    ):
        do_connect_calendar_url(world.member, name="Outlook", url=server.url("/member.ics"))
    assert ExternalBusy.objects.filter(calendar__owner=world.member).count() == 1

    page = page_for(world.coordinator)
    page.goto(f"{live_server.url}/projects/{world.project.pk}/meetings/new/")
    page.fill("#id_title", "Launch review")
    expect(page.locator("#id_time_zone")).to_have_value("Europe/Paris")
    for person in (world.member, world.manager):
        page.check(f"input[name=required_people][value='{person.pk}']")
    page.fill("#id_find-duration_minutes", "60")
    page.click("#find-time")
    first = page.locator("#slots li").first
    expect(first).to_be_visible()

    # every slot avoids the member's busy day, and shows each person's local time
    starts = page.locator("#slots button.slot").evaluate_all("bs => bs.map(b => b.dataset.start)")
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    assert starts
    for text in starts:
        start = dt.datetime.fromisoformat(text).replace(tzinfo=paris)
        assert start.astimezone(zoneinfo.ZoneInfo("America/New_York")).date() != busy_day
    rows = first.locator("table.local-times tbody tr")
    expect(rows).to_have_count(3)
    chosen = dt.datetime.fromisoformat(starts[0]).replace(tzinfo=paris)
    for role, zone in ZONES.items():
        row = first.locator(f"tr[data-user='{getattr(world, role).pk}']")
        local = chosen.astimezone(zoneinfo.ZoneInfo(zone))
        expect(row).to_contain_text(zone)
        # each person's time of day, written the way the en-US test browser reads it
        with l10n.override("en-US"):
            expect(row).to_contain_text(l10n.format_time(local, to_local=False))
        assert 9 <= local.hour < 17
    assert "Offsite" not in page.content()

    # taking the slot fills in the form; creating the meeting sends the invitations
    first.locator("button.slot").click()
    expect(page.locator("#id_starts_at")).to_have_value(starts[0])
    expect(page.locator("#chosen-time")).to_contain_text("Chosen:")
    page.click("#save-meeting")
    meeting = Meeting.objects.get(title="Launch review")
    page.wait_for_url(f"{live_server.url}/meetings/{meeting.pk}/")
    expect(page.locator("#participants")).to_contain_text("member")
    assert meeting.starts_at == chosen
    invited = Notification.objects.filter(kind="meeting.invited").order_by("recipient__username")
    assert [n.recipient.username for n in invited] == ["manager", "member"]
    for note in invited:
        calendar = icalendar.Calendar.from_ical(note.calendar_ics)
        assert str(calendar["METHOD"]) == "REQUEST"
        (vevent,) = calendar.walk("VEVENT")
        assert vevent["DTSTART"].dt == chosen
    member_note = invited.get(recipient=world.member)
    ny = chosen.astimezone(zoneinfo.ZoneInfo("America/New_York"))
    with l10n.override("en-US"):
        when = l10n.format_datetime(ny, "day", to_local=False)
    assert f"{when} (America/New_York)" in member_note.subject
