"""Per-person and per-resource availability for one search, as merged UTC minute intervals."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
from numpy.typing import NDArray

from .errors import MeetingRequestError
from .intervals import (
    IntervalArray,
    clip_intervals,
    complement_intervals,
    expand_intervals,
    minutes_from_datetime,
    union_intervals,
)
from .model import MeetingParticipant, MeetingRequest, MeetingResource, MeetingWeeklyHours
from .zones import ZoneClock, local_date_intervals, weekly_intervals, zone

_DAY = 1440
_WEEK = 7 * _DAY


@dataclass(frozen=True, slots=True)
class SearchFrame:
    """The minutes one search looks at.

    ``first``/``last``: bounds for the first occurrence's start; ``low``/``high``: everything any
    occurrence, buffer or local day can touch.
    """

    first: int
    last: int
    low: int
    high: int
    duration: int
    step: int
    occurrence_shift: int  # wall-clock minutes between occurrences
    occurrences: int


@dataclass(frozen=True, slots=True)
class PersonTimes:
    """One participant's sets for one search (all merged, clipped to the frame)."""

    participant: MeetingParticipant
    clock: ZoneClock
    working: IntervalArray  # working hours minus days off
    blocked: IntervalArray  # everything that stops this person from attending
    tentative: IntervalArray
    midday: NDArray[np.int64]  # per weekday (Monday first), minutes from local midnight


def _minutes(value: datetime, what: str, *, ceil: bool = False) -> int:
    try:
        return minutes_from_datetime(value, ceil=ceil)
    except (ValueError, TypeError, AttributeError) as exc:
        raise MeetingRequestError(
            f"{what} must be an aware datetime, got {value!r}", (what,)
        ) from exc


def search_frame(request: MeetingRequest, now: datetime) -> SearchFrame:
    """Minute bounds of a request (validated elsewhere)."""
    start = _minutes(request.window_start, "window_start", ceil=True)
    end = _minutes(request.window_end, "window_end")
    earliest = _minutes(now + timedelta(minutes=request.min_notice_minutes), "now", ceil=True)
    shift = request.interval_weeks * _WEEK
    span = (request.occurrences - 1) * shift
    margin = 2 * _DAY + request.buffer_minutes
    return SearchFrame(
        first=max(start, earliest),
        last=end - request.duration_minutes,
        low=min(max(start, earliest), end) - margin,
        high=end + span + margin,
        duration=request.duration_minutes,
        step=request.granularity_minutes,
        occurrence_shift=shift,
        occurrences=request.occurrences,
    )


def _time_of_day_week(earliest: int | None, latest: int | None) -> MeetingWeeklyHours | None:
    if earliest is None and latest is None:
        return None
    return (((earliest or 0, _DAY if latest is None else latest),),) * 7


def _bounds(
    participant: MeetingParticipant, request: MeetingRequest
) -> tuple[int | None, int | None]:
    earliest = [v for v in (participant.earliest, request.earliest) if v is not None]
    latest = [v for v in (participant.latest, request.latest) if v is not None]
    return (max(earliest) if earliest else None, min(latest) if latest else None)


