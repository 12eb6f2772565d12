"""Meeting pages: the project's meetings, the meeting form (agenda inline, "find a time"), and
the meeting page where the coordinator runs the meeting: minutes, decisions, action items."""

from __future__ import annotations

import datetime as dt
import json
import math
import zoneinfo
from collections import Counter
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tandem.core.errors import Forbidden, NotFound, TandemError
from tandem.projects.navigation import project_context
from tandem.projects.policies import RIGHTS, members_of

from . import actions, queries
from .finder import DEFAULT_WINDOW_DAYS, FinderAnswer, SlotQuery
from .finder import search as search_slots
from .forms import (
    ActionItemForm,
    ActionItemStatusForm,
    AgendaFormSet,
    AgendaItemForm,
    AttendanceForm,
    CancelForm,
    DecisionForm,
    FindTimeForm,
    InviteForm,
    MeetingForm,
    MinutesForm,
    ResponseForm,
)
from .ical import ics_response
from .models import ActionItem, ActionItemStatus, Meeting, ResponseStatus
from .policies import MANAGE, VIEW, ActionItemPolicy, may_manage
from .rooms import rooms_visible_to
from .timezones import check_meeting_time

STATUS_CHOICES = ActionItemStatus.choices

# ---------------------------------------------------------------- helpers


def _people(project: Any) -> list[tuple[int, str]]:
    """The project's team (everyone who sees meetings), for the people pickers."""
    rows = members_of(project, RIGHTS[VIEW]).order_by("user__username")
    return [(m.user_id, str(m.user)) for m in rows]


def _rooms(user: Any) -> list[tuple[int, str]]:
    return [(r.pk, str(r)) for r in rooms_visible_to(user)]


def _zone(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name)


def _with_times(meeting: Meeting, viewer: Any) -> Meeting:
    """Attach the meeting's times in its own zone and in the viewer's zone for display."""
    own, mine = _zone(meeting.time_zone), _zone(getattr(viewer, "time_zone", "") or "UTC")
    meeting.local_start = meeting.starts_at.astimezone(own)  # type: ignore[attr-defined]
    meeting.local_end = meeting.ends_at.astimezone(own)  # type: ignore[attr-defined]
    meeting.viewer_start = meeting.starts_at.astimezone(mine)  # type: ignore[attr-defined]
    meeting.viewer_end = meeting.ends_at.astimezone(mine)  # type: ignore[attr-defined]
    meeting.viewer_zone = str(mine)  # type: ignore[attr-defined]
    meeting.zones_differ = (  # type: ignore[attr-defined]
        meeting.local_start.utcoffset() != meeting.viewer_start.utcoffset()  # type: ignore[attr-defined]
        or meeting.time_zone != str(mine)
    )
    return meeting


def _copy_errors(form: forms.Form, exc: TandemError) -> None:
    """Show an action's refusal on the form: per field where it names one, else on top."""
    placed = False
    for field, messages in exc.fields.items():
        name = {"participants": "required_people", "organizer": None}.get(field, field)
        if name in form.fields:
            form.add_error(name, messages)
            placed = True
    if not placed:
        form.add_error(None, exc.message)


def task_url(task_id: int | None, project_id: int) -> str:
    """Where the task that came from an action item is shown."""
    if task_id is None:
        return ""
    for name, args in (("task-detail", [task_id]), ("task-list", [project_id])):
        try:
            url = reverse(name, args=args)
        except NoReverseMatch:
            continue
        return url if name == "task-detail" else f"{url}#task-{task_id}"
    return f"/api/tasks/{task_id}"


def _annotate_items(items: Any, user: Any, project_id: int) -> list[ActionItem]:
    out = []
    for item in items:
        item.task_href = task_url(item.task_id, project_id)
        item.may_update = ActionItemPolicy.can(user, "update_own", item)
        out.append(item)
    return out


# ---------------------------------------------------------------- list and form


@login_required
@require_GET
def meeting_list(request: HttpRequest, project_id: int) -> HttpResponse:
    project = queries.project_for_meetings(request.user, project_id)
    upcoming, past = queries.upcoming_and_past(request.user, project)
    context = project_context(
        request.user,
        project,
        "meeting-list",
        upcoming=[_with_times(m, request.user) for m in upcoming],
        past=[_with_times(m, request.user) for m in past],
    )
    return render(request, "meetings/list.html", context)


