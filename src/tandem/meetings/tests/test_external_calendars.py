"""People's own calendars: subscriptions read from real .ics feeds over HTTP (a local server)
through the SSRF guard, and uploaded files; only busy times are kept."""

import datetime as dt
import time

import pytest
from django.test import override_settings

from tandem.core.errors import ValidationFailed
from tandem.core.models import AuditEvent
from tandem.meetings.calendar_reading import refresh_calendar
from tandem.meetings.external_calendars import (
    do_connect_calendar_url,
    do_remove_calendar,
    do_upload_calendar,
    external_busy,
)
from tandem.meetings.jobs import refresh_external_calendars
from tandem.meetings.models import ExternalBusy, ExternalCalendar
from tandem.testing.http_server import Answer, serve
from tandem.testing.ics_feeds import FeedEvent, feed, zoned

pytestmark = pytest.mark.django_db

UTC = dt.UTC
NOW = dt.datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def local_feeds():
    """Serve feeds on 127.0.0.1, which the test allowlist (a setting only tests use) admits."""
    routes: dict[str, Answer] = {}
    with (
        override_settings(TANDEM_SAFE_FETCH_ALLOWED_NETWORKS=["127.0.0.1/32"]),
        serve(routes) as server,
    ):
        yield server


def _busy(calendar):
    return [
        (b.starts_at.astimezone(UTC), b.ends_at.astimezone(UTC), b.tentative)
        for b in ExternalBusy.objects.filter(calendar=calendar).order_by("starts_at")
    ]


def _connect(world, server, path, body, django_capture_on_commit_callbacks):
    server.routes[path] = Answer(body=body, headers={"Content-Type": "text/calendar"})
    with django_capture_on_commit_callbacks(execute=True):
        calendar = do_connect_calendar_url(world.member, name="Outlook", url=server.url(path))
    calendar.refresh_from_db()
    return calendar


def test_a_recurring_series_across_the_dst_change_is_read_in_utc(
    world, local_feeds, django_capture_on_commit_callbacks
):
    # given a weekly Monday 10:00-11:00 Berlin meeting for four weeks, one week cancelled;
    # Europe/Berlin moves to summer time on 29 March 2026
    series = FeedEvent(
        start=zoned(2026, 3, 16, 10, 0, "Europe/Berlin"),
        end=zoned(2026, 3, 16, 11, 0, "Europe/Berlin"),
        summary="Board meeting",
        rrule={"FREQ": "WEEKLY", "COUNT": 4},
        exdates=(zoned(2026, 3, 23, 10, 0, "Europe/Berlin"),),
    )
    local_feeds.routes["/weekly.ics"] = Answer(body=feed([series]))
    calendar = ExternalCalendar.objects.create(
        owner=world.member, name="Work", source="url", url=local_feeds.url("/weekly.ics")
    )
    # when it is read
    refresh_calendar(calendar.pk, now=NOW)
    calendar.refresh_from_db()
    # then the occurrences are busy at 10:00 Berlin time: 09:00 UTC in winter, 08:00 in summer
    assert _busy(calendar) == [
        (
            dt.datetime(2026, 3, 16, 9, 0, tzinfo=UTC),
            dt.datetime(2026, 3, 16, 10, 0, tzinfo=UTC),
            False,
        ),
        (
            dt.datetime(2026, 3, 30, 8, 0, tzinfo=UTC),
            dt.datetime(2026, 3, 30, 9, 0, tzinfo=UTC),
            False,
        ),
        (
            dt.datetime(2026, 4, 6, 8, 0, tzinfo=UTC),
            dt.datetime(2026, 4, 6, 9, 0, tzinfo=UTC),
            False,
        ),
    ]
    assert calendar.event_count == 3
    assert calendar.last_error == ""
    assert calendar.last_read_at == NOW


