"""A meeting as an iCalendar file (RFC 5545), written by the engine's iCalendar writer.

The UID never changes for a meeting and SEQUENCE grows with every update, so a calendar that
imported an earlier version replaces it instead of showing a second event. Start and end carry
the meeting's TZID and the file embeds that zone's VTIMEZONE. A cancelled meeting is written as
an iTIP CANCEL (``STATUS:CANCELLED``).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse

from tandem.engine.meetings import (
    AttendeeRole,
    CalendarMeeting,
    MeetingAttendee,
    ParticipationStatus,
    meeting_cancel_ics,
    meeting_ics,
)

from .models import Meeting, MeetingStatus, Participant, ResponseStatus

PARTSTAT = {
    ResponseStatus.NEEDS_ACTION: ParticipationStatus.NEEDS_ACTION,
    ResponseStatus.ACCEPTED: ParticipationStatus.ACCEPTED,
    ResponseStatus.TENTATIVE: ParticipationStatus.TENTATIVE,
    ResponseStatus.DECLINED: ParticipationStatus.DECLINED,
}


def _email(user: Any) -> str:
    """The person's address; people without one get a stable address that cannot receive mail."""
    email = (getattr(user, "email", "") or "").strip()
    if email and "@" in email:
        return email
    return f"user-{user.pk}@users.tandem.invalid"


def calendar_meeting(meeting: Meeting, participants: Iterable[Participant]) -> CalendarMeeting:
    zone = zoneinfo.ZoneInfo(meeting.time_zone)
    organizer = MeetingAttendee(
        email=_email(meeting.organizer), name=str(meeting.organizer), role=AttendeeRole.CHAIR
    )
    attendees = tuple(
        MeetingAttendee(
            email=_email(p.user),
            name=str(p.user),
            role=AttendeeRole.REQUIRED if p.required else AttendeeRole.OPTIONAL,
            status=PARTSTAT[ResponseStatus(p.response)],
        )
        for p in participants
    )
    return CalendarMeeting(
        uid=meeting.ical_uid,
        summary=meeting.title,
        start=meeting.starts_at.astimezone(zone),
        end=meeting.ends_at.astimezone(zone),
        organizer=organizer,
        attendees=attendees,
        description=meeting.purpose,
        location=meeting.location or meeting.video_url,
        sequence=meeting.ical_sequence,
        url=meeting.video_url,
    )


def meeting_to_ical(
    meeting: Meeting, participants: Iterable[Participant], now: dt.datetime
) -> bytes:
    """The meeting as a VCALENDAR with one VEVENT (``now``, aware, is the DTSTAMP)."""
    data = calendar_meeting(meeting, participants)
    if meeting.status == MeetingStatus.CANCELLED:
        return meeting_cancel_ics(data, stamp=now)
    return meeting_ics(data, stamp=now)


def ical_filename(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}.ics"


def ics_response(
    meeting: Meeting, participants: Iterable[Participant], now: dt.datetime
) -> HttpResponse:
    """The meeting's .ics file as a download."""
    resp = HttpResponse(
        meeting_to_ical(meeting, participants, now), content_type="text/calendar; charset=utf-8"
    )
    resp["Content-Disposition"] = f'attachment; filename="{ical_filename(meeting)}"'
    return resp
