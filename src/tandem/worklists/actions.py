"""Every write of this app: saved views, and the plan list's bulk edit (``bulk_edit``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext as _

from tandem.accounts.models import Team
from tandem.core import audit, writes
from tandem.core.errors import PreconditionFailed, ValidationFailed
from tandem.planning import actions as planning
from tandem.planning.calendar import ProjectCalendar, project_calendar
from tandem.planning.models import Task, TaskStatus
from tandem.planning.schedule_actions import PlanOutcome, auto_scheduled, lock_plan
from tandem.planning.task_filters import TaskFilter
from tandem.projects.models import Project
from tandem.projects.policies import require_right

from .models import SavedView
from .policies import VIEW_RIGHT

# The most tasks one bulk edit changes (each is a full task update that reschedules the plan).
BULK_LIMIT = 200
# How far a bulk edit shifts dates, in working days either way.
SHIFT_LIMIT = 1000


@transaction.atomic
def do_save_view(project: Project, *, acting_user: Any, name: str, flt: TaskFilter) -> SavedView:
    """Name the filter ``flt`` for its owner, in ``project`` (anyone who sees the work)."""
    require_right(
        acting_user, project, VIEW_RIGHT, _("Your role does not show this project's tasks.")
    )
    name = name.strip()
    if not name:
        raise ValidationFailed(
            _("Give the view a name."), fields={"name": [_("Give the view a name.")]}
        )
    if flt.is_empty():
        raise ValidationFailed(
            _("Choose a filter first: a view without one shows every task."),
            fields={"filters": [_("empty")]},
        )
    if SavedView.objects.filter(owner=acting_user, project=project, name=name).exists():
        message = _("You already have a view named “%(name)s” here.") % {"name": name}
        raise ValidationFailed(message, fields={"name": [message]})
    return writes.create(
        SavedView(owner=acting_user, project=project, name=name, filters=flt.as_params()),
        actor=acting_user,
        action="saved_view.created",
    )


@transaction.atomic
def do_delete_view(view: SavedView, *, acting_user: Any, version: int) -> None:
    """Delete one's own saved view (the tasks it showed stay as they are)."""
    if view.owner_id != acting_user.pk:
        raise ValidationFailed(_("Only its owner deletes a saved view."))
    writes.delete(view, version=version, actor=acting_user, action="saved_view.deleted")


@dataclass(frozen=True)
class BulkChanges:
    """What one bulk edit sets on every selected task; None (or 0 days) leaves it as it is.

    ``assignee`` replaces the people assigned (resources stay); ``clear_team`` removes the team;
    ``shift_days`` moves the dates by whole working days of the project calendar (an
    automatically scheduled task gets a new "start no earlier than", as when its start is
    typed; a manually scheduled one keeps its duration and moves both dates).
    """

    status: str | None = None
    assignee: Any | None = None
    team: Team | None = None
    clear_team: bool = False
    priority: int | None = None
    shift_days: int = 0

    def is_empty(self) -> bool:
        return self == BulkChanges()

    def describe(self) -> list[str]:
        """The changes in words, for the page's message ("status Blocked, priority 800")."""
        words = []
        if self.status is not None:
            words.append(gettext("status %(status)s") % {"status": TaskStatus(self.status).label})
        if self.assignee is not None:
            words.append(gettext("assigned to %(person)s") % {"person": self.assignee})
        if self.team is not None:
            words.append(gettext("team %(team)s") % {"team": self.team})
        if self.clear_team:
            words.append(gettext("no team"))
        if self.priority is not None:
            words.append(gettext("priority %(priority)s") % {"priority": self.priority})
        if self.shift_days:
            days = abs(self.shift_days)
            if self.shift_days > 0:
                shift = ngettext(
                    "dates %(days)d working day later", "dates %(days)d working days later", days
                )
            else:
                shift = ngettext(
                    "dates %(days)d working day earlier",
                    "dates %(days)d working days earlier",
                    days,
                )
            words.append(shift % {"days": days})
        return words


def _in_english(words: Callable[[], list[str]]) -> list[str]:
    """Words for the audit record: the same whatever the acting person reads."""
    with translation.override("en"):
        return words()


def shift_working_days(calendar: ProjectCalendar, day: dt.date, days: int) -> dt.date:
    """``day`` moved by ``days`` working days (negative: back); 0 leaves it as it is."""
    step = dt.timedelta(days=1 if days >= 0 else -1)
    left = abs(days)
    for _attempt in range(SHIFT_LIMIT * 7 + 366):
        if left == 0:
            return day
        day += step
        if calendar.is_working_day(day):
            left -= 1
    raise ValidationFailed(
        _("The calendar has no working day that far away."), fields={"shift_days": [_("too far")]}
    )


