"""REST endpoints of a person's own calendars (mounted on ``meetings.api.router``): the calendars
they connect (busy times for the slot finder) and their subscribable feeds. Each person sees
and changes only their own; anyone else's is a 404."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import ConfigDict

from tandem.core.api import ERRORS, version_from
from tandem.core.errors import ValidationFailed
from tandem.projects.policies import access_project

from . import external_calendars as calendars
from . import feeds
from .calendar_reading import MAX_CALENDAR_BYTES, refresh_calendar

router = Router(tags=["calendars of people"])


class ExternalCalendarOut(Schema):
    id: int
    version: int
    name: str
    source: str
    host: str = Field(description="Where a subscription is read from (the address is secret).")
    last_read_at: dt.datetime | None
    last_error: str
    busy_until: dt.datetime | None
    event_count: int


class ConnectIn(Schema):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(max_length=120)
    url: str = Field(max_length=2000, description="The calendar's private iCalendar address.")


class FeedOut(Schema):
    id: int
    project_id: int | None
    name: str
    prefix: str
    created_at: dt.datetime
    last_read_at: dt.datetime | None


class NewFeedOut(FeedOut):
    url: str = Field(description="Shown once: subscribe to it in your calendar app.")


class FeedIn(Schema):
    model_config = ConfigDict(extra="forbid")

    project_id: int | None = Field(None, description="Empty: your own feed.")


def calendar_out(calendar: Any) -> dict[str, Any]:
    host = ""
    if calendar.url:
        host = calendar.url.split("://", 1)[-1].split("/", 1)[0].rsplit("@", 1)[-1]
    return {
        "id": calendar.pk,
        "version": calendar.version,
        "name": calendar.name,
        "source": calendar.source,
        "host": host,
        "last_read_at": calendar.last_read_at,
        "last_error": calendar.last_error,
        "busy_until": calendar.busy_until,
        "event_count": calendar.event_count,
    }


def feed_out(feed: Any, request: HttpRequest, raw: str | None = None) -> dict[str, Any]:
    out = {
        "id": feed.pk,
        "project_id": feed.project_id,
        "name": feeds.feed_name(feed),
        "prefix": feed.prefix,
        "created_at": feed.created_at,
        "last_read_at": feed.last_read_at,
    }
    if raw is not None:
        out["url"] = request.build_absolute_uri(reverse("calendar-feed", args=[raw]))
    return out


@router.get("/me/calendars", response={200: list[ExternalCalendarOut], **ERRORS})
def list_calendars(request: HttpRequest) -> Any:
    return [calendar_out(c) for c in calendars.calendars_of(request.user)]


@router.post("/me/calendars", response={201: ExternalCalendarOut, **ERRORS})
def connect_calendar(request: HttpRequest, payload: ConnectIn) -> Any:
    """Subscribe to a calendar address (http or https on the public internet); it is read now
    and every 15 minutes."""
    calendar = calendars.do_connect_calendar_url(request.user, name=payload.name, url=payload.url)
    calendar.refresh_from_db()
    return Status(201, calendar_out(calendar))


@router.post("/me/calendars/upload", response={201: ExternalCalendarOut, **ERRORS})
def upload_calendar(request: HttpRequest, name: Form[str], file: File[UploadedFile]) -> Any:
    """Keep the busy times of an .ics file (the file itself is not kept)."""
    if file.size is not None and file.size > MAX_CALENDAR_BYTES:
        raise ValidationFailed(
            _("Invalid input: file: too large."),
            fields={"file": [_("The file is larger than 5 MB.")]},
        )
    calendar = calendars.do_upload_calendar(request.user, name=name, data=file.read())
    return Status(201, calendar_out(calendar))


@router.post("/me/calendars/{calendar_id}/refresh", response={200: ExternalCalendarOut, **ERRORS})
def refresh(request: HttpRequest, calendar_id: int) -> Any:
    """Read a subscription now."""
    calendar = calendars.access_calendar(request.user, calendar_id)
    return calendar_out(refresh_calendar(calendar.pk, acting_user=request.user))


@router.delete("/me/calendars/{calendar_id}", response={204: None, **ERRORS})
def remove_calendar(request: HttpRequest, calendar_id: int, version: int | None = None) -> Any:
    calendar = calendars.access_calendar(request.user, calendar_id)
    calendars.do_remove_calendar(
        calendar, acting_user=request.user, version=version_from(request, version)
    )
    return Status(204, None)


@router.get("/me/calendar-feeds", response={200: list[FeedOut], **ERRORS})
def list_feeds(request: HttpRequest) -> Any:
    return [feed_out(f, request) for f in feeds.feeds_of(request.user)]


@router.post("/me/calendar-feeds", response={201: NewFeedOut, **ERRORS})
def create_feed(request: HttpRequest, payload: FeedIn) -> Any:
    """A new feed address; your earlier address for the same calendar stops working."""
    project = access_project(request.user, payload.project_id) if payload.project_id else None
    feed, raw = feeds.do_create_feed(request.user, project=project)
    return Status(201, feed_out(feed, request, raw))


@router.post("/me/calendar-feeds/{feed_id}/revoke", response={204: None, **ERRORS})
def revoke_feed(request: HttpRequest, feed_id: int) -> Any:
    """Stop the address for good (calendar apps then get 404)."""
    feeds.do_revoke_feed(feeds.access_feed(request.user, feed_id), acting_user=request.user)
    return Status(204, None)
