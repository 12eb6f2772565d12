"""Reminding owners of their overdue action items, once per item per day.

An item is overdue when it is open or in progress and its due date is before its owner's today
(in the owner's own time zone). Each reminder is claimed by inserting an ``ActionItemReminder``
for (item, owner's date): the unique pair means a second run on the same day (another process,
a retried job, a second host) finds the day taken and sends nothing.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tandem.comms.actions import notify
from tandem.core import audit, l10n
from tandem.meetings.models import ActionItem, ActionItemStatus

from .models import ActionItemReminder

OPEN = (ActionItemStatus.OPEN, ActionItemStatus.IN_PROGRESS)


def _local_day(person: Any, now: dt.datetime) -> dt.date:
    try:
        zone = zoneinfo.ZoneInfo(person.time_zone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    return now.astimezone(zone).date()


def overdue_candidates(now: dt.datetime) -> Any:
    """Items that may be overdue for someone somewhere (the latest zones are a day ahead of
    UTC); ``do_remind_owner`` decides in the owner's zone."""
    latest_today = now.astimezone(dt.UTC).date() + dt.timedelta(days=1)
    return (
        ActionItem.objects.filter(
            status__in=OPEN,
            due_date__lt=latest_today,
            owner__isnull=False,
            owner__is_active=True,
            meeting__project__deleted_at__isnull=True,
            meeting__project__archived_at__isnull=True,
        )
        .select_related("owner", "meeting", "meeting__project")
        .order_by("id")
    )


@transaction.atomic
def do_remind_owner(item: ActionItem, *, now: dt.datetime) -> bool:
    """Remind the item's owner if it is overdue on their today and they were not reminded of
    it today; True when a reminder went out."""
    owner = item.owner
    if owner is None or item.due_date is None or item.status not in OPEN:
        return False
    day = _local_day(owner, now)
    if item.due_date >= day:
        return False
    try:
        with transaction.atomic():
            ActionItemReminder.objects.create(action_item=item, day=day, recipient=owner)
    except IntegrityError:
        return False  # reminded today already
    project = item.meeting.project
    late = (day - item.due_date).days
    # A job writes it, outside any request: in the owner's language and locale.
    with l10n.for_person(owner):
        notify(
            [owner],
            project=project,
            kind="action_item.overdue",
            subject=ngettext(
                "Overdue by %(count)s day: %(action)s",
                "Overdue by %(count)s days: %(action)s",
                late,
            )
            % {"count": l10n.format_number(late), "action": item.description},
            body=_(
                "Due %(due)s, from the meeting “%(meeting)s”. "
                "Update its status on the meeting page when it is done."
            )
            % {"due": l10n.format_date(item.due_date), "meeting": item.meeting.title},
            url=reverse("meeting-detail", args=[item.meeting_id]) + f"#action-item-{item.pk}",
            right="project.view_work",
        )
    audit.record(
        actor=None,
        action="action_item.reminded",
        obj=item,
        changes={"reminded_on": [None, day.isoformat()]},
        project_id=project.pk,
        organization_id=project.organization_id,
    )
    return True


def remind_overdue_action_items(now: dt.datetime | None = None) -> int:
    """Send today's reminders (each item in its own transaction); how many went out."""
    now = now or timezone.now()
    return sum(1 for item in overdue_candidates(now) if do_remind_owner(item, now=now))
