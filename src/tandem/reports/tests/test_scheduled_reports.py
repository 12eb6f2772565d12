"""Scheduled reports: drafted (and sent) once per period over real SMTP, whatever the number of
runs; the clock is injected, so the test travels from one Friday to the next."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from tandem.core.errors import ValidationFailed
from tandem.reports.actions import do_publish_report, do_save_schedule
from tandem.reports.jobs import run_report_schedules
from tandem.reports.models import Report, ReportSchedule
from tandem.reports.schedules import due_moment
from tandem.testing.smtp import part_of, smtp_inbox, subject_of

pytestmark = pytest.mark.django_db

MINUTE = dt.timedelta(minutes=1)


def _first_moment(schedule):
    """The schedule's first moment after it was saved."""
    return due_moment(schedule, schedule.project, schedule.created_at + dt.timedelta(days=7))


def test_a_sent_schedule_emails_the_pdf_once_per_period(world, django_capture_on_commit_callbacks):
    # given a schedule every Friday 16:00 that publishes and sends at once
    schedule = do_save_schedule(
        world.project,
        acting_user=world.manager,
        weekday=4,
        time=dt.time(16, 0),
        audience="stakeholders",
        mode="send",
    )
    first = _first_moment(schedule)
    assert first.weekday() == 4
    assert (first.hour, first.minute) == (16, 0)
    audience = {world.manager.email, world.coordinator.email, world.member.email}
    audience.add(world.stakeholder.email)

    with smtp_inbox() as inbox, django_capture_on_commit_callbacks(execute=True):
        # when the job runs a minute before the first Friday 16:00
        assert run_report_schedules(now=first - MINUTE) == 0
        # then nothing is drafted or sent
        assert Report.objects.count() == 0
        assert inbox.messages == []

        # when it runs just after, and again an hour later
        assert run_report_schedules(now=first + MINUTE) == 1
        assert run_report_schedules(now=first + dt.timedelta(hours=1)) == 0

        # then one report for the week up to that Friday is published and emailed once
        report = Report.objects.select_related("status_update").get()
        update = report.status_update
        assert (update.period_start, update.period_end) == (
            first.date() - dt.timedelta(days=6),
            first.date(),
        )
        assert update.published is True
        assert report.email_pending is False
        received = inbox.parsed()
        assert sorted(r for rcpts, _ in received for r in rcpts) == sorted(audience)
        message = received[0][1]
        assert subject_of(message).startswith(f"{world.project.name}: status report")
        attachment = part_of(message, "application/pdf")
        assert attachment is not None
        pdf = PdfReader(io.BytesIO(attachment.get_payload(decode=True)))
        assert update.summary.split(";")[0] in " ".join(
            p.extract_text() for p in pdf.pages
        ).replace("\n", " ")

        # when the next Friday comes, the job makes the next report
        assert run_report_schedules(now=first + dt.timedelta(days=7, minutes=1)) == 1
        assert Report.objects.count() == 2
        assert len(inbox.messages) == 2 * len(audience)


def test_an_approved_schedule_waits_for_a_lead_then_sends_once(
    world, django_capture_on_commit_callbacks
):
    # given a schedule whose drafts wait for approval
    schedule = do_save_schedule(
        world.project, acting_user=world.manager, weekday=0, time=dt.time(8, 30), audience="team"
    )
    first = _first_moment(schedule)
    with smtp_inbox() as inbox, django_capture_on_commit_callbacks(execute=True):
        # when the job runs twice in the period
        assert run_report_schedules(now=first + MINUTE) == 1
        assert run_report_schedules(now=first + 2 * MINUTE) == 0
        # then a draft waits and nobody got an email
        report = Report.objects.select_related("status_update").get()
        assert report.status_update.published is False
        assert inbox.messages == []

        # when the coordinator publishes it and the job runs again
        do_publish_report(
            report, acting_user=world.coordinator, version=report.status_update.version
        )
        run_report_schedules(now=first + 3 * MINUTE)

        # then the team got it once, the stakeholder not (the report is for the team)
        recipients = sorted(r for rcpts, _ in inbox.parsed() for r in rcpts)
        assert recipients == sorted(
            [world.manager.email, world.coordinator.email, world.member.email]
        )


def test_a_bad_schedule_is_refused_and_nothing_is_saved(world):
    with pytest.raises(ValidationFailed) as refused:
        do_save_schedule(world.project, acting_user=world.manager, weekday=9, time=dt.time(16, 0))
    assert refused.value.fields == {"weekday": ["0 to 6"]}
    assert ReportSchedule.objects.count() == 0
