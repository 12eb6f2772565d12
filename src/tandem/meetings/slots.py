"""Find a time for a meeting, the short form: free slots for people over a window, with the
same engine input as the full finder (:mod:`tandem.meetings.finder`)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from tandem.core.errors import ValidationFailed
from tandem.engine.meetings import MeetingRequest, MeetingRequestError, find_meeting_slots

from .finder import participants_for, person_key
from .timezones import check_time_zone
from .working_hours import weekly_hours

__all__ = ["FoundSlot", "find_slots", "weekly_hours"]


@dataclass(frozen=True)
class FoundSlot:
    start: dt.datetime  # aware, in the meeting's zone
    end: dt.datetime
    optional_busy: list[str]
    outside_hours: list[str]


def find_slots(
    people: Sequence[Any],
    *,
    required_ids: Sequence[int],
    duration_minutes: int,
    window_start: dt.datetime,
    window_end: dt.datetime,
    zone: str,
    now: dt.datetime,
    exclude_meeting: int | None = None,
    max_results: int = 5,
) -> list[FoundSlot]:
    """Up to ``max_results`` free slots for ``people`` (``required_ids`` must all be free; the
    others are optional), inside everyone's working hours, avoiding their other Tandem
    meetings. Raises ``ValidationFailed`` when the request cannot be searched."""
    zone = check_time_zone(zone)
    by_id = {person_key(p.pk): p for p in people}
    participants = participants_for(
        people, window_start, window_end, exclude_meeting=exclude_meeting
    )
    request = MeetingRequest(
        duration_minutes=duration_minutes,
        window_start=window_start,
        window_end=window_end,
        required=tuple(person_key(i) for i in required_ids),
        optional=tuple(person_key(p.pk) for p in people if p.pk not in set(required_ids)),
        timezone=zone,
        max_results=max_results,
    )
    try:
        result = find_meeting_slots(request, participants, now=now, explain=False)
    except MeetingRequestError as exc:
        raise ValidationFailed(_("Cannot search for a time: %(exc)s") % {"exc": exc}) from exc

    def names(ids: Sequence[str]) -> list[str]:
        return [str(by_id[i]) for i in ids if i in by_id]

    tz = zoneinfo.ZoneInfo(zone)
    return [
        FoundSlot(
            start=slot.start.astimezone(tz),
            end=slot.end.astimezone(tz),
            optional_busy=names(slot.optional_busy),
            outside_hours=names(slot.outside_working_hours),
        )
        for slot in result.slots
    ]
