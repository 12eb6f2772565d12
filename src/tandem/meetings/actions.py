"""Every write to meetings: the meeting itself, who is invited, agenda, minutes, decisions and
action items. Each action is atomic, checks the acting user's rights first, validates every
input before writing, and leaves one audit row per changed object."""

from __future__ import annotations

import datetime as dt
import uuid
import zoneinfo
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tandem.core import audit, l10n, writes
from tandem.core.errors import (
    Conflict,
    Forbidden,
    NotFound,
    PreconditionRequired,
    ValidationFailed,
)
from tandem.planning.actions import do_create_task
from tandem.planning.models import Task
from tandem.planning.schedule_actions import PlanOutcome
from tandem.projects.models import Project
from tandem.projects.policies import RIGHTS, has_right
from tandem.records.actions import do_create_decision
from tandem.records.models import Decision, DecisionStatus

from .invitations import ANSWERS, participant_of_token, send_meeting_notices
from .models import (
    ActionItem,
    ActionItemStatus,
    AgendaItem,
    Meeting,
    MeetingRoom,
    MeetingStatus,
    Minutes,
    Participant,
    ResponseStatus,
)
from .policies import MANAGE, VIEW, ActionItemPolicy, ParticipantPolicy
from .timezones import check_meeting_time, check_time_zone, local_to_aware
from .timezones import fail as _fail

MEETING_FIELDS = {
    "title",
    "purpose",
    "starts_at",
    "ends_at",
    "time_zone",
    "location",
    "video_url",
    "status",
    "organizer",
    "room",
}
AGENDA_FIELDS = {"title", "presenter", "duration_minutes", "notes", "position"}
ACTION_ITEM_FIELDS = {"description", "owner", "due_date", "status"}
OWNER_ACTION_ITEM_FIELDS = {"status"}
PARTICIPANT_FIELDS = {"required", "response", "attended"}
SELF_PARTICIPANT_FIELDS = {"response"}
# Changes that people's calendars show, so the participants are sent the update.
NOTIFIED_FIELDS = {"title", "starts_at", "ends_at", "time_zone", "location", "video_url", "room"}
MAX_PARTICIPANTS = 200
MAX_AGENDA_ITEMS = 100


# ---------------------------------------------------------------- input checks


def _check_fields(given: Iterable[str], allowed: set[str], what: str) -> None:
    unknown = sorted(set(given) - allowed)
    if unknown:
        raise ValidationFailed(
            _("Unknown %(what)s fields: %(unknown)s")
            % {"what": what, "unknown": ", ".join(unknown)},
            fields={name: [_("Not a field you can set here.")] for name in unknown},
        )


def _project_person(project: Project, user: Any, field: str, right: str = VIEW) -> Any:
    """``user`` (a User or an id) if they hold ``right`` in ``project``; 422 naming them if not."""
    if user is None:
        return None
    user_id = getattr(user, "pk", user)
    person = (
        get_user_model()
        .objects.filter(
            pk=user_id,
            is_active=True,
            organization_id=project.organization_id,
            memberships__project=project,
            memberships__role__in=list(RIGHTS[right]),
        )
        .first()
        if isinstance(user_id, int) and not isinstance(user_id, bool)
        else None
    )
    if person is None:
        raise _fail(
            field, _("Person %(user_id)r is not on this project's team.") % {"user_id": user_id}
        )
    return person


def _project_room(project: Project, room: Any) -> MeetingRoom | None:
    """``room`` (a room or an id) of the project's organization; 422 naming ``room`` if not."""
    if room is None or room == "":
        return None
    room_id = getattr(room, "pk", room)
    found = (
        MeetingRoom.objects.filter(pk=room_id, organization_id=project.organization_id).first()
        if isinstance(room_id, int) and not isinstance(room_id, bool)
        else None
    )
    if found is None:
        raise _fail(
            "room",
            _("Room %(room_id)r is not one of this organization's rooms.") % {"room_id": room_id},
        )
    return found


