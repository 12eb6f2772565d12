"""Background jobs of notifications (Celery; run in-process when no broker is configured).

Celery ships no type information, hence the ignores on its decorator.
"""

from __future__ import annotations

from celery import shared_task

from .delivery import MAX_EMAIL_ATTEMPTS, DeliveryFailed, deliver_notification_email
from .models import EmailStatus, Notification


@shared_task(  # type: ignore[untyped-decorator]
    name="tandem.comms.send_notification_email",
    autoretry_for=(DeliveryFailed,),
    retry_backoff=30,
    retry_backoff_max=3600,
    max_retries=MAX_EMAIL_ATTEMPTS,
    acks_late=True,
)
def send_notification_email(notification_id: int) -> str:
    return deliver_notification_email(notification_id)


@shared_task(name="tandem.comms.resend_failed_notification_emails")  # type: ignore[untyped-decorator]
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
