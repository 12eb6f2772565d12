"""Pages of the coordinator's desk: an action item scheduled as a task, and a meeting's agenda
built from the project's state (RACI: ``views_raci``; teams and handoffs: ``views_teams``)."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tandem.core import l10n
from tandem.core.errors import TandemError
from tandem.meetings import queries as meeting_queries
from tandem.meetings.models import ActionItem, Meeting
from tandem.planning.forms import add_action_errors
from tandem.planning.models import Task
from tandem.projects.navigation import project_context

from . import actions
from .agenda import DEFAULT_RISK_SCORE, SECTIONS, agenda_candidates
from .forms import RiskScoreForm, ScheduleActionItemForm

# ---------------------------------------------------------------- action item -> task


def _meeting_day(meeting: Meeting) -> str:
    local = meeting.starts_at.astimezone(zoneinfo.ZoneInfo(meeting.time_zone))
    return l10n.format_date(local, to_local=False)


def _scheduled_message(item: ActionItem, done: actions.ScheduledTask) -> str:
    task = done.task
    where = (
        _("under %(parent)s") % {"parent": task.parent}
        if task.parent_id
        else _("at the top level of the plan")
    )
    if done.scheduled and task.start_date and task.finish_date:
        when = _(", scheduled %(start)s to %(finish)s") % {
            "start": l10n.format_date(task.start_date, "month_day"),
            "finish": l10n.format_date(task.finish_date),
        }
    else:
        when = _("; the plan is scheduled manually: apply the schedule to give it dates")
    message = _("Task “%(task)s” created %(where)s%(when)s.") % {
        "task": f"{task.wbs_code} {task.name}",
        "where": where,
        "when": when,
    }
    if item.owner:
        message += " " + _("%(owner)s was notified.") % {"owner": item.owner}
    moved = len([m for m in done.outcome.rescheduled if m.id != task.pk])
    if moved:
        message += " " + ngettext(
            "The schedule moved %(count)s other task.",
            "The schedule moved %(count)s other tasks.",
            moved,
        ) % {"count": l10n.format_number(moved)}
    return message


@login_required
def action_item_schedule(request: HttpRequest, item_id: int) -> HttpResponse:
    """Ask where the action item's task goes, create it and schedule it."""
    item = meeting_queries.get_action_item(request.user, item_id, "manage")
    meeting = item.meeting
    project = meeting.project
    back = reverse("meeting-detail", args=[meeting.pk]) + f"#action-item-{item.pk}"
    initial = {
        "owner": str(item.owner_id or ""),
        "due_date": item.due_date,
        "estimate_days": 1,
    }
    form = ScheduleActionItemForm(request.POST or None, project=project, initial=initial)
    status = 200
    if request.method == "POST" and item.task_id is None:
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                parent = (
                    Task.objects.filter(project=project, pk=int(data["parent"])).first()
                    if data["parent"]
                    else None
                )
                done = actions.do_schedule_action_item(
                    item,
                    acting_user=request.user,
                    parent=parent,
                    owner=int(data["owner"]) if data["owner"] else None,
                    due_date=data["due_date"],
                    due_as=data["due_as"],
                    estimate_days=data["estimate_days"],
                )
            except TandemError as exc:
                add_action_errors(form, exc)
                status = exc.status
            else:
                item.refresh_from_db()
                messages.success(request, _scheduled_message(item, done))
                return redirect(back)
    elif request.method == "POST":
        status = 409
    context = project_context(
        request.user,
        project,
        "meeting-list",
        item=item,
        meeting=meeting,
        meeting_day=_meeting_day(meeting),
        form=form,
        back=back,
    )
    return render(request, "coordination/schedule_action_item.html", context, status=status)


# ---------------------------------------------------------------- agenda builder


def _risk_score(request: HttpRequest) -> tuple[RiskScoreForm, int]:
    data = request.GET if "risk_score" in request.GET else None
    if data is None and "risk_score" in request.POST:
        data = request.POST
    form = RiskScoreForm(data, initial={"risk_score": DEFAULT_RISK_SCORE})
    if data is not None and form.is_valid():
        return form, form.cleaned_data["risk_score"]
    return form, DEFAULT_RISK_SCORE


def _builder_context(
    request: HttpRequest, meeting: Meeting, score: int, **extra: Any
) -> dict[str, Any]:
    agenda = list(meeting_queries.agenda_of(meeting))
    on_agenda = {a.title for a in agenda}
    candidates = agenda_candidates(request.user, meeting, risk_score_at_least=score)
    counts = {str(label): 0 for label in SECTIONS.values()}
    for c in candidates:
        counts[c.section] += 1
    return {
        "meeting": meeting,
        "agenda": agenda,
        "agenda_minutes": sum(a.duration_minutes for a in agenda),
        "candidates": [{"c": c, "on_agenda": c.title in on_agenda} for c in candidates],
        "counts": counts,
        "risk_score": score,
        "picked": [],
        **extra,
    }


@login_required
def agenda_builder(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Pick and order agenda items from the project's state; htmx swaps the builder after each
    addition, without htmx the meeting page follows."""
    meeting = meeting_queries.get_meeting(request.user, meeting_id, "manage")
    score_form, score = _risk_score(request)
    status, extra = 200, {}
    if request.method == "POST":
        keys = request.POST.getlist("item")
        try:
            added = actions.do_build_agenda(
                meeting, acting_user=request.user, keys=keys, risk_score_at_least=score
            )
        except TandemError as exc:
            status, extra = exc.status, {"error": exc.message, "picked": keys}
        else:
            note = ngettext(
                "Added %(count)s item to the agenda: %(titles)s",
                "Added %(count)s items to the agenda: %(titles)s",
                len(added),
            ) % {
                "count": l10n.format_number(len(added)),
                "titles": "; ".join(a.title for a in added),
            }
            if not request.htmx:  # type: ignore[attr-defined]
                messages.success(request, note)
                return redirect(reverse("meeting-detail", args=[meeting.pk]) + "#agenda")
            extra = {"added_note": note}
    context = _builder_context(request, meeting, score, score_form=score_form, **extra)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "coordination/_agenda_builder.html", context, status=status)
    page = project_context(request.user, meeting.project, "meeting-list", **context)
    return render(request, "coordination/agenda_builder.html", page, status=status)
