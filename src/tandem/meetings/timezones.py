"""Time zones and aware datetimes: what meetings accept, and the 422 for what they refuse."""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from typing import Any

from tandem.core.errors import ValidationFailed


@functools.cache
def known_time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def fail(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(f"Invalid input: {field}: {message}", fields={field: [message]})


def check_time_zone(value: Any, field: str = "time_zone") -> str:
    """The IANA zone name, or a 422 naming the unknown zone."""
    if not isinstance(value, str) or not value:
        raise fail(field, "Give an IANA time zone name like Europe/Paris.")
    if value not in known_time_zones():
        raise fail(
            field, f"{value!r} is not a known time zone (use an IANA name like Europe/Paris)."
        )
    return value


def check_aware(value: Any, field: str) -> dt.datetime:
    """``value`` as a UTC datetime; 422 when it is missing, not a datetime, or naive."""
    if not isinstance(value, dt.datetime):
        raise fail(field, "Give a date and time with its UTC offset, e.g. 2026-03-02T10:00+01:00.")
    if value.tzinfo is None or value.utcoffset() is None:
        raise fail(
            field,
            f"{value.isoformat()} has no time zone; give its UTC offset "
            "(e.g. 2026-03-02T10:00+01:00 or ...Z).",
        )
    tz_name = getattr(value.tzinfo, "key", None)
    if tz_name is not None:
        check_time_zone(tz_name, field)
    return value.astimezone(dt.UTC)


def local_to_aware(value: dt.datetime, zone: str, field: str) -> dt.datetime:
    """A wall-clock time in ``zone`` as an aware datetime.

    Refuses a time that does not exist there (skipped by a daylight-saving change) and picks the
    first of two when the clock goes back.
    """
    tz = zoneinfo.ZoneInfo(check_time_zone(zone))
    aware = value.replace(tzinfo=tz)
    round_trip = aware.astimezone(dt.UTC).astimezone(tz).replace(tzinfo=None)
    if round_trip != value.replace(tzinfo=None):
        raise fail(field, f"{value:%Y-%m-%d %H:%M} does not exist in {zone} (clock change).")
    return aware
