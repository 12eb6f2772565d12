"""Read busy time from iCalendar data (.ics files, VEVENT and VFREEBUSY) into :class:`BusyTimes`.

Recurrence (RRULE, RDATE, EXDATE, RECURRENCE-ID overrides, X-WR-TIMEZONE) is expanded by
``recurring-ical-events``; this module decides what an occurrence means for availability, as a
calendar app does:

- ``STATUS:CANCELLED`` and ``TRANSP:TRANSPARENT`` (or Outlook's
  ``X-MICROSOFT-CDO-BUSYSTATUS:FREE``) are free time;
- ``STATUS:TENTATIVE`` (or ``X-MICROSOFT-CDO-BUSYSTATUS:TENTATIVE``) is a tentative conflict;
- when the calendar's ``owner`` (an e-mail address) is given and listed as an ATTENDEE, their
  reply counts: ``DECLINED`` is free, ``TENTATIVE`` and ``NEEDS-ACTION`` are tentative;
- all-day events block the whole local day(s) in the reader's zone, floating times are read in
  that zone, zero-length events block nothing;
- VFREEBUSY ``FREEBUSY`` periods count by ``FBTYPE``: ``FREE`` free, ``BUSY-TENTATIVE``
  tentative, ``BUSY`` (the default) and ``BUSY-UNAVAILABLE`` busy.

Malformed data raises :class:`CalendarFileError` naming the file and line.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import icalendar
import recurring_ical_events

from .errors import CalendarFileError
from .intervals import minutes_from_datetime
from .model import BusyKind, BusyTimes
from .zones import zone

__all__ = [
    "CalendarBusyRead",
    "ics_busy_periods",
    "read_busy_calendars",
    "read_ics_busy",
    "read_ics_file_busy",
]

_NAME = re.compile(r"^[A-Za-z0-9-]+$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_TIME_PROPERTIES = frozenset(
    {
        "DTSTART",
        "DTEND",
        "DURATION",
        "RRULE",
        "RDATE",
        "EXDATE",
        "EXRULE",
        "RECURRENCE-ID",
        "STATUS",
        "TRANSP",
        "FREEBUSY",
        "TZID",
        "TZOFFSETFROM",
        "TZOFFSETTO",
        "BEGIN",
        "END",
    }
)
_FB_KIND = {
    "BUSY": BusyKind.BUSY,
    "BUSY-UNAVAILABLE": BusyKind.BUSY,
    "BUSY-TENTATIVE": BusyKind.TENTATIVE,
}


@dataclass(slots=True)
class _ScannedComponent:
    name: str
    begin_line: int
    depth: int = 0
    properties: list[tuple[str, int, str]] = field(default_factory=list)

    def line_of(self, prop: str | None, message: str) -> int:
        """Line of property ``prop`` (the one whose value the message quotes, if several), or of
        the raw line quoted in ``message``."""
        if prop is not None:
            lines = [(line, text) for name, line, text in self.properties if name == prop.upper()]
            for line, text in lines:
                if f"'{text.split(':', 1)[-1].strip()}'" in message:
                    return line
            return lines[0][0] if lines else self.begin_line
        for _, line, text in self.properties:
            if text and text in message:
                return line
        return self.begin_line


def _unfold(text: str) -> list[tuple[int, str]]:
    """Logical content lines with the 1-based physical line each starts on."""
    logical: list[tuple[int, str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if raw[:1] in {" ", "\t"} and logical:
            first, so_far = logical[-1]
            logical[-1] = (first, so_far + raw[1:])
        elif raw.strip():
            logical.append((number, raw))
    return logical


def _nest(
    path: str,
    number: int,
    name: str,
    value: str,
    stack: list[_ScannedComponent],
    components: list[_ScannedComponent],
) -> None:
    """Open (BEGIN) or close (END) a component, checking the nesting."""
    if name == "BEGIN":
        if not value:
            raise CalendarFileError(path, number, "BEGIN without a component name")
        component = _ScannedComponent(value, number, len(stack))
        components.append(component)
        stack.append(component)
        return
    if not stack:
        raise CalendarFileError(path, number, f"END:{value} without a matching BEGIN")
    opened = stack[-1]
    if opened.name != value:
        message = f"END:{value} closes BEGIN:{opened.name} of line {opened.begin_line}"
        raise CalendarFileError(path, number, message)
    stack.pop()


def _scan(path: str, text: str) -> list[_ScannedComponent]:
    """Check the structure line by line; components in document order (as ``walk()`` yields)."""
    components: list[_ScannedComponent] = []
    stack: list[_ScannedComponent] = []
    for number, line in _unfold(text):
        if _CONTROL.search(line):
            raise CalendarFileError(path, number, "control character in content line")
        head = re.split(r"[;:]", line, maxsplit=1)[0]
        if ":" not in line or not _NAME.match(head):
            # calendar apps skip stray lines (broken folding, junk); icalendar reports the ones
            # that matter as property errors, which are checked after parsing
            if head.upper() in {"BEGIN", "END"}:
                raise CalendarFileError(
                    path, number, f"malformed {head.upper()} line: {line[:60]!r}"
                )
            if stack:
                stack[-1].properties.append(("", number, line))
            continue
        name, value = head.upper(), line.split(":", 1)[1].strip().upper()
        if name in {"BEGIN", "END"}:
            _nest(path, number, name, value, stack, components)
        elif stack:
            stack[-1].properties.append((name, number, line))
    if stack:
        raise CalendarFileError(path, stack[-1].begin_line, f"BEGIN:{stack[-1].name} never ends")
    if not components:
        raise CalendarFileError(path, None, "no VCALENDAR component")
    for component in components:
        if component.depth == 0 and component.name != "VCALENDAR":
            message = f"{component.name} outside a VCALENDAR (no VCALENDAR component)"
            raise CalendarFileError(path, component.begin_line, message)
    return components


def _parse(
    path: str, data: bytes | str
) -> list[tuple[icalendar.Calendar, list[_ScannedComponent]]]:
    """Each VCALENDAR of the data (usually one) with its scanned components."""
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise CalendarFileError(path, line, "not UTF-8 text") from exc
    else:
        text = data
    scanned = _scan(path, text)
    try:
        with warnings.catch_warnings():
            # vendor-prefixed TZIDs ("/mozilla.org/.../Europe/Berlin") are resolved by their
            # trailing IANA name, as calendar apps do
            warnings.simplefilter("ignore")
            calendars = icalendar.Calendar.from_ical(text, multiple=True)
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise CalendarFileError(
            path, _first_bad_line(text, str(exc)), f"unreadable: {exc}"
        ) from exc
    groups: list[list[_ScannedComponent]] = []
    for component in scanned:
        if component.depth == 0:
            groups.append([])
        groups[-1].append(component)
    if len(calendars) != len(groups):
        raise CalendarFileError(path, scanned[0].begin_line, "VCALENDAR structure not understood")
    for calendar, group in zip(calendars, groups, strict=True):
        _check_components(path, calendar, group)
    return list(zip(calendars, groups, strict=True))


def _check_components(
    path: str, calendar: icalendar.Calendar, scanned: list[_ScannedComponent]
) -> None:
    walked = list(calendar.walk())
    if len(walked) != len(scanned):
        return
    for component, scan in zip(walked, scanned, strict=True):
        for prop, message in component.errors:
            if _matters(prop, message):
                line = scan.line_of(prop, message)
                raise CalendarFileError(path, line, f"{prop or 'line'}: {message}")
        if component.name == "VEVENT" and "DTSTART" not in component:
            raise CalendarFileError(path, scan.begin_line, "VEVENT without DTSTART")


def _matters(prop: str | None, message: str) -> bool:
    """Is a property error one that changes busy time? Others (a garbled ORGANIZER, say) are
    skipped as calendar apps do."""
    if prop is not None:
        return prop.upper() in _TIME_PROPERTIES
    quoted = re.search(r"parts: '([A-Za-z0-9-]+)", message)
    return quoted is None or quoted.group(1).upper() in _TIME_PROPERTIES


def _first_bad_line(text: str, message: str) -> int | None:
    """Line icalendar choked on: the first unparsable content line, else the first line holding
    the last token the error message quotes."""
    lines = _unfold(text)
    for number, line in lines:
        try:
            icalendar.parser.Contentline(line).parts()  # type: ignore[no-untyped-call]
        except ValueError:
            return number
    for token in reversed(re.findall(r"[^\s'\":,]{2,}", message)):
        for number, line in lines:
            if token in line.split(":", 1)[-1]:
                return number
    return None


def _to_minutes(value: date | datetime, tz_key: str) -> int:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=zone(tz_key))
        return minutes_from_datetime(value)
    midnight = datetime(value.year, value.month, value.day, tzinfo=zone(tz_key))
    return minutes_from_datetime(midnight)


def _owner_reply(event: Any, owner: str | None) -> str:
    """The calendar owner's PARTSTAT on this event, or "" when not listed (or no owner given)."""
    if owner is None:
        return ""
    attendees = event.get("ATTENDEE", [])
    for attendee in attendees if isinstance(attendees, list) else [attendees]:
        address = str(attendee).lower().removeprefix("mailto:")
        if address == owner.lower():
            return str(attendee.params.get("PARTSTAT", "NEEDS-ACTION")).upper()
    return ""


