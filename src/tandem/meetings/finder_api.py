"""REST endpoints of the slot finder and of meeting rooms (mounted on ``meetings.api.router``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict

from tandem.core.api import ERRORS

from . import finder, queries, rooms
from .policies import MANAGE

router = Router(tags=["meetings"])


class FindSlotsIn(Schema):
    model_config = ConfigDict(extra="forbid")

    required_ids: list[int] = Field(description="People who must attend (user ids).")
    optional_ids: list[int] = []
    room_ids: list[int] = Field([], description="Rooms that must all be free.")
    duration_minutes: int = Field(60, description="5 to 720.")
    window_start: dt.datetime | None = Field(None, description="Aware; default: now.")
    window_end: dt.datetime | None = Field(
        None, description="Aware; default: two weeks after the start; at most 92 days later."
    )
    time_zone: str | None = Field(None, description="The meeting's zone; default: yours.")
    occurrences: int = Field(1, description="A weekly series of this many meetings (1-52).")
    interval_weeks: int = 1
    earliest: str | None = Field(None, description="HH:MM in each person's own zone.")
    latest: str | None = None
    within_working_hours: bool = True
    buffer_minutes: int = 0
    min_notice_minutes: int = 0
    granularity_minutes: int = 15
    max_results: int = 10
    per_day: int = Field(3, description="At most this many slots per day; 0: the engine's top.")
    exclude_meeting_id: int | None = Field(
        None, description="A meeting being moved: its own time is not busy."
    )


class PersonTimeOut(Schema):
    user_id: int
    name: str
    time_zone: str
    required: bool
    local_start: dt.datetime
    local_end: dt.datetime
    within_working_hours: bool
    busy: bool


class OccurrenceOut(Schema):
    start: dt.datetime
    end: dt.datetime


class SlotOut(Schema):
    rank: int = Field(description="The engine's rank among all candidates (1 = best).")
    start: dt.datetime
    end: dt.datetime
    occurrences: list[OccurrenceOut]
    fairness_penalty: float
    optional_busy: list[str]
    tentative_conflicts: list[str]
    outside_working_hours: list[str]
    people: list[PersonTimeOut]


class BlockerOut(Schema):
    kind: str
    code: str = Field(
        description="Why, as a stable code: participant_busy, participant_outside_times_of_day, "
        "participant_no_working_time, resource_booked, notice_leaves_no_start, window_too_short, "
        "no_common_slot (empty when the finder gave none)."
    )
    subject: str
    message: str = Field(description="The reason in the reader's language, with names.")


class RelaxationOut(Schema):
    kind: str
    description: str
    change: dict[str, Any] = Field(description="The change to this request that gives the slot.")
    first_slot: SlotOut


class FindSlotsOut(Schema):
    time_zone: str
    window_start: dt.datetime
    window_end: dt.datetime
    duration_minutes: int
    slots: list[SlotOut]
    blockers: list[BlockerOut]
    relaxations: list[RelaxationOut]
    warnings: list[str]
    candidates_considered: int


class RoomOut(Schema):
    id: int
    version: int
    name: str
    capacity: int | None


class RoomIn(Schema):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(max_length=120)
    capacity: int | None = None


def query_from(payload: FindSlotsIn, user: Any) -> finder.SlotQuery:
    data = payload.dict()
    data["time_zone"] = data["time_zone"] or getattr(user, "time_zone", "") or "UTC"
    for name in ("required_ids", "optional_ids", "room_ids"):
        data[name] = tuple(data[name])
    return finder.SlotQuery(**data)


def answer_out(answer: finder.FinderAnswer) -> dict[str, Any]:
    return {
        "time_zone": answer.time_zone,
        "window_start": answer.window_start,
        "window_end": answer.window_end,
        "duration_minutes": answer.duration_minutes,
        "slots": answer.slots,
        "blockers": answer.blockers,
        "relaxations": answer.relaxations,
        "warnings": answer.warnings,
        "candidates_considered": answer.candidates_considered,
    }


@router.post("/projects/{project_id}/meetings/find-slots", response={200: FindSlotsOut, **ERRORS})
def find_slots(request: HttpRequest, project_id: int, payload: FindSlotsIn) -> Any:
    """Ranked free slots for the people named, or why none exists and what would make one.
    Busy time of people's own calendars counts; none of its details is shown."""
    project = queries.project_for_meetings(request.user, project_id, MANAGE)
    answer = finder.search(project, query_from(payload, request.user), timezone.now())
    return answer_out(answer)


@router.get("/meeting-rooms", response={200: list[RoomOut], **ERRORS})
def list_rooms(request: HttpRequest) -> Any:
    """The rooms of your organization."""
    return list(rooms.rooms_visible_to(request.user))


@router.post("/meeting-rooms", response={201: RoomOut, **ERRORS})
def create_room(request: HttpRequest, payload: RoomIn) -> Any:
    """Add a room (organization admins)."""
    room = rooms.do_create_room(
        acting_user=request.user, name=payload.name, capacity=payload.capacity
    )
    return Status(201, room)
