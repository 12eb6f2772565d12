"""A person sees only their own notifications, and only while they may still see the project.

Someone who leaves a project (or the organization) sees nothing of it any more, not even what
earlier notifications said about it; someone whose role shrank (a member made stakeholder) no
longer sees notifications that needed the role they lost.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from tandem.core.errors import NotFound
from tandem.projects.policies import RIGHTS, has_right, project_ids_with_right

from .models import Notification


def notifications_visible_to(user: Any) -> QuerySet[Notification]:
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    own = Notification.objects.filter(recipient_id=user.pk)
    readable = Q(project__isnull=True)
    for right in own.exclude(project__isnull=True).values_list("right", flat=True).distinct():
        if right in RIGHTS:
            readable |= Q(right=right, project_id__in=project_ids_with_right(user, right))
    return own.filter(readable)


def recipient_may_read(note: Notification) -> bool:
    """Whether the recipient may still read ``note`` (checked again before its email goes out)."""
    person = note.recipient
    if not person.is_active:
        return False
    if note.project_id is None:
        return True
    return note.right in RIGHTS and has_right(person, note.project_id, note.right)


def access_notification(user: Any, notification_id: int) -> Notification:
    found = notifications_visible_to(user).filter(pk=notification_id).first()
    if found is None:
        raise NotFound(
            _("No notification %(notification_id)s.") % {"notification_id": notification_id}
        )
    return found