def _require_manage(user: Any, project: Project) -> None:
    if not has_right(user, project, MANAGE):
        raise Forbidden(_("Only the project's manager and coordinators manage meetings."))


def _scope(meeting: Meeting) -> dict[str, Any]:
    return {
        "project_id": meeting.project_id,
        "organization_id": meeting.project.organization_id,
    }


def _refuse_if_cancelled(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.CANCELLED:
        raise Conflict(
            _("Meeting %(meeting_id)s is cancelled and can no longer be changed.")
            % {"meeting_id": meeting.pk}
        )


# ---------------------------------------------------------------- meetings


def _participant_specs(
    project: Project, organizer: Any, specs: Sequence[Mapping[str, Any]]
) -> list[tuple[Any, bool]]:
    if len(specs) > MAX_PARTICIPANTS:
        raise _fail(
            "participants",
            _("At most %(max_participants)s participants per meeting.")
            % {"max_participants": MAX_PARTICIPANTS},
        )
    people: dict[int, tuple[Any, bool]] = {organizer.pk: (organizer, True)}
    bad: list[str] = []
    for spec in specs:
        user_id = spec.get("user_id")
        try:
            person = _project_person(project, user_id, "participants")
        except ValidationFailed:
            bad.append(repr(user_id))
            continue
        if person.pk != organizer.pk:
            people[person.pk] = (person, bool(spec.get("required", True)))
    if bad:
        raise _fail(
            "participants", _("Not on this project's team: %(bad)s.") % {"bad": ", ".join(bad)}
        )
    return list(people.values())


def _check_agenda_specs(project: Project, specs: Sequence[Mapping[str, Any]]) -> None:
    if len(specs) > MAX_AGENDA_ITEMS:
        raise _fail(
            "agenda",
            _("At most %(max_agenda_items)s agenda items per meeting.")
            % {"max_agenda_items": MAX_AGENDA_ITEMS},
        )
    for index, spec in enumerate(specs):
        _check_fields(spec, AGENDA_FIELDS - {"position"}, f"agenda item {index + 1}")


@transaction.atomic
def do_create_meeting(
    project: Project,
    *,
    acting_user: Any,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    time_zone: str = "UTC",
    purpose: str = "",
    location: str = "",
    video_url: str = "",
    organizer: Any = None,
    participants: Sequence[Mapping[str, Any]] = (),
    agenda: Sequence[Mapping[str, Any]] = (),
    series_key: str = "",
    invite: bool = True,
    room: Any = None,
) -> Meeting:
    """Plan a meeting with its participants (``{"user_id", "required"}``) and agenda items
    (``{"title", "presenter", "duration_minutes", "notes"}``). The organizer (default: the
    acting user) is always a required participant who has accepted."""
    _require_manage(acting_user, project)
    zone = check_time_zone(time_zone)
    start, end = check_meeting_time(starts_at, "starts_at"), check_meeting_time(ends_at, "ends_at")
    organizer = _project_person(project, organizer or acting_user, "organizer")
    people = _participant_specs(project, organizer, participants)
    _check_agenda_specs(project, agenda)
    booked_room = _project_room(project, room)
    meeting = writes.create(
        Meeting(
            project=project,
            title=title,
            purpose=purpose,
            organizer=organizer,
            starts_at=start,
            ends_at=end,
            time_zone=zone,
            location=location,
            video_url=video_url,
            series_key=series_key,
            room=booked_room,
        ),
        actor=acting_user,
        action="meeting.created",
        organization_id=project.organization_id,
    )
    for person, required in people:
        response = ResponseStatus.ACCEPTED if person.pk == organizer.pk else None
        _create_participant(meeting, acting_user, person, required, response)
    for spec in agenda:
        _create_agenda_item(meeting, acting_user, **spec)
    if invite:
        send_meeting_notices(
            [meeting],
            acting_user=acting_user,
            kind="meeting.invited",
            label=_("Invitation"),
            method="REQUEST",
            note=_("%(person)s invites you to “%(title)s”.")
            % {"person": acting_user, "title": meeting.title},
        )
    return meeting


MAX_OCCURRENCES = 52


@transaction.atomic
def do_create_meeting_series(
    project: Project,
    *,
    acting_user: Any,
    occurrences: int,
    interval_weeks: int = 1,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    time_zone: str = "UTC",
    **fields: Any,
) -> list[Meeting]:
    """Plan the same meeting ``occurrences`` times (1-52), every ``interval_weeks`` weeks (1-4),
    at the same wall-clock time in ``time_zone``: across a daylight-saving change its UTC time
    moves. The meetings share a ``series_key`` and are then edited or cancelled one by one. A
    repeat that falls into a time the clock change skips is a 422 naming its date; nothing is
    created then. ``fields`` are those of ``do_create_meeting``."""
    _require_manage(acting_user, project)
    if isinstance(occurrences, bool) or not isinstance(occurrences, int):
        raise _fail("occurrences", _("Give a whole number of meetings."))
    if not 1 <= occurrences <= MAX_OCCURRENCES:
        raise _fail(
            "occurrences",
            _("A series has 1 to %(max_occurrences)s meetings.")
            % {"max_occurrences": MAX_OCCURRENCES},
        )
    if isinstance(interval_weeks, bool) or interval_weeks not in (1, 2, 3, 4):
        raise _fail("interval_weeks", _("Repeat every 1, 2, 3 or 4 weeks."))
    zone = check_time_zone(time_zone)
    start, end = check_meeting_time(starts_at, "starts_at"), check_meeting_time(ends_at, "ends_at")
    first_wall = start.astimezone(zoneinfo.ZoneInfo(zone)).replace(tzinfo=None)
    key = uuid.uuid4().hex if occurrences > 1 else ""
    meetings = []
    for k in range(occurrences):
        wall = first_wall + dt.timedelta(weeks=k * interval_weeks)
        begin = local_to_aware(wall, zone, "starts_at").astimezone(dt.UTC)
        meetings.append(
            do_create_meeting(
                project,
                acting_user=acting_user,
                starts_at=begin,
                ends_at=begin + (end - start),
                time_zone=zone,
                series_key=key,
                invite=False,
                **fields,
            )
        )
    # One invitation for the series, naming the first occurrence, rather than one per meeting;
    # its calendar object holds every meeting of the series.
    meeting_count = ngettext("%(count)s meeting", "%(count)s meetings", occurrences) % {
        "count": l10n.format_number(occurrences)
    }
    label = _("Invitation (%(meetings)s, %(every)s, first)") % {
        "meetings": meeting_count,
        "every": ngettext("every week", "every %(count)s weeks", interval_weeks)
        % {"count": l10n.format_number(interval_weeks)},
    }
    send_meeting_notices(
        meetings,
        acting_user=acting_user,
        kind="meeting.invited",
        label=label,
        method="REQUEST",
        note=_("%(person)s invites you to “%(title)s”, %(meetings)s.")
        % {"person": acting_user, "title": meetings[0].title, "meetings": meeting_count},
    )
    return meetings


def _calendar_changed(meeting: Meeting, changes: Mapping[str, Any]) -> bool:
    return any(getattr(meeting, name) != value for name, value in changes.items())


@transaction.atomic
def do_update_meeting(
    meeting: Meeting, *, acting_user: Any, version: int, changes: Mapping[str, Any]
) -> Meeting:
    """Change a meeting. ``status`` may move between scheduled and held; cancel with
    ``do_cancel_meeting``. Every change raises the iCalendar SEQUENCE by one."""
    _check_fields(changes, MEETING_FIELDS, "meeting")
    _require_manage(acting_user, meeting.project)
    _refuse_if_cancelled(meeting)
    changes = dict(changes)
    if "time_zone" in changes:
        changes["time_zone"] = check_time_zone(changes["time_zone"])
    for name in ("starts_at", "ends_at"):
        if name in changes:
            changes[name] = check_meeting_time(changes[name], name)
    if "organizer" in changes:
        changes["organizer"] = _project_person(meeting.project, changes["organizer"], "organizer")
    if "room" in changes:
        changes["room"] = _project_room(meeting.project, changes["room"])
    if changes.get("status") == MeetingStatus.CANCELLED:
        raise _fail("status", _("Cancel a meeting with the cancel action, which notifies people."))
    moved = any(
        getattr(meeting, name) != changes[name]
        for name in ("starts_at", "ends_at", "time_zone")
        if name in changes
    )
    told = {name for name in NOTIFIED_FIELDS if name in changes}
    relevant = _calendar_changed(meeting, {k: changes[k] for k in told})
    if _calendar_changed(meeting, changes):
        changes["ical_sequence"] = meeting.ical_sequence + 1
    meeting = writes.update(
        meeting,
        version=version,
        changes=changes,
        actor=acting_user,
        action="meeting.updated",
        **_scope(meeting),
    )
    if relevant and meeting.status == MeetingStatus.SCHEDULED:
        send_meeting_notices(
            [meeting],
            acting_user=acting_user,
            kind="meeting.rescheduled" if moved else "meeting.updated",
            label=_("Rescheduled") if moved else _("Updated"),
            method="REQUEST",
            note=_("%(person)s changed “%(title)s”.")
            % {"person": acting_user, "title": meeting.title},
        )
    return meeting


@transaction.atomic
def do_cancel_meeting(
    meeting: Meeting, *, acting_user: Any, version: int, reason: str = ""
) -> Meeting:
    _require_manage(acting_user, meeting.project)
    _refuse_if_cancelled(meeting)
    meeting = writes.update(
        meeting,
        version=version,
        changes={
            "status": MeetingStatus.CANCELLED,
            "cancel_reason": reason,
            "ical_sequence": meeting.ical_sequence + 1,
        },
        actor=acting_user,
        action="meeting.cancelled",
        **_scope(meeting),
    )
    send_meeting_notices(
        [meeting],
        acting_user=acting_user,
        kind="meeting.cancelled",
        label=_("Cancelled"),
        method="CANCEL",
        note=_("%(person)s cancelled “%(title)s”.")
        % {"person": acting_user, "title": meeting.title}
        + (f" {reason}" if reason else ""),
    )
    return meeting


@transaction.atomic
def do_delete_meeting(meeting: Meeting, *, acting_user: Any, version: int) -> None:
    """Delete a meeting with everything recorded in it. Refused (409) once an action item became
    a task, so the task keeps the record of where it came from."""
    _require_manage(acting_user, meeting.project)
    if meeting.action_items.filter(task__isnull=False).exists():
        raise Conflict(
            _("Some action items of this meeting became tasks; cancel the meeting instead.")
        )
    scope = _scope(meeting)
    parts: list[tuple[str, Any, dict[str, Any]]] = [
        (f"{noun}.deleted", obj, audit.snapshot(obj, _audited_fields(obj)))
        for noun, rows in (
            ("meeting_participant", meeting.participants.all()),
            ("agenda_item", meeting.agenda_items.all()),
            ("minutes", Minutes.objects.filter(meeting=meeting)),
            ("action_item", meeting.action_items.all()),
        )
        for obj in rows
    ]
    writes.delete(meeting, version=version, actor=acting_user, action="meeting.deleted", **scope)
    # What the meeting held goes with it; each row still leaves its own audit event.
    for action, obj, before in parts:
        changes = {k: [v, None] for k, v in before.items() if v not in (None, "")}
        audit.record(actor=acting_user, action=action, obj=obj, changes=changes, **scope)


def _audited_fields(obj: Any) -> list[str]:
    skip = {"id", "version", "created_at", "updated_at", "meeting"}
    return [f.name for f in obj._meta.concrete_fields if f.name not in skip]


# ---------------------------------------------------------------- participants


def _create_participant(
    meeting: Meeting, actor: Any, person: Any, required: bool, response: str | None = None
) -> Participant:
    return writes.create(
        Participant(
            meeting=meeting,
            user=person,
            required=required,
            response=response or ResponseStatus.NEEDS_ACTION,
        ),
        actor=actor,
        action="meeting_participant.added",
        **_scope(meeting),
    )


@transaction.atomic
def do_add_participant(
    meeting: Meeting, *, acting_user: Any, user: Any, required: bool = True
) -> Participant:
    _require_manage(acting_user, meeting.project)
    _refuse_if_cancelled(meeting)
    person = _project_person(meeting.project, user, "user_id")
    if meeting.participants.filter(user=person).exists():
        raise Conflict(_("%(person)s is already invited to this meeting.") % {"person": person})
    participant = _create_participant(meeting, acting_user, person, required)
    send_meeting_notices(
        [meeting],
        acting_user=acting_user,
        kind="meeting.invited",
        label=_("Invitation"),
        method="REQUEST",
        note=_("%(person)s invites you to “%(title)s”.")
        % {"person": acting_user, "title": meeting.title},
        only=[participant],
    )
    return participant


@transaction.atomic
def do_update_participant(
    participant: Participant, *, acting_user: Any, version: int, changes: Mapping[str, Any]
) -> Participant:
    """Managers change anything; a participant answers their own invitation (``response``)."""
    _check_fields(changes, PARTICIPANT_FIELDS, "participant")
    meeting = participant.meeting
    manages = has_right(acting_user, meeting.project, MANAGE)
    self_only = set(changes) <= SELF_PARTICIPANT_FIELDS
    if not manages and not (
        self_only and ParticipantPolicy.can(acting_user, "respond", participant)
    ):
        raise Forbidden(_("You may only answer your own invitation."))
    return writes.update(
        participant,
        version=version,
        changes=changes,
        actor=acting_user,
        action="meeting_participant.updated",
        **_scope(meeting),
    )


@transaction.atomic
def do_remove_participant(participant: Participant, *, acting_user: Any, version: int) -> None:
    meeting = participant.meeting
    _require_manage(acting_user, meeting.project)
    if participant.user_id == meeting.organizer_id:
        raise _fail("user_id", _("The organizer stays invited; change the organizer first."))
    if meeting.status == MeetingStatus.SCHEDULED:
        # takes the meeting out of the removed person's calendar
        send_meeting_notices(
            [meeting],
            acting_user=acting_user,
            kind="meeting.uninvited",
            label=_("No longer invited"),
            method="CANCEL",
            note=_("%(person)s took you off “%(title)s”.")
            % {"person": acting_user, "title": meeting.title},
            only=[participant],
        )
    writes.delete(
        participant,
        version=version,
        actor=acting_user,
        action="meeting_participant.removed",
        **_scope(meeting),
    )


@transaction.atomic
def do_answer_by_link(token: str, answer: str) -> Participant:
    """Record the answer of the person an invitation link was made for (the link stands for
    them: no sign-in). 404 for a forged, expired or stale link, or a person who no longer sees
    the project; 409 once the meeting is cancelled; 422 for an unknown answer."""
    participant = participant_of_token(token)
    if participant is None or not participant.user.is_active:
        raise NotFound(_("This answer link is not valid (any more)."))
    if not has_right(participant.user, participant.meeting.project, VIEW):
        raise NotFound(_("This answer link is not valid (any more)."))
    if answer not in ANSWERS:
        raise _fail("answer", _("Answer accepted, tentative or declined."))
    _refuse_if_cancelled(participant.meeting)
    locked = Participant.objects.select_for_update().get(pk=participant.pk)
    if locked.response == answer:
        return locked
    return do_update_participant(
        locked,
        acting_user=participant.user,
        version=locked.version,
        changes={"response": answer},
    )


# ---------------------------------------------------------------- agenda


def _create_agenda_item(
    meeting: Meeting,
    actor: Any,
    *,
    title: str,
    presenter: Any = None,
    duration_minutes: int = 10,
    notes: str = "",
) -> AgendaItem:
    last = meeting.agenda_items.order_by("-position").values_list("position", flat=True).first()
    return writes.create(
        AgendaItem(
            meeting=meeting,
            position=(last or 0) + 1,
            title=title,
            presenter=_project_person(meeting.project, presenter, "presenter", "project.view"),
            duration_minutes=duration_minutes,
            notes=notes,
        ),
        actor=actor,
        action="agenda_item.created",
        **_scope(meeting),
    )


@transaction.atomic
def do_add_agenda_item(
    meeting: Meeting,
    *,
    acting_user: Any,
    title: str,
    presenter: Any = None,
    duration_minutes: int = 10,
    notes: str = "",
) -> AgendaItem:
    """Append an item to the agenda (its position is one after the last)."""
    _require_manage(acting_user, meeting.project)
    if meeting.agenda_items.count() >= MAX_AGENDA_ITEMS:
        raise _fail(
            "agenda",
            _("At most %(max_agenda_items)s agenda items per meeting.")
            % {"max_agenda_items": MAX_AGENDA_ITEMS},
        )
    return _create_agenda_item(
        meeting,
        acting_user,
        title=title,
        presenter=presenter,
        duration_minutes=duration_minutes,
        notes=notes,
    )


@transaction.atomic
def do_update_agenda_item(
    item: AgendaItem, *, acting_user: Any, version: int, changes: Mapping[str, Any]
) -> AgendaItem:
    _check_fields(changes, AGENDA_FIELDS, "agenda item")
    meeting = item.meeting
    _require_manage(acting_user, meeting.project)
    changes = dict(changes)
    if "presenter" in changes:
        changes["presenter"] = _project_person(
            meeting.project, changes["presenter"], "presenter", "project.view"
        )
    return writes.update(
        item,
        version=version,
        changes=changes,
        actor=acting_user,
        action="agenda_item.updated",
        **_scope(meeting),
    )


@transaction.atomic
def do_delete_agenda_item(item: AgendaItem, *, acting_user: Any, version: int) -> None:
    meeting = item.meeting
    _require_manage(acting_user, meeting.project)
    writes.delete(
        item, version=version, actor=acting_user, action="agenda_item.deleted", **_scope(meeting)
    )


# ---------------------------------------------------------------- minutes


@transaction.atomic
def do_record_minutes(
    meeting: Meeting, *, acting_user: Any, text: str, version: int | None = None
) -> Minutes:
    """Write the meeting's minutes. The first write needs no version; rewriting existing minutes
    needs the version read (428 without, 412 when stale). Records who wrote them and when."""
    _require_manage(acting_user, meeting.project)
    existing = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    now = timezone.now()
    if existing is None:
        return writes.create(
            Minutes(meeting=meeting, text=text, recorded_by=acting_user, recorded_at=now),
            actor=acting_user,
            action="minutes.recorded",
            **_scope(meeting),
        )
    if version is None:
        raise PreconditionRequired(
            _('These minutes exist already: send If-Match: "<version>" with your change.')
        )
    return writes.update(
        existing,
        version=version,
        changes={"text": text, "recorded_by": acting_user, "recorded_at": now},
        actor=acting_user,
        action="minutes.updated",
        **_scope(meeting),
    )


# ---------------------------------------------------------------- decisions


@transaction.atomic
def do_record_meeting_decision(
    meeting: Meeting, *, acting_user: Any, title: str, text: str = "", decided_by: Any = None
) -> Decision:
    """Log a decision taken in the meeting in the project's decision log, accepted on the
    meeting's (local) day and linked to the meeting. Edit or delete it there."""
    _require_manage(acting_user, meeting.project)
    person = _project_person(meeting.project, decided_by, "decided_by", "project.view")
    day = meeting.starts_at.astimezone(zoneinfo.ZoneInfo(meeting.time_zone)).date()
    return do_create_decision(
        meeting.project,
        acting_user=acting_user,
        title=title,
        decision=text,
        decided_by_id=person.pk if person else None,
        decided_on=day,
        status=DecisionStatus.ACCEPTED,
        meeting_id=meeting.pk,
    )


# ---------------------------------------------------------------- action items


@transaction.atomic
def do_add_action_item(
    meeting: Meeting,
    *,
    acting_user: Any,
    description: str,
    owner: Any = None,
    due_date: dt.date | None = None,
    status: str = ActionItemStatus.OPEN,
) -> ActionItem:
    _require_manage(acting_user, meeting.project)
    return writes.create(
        ActionItem(
            meeting=meeting,
            description=description,
            owner=_project_person(meeting.project, owner, "owner"),
            due_date=due_date,
            status=status,
        ),
        actor=acting_user,
        action="action_item.created",
        **_scope(meeting),
    )


@transaction.atomic
def do_update_action_item(
    item: ActionItem, *, acting_user: Any, version: int, changes: Mapping[str, Any]
) -> ActionItem:
    """Managers and coordinators change anything; the owner updates the ``status``."""
    _check_fields(changes, ACTION_ITEM_FIELDS, "action item")
    meeting = item.meeting
    if not has_right(acting_user, meeting.project, MANAGE):
        if not ActionItemPolicy.can(acting_user, "update_own", item):
            raise Forbidden(_("Only the owner, the manager and coordinators update this item."))
        if not set(changes) <= OWNER_ACTION_ITEM_FIELDS:
            raise Forbidden(_("As the owner you may update the status only."))
    changes = dict(changes)
    if "owner" in changes:
        changes["owner"] = _project_person(meeting.project, changes["owner"], "owner")
    return writes.update(
        item,
        version=version,
        changes=changes,
        actor=acting_user,
        action="action_item.updated",
        **_scope(meeting),
    )


@transaction.atomic
def do_delete_action_item(item: ActionItem, *, acting_user: Any, version: int) -> None:
    meeting = item.meeting
    _require_manage(acting_user, meeting.project)
    if item.task_id is not None:
        raise Conflict(_("This action item became a task; it stays as the task's origin."))
    writes.delete(
        item, version=version, actor=acting_user, action="action_item.deleted", **_scope(meeting)
    )


@transaction.atomic
def do_convert_action_item_to_task(
    item: ActionItem,
    *,
    acting_user: Any,
    parent: Task | None = None,
    task_fields: Mapping[str, Any] | None = None,
    outcome: PlanOutcome | None = None,
) -> Task:
    """Turn an action item into a planning task assigned to its owner, due on its due date, and
    link the item to it. An item converts once: a second attempt is a 409 naming the task.

    ``parent`` places the task under a summary; ``task_fields`` are more of the task's fields
    (``estimate``, or a finish constraint with ``deadline`` None instead of the due date as a
    deadline); ``outcome`` collects what the rescheduling moved (see ``do_create_task``)."""
    # Claim the row before reading anything else: this no-op UPDATE takes its write lock, so of
    # two simultaneous conversions (a double click) the second waits for the first and then
    # finds its task, on PostgreSQL (row lock) and SQLite (database write lock) alike.
    claimed = ActionItem.objects.filter(pk=item.pk, task__isnull=True).update(version=F("version"))
    meeting = item.meeting
    _require_manage(acting_user, meeting.project)
    locked = ActionItem.objects.filter(pk=item.pk).first()
    if locked is None:
        raise NotFound(_("No action item %(item_id)s.") % {"item_id": item.pk})
    if not claimed or locked.task_id is not None:
        raise Conflict(
            _("Action item %(item_id)s already became task %(task_id)s.")
            % {"item_id": item.pk, "task_id": locked.task_id}
        )
    name = locked.description if len(locked.description) <= 200 else locked.description[:199] + "…"
    task = do_create_task(
        meeting.project,
        acting_user=acting_user,
        name=name,
        description=(
            f"{locked.description}\n\nFrom the meeting “{meeting.title}” on "
            f"{meeting.starts_at.astimezone(zoneinfo.ZoneInfo(meeting.time_zone)):%Y-%m-%d}."
        ),
        assignee_ids=[locked.owner_id] if locked.owner_id else None,
        due_date=locked.due_date,
        parent=parent,
        outcome=outcome,
        **dict(task_fields or {}),
    )
    writes.update(
        locked,
        version=locked.version,
        changes={"task": task},
        actor=acting_user,
        action="action_item.converted",
        **_scope(meeting),
    )
    return task
