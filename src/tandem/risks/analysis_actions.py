"""Writes of the schedule risk analysis: asking for a run, and the three-point estimates it reads.

A run is stored with its inputs at once and simulated by a background job
(``risks.jobs.run_risk_analysis``) once the transaction commits: in the embedded default the job
runs in the same process right after the request's transaction, with a broker on a worker while
the page shows its progress.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tandem.core import audit
from tandem.core.errors import Forbidden, TandemError, ValidationFailed
from tandem.planning.actions import do_update_task
from tandem.planning.models import Task
from tandem.projects.models import Project
from tandem.projects.policies import has_right, refuse_if_archived

from . import jobs
from .analysis import AnalysisRequest, network_inputs
from .models import RiskAnalysisRun

MAX_ESTIMATE = Decimal("9999999.99")


@transaction.atomic
def do_start_risk_analysis(
    project: Project, *, acting_user: Any, request: AnalysisRequest
) -> RiskAnalysisRun:
    """Store a run with the network it will simulate and queue its simulation (on commit).

    Only the manager (``risks.edit``) runs an analysis. 422 naming the field for bad input (see
    :func:`~tandem.risks.analysis.network_inputs`); nothing is stored then.
    """
    refuse_if_archived(acting_user, project, "risks.edit")
    if not has_right(acting_user, project, "risks.edit"):
        raise Forbidden(_("Only the project manager runs a risk analysis."))
    inputs = network_inputs(acting_user, project, request)
    run = RiskAnalysisRun.objects.create(
        project=project,
        label=request.label.strip(),
        created_by=acting_user,
        iterations=request.iterations,
        seed=request.seed,
        inputs=inputs,
    )
    audit.record(
        actor=acting_user,
        action="risk_analysis.started",
        obj=run,
        changes={
            "iterations": [None, run.iterations],
            "seed": [None, run.seed],
            "tasks": [None, len(inputs["tasks"])],
            "risks": [None, len(inputs["events"])],
            "correlation_groups": [None, len(inputs["correlations"])],
        },
        project_id=project.pk,
        organization_id=project.organization_id,
    )
    run_id = run.pk
    transaction.on_commit(lambda: jobs.run_risk_analysis.delay(run_id))
    return run


@dataclass(frozen=True)
class EstimateChange:
    """A task's three-point estimate, in the task's duration unit, based on ``version``."""

    task_id: int
    version: int
    optimistic: Decimal
    most_likely: Decimal
    pessimistic: Decimal


def _check_change(k: int, change: EstimateChange) -> None:
    where = f"tasks.{k}"
    for name in ("optimistic", "most_likely", "pessimistic"):
        value = getattr(change, name)
        if not (value.is_finite() and Decimal(0) <= value <= MAX_ESTIMATE):
            raise ValidationFailed(
                _(
                    "Task %(task_id)s: %(name)s must be between 0 and %(max_estimate)s, got "
                    "%(value)s"
                )
                % {
                    "task_id": change.task_id,
                    "name": name.replace("_", " "),
                    "max_estimate": MAX_ESTIMATE,
                    "value": value,
                },
                fields={
                    f"{where}.{name}": [
                        _("between 0 and %(max_estimate)s") % {"max_estimate": MAX_ESTIMATE}
                    ]
                },
            )
    if change.pessimistic < change.optimistic:
        raise ValidationFailed(
            _(
                "Task %(task_id)s: pessimistic (%(pessimistic)s) is below optimistic "
                "(%(optimistic)s)"
            )
            % {
                "task_id": change.task_id,
                "pessimistic": change.pessimistic,
                "optimistic": change.optimistic,
            },
            fields={f"{where}.pessimistic": [_("must not be below optimistic")]},
        )
    if not change.optimistic <= change.most_likely <= change.pessimistic:
        raise ValidationFailed(
            _(
                "Task %(task_id)s: most likely (%(most_likely)s) must lie between optimistic "
                "(%(optimistic)s) and pessimistic (%(pessimistic)s)"
            )
            % {
                "task_id": change.task_id,
                "most_likely": change.most_likely,
                "optimistic": change.optimistic,
                "pessimistic": change.pessimistic,
            },
            fields={f"{where}.most_likely": [_("between optimistic and pessimistic")]},
        )


@transaction.atomic
def do_update_estimates(
    project: Project, *, acting_user: Any, changes: list[EstimateChange]
) -> list[Task]:
    """Set three-point estimates on tasks of ``project``, all or none (one transaction).

    Those who edit the plan (``tasks.edit``) may; each task goes through the plan's own
    ``do_update_task`` (version check, audit row, rescheduling). 422 naming ``tasks.<n>.<field>``
    for an unknown task, a summary task or a milestone, values out of order or out of range; 412
    for a stale version.
    """
    refuse_if_archived(acting_user, project, "tasks.edit")
    if not has_right(acting_user, project, "tasks.edit"):
        raise Forbidden(_("Only those who edit the plan change its estimates."))
    if not changes:
        raise ValidationFailed(_("Give at least one task."), fields={"tasks": [_("empty")]})
    ids = [c.task_id for c in changes]
    tasks = {t.pk: t for t in Task.objects.filter(project=project, pk__in=ids)}
    parents = set(
        Task.objects.filter(project=project, parent_id__in=ids).values_list("parent_id", flat=True)
    )
    updated = []
    for k, change in enumerate(changes):
        task = tasks.get(change.task_id)
        if task is None:
            raise ValidationFailed(
                _("No task %(task_id)s in this project.") % {"task_id": change.task_id},
                fields={
                    f"tasks.{k}.task_id": [
                        _("unknown task %(task_id)s") % {"task_id": change.task_id}
                    ]
                },
            )
        if task.pk in parents or task.is_milestone:
            kind = _("a summary task") if task.pk in parents else _("a milestone")
            raise ValidationFailed(
                _("Task %(task)s is %(kind)s: it has no estimate of its own.")
                % {"task": task, "kind": kind},
                fields={f"tasks.{k}.task_id": [_("%(kind)s has no estimate") % {"kind": kind}]},
            )
        _check_change(k, change)
        try:
            updated.append(
                do_update_task(
                    task,
                    acting_user=acting_user,
                    version=change.version,
                    changes={
                        "estimate_mode": "three_point",
                        "optimistic": change.optimistic,
                        "most_likely": change.most_likely,
                        "pessimistic": change.pessimistic,
                    },
                )
            )
        except TandemError as exc:
            exc.fields = {f"tasks.{k}.{name}": v for name, v in exc.fields.items()}
            raise
    return updated
