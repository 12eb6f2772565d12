"""Notifying people. Other domains call ``notify`` from inside their own actions; the email goes
out from a background job once the action's transaction has committed, so a rolled-back action
never sends mail."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from tandem.core import audit
from tandem.projects.models import Project
from tandem.projects.policies import has_right

from .jobs import send_notification_email
from .models import EmailStatus, Notification


def notify(
    recipients: Iterable[Any],
    *,
    project: Project | None,
    kind: str,
    subject: str,
    body: str = "",
    url: str = "",
    right: str = "project.view",
    calendar_ics: str = "",
    calendar_method: str = "",
) -> list[Notification]:
    """Create one notification per recipient who may see ``project`` (``right``), and queue the
    emails. Recipients without the right are left out, so a notification never leaks what its
    reader may not see. ``calendar_ics`` (with its iTIP ``calendar_method``: REQUEST, CANCEL)
    goes with the email so calendar apps file it. Returns the notifications created."""
    created = []
    seen: set[int] = set()
    for person in recipients:
        if person is None or person.pk in seen or not person.is_active:
            continue
        seen.add(person.pk)
        if project is not None and not has_right(person, project, right):
            continue
        wants_email = bool(person.email) and person.email_notifications
        note = Notification.objects.create(
            recipient=person,
            project=project,
            kind=kind,
            subject=subject[:200],
            body=body,
            url=url,
            right=right,
            calendar_ics=calendar_ics,
            calendar_method=calendar_method,
            email_status=EmailStatus.PENDING if wants_email else EmailStatus.SKIPPED,
        )
        created.append(note)
        if wants_email:
            transaction.on_commit(_queue_email(note.pk))
    return created


def _queue_email(notification_id: int) -> Callable[[], None]:
    def queue() -> None:
        send_notification_email.delay(notification_id)

    return queue


@transaction.atomic
def do_mark_notification_read(notification: Notification, *, acting_user: Any) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        audit.record(
            actor=acting_user,
            action="notification.read",
            obj=notification,
            changes={"read_at": [None, notification.read_at]},
            project_id=notification.project_id,
            organization_id=acting_user.organization_id,
        )
    return notification


@transaction.atomic
def do_mark_all_notifications_read(*, acting_user: Any) -> int:
    now = timezone.now()
    unread = Notification.objects.filter(recipient_id=acting_user.pk, read_at__isnull=True)
    ids = list(unread.values_list("pk", flat=True))
    if not ids:
        return 0
    Notification.objects.filter(pk__in=ids).update(read_at=now)
    audit.record(
        actor=acting_user,
        action="notification.read_all",
        obj=acting_user,
        changes={"notifications": [None, ids]},
        organization_id=acting_user.organization_id,
    )
    return len(ids)
