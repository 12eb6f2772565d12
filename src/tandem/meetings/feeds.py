"""Subscribable calendar feeds: a person's own (their meetings, their tasks' due dates, the
milestones of their projects) or one project's (its meetings and milestones), at an address with
a secret token, so Outlook, Google Calendar or Apple Calendar can subscribe without signing in.

The token stands for its owner: each read shows what the owner may see at that moment, through
the same policies as the pages (a person who leaves a project stops seeing it in the feed). Only
the token's SHA-256 is stored; the owner revokes an address or replaces it with a new one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.core import audit, l10n, writes
from tandem.core.errors import NotFound
from tandem.engine.meetings import FeedMilestone, calendar_feed_ics
from tandem.planning.models import Task
from tandem.planning.policies import MilestonePolicy, TaskPolicy
from tandem.projects.models import Project
from tandem.projects.policies import has_right

from .ical import calendar_meeting
from .models import CalendarFeed, MeetingStatus
from .policies import MeetingPolicy

TOKEN_PREFIX = "tcal_"  # noqa: S105 (the visible start of every feed token, not a secret)
PAST_DAYS = 90  # meetings that ended longer ago are left out of feeds


def hash_feed_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _scope(feed: CalendarFeed) -> dict[str, Any]:
    return {"project_id": feed.project_id, "organization_id": feed.owner.organization_id}


def feeds_of(person: Any) -> list[CalendarFeed]:
    """The person's feeds still in use, their own first."""
    return list(
        CalendarFeed.objects.filter(owner=person, revoked_at__isnull=True)
        .select_related("project")
        .order_by("project_id", "id")
    )


def access_feed(user: Any, feed_id: int) -> CalendarFeed:
    """One of the user's own feeds still in use; anyone else's is a 404."""
    found = (
        CalendarFeed.objects.filter(
            pk=feed_id, owner_id=getattr(user, "pk", None), revoked_at__isnull=True
        )
        .select_related("owner", "project")
        .first()
    )
    if found is None:
        raise NotFound(_("No calendar feed %(feed_id)s.") % {"feed_id": feed_id})
    return found


def _revoke(feed: CalendarFeed, acting_user: Any, now: dt.datetime) -> None:
    CalendarFeed.objects.filter(pk=feed.pk).update(revoked_at=now)
    audit.record(
        actor=acting_user,
        action="calendar_feed.revoked",
        obj=feed,
        changes={"revoked_at": [None, now]},
        **_scope(feed),
    )


@transaction.atomic
def do_create_feed(acting_user: Any, *, project: Project | None = None) -> tuple[CalendarFeed, str]:
    """A new feed address (the raw token is returned once). The person's earlier address for the
    same calendar stops working: one address per calendar. ``project`` needs ``project.view``
    (the caller fetched it with ``access_project``)."""
    if project is not None and not has_right(acting_user, project, "project.view"):
        raise NotFound(_("No project %(project_id)s.") % {"project_id": project.pk})
    now = timezone.now()
    for old in CalendarFeed.objects.select_for_update().filter(
        owner=acting_user, project=project, revoked_at__isnull=True
    ):
        _revoke(old, acting_user, now)
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    feed = writes.create(
        CalendarFeed(
            owner=acting_user,
            project=project,
            token_hash=hash_feed_token(raw),
            prefix=raw[: len(TOKEN_PREFIX) + 4],
        ),
        actor=acting_user,
        action="calendar_feed.created",
        project_id=project.pk if project else None,
        organization_id=acting_user.organization_id,
    )
    return feed, raw


@transaction.atomic
def do_revoke_feed(feed: CalendarFeed, *, acting_user: Any) -> None:
    if feed.owner_id != getattr(acting_user, "pk", None):
        raise NotFound(_("No calendar feed %(feed_id)s.") % {"feed_id": feed.pk})
    _revoke(feed, acting_user, timezone.now())


def feed_by_token(raw: str) -> CalendarFeed | None:
    """The feed of a token still in use, of a person still active; else None."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 100:
        return None
    return (
        CalendarFeed.objects.select_related("owner", "project")
        .filter(token_hash=hash_feed_token(raw), revoked_at__isnull=True, owner__is_active=True)
        .first()
    )


def _milestone_day(task: Task) -> dt.date | None:
    return task.finish_date or task.start_date or task.deadline


def feed_name(feed: CalendarFeed) -> str:
    if feed.project is not None:
        return f"{feed.project.code} · Tandem"
    return f"{feed.owner} · Tandem"


def build_feed(feed: CalendarFeed, now: dt.datetime | None = None) -> bytes:
    """The feed's calendar as its owner may see it now."""
    now = now or timezone.now()
    owner = feed.owner
    since = now - dt.timedelta(days=PAST_DAYS)
    meetings = (
        MeetingPolicy.visible_to(owner)
        .exclude(status=MeetingStatus.CANCELLED)
        .filter(ends_at__gte=since)
        .select_related("organizer", "project", "room")
        .prefetch_related("participants__user")
    )
    milestones = MilestonePolicy.visible_to(owner).select_related("project")
    due: Any = TaskPolicy.visible_to(owner).none()
    if feed.project_id is not None:
        meetings = meetings.filter(project_id=feed.project_id)
        milestones = milestones.filter(project_id=feed.project_id)
    else:
        meetings = meetings.filter(participants__user=owner)
        due = (
            TaskPolicy.visible_to(owner)
            .filter(Q(assignments__person=owner) | Q(assignments__resource__user=owner))
            .filter(is_milestone=False, deadline__isnull=False)
            .select_related("project")
            .distinct()
        )
    items = [
        FeedMilestone(
            uid=f"milestone-{t.pk}@tandem",
            summary=f"◆ {t.name} ({t.project.code})",
            day=day,
        )
        for t in milestones.order_by("id")
        if (day := _milestone_day(t)) is not None
    ]
    # A calendar app reads the feed without a session: its words are in its owner's language.
    with l10n.for_person(owner):
        items += [
            FeedMilestone(
                uid=f"task-due-{t.pk}@tandem",
                summary=_("Due: %(task)s (%(code)s)") % {"task": t.name, "code": t.project.code},
                day=t.deadline,
            )
            for t in due.order_by("id")
        ]
    events = [
        calendar_meeting(m, list(m.participants.all()))
        for m in meetings.distinct().order_by("starts_at", "id")
    ]
    return calendar_feed_ics(feed_name(feed), events, items, stamp=now)


def record_read(feed: CalendarFeed, now: dt.datetime) -> None:
    """When the feed was last read (shown to its owner), at most once a minute."""
    if feed.last_read_at is None or now - feed.last_read_at > dt.timedelta(minutes=1):
        CalendarFeed.objects.filter(pk=feed.pk).update(last_read_at=now)