def _meeting_form(request: HttpRequest, project: Any, people: list[tuple[int, str]]) -> MeetingForm:
    zone = getattr(request.user, "time_zone", "") or project.time_zone or "UTC"
    return MeetingForm(
        request.POST or None,
        people=people,
        rooms=_rooms(request.user),
        initial={"time_zone": zone, "required_people": [request.user.pk]},
    )


@login_required
def meeting_create(request: HttpRequest, project_id: int) -> HttpResponse:
    project = queries.project_for_meetings(request.user, project_id, MANAGE)
    people = _people(project)
    form = _meeting_form(request, project, people)
    agenda = AgendaFormSet(request.POST or None, prefix="agenda", form_kwargs={"people": people})
    status = 422 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid() and agenda.is_valid():
        data = form.cleaned_data
        try:
            meeting = actions.do_create_meeting_series(
                project,
                acting_user=request.user,
                occurrences=data["occurrences"],
                title=data["title"],
                purpose=data["purpose"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                time_zone=data["time_zone"],
                location=data["location"],
                video_url=data["video_url"],
                room=data.get("room"),
                participants=form.participant_specs(),
                agenda=agenda.specs(),  # type: ignore[attr-defined]
            )[0]
        except TandemError as exc:
            _copy_errors(form, exc)
            status = exc.status
        else:
            return redirect("meeting-detail", meeting.pk)
    context = project_context(
        request.user,
        project,
        "meeting-list",
        form=form,
        agenda=agenda,
        meeting=None,
        finder_form=FindTimeForm(prefix="find"),
    )
    return render(request, "meetings/form.html", context, status=status)


@login_required
@require_GET
def agenda_row(request: HttpRequest, project_id: int) -> HttpResponse:
    """One more blank agenda row for the meeting form (htmx), numbered after the others."""
    project = queries.project_for_meetings(request.user, project_id, MANAGE)
    try:
        index = int(request.GET.get("agenda-TOTAL_FORMS", "0"))
    except ValueError:
        index = 0
    index = max(0, min(index, 99))
    row = AgendaItemForm(prefix=f"agenda-{index}", people=_people(project))
    return render(request, "meetings/_agenda_row.html", {"row": row, "next_total": index + 1})


def _page_change(change: dict[str, Any], answer: FinderAnswer, days: int) -> dict[str, Any]:
    """A relaxation's change as the meeting form's fields (what its button sets)."""
    out = {k: v for k, v in change.items() if k != "window_end"}
    if "window_end" in change:
        extra = (change["window_end"] - answer.window_end).total_seconds() / 86400
        out["window_days"] = min(92, days + max(1, math.ceil(extra)))
    return out


@login_required
@require_POST
def find_time(request: HttpRequest, project_id: int) -> HttpResponse:
    """Slots for the people ticked on the meeting form (htmx): the engine's full finder, each
    slot with every person's local time; when nothing fits, why, and one-click relaxations."""
    project = queries.project_for_meetings(request.user, project_id, MANAGE)
    form = MeetingForm(request.POST, people=_people(project), rooms=_rooms(request.user))
    form.is_valid()
    data = form.cleaned_data
    has_finder = "find-duration_minutes" in request.POST
    finder_form = FindTimeForm(request.POST if has_finder else None, prefix="find")
    # htmx swaps only 2xx answers: refusals go where the slots would be, with status 200.
    if has_finder and not finder_form.is_valid():
        errors = [
            _("%(label)s: %(problems)s")
            % {"label": finder_form[k].label, "problems": " ".join(str(m) for m in v)}
            for k, v in finder_form.errors.items()
        ]
        return render(request, "meetings/_find_time.html", {"error": "; ".join(errors)})
    options = finder_form.cleaned_data if has_finder else {}
    zone = str(data.get("time_zone") or getattr(request.user, "time_zone", "") or "UTC")
    now = timezone.now()
    day = options.get("window_start") or timezone.localtime(now, _zone(zone)).date()
    typed_start = data.get("starts_at")
    if not options.get("window_start") and isinstance(typed_start, dt.datetime):
        # no days chosen: search from the day the form's start names
        try:
            day = check_meeting_time(typed_start, "starts_at").astimezone(_zone(zone)).date()
        except TandemError as exc:
            return render(request, "meetings/_find_time.html", {"error": exc.message})
    days = options.get("window_days") or DEFAULT_WINDOW_DAYS
    midnight = dt.datetime.combine(day, dt.time(), _zone(zone))
    required = tuple(data.get("required_people") or [request.user.pk])
    room = data.get("room")
    query = SlotQuery(
        required_ids=required,
        optional_ids=tuple(data.get("optional_people") or []),
        room_ids=(room,) if room else (),
        duration_minutes=options.get("duration_minutes") or 60,
        window_start=max(now, midnight),
        window_end=midnight + dt.timedelta(days=days),
        time_zone=zone,
        occurrences=data.get("occurrences") or 1,
        earliest=options["earliest"].strftime("%H:%M") if options.get("earliest") else None,
        latest=options["latest"].strftime("%H:%M") if options.get("latest") else None,
        within_working_hours=options.get("within_working_hours", True),
        max_results=8,
        per_day=2,
    )
    context: dict[str, Any] = {"answer": None, "error": ""}
    if query.window_end <= query.window_start:  # type: ignore[operator]
        context["error"] = _("Those days are over; search from today.")
        return render(request, "meetings/_find_time.html", context)
    try:
        answer = search_slots(project, query, now)
    except TandemError as exc:
        context["error"] = exc.message
        return render(request, "meetings/_find_time.html", context)
    for relaxation in answer.relaxations:
        relaxation["page_change"] = json.dumps(
            _page_change(relaxation["change"], answer, days), default=str
        )
    context["answer"] = answer
    return render(request, "meetings/_find_time.html", context)


# ---------------------------------------------------------------- meeting page


def _answer_summary(participants: list[Any]) -> str:
    """ "2 accepted, 1 declined, 1 no answer yet", in the order people answer."""
    counts = Counter(p.response for p in participants)
    labels = dict(ResponseStatus.choices)
    order = ["accepted", "tentative", "declined", "needs_action"]
    return ", ".join(
        _("%(count)s %(answer)s") % {"count": counts[k], "answer": str(labels[k]).lower()}
        for k in order
        if counts[k]
    )


def _detail_context(request: HttpRequest, meeting: Meeting, **bound: Any) -> dict[str, Any]:
    user = request.user
    project = meeting.project
    manage = may_manage(user, project)
    people = _people(project)
    minutes = queries.minutes_of(meeting)
    participants = list(queries.participants_of(meeting))
    mine = next((p for p in participants if p.user_id == user.pk), None)
    forms_: dict[str, Any] = {}
    if manage:
        forms_ = {
            "minutes_form": MinutesForm(
                prefix="minutes",
                initial={
                    "text": minutes.text if minutes else "",
                    "version": getattr(minutes, "version", None),
                },
            ),
            "agenda_form": AgendaItemForm(prefix="new-agenda", people=people),
            "decision_form": DecisionForm(prefix="decision", people=people),
            "action_form": ActionItemForm(prefix="action", people=people),
            "cancel_form": CancelForm(initial={"version": meeting.version}),
            "invite_form": InviteForm(
                prefix="invite",
                people=[(i, n) for i, n in people if i not in {p.user_id for p in participants}],
            ),
        }
    forms_.update(bound)
    return project_context(
        user,
        project,
        "meeting-list",
        meeting=_with_times(meeting, user),
        manage=manage,
        viewer_zone=getattr(user, "time_zone", "") or "UTC",
        participants=participants,
        answer_summary=_answer_summary(participants),
        my_participation=mine,
        response_form=ResponseForm(initial={"version": mine.version, "response": mine.response})
        if mine
        else None,
        agenda_items=list(queries.agenda_of(meeting)),
        agenda_minutes=sum(a.duration_minutes for a in queries.agenda_of(meeting)),
        minutes=minutes,
        decisions=list(queries.decisions_of(meeting)),
        action_items=_annotate_items(queries.action_items_of(meeting), user, project.pk),
        status_choices=STATUS_CHOICES,
        **forms_,
    )


@login_required
@require_GET
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = queries.get_meeting(request.user, meeting_id)
    return render(request, "meetings/detail.html", _detail_context(request, meeting))


def _refused(
    request: HttpRequest, meeting: Meeting, exc: TandemError, **bound: Any
) -> HttpResponse:
    """Show the meeting page again with the failed form and the reason, with the error's status."""
    for form in bound.values():
        _copy_errors(form, exc)
    context = _detail_context(request, meeting, **bound)
    return render(request, "meetings/detail.html", context, status=exc.status)


def _invalid(request: HttpRequest, meeting: Meeting, **bound: Any) -> HttpResponse:
    context = _detail_context(request, meeting, **bound)
    return render(request, "meetings/detail.html", context, status=422)


def _back(meeting: Meeting, section: str) -> HttpResponse:
    return redirect(reverse("meeting-detail", args=[meeting.pk]) + f"#{section}")


@login_required
def meeting_edit(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = queries.get_meeting(request.user, meeting_id, "manage")
    project = meeting.project
    own = _zone(meeting.time_zone)
    initial = {
        "title": meeting.title,
        "purpose": meeting.purpose,
        "starts_at": meeting.starts_at.astimezone(own).replace(tzinfo=None),
        "ends_at": meeting.ends_at.astimezone(own).replace(tzinfo=None),
        "time_zone": meeting.time_zone,
        "location": meeting.location,
        "video_url": meeting.video_url,
        "room": meeting.room_id,
    }
    form = MeetingForm(request.POST or None, people=[], rooms=_rooms(request.user), initial=initial)
    del form.fields["required_people"], form.fields["optional_people"], form.fields["occurrences"]
    version = request.POST.get("version", str(meeting.version))
    status = 422 if request.method == "POST" else 200
    if request.method == "POST" and not version.isdigit():
        form.add_error(None, _("This form lost the version it was based on; reload the page."))
    elif request.method == "POST" and form.is_valid():
        changes = {k: v for k, v in form.cleaned_data.items() if k in initial}
        try:
            actions.do_update_meeting(
                meeting, acting_user=request.user, version=int(version), changes=changes
            )
        except TandemError as exc:
            _copy_errors(form, exc)
            status = exc.status
        else:
            return redirect("meeting-detail", meeting.pk)
    context = project_context(
        request.user, project, "meeting-list", form=form, meeting=meeting, version=version
    )
    return render(request, "meetings/form.html", context, status=status)


@login_required
@require_POST
def meeting_cancel(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = queries.get_meeting(request.user, meeting_id, "manage")
    form = CancelForm(request.POST)
    if not form.is_valid():
        return _invalid(request, meeting, cancel_form=form)
    actions.do_cancel_meeting(
        meeting,
        acting_user=request.user,
        version=form.cleaned_data["version"],
        reason=form.cleaned_data["reason"],
    )
    return _back(meeting, "top")


@login_required
@require_GET
def meeting_ics(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = queries.get_meeting(request.user, meeting_id)
    return ics_response(meeting, queries.participants_of(meeting), timezone.now())


@login_required
@require_POST
def meeting_respond(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The signed-in person answers their own invitation."""
    meeting = queries.get_meeting(request.user, meeting_id)
    user: Any = request.user
    participant = meeting.participants.filter(user=user).first()
    if participant is None:
        raise Forbidden(_("You are not invited to this meeting."))
    form = ResponseForm(request.POST)
    if not form.is_valid():
        return _invalid(request, meeting)
    actions.do_update_participant(
        participant,
        acting_user=request.user,
        version=form.cleaned_data["version"],
        changes={"response": form.cleaned_data["response"]},
    )
    return _back(meeting, "participants")


@login_required
@require_POST
def meeting_minutes(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Save the minutes; with htmx, answer with the refreshed minutes section only."""
    meeting = queries.get_meeting(request.user, meeting_id, "manage")
    form = MinutesForm(request.POST, prefix="minutes")
    status = 422
    if form.is_valid():
        try:
            actions.do_record_minutes(
                meeting,
                acting_user=request.user,
                text=form.cleaned_data["text"],
                version=form.cleaned_data["version"],
            )
            status = 200
        except TandemError as exc:
            _copy_errors(form, exc)
            status = exc.status
    htmx = bool(getattr(request, "htmx", False))
    if status == 200 and not htmx:
        return _back(meeting, "minutes")
    if not htmx:
        context = _detail_context(request, meeting, minutes_form=form)
        return render(request, "meetings/detail.html", context, status=status)
    minutes = queries.minutes_of(meeting)
    if status == 200 and minutes is not None:
        form = MinutesForm(
            prefix="minutes", initial={"text": minutes.text, "version": minutes.version}
        )
    context = {
        "meeting": meeting,
        "minutes": minutes,
        "manage": True,
        "minutes_form": form,
        "saved": status == 200,
        "viewer_zone": getattr(request.user, "time_zone", "") or "UTC",
    }
    return render(request, "meetings/_minutes.html", context, status=status)


@login_required
@require_POST
def agenda_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = queries.get_meeting(request.user, meeting_id, "manage")
    form = AgendaItemForm(request.POST, prefix="new-agenda", people=_people(meeting.project))
    if not form.is_valid():
        return _invalid(request, meeting, agenda_form=form)
    try:
        actions.do_add_agenda_item(meeting, acting_user=request.user, **form.as_spec())
    except TandemError as exc:
        return _refused(request, meeting, exc, agenda_form=form)
    return _back(meeting, "agenda")


@login_required
@require_POST
def decision_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = queries.get_meeting(request.user, meeting_id, "manage")
    form = DecisionForm(request.POST, prefix="decision", people=_people(meeting.project))
    if not form.is_valid():
        return _invalid(request, meeting, decision_form=form)
    try:
        actions.do_record_meeting_decision(meeting, acting_user=request.user, **form.cleaned_data)
    except TandemError as exc:
        return _refused(request, meeting, exc, decision_form=form)
    return _back(meeting, "decisions")


@login_required
@require_POST
def action_item_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = queries.get_meeting(request.user, meeting_id, "manage")
    form = ActionItemForm(request.POST, prefix="action", people=_people(meeting.project))
    if not form.is_valid():
        return _invalid(request, meeting, action_form=form)
    try:
        actions.do_add_action_item(meeting, acting_user=request.user, **form.cleaned_data)
    except TandemError as exc:
        return _refused(request, meeting, exc, action_form=form)
    return _back(meeting, "action-items")


@login_required
@require_POST
def action_item_status(request: HttpRequest, item_id: int) -> HttpResponse:
    """The owner (or a manager/coordinator) moves an action item's status."""
    item = queries.get_action_item(request.user, item_id)
    form = ActionItemStatusForm(request.POST)
    if not form.is_valid():
        return _invalid(request, item.meeting)
    actions.do_update_action_item(
        item,
        acting_user=request.user,
        version=form.cleaned_data["version"],
        changes={"status": form.cleaned_data["status"]},
    )
    return _back(item.meeting, f"action-item-{item.pk}")


@login_required
@require_POST
def action_item_convert(request: HttpRequest, item_id: int) -> HttpResponse:
    """ "Create task": the item becomes a planning task. htmx swaps in the row with the link."""
    item = queries.get_action_item(request.user, item_id, "manage")
    actions.do_convert_action_item_to_task(item, acting_user=request.user)
    if not getattr(request, "htmx", False):
        return _back(item.meeting, f"action-item-{item.pk}")
    item = queries.action_items_of(item.meeting).get(pk=item.pk)
    row = _annotate_items([item], request.user, item.meeting.project_id)[0]
    context = {"item": row, "manage": True, "status_choices": STATUS_CHOICES, "just_created": True}
    return render(request, "meetings/_action_item.html", context)


@login_required
@require_POST
def meeting_invite(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = queries.get_meeting(request.user, meeting_id, "manage")
    form = InviteForm(request.POST, prefix="invite", people=_people(meeting.project))
    if not form.is_valid():
        return _invalid(request, meeting, invite_form=form)
    try:
        actions.do_add_participant(
            meeting,
            acting_user=request.user,
            user=form.cleaned_data["user"],
            required=form.cleaned_data["required"],
        )
    except TandemError as exc:
        return _refused(request, meeting, exc, invite_form=form)
    return _back(meeting, "participants")


@login_required
@require_POST
def meeting_attendance(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Mark one participant as present or absent."""
    meeting = queries.get_meeting(request.user, meeting_id, "manage")
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        return _invalid(request, meeting)
    participant = meeting.participants.filter(pk=form.cleaned_data["participant"]).first()
    if participant is None:
        raise NotFound(
            _("No participant %(id)s in this meeting.") % {"id": form.cleaned_data["participant"]}
        )
    actions.do_update_participant(
        participant,
        acting_user=request.user,
        version=form.cleaned_data["version"],
        changes={"attended": form.cleaned_data["attended"]},
    )
    return _back(meeting, f"participant-{participant.pk}")


@login_required
@require_POST
def agenda_item_delete(request: HttpRequest, item_id: int) -> HttpResponse:
    item = queries.get_agenda_item(request.user, item_id, "manage")
    form = CancelForm(request.POST)  # the version is all it needs
    if not form.is_valid():
        return _invalid(request, item.meeting)
    actions.do_delete_agenda_item(
        item, acting_user=request.user, version=form.cleaned_data["version"]
    )
    return _back(item.meeting, "agenda")
