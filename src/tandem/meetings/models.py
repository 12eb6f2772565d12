"""Meetings of a project: who comes, the agenda, the minutes and action items.

Decisions taken in a meeting live in the project's decision log (``records.Decision``, whose
``meeting`` points here), so there is one list of decisions per project.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
    URLValidator,
)
from django.db import models

from tandem.accounts.models import validate_time_zone
from tandem.core.models import VersionedModel

# Only web links: ``javascript:``, ``data:`` and the like are refused, whatever the case.
validate_web_link = URLValidator(
    schemes=["http", "https"], message="Enter an http:// or https:// link."
)


def new_ical_uid() -> str:
    return f"{uuid.uuid4()}@tandem"


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class Meeting(VersionedModel):
    """One meeting. ``starts_at``/``ends_at`` are stored in UTC; ``time_zone`` is the zone the
    meeting is planned in (shown next to each viewer's own zone and written as the iCalendar
    TZID). ``ical_uid`` never changes; ``ical_sequence`` grows with every update."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="meetings"
    )
    title = models.CharField(max_length=200)
    purpose = models.TextField(blank=True, validators=[MaxLengthValidator(5000)])
    organizer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="organized_meetings"
    )
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    location = models.CharField(max_length=300, blank=True)
    video_url = models.CharField(
        "video link", max_length=500, blank=True, validators=[validate_web_link]
    )
    status = models.CharField(
        max_length=12, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    cancel_reason = models.CharField(max_length=500, blank=True)
    ical_uid = models.CharField(max_length=100, unique=True, default=new_ical_uid, editable=False)
    ical_sequence = models.PositiveIntegerField(default=0)
    # Meetings planned together as a repeating series share this key; each stays its own meeting.
    series_key = models.CharField(max_length=40, blank=True, default="", db_index=True)

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "The meeting must end after it starts."})


class ResponseStatus(models.TextChoices):
    NEEDS_ACTION = "needs_action", "No answer yet"
    ACCEPTED = "accepted", "Accepted"
    TENTATIVE = "tentative", "Tentative"
    DECLINED = "declined", "Declined"


class Participant(VersionedModel):
    """A person invited to a meeting. ``attended`` stays empty until attendance is taken."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_invitations"
    )
    required = models.BooleanField(default=True)
    response = models.CharField(
        max_length=12, choices=ResponseStatus.choices, default=ResponseStatus.NEEDS_ACTION
    )
    attended = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["-required", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="participant_unique_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.meeting}"


class AgendaItem(VersionedModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=200)
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    duration_minutes = models.PositiveIntegerField(
        default=10, validators=[MinValueValidator(1), MaxValueValidator(24 * 60)]
    )
    notes = models.TextField(blank=True, validators=[MaxLengthValidator(5000)])

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class Minutes(VersionedModel):
    """What was said. One text per meeting, rewritten as the meeting goes."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    text = models.TextField(validators=[MaxLengthValidator(100_000)])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "minutes"

    def __str__(self) -> str:
        return f"Minutes of {self.meeting}"


class ActionItemStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


class ActionItem(VersionedModel):
    """Something someone agreed to do. Becomes a planning task with one click (``task``)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_items")
    description = models.CharField(max_length=500)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meeting_action_items",
    )
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=ActionItemStatus.choices, default=ActionItemStatus.OPEN
    )
    task = models.OneToOneField(
        "planning.Task",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meeting_action_item",
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.description[:80]
