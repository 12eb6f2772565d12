"""REST endpoints for meetings, their participants, agenda, minutes, decisions and action items.

Reads go through ``queries`` (already filtered by policy), writes through ``actions``. Updates and
deletes need the version read (``If-Match`` or a ``version`` field): missing 428, stale 412.
"""

import datetime as dt
import zoneinfo
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from tandem.core.api import ERRORS, StrictIn, version_from
from tandem.core.errors import ValidationFailed
from tandem.core.pagination import Pagination
from tandem.core.versions import etag
from tandem.records.models import Decision

from . import actions, queries
from .calendar_api import router as calendar_router
from .finder_api import router as finder_router
from .ical import ics_response
from .models import ActionItem, AgendaItem, Meeting, Minutes, Participant

router = Router(tags=["meetings"])
MAX_ID = 2**63 - 1
# An id filter beyond a 64-bit integer is a 422, not a database error.
QueryId = Annotated[int | None, Field(ge=1, le=MAX_ID)]


# ---------------------------------------------------------------- schemas


class ParticipantSpec(StrictIn):
    user_id: int
    required: bool = True


class AgendaSpec(StrictIn):
    title: str = Field(max_length=200)
    presenter_id: int | None = None
    duration_minutes: int = 10
    notes: str = ""


class ParticipantOut(Schema):
    id: int
    version: int
    user_id: int
    name: str
    required: bool
    response: str
    attended: bool | None


class MeetingIn(StrictIn):
    project_id: int
    title: str
    purpose: str = ""
    starts_at: dt.datetime
    ends_at: dt.datetime
    time_zone: str = "UTC"
    location: str = ""
    video_url: str = ""
    organizer_id: int | None = None
    room_id: int | None = None
    participants: list[ParticipantSpec] = []
    agenda: list[AgendaSpec] = []
    # More than one plans a weekly series (the answer is its first meeting; all share series_key).
    occurrences: int = 1
    interval_weeks: int = 1


class MeetingPatch(StrictIn):
    version: int | None = None
    title: str | None = None
    purpose: str | None = None
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    time_zone: str | None = None
    location: str | None = None
    video_url: str | None = None
    status: str | None = None
    organizer_id: int | None = None
    room_id: int | None = None


class MeetingOut(Schema):
    id: int
    version: int
    project_id: int
    title: str
    purpose: str
    organizer_id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    time_zone: str
    starts_at_local: str
    ends_at_local: str
    location: str
    video_url: str
    status: str
    cancel_reason: str
    ical_uid: str
    ical_sequence: int
    series_key: str
    room_id: int | None


class MeetingDetailOut(MeetingOut):
    participants: list[ParticipantOut]


class CancelIn(StrictIn):
    version: int | None = None
    reason: str = ""


class ParticipantPatch(StrictIn):
    version: int | None = None
    required: bool | None = None
    response: str | None = None
    attended: bool | None = None


class AgendaItemOut(Schema):
    id: int
    version: int
    meeting_id: int
    position: int
    title: str
    presenter_id: int | None
    duration_minutes: int
    notes: str


class AgendaItemPatch(StrictIn):
    version: int | None = None
    title: str | None = None
    presenter_id: int | None = None
    duration_minutes: int | None = None
    notes: str | None = None
    position: int | None = None


class MinutesIn(StrictIn):
    version: int | None = None
    text: str


class MinutesOut(Schema):
    id: int
    version: int
    meeting_id: int
    text: str
    recorded_by_id: int
    recorded_at: dt.datetime


class MeetingDecisionIn(StrictIn):
    title: str
    text: str = Field("", max_length=10_000)
    decided_by_id: int | None = None


class MeetingDecisionOut(Schema):
    """A decision of the project's decision log taken in this meeting (``text`` is its
    ``decision``); edit or delete it through ``/api/decisions/{id}``."""

    id: int
    version: int
    meeting_id: int
    title: str
    text: str = Field(alias="decision")
    decided_by_id: int | None
    decided_on: dt.date | None
    status: str


class ActionItemIn(StrictIn):
    description: str
    owner_id: int | None = None
    due_date: dt.date | None = None
    status: str = "open"


class ActionItemPatch(StrictIn):
    version: int | None = None
    description: str | None = None
    owner_id: int | None = None
    due_date: dt.date | None = None
    status: str | None = None


