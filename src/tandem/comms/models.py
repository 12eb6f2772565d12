"""Notifications: what Tandem tells a person (in the app, and by email when they want it)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tandem.core.models import VersionedModel


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Not sent (email off)")
    DIGEST = "digest", _("Waiting for the daily digest")


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    project = models.ForeignKey(
        "projects.Project", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=60)
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    # The project right its reader needs (``projects.policies.RIGHTS``): checked again whenever
    # the notification is shown or emailed, so a reader whose role shrank no longer sees it.
    right = models.CharField(max_length=40, default="project.view")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email_status = models.CharField(
        max_length=8, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    email_attempts = models.PositiveSmallIntegerField(default=0)
    emailed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    # An iCalendar object sent with the email (an iTIP REQUEST or CANCEL of a meeting, RFC 5546),
    # so the invitation lands in the recipient's calendar app; empty for other notifications.
    calendar_ics = models.TextField(blank=True)
    calendar_method = models.CharField(max_length=10, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.subject


class AlertEmails(models.TextChoices):
    IMMEDIATELY = "immediately", _("One email per alert, as it is raised")
    DIGEST = "digest", _("One daily digest of the day's alerts")
    OFF = "off", _("No alert emails (alerts stay under Notifications)")


class EmailPreference(VersionedModel):
    """How a person's alert emails arrive (no row: one email per alert). Their daily digest goes
    out at the first run of the digest job at or after ``digest_hour`` in their own zone;
    ``last_digest_on`` (their local date) keeps it to one a day, sent or found empty."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preference"
    )
    alert_emails = models.CharField(
        max_length=12, choices=AlertEmails.choices, default=AlertEmails.IMMEDIATELY
    )
    digest_hour = models.PositiveSmallIntegerField(
        default=8, validators=[MinValueValidator(0), MaxValueValidator(23)]
    )
    last_digest_on = models.DateField(null=True, blank=True)
    last_digest_sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Email preference of {self.person_id}"
