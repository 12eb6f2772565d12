"""Find a time for a meeting: people's zones, working hours and Tandem meetings go to the
engine's slot finder (``tandem.engine.meetings``); ranked slots come back."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tandem.core.errors import ValidationFailed
from tandem.engine.meetings import (
    MEETING_DEFAULT_WORKING_WEEK,
    BusyPeriod,
    BusyTimes,
    MeetingParticipant,
    MeetingRequest,
    MeetingRequestError,
    MeetingWeeklyHours,
    find_meeting_slots,
)

from .queries import busy_intervals
from .timezones import check_time_zone

_HHMM = re.compile(r"^([01]\d|2[0-4]):([0-5]\d)$")


@dataclass(frozen=True)
class FoundSlot:
    start: dt.datetime  # aware, in the meeting's zone
    end: dt.datetime
    optional_busy: list[str]
    outside_hours: list[str]


def _minutes(text: Any, who: str) -> int:
    found = _HHMM.match(text) if isinstance(text, str) else None
    if not found:
        raise ValidationFailed(
            f"Working hours of {who} hold {text!r}; times look like 09:00.",
            fields={"required_people": [f"Working hours of {who} are not readable."]},
        )
    return int(found.group(1)) * 60 + int(found.group(2))


def weekly_hours(working_hours: Any, who: str) -> MeetingWeeklyHours:
    """``{"1": [["09:00", "17:00"]], ...}`` (ISO weekday -> spans) as the engine's week,
    Monday first. Missing days have no working time; an empty or missing value means 9 to 5
    on weekdays."""
    if not working_hours:
        return MEETING_DEFAULT_WORKING_WEEK
    if not isinstance(working_hours, dict):
        raise ValidationFailed(f"Working hours of {who} are not readable.")
    week: list[tuple[tuple[int, int], ...]] = []
    for day in range(1, 8):
        spans = working_hours.get(str(day)) or []
        week.append(tuple((_minutes(s[0], who), _minutes(s[1], who)) for s in spans))
    return tuple(week)


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
    by_id = {str(p.pk): p for p in people}
    busy = busy_intervals(
        [p.pk for p in people], window_start, window_end, exclude_meeting=exclude_meeting
    )
    participants = [
        MeetingParticipant(
            id=str(p.pk),
            timezone=p.time_zone,
            working_hours=weekly_hours(p.working_hours, str(p)),
            busy=(
                BusyTimes.from_periods(
                    "tandem", [BusyPeriod(start=s, end=e) for s, e in busy.get(p.pk, [])]
                ),
            ),
            name=str(p),
        )
        for p in people
    ]
    request = MeetingRequest(
        duration_minutes=duration_minutes,
        window_start=window_start,
        window_end=window_end,
        required=tuple(str(i) for i in required_ids),
        optional=tuple(str(p.pk) for p in people if p.pk not in set(required_ids)),
        timezone=zone,
        max_results=max_results,
    )
    try:
        result = find_meeting_slots(request, participants, now=now, explain=False)
    except MeetingRequestError as exc:
        raise ValidationFailed(f"Cannot search for a time: {exc}") from exc

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
