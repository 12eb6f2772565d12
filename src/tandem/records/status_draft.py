"""A status update's first draft, from the project's data: the period since the last update,
the RAG of the project's health, the tasks finished in the period, the tasks starting in the
next one and the blocked ones. The lead edits it before saving."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tandem.planning.models import Task, TaskStatus
from tandem.projects.models import Project

from .models import StatusUpdate

DEFAULT_PERIOD_DAYS = 7
MAX_LISTED = 15


def draft_period(project: Project, today: dt.date) -> tuple[dt.date, dt.date]:
    """From the day after the last update's period (a week back when there is none, or when the
    last one ends today or later) to ``today``, inclusive."""
    last = StatusUpdate.objects.filter(project=project).order_by("-period_end").first()
    if last is not None and last.period_end < today:
        return last.period_end + dt.timedelta(days=1), today
    return today - dt.timedelta(days=DEFAULT_PERIOD_DAYS - 1), today


def _lines(tasks: list[Task], say: Any) -> str:
    shown = [f"- {task.wbs_code} {task.name} {say(task)}".rstrip() for task in tasks[:MAX_LISTED]]
    if len(tasks) > MAX_LISTED:
        shown.append(_("- and %(count)d more") % {"count": len(tasks) - MAX_LISTED})
    return "\n".join(shown)


def _day(day: dt.date | None) -> str:
    return f"{day.day} {day:%b}" if day else ""


def status_draft(project: Project, today: dt.date) -> dict[str, Any]:
    """Initial values of the status update form (the form's field names)."""
    start, end = draft_period(project, today)
    return status_draft_for_period(project, start, end)


def status_draft_for_period(project: Project, start: dt.date, end: dt.date) -> dict[str, Any]:
    """The draft of the period ``start`` to ``end`` (inclusive); the status reports
    (``tandem.reports``) add their tables to the same words."""
    next_end = end + (end - start) + dt.timedelta(days=1)
    leaves = Task.objects.filter(project=project, children__isnull=True).order_by("wbs_sort")
    finished = list(
        leaves.filter(actual_finish__gte=start, actual_finish__lte=end).exclude(
            status=TaskStatus.CANCELLED
        )
    )
    starting = list(
        leaves.filter(start_date__gt=end, start_date__lte=next_end, actual_start__isnull=True)
        .exclude(status__in=[TaskStatus.DONE, TaskStatus.CANCELLED])
        .order_by("start_date", "wbs_sort")
    )
    blocked = list(leaves.filter(status=TaskStatus.BLOCKED))
    achievements = _lines(
        finished, lambda t: _("(finished %(day)s)") % {"day": _day(t.actual_finish)}
    )
    next_steps = _lines(starting, lambda t: _("(starts %(day)s)") % {"day": _day(t.start_date)})
    summary = ngettext(
        "%(count)d task finished from %(start)s to %(end)s; %(starting)d start by %(next_end)s.",
        "%(count)d tasks finished from %(start)s to %(end)s; %(starting)d start by %(next_end)s.",
        len(finished),
    ) % {
        "count": len(finished),
        "start": _day(start),
        "end": _day(end),
        "starting": len(starting),
        "next_end": _day(next_end),
    }
    if project.health_reason:
        summary += " " + _("Health: %(reason)s") % {"reason": project.health_reason}
    return {
        "period_start": start,
        "period_end": end,
        "rag": project.health,
        "summary": summary,
        "achievements": achievements,
        "next_steps": next_steps,
        "blockers": _lines(blocked, lambda t: _("is blocked")),
    }
