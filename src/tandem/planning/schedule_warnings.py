"""What the schedule could not honour, in the plan's words: each warning names the task ("1.2
Build API", never its id) and what drives it (the predecessor, constraint or deadline).

The engine reports warnings by task id (``constraint-overrides-logic``, ``constraint-unmet``,
``deadline-missed``, ``negative-float``); this module turns each into one sentence per task.
The driver of a task is the link that sets its earliest start (the predecessor whose finish or
start, plus the lag, comes last), else its own dated constraint, else the project start.
The sentences are in the reader's language; the engine's own English message is shown only for
a code this module does not know.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tandem.core import l10n
from tandem.engine.scheduling import model as engine

from .models import ConstraintType, DependencyType

if TYPE_CHECKING:
    from .scheduling import Conversion, PlanLink, PlanTask

LATE_CONSTRAINTS = {"SNLT", "FNLT", "MSO", "MFO"}
EARLY_CONSTRAINTS = {"SNET", "FNET", "MSO", "MFO"}
PLAN_LIST_LIMIT = 20


def constraint_text(task: PlanTask) -> str:
    """``"Start no earlier than 2026-03-02"``."""
    label = ConstraintType(task.constraint_type).label
    if not task.constraint_date:
        return str(label)
    return _("%(constraint)s %(date)s") % {"constraint": label, "date": task.constraint_date}


class _Plan:
    """The plan's tasks and links indexed for the questions the messages ask."""

    def __init__(
        self,
        schedule: engine.Schedule,
        tasks: Iterable[PlanTask],
        links: Iterable[PlanLink],
        conv: Conversion,
    ) -> None:
        self.schedule, self.conv = schedule, conv
        self.tasks = {t.id: t for t in tasks}
        self.incoming: dict[int, list[PlanLink]] = defaultdict(list)
        self.outgoing: dict[int, list[PlanLink]] = defaultdict(list)
        for link in links:
            self.incoming[link.successor_id].append(link)
            self.outgoing[link.predecessor_id].append(link)

    def label(self, task_id: int) -> str:
        task = self.tasks.get(task_id)
        return str(task) if task is not None else _("task %(id)s") % {"id": task_id}

    def _ancestors(self, task_id: int) -> list[int]:
        found: list[int] = []
        parent = self.tasks[task_id].parent_id if task_id in self.tasks else None
        while parent is not None and parent not in found:
            found.append(parent)
            parent = self.tasks[parent].parent_id if parent in self.tasks else None
        return found

    def _bound(self, link: PlanLink) -> dt.datetime | None:
        pred = self.schedule.tasks.get(str(link.predecessor_id))
        if pred is None:
            return None
        base = pred.finish if link.type in (DependencyType.FS, DependencyType.FF) else pred.start
        if link.lag_unit == "edays":
            return base + dt.timedelta(days=float(link.lag))
        if link.lag_unit == "percent":
            # Working minutes of the predecessor read as wall-clock time: close enough to tell
            # which link comes last, all this is used for.
            return base + dt.timedelta(minutes=pred.duration_minutes * float(link.lag) / 100)
        lag_minutes = link.lag * (self.conv.minutes_per_day if link.lag_unit == "days" else 1)
        return base + dt.timedelta(minutes=float(lag_minutes))

    def driving_link(self, task_id: int) -> PlanLink | None:
        """The link into the task (or into a summary above it) that comes last."""
        candidates = [
            (bound, link)
            for holder in (task_id, *self._ancestors(task_id))
            for link in self.incoming.get(holder, [])
            if (bound := self._bound(link)) is not None
        ]
        if not candidates:
            return None
        return max(candidates, key=lambda c: (c[0], -c[1].id))[1]

    def driver(self, task_id: int) -> str:
        """What sets the task's dates, in words."""
        link = self.driving_link(task_id)
        task = self.tasks[task_id]
        if link is not None:
            kind = DependencyType(link.type).label.lower()
            return _("its predecessor %(task)s (%(kind)s)") % {
                "task": self.label(link.predecessor_id),
                "kind": kind,
            }
        if task.actual_start is not None:
            return _("its actual start %(date)s") % {"date": task.actual_start}
        if task.constraint_type in EARLY_CONSTRAINTS:
            return _("its constraint %(constraint)s") % {"constraint": constraint_text(task)}
        return _("the project start")

    def late_driver(self, task_id: int) -> str:
        """The nearest deadline or late constraint at or after the task (its own, then its
        successors' breadth first): what makes its float negative."""
        seen = {task_id}
        frontier = [task_id]
        while frontier:
            following: list[int] = []
            for node in frontier:
                task = self.tasks.get(node)
                if task is None:
                    continue
                own = node == task_id
                if task.constraint_type in LATE_CONSTRAINTS:
                    values = {"constraint": constraint_text(task), "task": self.label(node)}
                    if own:
                        return _("the constraint %(constraint)s") % values
                    return _("the constraint %(constraint)s of %(task)s") % values
                if task.deadline is not None:
                    due = {"date": task.deadline, "task": self.label(node)}
                    if own:
                        return _("the deadline %(date)s") % due
                    return _("the deadline %(date)s of %(task)s") % due
                for holder in (node, *self._ancestors(node)):
                    for link in self.outgoing.get(holder, []):
                        if link.successor_id not in seen:
                            seen.add(link.successor_id)
                            following.append(link.successor_id)
            frontier = following
        return _("a date downstream")

    def finish_day(self, task_id: int) -> dt.date | None:
        ts = self.schedule.tasks.get(str(task_id))
        return None if ts is None else self.conv.finish_day(ts.finish)

    def days(self, minutes: int) -> str:
        return f"{self.conv.days(minutes).normalize():f}"


