"""Telling people about alerts: in the app and by email, each in their own time zone.

The people responsible for an alert are the project's managers and coordinators and the
subject's owners (a task's assignees, an action item's or a risk's owner). ``comms.notify``
leaves out whoever may not see the alert (``Alert.right``), so nobody hears of a project, or a
part of it, they cannot see.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.comms.actions import alert_email_timing, notify
from tandem.core import l10n
from tandem.projects.models import Project, Role

from .models import Alert
from .presenters import evidence_rows


def leads_of(
    project: Project, roles: Iterable[str] = (Role.MANAGER, Role.COORDINATOR)
) -> list[Any]:
    """The project's people in ``roles`` (managers and coordinators by default)."""
    return [
        m.user
        for m in project.memberships.filter(role__in=list(roles), user__is_active=True)
        .select_related("user")
        .order_by("role", "user_id")
    ]


def people(ids: Iterable[int]) -> list[Any]:
    wanted = [i for i in ids if i is not None]
    return list(User.objects.filter(pk__in=wanted, is_active=True).order_by("pk"))


def zone_of(person: Any) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(person.time_zone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def local_moment(moment: Any, person: Any) -> str:
    """``moment`` as the person reads it, in their zone and the active locale: "Mon, 2 Mar
    2026, 10:00 (Europe/Paris)" (en-GB)."""
    zone = zone_of(person)
    local = timezone.localtime(moment, zone)
    return f"{l10n.format_datetime(local, 'day_year', to_local=False)} ({zone.key})"


def alert_body(alert: Alert, person: Any) -> str:
    lines = [
        _("Step %(step)d, raised %(when)s.")
        % {"step": alert.step, "when": local_moment(alert.raised_at, person)},
        _("Threshold: %(threshold)s.") % {"threshold": alert.said_threshold},
        "",
        *(f"{label}: {value}" for label, value in evidence_rows(alert.evidence)),
    ]
    return "\n".join(lines)


def alert_subject(alert: Alert) -> str:
    values = {
        "severity": alert.get_severity_display(),
        "title": alert.said_title,
        "step": alert.step,
    }
    if alert.step > 1:
        return _("%(severity)s alert: %(title)s (step %(step)d)") % values
    return _("%(severity)s alert: %(title)s") % values


def tell_responsible(alert: Alert, owner_ids: Iterable[int]) -> int:
    """Notify the alert's people, each with times in their own zone and the email when they
    want it (at once, in their daily digest, or none); the number notified."""
    told = 0
    seen: set[int] = set()
    for person in [*leads_of(alert.project), *people(owner_ids)]:
        if person.pk in seen:
            continue
        seen.add(person.pk)
        told += len(
            notify(
                [person],
                project=alert.project,
                kind=f"alert.{alert.kind}",
                subject=alert_subject(alert),
                body=alert_body(alert, person),
                url=f"/projects/{alert.project_id}/#alert-{alert.pk}",
                right=alert.right,
                email=alert_email_timing,
            )
        )
    return told