def _event_kind(event: Any, owner: str | None) -> BusyKind | None:
    status = str(event.get("STATUS", "")).upper()
    transp = str(event.get("TRANSP", "OPAQUE")).upper()
    outlook = str(event.get("X-MICROSOFT-CDO-BUSYSTATUS", "")).upper()
    reply = _owner_reply(event, owner)
    if status == "CANCELLED" or transp == "TRANSPARENT" or outlook == "FREE" or reply == "DECLINED":
        return None
    if status == "TENTATIVE" or outlook == "TENTATIVE" or reply in {"TENTATIVE", "NEEDS-ACTION"}:
        return BusyKind.TENTATIVE
    return BusyKind.BUSY


def _event_line(scanned: list[_ScannedComponent], uid: str) -> int | None:
    for component in scanned:
        if component.name == "VEVENT" and any(
            name == "UID" and text.split(":", 1)[1].strip() == uid
            for name, _, text in component.properties
        ):
            return component.begin_line
    return next((c.begin_line for c in scanned if c.name == "VEVENT"), None)


def _occurrences(
    path: str,
    calendar: icalendar.Calendar,
    scanned: list[_ScannedComponent],
    start: datetime,
    end: datetime,
) -> list[Any]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return list(recurring_ical_events.of(calendar).between(start, end))
    except Exception as exc:  # noqa: BLE001 - any failure of the expansion is a file problem
        line = _blame_event(calendar, scanned, start, end, exc)
        raise CalendarFileError(path, line, f"cannot expand recurrence: {exc}") from exc


