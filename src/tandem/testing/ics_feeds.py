"""iCalendar feeds for tests, written with the ``icalendar`` library as calendar apps write them
(VTIMEZONE included), to be served by ``tandem.testing.http_server`` or uploaded."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import icalendar


@dataclass(frozen=True)
class FeedEvent:
    start: dt.datetime | dt.date
    end: dt.datetime | dt.date
    summary: str = "Busy elsewhere"
    uid: str = ""
    rrule: dict[str, Any] | None = None
    exdates: tuple[dt.datetime, ...] = ()
    status: str = ""
    transparent: bool = False
    location: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def feed(events: Iterable[FeedEvent], name: str = "Work") -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("PRODID", "-//Tests//Feeds//EN")
    calendar.add("VERSION", "2.0")
    calendar.add("X-WR-CALNAME", name)
    stamp = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    for n, item in enumerate(events):
        event = icalendar.Event()
        event.add("UID", item.uid or f"event-{n}@tests")
        event.add("DTSTAMP", stamp)
        event.add("SUMMARY", item.summary)
        event.add("DTSTART", item.start)
        event.add("DTEND", item.end)
        if item.location:
            event.add("LOCATION", item.location)
        if item.rrule:
            event.add("RRULE", item.rrule)
        for excluded in item.exdates:
            event.add("EXDATE", excluded)
        if item.status:
            event.add("STATUS", item.status)
        if item.transparent:
            event.add("TRANSP", "TRANSPARENT")
        for key, value in item.extra.items():
            event.add(key, value)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def zoned(year: int, month: int, day: int, hour: int, minute: int, zone: str) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=zoneinfo.ZoneInfo(zone))
