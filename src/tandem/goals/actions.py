"""Writes to goals and key results. Only the project manager holds ``goals.edit``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, TypeVar

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tandem.core import audit, l10n, writes
from tandem.core.errors import Forbidden, ValidationFailed
from tandem.core.versions import update_versioned
from tandem.planning.models import Task
from tandem.projects.models import Project
from tandem.projects.policies import has_right

from .models import Direction, Goal, KeyResult, ProgressSource

GOAL_FIELDS = frozenset({"name", "description", "owner", "due_date"})
KEY_RESULT_FIELDS = frozenset(
    {"name", "metric", "unit", "baseline", "target", "current", "direction", "source"}
)

_Linked = TypeVar("_Linked", Goal, KeyResult)


def _require_goals(user: Any, project_id: int) -> None:
    if not has_right(user, project_id, "goals.edit"):
        raise Forbidden(_("Only the project manager changes goals and key results."))


def _tasks_of(project_id: int, task_ids: list[int] | None) -> list[Task] | None:
    if task_ids is None:
        return None
    wanted = list(dict.fromkeys(task_ids))
    found = {t.pk: t for t in Task.objects.filter(project_id=project_id, pk__in=wanted)}
    missing = [i for i in wanted if i not in found]
    if missing:
        raise ValidationFailed(
            _("No tasks %(missing)s in this project.") % {"missing": missing},
            fields={"task_ids": [_("unknown: %(missing)s") % {"missing": missing}]},
        )
    return [found[i] for i in wanted]


def _check_direction(kr: KeyResult) -> None:
    """A typed key result's target lies the better way from its baseline."""
    if kr.source != ProgressSource.MANUAL:
        return
    lower = kr.direction == Direction.LOWER
    if (kr.target < kr.baseline) != lower:
        way = _("below") if lower else _("above")
        raise ValidationFailed(
            _("With “%(label)s” the target must be %(way)s the baseline (%(baseline)s).")
            % {
                "label": Direction(kr.direction).label.lower(),
                "way": way,
                "baseline": format(kr.baseline.normalize(), "f"),
            },
            fields={"target": [_("must be %(way)s the baseline") % {"way": way}]},
        )


def _check_owner(project_id: int, owner: Any) -> None:
    if owner is not None and not Project.objects.filter(pk=project_id, members=owner).exists():
        raise ValidationFailed(
            _("The goal owner is not in the project."), fields={"owner": [_("not in project")]}
        )


def _update_with_tasks(
    obj: _Linked,
    *,
    version: int,
    changes: dict[str, Any],
    tasks: list[Task] | None,
    actor: Any,
    action: str,
    project_id: int,
) -> _Linked:
    """One versioned update and one audit row covering both fields and linked tasks."""
    fields = list(changes)
    obj.refresh_from_db()  # the audit diff starts from the stored values, not the caller's copy
    before = audit.snapshot(obj, fields)
    before_tasks = sorted(obj.tasks.values_list("pk", flat=True))
    for name, value in changes.items():
        setattr(obj, name, value)
    writes.clean(obj)
    attnames = [getattr(obj._meta.get_field(n), "attname", n) for n in fields]
    db_changes = {a: getattr(obj, a) for a in attnames}
    obj = update_versioned(obj, version, db_changes)
    diff = audit.diff(before, audit.snapshot(obj, fields))
    if tasks is not None:
        obj.tasks.set(tasks)
        after_tasks = sorted(t.pk for t in tasks)
        if after_tasks != before_tasks:
            diff["tasks"] = [before_tasks, after_tasks]
    audit.record(actor=actor, action=action, obj=obj, changes=diff, project_id=project_id)
    return obj


@transaction.atomic
def do_create_goal(
    project: Project,
    *,
    acting_user: Any,
    name: str,
    task_ids: list[int] | None = None,
    **fields: Any,
) -> Goal:
    """Add a goal; ``task_ids`` link the milestones and tasks that deliver it."""
    _require_goals(acting_user, project.pk)
    unknown = set(fields) - GOAL_FIELDS
    if unknown:
        raise ValidationFailed(
            _("Unknown goal fields: %(unknown)s") % {"unknown": ", ".join(sorted(unknown))}
        )
    _check_owner(project.pk, fields.get("owner"))
    tasks = _tasks_of(project.pk, task_ids)
    goal = Goal(project=project, name=name, **fields)
    writes.clean(goal)
    goal.save()
    if tasks:
        goal.tasks.set(tasks)
    changes = {k: [None, v] for k, v in audit.snapshot(goal, ["name", *fields]).items() if v}
    if tasks:
        changes["tasks"] = [None, [t.pk for t in tasks]]
    audit.record(
        actor=acting_user, action="goal.created", obj=goal, changes=changes, project_id=project.pk
    )
    return goal


