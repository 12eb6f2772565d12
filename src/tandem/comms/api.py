"""REST endpoints for a person's own notifications."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from tandem.core.api import ERRORS
from tandem.core.pagination import Pagination

from . import actions, policies

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
def list_notifications(request: HttpRequest, unread: bool = False):  # type: ignore[no-untyped-def]
    qs = policies.notifications_visible_to(request.user)
    return qs.filter(read_at__isnull=True) if unread else qs


@router.post("/notifications/{notification_id}/read", response={200: NotificationOut, **ERRORS})
def mark_read(request: HttpRequest, notification_id: int):  # type: ignore[no-untyped-def]
    note = policies.access_notification(request.user, notification_id)
    return actions.do_mark_notification_read(note, acting_user=request.user)


@router.post("/notifications/read-all", response={200: ReadAllOut, **ERRORS})
def mark_all_read(request: HttpRequest):  # type: ignore[no-untyped-def]
    return {"marked": actions.do_mark_all_notifications_read(acting_user=request.user)}
