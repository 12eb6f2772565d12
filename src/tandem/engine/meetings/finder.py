"""Find when everyone can meet; see :mod:`tandem.engine.meetings.search` for the ranking."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from .explain import explain_no_slot
from .model import (
    MeetingBlocker,
    MeetingParticipant,
    MeetingRelaxation,
    MeetingRequest,
    MeetingResource,
    MeetingSearchResult,
)
from .search import prepare_search, rank_slots

__all__ = ["find_meeting_slots"]


def find_meeting_slots(
    request: MeetingRequest,
    participants: Sequence[MeetingParticipant],
    *,
    now: datetime,
    resources: Sequence[MeetingResource] = (),
    explain: bool = True,
) -> MeetingSearchResult:
    """The best ``request.max_results`` slots, ranked (see the module docstring).

    ``now`` (aware) anchors ``min_notice_minutes``. ``participants`` may include people not in
    the request (ignored) and must include everyone it names; ``resources`` likewise. When no slot
    exists and ``explain`` is true, the result names the blockers and lists relaxations, each
    verified by a new search. Calendars that could not be read (``MeetingParticipant.source_errors``) are
    reported, not fatal. Raises :class:`MeetingRequestError` for an invalid request.
    """
    search = prepare_search(request, participants, now, resources)
    starts, occurrences = search.feasible(search.required, search.resources)
    rooms = {r.id: r for r in resources}
    owners = [
        (p.participant.id, p.participant.source_errors)
        for p in (*search.required, *search.optional)
    ]
    owners += [(rid, rooms[rid].source_errors) for rid in request.resources]
    errors = tuple(error for _, found in owners for error in found)
    warnings = tuple(
        f"{error.path} of {owner} could not be read; its busy time is unknown"
        for owner, found in owners
        for error in found
    )
    if len(starts) == 0:
        blockers: tuple[MeetingBlocker, ...] = ()
        relaxations: tuple[MeetingRelaxation, ...] = ()
        if explain:
            blockers, relaxations = explain_no_slot(search, participants, now, resources)
        return MeetingSearchResult((), blockers, relaxations, errors, 0, warnings)
    slots = rank_slots(search, starts, occurrences)
    return MeetingSearchResult(slots, (), (), errors, len(starts), warnings)
