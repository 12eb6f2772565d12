"""Every write to reports: drafting from the data, editing and publishing (through ``records``'
status update actions, which check the rights and write the audit), the email with the PDF,
and each project's schedule."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.core import writes
from tandem.core.errors import ValidationFailed
from tandem.projects.models import Project
from tandem.projects.policies import require_right
from tandem.records import actions as records
from tandem.records.models import Audience

from . import emails
from .drafting import draft_for
from .models import Report, ReportSchedule, ScheduleMode

REPORT_TEXT_FIELDS = {"rag", "summary", "achievements", "next_steps", "blockers", "audience"}
SCHEDULE_FIELDS = {"active", "weekday", "time", "audience", "mode"}
MAX_PERIOD_DAYS = 366


def _check_period(start: dt.date, end: dt.date) -> None:
    if end < start:
        raise ValidationFailed(
            _("The period ends before it starts."),
            fields={"period_end": [_("before period_start")]},
        )
    if (end - start).days >= MAX_PERIOD_DAYS:
        raise ValidationFailed(
            _("A report covers at most %(max_period_days)s days.")
            % {"max_period_days": MAX_PERIOD_DAYS},
            fields={
                "period_start": [
                    _("more than %(max_period_days)s days before period_end")
                    % {"max_period_days": MAX_PERIOD_DAYS}
                ]
            },
        )


@transaction.atomic
def do_draft_report(
    project: Project,
    *,
    acting_user: Any,
    period_start: dt.date,
    period_end: dt.date,
    audience: str = Audience.STAKEHOLDERS,
    schedule: ReportSchedule | None = None,
    now: dt.datetime | None = None,
) -> Report:
    """A draft status update filled from the project's data, with its tables frozen."""
    require_right(acting_user, project, "records.manage", _("Only leads draft status reports."))
    _check_period(period_start, period_end)
    if audience not in Audience.values:
        raise ValidationFailed(
            _("audience must be one of %(values)s.") % {"values": ", ".join(Audience.values)},
            fields={"audience": [_("one of %(values)s") % {"values": ", ".join(Audience.values)}]},
        )
    draft = draft_for(project, user=acting_user, period_start=period_start, period_end=period_end)
    update = records.do_create_status_update(
        project, acting_user=acting_user, audience=audience, **draft.status_fields()
    )
    return writes.create(
        Report(
            project=project,
            status_update=update,
            content=draft.content,
            generated_at=now or timezone.now(),
            schedule=schedule,
            generated_for=period_end if schedule is not None else None,
        ),
        actor=acting_user,
        action="report.drafted",
    )


@transaction.atomic
def do_edit_report(
    report: Report, *, acting_user: Any, version: int, changes: dict[str, Any]
) -> Report:
    """Change the report's words (its status update's); the tables stay as drafted."""
    unknown = sorted(set(changes) - REPORT_TEXT_FIELDS)
    if unknown:
        raise ValidationFailed(
            _("Unknown report fields: %(unknown)s") % {"unknown": ", ".join(unknown)},
            fields={k: [_("unknown field")] for k in unknown},
        )
    records.do_update_status_update(
        report.status_update, acting_user=acting_user, version=version, changes=changes
    )
    report.status_update.refresh_from_db()
    return report


@transaction.atomic
def do_publish_report(report: Report, *, acting_user: Any, version: int) -> Report:
    """Publish the status update (as ``records`` does: its readers are told in the app) and
    email the PDF to its audience once the transaction commits: that email is the only one each
    reader gets of it."""
    update = records.do_publish_status_update(
        report.status_update, acting_user=acting_user, version=version, email_readers=False
    )
    report.status_update = update
    Report.objects.filter(pk=report.pk).update(email_pending=True)
    report.email_pending = True
    transaction.on_commit(lambda: emails.send_report_email(report.pk))
    return report


@transaction.atomic
def do_save_schedule(project: Project, *, acting_user: Any, **fields: Any) -> ReportSchedule:
    """Create or change the project's schedule (the manager's); its drafts are written in the
    saving manager's name."""
    require_right(acting_user, project, "project.edit", _("Only the manager schedules reports."))
    version = fields.pop("version", None)
    unknown = sorted(set(fields) - SCHEDULE_FIELDS)
    if unknown:
        raise ValidationFailed(
            _("Unknown schedule fields: %(unknown)s") % {"unknown": ", ".join(unknown)},
            fields={k: [_("unknown field")] for k in unknown},
        )
    for name, allowed in (("audience", Audience.values), ("mode", ScheduleMode.values)):
        if name in fields and fields[name] not in allowed:
            raise ValidationFailed(
                _("%(name)s must be one of %(allowed)s.")
                % {"name": name, "allowed": ", ".join(allowed)},
                fields={name: [_("one of %(allowed)s") % {"allowed": ", ".join(allowed)}]},
            )
    if "weekday" in fields and not 0 <= int(fields["weekday"]) <= 6:
        raise ValidationFailed(
            _("weekday is 0 (Monday) to 6 (Sunday)."), fields={"weekday": [_("0 to 6")]}
        )
    found = ReportSchedule.objects.filter(project=project).first()
    if found is None:
        if "time" not in fields:
            raise ValidationFailed(_("Say at what time."), fields={"time": [_("required")]})
        return writes.create(
            ReportSchedule(project=project, owner=acting_user, **fields),
            actor=acting_user,
            action="report_schedule.created",
        )
    return writes.update(
        found,
        version=found.version if version is None else version,
        changes={**fields, "owner": acting_user},
        actor=acting_user,
        action="report_schedule.updated",
    )