class ActionItemOut(Schema):
    id: int
    version: int
    meeting_id: int
    description: str
    owner_id: int | None
    due_date: dt.date | None
    status: str
    task_id: int | None


class ConvertOut(Schema):
    task_id: int
    action_item: ActionItemOut


# ---------------------------------------------------------------- serializers


def _local(value: dt.datetime, zone: str) -> str:
    return timezone.localtime(value, zoneinfo.ZoneInfo(zone)).isoformat()


def _meeting_out(m: Meeting) -> dict[str, Any]:
    return {
        "id": m.pk,
        "version": m.version,
        "project_id": m.project_id,
        "title": m.title,
        "purpose": m.purpose,
        "organizer_id": m.organizer_id,
        "starts_at": m.starts_at,
        "ends_at": m.ends_at,
        "time_zone": m.time_zone,
        "starts_at_local": _local(m.starts_at, m.time_zone),
        "ends_at_local": _local(m.ends_at, m.time_zone),
        "location": m.location,
        "video_url": m.video_url,
        "status": m.status,
        "cancel_reason": m.cancel_reason,
        "ical_uid": m.ical_uid,
        "ical_sequence": m.ical_sequence,
        "series_key": m.series_key,
        "room_id": m.room_id,
    }


def _participant_out(p: Participant) -> dict[str, Any]:
    return {
        "id": p.pk,
        "version": p.version,
        "user_id": p.user_id,
        "name": str(p.user),
        "required": p.required,
        "response": p.response,
        "attended": p.attended,
    }


def _detail(m: Meeting, response: HttpResponse) -> dict[str, Any]:
    response["ETag"] = etag(m)
    out = _meeting_out(m)
    out["participants"] = [_participant_out(p) for p in queries.participants_of(m)]
    return out


def _renamed(changes: dict[str, Any], **names: str) -> dict[str, Any]:
    """Turn API names (``owner_id``) into action field names (``owner``)."""
    for api_name, field in names.items():
        if api_name in changes:
            changes[field] = changes.pop(api_name)
    return changes


def _patch(request: HttpRequest, payload: Schema, **names: str) -> tuple[int, dict[str, Any]]:
    changes = payload.dict(exclude_unset=True)
    version = version_from(request, changes.pop("version", None))
    if not changes:
        raise ValidationFailed(_("Nothing to change: the body names no field."))
    return version, _renamed(changes, **names)


# ---------------------------------------------------------------- meetings


@router.get("/meetings", response=list[MeetingOut])
@paginate(Pagination)
def list_meetings(
    request: HttpRequest,
    project: QueryId = None,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    status: str | None = None,
    series: str | None = None,
) -> list[dict[str, Any]]:
    qs = queries.list_meetings(
        request.user, project_id=project, start=start, end=end, status=status, series=series
    )
    return [_meeting_out(m) for m in qs]


@router.post("/meetings", response={201: MeetingDetailOut, **ERRORS})
def create_meeting(
    request: HttpRequest, payload: MeetingIn, response: HttpResponse
) -> Status[dict[str, Any]]:
    project = queries.project_for_meetings(request.user, payload.project_id, "meetings.manage")
    data = payload.dict()
    meetings = actions.do_create_meeting_series(
        project,
        acting_user=request.user,
        occurrences=data["occurrences"],
        interval_weeks=data["interval_weeks"],
        title=data["title"],
        purpose=data["purpose"],
        starts_at=data["starts_at"],
        ends_at=data["ends_at"],
        time_zone=data["time_zone"],
        location=data["location"],
        video_url=data["video_url"],
        organizer=data["organizer_id"],
        room=data["room_id"],
        participants=data["participants"],
        agenda=[_renamed(a, presenter_id="presenter") for a in data["agenda"]],
    )
    meeting = meetings[0]
    return Status(201, _detail(meeting, response))


@router.get("/meetings/{meeting_id}", response={200: MeetingDetailOut, **ERRORS})
def get_meeting(request: HttpRequest, meeting_id: int, response: HttpResponse) -> dict[str, Any]:
    return _detail(queries.get_meeting(request.user, meeting_id), response)


@router.patch("/meetings/{meeting_id}", response={200: MeetingDetailOut, **ERRORS})
def update_meeting(
    request: HttpRequest, meeting_id: int, payload: MeetingPatch, response: HttpResponse
) -> dict[str, Any]:
    meeting = queries.get_meeting(request.user, meeting_id, "manage")
    version, changes = _patch(request, payload, organizer_id="organizer", room_id="room")
    meeting = actions.do_update_meeting(
        meeting, acting_user=request.user, version=version, changes=changes
    )
    return _detail(meeting, response)


