"""Reading connected calendars: fetch (through the SSRF guard), parse with the engine's
iCalendar reader, keep busy times only. Used by the actions, the periodic job and the tests.

Each read replaces the calendar's busy stretches from ``BUSY_PAST_DAYS`` ago to
``BUSY_FUTURE_DAYS`` ahead; a failed read keeps the last good ones and records why.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.core import audit
from tandem.core.errors import Forbidden, NotFound
from tandem.core.safe_fetch import FetchFailed, FetchRefused, safe_fetch
from tandem.engine.meetings import BusyKind, CalendarFileError, ics_busy_periods

from .models import CalendarSource, ExternalBusy, ExternalCalendar
from .timezones import fail

log = logging.getLogger(__name__)

BUSY_PAST_DAYS = 1
BUSY_FUTURE_DAYS = 180
REFRESH_MINUTES = 30
MAX_CALENDAR_BYTES = 5 * 1024 * 1024
FETCH_TIMEOUT_SECONDS = 15.0
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)

Fetcher = Callable[[str], bytes]


def _minute(value: int) -> dt.datetime:
    return _EPOCH + dt.timedelta(minutes=value)


def _scope(person: Any) -> dict[str, Any]:
    return {"project_id": None, "organization_id": getattr(person, "organization_id", None)}


def refuse_others(calendar: ExternalCalendar, acting_user: Any) -> None:
    if calendar.owner_id != getattr(acting_user, "pk", None):
        raise Forbidden(_("Only the person who connected a calendar changes it."))


def _fetch(url: str) -> bytes:
    return safe_fetch(
        url,
        max_bytes=MAX_CALENDAR_BYTES,
        timeout=FETCH_TIMEOUT_SECONDS,
        accept="text/calendar, */*;q=0.5",
    ).body


def busy_stretches(
    data: bytes, *, source: str, owner: Any, now: dt.datetime
) -> tuple[list[tuple[dt.datetime, dt.datetime, bool]], dt.datetime, dt.datetime]:
    """``(start, end, tentative)`` of every busy event of ``data`` in the kept range, and that
    range. Floating times and all-day events are read in the owner's zone; the owner's own
    replies (declined, tentative) count. Raises ``CalendarFileError`` naming the line."""
    first = now - dt.timedelta(days=BUSY_PAST_DAYS)
    last = now + dt.timedelta(days=BUSY_FUTURE_DAYS)
    email = (getattr(owner, "email", "") or "").strip() or None
    periods = ics_busy_periods(
        data,
        source=source,
        start=first,
        end=last,
        timezone=getattr(owner, "time_zone", "") or "UTC",
        owner=email,
    )
    stretches = sorted(
        (_minute(a), _minute(b), kind is BusyKind.TENTATIVE) for kind, a, b, _summary in periods
    )
    return stretches, first, last


def replace_busy(
    calendar: ExternalCalendar,
    stretches: list[tuple[dt.datetime, dt.datetime, bool]],
    first: dt.datetime,
    last: dt.datetime,
    now: dt.datetime,
) -> None:
    ExternalBusy.objects.filter(calendar=calendar).delete()
    ExternalBusy.objects.bulk_create(
        ExternalBusy(calendar=calendar, starts_at=a, ends_at=b, tentative=t)
        for a, b, t in stretches
    )
    ExternalCalendar.objects.filter(pk=calendar.pk).update(
        last_read_at=now,
        last_error="",
        busy_from=first,
        busy_until=last,
        event_count=len(stretches),
    )


def _record_error(calendar: ExternalCalendar, message: str, now: dt.datetime) -> None:
    ExternalCalendar.objects.filter(pk=calendar.pk).update(
        last_read_at=now, last_error=message[:500]
    )


def refresh_calendar(
    calendar_id: int,
    *,
    acting_user: Any = None,
    now: dt.datetime | None = None,
    fetch: Fetcher = _fetch,
) -> ExternalCalendar:
    """Read a subscription again (``acting_user`` None: the periodic job). Records the outcome
    on the calendar and in the audit trail; a failure keeps the last busy times read."""
    now = now or timezone.now()
    with transaction.atomic():
        calendar = ExternalCalendar.objects.select_related("owner").filter(pk=calendar_id).first()
        if calendar is None:
            raise NotFound(_("No calendar %(calendar_id)s.") % {"calendar_id": calendar_id})
        if acting_user is not None:
            refuse_others(calendar, acting_user)
        if calendar.source != CalendarSource.URL:
            raise fail("source", _("An uploaded file is read once; upload it again to update it."))
    # The fetch runs outside any transaction: a slow server must not hold database locks.
    error = ""
    stretches: list[tuple[dt.datetime, dt.datetime, bool]] = []
    first = last = now
    try:
        data = fetch(calendar.url)
        stretches, first, last = busy_stretches(
            data, source=calendar.name, owner=calendar.owner, now=now
        )
    except (FetchRefused, FetchFailed, CalendarFileError) as exc:
        error = str(exc)
    with transaction.atomic():
        locked = ExternalCalendar.objects.select_for_update().filter(pk=calendar_id).first()
        if locked is None:  # removed while it was being read
            raise NotFound(_("No calendar %(calendar_id)s.") % {"calendar_id": calendar_id})
        before = {"event_count": locked.event_count, "last_error": locked.last_error}
        if error:
            _record_error(locked, error, now)
        else:
            replace_busy(locked, stretches, first, last, now)
        locked.refresh_from_db()
        after = {"event_count": locked.event_count, "last_error": locked.last_error}
        if acting_user is not None or after != before:
            audit.record(
                actor=acting_user,
                action="external_calendar.read",
                obj=locked,
                changes={k: [before[k], after[k]] for k in after if before[k] != after[k]},
                **_scope(locked.owner),
            )
    if error:
        log.info("calendar %s could not be read: %s", calendar_id, error)
    return locked


def calendars_due(now: dt.datetime) -> list[int]:
    """Subscriptions not read for ``REFRESH_MINUTES`` (oldest first), of active people."""
    stale = now - dt.timedelta(minutes=REFRESH_MINUTES)
    qs = ExternalCalendar.objects.filter(source=CalendarSource.URL, owner__is_active=True)
    due = qs.filter(last_read_at__isnull=True) | qs.filter(last_read_at__lt=stale)
    return list(due.order_by("last_read_at", "id").values_list("pk", flat=True)[:500])
