"""Saving, renaming and deleting baselines. Only the project manager holds ``baselines.edit``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from tandem.core import writes
from tandem.core.errors import Forbidden, ValidationFailed
from tandem.projects.models import Project
from tandem.projects.policies import has_right

from .calendar import project_calendar
from .models import Baseline, BaselineTask, Task


def _require_baselines(user: Any, project_id: int) -> None:
    if not has_right(user, project_id, "baselines.edit"):
        raise Forbidden("Only the project manager saves or changes baselines.")


@transaction.atomic
def do_save_baseline(project: Project, *, acting_user: Any, name: str) -> Baseline:
    """Snapshot every task's planned start, finish and duration (working days, inclusive)."""
    _require_baselines(acting_user, project.pk)
    if not name.strip():
        raise ValidationFailed("A baseline needs a name.", fields={"name": ["required"]})
    calendar = project_calendar(project)
    tasks = list(Task.objects.filter(project=project).order_by("wbs_sort"))
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
