"""Write meetings as iCalendar: a VEVENT, an iTIP REQUEST or CANCEL (RFC 5546), and feeds.

Times keep their zone (``DTSTART;TZID=Europe/Berlin:...``) with a VTIMEZONE for every zone used,
covering the meeting's whole span so clients that rely on VTIMEZONE (Outlook) and those that use
the TZID name (Google, Apple) agree. UTC times are written with ``Z``. The UID is the caller's
and must stay the same across updates (:func:`meeting_uid` derives one from a Tandem id); each
update that changes time or attendees must raise ``sequence``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

import icalendar

from .errors import MeetingRequestError
from .intervals import (
    clip_intervals,
    complement_intervals,
    datetime_from_minutes,
    minutes_from_datetime,
    union_intervals,
)
from .model import BusyTimes

__all__ = [
    "AttendeeRole",
    "CalendarMeeting",
    "FeedMilestone",
    "MeetingAttendee",
    "MeetingRecurrence",
    "ParticipationStatus",
    "calendar_feed_ics",
    "freebusy_ics",
    "meeting_cancel_ics",
    "meeting_event",
    "meeting_ics",
    "meeting_request_ics",
    "meeting_uid",
]

PRODID = "-//Tandem//Tandem meetings//EN"
_OPEN_ENDED_YEARS = 10


class AttendeeRole(StrEnum):
    """iCalendar ``ROLE``."""

    CHAIR = "CHAIR"
    REQUIRED = "REQ-PARTICIPANT"
    OPTIONAL = "OPT-PARTICIPANT"
    NON_PARTICIPANT = "NON-PARTICIPANT"


class ParticipationStatus(StrEnum):
    """iCalendar ``PARTSTAT`` for events."""

    NEEDS_ACTION = "NEEDS-ACTION"
    ACCEPTED = "ACCEPTED"
    DECLINED = "DECLINED"
    TENTATIVE = "TENTATIVE"
    DELEGATED = "DELEGATED"


@dataclass(frozen=True, slots=True)
class MeetingAttendee:
    """A person or room (``room=True`` writes ``CUTYPE=ROOM``) invited to a meeting."""

    email: str
    name: str = ""
    role: AttendeeRole = AttendeeRole.REQUIRED
    status: ParticipationStatus = ParticipationStatus.NEEDS_ACTION
    rsvp: bool = True
    room: bool = False


@dataclass(frozen=True, slots=True)
class MeetingRecurrence:
    """``RRULE``: ``frequency`` is ``DAILY``, ``WEEKLY`` or ``MONTHLY``; at most one of ``count``
    and ``until`` (aware); ``exdates`` are cancelled occurrence starts (aware)."""

    frequency: str = "WEEKLY"
    interval: int = 1
    count: int | None = None
    until: datetime | None = None
    exdates: tuple[datetime, ...] = ()


@dataclass(frozen=True, slots=True)
class CalendarMeeting:
    """A meeting to publish. ``start``/``end`` are aware; their zone (a ``ZoneInfo``) is the
    meeting's zone, which recurrence follows across DST."""

    uid: str
    summary: str
    start: datetime
    end: datetime
    organizer: MeetingAttendee
    attendees: tuple[MeetingAttendee, ...] = ()
    description: str = ""
    location: str = ""
    sequence: int = 0
    recurrence: MeetingRecurrence | None = None
    url: str = ""


@dataclass(frozen=True, slots=True)
class FeedMilestone:
    """A milestone in a feed: ``day`` is a date (an all-day, transparent event) or an aware
    datetime (a zero-length event)."""

    uid: str
    summary: str
    day: date | datetime
    description: str = ""


def meeting_uid(meeting_id: str, domain: str = "tandem.invalid") -> str:
    """A UID that stays the same for a Tandem meeting id across every update and export."""
    if not meeting_id or "@" in meeting_id or not domain:
        raise MeetingRequestError(
            f"cannot build a UID from {meeting_id!r}@{domain!r}", (meeting_id,)
        )
    return f"meeting-{meeting_id}@{domain}"


