"""What is wrong with a project today: each watched condition as a ``Finding``.

A finding names its subject, its step (how far past the first threshold the condition is) and
its evidence. The evaluator (``evaluation``) turns findings into alerts. Everything here reads;
nothing writes. Working days count on the project's calendar; "today" is the project's date in
its own zone, passed in by the caller (so tests move the clock).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q

from tandem.core.errors import ValidationFailed
from tandem.engine import earned_value as ev
from tandem.meetings.models import ActionItem, ActionItemStatus
from tandem.planning.calendar import ProjectCalendar
from tandem.planning.models import Assignment, Baseline, PlanSettings, Task, TaskStatus
from tandem.planning.scheduling import ProjectSchedule
from tandem.projects.models import Project
from tandem.resources.earned_value import earned_value_report
from tandem.risks.models import Risk, RiskStatus

from .models import DEFAULT_SLIP_STEPS_DAYS, AlertKind, Severity, TaskSnapshot, WatchSettings
from .wording import Words, say

# Working days of lateness at which a condition moves up one step: 2 days is step 1, 5 days
# step 3. A condition that only moves within a step is not told again. (Milestone slips use the
# project's own steps, ``WatchSettings.slip_steps_days``, these by default.)
STEPS_DAYS: tuple[int, ...] = DEFAULT_SLIP_STEPS_DAYS
CLOSED_TASK_STATUSES = (TaskStatus.DONE, TaskStatus.CANCELLED)
OPEN_ACTION_ITEM_STATUSES = (ActionItemStatus.OPEN, ActionItemStatus.IN_PROGRESS)
OPEN_RISK_STATUSES = (RiskStatus.OPEN, RiskStatus.MONITORING)
# Evidence trends show this many weeks of snapshots.
TREND_WEEKS = 8


@dataclass(frozen=True)
class Finding:
    kind: str
    subject_key: str
    subject_label: str
    url: str
    step: int
    severity: str
    title: Words
    threshold: Words
    evidence: dict[str, Any]
    owner_ids: tuple[int, ...] = ()
    right: str = "project.view_work"

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.subject_key)


@dataclass
class ProjectState:
    """What one evaluation reads once and every rule shares."""

    project: Project
    today: dt.date
    calendar: ProjectCalendar
    thresholds: WatchSettings
    schedule: ProjectSchedule | None
    baseline: Baseline | None
    tasks: list[Task]
    summaries: set[int]
    assignees: dict[int, tuple[int, ...]] = field(default_factory=dict)


def step_of(days: int | Decimal, steps: Sequence[int] = STEPS_DAYS) -> int:
    """How many step thresholds ``days`` reached (0: none)."""
    return bisect_right(list(steps), days)


def thresholds_of(project: Project) -> WatchSettings:
    found = WatchSettings.objects.filter(project=project).first()
    return found if found is not None else WatchSettings(project=project)


def compared_baseline(project: Project) -> Baseline | None:
    """The baseline the plan settings compare with, else the latest."""
    chosen = (
        PlanSettings.objects.filter(project=project, compare_baseline__isnull=False)
        .values_list("compare_baseline_id", flat=True)
        .first()
    )
    baselines = Baseline.objects.filter(project=project)
    if chosen is not None:
        return baselines.filter(pk=chosen).first()
    return baselines.order_by("-created_at", "-id").first()


def load_state(
    project: Project,
    today: dt.date,
    calendar: ProjectCalendar,
    schedule: ProjectSchedule | None,
) -> ProjectState:
    tasks = list(Task.objects.filter(project=project).order_by("wbs_sort"))
    summaries = {t.parent_id for t in tasks if t.parent_id is not None}
    assignees: dict[int, list[int]] = {}
    for task_id, person_id in Assignment.objects.filter(
        task__project=project, person__isnull=False
    ).values_list("task_id", "person_id"):
        assignees.setdefault(task_id, []).append(person_id)
    return ProjectState(
        project=project,
        today=today,
        calendar=calendar,
        thresholds=thresholds_of(project),
        schedule=schedule,
        baseline=compared_baseline(project),
        tasks=tasks,
        summaries=summaries,
        assignees={k: tuple(v) for k, v in assignees.items()},
    )


def _days(value: Decimal | float) -> str:
    return f"{Decimal(str(value)).normalize():f}"


def _task_url(task: Task) -> str:
    return f"/tasks/{task.pk}/"


def _trend(task_id: int, weeks: Iterable[TaskSnapshot]) -> list[dict[str, Any]]:
    return [
        {
            "week": s.week.isoformat(),
            "finish": s.finish.isoformat() if s.finish else None,
            "total_float_days": _days(s.total_float_days),
        }
        for s in weeks
        if s.task_id == task_id
    ][-TREND_WEEKS:]


def milestone_slips(state: ProjectState, history: list[TaskSnapshot]) -> list[Finding]:
    """Milestones whose forecast finish lies later than the baseline's, in working days."""
    if state.baseline is None:
        return []
    saved = {
        e.task_id: e.finish_date
        for e in state.baseline.entries.filter(task__isnull=False, finish_date__isnull=False)
    }
    forecast = _forecasts(state)
    found = []
    red_from = state.thresholds.slip_red_days
    steps = [int(d) for d in state.thresholds.slip_steps_days]
    for task in state.tasks:
        if not task.is_milestone or task.status in CLOSED_TASK_STATUSES:
            continue
        base, now = saved.get(task.pk), forecast.get(task.pk)
        if base is None or now is None:
            continue
        slip = state.calendar.working_day_difference(base, now)
        step = step_of(slip, steps)
        if step == 0:
            continue
        found.append(
            Finding(
                kind=AlertKind.MILESTONE_SLIP,
                subject_key=f"task:{task.pk}",
                subject_label=str(task),
                url=_task_url(task),
                step=step,
                severity=Severity.RED if slip >= red_from else Severity.AMBER,
                title=say("milestone_slip", task=task.name, days=slip),
                threshold=say("milestone_slip_threshold", days=steps[step - 1], red=red_from),
                evidence={
                    "milestone": str(task),
                    "baseline": state.baseline.name,
                    "baseline_finish": base.isoformat(),
                    "forecast_finish": now.isoformat(),
                    "slip_working_days": slip,
                    "trend": _trend(task.pk, history),
                },
                right="project.view",
            )
        )
    return found