def test_connecting_reads_the_feed_after_commit_and_keeps_no_detail(
    world, local_feeds, django_capture_on_commit_callbacks
):
    # given a feed with a private appointment, a tentative one, a free one and a cancelled one
    base = dt.datetime.now(UTC).replace(second=0, microsecond=0) + dt.timedelta(days=2)
    events = [
        FeedEvent(base, base + dt.timedelta(hours=1), summary="Dentist", location="Clinic 4"),
        FeedEvent(
            base + dt.timedelta(hours=2),
            base + dt.timedelta(hours=3),
            summary="Maybe lunch",
            status="TENTATIVE",
        ),
        FeedEvent(base + dt.timedelta(hours=4), base + dt.timedelta(hours=5), transparent=True),
        FeedEvent(base + dt.timedelta(hours=6), base + dt.timedelta(hours=7), status="CANCELLED"),
    ]
    # when the member connects it
    calendar = _connect(
        world, local_feeds, "/private-abc123.ics", feed(events), django_capture_on_commit_callbacks
    )
    # then the server was asked once and the busy and tentative times are kept
    assert [path for path, _ in local_feeds.requests] == ["/private-abc123.ics"]
    assert _busy(calendar) == [
        (base, base + dt.timedelta(hours=1), False),
        (base + dt.timedelta(hours=2), base + dt.timedelta(hours=3), True),
    ]
    # and nothing of the events' details is stored anywhere on the calendar's rows
    stored = repr(list(ExternalCalendar.objects.filter(pk=calendar.pk).values()))
    stored += repr(list(ExternalBusy.objects.filter(calendar=calendar).values()))
    for detail in ("Dentist", "Clinic", "Maybe lunch"):
        assert detail not in stored
    # and the audit trail names the host, never the secret address
    trail = repr(list(AuditEvent.objects.filter(object_type="meetings.externalcalendar").values()))
    assert "127.0.0.1" in trail
    assert "private-abc123" not in trail


def test_a_feed_of_500_events_is_read_in_reasonable_time(world, local_feeds):
    # given 500 one-hour events, one every six hours from the day after "now"
    first = NOW + dt.timedelta(days=1)
    events = [
        FeedEvent(first + dt.timedelta(hours=6 * n), first + dt.timedelta(hours=6 * n + 1))
        for n in range(500)
    ]
    local_feeds.routes["/big.ics"] = Answer(body=feed(events))
    calendar = ExternalCalendar.objects.create(
        owner=world.member, name="Big", source="url", url=local_feeds.url("/big.ics")
    )
    # when it is read
    began = time.monotonic()
    refresh_calendar(calendar.pk, now=NOW)
    elapsed = time.monotonic() - began
    # then every event is kept, in well under the job's interval
    busy = _busy(calendar)
    assert len(busy) == 500
    assert busy[0][0] == first
    assert busy[-1][0] == first + dt.timedelta(hours=6 * 499)
    assert elapsed < 10


def test_all_day_events_block_the_owners_local_day(world, local_feeds):
    world.member.time_zone = "America/New_York"
    world.member.save()
    day_off = FeedEvent(dt.date(2026, 3, 10), dt.date(2026, 3, 11), summary="Holiday")
    local_feeds.routes["/days.ics"] = Answer(body=feed([day_off]))
    calendar = ExternalCalendar.objects.create(
        owner=world.member, name="Days", source="url", url=local_feeds.url("/days.ics")
    )
    refresh_calendar(calendar.pk, now=NOW)
    # midnight to midnight in New York (UTC-5 before its 8 March DST change: UTC-4 after)
    assert _busy(calendar) == [
        (
            dt.datetime(2026, 3, 10, 4, 0, tzinfo=UTC),
            dt.datetime(2026, 3, 11, 4, 0, tzinfo=UTC),
            False,
        )
    ]


