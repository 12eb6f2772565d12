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
from django.utils.translation import gettext_lazy as _

from tandem.accounts.models import validate_time_zone
from tandem.core.models import VersionedModel

# Only web links: ``javascript:``, ``data:`` and the like are refused, whatever the case.
validate_web_link = URLValidator(
    schemes=["http", "https"], message="Enter an http:// or https:// link."
)


def new_ical_uid() -> str:
    return f"{uuid.uuid4()}@tandem"


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


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
    room = models.ForeignKey(
        "MeetingRoom", null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings"
    )

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
    NEEDS_ACTION = "needs_action", _("No answer yet")
    ACCEPTED = "accepted", _("Accepted")
    TENTATIVE = "tentative", _("Tentative")
    DECLINED = "declined", _("Declined")


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
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


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


class MeetingRoom(VersionedModel):
    """A room of the organization that meetings book; it is busy while a meeting holds it."""

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="meeting_rooms"
    )
    name = models.CharField(max_length=120)
    capacity = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"], name="meeting_room_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class CalendarSource(models.TextChoices):
    URL = "url", _("Subscription (iCalendar address)")
    UPLOAD = "upload", _("Uploaded .ics file")


class ExternalCalendar(VersionedModel):
    """A calendar a person connects (a private iCalendar address or an uploaded file) so that the
    slot finder knows when they are busy elsewhere.

    Only times are kept (``ExternalBusy``): titles, places and attendees of the events are read
    once and dropped, so nothing but busy/free can ever be shown to anyone. ``url`` is a secret
    of its owner (private calendar addresses carry their own key) and is shown to nobody else.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="external_calendars"
    )
    name = models.CharField(max_length=120)
    source = models.CharField(max_length=8, choices=CalendarSource.choices)
    url = models.CharField(max_length=2000, blank=True)
    last_read_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    busy_from = models.DateTimeField(null=True, blank=True)
    busy_until = models.DateTimeField(null=True, blank=True)
    event_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class ExternalBusy(models.Model):
    """One busy stretch of an external calendar (UTC), without any detail of the event."""

    calendar = models.ForeignKey(ExternalCalendar, on_delete=models.CASCADE, related_name="busy")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    tentative = models.BooleanField(default=False)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["calendar", "starts_at"])]

    def __str__(self) -> str:
        return f"busy {self.starts_at:%Y-%m-%d %H:%M}-{self.ends_at:%H:%M} UTC"


class CalendarFeed(models.Model):
    """A subscribable iCalendar feed of its owner: their own (``project`` empty: their meetings,
    their tasks' due dates, their projects' milestones) or one project's. The address holds a
    secret token; only its SHA-256 is stored. A revoked feed answers 404 for ever; regenerating
    revokes the old address and makes a new one. Each read shows what the owner may see then."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    project = models.ForeignKey(
        "projects.Project", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["project_id", "id"]

    def __str__(self) -> str:
        return f"Feed {self.prefix}… of {self.owner}"
