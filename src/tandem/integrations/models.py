"""Outgoing webhooks: where to post which events, and the log of every delivery.

The secret stays in the database as it was made: signing with HMAC needs the secret itself, so a
hash would not do. It is shown once, when the hook is created or its secret rotated, and never
returned by a read afterwards.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tandem.core.models import VersionedModel


class EventKind(models.TextChoices):
    TASK = "task", _("Tasks")
    MILESTONE = "milestone", _("Milestones")
    ISSUE = "issue", _("Issues")
    RISK = "risk", _("Risks")
    MEETING = "meeting", _("Meetings")
    DECISION = "decision", _("Decisions")
    STATUS_REPORT = "status_report", _("Status reports")
    ALERT = "alert", _("Alerts")


class Webhook(VersionedModel):
    """A URL that receives signed JSON events of one project, or of the whole organization
    (``project`` empty). Events are those its owner may see, judged when each is collected."""

    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.CASCADE,
        related_name="webhooks",
        verbose_name=_("organization"),
    )
    project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="webhooks",
        verbose_name=_("project"),
    )
    name = models.CharField(max_length=120, verbose_name=_("name"))
    url = models.CharField(max_length=2000, verbose_name=_("URL"))
    events = models.JSONField(default=list, verbose_name=_("events"))
    secret = models.CharField(max_length=100, verbose_name=_("secret"))
    active = models.BooleanField(default=True, verbose_name=_("active"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="webhooks",
        verbose_name=_("owner"),
    )
    # The last audit event looked at: events after it become deliveries.
    cursor_audit_id = models.BigIntegerField(default=0, verbose_name=_("audit cursor"))
    secret_rotated_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("secret rotated at")
    )

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    RETRYING = "retrying", _("Failed, will retry")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed, given up")


class WebhookDelivery(models.Model):
    """One event for one hook: its payload, where it stands, and when it is tried next."""

    webhook = models.ForeignKey(
        Webhook, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("webhook")
    )
    event = models.CharField(max_length=80, verbose_name=_("event"))
    kind = models.CharField(max_length=20, verbose_name=_("kind"))
    # Empty for a test event; otherwise the audit event it tells of (once per hook).
    audit_event_id = models.BigIntegerField(null=True, blank=True, verbose_name=_("audit event"))
    payload = models.JSONField(default=dict, verbose_name=_("payload"))
    status = models.CharField(
        max_length=10,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
        verbose_name=_("status"),
    )
    attempts = models.PositiveIntegerField(default=0, verbose_name=_("attempts"))
    next_attempt_at = models.DateTimeField(
        null=True, blank=True, db_index=True, verbose_name=_("next attempt at")
    )
    last_status_code = models.PositiveIntegerField(
        null=True, blank=True, verbose_name=_("last status code")
    )
    last_response_ms = models.PositiveIntegerField(
        null=True, blank=True, verbose_name=_("last response time (ms)")
    )
    last_error = models.CharField(max_length=500, blank=True, verbose_name=_("last error"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("finished at"))

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["webhook", "audit_event_id"], name="one_delivery_per_hook_and_event"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} to {self.webhook}"


class DeliveryAttempt(models.Model):
    """One try of a delivery: the answer's status and time, or what went wrong."""

    delivery = models.ForeignKey(
        WebhookDelivery, on_delete=models.CASCADE, related_name="tries", verbose_name=_("delivery")
    )
    number = models.PositiveIntegerField(verbose_name=_("number"))
    at = models.DateTimeField(verbose_name=_("attempted at"))
    status_code = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("status code"))
    response_ms = models.PositiveIntegerField(
        null=True, blank=True, verbose_name=_("response time (ms)")
    )
    error = models.CharField(max_length=500, blank=True, verbose_name=_("error"))

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ["delivery_id", "number"]

    def __str__(self) -> str:
        return f"attempt {self.number} of {self.delivery_id}"
