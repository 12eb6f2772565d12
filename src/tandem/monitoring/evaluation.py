"""Evaluating a project: snapshots, findings, alerts, escalations and the suggested health.

``evaluate_project(project, now=...)`` is the one entry point; the periodic job, the
``tandem watch`` command and the evaluation after a reschedule all call it. ``now`` is
injected (tests move the clock). It is idempotent: evaluating twice at the same moment, or
again before anything changed, raises and sends nothing new.

Alerts: a finding without an open alert opens one (step as found) and tells the people
responsible; a finding at a higher step than its open alert moves the alert up and tells them
again; a finding at the same or a lower step only refreshes the evidence (a step is never told
twice); an open alert without a finding closes (recovered).
"""

from __future__ import annotations

import datetime as dt
import logging
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from tandem.core import audit
from tandem.core.errors import ValidationFailed
from tandem.planning.calendar import project_calendar
from tandem.planning.scheduling import ProjectSchedule, compute_schedule
from tandem.projects.models import Lifecycle, Project
from tandem.risks.models import Issue, IssueStatus, Risk

from . import escalations, messages
from .findings import (
    OPEN_RISK_STATUSES,
    TREND_WEEKS,
    Finding,
    ProjectState,
    float_erosion,
    late_tasks,
    load_state,
    milestone_slips,
    overdue_action_items,
    performance,
    risks_due_for_review,
)
from .models import Alert, HealthAssessment, ProjectSnapshot, Severity, TaskSnapshot

log = logging.getLogger(__name__)

WATCHED_STATUSES = (Lifecycle.PLANNING, Lifecycle.ACTIVE)
OPEN_ISSUE_STATUSES = (IssueStatus.OPEN, IssueStatus.IN_PROGRESS)


@dataclass
class Evaluation:
    """What one evaluation did (for the command's report and for tests)."""

    project_id: int
    raised: list[Alert] = field(default_factory=list)
    stepped: list[Alert] = field(default_factory=list)
    closed: list[Alert] = field(default_factory=list)
    escalated: int = 0
    notified: int = 0
    suggested: str = "green"


def watched_projects() -> Any:
    return Project.objects.filter(
        status__in=WATCHED_STATUSES, archived_at__isnull=True, deleted_at__isnull=True
    ).order_by("pk")


def project_today(project: Project, now: dt.datetime) -> dt.date:
    return now.astimezone(zoneinfo.ZoneInfo(project.time_zone)).date()


def week_of(day: dt.date) -> dt.date:
    """The Monday of ``day``'s ISO week."""
    return day - dt.timedelta(days=day.weekday())


def _schedule_or_none(project: Project) -> ProjectSchedule | None:
    try:
        return compute_schedule(project)
    except ValidationFailed as exc:
        # A plan that cannot be scheduled (a cycle) still has overdue items and risks to watch.
        log.info("project %s: no schedule to watch: %s", project.pk, exc.message)
        return None


@transaction.atomic
def evaluate_project(project: Project, *, now: dt.datetime) -> Evaluation:
    """Evaluate one project at ``now`` (aware). Serialized per project by a row lock."""
    Project.objects.select_for_update().filter(pk=project.pk).first()
    today = project_today(project, now)
    schedule = _schedule_or_none(project)
    state = load_state(project, today, project_calendar(project), schedule)
    last_week, at_baseline, history = _references(state)
    _take_snapshots(state, now)
    findings = [
        *milestone_slips(state, history),
        *float_erosion(state, last_week, at_baseline, history),
        *late_tasks(state),
        *overdue_action_items(state),
        *risks_due_for_review(state, now),
        *performance(state),
    ]
    result = Evaluation(project.pk)
    _reconcile(project, findings, now, result)
    result.escalated, sent = escalations.run_rules(state, now)
    result.notified += sent
    result.suggested = assess_health(project, now)
    return result


def evaluate_all(*, now: dt.datetime) -> list[Evaluation]:
    """Evaluate every watched project (each in its own transaction); a project that fails is
    logged and the others go on."""
    results = []
    for project in watched_projects():
        try:
            results.append(evaluate_project(project, now=now))
        except Exception:
            log.exception("project %s: evaluation failed", project.pk)
    return results


# Snapshots ---------------------------------------------------------------------------------


