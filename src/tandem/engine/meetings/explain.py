"""Why no slot exists, and the nearest changes that make one exist.

Every relaxation is verified by searching again: the prepared per-person sets are reused where
the change cannot alter them (moving a person to optional, dropping a resource, a shorter meeting,
fewer occurrences, a longer window searched on sets prepared for the longest extension tried);
dropping working hours or time-of-day limits prepares the search anew.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta

import numpy as np
from numpy.typing import NDArray

from .availability import PersonTimes, occurrence_starts
from .intervals import datetime_from_minutes, minutes_from_datetime, overlaps_any
from .model import (
    MeetingBlocker,
    MeetingParticipant,
    MeetingRelaxation,
    MeetingResource,
    MeetingSlot,
)
from .search import SlotSearch, prepare_search

_DAY = 1440
_EXTENSIONS_DAYS = (1, 2, 4, 7, 14, 28, 56)


def explain_no_slot(
    search: SlotSearch,
    participants: Sequence[MeetingParticipant],
    now: datetime,
    resources: Sequence[MeetingResource],
) -> tuple[tuple[MeetingBlocker, ...], tuple[MeetingRelaxation, ...]]:
    """Blockers of a search that found nothing, and verified relaxations (the nearest of each
    kind: the smallest window extension, the longest shorter meeting, the most occurrences)."""
    relaxations = [
        *_drop_one(search),
        *_ignore_limits(search, participants, now, resources),
        *_extend_window(search, participants, now, resources),
        *_shorten(search),
        *_fewer_occurrences(search),
    ]
    return _blockers(search), tuple(relaxations)


def drop_optional_relaxations(
    search: SlotSearch, starts: NDArray[np.int64], occurrences: NDArray[np.int64]
) -> tuple[MeetingRelaxation, ...]:
    """When slots exist but none suits every optional person: each optional person whose absence
    leaves a slot that suits all the others (verified by searching without them)."""
    request = search.request
    if not search.optional or len(starts) == 0:
        return ()
    busy = np.zeros((len(search.optional), len(starts)), dtype=bool)
    for row, person in enumerate(search.optional):
        for k in range(occurrences.shape[1]):
            busy[row] |= overlaps_any(person.blocked, occurrences[:, k], search.frame.duration)
    counts = busy.sum(axis=0)
    if (counts == 0).any():
        return ()
    found: list[MeetingRelaxation] = []
    for row, person in sorted(enumerate(search.optional), key=lambda item: item[1].participant.id):
        if not (busy[row] & (counts == 1)).any():
            continue
        pid = person.participant.id
        variant = replace(request, optional=tuple(i for i in request.optional if i != pid))
        slot = search.variant(variant).first_slot()
        if slot is not None and not slot.optional_busy:
            found.append(
                MeetingRelaxation(
                    "drop_optional", f"leave out {_who(person)}", slot, participant_id=pid
                )
            )
    return tuple(found)


def _blocked_matrix(search: SlotSearch) -> NDArray[np.bool_]:
    """Row per required person then per resource: is each grid start blocked for them?"""
    starts = search.grid()
    occurrences = occurrence_starts(starts, search.frame, search.meeting_clock)
    sets = [p.blocked for p in search.required] + list(search.resources)
    matrix = np.zeros((len(sets), len(starts)), dtype=bool)
    for row, blocked in enumerate(sets):
        for k in range(occurrences.shape[1]):
            matrix[row] |= overlaps_any(blocked, occurrences[:, k], search.frame.duration)
    return matrix


def _blockers(search: SlotSearch) -> tuple[MeetingBlocker, ...]:
    request, frame = search.request, search.frame
    if len(search.grid()) == 0:
        if request.min_notice_minutes > 0:
            message = (
                f"{request.min_notice_minutes} min notice leaves no start in the window "
                f"for a {frame.duration}-minute meeting"
            )
            return (
                MeetingBlocker(
                    "notice",
                    "min_notice_minutes",
                    message,
                    code="notice_leaves_no_start",
                    minutes=frame.duration,
                    notice_minutes=request.min_notice_minutes,
                ),
            )
        message = f"the window is shorter than the {frame.duration}-minute meeting"
        return (
            MeetingBlocker(
                "window", "window", message, code="window_too_short", minutes=frame.duration
            ),
        )
    matrix = _blocked_matrix(search)
    names = [p.participant.id for p in search.required] + list(request.resources)
    # rows in id order (people, then resources) so the answer ignores the order of the request
    rows = sorted(range(len(search.required)), key=lambda r: names[r]) + sorted(
        range(len(search.required), len(names)), key=lambda r: names[r]
    )
    found: list[MeetingBlocker] = []
    for row in rows:
        if not matrix[row].all():
            continue
        if row < len(search.required):
            found.append(_person_blocker(search, search.required[row]))
        else:
            message = f"resource {names[row]} is booked at every possible start"
            found.append(
                MeetingBlocker(
                    "resource",
                    names[row],
                    message,
                    code="resource_booked",
                    subjects=(names[row],),
                    minutes=frame.duration,
                )
            )
    if found:
        return tuple(found)
    covered = np.zeros(matrix.shape[1], dtype=bool)
    culprits: list[str] = []
    shown = {p.participant.id: _who(p) for p in search.required}
    for row in rows:  # the shortest prefix that leaves no common start
        covered |= matrix[row]
        culprits.append(names[row])
        if covered.all():
            break
    message = (
        f"each is free on their own, but {', '.join(shown.get(c, c) for c in culprits)} share no "
        f"{frame.duration}-minute slot in the window"
    )
    return (
        MeetingBlocker(
            "combination",
            ", ".join(culprits),
            message,
            code="no_common_slot",
            subjects=tuple(culprits),
            minutes=frame.duration,
        ),
    )


def _person_blocker(search: SlotSearch, person: PersonTimes) -> MeetingBlocker:
    """Name what blocks one person: busy time, the time-of-day limits, or working hours."""
    pid, request = person.participant.id, search.request
    now = datetime_from_minutes(search.frame.first) - timedelta(minutes=request.min_notice_minutes)
    alone = replace(request, required=(pid,), optional=(), resources=())
    idle = replace(person.participant, busy=())
    unlimited = replace(idle, earliest=None, latest=None)
    if prepare_search(alone, [idle], now).first_slot() is not None:
        code, reason = "participant_busy", "is busy"
    elif (
        prepare_search(replace(alone, earliest=None, latest=None), [unlimited], now).first_slot()
        is not None
    ):
        code = "participant_outside_times_of_day"
        reason = "has no working time within the allowed times of day"
    else:
        code = "participant_no_working_time"
        reason = "has no working time long enough (working hours, days off)"
    message = f"{_who(person)} {reason} for {search.frame.duration} minutes at every possible start"
    return MeetingBlocker(
        "participant",
        pid,
        message,
        code=code,
        subjects=(pid,),
        minutes=search.frame.duration,
    )


def _drop_one(search: SlotSearch) -> list[MeetingRelaxation]:
    """Make one required person optional, or do without one resource; only the rows that are
    the sole blocker of some start can help, and those are searched again."""
    request = search.request
    if len(search.grid()) == 0:
        return []
    matrix = _blocked_matrix(search)
    sole = matrix & (matrix.sum(axis=0) == 1)
    found: list[MeetingRelaxation] = []
    names = {p.participant.id: _who(p) for p in search.required}
    for row, pid in sorted(enumerate(request.required), key=lambda item: item[1]):
        if len(request.required) < 2 or not sole[row].any():
            continue
        variant = replace(
            request,
            required=tuple(i for i in request.required if i != pid),
            optional=(*request.optional, pid),
        )
        slot = search.variant(variant).first_slot()
        if slot is not None:
            found.append(
                MeetingRelaxation(
                    "make_optional", f"make {names[pid]} optional", slot, participant_id=pid
                )
            )
    for offset, rid in sorted(enumerate(request.resources), key=lambda item: item[1]):
        if not sole[len(request.required) + offset].any():
            continue
        variant = replace(request, resources=tuple(r for r in request.resources if r != rid))
        slot = search.variant(variant).first_slot()
        if slot is not None:
            found.append(
                MeetingRelaxation("drop_resource", f"do without {rid}", slot, resource_id=rid)
            )
    return found


def _ignore_limits(
    search: SlotSearch,
    participants: Sequence[MeetingParticipant],
    now: datetime,
    resources: Sequence[MeetingResource],
) -> list[MeetingRelaxation]:
    request = search.request
    found: list[MeetingRelaxation] = []
    if request.within_working_hours:
        variant = replace(request, within_working_hours=False)
        slot = prepare_search(variant, participants, now, resources).first_slot()
        if slot is not None:
            found.append(
                MeetingRelaxation("ignore_working_hours", "allow times outside working hours", slot)
            )
    if request.earliest is not None or request.latest is not None:
        variant = replace(request, earliest=None, latest=None)
        slot = prepare_search(variant, participants, now, resources).first_slot()
        if slot is not None:
            found.append(
                MeetingRelaxation(
                    "ignore_time_of_day", "drop the earliest/latest time of day", slot
                )
            )
    return found


def _extend_window(
    search: SlotSearch,
    participants: Sequence[MeetingParticipant],
    now: datetime,
    resources: Sequence[MeetingResource],
) -> list[MeetingRelaxation]:
    request = search.request
    longest = _EXTENSIONS_DAYS[-1] * _DAY
    wide = prepare_search(
        replace(request, window_end=request.window_end + timedelta(minutes=longest)),
        participants,
        now,
        resources,
    )
    end = minutes_from_datetime(request.window_end)

    def attempt(minutes: int) -> SlotSearch:
        variant = replace(request, window_end=request.window_end + timedelta(minutes=minutes))
        return wide.variant(
            variant, replace(wide.frame, last=end + minutes - request.duration_minutes)
        )

    low, high, slot = 0, None, None
    for days in _EXTENSIONS_DAYS:
        slot = attempt(days * _DAY).first_slot()
        if slot is not None:
            high = days * _DAY
            break
        low = days * _DAY
    if high is None or slot is None:
        return []
    step = request.granularity_minutes
    while high - low > step:  # the smallest extension, to the step
        middle = (low + high) // 2 // step * step
        if middle <= low:
            break
        candidate = attempt(middle).first_slot()
        if candidate is not None:
            high, slot = middle, candidate
        else:
            low = middle
    return [
        MeetingRelaxation(
            "extend_window", f"extend the window by {_span(high)}", slot, minutes=high
        )
    ]


def _shorten(search: SlotSearch) -> list[MeetingRelaxation]:
    request, frame = search.request, search.frame
    step = request.granularity_minutes
    lengths = list(range(step, request.duration_minutes, step))
    best: tuple[int, MeetingSlot] | None = None

    def attempt(length: int) -> SlotSearch:
        shorter = replace(frame, duration=length, last=frame.last + frame.duration - length)
        return search.variant(replace(request, duration_minutes=length), shorter)

    low, high = 0, len(lengths) - 1
    while low <= high:  # fitting is monotone: a shorter meeting fits wherever a longer one does
        middle = (low + high) // 2
        slot = attempt(lengths[middle]).first_slot()
        if slot is not None:
            best, low = (lengths[middle], slot), middle + 1
        else:
            high = middle - 1
    if best is None:
        return []
    length, first = best
    description = f"shorten the meeting to {length} min"
    return [MeetingRelaxation("shorten_meeting", description, first, minutes=length)]


def _fewer_occurrences(search: SlotSearch) -> list[MeetingRelaxation]:
    request = search.request
    for count in range(request.occurrences - 1, 0, -1):
        variant = replace(request, occurrences=count)
        slot = search.variant(variant, replace(search.frame, occurrences=count)).first_slot()
        if slot is not None:
            description = f"book {count} occurrences"
            return [MeetingRelaxation("fewer_occurrences", description, slot, occurrences=count)]
    return []


def _who(person: PersonTimes) -> str:
    """A person as the English texts name them: their name, else their id."""
    return person.participant.name or person.participant.id


def _span(minutes: int) -> str:
    days, rest = divmod(minutes, _DAY)
    hours, mins = divmod(rest, 60)
    parts = [
        f"{days} d" if days else "",
        f"{hours} h" if hours else "",
        f"{mins} min" if mins else "",
    ]
    return " ".join(p for p in parts if p) or "0 min"
