"""One slot search: interval arithmetic on UTC minutes, then ranking.

Required people's and resources' blocked time is merged into one sorted interval set; its gaps
are the common free time. Candidate starts lie on a grid of ``granularity_minutes`` (multiples
of the step counted from 1970-01-01T00:00Z, so 15-minute steps land on :00/:15/:30/:45 in every
zone with a whole-quarter offset). Each candidate is scored with vectorised binary searches.

Ranking, best first: fewer people outside their working hours; fewer soft conflicts (optional
people who are busy plus tentative events); earlier local date in the meeting's zone; fairer
(lower mean squared distance in hours from each person's mid-day, so one person at 07:00 costs
more than two at 10:00); earlier start.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

import numpy as np
from numpy.typing import NDArray

from .availability import (
    PersonTimes,
    SearchFrame,
    check_request,
    occurrence_starts,
    person_times,
    resource_blocked,
    search_frame,
)
from .intervals import (
    IntervalArray,
    complement_intervals,
    contained_in,
    datetime_from_minutes,
    overlaps_any,
    union_intervals,
)
from .model import (
    MeetingParticipant,
    MeetingRequest,
    MeetingResource,
    MeetingSlot,
    ParticipantSlotTime,
)
from .zones import ZoneClock

_DAY = 1440


@dataclass(slots=True)
class SlotSearch:
    request: MeetingRequest
    frame: SearchFrame
    required: list[PersonTimes]
    optional: list[PersonTimes]
    resources: list[IntervalArray]
    meeting_clock: ZoneClock

    def free(
        self, people: Sequence[PersonTimes], resources: Sequence[IntervalArray]
    ) -> IntervalArray:
        blocked = union_intervals([p.blocked for p in people] + list(resources))
        return complement_intervals(blocked, self.frame.low, self.frame.high)

    def grid(self) -> NDArray[np.int64]:
        step = self.frame.step
        first = -(-self.frame.first // step) * step
        if self.frame.last < first:
            return np.zeros(0, dtype=np.int64)
        return np.arange(first, self.frame.last + 1, step, dtype=np.int64)

    def variant(self, request: MeetingRequest, frame: SearchFrame | None = None) -> SlotSearch:
        """The same prepared sets re-selected for ``request`` (a changed list of required,
        optional or resources; the caller keeps ``frame`` consistent with the request)."""
        people = {p.participant.id: p for p in (*self.required, *self.optional)}
        rooms = dict(zip(self.request.resources, self.resources, strict=True))
        return SlotSearch(
            request=request,
            frame=self.frame if frame is None else frame,
            required=[people[i] for i in request.required],
            optional=[people[i] for i in request.optional],
            resources=[rooms[r] for r in request.resources],
            meeting_clock=self.meeting_clock,
        )

    def first_slot(self) -> MeetingSlot | None:
        """The best slot of this search, or ``None``."""
        starts, occurrences = self.feasible(self.required, self.resources)
        if len(starts) == 0:
            return None
        top = self.variant(replace(self.request, max_results=1))
        return rank_slots(top, starts, occurrences)[0]

    def feasible(
        self, people: Sequence[PersonTimes], resources: Sequence[IntervalArray]
    ) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """First-occurrence starts (and all occurrences) where everyone given is free."""
        free = self.free(people, resources)
        starts = self.grid()
        occurrences = occurrence_starts(starts, self.frame, self.meeting_clock)
        ok = np.ones(len(starts), dtype=bool)
        for k in range(occurrences.shape[1]):
            ok &= contained_in(free, occurrences[:, k], self.frame.duration)
        return starts[ok], occurrences[ok]


def prepare_search(
    request: MeetingRequest,
    participants: Sequence[MeetingParticipant],
    now: datetime,
    resources: Sequence[MeetingResource] = (),
) -> SlotSearch:
    """Validate and build every set one search needs."""
    check_request(request, participants, resources)
    frame = search_frame(request, now)
    by_id = {p.id: p for p in participants}
    rooms = {r.id: r for r in resources}
    memo: dict[tuple[object, ...], IntervalArray] = {}
    return SlotSearch(
        request=request,
        frame=frame,
        required=[person_times(by_id[i], request, frame, memo) for i in request.required],
        optional=[person_times(by_id[i], request, frame, memo) for i in request.optional],
        resources=[resource_blocked(rooms[r], frame) for r in request.resources],
        meeting_clock=ZoneClock(request.timezone, frame.low, frame.high),
    )


def rank_slots(
    search: SlotSearch, starts: NDArray[np.int64], occurrences: NDArray[np.int64]
) -> tuple[MeetingSlot, ...]:
    duration = search.frame.duration
    everyone = [*search.required, *search.optional]
    n = len(starts)
    outside = np.zeros((len(everyone), n), dtype=bool)
    tentative = np.zeros((len(everyone), n), dtype=bool)
    busy = np.zeros((len(search.optional), n), dtype=bool)
    # squared minutes, summed exactly in integers so the order of people cannot change ranks
    squares = np.zeros(n, dtype=np.int64)
    for row, person in enumerate(everyone):
        for k in range(occurrences.shape[1]):
            occ = occurrences[:, k]
            outside[row] |= ~contained_in(person.working, occ, duration)
            tentative[row] |= overlaps_any(person.tentative, occ, duration)
            if row >= len(search.required):
                busy[row - len(search.required)] |= overlaps_any(person.blocked, occ, duration)
            local = person.clock.to_local(occ)
            weekday = (local // _DAY + 3) % 7
            middle = local % _DAY + duration // 2
            squares += (middle - person.midday[weekday]) ** 2
    penalty = squares / (3600.0 * len(everyone) * occurrences.shape[1])
    soft = busy.sum(axis=0) + tentative.sum(axis=0)
    day = search.meeting_clock.to_local(starts) // _DAY
    order = np.lexsort((starts, squares, day, soft, outside.sum(axis=0)))
    top = order[: search.request.max_results]
    local_memo: dict[tuple[str, int], datetime] = {}
    return tuple(
        _slot(
            search,
            local_memo,
            everyone,
            rank,
            occurrences[i],
            outside[:, i],
            tentative[:, i],
            busy[:, i],
            float(penalty[i]),
        )
        for rank, i in enumerate(top, start=1)
    )


def _local(memo: dict[tuple[str, int], datetime], person: PersonTimes, minute: int) -> datetime:
    """Local datetime of a UTC minute in the person's zone (many people share a zone)."""
    key = (person.clock.key, minute)
    if key not in memo:
        memo[key] = datetime_from_minutes(minute).astimezone(person.clock.tz)
    return memo[key]


