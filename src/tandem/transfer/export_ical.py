"""A project's milestones and meetings as one iCalendar file (RFC 5545).

Milestones are all-day events on their scheduled date (transparent: they make nobody busy),
with a UID that stays the same for a task across exports (``task-<id>@tandem``), so a calendar
that imported an earlier export moves the event instead of adding a second. Meetings are written
as the meeting page's own .ics writes them (``tandem.meetings.ical``: same UID, sequence,
attendees and time zone); cancelled meetings are left out. Only the meetings the person may see
are included (stakeholders see none).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from tandem.engine.meetings import FeedMilestone, calendar_feed_ics
from tandem.meetings.ical import calendar_meeting
from tandem.meetings.models import MeetingStatus
from tandem.meetings.queries import list_meetings
from tandem.planning.scheduling import task_dates
from tandem.projects.models import Project

from .export_model import scheduled_plan


def milestone_uid(task_id: int) -> str:
    return f"task-{task_id}@tandem"


def project_milestones(project: Project) -> list[FeedMilestone]:
    """The plan's milestones on their scheduled dates, in WBS order."""
    plan = scheduled_plan(project)
    found = []
    for task in plan.tasks:
        if not task.is_milestone:
            continue
        day, _finish = task_dates(plan.schedule.tasks[str(task.id)], plan.frame.conv)
        if task.percent_complete >= 100:
            told = _("Milestone %(wbs)s of %(project)s (%(code)s), reached.")
        else:
            told = _("Milestone %(wbs)s of %(project)s (%(code)s), planned.")
        found.append(
            FeedMilestone(
                uid=milestone_uid(task.id),
                summary=task.name,
                day=day,
                description=told
                % {"wbs": task.wbs_code, "project": project.name, "code": project.code},
            )
        )
    return found


def plan_calendar_ics(user: Any, project: Project, *, now: dt.datetime) -> bytes:
    """The project's milestones and the meetings ``user`` may see, as a VCALENDAR (``now``,
    aware, is every event's DTSTAMP)."""
    meetings = (
        list_meetings(user, project_id=project.pk)
        .exclude(status=MeetingStatus.CANCELLED)
        .prefetch_related("participants__user")
    )
    events = []
    for meeting in meetings:
        participants = sorted(
            meeting.participants.all(), key=lambda p: (not p.required, p.user.username)
        )
        events.append(calendar_meeting(meeting, participants))
    name = f"{project.name} ({project.code})"
    return calendar_feed_ics(name, events, project_milestones(project), stamp=now)