def _zoned(value: datetime, what: str) -> datetime:
    """Aware datetime kept in its IANA zone; fixed offsets become UTC (no TZID for them)."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise MeetingRequestError(f"{what} must be aware, got {value.isoformat()}", (what,))
    if isinstance(value.tzinfo, ZoneInfo) and value.tzinfo.key != "UTC":
        return value
    return value.astimezone(UTC)


def _address(person: MeetingAttendee) -> icalendar.vCalAddress:
    if "@" not in person.email or any(c in person.email for c in " \r\n:;,"):
        raise MeetingRequestError(f"not an e-mail address: {person.email!r}", (person.email,))
    address = icalendar.vCalAddress(f"mailto:{person.email}")
    if person.name:
        address.params["CN"] = person.name
    return address


def _attendee(person: MeetingAttendee) -> icalendar.vCalAddress:
    address = _address(person)
    address.params["CUTYPE"] = "ROOM" if person.room else "INDIVIDUAL"
    address.params["ROLE"] = str(person.role)
    address.params["PARTSTAT"] = str(person.status)
    address.params["RSVP"] = "TRUE" if person.rsvp else "FALSE"
    return address


def _rrule(recurrence: MeetingRecurrence, start: datetime) -> dict[str, object]:
    frequency = recurrence.frequency.upper()
    if frequency not in {"DAILY", "WEEKLY", "MONTHLY"} or recurrence.interval < 1:
        raise MeetingRequestError(
            f"unsupported recurrence {frequency}/{recurrence.interval}", ("recurrence",)
        )
    if recurrence.count is not None and recurrence.until is not None:
        raise MeetingRequestError("recurrence takes count or until, not both", ("recurrence",))
    rule: dict[str, object] = {"FREQ": frequency}
    if recurrence.interval != 1:
        rule["INTERVAL"] = recurrence.interval
    if recurrence.count is not None:
        rule["COUNT"] = recurrence.count
    if recurrence.until is not None:
        # RFC 5545: UNTIL is UTC when DTSTART has a zone
        rule["UNTIL"] = _zoned(recurrence.until, "until").astimezone(UTC)
    return rule


def meeting_event(
    meeting: CalendarMeeting, *, stamp: datetime, cancelled: bool = False
) -> icalendar.Event:
    """The VEVENT of a meeting. ``stamp`` (aware) is DTSTAMP, the time the object was made."""
    start, end = _zoned(meeting.start, "start"), _zoned(meeting.end, "end")
    if end <= start:
        raise MeetingRequestError(f"meeting {meeting.uid} ends before it starts", (meeting.uid,))
    if not meeting.uid:
        raise MeetingRequestError("a meeting needs a UID", ("uid",))
    event = icalendar.Event()
    event.add("UID", meeting.uid)
    event.add("DTSTAMP", _zoned(stamp, "stamp").astimezone(UTC))
    event.add("SEQUENCE", meeting.sequence)
    event.add("SUMMARY", meeting.summary)
    event.add("DTSTART", start)
    event.add("DTEND", end.astimezone(start.tzinfo))
    event.add("ORGANIZER", _address(meeting.organizer))
    for person in meeting.attendees:
        event.add("ATTENDEE", _attendee(person))
    for key, value in (
        ("DESCRIPTION", meeting.description),
        ("LOCATION", meeting.location),
        ("URL", meeting.url),
    ):
        if value:
            event.add(key, value)
    if meeting.recurrence is not None:
        event.add("RRULE", _rrule(meeting.recurrence, start))
        for excluded in meeting.recurrence.exdates:
            event.add("EXDATE", _zoned(excluded, "exdate").astimezone(start.tzinfo))
    event.add("STATUS", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("TRANSP", "OPAQUE")
    return event


def _last_day(meeting: CalendarMeeting) -> date:
    recurrence = meeting.recurrence
    if recurrence is None:
        return meeting.end.date()
    if recurrence.until is not None:
        return recurrence.until.date()
    if recurrence.count is not None:
        step = {"DAILY": 1, "WEEKLY": 7, "MONTHLY": 31}.get(recurrence.frequency.upper(), 31)
        return meeting.end.date() + timedelta(days=step * recurrence.interval * recurrence.count)
    return meeting.end.date() + timedelta(days=366 * _OPEN_ENDED_YEARS)


def _calendar(
    method: str | None,
    events: Sequence[icalendar.Event],
    first: date,
    last: date,
    name: str | None = None,
) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    if method is not None:
        calendar.add("METHOD", method)
    if name is not None:
        calendar.add("X-WR-CALNAME", name)
    for event in events:
        calendar.add_component(event)
    calendar.add_missing_timezones(
        first_date=first - timedelta(days=366), last_date=last + timedelta(days=366)
    )
    return bytes(calendar.to_ical())


def meeting_ics(meeting: CalendarMeeting, *, stamp: datetime) -> bytes:
    """A calendar (``METHOD:PUBLISH``) holding the meeting, for download or import."""
    event = meeting_event(meeting, stamp=stamp)
    return _calendar("PUBLISH", [event], meeting.start.date(), _last_day(meeting))


def meeting_request_ics(meeting: CalendarMeeting, *, stamp: datetime) -> bytes:
    """An iTIP ``METHOD:REQUEST`` invitation (new meeting or update: same UID, higher
    ``sequence``). Needs at least one attendee."""
    if not meeting.attendees:
        raise MeetingRequestError(
            f"meeting {meeting.uid} has no attendees to invite", (meeting.uid,)
        )
    event = meeting_event(meeting, stamp=stamp)
    return _calendar("REQUEST", [event], meeting.start.date(), _last_day(meeting))


def meeting_cancel_ics(meeting: CalendarMeeting, *, stamp: datetime) -> bytes:
    """An iTIP ``METHOD:CANCEL`` for the whole meeting (``STATUS:CANCELLED``). Pass the meeting
    with its sequence already raised past the last REQUEST, as RFC 5546 requires."""
    event = meeting_event(meeting, stamp=stamp, cancelled=True)
    return _calendar("CANCEL", [event], meeting.start.date(), _last_day(meeting))


def _milestone_event(milestone: FeedMilestone, stamp: datetime) -> icalendar.Event:
    event = icalendar.Event()
    event.add("UID", milestone.uid)
    event.add("DTSTAMP", _zoned(stamp, "stamp").astimezone(UTC))
    event.add("SUMMARY", milestone.summary)
    if isinstance(milestone.day, datetime):
        moment = _zoned(milestone.day, milestone.uid)
        event.add("DTSTART", moment)
        event.add("DTEND", moment)
    else:
        event.add("DTSTART", milestone.day)
        event.add("DTEND", milestone.day + timedelta(days=1))
    if milestone.description:
        event.add("DESCRIPTION", milestone.description)
    event.add("CATEGORIES", ["Milestone"])
    # a milestone marks a date; it must not make anyone look busy
    event.add("TRANSP", "TRANSPARENT")
    return event


def calendar_feed_ics(
    name: str,
    meetings: Sequence[CalendarMeeting],
    milestones: Sequence[FeedMilestone] = (),
    *,
    stamp: datetime,
) -> bytes:
    """A subscribable feed (no METHOD) of a person's or a project's meetings and milestones.
    ``name`` becomes ``X-WR-CALNAME``. UIDs must be unique across the feed."""
    uids = [m.uid for m in meetings] + [m.uid for m in milestones]
    repeated = tuple(sorted(u for u, n in Counter(uids).items() if n > 1))
    if repeated:
        raise MeetingRequestError(f"UIDs used twice in feed: {', '.join(repeated)}", repeated)
    events = [meeting_event(m, stamp=stamp) for m in meetings]
    events += [_milestone_event(m, stamp) for m in milestones]
    days = [m.start.date() for m in meetings] + [_last_day(m) for m in meetings]
    days += [m.day.date() if isinstance(m.day, datetime) else m.day for m in milestones]
    first = min(days, default=_zoned(stamp, "stamp").date())
    last = max(days, default=first)
    return _calendar(None, events, first, last, name)


def freebusy_ics(
    busy: Sequence[BusyTimes],
    *,
    uid: str,
    person: MeetingAttendee,
    start: datetime,
    end: datetime,
    stamp: datetime,
) -> bytes:
    """A published VFREEBUSY (``METHOD:PUBLISH``) of one person over ``[start, end)``: firm busy
    time of every source as ``FBTYPE=BUSY``, tentative time not already busy as
    ``FBTYPE=BUSY-TENTATIVE``, in UTC, one FREEBUSY line per period, periods cut to the range.
    Shares no event details, only times."""
    low = minutes_from_datetime(_zoned(start, "start"))
    high = minutes_from_datetime(_zoned(end, "end"), ceil=True)
    if high <= low:
        raise MeetingRequestError("free/busy range ends before it starts", ("end",))
    firm = clip_intervals(union_intervals([b.firm for b in busy]), low, high)
    soft = clip_intervals(union_intervals([b.tentative for b in busy]), low, high)
    # tentative time that is also firmly busy is reported once, as busy
    free_of_firm = complement_intervals(firm, low, high)
    soft = union_intervals([clip_intervals(soft, int(a), int(b)) for a, b in free_of_firm])
    component = icalendar.FreeBusy()
    component.add("UID", uid)
    component.add("DTSTAMP", _zoned(stamp, "stamp").astimezone(UTC))
    component.add("DTSTART", datetime_from_minutes(low))
    component.add("DTEND", datetime_from_minutes(high))
    component.add("ORGANIZER", _address(person))
    for kind, periods in (("BUSY", firm), ("BUSY-TENTATIVE", soft)):
        for a, b in periods:
            component.add(
                "FREEBUSY",
                icalendar.vPeriod((datetime_from_minutes(int(a)), datetime_from_minutes(int(b)))),
                parameters={"FBTYPE": kind},
            )
    calendar = icalendar.Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("METHOD", "PUBLISH")
    calendar.add_component(component)
    return bytes(calendar.to_ical())
