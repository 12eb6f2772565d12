"""Baselines (saved, renamed, deleted by the manager: ``baselines.edit``) and plan settings."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tandem.core import writes
from tandem.core.errors import Forbidden, PreconditionFailed, ValidationFailed
from tandem.projects.models import Project
from tandem.projects.policies import has_right

from .calendar import project_calendar
from .models import Baseline, BaselineTask, PlanSettings, Task
from .schedule_actions import PlanChange, PlanOutcome, lock_plan, reschedule_after
from .work_and_cost import planned_work_and_cost


def _require_baselines(user: Any, project_id: int) -> None:
    if not has_right(user, project_id, "baselines.edit"):
        raise Forbidden(_("Only the project manager saves or changes baselines."))


@transaction.atomic
def do_save_baseline(project: Project, *, acting_user: Any, name: str) -> Baseline:
    """Snapshot every task's planned start, finish and duration (working days, inclusive),
    work (hours) and cost (see ``work_and_cost``; summary tasks hold their subtasks' sums)."""
    _require_baselines(acting_user, project.pk)
    if not name.strip():
        raise ValidationFailed(_("A baseline needs a name."), fields={"name": [_("required")]})
    calendar = project_calendar(project)
    tasks = list(Task.objects.filter(project=project).order_by("wbs_sort"))
    planned = planned_work_and_cost(project, tasks)
    starts = [t.start_date for t in tasks if t.start_date]
    finishes = [t.finish_date for t in tasks if t.finish_date]
    baseline = writes.create(
        Baseline(
            project=project,
            name=name.strip(),
            saved_by=acting_user,
            project_start=min(starts) if starts else None,
            project_finish=max(finishes) if finishes else None,
        ),
        actor=acting_user,
        action="baseline.created",
    )
    BaselineTask.objects.bulk_create(
        BaselineTask(
            baseline=baseline,
            task=t,
            wbs_code=t.wbs_code,
            name=t.name,
            start_date=t.start_date,
            finish_date=t.finish_date,
            duration_days=(
                Decimal(calendar.working_days(t.start_date, t.finish_date))
                if t.start_date and t.finish_date
                else None
            ),
            work_hours=planned[t.pk].work_hours,
            cost=planned[t.pk].cost,
        )
        for t in tasks
    )
    return baseline


@transaction.atomic
def do_update_baseline(
    baseline: Baseline, *, acting_user: Any, version: int, name: str
) -> Baseline:
    _require_baselines(acting_user, baseline.project_id)
    return writes.update(
        baseline,
        version=version,
        changes={"name": name.strip()},
        actor=acting_user,
        action="baseline.updated",
    )


@transaction.atomic
def do_delete_baseline(baseline: Baseline, *, acting_user: Any, version: int) -> None:
    _require_baselines(acting_user, baseline.project_id)
    writes.delete(baseline, version=version, actor=acting_user, action="baseline.deleted")


@transaction.atomic
def do_update_plan_settings(
    project: Project,
    *,
    acting_user: Any,
    version: int,
    changes: dict[str, Any],
    outcome: PlanOutcome | None = None,
) -> PlanSettings:
    """Set the project's working calendar, hours per working day, automatic scheduling and
    status date (manager: ``project.edit``).

    A project without stored settings is at version 1 with the defaults (Monday-Friday
    09:00-17:00, 8 hours, scheduled automatically); the first write stores them. A change of
    calendar, hours or status date, or switching automatic scheduling on, reschedules an
    automatically scheduled project (``outcome`` collects the moved tasks).
    """
    if not has_right(acting_user, project.pk, "project.edit"):
        raise Forbidden(_("Only the project manager changes the plan settings."))
    lock_plan(project.pk)
    unknown = set(changes) - {
        "calendar",
        "hours_per_day",
        "auto_schedule",
        "status_date",
        "compare_baseline",
    }
    if unknown:
        raise ValidationFailed(
            _("Unknown plan settings: %(unknown)s") % {"unknown": ", ".join(sorted(unknown))}
        )
    calendar = changes.get("calendar")
    if calendar is not None and calendar.organization_id != project.organization_id:
        raise ValidationFailed(
            _("Unknown calendar."), fields={"calendar": [_("other organization")]}
        )
    _check_plan_choices(project, changes)
    current = plan_settings_of(project)
    if current.pk is None:
        if version != 1:
            raise PreconditionFailed(
                _(
                    "plan settings were changed by someone else (you sent version %(version)s, "
                    "current is 1); reload and try again."
                )
                % {"version": version}
            )
        for key, value in changes.items():
            setattr(current, key, value)
        stored = writes.create(current, actor=acting_user, action="plan_settings.created")
        stored.refresh_from_db()
    else:
        stored = writes.update(
            current,
            version=version,
            changes=changes,
            actor=acting_user,
            action="plan_settings.updated",
        )
    if set(changes) & {"calendar", "hours_per_day", "status_date"} or changes.get("auto_schedule"):
        reschedule_after(project, acting_user, PlanChange(structural=True), outcome)
    return stored


def _check_plan_choices(project: Project, changes: dict[str, Any]) -> None:
    """A project's own calendar serves that project only; the compared baseline is one of the
    project's."""
    calendar = changes.get("calendar")
    if calendar is not None and calendar.project_id not in (None, project.pk):
        raise ValidationFailed(
            _("Unknown calendar."), fields={"calendar": [_("another project's own calendar")]}
        )
    baseline = changes.get("compare_baseline")
    if baseline is not None and baseline.project_id != project.pk:
        raise ValidationFailed(
            _("Unknown baseline."), fields={"compare_baseline": [_("another project's baseline")]}
        )


def compared_baseline(project: Project, baseline_id: int | None) -> Baseline | None:
    """The project's baseline ``baseline_id`` (None clears the choice); 422 if it has none."""
    if baseline_id is None:
        return None
    found = Baseline.objects.filter(pk=baseline_id, project=project).first()
    if found is None:
        raise ValidationFailed(
            _("No baseline %(baseline_id)s in %(project)s.")
            % {"baseline_id": baseline_id, "project": project.code},
            fields={"compare_baseline_id": [_("unknown baseline")]},
        )
    return found


def plan_settings_of(project: Project) -> PlanSettings:
    """The stored settings, or unsaved defaults (version 1) when there are none."""
    found = (
        PlanSettings.objects.filter(project=project)
        .select_related("calendar", "compare_baseline")
        .first()
    )
    return found or PlanSettings(project=project)