def _blame_event(
    calendar: icalendar.Calendar,
    scanned: list[_ScannedComponent],
    start: datetime,
    end: datetime,
    exc: Exception,
) -> int | None:
    """Line of the first VEVENT that fails to expand on its own (with the file's time zones):
    the property the error message quotes, else the event's BEGIN line."""
    events = [c for c in calendar.walk() if c.name == "VEVENT"]
    vevent_scans = [c for c in scanned if c.name == "VEVENT"]
    for event, scan in zip(events, vevent_scans, strict=False):
        single = icalendar.Calendar()
        for tz in calendar.walk("VTIMEZONE"):
            single.add_component(tz)
        single.add_component(event)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                recurring_ical_events.of(single).between(start, end)
        except Exception:  # noqa: BLE001
            message = str(exc)
            rule_error = "rule" in type(exc).__name__.lower()
            for name, line, text in scan.properties:
                if rule_error and name == "RRULE":
                    return line
                value = text.split(":", 1)[-1].strip()
                if name and len(value) > 3 and (value in message or message in value):
                    return line
            return scan.begin_line
    return vevent_scans[0].begin_line if vevent_scans else None


def _freebusy_pairs(
    path: str, component: Any, scan: _ScannedComponent | None, tz_key: str
) -> Iterable[tuple[BusyKind, int, int]]:
    values = component.get("FREEBUSY", [])
    for value in values if isinstance(values, list) else [values]:
        fbtype = str(value.params.get("FBTYPE", "BUSY")).upper()
        if fbtype == "FREE":
            continue
        try:
            first, second = value.dt
        except (AttributeError, TypeError, ValueError) as exc:
            line = scan.line_of("FREEBUSY", "") if scan else None
            raise CalendarFileError(path, line, f"FREEBUSY is not a period: {value!r}") from exc
        end = first + second if isinstance(second, timedelta) else second
        yield (
            _FB_KIND.get(fbtype, BusyKind.BUSY),
            _to_minutes(first, tz_key),
            _to_minutes(end, tz_key),
        )