@router.post("/meetings/{meeting_id}/cancel", response={200: MeetingDetailOut, **ERRORS})
def cancel_meeting(
    request: HttpRequest, meeting_id: int, payload: CancelIn, response: HttpResponse
) -> dict[str, Any]:
    meeting = queries.get_meeting(request.user, meeting_id, "manage")
    version = version_from(request, payload.version)
    meeting = actions.do_cancel_meeting(
        meeting, acting_user=request.user, version=version, reason=payload.reason
    )
    return _detail(meeting, response)


@router.delete("/meetings/{meeting_id}", response={204: None, **ERRORS})
def delete_meeting(
    request: HttpRequest, meeting_id: int, version: int | None = None
) -> Status[None]:
    meeting = queries.get_meeting(request.user, meeting_id, "manage")
    actions.do_delete_meeting(
        meeting, acting_user=request.user, version=version_from(request, version)
    )
    return Status(204, None)


@router.get("/meetings/{meeting_id}/ics", response={200: None, **ERRORS})
def meeting_ics(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = queries.get_meeting(request.user, meeting_id)
    return ics_response(meeting, queries.participants_of(meeting), timezone.now())


# ---------------------------------------------------------------- participants


@router.post("/meetings/{meeting_id}/participants", response={201: ParticipantOut, **ERRORS})
def add_participant(
    request: HttpRequest, meeting_id: int, payload: ParticipantSpec
) -> Status[dict[str, Any]]:
    meeting = queries.get_meeting(request.user, meeting_id, "manage")
    p = actions.do_add_participant(
        meeting, acting_user=request.user, user=payload.user_id, required=payload.required
    )
    return Status(201, _participant_out(p))


@router.patch("/meeting-participants/{participant_id}", response={200: ParticipantOut, **ERRORS})
def update_participant(
    request: HttpRequest, participant_id: int, payload: ParticipantPatch
) -> dict[str, Any]:
    p = queries.get_participant(request.user, participant_id)
    version, changes = _patch(request, payload)
    p = actions.do_update_participant(p, acting_user=request.user, version=version, changes=changes)
    return _participant_out(p)


@router.delete("/meeting-participants/{participant_id}", response={204: None, **ERRORS})
def remove_participant(
    request: HttpRequest, participant_id: int, version: int | None = None
) -> Status[None]:
    p = queries.get_participant(request.user, participant_id)
    actions.do_remove_participant(
        p, acting_user=request.user, version=version_from(request, version)
    )
    return Status(204, None)


# ---------------------------------------------------------------- agenda


@router.get("/meetings/{meeting_id}/agenda-items", response={200: list[AgendaItemOut], **ERRORS})
def list_agenda(request: HttpRequest, meeting_id: int) -> list[AgendaItem]:
    return list(queries.agenda_of(queries.get_meeting(request.user, meeting_id)))


@router.post("/meetings/{meeting_id}/agenda-items", response={201: AgendaItemOut, **ERRORS})
def add_agenda_item(
    request: HttpRequest, meeting_id: int, payload: AgendaSpec
) -> Status[AgendaItem]:
    meeting = queries.get_meeting(request.user, meeting_id, "manage")
    data = _renamed(payload.dict(), presenter_id="presenter")
    return Status(201, actions.do_add_agenda_item(meeting, acting_user=request.user, **data))


@router.patch("/agenda-items/{item_id}", response={200: AgendaItemOut, **ERRORS})
def update_agenda_item(request: HttpRequest, item_id: int, payload: AgendaItemPatch) -> AgendaItem:
    item = queries.get_agenda_item(request.user, item_id, "manage")
    version, changes = _patch(request, payload, presenter_id="presenter")
    return actions.do_update_agenda_item(
        item, acting_user=request.user, version=version, changes=changes
    )


@router.delete("/agenda-items/{item_id}", response={204: None, **ERRORS})
def delete_agenda_item(
    request: HttpRequest, item_id: int, version: int | None = None
) -> Status[None]:
    item = queries.get_agenda_item(request.user, item_id, "manage")
    actions.do_delete_agenda_item(
        item, acting_user=request.user, version=version_from(request, version)
    )
    return Status(204, None)


# ---------------------------------------------------------------- minutes


@router.get("/meetings/{meeting_id}/minutes", response={200: MinutesOut, **ERRORS})
def get_minutes(request: HttpRequest, meeting_id: int, response: HttpResponse) -> Minutes:
    minutes = queries.get_minutes(request.user, meeting_id)
    response["ETag"] = etag(minutes)
    return minutes


@router.put("/meetings/{meeting_id}/minutes", response={200: MinutesOut, **ERRORS})
def record_minutes(
    request: HttpRequest, meeting_id: int, payload: MinutesIn, response: HttpResponse
) -> Minutes:
    meeting = queries.get_meeting(request.user, meeting_id, "manage")
    version = None
    if request.headers.get("If-Match") or payload.version is not None:
        version = version_from(request, payload.version)
    minutes: Minutes = actions.do_record_minutes(
        meeting, acting_user=request.user, text=payload.text, version=version
    )
    response["ETag"] = etag(minutes)
    return minutes


# ---------------------------------------------------------------- decisions


@router.get("/meetings/{meeting_id}/decisions", response={200: list[MeetingDecisionOut], **ERRORS})
def list_decisions(request: HttpRequest, meeting_id: int) -> list[Decision]:
    return list(queries.decisions_of(queries.get_meeting(request.user, meeting_id)))


@router.post("/meetings/{meeting_id}/decisions", response={201: MeetingDecisionOut, **ERRORS})
def add_decision(
    request: HttpRequest, meeting_id: int, payload: MeetingDecisionIn
) -> Status[Decision]:
    meeting = queries.get_meeting(request.user, meeting_id, "manage")
    data = _renamed(payload.dict(), decided_by_id="decided_by")
    return Status(
        201, actions.do_record_meeting_decision(meeting, acting_user=request.user, **data)
    )


# ---------------------------------------------------------------- action items


@router.get("/action-items", response=list[ActionItemOut])
@paginate(Pagination)
def list_action_items(
    request: HttpRequest,
    owner: QueryId = None,
    status: str | None = None,
    project: QueryId = None,
) -> QuerySet[ActionItem]:
    return queries.list_action_items(
        request.user, owner_id=owner, status=status, project_id=project
    )


@router.get("/meetings/{meeting_id}/action-items", response={200: list[ActionItemOut], **ERRORS})
def list_meeting_action_items(request: HttpRequest, meeting_id: int) -> list[ActionItem]:
    return list(queries.action_items_of(queries.get_meeting(request.user, meeting_id)))


@router.post("/meetings/{meeting_id}/action-items", response={201: ActionItemOut, **ERRORS})
def add_action_item(
    request: HttpRequest, meeting_id: int, payload: ActionItemIn
) -> Status[ActionItem]:
    meeting = queries.get_meeting(request.user, meeting_id, "manage")
    data = _renamed(payload.dict(), owner_id="owner")
    return Status(201, actions.do_add_action_item(meeting, acting_user=request.user, **data))


@router.patch("/action-items/{item_id}", response={200: ActionItemOut, **ERRORS})
def update_action_item(request: HttpRequest, item_id: int, payload: ActionItemPatch) -> ActionItem:
    item: ActionItem = queries.get_action_item(request.user, item_id)
    version, changes = _patch(request, payload, owner_id="owner")
    return actions.do_update_action_item(
        item, acting_user=request.user, version=version, changes=changes
    )


@router.delete("/action-items/{item_id}", response={204: None, **ERRORS})
def delete_action_item(
    request: HttpRequest, item_id: int, version: int | None = None
) -> Status[None]:
    item = queries.get_action_item(request.user, item_id, "manage")
    actions.do_delete_action_item(
        item, acting_user=request.user, version=version_from(request, version)
    )
    return Status(204, None)


@router.post("/action-items/{item_id}/convert-to-task", response={201: ConvertOut, **ERRORS})
def convert_action_item(request: HttpRequest, item_id: int) -> Status[dict[str, object]]:
    item = queries.get_action_item(request.user, item_id, "manage")
    task = actions.do_convert_action_item_to_task(item, acting_user=request.user)
    item.refresh_from_db()
    return Status(201, {"task_id": task.pk, "action_item": item})


router.add_router("", finder_router)
router.add_router("", calendar_router)
