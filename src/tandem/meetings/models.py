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
        "projects.Project",
        on_delete=models.CASCADE,
        related_name="meetings",
        verbose_name=_("project"),
    )
    title = models.CharField(max_length=200, verbose_name=_("title"))
    purpose = models.TextField(
        blank=True, validators=[MaxLengthValidator(5000)], verbose_name=_("purpose")
    )
    organizer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="organized_meetings",
        verbose_name=_("organizer"),
    )
    starts_at = models.DateTimeField(db_index=True, verbose_name=_("starts at"))
    ends_at = models.DateTimeField(verbose_name=_("ends at"))
    time_zone = models.CharField(
        max_length=64, default="UTC", validators=[validate_time_zone], verbose_name=_("time zone")
    )
    location = models.CharField(max_length=300, blank=True, verbose_name=_("location"))
    video_url = models.CharField(
        _("video link"), max_length=500, blank=True, validators=[validate_web_link]
    )
    status = models.CharField(
        max_length=12,
        choices=MeetingStatus.choices,
        default=MeetingStatus.SCHEDULED,
        verbose_name=_("status"),
    )
    cancel_reason = models.CharField(max_length=500, blank=True, verbose_name=_("cancel reason"))
    ical_uid = models.CharField(
        max_length=100,
        unique=True,
        default=new_ical_uid,
        editable=False,
        verbose_name=_("iCalendar UID"),
    )
    ical_sequence = models.PositiveIntegerField(default=0, verbose_name=_("iCalendar sequence"))
    # Meetings planned together as a repeating series share this key; each stays its own meeting.
    series_key = models.CharField(
        max_length=40, blank=True, default="", db_index=True, verbose_name=_("series key")
    )
    room = models.ForeignKey(
        "MeetingRoom",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
        verbose_name=_("room"),
    )

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
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

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="participants", verbose_name=_("meeting")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="meeting_invitations",
        verbose_name=_("user"),
    )
    required = models.BooleanField(default=True, verbose_name=_("required"))
    response = models.CharField(
        max_length=12,
        choices=ResponseStatus.choices,
        default=ResponseStatus.NEEDS_ACTION,
        verbose_name=_("response"),
    )
    attended = models.BooleanField(null=True, blank=True, verbose_name=_("attended"))

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["-required", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="participant_unique_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.meeting}"


class AgendaItem(VersionedModel):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("meeting")
    )
    position = models.PositiveIntegerField(default=0, verbose_name=_("position"))
    title = models.CharField(max_length=200, verbose_name=_("title"))
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("presenter"),
    )
    duration_minutes = models.PositiveIntegerField(
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 60)],
        verbose_name=_("duration (minutes)"),
    )
    notes = models.TextField(
        blank=True, validators=[MaxLengthValidator(5000)], verbose_name=_("notes")
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class Minutes(VersionedModel):
    """What was said. One text per meeting, rewritten as the meeting goes."""

    meeting = models.OneToOneField(
        Meeting, on_delete=models.CASCADE, related_name="minutes", verbose_name=_("meeting")
    )
    text = models.TextField(validators=[MaxLengthValidator(100_000)], verbose_name=_("text"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(verbose_name=_("recorded at"))

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return f"Minutes of {self.meeting}"


class ActionItemStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class ActionItem(VersionedModel):
    """Something someone agreed to do. Becomes a planning task with one click (``task``)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="action_items", verbose_name=_("meeting")
    )
    description = models.CharField(max_length=500, verbose_name=_("description"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meeting_action_items",
        verbose_name=_("owner"),
    )
    due_date = models.DateField(null=True, blank=True, verbose_name=_("due date"))
    status = models.CharField(
        max_length=12,
        choices=ActionItemStatus.choices,
        default=ActionItemStatus.OPEN,
        verbose_name=_("status"),
    )
    task = models.OneToOneField(
        "planning.Task",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meeting_action_item",
        verbose_name=_("task"),
    )

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.description[:80]


class MeetingRoom(VersionedModel):
    """A room of the organization that meetings book; it is busy while a meeting holds it."""

    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.CASCADE,
        related_name="meeting_rooms",
        verbose_name=_("organization"),
    )
    name = models.CharField(max_length=120, verbose_name=_("name"))
    capacity = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("capacity"))

    class Meta:
        verbose_name = _("meeting room")
        verbose_name_plural = _("meeting rooms")
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
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="external_calendars",
        verbose_name=_("owner"),
    )
    name = models.CharField(max_length=120, verbose_name=_("name"))
    source = models.CharField(
        max_length=8, choices=CalendarSource.choices, verbose_name=_("source")
    )
    url = models.CharField(max_length=2000, blank=True, verbose_name=_("URL"))
    last_read_at = models.DateTimeField(null=True, blank=True, verbose_name=_("last read at"))
    last_error = models.CharField(max_length=500, blank=True, verbose_name=_("last error"))
    busy_from = models.DateTimeField(null=True, blank=True, verbose_name=_("busy from"))
    busy_until = models.DateTimeField(null=True, blank=True, verbose_name=_("busy until"))
    event_count = models.PositiveIntegerField(default=0, verbose_name=_("event count"))

    class Meta:
        verbose_name = _("external calendar")
        verbose_name_plural = _("external calendars")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class ExternalBusy(models.Model):
    """One busy stretch of an external calendar (UTC), without any detail of the event."""

    calendar = models.ForeignKey(
        ExternalCalendar, on_delete=models.CASCADE, related_name="busy", verbose_name=_("calendar")
    )
    starts_at = models.DateTimeField(verbose_name=_("starts at"))
    ends_at = models.DateTimeField(verbose_name=_("ends at"))
    tentative = models.BooleanField(default=False, verbose_name=_("tentative"))

    class Meta:
        verbose_name = _("external busy time")
        verbose_name_plural = _("external busy times")
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
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
        verbose_name=_("owner"),
    )
    project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("project"),
    )
    token_hash = models.CharField(max_length=64, unique=True, verbose_name=_("token hash"))
    prefix = models.CharField(max_length=12, verbose_name=_("prefix"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    revoked_at = models.DateTimeField(null=True, blank=True, verbose_name=_("revoked at"))
    last_read_at = models.DateTimeField(null=True, blank=True, verbose_name=_("last read at"))

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        ordering = ["project_id", "id"]

    def __str__(self) -> str:
        return f"Feed {self.prefix}… of {self.owner}"
