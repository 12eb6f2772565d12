"""Why no slot exists, and the nearest changes that make one exist (each verified by a search)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from .availability import PersonTimes
from .intervals import IntervalArray, datetime_from_minutes
from .model import (
    MeetingBlocker,
    MeetingRelaxation,
    MeetingRequest,
    MeetingResource,
    MeetingSlot,
    Participant,
)
from .search import SlotSearch, prepare_search, rank_slots

_DAY = 1440
_EXTENSIONS_DAYS = (1, 2, 4, 7, 14, 28, 56)


def _first_slot(
    request: MeetingRequest,
    participants: Sequence[Participant],
    now: datetime,
    resources: Sequence[MeetingResource],
) -> MeetingSlot | None:
    search = prepare_search(replace(request, max_results=1), participants, now, resources)
    starts, occurrences = search.feasible(search.required, search.resources)
    if len(starts) == 0:
        return None
    return rank_slots(search, starts, occurrences)[0]


def explain_no_slot(
    search: SlotSearch,
    participants: Sequence[Participant],
    now: datetime,
    resources: Sequence[MeetingResource],
) -> tuple[tuple[MeetingBlocker, ...], tuple[MeetingRelaxation, ...]]:
    """Blockers of a search that found nothing, and verified relaxations (nearest first within
    each kind: the smallest window extension, the longest shorter meeting)."""

    def rerun(variant: MeetingRequest) -> MeetingSlot | None:
        return _first_slot(variant, participants, now, resources)

    return _blockers(search), _relaxations(search.request, rerun)


def _blockers(search: SlotSearch) -> tuple[MeetingBlocker, ...]:
    request, frame = search.request, search.frame
    if len(search.grid()) == 0:
        if frame.first > frame.last and request.min_notice_minutes > 0:
            return (
                MeetingBlocker(
                    "notice",
                    "min_notice_minutes",
                    f"{request.min_notice_minutes} min notice leaves no start "
                    f"in the window for a {frame.duration}-minute meeting",
                ),
            )
        return (
            MeetingBlocker(
                "window",
                "window",
                f"the window is shorter than the {frame.duration}-minute meeting",
            ),
        )
    found = [_person_blocker(search, person) for person in search.required]
    found += [
        MeetingBlocker("resource", rid, f"resource {rid} is booked for the whole window")
        for rid, blocked in zip(request.resources, search.resources, strict=True)
        if len(search.feasible([], [blocked])[0]) == 0
    ]
    blockers = [b for b in found if b is not None]
    if blockers:
        return tuple(blockers)
    return (_combination(search),)


def _person_blocker(search: SlotSearch, person: PersonTimes) -> MeetingBlocker | None:
    if len(search.feasible([person], [])[0]) > 0:
        return None
    pid = person.participant.id
    idle = prepare_search(
        replace(search.request, required=(pid,), optional=(), resources=()),
        [replace(person.participant, busy=())],
        _now_for(search),
    )
    if len(idle.feasible(idle.required, [])[0]) > 0:
        reason = "is busy"
    elif (
        search.request.earliest is not None
        or search.request.latest is not None
        or person.participant.earliest is not None
        or person.participant.latest is not None
    ):
        reason = "has no working time within the allowed times of day"
    else:
        reason = "has no working time (working hours, days off)"
    return MeetingBlocker(
        "participant",
        pid,
        f"{pid} {reason} for {search.frame.duration} minutes anywhere in the window",
    )


def _now_for(search: SlotSearch) -> datetime:
    """A ``now`` reproducing the search's first allowed start, for derived searches."""
    return datetime_from_minutes(search.frame.first) - timedelta(
        minutes=search.request.min_notice_minutes
    )


