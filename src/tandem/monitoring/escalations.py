"""Escalation rules: "an issue of severity High open longer than 3 working days escalates to
the manager", "an overdue action item escalates to the owner's team lead after 2 days".

The periodic evaluation runs each active rule of the project; a rule fires once per subject
(an ``Escalation`` row, unique per rule and subject, makes a second firing impossible), writes
an audit event and notifies the people it escalates to, in their own zone. Counting is in
working days of the project's calendar and fires when the count is more than the rule's
``after_working_days``.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tandem.accounts.models import Team
from tandem.comms.actions import notify
from tandem.core import audit, l10n
from tandem.meetings.models import ActionItem
from tandem.projects.models import Role
from tandem.risks.models import Issue, IssueStatus, Severity

from .findings import CLOSED_TASK_STATUSES, OPEN_ACTION_ITEM_STATUSES, ProjectState
from .messages import leads_of, local_moment, people
from .models import Escalation, EscalationRule, EscalationTarget, EscalationTrigger

SEVERITY_ORDER = [s.value for s in Severity]
OPEN_ISSUES = (IssueStatus.OPEN, IssueStatus.IN_PROGRESS)


@dataclass(frozen=True)
class Subject:
    key: str
    label: str
    url: str
    working_days: int
    owner_ids: tuple[int, ...]
    team_ids: tuple[int, ...] = ()


def _local_date(moment: dt.datetime, zone: str) -> dt.date:
    return moment.astimezone(zoneinfo.ZoneInfo(zone)).date()


def _issues(state: ProjectState, rule: EscalationRule) -> Iterator[Subject]:
    issues = Issue.objects.filter(project=state.project, status__in=OPEN_ISSUES)
    if rule.min_severity in SEVERITY_ORDER:
        issues = issues.filter(
            severity__in=SEVERITY_ORDER[SEVERITY_ORDER.index(rule.min_severity) :]
        )
    for issue in issues.order_by("pk"):
        opened = _local_date(issue.created_at, state.project.time_zone)
        days = state.calendar.working_day_difference(opened, state.today)
        yield Subject(
            f"issue:{issue.pk}",
            ngettext(
                "Issue %(title)s (%(severity)s), open %(days)d working day",
                "Issue %(title)s (%(severity)s), open %(days)d working days",
                days,
            )
            % {"title": issue.title, "severity": issue.get_severity_display(), "days": days},
            f"/issues/{issue.pk}/",
            days,
            (issue.owner_id,) if issue.owner_id else (),
        )


def _action_items(state: ProjectState, rule: EscalationRule) -> Iterator[Subject]:
    items = ActionItem.objects.filter(
        meeting__project=state.project,
        status__in=OPEN_ACTION_ITEM_STATUSES,
        due_date__lt=state.today,
    )
    for item in items.order_by("pk"):
        assert item.due_date is not None  # noqa: S101 - filtered above
        days = state.calendar.working_day_difference(item.due_date, state.today)
        yield Subject(
            f"action_item:{item.pk}",
            ngettext(
                "Action item “%(item)s”, due %(due)s, overdue %(days)d working day",
                "Action item “%(item)s”, due %(due)s, overdue %(days)d working days",
                days,
            )
            % {"item": str(item)[:80], "due": l10n.format_date(item.due_date), "days": days},
            f"/meetings/{item.meeting_id}/",
            days,
            (item.owner_id,) if item.owner_id else (),
        )


def _tasks(state: ProjectState, rule: EscalationRule) -> Iterator[Subject]:
    for task in state.tasks:
        if task.pk in state.summaries or task.status in CLOSED_TASK_STATUSES:
            continue
        if task.finish_date is None or task.finish_date >= state.today:
            continue
        days = state.calendar.working_day_difference(task.finish_date, state.today)
        yield Subject(
            f"task:{task.pk}",
            ngettext(
                "Task %(task)s, planned to finish %(finish)s, overdue %(days)d working day",
                "Task %(task)s, planned to finish %(finish)s, overdue %(days)d working days",
                days,
            )
            % {"task": task, "finish": l10n.format_date(task.finish_date), "days": days},
            f"/tasks/{task.pk}/",
            days,
            state.assignees.get(task.pk, ()),
            (task.team_id,) if task.team_id else (),
        )


SUBJECTS = {
    EscalationTrigger.ISSUE_OPEN: _issues,
    EscalationTrigger.ACTION_ITEM_OVERDUE: _action_items,
    EscalationTrigger.TASK_OVERDUE: _tasks,
}


def _targets(state: ProjectState, rule: EscalationRule, subject: Subject) -> list[Any]:
    if rule.escalate_to == EscalationTarget.MANAGER:
        return leads_of(state.project, (Role.MANAGER,))
    if rule.escalate_to == EscalationTarget.COORDINATOR:
        return leads_of(state.project, (Role.COORDINATOR,))
    if rule.escalate_to == EscalationTarget.OWNER:
        return people(subject.owner_ids)
    teams = Team.objects.filter(organization_id=state.project.organization_id)
    lead_ids = set(
        teams.filter(members__in=subject.owner_ids, lead__isnull=False).values_list(
            "lead_id", flat=True
        )
    ) | set(teams.filter(pk__in=subject.team_ids).values_list("lead_id", flat=True))
    return people(i for i in lead_ids if i not in subject.owner_ids)


def run_rules(state: ProjectState, now: dt.datetime) -> tuple[int, int]:
    """Fire the project's active rules that are due; (escalations made, people notified)."""
    rules = list(EscalationRule.objects.filter(project=state.project, active=True))
    if not rules:
        return 0, 0
    done = set(
        Escalation.objects.filter(project=state.project).values_list("rule_id", "subject_key")
    )
    made = told = 0
    for rule in rules:
        for subject in SUBJECTS[EscalationTrigger(rule.trigger)](state, rule):
            if subject.working_days <= rule.after_working_days:
                continue
            if (rule.pk, subject.key) in done:
                continue
            told += _escalate(state, rule, subject, now)
            made += 1
    return made, told


def _escalate(state: ProjectState, rule: EscalationRule, subject: Subject, now: dt.datetime) -> int:
    project = state.project
    targets = _targets(state, rule, subject)
    notified = []
    for person in targets:
        sent = notify(
            [person],
            project=project,
            kind="escalation.raised",
            subject=_("Escalated to you: %(label)s") % {"label": subject.label},
            body=(
                ngettext(
                    "Rule “%(name)s”: %(trigger)s for more than %(days)d working day "
                    "escalates to %(target)s.",
                    "Rule “%(name)s”: %(trigger)s for more than %(days)d working days "
                    "escalates to %(target)s.",
                    rule.after_working_days,
                )
                % {
                    "name": rule.name,
                    "trigger": rule.get_trigger_display().lower(),
                    "days": rule.after_working_days,
                    "target": rule.get_escalate_to_display().lower(),
                }
                + "\n"
                + _("Escalated %(when)s.") % {"when": local_moment(now, person)}
            ),
            url=subject.url,
            right="project.view_work",
        )
        if sent:
            notified.append(str(person))
    escalation = Escalation.objects.create(
        rule=rule,
        project=project,
        subject_key=subject.key,
        subject_label=subject.label[:250],
        url=subject.url,
        working_days=subject.working_days,
        recipients=notified,
        escalated_at=now,
    )
    audit.record(
        actor=None,
        action="escalation.raised",
        obj=escalation,
        changes={
            "rule": [None, rule.name],
            "subject": [None, subject.label],
            "working_days": [None, subject.working_days],
            "recipients": [None, notified],
        },
        project_id=project.pk,
        organization_id=project.organization_id,
    )
    return len(notified)
