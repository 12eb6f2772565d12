"""The coordinator's writes: an action item becomes a scheduled task, an agenda is built from the
project's state. Both write through the owning apps' actions (meetings, planning), which check
rights, validate and audit; what is added here is the choice of where and how, and telling the
people concerned. RACI writes: ``raci_actions``; reminders: ``reminders``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.comms.actions import notify
from tandem.core import l10n
from tandem.core.errors import Conflict, ValidationFailed
from tandem.meetings import actions as meeting_actions
from tandem.meetings.models import ActionItem, AgendaItem, Meeting
from tandem.meetings.policies import MANAGE
from tandem.planning.models import ConstraintType, DurationUnit, Task
from tandem.planning.schedule_actions import PlanOutcome, auto_scheduled
from tandem.projects.policies import require_right

from .agenda import AgendaCandidate, agenda_candidates

DUE_AS_DEADLINE = "deadline"
DUE_AS_FINISH = "finish_no_later_than"
DUE_AS_CHOICES = {
    DUE_AS_DEADLINE: gettext_lazy("Deadline (flagged when the task finishes later)"),
    DUE_AS_FINISH: gettext_lazy("Finish no later than (the schedule must meet it)"),
}
MAX_ESTIMATE_DAYS = Decimal(1000)


def _fail(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(
        _("Invalid input: %(field)s: %(message)s") % {"field": field, "message": message},
        fields={field: [message]},
    )


@dataclass
class ScheduledTask:
    """The task an action item became, and what its scheduling did to the plan."""

    task: Task
    outcome: PlanOutcome
    scheduled: bool  # False: the project is scheduled manually, dates wait for "Apply"


def _check_estimate(value: Any) -> Decimal:
    try:
        days = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise _fail(
            "estimate_days", _("Give the duration in working days, e.g. 2 or 0.5.")
        ) from None
    if not days.is_finite() or days <= 0 or days > MAX_ESTIMATE_DAYS:
        raise _fail(
            "estimate_days",
            _("Give more than 0 and at most %(limit)s days.") % {"limit": MAX_ESTIMATE_DAYS},
        )
    return days.quantize(Decimal("0.01"))


def _check_parent(item: ActionItem, parent: Task | None) -> None:
    if parent is None:
        return
    if parent.project_id != item.meeting.project_id:
        raise _fail(
            "parent_id", _("Task %(parent_pk)s is not in this project.") % {"parent_pk": parent.pk}
        )
    if parent.is_milestone:
        raise _fail(
            "parent_id",
            _("%(parent)s is a milestone; a milestone holds no tasks.") % {"parent": parent},
        )


def _task_fields(due_date: dt.date | None, due_as: str, estimate: Decimal) -> dict[str, Any]:
    fields: dict[str, Any] = {"estimate": estimate, "duration_unit": DurationUnit.DAYS}
    if due_as == DUE_AS_FINISH:
        if due_date is None:
            raise _fail("due_date", _("A finish constraint needs the due date."))
        fields.update(deadline=None, constraint_type=ConstraintType.FNLT, constraint_date=due_date)
    return fields


@transaction.atomic
def do_schedule_action_item(
    item: ActionItem,
    *,
    acting_user: Any,
    parent: Task | None = None,
    owner: Any = None,
    due_date: dt.date | None = None,
    due_as: str = DUE_AS_DEADLINE,
    estimate_days: Any = 1,
) -> ScheduledTask:
    """Make ``item`` a task of the plan: under ``parent`` (a summary, or the top level when
    None), assigned to ``owner`` (who becomes the item's owner), its due date a deadline or a
    finish-no-later-than constraint (``due_as``), ``estimate_days`` working days long. An
    automatically scheduled plan is rescheduled in the same transaction, so the task has its
    dates at once. The owner (when someone else) is notified. 409 when the item is a task
    already; 422 naming the field for a bad input, and nothing changes."""
    project = item.meeting.project
    require_right(acting_user, project, MANAGE, _("Only the manager and coordinators do this."))
    require_right(acting_user, project, "tasks.edit", _("Your role does not allow creating tasks."))
    if item.task_id is not None:
        raise Conflict(_("This action item is already the task %(task)s.") % {"task": item.task})
    if due_as not in DUE_AS_CHOICES:
        raise _fail("due_as", _("Choose one of: %(names)s.") % {"names": ", ".join(DUE_AS_CHOICES)})
    estimate = _check_estimate(estimate_days)
    _check_parent(item, parent)
    fields = _task_fields(due_date, due_as, estimate)
    owner_id = getattr(owner, "pk", owner)
    changes = {
        k: v
        for k, v in (("owner", owner_id), ("due_date", due_date))
        if v != getattr(item, f"{k}_id" if k == "owner" else k)
    }
    if changes:
        item = meeting_actions.do_update_action_item(
            item, acting_user=acting_user, version=item.version, changes=changes
        )
    outcome = PlanOutcome()
    task = meeting_actions.do_convert_action_item_to_task(
        item, acting_user=acting_user, parent=parent, task_fields=fields, outcome=outcome
    )
    task.refresh_from_db()
    item.refresh_from_db()
    if item.owner is not None and item.owner.pk != acting_user.pk:
        _tell_owner(item, task)
    return ScheduledTask(task, outcome, scheduled=auto_scheduled(project))


def _tell_owner(item: ActionItem, task: Task) -> None:
    # Written once, for one reader: in their language and locale.
    with l10n.for_person(item.owner):
        if task.start_date and task.finish_date:
            subject = _("New task for you: %(task)s, %(start)s to %(finish)s") % {
                "task": task.name,
                "start": l10n.format_date(task.start_date, "month_day"),
                "finish": l10n.format_date(task.finish_date),
            }
        else:
            subject = _("New task for you: %(task)s") % {"task": task.name}
        body = _("From the meeting “%(meeting)s”: %(description)s.") % {
            "meeting": item.meeting.title,
            "description": item.description,
        }
        if item.due_date:
            body += " " + _("Due %(day)s.") % {"day": l10n.format_date(item.due_date)}
        notify(
            [item.owner],
            project=item.meeting.project,
            kind="action_item.scheduled",
            subject=subject,
            body=body,
            url=reverse("task-detail", args=[task.pk]),
            right="project.view_work",
        )


# ---------------------------------------------------------------- agenda


@transaction.atomic
def do_build_agenda(
    meeting: Meeting,
    *,
    acting_user: Any,
    keys: Sequence[str],
    risk_score_at_least: int | None = None,
    today: dt.date | None = None,
) -> list[AgendaItem]:
    """Append the chosen candidates (``agenda_candidates`` keys such as ``"issue:12"``, in the
    order given) to the meeting's agenda. A key that is not among the candidates the acting
    user sees is a 422 naming it, and nothing is added; a key given twice is added once."""
    require_right(
        acting_user, meeting.project, MANAGE, _("Only the manager and coordinators build agendas.")
    )
    if not keys:
        raise _fail("items", _("Pick at least one item for the agenda."))
    offered = {
        c.key: c
        for c in agenda_candidates(
            acting_user, meeting, risk_score_at_least=risk_score_at_least, today=today
        )
    }
    unknown = [key for key in keys if key not in offered]
    if unknown:
        raise _fail(
            "items",
            _("Not among this meeting's candidates: %(names)s.") % {"names": ", ".join(unknown)},
        )
    added = []
    for key in dict.fromkeys(keys):
        candidate: AgendaCandidate = offered[key]
        added.append(
            meeting_actions.do_add_agenda_item(
                meeting,
                acting_user=acting_user,
                title=candidate.title,
                presenter=candidate.presenter_id,
                duration_minutes=candidate.minutes,
                notes=candidate.notes,
            )
        )
    return added