def _task_messages(plan: _Plan, warning: engine.ScheduleWarning, task_id: int) -> str:
    name, task = plan.label(task_id), plan.tasks[task_id]
    if warning.code == "constraint-overrides-logic":
        return _("%(task)s: its constraint %(constraint)s holds it before %(driver)s allows") % {
            "task": name,
            "constraint": constraint_text(task),
            "driver": plan.driver(task_id),
        }
    if warning.code == "constraint-unmet":
        return _(
            "%(task)s: its constraint %(constraint)s cannot be met; %(driver)s comes later"
        ) % {
            "task": name,
            "constraint": constraint_text(task),
            "driver": plan.driver(task_id),
        }
    if warning.code == "deadline-missed":
        return _(
            "%(task)s finishes %(finish)s, after its deadline %(deadline)s; driven by %(driver)s"
        ) % {
            "task": name,
            "finish": plan.finish_day(task_id),
            "deadline": task.deadline,
            "driver": plan.driver(task_id),
        }
    if warning.code == "negative-float":
        ts = plan.schedule.tasks.get(str(task_id))
        float_days = plan.days(ts.total_float_minutes) if ts is not None else "?"
        return _(
            "%(task)s has negative float (%(days)s working days): %(late_driver)s comes before "
            "%(driver)s allows"
        ) % {
            "task": name,
            "days": float_days,
            "late_driver": plan.late_driver(task_id),
            "driver": plan.driver(task_id),
        }
    return _("%(task)s: %(message)s") % {"task": name, "message": warning.message}


def describe_warnings(
    schedule: engine.Schedule,
    tasks: Iterable[PlanTask],
    links: Iterable[PlanLink],
    conv: Conversion,
) -> tuple[list[str], dict[int, list[str]]]:
    """The plan's warnings (one line per task, up to 20 per kind) and every task's own
    warnings, by task id."""
    plan = _Plan(schedule, tasks, links, conv)
    messages: list[str] = []
    per_task: dict[int, list[str]] = defaultdict(list)
    for warning in schedule.warnings:
        ids = [int(i) for i in warning.task_ids if i.isdigit() and int(i) in plan.tasks]
        if not ids:
            messages.append(warning.message)
            continue
        for task_id in ids:
            per_task[task_id].append(_task_messages(plan, warning, task_id))
        messages.extend(per_task[i][-1] for i in ids[:PLAN_LIST_LIMIT])
        if len(ids) > PLAN_LIST_LIMIT:
            messages.append(
                ngettext(
                    "... and %(count)s more task (%(code)s)",
                    "... and %(count)s more tasks (%(code)s)",
                    len(ids) - PLAN_LIST_LIMIT,
                )
                % {"count": l10n.format_number(len(ids) - PLAN_LIST_LIMIT), "code": warning.code}
            )
    return messages, dict(per_task)
