"""Meetings written as iCalendar and read back with icalendar and recurring-ical-events."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events

from tandem.engine.meetings import (
    AttendeeRole,
    BusyKind,
    BusyPeriod,
    BusyTimes,
    CalendarMeeting,
    FeedMilestone,
    MeetingAttendee,
    MeetingRecurrence,
    MeetingRequestError,
    ParticipationStatus,
    calendar_feed_ics,
    freebusy_ics,
    meeting_cancel_ics,
    meeting_ics,
    meeting_request_ics,
    meeting_uid,
    read_ics_busy,
)
from tandem.engine.meetings.intervals import minutes_from_datetime

BERLIN = ZoneInfo("Europe/Berlin")
STAMP = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)


def weekly_meeting(**changes):
    base = {
        "uid": meeting_uid("42", "tandem.example"),
        "summary": "Planning; budget, risks",
        "start": datetime(2024, 3, 18, 10, 0, tzinfo=BERLIN),
        "end": datetime(2024, 3, 18, 11, 0, tzinfo=BERLIN),
        "organizer": MeetingAttendee("lead@example.com", "Lea Lead"),
        "attendees": (
            MeetingAttendee("ana@example.com", "Ana", AttendeeRole.REQUIRED),
            MeetingAttendee("bob@example.com", "Bob", AttendeeRole.OPTIONAL, rsvp=False),
            MeetingAttendee(
                "room1@example.com",
                "Room 1",
                AttendeeRole.NON_PARTICIPANT,
                ParticipationStatus.ACCEPTED,
                rsvp=False,
                room=True,
            ),
        ),
        "location": "Room 1",
        "sequence": 2,
        "recurrence": MeetingRecurrence(
            "WEEKLY", count=4, exdates=(datetime(2024, 4, 1, 10, 0, tzinfo=BERLIN),)
        ),
    }
    base.update(changes)
    return CalendarMeeting(**base)


def only_event(data):
    calendar = icalendar.Calendar.from_ical(data)
    assert [c.errors for c in calendar.walk() if c.errors] == []
    assert data.count(b"\r\n") == data.count(b"\n")  # CRLF line ends, as RFC 5545 asks
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return calendar, events[0]


def test_request_round_trip_keeps_uid_zone_attendees_and_recurrence():
    meeting = weekly_meeting()
    calendar, event = only_event(meeting_request_ics(meeting, stamp=STAMP))
    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(event["UID"]) == "meeting-42@tandem.example"
    assert event["SEQUENCE"] == 2
    assert event.decoded("DTSTAMP") == STAMP
    assert str(event["SUMMARY"]) == "Planning; budget, risks"
    start = event.decoded("DTSTART")
    assert start == meeting.start
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event.decoded("DTEND") == meeting.end
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Berlin"]
    assert str(event["ORGANIZER"]) == "mailto:lead@example.com"
    assert event["ORGANIZER"].params["CN"] == "Lea Lead"
    attendees = {str(a): dict(a.params) for a in event["ATTENDEE"]}
    assert attendees["mailto:ana@example.com"] == {
        "CN": "Ana",
        "CUTYPE": "INDIVIDUAL",
        "ROLE": "REQ-PARTICIPANT",
        "PARTSTAT": "NEEDS-ACTION",
        "RSVP": "TRUE",
    }
    assert attendees["mailto:bob@example.com"]["ROLE"] == "OPT-PARTICIPANT"
    assert attendees["mailto:bob@example.com"]["RSVP"] == "FALSE"
    assert attendees["mailto:room1@example.com"]["CUTYPE"] == "ROOM"
    assert event["RRULE"]["FREQ"] == ["WEEKLY"]
    assert event["RRULE"]["COUNT"] == [4]


def test_recurrence_expands_across_dst_at_the_same_wall_time():
    data = meeting_ics(weekly_meeting(), stamp=STAMP)
    calendar = icalendar.Calendar.from_ical(data)
    occurrences = recurring_ical_events.of(calendar).between(
        datetime(2024, 3, 1, tzinfo=UTC), datetime(2024, 5, 1, tzinfo=UTC)
    )
    starts = [o.decoded("DTSTART") for o in occurrences]
    # 4 occurrences by COUNT, 1 April excluded; DST starts 31 March
    assert [(s.month, s.day, s.hour) for s in starts] == [(3, 18, 10), (3, 25, 10), (4, 8, 10)]
    assert [s.utcoffset() for s in starts] == [timedelta(hours=h) for h in (1, 1, 2)]


def test_written_meeting_reads_back_as_busy_time():
    data = meeting_ics(weekly_meeting(), stamp=STAMP)
    busy = read_ics_busy(
        data,
        source="out.ics",
        start=datetime(2024, 3, 1, tzinfo=UTC),
        end=datetime(2024, 5, 1, tzinfo=UTC),
    )
    expected = [
        [minutes_from_datetime(s), minutes_from_datetime(s + timedelta(hours=1))]
        for s in (datetime(2024, 3, d, 10, tzinfo=BERLIN) for d in (18, 25))
    ] + [
        [
            minutes_from_datetime(datetime(2024, 4, 8, 8, tzinfo=UTC)),
            minutes_from_datetime(datetime(2024, 4, 8, 9, tzinfo=UTC)),
        ]
    ]
    assert busy.firm.tolist() == expected


def test_update_and_cancel_keep_the_uid():
    first = only_event(meeting_request_ics(weekly_meeting(sequence=0), stamp=STAMP))[1]
    moved = weekly_meeting(
        sequence=1,
        start=datetime(2024, 3, 19, 10, tzinfo=BERLIN),
        end=datetime(2024, 3, 19, 11, tzinfo=BERLIN),
    )
    update = only_event(meeting_request_ics(moved, stamp=STAMP))[1]
    calendar, cancel = only_event(
        meeting_cancel_ics(weekly_meeting(sequence=2), stamp=STAMP + timedelta(days=1))
    )
    assert str(first["UID"]) == str(update["UID"]) == str(cancel["UID"])
    assert [first["SEQUENCE"], update["SEQUENCE"], cancel["SEQUENCE"]] == [0, 1, 2]
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(cancel["STATUS"]) == "CANCELLED"
    busy = read_ics_busy(
        meeting_cancel_ics(weekly_meeting(sequence=2), stamp=STAMP),
        source="c",
        start=datetime(2024, 3, 1, tzinfo=UTC),
        end=datetime(2024, 5, 1, tzinfo=UTC),
    )
    assert busy.firm.tolist() == []


def test_utc_and_until_recurrence():
    meeting = weekly_meeting(
        start=datetime(2024, 3, 18, 9, tzinfo=UTC),
        end=datetime(2024, 3, 18, 9, 30, tzinfo=UTC),
        recurrence=MeetingRecurrence(
            "DAILY", interval=2, until=datetime(2024, 3, 24, 9, tzinfo=UTC)
        ),
    )
    calendar, event = only_event(meeting_ics(meeting, stamp=STAMP))
    assert "DTSTART:20240318T090000Z" in meeting_ics(meeting, stamp=STAMP).decode()
    assert calendar.timezones == []
    occurrences = recurring_ical_events.of(calendar).between(
        datetime(2024, 3, 1, tzinfo=UTC), datetime(2024, 4, 1, tzinfo=UTC)
    )
    assert [o.decoded("DTSTART").day for o in occurrences] == [18, 20, 22, 24]


def test_feed_of_meetings_and_milestones():
    other = weekly_meeting(uid=meeting_uid("43", "tandem.example"), recurrence=None)
    feed = calendar_feed_ics(
        "Project Apollo",
        [weekly_meeting(), other],
        [
            FeedMilestone("ms-1@tandem.example", "Design approved", date(2024, 4, 2)),
            FeedMilestone(
                "ms-2@tandem.example",
                "Go live",
                datetime(2024, 5, 6, 9, tzinfo=ZoneInfo("America/New_York")),
            ),
        ],
        stamp=STAMP,
    )
    calendar = icalendar.Calendar.from_ical(feed)
    assert "METHOD" not in calendar
    assert str(calendar["X-WR-CALNAME"]) == "Project Apollo"
    uids = [str(e["UID"]) for e in calendar.walk("VEVENT")]
    assert uids == [
        "meeting-42@tandem.example",
        "meeting-43@tandem.example",
        "ms-1@tandem.example",
        "ms-2@tandem.example",
    ]
    assert sorted(tz.tz_name for tz in calendar.timezones) == ["America/New_York", "Europe/Berlin"]
    milestone = calendar.walk("VEVENT")[2]
    assert milestone.decoded("DTSTART") == date(2024, 4, 2)
    assert str(milestone["TRANSP"]) == "TRANSPARENT"
    # milestones never make anyone busy
    busy = read_ics_busy(
        feed,
        source="feed",
        start=datetime(2024, 4, 2, tzinfo=UTC),
        end=datetime(2024, 4, 3, tzinfo=UTC),
    )
    assert busy.firm.tolist() == []


@pytest.mark.parametrize(
    ("changes", "item"),
    [
        ({"end": datetime(2024, 3, 18, 9, tzinfo=BERLIN)}, "meeting-42@tandem.example"),
        ({"start": datetime(2024, 3, 18, 10)}, "start"),  # noqa: DTZ001 - the bad input
        ({"organizer": MeetingAttendee("not an address")}, "not an address"),
        ({"recurrence": MeetingRecurrence("HOURLY")}, "recurrence"),
    ],
)
def test_bad_meetings_are_refused(changes, item):
    with pytest.raises(MeetingRequestError) as info:
        meeting_ics(weekly_meeting(**changes), stamp=STAMP)
    assert item in info.value.items


def test_feed_refuses_duplicate_uids():
    with pytest.raises(MeetingRequestError) as info:
        calendar_feed_ics("x", [weekly_meeting(), weekly_meeting()], stamp=STAMP)
    assert info.value.items == ("meeting-42@tandem.example",)


def test_freebusy_round_trip_merges_sources_and_keeps_tentative_apart():
    day = datetime(2025, 1, 6, tzinfo=UTC)
    work = BusyTimes.from_periods(
        "tandem",
        [
            BusyPeriod(day + timedelta(hours=9), day + timedelta(hours=10)),
            BusyPeriod(day + timedelta(hours=23), day + timedelta(hours=26)),  # runs past the range
        ],
    )
    private = BusyTimes.from_periods(
        "ics",
        [
            BusyPeriod(
                day + timedelta(hours=9, minutes=30), day + timedelta(hours=11), BusyKind.TENTATIVE
            ),
            BusyPeriod(day + timedelta(hours=13), day + timedelta(hours=14), BusyKind.FOCUS),
        ],
    )
    data = freebusy_ics(
        [work, private],
        uid="fb-ana@tandem.example",
        person=MeetingAttendee("ana@example.com", "Ana"),
        start=day,
        end=day + timedelta(days=1),
        stamp=STAMP,
    )
    calendar = icalendar.Calendar.from_ical(data)
    component = calendar.walk("VFREEBUSY")[0]
    assert str(component["UID"]) == "fb-ana@tandem.example"
    assert [p.params["FBTYPE"] for p in component["FREEBUSY"]] == [
        "BUSY",
        "BUSY",
        "BUSY",
        "BUSY-TENTATIVE",
    ]
    read = read_ics_busy(data, source="fb", start=day, end=day + timedelta(days=1))
    m = minutes_from_datetime(day)
    assert read.firm.tolist() == [[m + 540, m + 600], [m + 780, m + 840], [m + 1380, m + 1440]]
    assert read.tentative.tolist() == [[m + 600, m + 660]]