def _combination(search: SlotSearch) -> MeetingBlocker:
    """The shortest prefix of required people (then resources) with no common time."""
    people: list[PersonTimes] = []
    for person in search.required:
        people.append(person)
        if len(search.feasible(people, [])[0]) == 0:
            break
    rooms: list[IntervalArray] = []
    names = [p.participant.id for p in people]
    if len(search.feasible(people, [])[0]) > 0:
        for rid, blocked in zip(search.request.resources, search.resources, strict=True):
            rooms.append(blocked)
            names.append(rid)
            if len(search.feasible(people, rooms)[0]) == 0:
                break
    return MeetingBlocker(
        "combination",
        ", ".join(names),
        f"each is free on their own, but {', '.join(names)} share no "
        f"{search.frame.duration}-minute slot in the window",
    )


def _relaxations(
    request: MeetingRequest, rerun: Callable[[MeetingRequest], MeetingSlot | None]
) -> tuple[MeetingRelaxation, ...]:
    found: list[MeetingRelaxation] = []
    if len(request.required) > 1:
        for pid in request.required:
            variant = replace(
                request,
                required=tuple(i for i in request.required if i != pid),
                optional=(*request.optional, pid),
            )
            slot = rerun(variant)
            if slot is not None:
                found.append(
                    MeetingRelaxation(
                        "make_optional", f"make {pid} optional", slot, participant_id=pid
                    )
                )
    for rid in request.resources:
        slot = rerun(replace(request, resources=tuple(r for r in request.resources if r != rid)))
        if slot is not None:
            found.append(
                MeetingRelaxation("drop_resource", f"do without {rid}", slot, resource_id=rid)
            )
    if request.within_working_hours:
        slot = rerun(replace(request, within_working_hours=False))
        if slot is not None:
            found.append(
                MeetingRelaxation("ignore_working_hours", "allow times outside working hours", slot)
            )
    if request.earliest is not None or request.latest is not None:
        slot = rerun(replace(request, earliest=None, latest=None))
        if slot is not None:
            found.append(
                MeetingRelaxation(
                    "ignore_time_of_day", "drop the earliest/latest time of day", slot
                )
            )
    found += _extend_window(request, rerun)
    found += _shorten(request, rerun)
    return tuple(found)


def _extend_window(
    request: MeetingRequest, rerun: Callable[[MeetingRequest], MeetingSlot | None]
) -> list[MeetingRelaxation]:
    def extended(minutes: int) -> MeetingRequest:
        return replace(request, window_end=request.window_end + timedelta(minutes=minutes))

    low, high, slot = 0, None, None
    for days in _EXTENSIONS_DAYS:
        slot = rerun(extended(days * _DAY))
        if slot is not None:
            high = days * _DAY
            break
        low = days * _DAY
    if high is None or slot is None:
        return []
    step = request.granularity_minutes
    while high - low > step:  # smallest extension, to the step
        middle = (low + high) // 2 // step * step
        if middle <= low:
            break
        candidate = rerun(extended(middle))
        if candidate is not None:
            high, slot = middle, candidate
        else:
            low = middle
    return [
        MeetingRelaxation(
            "extend_window", f"extend the window by {_span(high)}", slot, minutes=high
        )
    ]


def _shorten(
    request: MeetingRequest, rerun: Callable[[MeetingRequest], MeetingSlot | None]
) -> list[MeetingRelaxation]:
    step = request.granularity_minutes
    lengths = list(range(step, request.duration_minutes, step))
    best: tuple[int, MeetingSlot] | None = None
    low, high = 0, len(lengths) - 1
    while low <= high:  # fitting is monotone: a shorter meeting fits wherever a longer one does
        middle = (low + high) // 2
        slot = rerun(replace(request, duration_minutes=lengths[middle]))
        if slot is not None:
            best, low = (lengths[middle], slot), middle + 1
        else:
            high = middle - 1
    if best is None:
        return []
    return [
        MeetingRelaxation(
            "shorten_meeting", f"shorten the meeting to {best[0]} min", best[1], minutes=best[0]
        )
    ]


def _span(minutes: int) -> str:
    days, rest = divmod(minutes, _DAY)
    hours, mins = divmod(rest, 60)
    parts = [
        f"{days} d" if days else "",
        f"{hours} h" if hours else "",
        f"{mins} min" if mins else "",
    ]
    return " ".join(p for p in parts if p) or "0 min"
