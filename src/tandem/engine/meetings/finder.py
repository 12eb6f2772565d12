"""Find when everyone can meet; see :mod:`tandem.engine.meetings.search` for the ranking."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from .explain import drop_optional_relaxations, explain_no_slot
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
    """The best ``request.max_results`` slots, ranked (see :mod:`.search`).

    ``now`` (aware) anchors ``min_notice_minutes``. ``participants`` may include people not in
    the request (ignored) and must include everyone it names; ``resources`` likewise. Slots start
    on multiples of ``granularity_minutes`` (UTC minutes since 1970), last ``duration_minutes``,
    and every occurrence avoids each required person's busy time widened by the buffer.
    When ``explain`` is true: with no slot, the result names the blockers and lists
    relaxations; with slots that each miss some optional person, it lists ``drop_optional``
    relaxations; every relaxation is verified by a new search. Calendars that could not be read
    (``source_errors`` of people and resources) are reported, not fatal. Raises
    :class:`MeetingRequestError` for an invalid request.
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
    relaxations = drop_optional_relaxations(search, starts, occurrences) if explain else ()
    return MeetingSearchResult(slots, (), relaxations, errors, len(starts), warnings)
