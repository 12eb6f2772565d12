"""A person sees only their own notifications."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from tandem.core.errors import NotFound

from .models import Notification


def notifications_visible_to(user: Any) -> QuerySet[Notification]:
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(recipient_id=user.pk)


def access_notification(user: Any, notification_id: int) -> Notification:
    found = notifications_visible_to(user).filter(pk=notification_id).first()
    if found is None:
        raise NotFound(f"No notification {notification_id}.")
    return found
