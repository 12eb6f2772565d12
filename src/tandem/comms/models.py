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
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("project"),
    )
    kind = models.CharField(max_length=60, verbose_name=_("kind"))
    subject = models.CharField(max_length=200, verbose_name=_("subject"))
    body = models.TextField(blank=True, verbose_name=_("body"))
    url = models.CharField(max_length=300, blank=True, verbose_name=_("URL"))
    # The project right its reader needs (``projects.policies.RIGHTS``): checked again whenever
    # the notification is shown or emailed, so a reader whose role shrank no longer sees it.
    right = models.CharField(max_length=40, default="project.view", verbose_name=_("right"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    read_at = models.DateTimeField(null=True, blank=True, verbose_name=_("read at"))
    email_status = models.CharField(
        max_length=8,
        choices=EmailStatus.choices,
        default=EmailStatus.PENDING,
        verbose_name=_("email status"),
    )
    email_attempts = models.PositiveSmallIntegerField(default=0, verbose_name=_("email attempts"))
    emailed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("emailed at"))
    last_error = models.CharField(max_length=500, blank=True, verbose_name=_("last error"))
    # An iCalendar object sent with the email (an iTIP REQUEST or CANCEL of a meeting, RFC 5546),
    # so the invitation lands in the recipient's calendar app; empty for other notifications.
    calendar_ics = models.TextField(blank=True, verbose_name=_("iCalendar attachment"))
    calendar_method = models.CharField(max_length=10, blank=True, verbose_name=_("calendar method"))

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
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
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="email_preference",
        verbose_name=_("person"),
    )
    alert_emails = models.CharField(
        max_length=12,
        choices=AlertEmails.choices,
        default=AlertEmails.IMMEDIATELY,
        verbose_name=_("alert emails"),
    )
    digest_hour = models.PositiveSmallIntegerField(
        default=8,
        validators=[MinValueValidator(0), MaxValueValidator(23)],
        verbose_name=_("digest hour"),
    )
    last_digest_on = models.DateField(null=True, blank=True, verbose_name=_("last digest on"))
    last_digest_sent_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("last digest sent at")
    )

    class Meta:
        verbose_name = _("email preference")
        verbose_name_plural = _("email preferences")

    def __str__(self) -> str:
        return f"Email preference of {self.person_id}"
