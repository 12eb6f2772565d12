"""When a project's weekly report is due, and drafting (or sending) it once per period.

The period of a run is the latest scheduled moment at or before ``now`` (``weekday`` ``time``
in the project's zone): it ends on that day and covers the seven days before. A schedule
drafts nothing for moments before it was saved, and only the latest period when runs were
missed (no flood of old reports after downtime).
"""

from __future__ import annotations

import datetime as dt
import logging
import zoneinfo

from django.db import transaction

from tandem.core.errors import TandemError
from tandem.projects.models import Project

from .actions import do_draft_report, do_publish_report
from .models import Report, ReportSchedule, ScheduleMode

log = logging.getLogger(__name__)
PERIOD_DAYS = 7


def due_moment(schedule: ReportSchedule, project: Project, now: dt.datetime) -> dt.datetime:
    """The latest scheduled moment at or before ``now`` (aware, in the project's zone)."""
    zone = zoneinfo.ZoneInfo(project.time_zone)
    local = now.astimezone(zone)
    day = local.date() - dt.timedelta(days=(local.weekday() - schedule.weekday) % 7)
    moment = dt.datetime.combine(day, schedule.time, tzinfo=zone)
    if moment > local:
        moment -= dt.timedelta(days=PERIOD_DAYS)
    return moment


def run_schedule(schedule_id: int, now: dt.datetime) -> Report | None:
    """Draft (and in mode ``send`` publish) the report of the period due at ``now``, unless
    this schedule already made it; the schedule's row is locked meanwhile, so two runs at the
    same moment make one report."""
    with transaction.atomic():
        schedule = (
            ReportSchedule.objects.select_for_update(of=("self",))
            .select_related("project", "owner")
            .filter(pk=schedule_id, active=True)
            .first()
        )
        if schedule is None or schedule.owner is None:
            return None
        project = schedule.project
        if project.archived_at is not None:
            return None
        moment = due_moment(schedule, project, now)
        if moment < schedule.created_at:
            return None
        end = moment.date()
        if Report.objects.filter(schedule=schedule, generated_for=end).exists():
            return None
        try:
            report = do_draft_report(
                project,
                acting_user=schedule.owner,
                period_start=end - dt.timedelta(days=PERIOD_DAYS - 1),
                period_end=end,
                audience=schedule.audience,
                schedule=schedule,
                now=now,
            )
            if schedule.mode == ScheduleMode.SEND:
                report = do_publish_report(
                    report,
                    acting_user=schedule.owner,
                    version=report.status_update.version,
                )
        except TandemError as exc:
            log.warning("report schedule %s: %s", schedule_id, exc.message)
            return None
    return report