def _references(
    state: ProjectState,
) -> tuple[dict[int, TaskSnapshot], dict[int, TaskSnapshot], list[TaskSnapshot]]:
    """Last week's snapshot per task, the baseline's, and the weekly history of the tasks a
    finding may show a trend of (milestones, critical and near-critical tasks)."""
    week = week_of(state.today)
    weekly = TaskSnapshot.objects.filter(project=state.project, baseline__isnull=True)
    previous = weekly.filter(week__lt=week).order_by("-week").values_list("week", flat=True)
    last_week_day = previous.first()
    last_week = (
        {s.task_id: s for s in weekly.filter(week=last_week_day)}
        if last_week_day is not None
        else {}
    )
    at_baseline = (
        {s.task_id: s for s in TaskSnapshot.objects.filter(baseline=state.baseline)}
        if state.baseline is not None
        else {}
    )
    near = state.thresholds.near_critical_days
    watched = {t.pk for t in state.tasks if t.is_milestone}
    if state.schedule is not None:
        watched |= {
            r.task.pk for r in state.schedule.rows if r.critical or r.total_float_days <= near
        }
    since = week - dt.timedelta(weeks=TREND_WEEKS)
    history = list(weekly.filter(task_id__in=watched, week__gte=since, week__lt=week))
    return last_week, at_baseline, history


def _take_snapshots(state: ProjectState, now: dt.datetime) -> None:
    """This week's float of every task (replacing earlier ones of the week), the baseline's
    float when this is the first evaluation to see the baseline, and the project's counts."""
    project, week = state.project, week_of(state.today)
    if state.schedule is not None:
        rows = [r for r in state.schedule.rows if not r.summary]

        def snapshot(row: Any, baseline: Any = None) -> TaskSnapshot:
            return TaskSnapshot(
                project=project,
                task_id=row.task.pk,
                baseline=baseline,
                week=week,
                total_float_days=row.total_float_days,
                critical=row.critical,
                is_milestone=row.task.is_milestone,
                start=row.start,
                finish=row.finish,
                taken_at=now,
            )

        TaskSnapshot.objects.filter(project=project, week=week, baseline__isnull=True).delete()
        TaskSnapshot.objects.bulk_create([snapshot(r) for r in rows])
        baseline = state.baseline
        if baseline is not None and not TaskSnapshot.objects.filter(baseline=baseline).exists():
            TaskSnapshot.objects.bulk_create([snapshot(r, baseline) for r in rows])
    leaves = [t for t in state.tasks if t.pk not in state.summaries]
    ProjectSnapshot.objects.update_or_create(
        project=project,
        week=week,
        defaults={
            "open_issues": Issue.objects.filter(
                project=project, status__in=OPEN_ISSUE_STATUSES
            ).count(),
            "open_risks": Risk.objects.filter(
                project=project, status__in=OPEN_RISK_STATUSES
            ).count(),
            "tasks_total": len([t for t in leaves if t.status != "cancelled"]),
            "tasks_done": len([t for t in leaves if t.status == "done"]),
            "taken_at": now,
        },
    )


# Alerts ------------------------------------------------------------------------------------


def _reconcile(
    project: Project, findings: list[Finding], now: dt.datetime, result: Evaluation
) -> None:
    open_alerts = {
        (a.kind, a.subject_key): a for a in Alert.objects.filter(project=project, closed_at=None)
    }
    seen: set[tuple[str, str]] = set()
    for finding in findings:
        if finding.key in seen:
            continue
        seen.add(finding.key)
        alert = open_alerts.pop(finding.key, None)
        if alert is None:
            alert = _open(project, finding, now)
            result.raised.append(alert)
            result.notified += messages.tell_responsible(alert, finding.owner_ids)
        elif finding.step > alert.step:
            _step_up(alert, finding, now)
            result.stepped.append(alert)
            result.notified += messages.tell_responsible(alert, finding.owner_ids)
        else:
            _refresh(alert, finding, now)
    for alert in open_alerts.values():
        _close(alert, now, "recovered")
        result.closed.append(alert)


def _history_entry(finding: Finding, now: dt.datetime) -> dict[str, Any]:
    return {"step": finding.step, "at": now.isoformat(), "title": finding.title.english()}


def _words(finding: Finding) -> dict[str, Any]:
    return {"title": finding.title.as_json(), "threshold": finding.threshold.as_json()}


