"""Meetings and what is recorded in them, built through the real actions (so audit rows exist)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from tandem.meetings import actions
from tandem.meetings.models import ActionItem, AgendaItem, Meeting, Minutes
from tandem.records.models import Decision

from .factories import World

# A Monday morning in Paris during winter time (UTC+1), well inside the test project's dates.
DEFAULT_START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def make_meeting(world: World, *, acting_user: Any = None, **fields: Any) -> Meeting:
    """A scheduled one-hour meeting organized by the coordinator, with the member invited."""
    start = fields.pop("starts_at", DEFAULT_START)
    defaults: dict[str, Any] = {
        "title": "Weekly sync",
        "starts_at": start,
        "ends_at": fields.pop("ends_at", start + dt.timedelta(hours=1)),
        "time_zone": "Europe/Paris",
        "participants": [{"user_id": world.member.pk, "required": True}],
    }
    defaults.update(fields)
    return actions.do_create_meeting(
        world.project, acting_user=acting_user or world.coordinator, **defaults
    )


def make_agenda_item(world: World, meeting: Meeting, **fields: Any) -> AgendaItem:
    defaults: dict[str, Any] = {"title": "Status round", "duration_minutes": 15}
    defaults.update(fields)
    return actions.do_add_agenda_item(meeting, acting_user=world.coordinator, **defaults)


def make_minutes(world: World, meeting: Meeting, text: str = "We met.") -> Minutes:
    return actions.do_record_minutes(meeting, acting_user=world.coordinator, text=text)


def make_meeting_decision(world: World, meeting: Meeting, **fields: Any) -> Decision:
    """A decision taken in the meeting, in the project's decision log."""
    defaults: dict[str, Any] = {"title": "Ship in March", "text": "Agreed by all."}
    defaults.update(fields)
    return actions.do_record_meeting_decision(meeting, acting_user=world.coordinator, **defaults)


def make_action_item(world: World, meeting: Meeting, **fields: Any) -> ActionItem:
    defaults: dict[str, Any] = {
        "description": "Send the draft plan",
        "owner": world.member,
        "due_date": dt.date(2026, 3, 6),
    }
    defaults.update(fields)
    return actions.do_add_action_item(meeting, acting_user=world.coordinator, **defaults)


@dataclass
class MeetingWorld:
    """One meeting with one of everything recorded in it."""

    meeting: Meeting
    agenda_item: AgendaItem
    minutes: Minutes
    decision: Decision
    action_item: ActionItem
    # An action item owned by the member and one already turned into a task.
    converted_item: ActionItem


def make_meeting_world(world: World) -> MeetingWorld:
    meeting = make_meeting(world)
    converted = make_action_item(world, meeting, description="Book the room")
    actions.do_convert_action_item_to_task(converted, acting_user=world.coordinator)
    converted.refresh_from_db()
    return MeetingWorld(
        meeting=meeting,
        agenda_item=make_agenda_item(world, meeting),
        minutes=make_minutes(world, meeting),
        decision=make_meeting_decision(world, meeting),
        action_item=make_action_item(world, meeting),
        converted_item=converted,
    )
