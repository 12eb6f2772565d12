"""Resource leveling of a project: preview, apply, clear, cancel (the manager's:
``policies.LEVEL_RIGHT``).

A preview stores a ``LevelingRun`` holding the proposal and the fingerprint of the plan it was
made from. The heuristic leveler runs at once; the CP-SAT leveler runs in the background
(``jobs.run_leveling``) for the time limit asked, the run's progress following the clock.
Applying writes each task's leveling delay (one ``plan.leveled`` audit event listing every
change), then reschedules the plan; clearing sets every delay back to zero the same way.
"""

from __future__ import annotations

import time
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.core import audit, writes
from tandem.core.errors import Conflict, Forbidden, ValidationFailed
from tandem.engine.leveling import LEVELING_METHODS
from tandem.projects.models import Project
from tandem.projects.policies import has_right

from . import jobs
from .leveling import check_something_to_level, leveling_input, proposal_json, propose, run_leveler
from .leveling import plan_fingerprint as fingerprint_of
from .models import LevelingRun, LevelingStatus, Task
from .policies import LEVEL_RIGHT
from .schedule_actions import PlanChange, PlanOutcome, lock_plan, reschedule_after

MAX_TIME_LIMIT = 120


def _require_level(user: Any, project: Project | int) -> None:
    if not has_right(user, project, LEVEL_RIGHT):
        raise Forbidden(_("Only the project manager levels resources."))


@transaction.atomic
def do_preview_leveling(
    project: Project,
    *,
    acting_user: Any,
    method: str = "heuristic",
    time_limit: int | None = None,
) -> LevelingRun:
    """Level the plan without changing it. ``heuristic`` answers at once; ``cpsat`` queues a
    background run of ``time_limit`` seconds (default 10, at most ``MAX_TIME_LIMIT``). 422 when
    there is nothing to level or the plan cannot be leveled."""
    _require_level(acting_user, project)
    if method not in LEVELING_METHODS:
        raise ValidationFailed(
            _("Unknown leveling method %(method)r.") % {"method": method},
            fields={
                "method": [
                    _("one of %(leveling_methods)s")
                    % {"leveling_methods": ", ".join(LEVELING_METHODS)}
                ]
            },
        )
    if time_limit is not None and not 1 <= time_limit <= MAX_TIME_LIMIT:
        raise ValidationFailed(
            _("The time limit is 1 to %(max_time_limit)s seconds.")
            % {"max_time_limit": MAX_TIME_LIMIT},
            fields={
                "time_limit": [
                    _("between 1 and %(max_time_limit)s") % {"max_time_limit": MAX_TIME_LIMIT}
                ]
            },
        )
    started = time.perf_counter()
    data = leveling_input(project)
    check_something_to_level(data)
    run = LevelingRun(
        project=project,
        requested_by=acting_user,
        method=method,
        time_limit_seconds=time_limit or (10 if method == "cpsat" else 0),
        plan_fingerprint=fingerprint_of(project.pk),
    )
    if method == "heuristic":
        result = run_leveler(data, method, time_limit)
        run.result = proposal_json(propose(project, data, result, started=started))
        run.status, run.progress = LevelingStatus.DONE, 100
    run = writes.create(run, actor=acting_user, action="leveling.previewed")
    if method != "heuristic":
        run_id = run.pk
        transaction.on_commit(lambda: jobs.start_leveling(run_id))
    return run


@transaction.atomic
def do_cancel_leveling(run: LevelingRun, *, acting_user: Any) -> LevelingRun:
    """Stop waiting for a queued or running leveling: it can no longer be applied (the solver
    ends at its time limit and its result is dropped)."""
    _require_level(acting_user, run.project_id)
    run = LevelingRun.objects.select_for_update().get(pk=run.pk)
    if run.status not in (LevelingStatus.QUEUED, LevelingStatus.RUNNING):
        raise Conflict(
            _("This leveling is %(status)s: nothing to cancel.")
            % {"status": run.get_status_display().lower()}
        )
    return writes.update(
        run,
        version=run.version,
        changes={"status": LevelingStatus.CANCELLED, "cancel_requested": True},
        actor=acting_user,
        action="leveling.cancelled",
        project_id=run.project_id,
    )


def _write_delays(project: Project, acting_user: Any, delays: dict[int, int], action: str) -> int:
    """Set each task's leveling delay (tasks not named go to 0), one audit event listing the
    changes, then reschedule. Returns how many tasks changed."""
    tasks = {
        t.pk: t
        for t in Task.objects.filter(project=project).only(
            "id", "name", "wbs_code", "leveling_delay_days", "start_date", "finish_date"
        )
    }
    changed = {
        i: delays.get(i, 0) for i, t in tasks.items() if t.leveling_delay_days != delays.get(i, 0)
    }
    now = timezone.now()
    for value in set(changed.values()):
        ids = [i for i, v in changed.items() if v == value]
        Task.objects.filter(pk__in=ids).update(
            leveling_delay_days=value, version=F("version") + 1, updated_at=now
        )
    audit.record(
        actor=acting_user,
        action=action,
        obj=project,
        changes={
            f"{tasks[i]} #{i}": [tasks[i].leveling_delay_days, value]
            for i, value in sorted(changed.items(), key=lambda item: tasks[item[0]].wbs_code)
        },
        project_id=project.pk,
        organization_id=project.organization_id,
    )
    change = PlanChange(
        before={i: (tasks[i].start_date, tasks[i].finish_date) for i in changed}, structural=True
    )
    reschedule_after(project, acting_user, change, PlanOutcome())
    return len(changed)


@transaction.atomic
def do_apply_leveling(run: LevelingRun, *, acting_user: Any) -> int:
    """Store the previewed leveling delays and reschedule; returns the number of tasks whose
    delay changed. 409 when the plan changed since the preview or the run is not finished, 422
    when it moves nothing."""
    project = run.project
    _require_level(acting_user, project)
    lock_plan(project.pk)
    run = LevelingRun.objects.select_for_update().get(pk=run.pk)
    if run.status != LevelingStatus.DONE:
        raise Conflict(
            _("This leveling is %(status)s; only a finished preview can be applied.")
            % {"status": run.get_status_display().lower()}
        )
    if run.plan_fingerprint != fingerprint_of(project.pk):
        raise Conflict(
            _(
                "The plan changed since this preview (tasks, links, assignments or settings); "
                "preview the leveling again."
            )
        )
    if not run.result.get("moves"):
        raise ValidationFailed(
            _("This preview moves no task: nothing to apply."), fields={"run": [_("moves nothing")]}
        )
    delays = {int(k): int(v) for k, v in run.result.get("delays", {}).items()}
    count = _write_delays(project, acting_user, delays, "plan.leveled")
    LevelingRun.objects.filter(project=project, status=LevelingStatus.DONE).exclude(
        pk=run.pk
    ).update(status=LevelingStatus.CANCELLED)
    writes.update(
        run,
        version=run.version,
        changes={"status": LevelingStatus.APPLIED},
        actor=acting_user,
        action="leveling.applied",
        project_id=project.pk,
    )
    return count


@transaction.atomic
def do_clear_leveling(project: Project, *, acting_user: Any) -> int:
    """Remove every leveling delay of the project and reschedule; 422 when there is none."""
    _require_level(acting_user, project)
    lock_plan(project.pk)
    if not Task.objects.filter(project=project, leveling_delay_days__gt=0).exists():
        raise ValidationFailed(
            _("No task has a leveling delay: nothing to clear."),
            fields={"project": [_("no leveling delay")]},
        )
    return _write_delays(project, acting_user, {}, "plan.leveling_cleared")
