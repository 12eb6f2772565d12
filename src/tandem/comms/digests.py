"""The daily digest: one email a day listing the notifications held for it (the alerts of a person
who chose a digest), grouped by project, with times in the person's own zone.

A person's digest is due at the first run of the job at or after their ``digest_hour`` on each of
their local days. The run locks their preference row and records the local date it handled
(``last_digest_on``), so a second run the same day, or a second runner, sends nothing; a day with
nothing held sends nothing and still counts as handled. A mail server that cannot be reached
leaves everything as it was for the next run.
"""

from __future__ import annotations

import datetime as dt
import logging
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tandem.core import l10n

from .delivery import header_value
from .models import AlertEmails, EmailPreference, EmailStatus, Notification
from .policies import recipient_may_read

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DigestRun:
    """What one person's run did: ``sent`` (with the number of notifications), ``empty``,
    ``not_due`` (before their hour, or handled today already) or ``failed`` (retried later)."""

    person_id: int
    outcome: str
    count: int = 0


def zone_of(person: Any) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(person.time_zone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def local_moment(moment: dt.datetime, zone: zoneinfo.ZoneInfo) -> str:
    """The moment in the reader's zone and the active locale: "Tue, 6 Jan 2026, 08:00 (…)"."""
    local = timezone.localtime(moment, zone)
    return f"{l10n.format_datetime(local, 'day_year', to_local=False)} ({zone.key})"


def people_with_digests() -> list[int]:
    """Who may have a digest due: everyone who chose one, and everyone with notifications still
    held for one (who changed their choice since: their held alerts go in one last digest)."""
    held = Notification.objects.filter(email_status=EmailStatus.DIGEST).values("recipient_id")
    return list(
        EmailPreference.objects.filter(Q(alert_emails=AlertEmails.DIGEST) | Q(person_id__in=held))
        .order_by("person_id")
        .values_list("person_id", flat=True)
    )


def send_due_digests(now: dt.datetime) -> list[DigestRun]:
    """Send every digest due at ``now`` (aware); one result per person looked at."""
    return [send_digest(person_id, now) for person_id in people_with_digests()]


def _by_project(notes: Iterable[Notification]) -> list[tuple[str, list[Notification]]]:
    groups: dict[int | None, list[Notification]] = {}
    for note in notes:
        groups.setdefault(note.project_id, []).append(note)

    def title(project_id: int | None) -> str:
        if project_id is None:
            return _("Not tied to a project")
        project = groups[project_id][0].project
        return f"{project.code} · {project.name}" if project is not None else ""

    ordered = sorted(groups, key=lambda pid: (pid is None, title(pid)))
    return [(title(pid), groups[pid]) for pid in ordered]


def digest_message(person: Any, notes: list[Notification], now: dt.datetime) -> EmailMessage:
    """The digest email of ``notes`` (oldest first) for ``person``, read in their zone (and in
    their language when the caller sets it, ``l10n.for_person``)."""
    zone = zone_of(person)
    base = getattr(settings, "TANDEM_BASE_URL", "").rstrip("/")
    groups = _by_project(notes)
    count = ngettext("%(count)d alert", "%(count)d alerts", len(notes)) % {"count": len(notes)}
    projects = ngettext("%(count)d project", "%(count)d projects", len(groups)) % {
        "count": len(groups)
    }
    lines = [
        _("Raised since your last digest, as of %(moment)s:") % {"moment": local_moment(now, zone)},
    ]
    for title, found in groups:
        lines += ["", f"{title} ({len(found)})", ""]
        for note in found:
            lines.append(f"- {note.subject}")
            summary = note.body.splitlines()[0] if note.body else ""
            if summary:
                lines.append(f"  {summary}")
            if note.url:
                lines.append(f"  {base}{note.url}" if base else f"  {note.url}")
    lines += [
        "",
        _("You receive one digest a day because you chose it; change it at %(url)s")
        % {"url": f"{base}{reverse('email-preferences')}"},
    ]
    return EmailMessage(
        subject=header_value(
            _("[Tandem] Daily digest: %(alerts)s in %(projects)s")
            % {"alerts": count, "projects": projects}
        ),
        body="\n".join(lines),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[person.email],
    )


def send_digest(person_id: int, now: dt.datetime) -> DigestRun:
    """Send ``person_id``'s digest if it is due at ``now``; see the module's docstring."""
    with transaction.atomic():
        preference = (
            EmailPreference.objects.select_for_update(of=("self",))
            .select_related("person")
            .filter(person_id=person_id)
            .first()
        )
        if preference is None:
            return DigestRun(person_id, "not_due")
        person = preference.person
        local = now.astimezone(zone_of(person))
        if local.hour < preference.digest_hour or preference.last_digest_on == local.date():
            return DigestRun(person_id, "not_due")
        held = list(
            Notification.objects.filter(recipient_id=person_id, email_status=EmailStatus.DIGEST)
            .select_related("recipient", "project")
            .order_by("created_at", "id")
        )
        wanted = bool(person.email) and person.email_notifications
        wanted = wanted and preference.alert_emails != AlertEmails.OFF
        notes = [n for n in held if wanted and recipient_may_read(n)]
        dropped = [n.pk for n in held if n not in notes]
        Notification.objects.filter(pk__in=dropped).update(email_status=EmailStatus.SKIPPED)
        if notes:
            try:
                with l10n.for_person(person):
                    message = digest_message(person, notes, now)
                message.send(fail_silently=False)
            except OSError as exc:  # smtplib errors are OSErrors
                log.warning("digest of person %s failed, retried next run: %s", person_id, exc)
                transaction.set_rollback(True)
                return DigestRun(person_id, "failed", len(notes))
            Notification.objects.filter(pk__in=[n.pk for n in notes]).update(
                email_status=EmailStatus.SENT, emailed_at=now, email_attempts=1
            )
            preference.last_digest_sent_at = now
        preference.last_digest_on = local.date()
        preference.save(update_fields=["last_digest_on", "last_digest_sent_at"])
    return DigestRun(person_id, "sent" if notes else "empty", len(notes))