def ics_busy_periods(
    data: bytes | str,
    *,
    source: str,
    start: datetime,
    end: datetime,
    timezone: str = "UTC",
    owner: str | None = None,
) -> list[tuple[BusyKind, int, int, str]]:
    """Busy stretches ``(kind, start_minute, end_minute, summary)`` of iCalendar ``data`` that
    overlap ``[start, end)`` (aware), in UTC minutes, unclipped, in no particular order.

    ``timezone`` is the reader's zone for floating times and all-day events. ``owner`` is the
    calendar owner's e-mail address (their ATTENDEE reply then counts), ``None`` to ignore
    replies. ``source`` names the data in errors. Raises :class:`CalendarFileError` for malformed
    data.
    """
    out: list[tuple[BusyKind, int, int, str]] = []
    for calendar, scanned in _parse(source, data):
        out += _calendar_periods(source, calendar, scanned, start, end, timezone, owner)
    return out


def _calendar_periods(
    source: str,
    calendar: icalendar.Calendar,
    scanned: list[_ScannedComponent],
    start: datetime,
    end: datetime,
    timezone: str,
    owner: str | None,
) -> list[tuple[BusyKind, int, int, str]]:
    out: list[tuple[BusyKind, int, int, str]] = []
    for event in _occurrences(source, calendar, scanned, start, end):
        kind = _event_kind(event, owner)
        if kind is None:
            continue
        try:
            first = _to_minutes(event["DTSTART"].dt, timezone)
            last = _to_minutes(event["DTEND"].dt, timezone) if "DTEND" in event else first
        except (KeyError, AttributeError, ValueError) as exc:
            line = _event_line(scanned, str(event.get("UID", "")))
            raise CalendarFileError(source, line, f"event without usable times: {exc}") from exc
        if last > first:
            out.append((kind, first, last, str(event.get("SUMMARY", ""))))
    freebusy_scans = [c for c in scanned if c.name == "VFREEBUSY"]
    low, high = minutes_from_datetime(start), minutes_from_datetime(end, ceil=True)
    for index, component in enumerate(calendar.walk("VFREEBUSY")):
        scan = freebusy_scans[index] if index < len(freebusy_scans) else None
        for kind, first, last in _freebusy_pairs(source, component, scan, timezone):
            if last > first and first < high and last > low:
                out.append((kind, first, last, "FREEBUSY"))
    return out


def read_ics_busy(
    data: bytes | str,
    *,
    source: str,
    start: datetime,
    end: datetime,
    timezone: str = "UTC",
    owner: str | None = None,
) -> BusyTimes:
    """:class:`BusyTimes` of iCalendar ``data`` over ``[start, end)``; see :func:`ics_busy_periods`.

    The intervals are kept whole (not clipped to the range), merged per kind.
    """
    periods = ics_busy_periods(
        data, source=source, start=start, end=end, timezone=timezone, owner=owner
    )
    firm = [(a, b) for kind, a, b, _ in periods if kind is not BusyKind.TENTATIVE]
    soft = [(a, b) for kind, a, b, _ in periods if kind is BusyKind.TENTATIVE]
    return BusyTimes.from_minutes(source, firm, soft, len(periods))


def read_ics_file_busy(
    path: str | Path,
    *,
    start: datetime,
    end: datetime,
    timezone: str = "UTC",
    owner: str | None = None,
) -> BusyTimes:
    """:func:`read_ics_busy` of a file; errors name the file path. Unreadable files raise
    :class:`CalendarFileError` too."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise CalendarFileError(str(path), None, f"cannot read file: {exc.strerror}") from exc
    return read_ics_busy(
        data, source=str(path), start=start, end=end, timezone=timezone, owner=owner
    )


@dataclass(frozen=True, slots=True)
class CalendarBusyRead:
    """Result of reading several calendars: what could be read and one error per bad file."""

    busy: tuple[BusyTimes, ...]
    errors: tuple[CalendarFileError, ...]


def read_busy_calendars(
    paths: Sequence[str | Path],
    *,
    start: datetime,
    end: datetime,
    timezone: str = "UTC",
    owner: str | None = None,
) -> CalendarBusyRead:
    """Read every file, collecting :class:`CalendarFileError` per file instead of stopping, so one
    bad calendar never hides the others. Pass ``errors`` on as ``MeetingParticipant.source_errors``."""
    busy: list[BusyTimes] = []
    errors: list[CalendarFileError] = []
    for path in paths:
        try:
            busy.append(
                read_ics_file_busy(path, start=start, end=end, timezone=timezone, owner=owner)
            )
        except CalendarFileError as exc:
            errors.append(exc)
    return CalendarBusyRead(tuple(busy), tuple(errors))