def _checked_tasks(project: Project, picks: dict[int, int]) -> list[Task]:
    """The picked tasks, each still at the version the page showed (else 412 naming them all:
    nothing is changed)."""
    if not picks:
        raise ValidationFailed(
            _("Select the tasks to change."), fields={"task": [_("none selected")]}
        )
    if len(picks) > BULK_LIMIT:
        raise ValidationFailed(
            _("Change at most %(limit)s tasks at once.") % {"limit": BULK_LIMIT},
            fields={"task": [_("too many")]},
        )
    tasks = list(
        Task.objects.select_for_update().filter(project=project, pk__in=picks).order_by("wbs_sort")
    )
    missing = sorted(set(picks) - {t.pk for t in tasks})
    if missing:
        raise ValidationFailed(
            _("No tasks %(missing)s in %(project_code)s.")
            % {"missing": missing, "project_code": project.code},
            fields={"task": [_("unknown: %(missing)s") % {"missing": missing}]},
        )
    stale = [t for t in tasks if t.version != picks[t.pk]]
    if stale:
        names = ", ".join(f"“{t}”" for t in stale)
        raise PreconditionFailed(
            _(
                "Someone else changed %(names)s since the list was loaded; nothing was changed. "
                "Reload the list and try again."
            )
            % {"names": names},
            fields={"task": [str(t.pk) for t in stale]},
        )
    return tasks


def _field_changes(
    task: Task, changes: BulkChanges, calendar: ProjectCalendar | None, auto: bool
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if changes.status is not None and task.status != changes.status:
        out["status"] = changes.status
    if changes.priority is not None and task.priority != changes.priority:
        out["priority"] = changes.priority
    if changes.team is not None and task.team_id != changes.team.pk:
        out["team"] = changes.team
    if changes.clear_team and task.team_id is not None:
        out["team"] = None
    if changes.shift_days and calendar is not None:
        if task.start_date is None:
            raise ValidationFailed(
                _("Task “%(task)s” has no dates to shift.") % {"task": task},
                fields={"shift_days": [str(task.pk)]},
            )
        out["start_date"] = shift_working_days(calendar, task.start_date, changes.shift_days)
        if (task.manually_scheduled or not auto) and task.finish_date is not None:
            out["finish_date"] = shift_working_days(calendar, task.finish_date, changes.shift_days)
    return out


def _assign_only(task: Task, person: Any, acting_user: Any, outcome: PlanOutcome) -> None:
    """Make ``person`` the only person on the task (resources stay)."""
    people = list(task.assignments.filter(person__isnull=False))
    for assignment in people:
        if assignment.person_id != person.pk:
            planning.do_remove_assignment(
                assignment, acting_user=acting_user, version=assignment.version, outcome=outcome
            )
    if not any(a.person_id == person.pk for a in people):
        planning.do_assign(task, acting_user=acting_user, person=person, outcome=outcome)


@transaction.atomic
def do_bulk_update_tasks(
    project: Project,
    *,
    acting_user: Any,
    picks: dict[int, int],
    changes: BulkChanges,
    outcome: PlanOutcome | None = None,
) -> list[Task]:
    """Apply ``changes`` to the picked tasks (task id -> the version the page showed), all or
    nothing: one stale task (412), one the rules refuse (422 naming it) and none changes.

    Each task goes through ``do_update_task`` (and the assignment actions), which check rights,
    validate, audit and reschedule as a single edit would; one more audit row on the project
    records the bulk edit itself. Needs ``tasks.edit``.
    """
    require_right(acting_user, project, "tasks.edit", _("Your role does not allow editing tasks."))
    if changes.is_empty():
        raise ValidationFailed(
            _("Choose at least one change."), fields={"__all__": [_("no change")]}
        )
    if abs(changes.shift_days) > SHIFT_LIMIT:
        raise ValidationFailed(
            _("Shift by at most %(limit)s working days.") % {"limit": SHIFT_LIMIT},
            fields={"shift_days": [_("too far")]},
        )
    outcome = outcome if outcome is not None else PlanOutcome()
    lock_plan(project.pk)
    tasks = _checked_tasks(project, picks)
    calendar = project_calendar(project) if changes.shift_days else None
    auto = auto_scheduled(project)
    done = []
    for task in tasks:
        # Versions were checked above under the plan's lock: a version that moved since is this
        # edit's own rescheduling of an earlier task, so each write uses the stored one.
        current = Task.objects.get(pk=task.pk)
        fields = _field_changes(current, changes, calendar, auto)
        if fields:
            current = planning.do_update_task(
                current,
                acting_user=acting_user,
                version=current.version,
                changes=fields,
                outcome=outcome,
            )
        if changes.assignee is not None:
            _assign_only(current, changes.assignee, acting_user, outcome)
        done.append(current)
    audit.record(
        actor=acting_user,
        action="tasks.bulk_updated",
        obj=project,
        changes={"tasks": [t.pk for t in tasks], "set": _in_english(changes.describe)},
        project_id=project.pk,
        organization_id=project.organization_id,
    )
    return done
