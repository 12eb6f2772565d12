"""Time zones and aware datetimes: what meetings accept, and the 422 for what they refuse."""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from typing import Any

from django.utils.translation import gettext as _

from tandem.core.errors import ValidationFailed


@functools.cache
def known_time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def fail(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(
        _("Invalid input: %(field)s: %(message)s") % {"field": field, "message": message},
        fields={field: [message]},
    )


def check_time_zone(value: Any, field: str = "time_zone") -> str:
    """The IANA zone name, or a 422 naming the unknown zone."""
    if not isinstance(value, str) or not value:
        raise fail(field, _("Give an IANA time zone name like Europe/Paris."))
    if value not in known_time_zones():
        raise fail(
            field,
            _("%(value)r is not a known time zone (use an IANA name like Europe/Paris).")
            % {"value": value},
        )
    return value


def check_aware(value: Any, field: str) -> dt.datetime:
    """``value`` as a UTC datetime; 422 when it is missing, not a datetime, or naive."""
    if not isinstance(value, dt.datetime):
        raise fail(
            field, _("Give a date and time with its UTC offset, e.g. 2026-03-02T10:00+01:00.")
        )
    if value.tzinfo is None or value.utcoffset() is None:
        raise fail(
            field,
            _(
                "%(value)s has no time zone; give its UTC offset (e.g. 2026-03-02T10:00+01:00 or "
                "...Z)."
            )
            % {"value": value.isoformat()},
        )
    tz_name = getattr(value.tzinfo, "key", None)
    if tz_name is not None:
        check_time_zone(tz_name, field)
    try:
        return value.astimezone(dt.UTC)
    except OverflowError as exc:
        raise fail(
            field, _("%(value)s is outside the calendar.") % {"value": value.isoformat()}
        ) from exc


# Meetings are planned within these years, so every time converts into every zone and a series
# of up to 52 repeats every 4 weeks stays inside the calendar.
FIRST_MEETING_YEAR = 1970
LAST_MEETING_YEAR = 2200


def check_meeting_time(value: Any, field: str) -> dt.datetime:
    """``check_aware``, and a 422 unless the time falls in the years 1970 to 2200."""
    utc = check_aware(value, field)
    if not FIRST_MEETING_YEAR <= utc.year <= LAST_MEETING_YEAR:
        raise fail(
            field,
            _("%(value)s is not between %(first_meeting_year)s and %(last_meeting_year)s.")
            % {
                "value": value.isoformat(),
                "first_meeting_year": FIRST_MEETING_YEAR,
                "last_meeting_year": LAST_MEETING_YEAR,
            },
        )
    return utc


def local_to_aware(value: dt.datetime, zone: str, field: str) -> dt.datetime:
    """A wall-clock time in ``zone`` as an aware datetime.

    Refuses a time that does not exist there (skipped by a daylight-saving change) and picks the
    first of two when the clock goes back.
    """
    tz = zoneinfo.ZoneInfo(check_time_zone(zone))
    aware = value.replace(tzinfo=tz)
    round_trip = aware.astimezone(dt.UTC).astimezone(tz).replace(tzinfo=None)
    if round_trip != value.replace(tzinfo=None):
        raise fail(
            field,
            _("%(value)s does not exist in %(zone)s (clock change).")
            % {"value": format(value, "%Y-%m-%d %H:%M"), "zone": zone},
        )
    return aware
