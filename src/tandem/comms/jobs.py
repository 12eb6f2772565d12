"""Background jobs of notifications (Celery; run in-process when no broker is configured)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tandem.core.jobs import job

from .delivery import MAX_EMAIL_ATTEMPTS, DeliveryFailed, deliver_notification_email
from .digests import send_due_digests
from .models import EmailStatus, Notification


@job(
    "tandem.comms.send_notification_email",
    autoretry_for=(DeliveryFailed,),
    retry_backoff=30,
    retry_backoff_max=3600,
    max_retries=MAX_EMAIL_ATTEMPTS,
    acks_late=True,
)
def send_notification_email(notification_id: int) -> str:
    return deliver_notification_email(notification_id)


@job("tandem.comms.resend_failed_notification_emails")
def resend_failed_notification_emails(max_attempts: int = MAX_EMAIL_ATTEMPTS) -> int:
    """Periodic: queue again the emails that failed fewer than ``max_attempts`` times."""
    ids = list(
        Notification.objects.filter(
            email_status=EmailStatus.FAILED, email_attempts__lt=max_attempts
        ).values_list("pk", flat=True)[:500]
    )
    for notification_id in ids:
        send_notification_email.delay(notification_id)
    return len(ids)


@job("tandem.comms.send_daily_digests")
def send_daily_digests(now: dt.datetime | None = None) -> int:
    """Every few minutes: the daily digests due (each person's once a day at their hour, in
    their zone); the number sent."""
    runs = send_due_digests(now or timezone.now())
    return len([r for r in runs if r.outcome == "sent"])