def _forecasts(state: ProjectState) -> dict[int, dt.date]:
    """Each task's forecast finish: the schedule's, else its planned finish."""
    if state.schedule is not None:
        return {r.task.pk: r.finish for r in state.schedule.rows}
    return {t.pk: t.finish_date for t in state.tasks if t.finish_date is not None}


def float_erosion(
    state: ProjectState,
    last_week: dict[int, TaskSnapshot],
    at_baseline: dict[int, TaskSnapshot],
    history: list[TaskSnapshot],
) -> list[Finding]:
    """Critical or near-critical tasks whose total float fell by more than the threshold since
    last week's snapshot or since the baseline (whichever fell more)."""
    if state.schedule is None:
        return []
    limit = state.thresholds.float_erosion_days
    near = state.thresholds.near_critical_days
    found = []
    for row in state.schedule.rows:
        task = row.task
        if row.summary or task.status in CLOSED_TASK_STATUSES:
            continue
        now = row.total_float_days
        if not (row.critical or now <= near):
            continue
        baseline_name = state.baseline.name if state.baseline else ""
        baseline_label = f"baseline {baseline_name}" if baseline_name else "the baseline"
        references = [
            (label, snap.total_float_days)
            for label, snap in (
                ("last week", last_week.get(task.pk)),
                (baseline_label, at_baseline.get(task.pk)),
            )
            if snap is not None
        ]
        if not references:
            continue
        label, before = max(references, key=lambda ref: ref[1] - now)
        fell = before - now
        if fell <= limit:
            continue
        step = int(fell // limit)
        found.append(
            Finding(
                kind=AlertKind.FLOAT_EROSION,
                subject_key=f"task:{task.pk}",
                subject_label=str(task),
                url=_task_url(task),
                step=step,
                severity=Severity.RED if now <= 0 else Severity.AMBER,
                title=say(
                    "float_erosion",
                    task=task.name,
                    days=_days(fell),
                    since="last_week" if label == "last week" else "baseline",
                    baseline=baseline_name,
                ),
                threshold=say(
                    "float_erosion_threshold", days=_days(limit * step), near=_days(near)
                ),
                evidence={
                    "task": str(task),
                    "critical": row.critical,
                    "total_float_days": _days(now),
                    "compared_with": label,
                    "float_then_days": _days(before),
                    "fell_by_days": _days(fell),
                    "trend": _trend(task.pk, history),
                },
                owner_ids=state.assignees.get(task.pk, ()),
            )
        )
    return found


def late_tasks(state: ProjectState) -> list[Finding]:
    """Tasks past their planned finish and not done; tasks past their planned start and not
    started."""
    found = []
    grace = state.thresholds.overdue_grace_days
    for task in state.tasks:
        if task.pk in state.summaries or task.status in CLOSED_TASK_STATUSES:
            continue
        owners = state.assignees.get(task.pk, ())
        if task.finish_date is not None and task.finish_date < state.today:
            late = state.calendar.working_day_difference(task.finish_date, state.today)
            step = step_of(late - grace)
            if step:
                found.append(
                    Finding(
                        kind=AlertKind.TASK_OVERDUE,
                        subject_key=f"task:{task.pk}",
                        subject_label=str(task),
                        url=_task_url(task),
                        step=step,
                        severity=Severity.RED if task.is_milestone or late >= 5 else Severity.AMBER,
                        title=say("task_overdue", task=task.name, days=late),
                        threshold=_overdue_threshold(step, grace),
                        evidence={
                            "task": str(task),
                            "planned_finish": task.finish_date.isoformat(),
                            "percent_complete": task.percent_complete,
                            "overdue_working_days": late,
                        },
                        owner_ids=owners,
                    )
                )
        started = task.actual_start is not None or task.percent_complete > 0
        if task.status == TaskStatus.NOT_STARTED and not started and task.start_date is not None:
            if task.start_date >= state.today:
                continue
            late = state.calendar.working_day_difference(task.start_date, state.today)
            step = step_of(late)
            if step:
                found.append(
                    Finding(
                        kind=AlertKind.TASK_NOT_STARTED,
                        subject_key=f"task:{task.pk}",
                        subject_label=str(task),
                        url=_task_url(task),
                        step=step,
                        severity=Severity.AMBER,
                        title=say("task_not_started", task=task.name, days=late),
                        threshold=say("task_not_started_threshold", days=STEPS_DAYS[step - 1]),
                        evidence={
                            "task": str(task),
                            "planned_start": task.start_date.isoformat(),
                            "late_working_days": late,
                        },
                        owner_ids=owners,
                    )
                )
    return found


def _overdue_threshold(step: int, grace: int) -> Words:
    return say("overdue_threshold", days=STEPS_DAYS[step - 1] + grace, grace=grace)


def overdue_action_items(state: ProjectState) -> list[Finding]:
    items = ActionItem.objects.filter(
        meeting__project=state.project,
        status__in=OPEN_ACTION_ITEM_STATUSES,
        due_date__lt=state.today,
    ).select_related("meeting", "owner")
    found = []
    grace = state.thresholds.overdue_grace_days
    for item in items:
        assert item.due_date is not None  # noqa: S101 - filtered above
        late = state.calendar.working_day_difference(item.due_date, state.today)
        step = step_of(late - grace)
        if not step:
            continue
        found.append(
            Finding(
                kind=AlertKind.ACTION_ITEM_OVERDUE,
                subject_key=f"action_item:{item.pk}",
                subject_label=str(item),
                url=f"/meetings/{item.meeting_id}/",
                step=step,
                severity=Severity.RED if late >= 5 else Severity.AMBER,
                title=say("action_item_overdue", item=str(item)[:80], days=late),
                threshold=_overdue_threshold(step, grace),
                evidence={
                    "action_item": str(item),
                    "meeting": item.meeting.title,
                    "owner": str(item.owner) if item.owner else "nobody",
                    "due_date": item.due_date.isoformat(),
                    "overdue_working_days": late,
                },
                owner_ids=(item.owner_id,) if item.owner_id else (),
            )
        )
    return found


def risks_due_for_review(state: ProjectState, now: dt.datetime) -> list[Finding]:
    """Open risks past their review date (``review_on`` before the project's today), and open
    risks without one that nobody changed for ``risk_review_days``: their review is due."""
    days = state.thresholds.risk_review_days
    cutoff = now - dt.timedelta(days=days)
    risks = Risk.objects.filter(
        Q(review_on__lt=state.today) | Q(review_on__isnull=True, updated_at__lt=cutoff),
        project=state.project,
        status__in=OPEN_RISK_STATUSES,
    ).select_related("owner")
    found = []
    for risk in risks:
        evidence: dict[str, Any] = {
            "risk": risk.title,
            "score": risk.score,
            "owner": str(risk.owner) if risk.owner else "nobody",
        }
        if risk.review_on is not None:
            past = (state.today - risk.review_on).days
            title = say(
                "risk_past_review", risk=risk.title, date=risk.review_on.isoformat(), days=past
            )
            threshold = say("risk_past_review_threshold")
            evidence |= {"review_on": risk.review_on.isoformat(), "days_past_review": past}
        else:
            idle = (now - risk.updated_at).days
            title = say("risk_not_reviewed", risk=risk.title, days=idle)
            threshold = say("risk_not_reviewed_threshold", days=days)
            evidence |= {
                "last_reviewed": risk.updated_at.date().isoformat(),
                "days_since_review": idle,
            }
        found.append(
            Finding(
                kind=AlertKind.RISK_REVIEW,
                subject_key=f"risk:{risk.pk}",
                subject_label=risk.title,
                url=f"/risks/{risk.pk}/",
                step=1,
                severity=Severity.AMBER,
                title=title,
                threshold=threshold,
                evidence=evidence,
                owner_ids=(risk.owner_id,) if risk.owner_id else (),
            )
        )
    return found


def performance(state: ProjectState) -> list[Finding]:
    """CPI and SPI of the project at today against the compared baseline, under thresholds.

    Undefined indices (nothing budgeted, nothing spent yet) raise nothing."""
    baseline = state.baseline
    if baseline is None or not baseline.entries.filter(cost__gt=0).exists():
        return []
    try:
        report = earned_value_report(state.project, baseline, state.today)
    except (ev.EarnedValueError, ValidationFailed):
        # Earned value that cannot be computed for this plan tells nothing to alert on.
        return []
    metrics = report.total.metrics
    found = []
    checks = (
        (AlertKind.COST_PERFORMANCE, "CPI", metrics.cpi, state.thresholds.cpi_threshold),
        (AlertKind.SCHEDULE_PERFORMANCE, "SPI", metrics.spi, state.thresholds.spi_threshold),
    )
    for kind, name, value, limit in checks:
        if value is None or Decimal(str(round(value, 4))) >= limit:
            continue
        low = Decimal(str(round(value, 2)))
        step = 2 if low < limit - Decimal("0.1") else 1
        found.append(
            Finding(
                kind=kind,
                subject_key="project",
                subject_label=state.project.name,
                url=f"/projects/{state.project.pk}/earned-value/",
                step=step,
                severity=Severity.RED if step == 2 else Severity.AMBER,
                title=say("index_under", index=name, value=str(low), limit=str(limit)),
                threshold=say(
                    "index_under_threshold",
                    index=name,
                    limit=str(limit),
                    red=str(limit - Decimal("0.1")),
                ),
                evidence={
                    "index": name,
                    "value": str(low),
                    "cpi": None if metrics.cpi is None else str(round(metrics.cpi, 2)),
                    "spi": None if metrics.spi is None else str(round(metrics.spi, 2)),
                    "percent_complete": None
                    if metrics.percent_complete is None
                    else str(round(metrics.percent_complete, 1)),
                    "status_date": state.today.isoformat(),
                    "baseline": baseline.name,
                },
                right="budget.view",
            )
        )
    return found
