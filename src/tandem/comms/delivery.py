"""Sending one notification by email. Idempotent: a notification already sent is not sent again."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from .models import EmailStatus, Notification
from .policies import recipient_may_read

log = logging.getLogger(__name__)


class DeliveryFailed(Exception):
    """The mail server refused or could not be reached; the job retries."""


def deliver_notification_email(notification_id: int) -> str:
    """Send the email of one notification; returns its email status afterwards.

    Locks the row so two workers never send the same notification twice.
    """
    with transaction.atomic():
        note = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient", "project")
            .filter(pk=notification_id)
            .first()
        )
        if note is None:
            return "missing"
        if note.email_status != EmailStatus.PENDING and note.email_status != EmailStatus.FAILED:
            return str(note.email_status)
        if not recipient_may_read(note):
            # Left the project or deactivated since: the email would tell an outsider about it.
            note.email_status = EmailStatus.SKIPPED
            note.save(update_fields=["email_status"])
            return str(note.email_status)
        base = getattr(settings, "TANDEM_BASE_URL", "").rstrip("/")
        lines = [note.body] if note.body else []
        if note.url:
            lines.append(f"{base}{note.url}" if base else note.url)
        lines.append("")
        lines.append(
            "You receive this because of your role in the project. Turn emails off in your profile."
        )
        message = EmailMessage(
            subject=f"[Tandem{' ' + note.project.code if note.project else ''}] {note.subject}",
            body="\n\n".join(lines),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[note.recipient.email],
        )
        note.email_attempts += 1
        try:
            message.send(fail_silently=False)
        except OSError as exc:  # smtplib errors are OSErrors
            error = f"{type(exc).__name__}: {exc}"[:500]
        else:
            note.email_status = EmailStatus.SENT
            note.emailed_at = timezone.now()
            note.last_error = ""
            note.save(update_fields=["email_status", "emailed_at", "last_error", "email_attempts"])
            return str(note.email_status)
    # Recorded outside the locked transaction above, which a raised error would roll back.
    Notification.objects.filter(pk=notification_id).update(
        email_status=EmailStatus.FAILED, last_error=error, email_attempts=note.email_attempts
    )
    log.warning("notification %s: email failed: %s", notification_id, error)
    raise DeliveryFailed(error)
