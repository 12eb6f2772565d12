"""Code tables and value syntax of Microsoft Project XML (MSPDI).

Durations are ISO-8601 (``PT8H0M0S``); link lags and slacks are tenths of minutes; the unit a
value is shown in is a ``DurationFormat``/``LagFormat`` code. These helpers are shared by the
MSPDI reader and writer.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from ..scheduling.model import ConstraintType, DurationUnit, LinkType

__all__: list[str] = []

# DurationFormat / LagFormat code -> (unit, elapsed, estimated). 21 and 53 mean "the project's
# default unit" (plain and estimated); 19/20 (and 51/52) are percent, which only lags use.
_UNIT_CODES: dict[int, tuple[DurationUnit, bool]] = {
    3: (DurationUnit.MINUTE, False),
    4: (DurationUnit.MINUTE, True),
    5: (DurationUnit.HOUR, False),
    6: (DurationUnit.HOUR, True),
    7: (DurationUnit.DAY, False),
    8: (DurationUnit.DAY, True),
    9: (DurationUnit.WEEK, False),
    10: (DurationUnit.WEEK, True),
    11: (DurationUnit.MONTH, False),
    12: (DurationUnit.MONTH, True),
}
PERCENT_FORMATS = {19: False, 20: True, 51: False, 52: True}
"""Percent lag formats -> elapsed flag."""
DEFAULT_FORMATS = {21, 53}
ESTIMATED_OFFSET = 32


def parse_duration_format(code: int, default_unit: DurationUnit) -> tuple[DurationUnit, bool, bool]:
    """Decode a DurationFormat code into ``(unit, elapsed, estimated)``.

    Unknown codes fall back to ``default_unit`` (MS Project shows them in the project's unit).
    Percent codes give ``default_unit`` too: callers that accept percent check
    ``PERCENT_FORMATS`` first.
    """
    estimated = code >= 35
    base = code - ESTIMATED_OFFSET if estimated else code
    if base in _UNIT_CODES:
        unit, elapsed = _UNIT_CODES[base]
        return unit, elapsed, estimated
    return default_unit, False, estimated


def duration_format_code(unit: DurationUnit, elapsed: bool, estimated: bool = False) -> int:
    """The DurationFormat code for a unit (inverse of :func:`parse_duration_format`)."""
    for code, (code_unit, code_elapsed) in _UNIT_CODES.items():
        if code_unit == unit and code_elapsed == elapsed:
            return code + (ESTIMATED_OFFSET if estimated else 0)
    raise ValueError(f"no duration format for {unit} elapsed={elapsed}")  # pragma: no cover


ID_FIELD = 188743731
"""FieldID of the task custom field Text1, which carries task ids that are not MSPDI UIDs."""
ID_ALIAS = "Tandem id"
"""Alias of that field, so that a user's own Text1 is never taken for ids."""

CONSTRAINT_CODES: dict[int, ConstraintType] = {
    0: ConstraintType.ASAP,
    1: ConstraintType.ALAP,
    2: ConstraintType.MSO,
    3: ConstraintType.MFO,
    4: ConstraintType.SNET,
    5: ConstraintType.SNLT,
    6: ConstraintType.FNET,
    7: ConstraintType.FNLT,
}
CONSTRAINT_NUMBERS = {value: key for key, value in CONSTRAINT_CODES.items()}
# P6's non-mandatory Start On / Finish On have no MSPDI code: written as their nearest,
# Must Start On / Must Finish On.
CONSTRAINT_NUMBERS[ConstraintType.START_ON] = 2
CONSTRAINT_NUMBERS[ConstraintType.FINISH_ON] = 3

LINK_CODES: dict[int, LinkType] = {0: LinkType.FF, 1: LinkType.FS, 2: LinkType.SF, 3: LinkType.SS}
LINK_NUMBERS = {value: key for key, value in LINK_CODES.items()}

_ISO_DURATION = re.compile(
    r"^(?P<sign>-)?P(?:(?P<years>\d+(?:\.\d+)?)Y)?(?:(?P<months>\d+(?:\.\d+)?)M)?"
    r"(?:(?P<days>\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(?P<hours>\d+(?:\.\d+)?)H)?(?:(?P<minutes>\d+(?:\.\d+)?)M)?"
    r"(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?$"
)


def parse_iso_duration(text: str, minutes_per_day: int = 1440, days_per_month: int = 30) -> float:
    """Minutes in an ISO-8601 duration such as ``PT8H0M0S`` (may be fractional or negative).

    MS Project writes hours, minutes and seconds only; a ``D`` part counts ``minutes_per_day``
    and ``M``/``Y`` parts count ``days_per_month`` days (12 months a year), so callers pass the
    working-day length for working durations. Raises ValueError on malformed text.
    """
    match = _ISO_DURATION.match(text.strip())
    if match is None or text.strip() in {"P", "-P", "PT", "-PT"}:
        raise ValueError(f"not an ISO-8601 duration: {text!r}")
    parts = {
        key: float(value) for key, value in match.groupdict().items() if value and key != "sign"
    }
    days = parts.get("days", 0.0) + days_per_month * (
        parts.get("months", 0.0) + 12 * parts.get("years", 0.0)
    )
    minutes = (
        days * minutes_per_day
        + parts.get("hours", 0.0) * 60
        + parts.get("minutes", 0.0)
        + parts.get("seconds", 0.0) / 60
    )
    return -minutes if match.group("sign") else minutes


def format_iso_duration(minutes: int) -> str:
    """``PT<h>H<m>M0S`` for a whole number of minutes (MS Project's own spelling)."""
    sign = "-" if minutes < 0 else ""
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}PT{hours}H{rest}M0S"


def parse_clock(text: str) -> int:
    """Minutes from midnight of ``HH:MM[:SS]``; ``24:00`` and ``00:00`` as an end give 1440."""
    pieces = text.strip().split(":")
    if len(pieces) < 2:
        raise ValueError(f"not a time of day: {text!r}")
    hours, minutes = int(pieces[0]), int(pieces[1])
    if not (0 <= hours <= 24 and 0 <= minutes < 60):
        raise ValueError(f"not a time of day: {text!r}")
    return hours * 60 + minutes


def format_clock(minutes: int) -> str:
    """``HH:MM:SS`` for minutes from midnight (1440 is written ``00:00:00``, MS Project's way)."""
    minutes %= 1440
    return f"{minutes // 60:02d}:{minutes % 60:02d}:00"


def parse_datetime(text: str, zone: ZoneInfo) -> datetime:
    """An MSPDI date-time (``2018-10-18T08:00:00``, local wall clock) as an aware datetime."""
    value = datetime.fromisoformat(text.strip())
    if value.tzinfo is not None:
        return value.astimezone(zone)
    return value.replace(tzinfo=zone)


def format_datetime(value: datetime, zone: ZoneInfo) -> str:
    """Local wall-clock ``YYYY-MM-DDTHH:MM:SS`` in ``zone`` (MSPDI has no zone offsets)."""
    return value.astimezone(zone).strftime("%Y-%m-%dT%H:%M:%S")


def parse_date(text: str) -> date:
    """The date part of an MSPDI date-time."""
    return datetime.fromisoformat(text.strip()).date()


def format_date_start(day: date) -> str:
    """Exception range start as MS Project writes it (midnight)."""
    return datetime.combine(day, time()).strftime("%Y-%m-%dT%H:%M:%S")


def format_date_end(day: date) -> str:
    """Exception range end as MS Project writes it (23:59 of the last day)."""
    return datetime.combine(day, time(23, 59)).strftime("%Y-%m-%dT%H:%M:%S")
