"""Reads of meetings and what is recorded in them, already narrowed to what the user may see."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.core.errors import NotFound, ValidationFailed
from tandem.projects.models import Project
from tandem.projects.policies import access_project
from tandem.records.models import Decision

from .models import ActionItem, AgendaItem, Meeting, Minutes, Participant
from .policies import (
    VIEW,
    ActionItemPolicy,
    AgendaItemPolicy,
    MeetingPolicy,
    ParticipantPolicy,
)
from .timezones import check_aware


def list_meetings(
    user: Any,
    *,
    project_id: int | None = None,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    status: str | None = None,
    series: str | None = None,
) -> QuerySet[Meeting]:
    """Meetings the user may see, optionally of one project or series, overlapping
    ``[start, end)`` (aware datetimes; a naive one is a 422), oldest first."""
    qs = MeetingPolicy.visible_to(user).select_related("organizer", "project")
    if project_id is not None:
        qs = qs.filter(project_id=project_id)
    if start is not None:
        qs = qs.filter(ends_at__gt=check_aware(start, "start"))
    if end is not None:
        qs = qs.filter(starts_at__lt=check_aware(end, "end"))
    if start is not None and end is not None and end <= start:
        raise ValidationFailed(
            _("Invalid input: end: the range must end after it starts."),
            fields={"end": [_("The range must end after it starts.")]},
        )
    if status:
        qs = qs.filter(status=status)
    if series:
        qs = qs.filter(series_key=series)
    return qs.order_by("starts_at", "id")


def project_for_meetings(user: Any, project_id: int, right: str = VIEW) -> Project:
    """The project whose meetings the user opens: 404 unseen, 403 without ``right``."""
    return access_project(user, project_id, right)


def upcoming_and_past(
    user: Any, project: Project, now: dt.datetime | None = None
) -> tuple[list[Meeting], list[Meeting]]:
    """The project's meetings not yet over (soonest first) and the ones over (latest first)."""
    now = now or timezone.now()
    qs = list_meetings(user, project_id=project.pk)
    upcoming = list(qs.filter(ends_at__gt=now))
    past = list(qs.filter(ends_at__lte=now).order_by("-starts_at", "-id"))
    return upcoming, past


def get_meeting(user: Any, meeting_id: int, action: str = "view") -> Meeting:
    return MeetingPolicy.access(user, meeting_id, action)


def get_participant(user: Any, participant_id: int) -> Participant:
    return ParticipantPolicy.access(user, participant_id)


def get_agenda_item(user: Any, item_id: int, action: str = "view") -> AgendaItem:
    return AgendaItemPolicy.access(user, item_id, action)


def get_action_item(user: Any, item_id: int, action: str = "view") -> ActionItem:
    return ActionItemPolicy.access(user, item_id, action)


def participants_of(meeting: Meeting) -> QuerySet[Participant]:
    return meeting.participants.select_related("user").order_by("-required", "user__username")


def agenda_of(meeting: Meeting) -> QuerySet[AgendaItem]:
    return meeting.agenda_items.select_related("presenter").order_by("position", "id")


def decisions_of(meeting: Meeting) -> QuerySet[Decision]:
    """Decisions of the project's decision log taken in this meeting (seen by whoever sees the
    meeting: both need ``project.view_work``)."""
    return Decision.objects.filter(meeting=meeting).select_related("decided_by").order_by("id")


def action_items_of(meeting: Meeting) -> QuerySet[ActionItem]:
    return meeting.action_items.select_related("owner", "task").order_by("id")


def minutes_of(meeting: Meeting) -> Minutes | None:
    return Minutes.objects.select_related("recorded_by").filter(meeting=meeting).first()


def get_minutes(user: Any, meeting_id: int) -> Minutes:
    meeting = get_meeting(user, meeting_id)
    minutes = minutes_of(meeting)
    if minutes is None:
        raise NotFound(
            _("No minutes recorded for meeting %(meeting_id)s yet.") % {"meeting_id": meeting_id}
        )
    return minutes


def list_action_items(
    user: Any,
    *,
    owner_id: int | None = None,
    status: str | None = None,
    project_id: int | None = None,
) -> QuerySet[ActionItem]:
    qs = ActionItemPolicy.visible_to(user).select_related("owner", "task", "meeting")
    if owner_id is not None:
        qs = qs.filter(owner_id=owner_id)
    if status:
        qs = qs.filter(status=status)
    if project_id is not None:
        qs = qs.filter(meeting__project_id=project_id)
    return qs.order_by("due_date", "id")


def busy_intervals(
    user_ids: list[int], start: dt.datetime, end: dt.datetime, exclude_meeting: int | None = None
) -> dict[int, list[tuple[dt.datetime, dt.datetime]]]:
    """Per person, the Tandem meetings they are invited to (and did not decline) in
    ``[start, end)``. Used only to find free time, never shown: titles stay private."""
    rows = (
        Participant.objects.filter(
            user_id__in=user_ids,
            meeting__starts_at__lt=end,
            meeting__ends_at__gt=start,
        )
        .exclude(meeting__status="cancelled")
        .exclude(response="declined")
        .values_list("user_id", "meeting_id", "meeting__starts_at", "meeting__ends_at")
    )
    out: dict[int, list[tuple[dt.datetime, dt.datetime]]] = {uid: [] for uid in user_ids}
    for user_id, meeting_id, begins, ends in rows:
        if meeting_id != exclude_meeting:
            out[user_id].append((begins, ends))
    return out
