"""Reads of goals and key results, already narrowed to what the user may see, and their
progress roll-ups."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tandem.core import l10n
from tandem.planning.models import TaskStatus
from tandem.planning.queries import tasks_progress
from tandem.projects.policies import access_project

from .models import Direction, Goal, KeyResult, ProgressSource
from .policies import GoalPolicy, KeyResultPolicy


def list_goals(user: Any, project_id: int) -> QuerySet[Any]:
    access_project(user, project_id, "project.view_work")
    return (
        GoalPolicy.visible_to(user)
        .filter(project_id=project_id)
        .select_related("owner")
        .prefetch_related("key_results__tasks", "tasks")
        .order_by("id")
    )


def get_goal(user: Any, goal_id: int, action: str = "view") -> Goal:
    return GoalPolicy.access(user, goal_id, action)


def get_key_result(user: Any, kr_id: int, action: str = "view") -> KeyResult:
    return KeyResultPolicy.access(user, kr_id, action)


def _milestones_done(kr: KeyResult) -> tuple[int, int]:
    """(done, counted) of the key result's linked milestones, cancelled ones left out."""
    milestones = [t for t in kr.tasks.all() if t.is_milestone and t.status != TaskStatus.CANCELLED]
    done = sum(1 for t in milestones if t.status == TaskStatus.DONE or t.percent_complete == 100)
    return done, len(milestones)


def key_result_progress(kr: KeyResult) -> Decimal:
    """Progress 0..1 from the key result's source: the typed value's way from baseline to
    target in its direction (clamped; past the target is 1, the wrong way 0), the linked
    tasks' percent complete weighted by duration, or the share of linked milestones done.
    Nothing linked yet is 0."""
    if kr.source == ProgressSource.TASKS:
        return tasks_progress(list(kr.tasks.all())) or Decimal(0)
    if kr.source == ProgressSource.MILESTONES:
        done, counted = _milestones_done(kr)
        return Decimal(done) / counted if counted else Decimal(0)
    if kr.direction == Direction.LOWER:
        gained, span = kr.baseline - kr.current, kr.baseline - kr.target
    else:
        gained, span = kr.current - kr.baseline, kr.target - kr.baseline
    if span <= 0:
        return Decimal(0)
    return min(max(gained / span, Decimal(0)), Decimal(1))


def _amount(value: Decimal, unit: str) -> str:
    """``1,234.5 s`` in the reader's locale, at most two decimals."""
    number = l10n.format_number(value.quantize(Decimal("0.01")))
    return f"{number} {unit}".strip()


def key_result_text(kr: KeyResult) -> str:
    """Where the key result stands, in words: "11 s, target 5 s or less (from 35 s)",
    "40 %, target 100 % (from 0 %)", "3 of 4 linked milestones done", "62% of the linked
    work done"."""
    if kr.source == ProgressSource.TASKS:
        share = tasks_progress(list(kr.tasks.all()))
        if share is None:
            return _("no linked tasks yet")
        return _("%(percent)s%% of the linked work done") % {
            "percent": int((share * 100).to_integral_value())
        }
    if kr.source == ProgressSource.MILESTONES:
        done, counted = _milestones_done(kr)
        if not counted:
            return _("no linked milestones yet")
        return ngettext(
            "%(done)s of %(count)s linked milestone done",
            "%(done)s of %(count)s linked milestones done",
            counted,
        ) % {"done": done, "count": counted}
    amounts = {
        "current": _amount(kr.current, kr.unit),
        "target": _amount(kr.target, kr.unit),
        "baseline": _amount(kr.baseline, kr.unit),
    }
    if kr.direction == Direction.LOWER:
        return _("%(current)s, target %(target)s or less (from %(baseline)s)") % amounts
    return _("%(current)s, target %(target)s or more (from %(baseline)s)") % amounts


def goal_progress(goal: Goal) -> Decimal | None:
    """Mean of its key results' progress; None when it has none."""
    krs = list(goal.key_results.all())
    if not krs:
        return None
    return sum((key_result_progress(kr) for kr in krs), Decimal(0)) / len(krs)


def goal_task_progress(goal: Goal) -> Decimal | None:
    """Task-based roll-up: the goal's tasks and its key results' tasks together."""
    tasks = {t.pk: t for t in goal.tasks.all()}
    for kr in goal.key_results.all():
        tasks.update({t.pk: t for t in kr.tasks.all()})
    return tasks_progress(list(tasks.values()))
