"""My work: what one person has to do, across their projects, grouped by when it is due.

Each kind of item comes through its own app's policy (``visible_to``), narrowed to the viewer's
own items: tasks assigned to them (in person or through their resource), action items and
issues they own, risk responses they own, the meetings they are invited to or organize, the
submitted timesheets waiting for their approval (project managers) and their own weeks returned
to them.
Finished, cancelled and closed items are left out, and so are archived and deleted projects
(nothing there can change any more). A task is due on its deadline, else its planned finish; a
meeting on its day in the viewer's time zone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.comms.policies import notifications_visible_to
from tandem.core import l10n
from tandem.meetings.models import ActionItemStatus, MeetingStatus
from tandem.meetings.policies import ActionItemPolicy, MeetingPolicy
from tandem.planning.models import Task
from tandem.planning.policies import TaskPolicy
from tandem.planning.task_filters import CLOSED
from tandem.projects.policies import project_ids_with_right
from tandem.resources.models import TimesheetStatus
from tandem.resources.policies import TimesheetWeekPolicy
from tandem.risks.models import IssueStatus, MitigationStatus
from tandem.risks.policies import IssuePolicy, MitigationPolicy

# How far ahead My work lists meetings, in days (a weekly series would fill "Later" otherwise).
MEETINGS_AHEAD_DAYS = 28
GROUPS = (
    ("overdue", gettext_lazy("Overdue")),
    ("today", gettext_lazy("Today")),
    ("week", gettext_lazy("This week")),
    ("later", gettext_lazy("Later")),
    ("none", gettext_lazy("No date")),
)
KIND_LABELS = {
    "task": gettext_lazy("Task"),
    "action item": gettext_lazy("Action item"),
    "meeting": gettext_lazy("Meeting"),
    "issue": gettext_lazy("Issue"),
    "risk response": gettext_lazy("Risk response"),
    "approval": gettext_lazy("Approval"),
    "timesheet": gettext_lazy("Timesheet"),
}


@dataclass(frozen=True)
class WorkItem:
    kind: str  # "task", "action item", "meeting", "issue", "risk response"
    title: str
    url: str
    project_code: str
    project_name: str
    due: dt.date | None
    status: str
    context: str = ""
    starts_at: dt.datetime | None = None

    @property
    def kind_label(self) -> str:
        """The kind in the reader's language ("Task", "Action item"...)."""
        return str(KIND_LABELS.get(self.kind, self.kind.capitalize()))


@dataclass
class WorkGroup:
    key: str
    label: str
    items: list[WorkItem] = field(default_factory=list)


@dataclass
class MyWork:
    groups: list[WorkGroup]
    unread_notifications: int
    today: dt.date

    @property
    def count(self) -> int:
        return sum(len(g.items) for g in self.groups)


def group_of(due: dt.date | None, today: dt.date) -> str:
    """``overdue``, ``today``, ``week`` (until Sunday), ``later`` or ``none``."""
    if due is None:
        return "none"
    if due < today:
        return "overdue"
    if due == today:
        return "today"
    end_of_week = today + dt.timedelta(days=6 - today.weekday())
    return "week" if due <= end_of_week else "later"


def _tasks(user: Any) -> list[WorkItem]:
    mine = Q(assignments__person=user) | Q(assignments__resource__user=user)
    tasks = (
        TaskPolicy.visible_to(user)
        .filter(mine, project__archived_at__isnull=True)
        .exclude(status__in=CLOSED)
        .filter(pk__in=Task.objects.filter(children__isnull=True).values("pk"))
        .select_related("project")
        .distinct()
    )
    return [
        WorkItem(
            kind="task",
            title=t.name,
            url=reverse("task-detail", args=[t.pk]),
            project_code=t.project.code,
            project_name=t.project.name,
            due=t.deadline or t.finish_date,
            status=t.get_status_display(),
            context=_("WBS %(code)s · %(percent)s%% done")
            % {"code": t.wbs_code, "percent": t.percent_complete},
        )
        for t in tasks
    ]


def _action_items(user: Any) -> list[WorkItem]:
    items = (
        ActionItemPolicy.visible_to(user)
        .filter(owner=user, meeting__project__archived_at__isnull=True)
        .filter(status__in=[ActionItemStatus.OPEN, ActionItemStatus.IN_PROGRESS])
        .select_related("meeting__project")
    )
    return [
        WorkItem(
            kind="action item",
            title=a.description,
            url=reverse("meeting-detail", args=[a.meeting_id]) + "#action-items",
            project_code=a.meeting.project.code,
            project_name=a.meeting.project.name,
            due=a.due_date,
            status=a.get_status_display(),
            context=_("From the meeting “%(title)s”") % {"title": a.meeting.title},
        )
        for a in items
    ]


