"""Data of the meeting-slot finder: participants, busy time, requests and results.

Instants are aware datetimes; internally everything is whole UTC minutes since 1970-01-01T00:00Z
(see :mod:`tandem.engine.meetings.intervals`). Local times of day are minutes from local midnight.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

import numpy as np

from .errors import CalendarFileError, MeetingRequestError
from .intervals import IntervalArray, as_intervals, merge_intervals, minutes_from_datetime

__all__ = [
    "MEETING_DEFAULT_WORKING_WEEK",
    "BusyKind",
    "BusyPeriod",
    "BusyTimes",
    "MeetingBlocker",
    "MeetingRelaxation",
    "MeetingRequest",
    "MeetingResource",
    "MeetingSearchResult",
    "MeetingSlot",
    "MeetingParticipant",
    "ParticipantSlotTime",
    "MeetingWeeklyHours",
]

MeetingWeeklyHours = tuple[tuple[tuple[int, int], ...], ...]
"""Seven entries, Monday first; each a tuple of ``(start, end)`` minutes from local midnight."""

MEETING_DEFAULT_WORKING_WEEK: MeetingWeeklyHours = (((9 * 60, 17 * 60),),) * 5 + ((), ())


class BusyKind(StrEnum):
    """How a busy period counts: ``BUSY`` and ``FOCUS`` block, ``TENTATIVE`` is a soft conflict."""

    BUSY = "busy"
    TENTATIVE = "tentative"
    FOCUS = "focus"


@dataclass(frozen=True, slots=True)
class BusyPeriod:
    """One busy stretch ``[start, end)`` (aware datetimes) with where it came from."""

    start: datetime
    end: datetime
    kind: BusyKind = BusyKind.BUSY
    source: str = ""
    summary: str = ""


@dataclass(frozen=True, slots=True, eq=False)
class BusyTimes:
    """Busy time of one source (a Tandem meeting list, focus blocks, one .ics file) as merged UTC
    minute interval arrays: ``firm`` blocks, ``tentative`` is reported as a soft conflict.

    Build with :meth:`from_periods` or :meth:`from_minutes`, which merge; arrays given directly
    must already be merged (sorted, disjoint, each interval non-empty).
    """

    source: str
    firm: IntervalArray
    tentative: IntervalArray
    count: int = 0

    @classmethod
    def from_periods(cls, source: str, periods: Iterable[BusyPeriod]) -> BusyTimes:
        """Busy times from periods (``BUSY`` and ``FOCUS`` firm, ``TENTATIVE`` soft).

        Start seconds round down and end seconds up to whole minutes; zero-length periods are
        ignored. A naive datetime or an end before the start raises
        :class:`MeetingRequestError` naming the source and the period.
        """
        firm: list[tuple[int, int]] = []
        soft: list[tuple[int, int]] = []
        count = 0
        for period in periods:
            try:
                pair = (
                    minutes_from_datetime(period.start),
                    minutes_from_datetime(period.end, ceil=True),
                )
            except ValueError as exc:
                raise MeetingRequestError(f"{source}: {exc} in {period}", (source,)) from exc
            if pair[1] < pair[0]:
                message = f"{source}: busy period ends before it starts: {period}"
                raise MeetingRequestError(message, (source,))
            (soft if period.kind is BusyKind.TENTATIVE else firm).append(pair)
            count += 1
        return cls.from_minutes(source, firm, soft, count)

    @classmethod
    def from_minutes(
        cls,
        source: str,
        firm: Sequence[tuple[int, int]],
        tentative: Sequence[tuple[int, int]] = (),
        count: int | None = None,
    ) -> BusyTimes:
        """Busy times from ``(start, end)`` UTC minute pairs."""
        return cls(
            source=source,
            firm=merge_intervals(as_intervals(list(firm))),
            tentative=merge_intervals(as_intervals(list(tentative))),
            count=len(firm) + len(tentative) if count is None else count,
        )

    def __post_init__(self) -> None:
        # the search relies on binary search, so unsorted or overlapping input must not pass
        for arr in (self.firm, self.tentative):
            if arr.dtype != np.int64 or arr.ndim != 2 or arr.shape[1] != 2:
                message = f"busy times of {self.source!r} must be (n, 2) int64"
                raise MeetingRequestError(message, (self.source,))
            if not (np.all(arr[:, 1] > arr[:, 0]) and np.all(arr[1:, 0] > arr[:-1, 1])):
                message = (
                    f"busy times of {self.source!r} must be merged: sorted, disjoint, non-empty"
                )
                raise MeetingRequestError(message, (self.source,))


@dataclass(frozen=True, slots=True)
class MeetingParticipant:
    """A person who may attend.

    ``working_hours`` is local time in ``timezone`` (an IANA key), split shifts allowed;
    ``days_off`` are local dates with no working time (holidays, leave). ``busy`` holds every
    source of busy time; ``source_errors`` are calendars that could not be read: the finder goes on
    without them and reports them. ``earliest``/``latest`` (minutes from local midnight) bound
    when this person may be booked at all, whatever the working hours.
    """

    id: str
    timezone: str = "UTC"
    working_hours: MeetingWeeklyHours = MEETING_DEFAULT_WORKING_WEEK
    days_off: frozenset[date] = frozenset()
    busy: tuple[BusyTimes, ...] = ()
    source_errors: tuple[CalendarFileError, ...] = ()
    earliest: int | None = None
    latest: int | None = None
    name: str = ""


@dataclass(frozen=True, slots=True)
class MeetingResource:
    """A room or other resource that must be free for the whole meeting (tentative bookings
    count as booked). ``source_errors`` are calendars of it that could not be read."""

    id: str
    busy: tuple[BusyTimes, ...] = ()
    name: str = ""
    source_errors: tuple[CalendarFileError, ...] = ()


@dataclass(frozen=True, slots=True)
class MeetingRequest:
    """What to find.

    The first occurrence starts in ``[window_start, window_end - duration]`` and no earlier than
    ``now + min_notice_minutes``. ``buffer_minutes`` must stay free before and after the meeting
    for required people (gap to their other busy time). ``earliest``/``latest`` (minutes from
    local midnight) apply in every participant's own zone. ``within_working_hours`` makes working
    hours a hard rule for required people (otherwise slots outside them rank last). With
    ``occurrences > 1`` the meeting repeats every ``interval_weeks`` weeks at the same wall time in
    ``timezone`` (so across DST its UTC time moves) and every occurrence must fit.
    ``tentative_blocks`` makes tentative events block like busy ones.
    """

    duration_minutes: int
    window_start: datetime
    window_end: datetime
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    resources: tuple[str, ...] = ()
    min_notice_minutes: int = 0
    buffer_minutes: int = 0
    granularity_minutes: int = 15
    earliest: int | None = None
    latest: int | None = None
    within_working_hours: bool = True
    tentative_blocks: bool = False
    occurrences: int = 1
    interval_weeks: int = 1
    timezone: str = "UTC"
    max_results: int = 10


@dataclass(frozen=True, slots=True)
class ParticipantSlotTime:
    """One participant's view of a slot: local start and end of the first occurrence, whether
    every occurrence is in their working hours, and the local start of each occurrence (for a
    recurring meeting these move when this person's zone and the meeting's zone change DST on
    different dates)."""

    participant_id: str
    local_start: datetime
    local_end: datetime
    within_working_hours: bool
    occurrence_starts: tuple[datetime, ...] = ()


@dataclass(frozen=True, slots=True)
class MeetingSlot:
    """A candidate slot (its first occurrence; all of them in ``occurrences``, UTC).

    ``free`` lists everyone who can attend (required ones always do); ``optional_busy`` optional
    people who cannot; ``tentative_conflicts`` people with a tentative event in the slot;
    ``outside_working_hours`` people for whom some occurrence is outside their hours.
    ``fairness_penalty`` is the mean over people and occurrences of the squared distance in hours
    from each person's mid-day (lower is fairer).
    """

    start: datetime
    end: datetime
    occurrences: tuple[tuple[datetime, datetime], ...]
    free: tuple[str, ...]
    optional_busy: tuple[str, ...]
    tentative_conflicts: tuple[str, ...]
    outside_working_hours: tuple[str, ...]
    local_times: tuple[ParticipantSlotTime, ...]
    fairness_penalty: float
    rank: int


@dataclass(frozen=True, slots=True)
class MeetingBlocker:
    """Why no slot exists: ``kind`` is ``"participant"`` (the message says whether busy time or
    working hours / time-of-day limits block), ``"resource"``, ``"notice"``, ``"window"`` or
    ``"combination"`` (required people and resources free alone but never together);
    ``subject`` names the person, resource or constraint. ``message`` is English for the command
    line; an application words the blocker itself from the stable ``code`` and its values:

    - ``"participant_busy"``, ``"participant_outside_times_of_day"``,
      ``"participant_no_working_time"``: ``subjects`` is the person's id;
    - ``"resource_booked"``: ``subjects`` is the resource's id;
    - ``"notice_leaves_no_start"``: ``notice_minutes`` of notice leave no start;
    - ``"window_too_short"``: the window is shorter than the meeting;
    - ``"no_common_slot"``: ``subjects`` (people's then resources' ids) share no slot.

    ``minutes`` is the meeting's length in every case.
    """

    kind: str
    subject: str
    message: str
    code: str = ""
    subjects: tuple[str, ...] = ()
    minutes: int | None = None
    notice_minutes: int | None = None


@dataclass(frozen=True, slots=True)
class MeetingRelaxation:
    """A change to the request that was re-run and yields ``first_slot``.

    ``kind``: ``"make_optional"`` (``participant_id``), ``"drop_resource"`` (``resource_id``),
    ``"extend_window"`` (by ``minutes``), ``"shorten_meeting"`` (to ``minutes``),
    ``"ignore_working_hours"``, ``"ignore_time_of_day"`` or ``"fewer_occurrences"`` (to
    ``occurrences``) when no slot exists; ``"drop_optional"`` (``participant_id``) when slots
    exist but none suits every optional person, and leaving that one out gives a slot that
    suits all the others. ``kind`` is the stable code an application words the relaxation by
    (with the ids above resolved to names); ``description`` is English for the command line.
    """

    kind: str
    description: str
    first_slot: MeetingSlot
    participant_id: str | None = None
    resource_id: str | None = None
    minutes: int | None = None
    occurrences: int | None = None


@dataclass(frozen=True, slots=True)
class MeetingSearchResult:
    """Ranked slots (best first); when empty, ``blockers`` and verified ``relaxations`` (also
    ``drop_optional`` ones when slots exist but each misses some optional person)."""

    slots: tuple[MeetingSlot, ...]
    blockers: tuple[MeetingBlocker, ...] = ()
    relaxations: tuple[MeetingRelaxation, ...] = ()
    source_errors: tuple[CalendarFileError, ...] = ()
    candidates_considered: int = 0
    warnings: tuple[str, ...] = field(default=())
