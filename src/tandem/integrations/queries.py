"""Reads of webhooks, already limited to the hooks the user configures."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from . import policies
from .models import Webhook, WebhookDelivery

LOG_LENGTH = 50


def list_webhooks(user: Any, project_id: int | None = None) -> QuerySet[Webhook]:
    hooks = policies.visible_to(user).select_related("project", "owner")
    if project_id is not None:
        policies.access_project_for_hooks(user, project_id)
        hooks = hooks.filter(project_id=project_id)
    return hooks.order_by("project__code", "name", "pk")


def get_webhook(user: Any, webhook_id: int, action: str = "view") -> Webhook:
    return policies.access_webhook(user, webhook_id, action)


def deliveries(hook: Webhook) -> QuerySet[WebhookDelivery]:
    return WebhookDelivery.objects.filter(webhook=hook).prefetch_related("tries")


def recent_deliveries(hook: Webhook) -> list[WebhookDelivery]:
    return list(deliveries(hook)[:LOG_LENGTH])