def _meetings(user: Any, now: dt.datetime) -> list[WorkItem]:
    zone = timezone.get_current_timezone()
    meetings = (
        MeetingPolicy.visible_to(user)
        .filter(Q(participants__user=user) | Q(organizer=user))
        .filter(
            status=MeetingStatus.SCHEDULED,
            project__archived_at__isnull=True,
            ends_at__gte=now,
            starts_at__lte=now + dt.timedelta(days=MEETINGS_AHEAD_DAYS),
        )
        .select_related("project")
        .distinct()
    )
    out = []
    for m in meetings:
        local = m.starts_at.astimezone(zone)
        out.append(
            WorkItem(
                kind="meeting",
                title=m.title,
                url=reverse("meeting-detail", args=[m.pk]),
                project_code=m.project.code,
                project_name=m.project.name,
                due=local.date(),
                status=m.get_status_display(),
                context=f"{l10n.format_datetime(local, 'day', to_local=False)} ({zone})",
                starts_at=m.starts_at,
            )
        )
    return out


def _issues(user: Any) -> list[WorkItem]:
    issues = (
        IssuePolicy.visible_to(user)
        .filter(owner=user, project__archived_at__isnull=True)
        .filter(status__in=[IssueStatus.OPEN, IssueStatus.IN_PROGRESS])
        .select_related("project")
    )
    return [
        WorkItem(
            kind="issue",
            title=i.title,
            url=reverse("issue-detail", args=[i.pk]),
            project_code=i.project.code,
            project_name=i.project.name,
            due=i.due_date,
            status=i.get_status_display(),
            context=_("Severity %(severity)s") % {"severity": i.get_severity_display().lower()},
        )
        for i in issues
    ]


def _risk_responses(user: Any) -> list[WorkItem]:
    responses = (
        MitigationPolicy.visible_to(user)
        .filter(owner=user, risk__project__archived_at__isnull=True)
        .filter(status__in=[MitigationStatus.PLANNED, MitigationStatus.IN_PROGRESS])
        .select_related("risk__project")
    )
    return [
        WorkItem(
            kind="risk response",
            title=r.title,
            url=reverse("risk-detail", args=[r.risk_id]),
            project_code=r.risk.project.code,
            project_name=r.risk.project.name,
            due=r.due_date,
            status=r.get_status_display(),
            context=_("For the risk “%(title)s”") % {"title": r.risk.title},
        )
        for r in responses
    ]


_LAST = dt.datetime.max.replace(tzinfo=dt.UTC)


def _timesheets(user: Any) -> list[WorkItem]:
    """Weeks waiting for the viewer's decision, and the viewer's weeks returned to them; due by
    the Monday after the week."""
    weeks = TimesheetWeekPolicy.visible_to(user).filter(project__archived_at__isnull=True)
    deciding = project_ids_with_right(user, "project.edit")
    waiting = weeks.filter(project_id__in=deciding, status=TimesheetStatus.SUBMITTED)
    returned = weeks.filter(person=user, status=TimesheetStatus.RETURNED)
    out = []
    for week in waiting.select_related("project", "person").order_by("week_start", "id"):
        out.append(
            WorkItem(
                kind="approval",
                title=_("Timesheet of %(person)s, week of %(day)s")
                % {"person": week.person, "day": l10n.format_date(week.week_start, "month_day")},
                url=reverse("timesheet-approvals", args=[week.project_id]),
                project_code=week.project.code,
                project_name=week.project.name,
                due=week.week_start + dt.timedelta(days=7),
                status=week.get_status_display(),
                context=_("%(hours)s h to approve or return")
                % {"hours": f"{week.hours.normalize():f}"},
            )
        )
    for week in returned.select_related("project").order_by("week_start", "id"):
        url = reverse("timesheet", args=[week.project_id])
        out.append(
            WorkItem(
                kind="timesheet",
                title=_("Your week of %(day)s was returned")
                % {"day": l10n.format_date(week.week_start, "month_day")},
                url=f"{url}?week={week.week_start.isoformat()}",
                project_code=week.project.code,
                project_name=week.project.name,
                due=week.week_start + dt.timedelta(days=7),
                status=week.get_status_display(),
                context=week.note or _("Correct it and submit it again"),
            )
        )
    return out


def _sort_key(item: WorkItem) -> tuple[Any, ...]:
    return (item.due or dt.date.max, item.starts_at or _LAST, item.project_code, item.title)


def my_work(user: Any, *, now: dt.datetime | None = None) -> MyWork:
    """The viewer's open items in every project where they see the work; ``now`` is injected
    by tests (today is its date in the active time zone, the viewer's own)."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    items = [
        *_tasks(user),
        *_action_items(user),
        *_meetings(user, now),
        *_issues(user),
        *_risk_responses(user),
        *_timesheets(user),
    ]
    groups = {key: WorkGroup(key, str(label)) for key, label in GROUPS}
    for item in sorted(items, key=_sort_key):
        groups[group_of(item.due, today)].items.append(item)
    unread = notifications_visible_to(user).filter(read_at__isnull=True).count()
    return MyWork(list(groups.values()), unread, today)
