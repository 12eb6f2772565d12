"""Sending one notification by email. Idempotent: a notification already sent is not sent again."""

from __future__ import annotations

import logging
import unicodedata

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.core import l10n

from .models import EmailStatus, Notification
from .policies import recipient_may_read

log = logging.getLogger(__name__)

# Attempts after which a failed email is given up (the job's retries and the periodic resend).
MAX_EMAIL_ATTEMPTS = 6
SUBJECT_LIMIT = 250


class DeliveryFailed(Exception):
    """The mail server refused or could not be reached; the job retries."""


def header_value(text: str) -> str:
    """``text`` fit for a mail header: line breaks and other control characters become spaces.

    A CR or LF in a header would let a title add headers of its own; Django refuses such a
    value with ``BadHeaderError`` rather than send it.
    """
    cleaned = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text)
    return " ".join(cleaned.split())[:SUBJECT_LIMIT]


def with_calendar(message: EmailMessage, ics: str, method: str) -> EmailMessage:
    """The message with an iTIP calendar object: as a ``text/calendar; method=...`` alternative
    of the text (how Outlook and Gmail recognise an invitation) and as an ``invite.ics``
    attachment (Apple Mail and the rest)."""
    method = header_value(method).upper() or "PUBLISH"
    out = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body,
        from_email=message.from_email,
        to=message.to,
    )
    # Django builds a text alternative as ``text/<subtype>``; the subtype carries the parameter.
    out.attach_alternative(ics, f"text/calendar; method={method}")
    out.attach("invite.ics", ics, "application/ics")
    return out


def deliver_notification_email(notification_id: int) -> str:
    """Send the email of one notification; returns its email status afterwards.

    Locks the row so two workers never send the same notification twice. A mail server that
    cannot be reached is retried (``DeliveryFailed``); a message that cannot be built or sent at
    all, whatever the retries (a recipient address the mail library refuses), is marked failed
    for good: its attempts are set to the maximum so the periodic resend leaves it alone.
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
        with l10n.for_person(note.recipient):
            lines.append(
                _(
                    "You receive this because of your role in the project. "
                    "Turn emails off in your profile."
                )
            )
        prefix = f"[Tandem{' ' + note.project.code if note.project else ''}]"
        message = EmailMessage(
            subject=header_value(f"{prefix} {note.subject}"),
            body="\n\n".join(lines),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[note.recipient.email],
        )
        if note.calendar_ics:
            message = with_calendar(message, note.calendar_ics, note.calendar_method)
        note.email_attempts += 1
        try:
            message.send(fail_silently=False)
        except OSError as exc:  # smtplib errors are OSErrors
            error = f"{type(exc).__name__}: {exc}"[:500]
        except ValueError as exc:  # BadHeaderError and other refusals of the message itself
            return _give_up(note, f"{type(exc).__name__}: {exc}")
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


def _give_up(note: Notification, error: str) -> str:
    """Mark an email that no retry can send as failed for good (inside the caller's lock)."""
    note.email_status = EmailStatus.FAILED
    note.email_attempts = max(note.email_attempts, MAX_EMAIL_ATTEMPTS)
    note.last_error = f"not retried: {error}"[:500]
    note.save(update_fields=["email_status", "email_attempts", "last_error"])
    log.warning("notification %s: email given up: %s", note.pk, error)
    return str(note.email_status)