def _open(project: Project, finding: Finding, now: dt.datetime) -> Alert:
    alert = Alert.objects.create(
        project=project,
        kind=finding.kind,
        subject_key=finding.subject_key,
        subject_label=finding.subject_label[:250],
        url=finding.url,
        step=finding.step,
        severity=finding.severity,
        title=finding.title.english()[:300],
        threshold=finding.threshold.english()[:200],
        wording=_words(finding),
        evidence=finding.evidence,
        history=[_history_entry(finding, now)],
        right=finding.right,
        opened_at=now,
        raised_at=now,
        last_seen_at=now,
    )
    _audit(alert, "alert.raised", {"step": [None, alert.step], "title": [None, alert.title]})
    return alert


def _step_up(alert: Alert, finding: Finding, now: dt.datetime) -> None:
    before = alert.step
    alert.step = finding.step
    alert.severity = finding.severity
    alert.title = finding.title.english()[:300]
    alert.threshold = finding.threshold.english()[:200]
    alert.wording = _words(finding)
    alert.evidence = finding.evidence
    alert.history = [*alert.history, _history_entry(finding, now)]
    alert.raised_at = alert.last_seen_at = now
    # A new step asks for attention again.
    alert.acknowledged_at = None
    alert.acknowledged_by = None
    alert.version += 1
    alert.save()
    _audit(alert, "alert.stepped", {"step": [before, alert.step]})


def _refresh(alert: Alert, finding: Finding, now: dt.datetime) -> None:
    changed = alert.evidence != finding.evidence or alert.severity != finding.severity
    alert.last_seen_at = now
    fields = ["last_seen_at"]
    if changed:
        # The condition eased within its step, or its trend grew: the evidence follows, the
        # step stays (an alert never steps down, so the next worsening is not told twice).
        alert.evidence = finding.evidence
        alert.title = finding.title.english()[:300]
        alert.wording = _words(finding)
        fields += ["evidence", "title", "wording"]
    alert.save(update_fields=fields)


def _close(alert: Alert, now: dt.datetime, reason: str) -> None:
    alert.closed_at = now
    alert.close_reason = reason
    alert.version += 1
    alert.save(update_fields=["closed_at", "close_reason", "version", "updated_at"])
    _audit(alert, "alert.closed", {"closed_at": [None, now], "close_reason": [None, reason]})


def _audit(alert: Alert, action: str, changes: dict[str, Any]) -> None:
    audit.record(
        actor=None,
        action=action,
        obj=alert,
        changes=changes,
        project_id=alert.project_id,
        organization_id=alert.project.organization_id,
    )


# Health ------------------------------------------------------------------------------------


def suggested_health(alerts: Iterable[Alert]) -> tuple[str, list[dict[str, Any]]]:
    """Red when any open alert is red, amber when any is amber, else green; the reasons are
    the alerts behind it, worst first."""
    found = sorted(alerts, key=lambda a: (a.severity != Severity.RED, -a.step, a.pk))
    reasons = [
        {
            "alert_id": a.pk,
            "kind": a.kind,
            "title": a.title,
            "severity": a.severity,
            "threshold": a.threshold,
            "wording": a.wording,
            "right": a.right,
        }
        for a in found
    ]
    if any(a.severity == Severity.RED for a in found):
        return "red", reasons
    return ("amber", reasons) if found else ("green", reasons)


def assess_health(project: Project, now: dt.datetime) -> str:
    suggested, reasons = suggested_health(Alert.objects.filter(project=project, closed_at=None))
    current = HealthAssessment.objects.filter(project=project).first()
    if current is None:
        current = HealthAssessment.objects.create(
            project=project, suggested=suggested, reasons=reasons, computed_at=now
        )
        audit.record(
            actor=None,
            action="health.suggested",
            obj=current,
            changes={"suggested": [None, suggested]},
            project_id=project.pk,
            organization_id=project.organization_id,
        )
        return suggested
    before = current.suggested
    current.reasons = reasons
    current.computed_at = now
    if before != suggested:
        current.suggested = suggested
        current.version += 1
        audit.record(
            actor=None,
            action="health.suggested",
            obj=current,
            changes={"suggested": [before, suggested]},
            project_id=project.pk,
            organization_id=project.organization_id,
        )
    current.save()
    return suggested
