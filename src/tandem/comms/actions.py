"""Notifying people. Other domains call ``notify`` from inside their own actions; the email goes
out from a background job once the action's transaction has committed, so a rolled-back action
never sends mail."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Literal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.core import audit, writes
from tandem.core.errors import ValidationFailed
from tandem.projects.models import Project
from tandem.projects.policies import has_right

from .jobs import send_notification_email
from .models import AlertEmails, EmailPreference, EmailStatus, Notification

# When a notification's email goes: at once, in the person's next daily digest, or never (the
# notification is in the app only, e.g. when another email already tells the same).
EmailTiming = Literal["now", "digest", "none"]


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
    email: EmailTiming | Callable[[Any], EmailTiming] = "now",
) -> list[Notification]:
    """Create one notification per recipient who may see ``project`` (``right``), and queue the
    emails. Recipients without the right are left out, so a notification never leaks what its
    reader may not see. ``calendar_ics`` (with its iTIP ``calendar_method``: REQUEST, CANCEL)
    goes with the email so calendar apps file it. ``email`` says when the email goes (or,
    as a function of the recipient, when it goes for each). A person who turned emails off, or
    has no address, gets none whatever ``email`` says. Returns the notifications created."""
    created = []
    seen: set[int] = set()
    for person in recipients:
        if person is None or person.pk in seen or not person.is_active:
            continue
        seen.add(person.pk)
        if project is not None and not has_right(person, project, right):
            continue
        timing = email(person) if callable(email) else email
        wants_email = bool(person.email) and person.email_notifications and timing != "none"
        status = EmailStatus.SKIPPED
        if wants_email:
            status = EmailStatus.DIGEST if timing == "digest" else EmailStatus.PENDING
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
            email_status=status,
        )
        created.append(note)
        if status == EmailStatus.PENDING:
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


PREFERENCE_FIELDS = {"alert_emails", "digest_hour"}


def email_preference_of(person: Any) -> EmailPreference:
    """The person's saved preference, else the default (one email per alert, unsaved)."""
    found = EmailPreference.objects.filter(person_id=person.pk).first()
    return found if found is not None else EmailPreference(person_id=person.pk)


def alert_email_timing(person: Any) -> EmailTiming:
    """When an alert's email goes to ``person``, by their preference."""
    chosen = (
        EmailPreference.objects.filter(person_id=person.pk)
        .values_list("alert_emails", flat=True)
        .first()
    )
    if chosen == AlertEmails.DIGEST:
        return "digest"
    return "none" if chosen == AlertEmails.OFF else "now"


def _check_preference(changes: dict[str, Any]) -> None:
    unknown = sorted(set(changes) - PREFERENCE_FIELDS)
    problems: dict[str, list[str]] = {name: [_("unknown field")] for name in unknown}
    if "alert_emails" in changes and changes["alert_emails"] not in AlertEmails.values:
        problems["alert_emails"] = [
            _("one of %(values)s") % {"values": ", ".join(AlertEmails.values)}
        ]
    hour = changes.get("digest_hour", 0)
    if isinstance(hour, bool) or not isinstance(hour, int) or not 0 <= hour <= 23:
        problems["digest_hour"] = [_("a whole hour from 0 to 23")]
    if problems:
        text = "; ".join(f"{k}: {' '.join(v)}" for k, v in problems.items())
        raise ValidationFailed(
            _("Invalid email preference: %(text)s") % {"text": text}, fields=problems
        )


@transaction.atomic
def do_set_email_preference(
    *, acting_user: Any, version: int, changes: dict[str, Any]
) -> EmailPreference:
    """Change how one's own alert emails arrive: one per alert, a daily digest at a local hour,
    or none. The first change saves the default's version 1."""
    _check_preference(changes)
    found = EmailPreference.objects.select_for_update().filter(person_id=acting_user.pk).first()
    if found is None:
        # The default (version 1) becomes a row; the change below moves it to version 2.
        found = EmailPreference.objects.create(person_id=acting_user.pk)
    return writes.update(
        found,
        version=version,
        changes=changes,
        actor=acting_user,
        action="email_preference.updated",
        organization_id=acting_user.organization_id,
    )