def test_a_failed_read_keeps_the_last_busy_times_and_says_why(world, local_feeds):
    event = FeedEvent(NOW + dt.timedelta(days=1), NOW + dt.timedelta(days=1, hours=1))
    local_feeds.routes["/cal.ics"] = Answer(body=feed([event]))
    calendar = ExternalCalendar.objects.create(
        owner=world.member, name="Work", source="url", url=local_feeds.url("/cal.ics")
    )
    refresh_calendar(calendar.pk, now=NOW)
    # when the server then fails, and later sends a broken file
    local_feeds.routes["/cal.ics"] = Answer(500, b"oops")
    refresh_calendar(calendar.pk, now=NOW + dt.timedelta(hours=1))
    calendar.refresh_from_db()
    assert "500" in calendar.last_error
    assert len(_busy(calendar)) == 1
    local_feeds.routes["/cal.ics"] = Answer(body=b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n")
    refresh_calendar(calendar.pk, now=NOW + dt.timedelta(hours=2))
    calendar.refresh_from_db()
    assert "never ends" in calendar.last_error
    assert len(_busy(calendar)) == 1


def test_loopback_subscriptions_are_refused_without_the_test_allowlist(
    world, django_capture_on_commit_callbacks
):
    with serve({"/cal.ics": Answer(body=feed([]))}) as server:
        # an address given by number is refused at once, naming the field
        with pytest.raises(ValidationFailed) as refused:
            do_connect_calendar_url(world.member, name="Local", url=server.url("/cal.ics"))
        assert "url" in refused.value.fields
        # a name that resolves to it is refused when read, and the server is never asked
        with django_capture_on_commit_callbacks(execute=True):
            calendar = do_connect_calendar_url(
                world.member, name="Local", url=f"http://localhost:{server.port}/cal.ics"
            )
        calendar.refresh_from_db()
        assert "private, loopback or link-local" in calendar.last_error
        assert server.requests == []
    with pytest.raises(ValidationFailed):
        do_connect_calendar_url(world.member, name="Files", url="file:///etc/passwd")


def test_the_periodic_job_reads_calendars_not_read_lately(world, local_feeds):
    soon = dt.datetime.now(UTC).replace(microsecond=0) + dt.timedelta(days=1)
    local_feeds.routes["/a.ics"] = Answer(
        body=feed([FeedEvent(soon, soon + dt.timedelta(hours=1))])
    )
    stale = ExternalCalendar.objects.create(
        owner=world.member,
        name="A",
        source="url",
        url=local_feeds.url("/a.ics"),
        last_read_at=dt.datetime.now(UTC) - dt.timedelta(hours=2),
    )
    fresh = ExternalCalendar.objects.create(
        owner=world.member,
        name="B",
        source="url",
        url=local_feeds.url("/a.ics"),
        last_read_at=dt.datetime.now(UTC) - dt.timedelta(minutes=5),
    )
    assert refresh_external_calendars() == 1
    assert len(_busy(stale)) == 1
    assert _busy(fresh) == []


def test_an_uploaded_file_is_read_once_and_bad_files_name_the_line(world):
    event = FeedEvent(NOW + dt.timedelta(days=3), NOW + dt.timedelta(days=3, hours=2))
    calendar = do_upload_calendar(world.member, name="Export", data=feed([event]), now=NOW)
    assert calendar.event_count == 1
    assert external_busy([world.member.pk], NOW, NOW + dt.timedelta(days=7))[world.member.pk][
        0
    ].start == NOW + dt.timedelta(days=3)
    broken = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART:2026X\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    with pytest.raises(ValidationFailed) as refused:
        do_upload_calendar(world.member, name="Broken", data=broken, now=NOW)
    assert "line" in refused.value.message
    assert ExternalCalendar.objects.filter(owner=world.member).count() == 1


def test_only_the_owner_removes_a_calendar(world):
    calendar = do_upload_calendar(world.member, name="Export", data=feed([]), now=NOW)
    with pytest.raises(Exception, match="Only the person"):
        do_remove_calendar(calendar, acting_user=world.coordinator, version=calendar.version)
    do_remove_calendar(calendar, acting_user=world.member, version=calendar.version)
    assert not ExternalCalendar.objects.filter(pk=calendar.pk).exists()