@transaction.atomic
def do_update_goal(
    goal: Goal,
    *,
    acting_user: Any,
    version: int,
    changes: dict[str, Any],
    task_ids: list[int] | None = None,
) -> Goal:
    _require_goals(acting_user, goal.project_id)
    unknown = set(changes) - GOAL_FIELDS
    if unknown:
        raise ValidationFailed(
            _("Unknown goal fields: %(unknown)s") % {"unknown": ", ".join(sorted(unknown))}
        )
    if "owner" in changes:
        _check_owner(goal.project_id, changes["owner"])
    return _update_with_tasks(
        goal,
        version=version,
        changes=changes,
        tasks=_tasks_of(goal.project_id, task_ids),
        actor=acting_user,
        action="goal.updated",
        project_id=goal.project_id,
    )


@transaction.atomic
def do_delete_goal(goal: Goal, *, acting_user: Any, version: int) -> None:
    """Delete a goal that has no key results left (delete those first, each with its audit row)."""
    _require_goals(acting_user, goal.project_id)
    count = goal.key_results.count()
    if count:
        raise ValidationFailed(
            ngettext(
                "Goal %(goal)s still has %(count)s key result; delete it first.",
                "Goal %(goal)s still has %(count)s key results; delete them first.",
                count,
            )
            % {"goal": goal, "count": l10n.format_number(count)}
        )
    writes.delete(goal, version=version, actor=acting_user, action="goal.deleted")


@transaction.atomic
def do_create_key_result(
    goal: Goal,
    *,
    acting_user: Any,
    name: str,
    metric: str,
    target: Any,
    task_ids: list[int] | None = None,
    **fields: Any,
) -> KeyResult:
    _require_goals(acting_user, goal.project_id)
    unknown = set(fields) - KEY_RESULT_FIELDS
    if unknown:
        raise ValidationFailed(
            _("Unknown key result fields: %(unknown)s") % {"unknown": ", ".join(sorted(unknown))}
        )
    tasks = _tasks_of(goal.project_id, task_ids)
    if "direction" not in fields and Decimal(target) < Decimal(fields.get("baseline", 0)):
        fields["direction"] = Direction.LOWER
    new = KeyResult(goal=goal, name=name, metric=metric, target=target, **fields)
    new.baseline, new.target = Decimal(new.baseline), Decimal(new.target)
    _check_direction(new)
    kr = writes.create(
        new,
        actor=acting_user,
        action="key_result.created",
        project_id=goal.project_id,
    )
    if tasks:
        kr.tasks.set(tasks)
    return kr


@transaction.atomic
def do_update_key_result(
    kr: KeyResult,
    *,
    acting_user: Any,
    version: int,
    changes: dict[str, Any],
    task_ids: list[int] | None = None,
) -> KeyResult:
    project_id = kr.goal.project_id
    _require_goals(acting_user, project_id)
    unknown = set(changes) - KEY_RESULT_FIELDS
    if unknown:
        raise ValidationFailed(
            _("Unknown key result fields: %(unknown)s") % {"unknown": ", ".join(sorted(unknown))}
        )
    preview = KeyResult.objects.get(pk=kr.pk)
    for name, value in changes.items():
        setattr(preview, name, Decimal(value) if name in ("baseline", "target") else value)
    _check_direction(preview)
    return _update_with_tasks(
        kr,
        version=version,
        changes=changes,
        tasks=_tasks_of(project_id, task_ids),
        actor=acting_user,
        action="key_result.updated",
        project_id=project_id,
    )


@transaction.atomic
def do_delete_key_result(kr: KeyResult, *, acting_user: Any, version: int) -> None:
    project_id = kr.goal.project_id
    _require_goals(acting_user, project_id)
    writes.delete(
        kr, version=version, actor=acting_user, action="key_result.deleted", project_id=project_id
    )