def _slot(
    search: SlotSearch,
    local_memo: dict[tuple[str, int], datetime],
    everyone: list[PersonTimes],
    rank: int,
    occurrences: NDArray[np.int64],
    outside: NDArray[np.bool_],
    tentative: NDArray[np.bool_],
    busy: NDArray[np.bool_],
    penalty: float,
) -> MeetingSlot:
    duration = search.frame.duration
    first = int(occurrences[0])
    start, end = datetime_from_minutes(first), datetime_from_minutes(first + duration)
    ids = [p.participant.id for p in everyone]
    optional_busy = tuple(p.participant.id for p, b in zip(search.optional, busy, strict=True) if b)
    local_times = tuple(
        ParticipantSlotTime(
            participant_id=p.participant.id,
            local_start=_local(local_memo, p, first),
            local_end=_local(local_memo, p, first + duration),
            within_working_hours=not bool(out),
            occurrence_starts=tuple(_local(local_memo, p, int(o)) for o in occurrences),
        )
        for p, out in zip(everyone, outside, strict=True)
    )
    return MeetingSlot(
        start=start,
        end=end,
        occurrences=tuple(
            (datetime_from_minutes(int(o)), datetime_from_minutes(int(o) + duration))
            for o in occurrences
        ),
        free=tuple(i for i in ids if i not in optional_busy),
        optional_busy=optional_busy,
        tentative_conflicts=tuple(i for i, t in zip(ids, tentative, strict=True) if t),
        outside_working_hours=tuple(i for i, o in zip(ids, outside, strict=True) if o),
        local_times=local_times,
        fairness_penalty=round(penalty, 4),
        rank=rank,
    )
