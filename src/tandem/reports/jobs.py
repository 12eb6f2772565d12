"""Background job of reports (Celery; the in-process schedule of ``tandem run`` without a
broker): idempotent, so running it twice in a period drafts and sends one report.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tandem.core.jobs import job

from .emails import send_report_email
from .models import Report, ReportSchedule
from .schedules import run_schedule


@job("tandem.reports.run_report_schedules")
def run_report_schedules(now: dt.datetime | None = None) -> int:
    """Every few minutes: each active schedule's due report, then any email that failed;
    the number of reports made."""
    moment = now or timezone.now()
    made = 0
    for schedule_id in ReportSchedule.objects.filter(active=True).values_list("pk", flat=True):
        if run_schedule(schedule_id, moment) is not None:
            made += 1
    for report_id in Report.objects.filter(email_pending=True).values_list("pk", flat=True):
        send_report_email(report_id)
    return made
