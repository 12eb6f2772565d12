"""Calendars people connect from elsewhere (Outlook, Google, Apple, any iCalendar address or
file): read with the engine's iCalendar reader, kept as busy times only.

A subscription is fetched through the SSRF guard (``tandem.core.safe_fetch``) when it is
connected, when its owner asks, and by the periodic job every ``REFRESH_MINUTES``. Each read
replaces the calendar's busy stretches from ``BUSY_PAST_DAYS`` ago to ``BUSY_FUTURE_DAYS`` ahead;
a failed read keeps the last good ones and records why.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.core import audit, writes
from tandem.core.errors import Conflict, NotFound
from tandem.core.safe_fetch import FetchRefused, check_url, resolve_checked
from tandem.engine.meetings import BusyKind, BusyPeriod, CalendarFileError

from .calendar_reading import (
    MAX_CALENDAR_BYTES,
    busy_stretches,
    refuse_others,
    replace_busy,
)
from .jobs import refresh_external_calendar
from .models import CalendarSource, ExternalBusy, ExternalCalendar
from .timezones import fail

MAX_CALENDARS_PER_PERSON = 10


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _scope(person: Any) -> dict[str, Any]:
    return {"project_id": None, "organization_id": getattr(person, "organization_id", None)}


def _check_name(name: Any) -> str:
    text = name.strip() if isinstance(name, str) else ""
    if not text or len(text) > 120:
        raise fail("name", _("Give the calendar a name of 1 to 120 characters."))
    return text


def _check_room_for_more(person: Any) -> None:
    if ExternalCalendar.objects.filter(owner=person).count() >= MAX_CALENDARS_PER_PERSON:
        raise Conflict(
            _("At most %(max_calendars_per_person)s calendars per person.")
            % {"max_calendars_per_person": MAX_CALENDARS_PER_PERSON}
        )


@transaction.atomic
def do_connect_calendar_url(acting_user: Any, *, name: Any, url: Any) -> ExternalCalendar:
    """Subscribe the acting user to a calendar address; it is read after the commit (and then
    every ``REFRESH_MINUTES``). 422 naming ``url`` for an address that may never be fetched."""
    clean_name = _check_name(name)
    try:
        target = check_url(url)
        if _is_ip_literal(target.host):
            resolve_checked(target.host, target.port)
    except FetchRefused as exc:
        raise fail("url", str(exc)) from exc
    _check_room_for_more(acting_user)
    calendar = ExternalCalendar(
        owner=acting_user, name=clean_name, source=CalendarSource.URL, url=url
    )
    writes.clean(calendar)
    calendar.save(force_insert=True)
    # The address is its owner's secret (private calendar links carry their own key): the
    # append-only trail names the host only.
    audit.record(
        actor=acting_user,
        action="external_calendar.connected",
        obj=calendar,
        changes={
            "name": [None, clean_name],
            "source": [None, CalendarSource.URL],
            "host": [None, target.host],
        },
        **_scope(acting_user),
    )
    calendar_id = calendar.pk

    def read_now() -> None:
        refresh_external_calendar.delay(calendar_id)

    transaction.on_commit(read_now)
    return calendar


@transaction.atomic
def do_upload_calendar(
    acting_user: Any, *, name: Any, data: bytes, now: dt.datetime | None = None
) -> ExternalCalendar:
    """Keep the busy times of an uploaded ``.ics`` file (the file itself is not kept). A file
    that cannot be read is a 422 naming its line; nothing is stored then."""
    clean_name = _check_name(name)
    now = now or timezone.now()
    if len(data) > MAX_CALENDAR_BYTES:
        raise fail(
            "file",
            _("The file is larger than %(megabytes)s MB.")
            % {"megabytes": MAX_CALENDAR_BYTES // (1024 * 1024)},
        )
    try:
        stretches, first, last = busy_stretches(data, source=clean_name, owner=acting_user, now=now)
    except CalendarFileError as exc:
        raise fail("file", str(exc)) from exc
    _check_room_for_more(acting_user)
    calendar = writes.create(
        ExternalCalendar(owner=acting_user, name=clean_name, source=CalendarSource.UPLOAD),
        actor=acting_user,
        action="external_calendar.uploaded",
        **_scope(acting_user),
    )
    replace_busy(calendar, stretches, first, last, now)
    calendar.refresh_from_db()
    return calendar


@transaction.atomic
def do_remove_calendar(calendar: ExternalCalendar, *, acting_user: Any, version: int) -> None:
    refuse_others(calendar, acting_user)
    # Keep the secret address out of the trail's record of the deleted row.
    calendar.url = ""
    writes.delete(
        calendar,
        version=version,
        actor=acting_user,
        action="external_calendar.removed",
        **_scope(acting_user),
    )


def external_busy(
    user_ids: Iterable[int], start: dt.datetime, end: dt.datetime
) -> dict[int, list[BusyPeriod]]:
    """Per person, the busy stretches of their connected calendars overlapping ``[start, end)``
    (only times: the slot finder's input, never shown)."""
    out: dict[int, list[BusyPeriod]] = defaultdict(list)
    rows = ExternalBusy.objects.filter(
        calendar__owner_id__in=list(user_ids), starts_at__lt=end, ends_at__gt=start
    ).values_list("calendar__owner_id", "starts_at", "ends_at", "tentative")
    for owner_id, begins, ends, tentative in rows:
        kind = BusyKind.TENTATIVE if tentative else BusyKind.BUSY
        out[owner_id].append(BusyPeriod(start=begins, end=ends, kind=kind, source="external"))
    return out


def coverage_warnings(people: Iterable[Any], start: dt.datetime, end: dt.datetime) -> list[str]:
    """What the finder cannot know: a person's calendar that failed to read, or that does not
    reach the end of the window."""
    by_id = {p.pk: p for p in people}
    warnings: list[str] = []
    for calendar in ExternalCalendar.objects.filter(owner_id__in=list(by_id)).order_by("id"):
        who = by_id[calendar.owner_id]
        if calendar.last_read_at is None:
            warnings.append(
                _("A calendar of %(person)s has not been read yet; its busy time is unknown.")
                % {"person": who}
            )
        elif calendar.last_error:
            warnings.append(
                _("A calendar of %(person)s could not be read lately; using its last read.")
                % {"person": who}
            )
        elif calendar.busy_until is not None and calendar.busy_until < end:
            warnings.append(
                _("A calendar of %(person)s is known until %(day)s only.")
                % {"person": who, "day": f"{calendar.busy_until:%Y-%m-%d}"}
            )
    return warnings


def calendars_of(person: Any) -> list[ExternalCalendar]:
    return list(ExternalCalendar.objects.filter(owner=person).order_by("name", "id"))


def access_calendar(user: Any, calendar_id: int) -> ExternalCalendar:
    """One of the user's own calendars; anyone else's is a 404 (its existence is private)."""
    found = ExternalCalendar.objects.filter(
        pk=calendar_id, owner_id=getattr(user, "pk", None)
    ).first()
    if found is None:
        raise NotFound(_("No calendar %(calendar_id)s.") % {"calendar_id": calendar_id})
    return found
