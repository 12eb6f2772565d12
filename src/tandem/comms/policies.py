"""A person sees only their own notifications, and only while they may still see the project.

Someone who leaves a project (or the organization) sees nothing of it any more, not even what
earlier notifications said about it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from tandem.core.errors import NotFound
from tandem.projects.policies import has_right, project_ids_with_right

from .models import Notification


def notifications_visible_to(user: Any) -> QuerySet[Notification]:
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(recipient_id=user.pk).filter(
        Q(project__isnull=True) | Q(project_id__in=project_ids_with_right(user, "project.view"))
    )


def recipient_may_read(note: Notification) -> bool:
    """Whether the recipient may still read ``note`` (checked again before its email goes out)."""
    person = note.recipient
    if not person.is_active:
        return False
    return note.project_id is None or has_right(person, note.project_id, "project.view")


def access_notification(user: Any, notification_id: int) -> Notification:
    found = notifications_visible_to(user).filter(pk=notification_id).first()
    if found is None:
        raise NotFound(f"No notification {notification_id}.")
    return found