def _midday(week: MeetingWeeklyHours) -> NDArray[np.int64]:
    """Middle of each weekday's working span; 12:30 on days without working hours."""
    return np.asarray(
        [(day[0][0] + day[-1][1]) // 2 if day else 750 for day in (sorted(d) for d in week)],
        dtype=np.int64,
    )


def person_times(
    participant: MeetingParticipant,
    request: MeetingRequest,
    frame: SearchFrame,
    memo: dict[tuple[object, ...], IntervalArray],
) -> PersonTimes:
    """Working, blocked and tentative sets of one participant.

    Blocked = firm busy (plus tentative when ``request.tentative_blocks``) widened by the buffer,
    days off, time outside ``earliest``/``latest``, and time outside working hours when
    ``request.within_working_hours``. ``memo`` shares identical working-hour patterns within one
    search.
    """
    low, high = frame.low, frame.high
    clock = ZoneClock(participant.timezone, low, high)
    key = ("work", participant.timezone, participant.working_hours, participant.days_off)
    if key not in memo:
        memo[key] = clip_intervals(
            weekly_intervals(clock, low, high, participant.working_hours, participant.days_off),
            low,
            high,
        )
    working = memo[key]
    busy = [clip_intervals(times.firm, low, high) for times in participant.busy]
    tentative = union_intervals([clip_intervals(t.tentative, low, high) for t in participant.busy])
    if request.tentative_blocks:
        busy.append(tentative)
    pad = request.buffer_minutes
    parts = [expand_intervals(b, pad, pad) for b in busy]
    if request.within_working_hours:
        parts.append(complement_intervals(working, low, high))
    elif participant.days_off:
        parts.append(local_date_intervals(clock, participant.days_off))
    week = _time_of_day_week(*_bounds(participant, request))
    if week is not None:
        allowed = weekly_intervals(clock, low, high, week)
        parts.append(complement_intervals(allowed, low, high))
    blocked = clip_intervals(union_intervals(parts), low, high)
    return PersonTimes(
        participant, clock, working, blocked, tentative, _midday(participant.working_hours)
    )


def resource_blocked(resource: MeetingResource, frame: SearchFrame) -> IntervalArray:
    """Everything that books a resource (firm and tentative) inside the frame."""
    parts = [clip_intervals(t.firm, frame.low, frame.high) for t in resource.busy]
    parts += [clip_intervals(t.tentative, frame.low, frame.high) for t in resource.busy]
    return union_intervals(parts)


def occurrence_starts(
    starts: NDArray[np.int64], frame: SearchFrame, meeting_clock: ZoneClock
) -> NDArray[np.int64]:
    """``(len(starts), occurrences)`` UTC starts: the same wall time in the meeting's zone every
    ``interval_weeks`` weeks (a wall time that occurs twice takes its first instant, one that
    does not exist moves forward by the gap)."""
    if frame.occurrences == 1:
        return starts[:, None]
    local = meeting_clock.to_local(starts)
    shifts = np.arange(frame.occurrences, dtype=np.int64) * frame.occurrence_shift
    occurrences = meeting_clock.to_utc(local[:, None] + shifts[None, :])
    # the first occurrence is the candidate itself, also in the repeated hour when clocks go back
    occurrences[:, 0] = starts
    return occurrences


def check_request(
    request: MeetingRequest,
    participants: Sequence[MeetingParticipant],
    resources: Sequence[MeetingResource],
) -> None:
    """Raise :class:`MeetingRequestError` naming whatever is invalid."""
    _check_numbers(request)
    known = {p.id for p in participants}
    if len(known) != len(participants):
        raise MeetingRequestError("participant ids must be unique")
    wanted = [*request.required, *request.optional]
    if not wanted:
        raise MeetingRequestError("a meeting needs at least one participant")
    unknown = tuple(i for i in wanted if i not in known)
    if unknown:
        raise MeetingRequestError(f"unknown participants: {', '.join(unknown)}", unknown)
    twice = tuple(sorted({i for i in wanted if wanted.count(i) > 1}))
    if twice:
        raise MeetingRequestError(f"listed more than once: {', '.join(twice)}", twice)
    rooms = {r.id for r in resources}
    missing = tuple(r for r in request.resources if r not in rooms)
    if missing:
        raise MeetingRequestError(f"unknown resources: {', '.join(missing)}", missing)
    zone(request.timezone)
    for person in participants:
        if person.id in wanted:
            _check_person(person)


def _check_numbers(request: MeetingRequest) -> None:
    positive = {
        "duration_minutes": request.duration_minutes,
        "granularity_minutes": request.granularity_minutes,
        "occurrences": request.occurrences,
        "interval_weeks": request.interval_weeks,
        "max_results": request.max_results,
    }
    bad = tuple(name for name, value in positive.items() if value < 1)
    bad += tuple(
        name
        for name, value in (
            ("buffer_minutes", request.buffer_minutes),
            ("min_notice_minutes", request.min_notice_minutes),
        )
        if value < 0
    )
    if bad:
        raise MeetingRequestError(f"out of range: {', '.join(bad)}", bad)
    if _minutes(request.window_end, "window_end") <= _minutes(request.window_start, "window_start"):
        raise MeetingRequestError("window_end must be after window_start", ("window_end",))
    _check_time_of_day("request", request.earliest, request.latest)


def _check_time_of_day(owner: str, earliest: int | None, latest: int | None) -> None:
    for value in (earliest, latest):
        if value is not None and not 0 <= value <= _DAY:
            raise MeetingRequestError(f"{owner}: time of day {value} not in 0..1440", (owner,))
    if earliest is not None and latest is not None and earliest >= latest:
        raise MeetingRequestError(
            f"{owner}: earliest {earliest} not before latest {latest}", (owner,)
        )


def _check_person(person: MeetingParticipant) -> None:
    zone(person.timezone)
    _check_time_of_day(person.id, person.earliest, person.latest)
    hours = person.working_hours
    if len(hours) != 7 or any(not 0 <= start < end <= _DAY for day in hours for start, end in day):
        raise MeetingRequestError(
            f"{person.id}: working hours need 7 days of (start, end) with 0 <= start < end <= 1440",
            (person.id,),
        )
