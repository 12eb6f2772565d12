"""Writing computed schedule dates into the plan."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from tandem.core import writes
from tandem.core.errors import Forbidden
from tandem.projects.models import Project
from tandem.projects.policies import has_right

from .scheduling import ProjectSchedule, compute_schedule


@transaction.atomic
def do_apply_schedule(project: Project, *, acting_user: Any) -> tuple[ProjectSchedule, int]:
    """Compute the schedule and write each task's scheduled start/finish into its planned dates.

    One ``task.scheduled`` audit row per task whose dates changed; unchanged tasks are left
    alone (no version bump). Returns the schedule and the number of tasks changed. A task edited
    concurrently makes the whole apply fail with 412 and change nothing. Needs ``tasks.edit``.
    """
    if not has_right(acting_user, project, "tasks.edit"):
        raise Forbidden("Your role does not allow applying the schedule.")
    # Lock the project row so two applies, or an apply and a link change, do not interleave.
    Project.objects.select_for_update().filter(pk=project.pk).first()
    schedule = compute_schedule(project)
    changed = 0
    for row in schedule.rows:
        task = row.task
        if (task.start_date, task.finish_date) == (row.start, row.finish):
            continue
        writes.update(
            task,
            version=task.version,
            changes={"start_date": row.start, "finish_date": row.finish},
            actor=acting_user,
            action="task.scheduled",
        )
        changed += 1
    return schedule, changed
