"""The published report by email, the PDF attached, to the audience of its status update: the
one email each reader gets of the publication (its in-app notification sends none).

Each reader gets the PDF their role may read (the budget's figures and amounts only for those
who see them); readers who see the same get the same PDF, made once. Sending locks the report
and clears ``email_pending`` when done, so a second sender (the job retrying, another process)
finds nothing to do; a failure leaves it pending for the job's next run.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.projects.models import Role
from tandem.projects.policies import has_right, members_of
from tandem.records.models import Audience
from tandem.resources.policies import can_see_rates

from .models import Report
from .pdf import report_pdf
from .presenters import report_charts, report_view

log = logging.getLogger(__name__)


def audience_of(report: Report) -> list[Any]:
    """Everybody the report is for who may read it and takes emails (an address, and emails
    not turned off on their profile)."""
    update = report.status_update
    roles = [Role.MANAGER, Role.COORDINATOR, Role.MEMBER]
    right = "project.view_work"
    if update.audience == Audience.STAKEHOLDERS:
        roles.append(Role.STAKEHOLDER)
        right = "project.view"
    people = [m.user for m in members_of(update.project, roles).order_by("user__email")]
    return [
        p
        for p in people
        if p.is_active and p.email and p.email_notifications and has_right(p, update.project, right)
    ]


def _variant(person: Any, report: Report) -> tuple[bool, bool, bool]:
    project = report.status_update.project
    return (
        has_right(person, project, "project.view_work"),
        has_right(person, project, "budget.view"),
        can_see_rates(person),
    )


def _body(report: Report) -> str:
    update = report.status_update
    base = getattr(settings, "TANDEM_BASE_URL", "").rstrip("/")
    link = f"{base}{reverse('report-detail', args=[report.pk])}"
    return "\n\n".join(
        [
            update.summary,
            _("The report is attached as a PDF and online at %(link)s") % {"link": link},
            _("You receive this because the report is for you. Turn emails off in your profile."),
        ]
    )


def send_report_email(report_id: int) -> bool:
    """Send the report to its audience if it is still pending; True when sent now."""
    with transaction.atomic():
        report = (
            Report.objects.select_for_update(of=("self",))
            .select_related("status_update__project")
            .filter(pk=report_id, email_pending=True)
            .first()
        )
        if report is None:
            return False
        people = audience_of(report)
        update = report.status_update
        subject = _("%(project)s: status report %(start)s to %(end)s (%(rag)s)") % {
            "project": update.project.name,
            "start": update.period_start,
            "end": update.period_end,
            "rag": update.get_rag_display(),
        }
        pdfs: dict[tuple[bool, bool, bool], bytes] = {}
        messages = []
        for person in people:
            key = _variant(person, report)
            if key not in pdfs:
                pdfs[key] = report_pdf(report_view(person, report), report_charts(person, report))
            message = EmailMessage(
                subject=subject,
                body=_body(report),
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[person.email],
            )
            message.attach(
                f"status-report-{update.project.code}-{update.period_end}.pdf",
                pdfs[key],
                "application/pdf",
            )
            messages.append(message)
        try:
            for message in messages:
                message.send()
        except OSError:
            log.exception("status report %s: email failed, the job retries", report_id)
            return False
        Report.objects.filter(pk=report_id).update(
            email_pending=False,
            emailed_at=timezone.now(),
            emailed_to=[p.email for p in people],
        )
    return True
