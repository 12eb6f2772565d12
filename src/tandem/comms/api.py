"""REST endpoints for a person's own notifications."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from tandem.core.api import ERRORS, StrictIn, version_from
from tandem.core.pagination import Pagination
from tandem.core.versions import etag

from . import actions, policies
from .models import Notification

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    project_id: int | None
    kind: str
    subject: str
    body: str
    url: str
    created_at: dt.datetime
    read_at: dt.datetime | None
    email_status: str


class ReadAllOut(Schema):
    marked: int


@router.get("/notifications", response=list[NotificationOut])
@paginate(Pagination)
def list_notifications(request: HttpRequest, unread: bool = False) -> QuerySet[Notification]:
    qs = policies.notifications_visible_to(request.user)
    return qs.filter(read_at__isnull=True) if unread else qs


@router.post("/notifications/{notification_id}/read", response={200: NotificationOut, **ERRORS})
def mark_read(request: HttpRequest, notification_id: int) -> Notification:
    note = policies.access_notification(request.user, notification_id)
    return actions.do_mark_notification_read(note, acting_user=request.user)


@router.post("/notifications/read-all", response={200: ReadAllOut, **ERRORS})
def mark_all_read(request: HttpRequest) -> dict[str, int]:
    return {"marked": actions.do_mark_all_notifications_read(acting_user=request.user)}


class EmailPreferenceOut(Schema):
    version: int
    alert_emails: str = Field(
        description="immediately (one email per alert), digest (one a day) or off"
    )
    digest_hour: int = Field(description="The hour of the daily digest in the person's zone, 0-23")
    time_zone: str
    last_digest_on: dt.date | None
    last_digest_sent_at: dt.datetime | None


class EmailPreferencePatch(StrictIn):
    version: int | None = None
    alert_emails: Literal["immediately", "digest", "off"] | None = None
    digest_hour: int | None = None


def _preference(request: HttpRequest, response: HttpResponse) -> Any:
    found = actions.email_preference_of(request.user)
    response["ETag"] = etag(found)
    return {
        "version": found.version,
        "alert_emails": found.alert_emails,
        "digest_hour": found.digest_hour,
        "time_zone": getattr(request.user, "time_zone", "UTC"),
        "last_digest_on": found.last_digest_on,
        "last_digest_sent_at": found.last_digest_sent_at,
    }


@router.get("/me/email-preferences", response={200: EmailPreferenceOut, **ERRORS})
def get_email_preferences(request: HttpRequest, response: HttpResponse) -> Any:
    """How one's alert emails arrive: one per alert, a daily digest at a local hour, or none."""
    return _preference(request, response)


@router.patch("/me/email-preferences", response={200: EmailPreferenceOut, **ERRORS})
def update_email_preferences(
    request: HttpRequest, payload: EmailPreferencePatch, response: HttpResponse
) -> Any:
    changes = payload.dict(exclude_unset=True)
    version = version_from(request, changes.pop("version", None))
    actions.do_set_email_preference(acting_user=request.user, version=version, changes=changes)
    return _preference(request, response)
