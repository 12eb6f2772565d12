"""Busy time read from the iCalendar reference files against recurring-ical-events.

Expectations marked "suite" are copied from recurring-ical-events 3.8.2's own test suite
(``recurring_ical_events/test``); the parametrised comparison re-derives occurrences with the
library directly and checks the finder's blocked time for a participant who works around the
clock equals them.
"""

import warnings
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import numpy as np
import pytest
import recurring_ical_events

from tandem.engine.meetings import (
    BusyKind,
    CalendarFileError,
    MeetingParticipant,
    MeetingRequest,
    ics_busy_periods,
    read_busy_calendars,
    read_ics_file_busy,
)
from tandem.engine.meetings.intervals import (
    as_intervals,
    clip_intervals,
    merge_intervals,
    minutes_from_datetime,
)
from tandem.engine.meetings.search import prepare_search

pytestmark = pytest.mark.benchdata

RECURRING = "recurring-ical-events-3.8.2/recurring_ical_events/test/calendars"
ICALENDAR = "icalendar-7.3.2/icalendar/tests/calendars"
ALL_DAY = tuple((((0, 1440),),) * 7)


def busy_of(ical_dir, name, start, end, tz="UTC"):
    data = (ical_dir / RECURRING / f"{name}.ics").read_bytes()
    return ics_busy_periods(data, source=name, start=start, end=end, timezone=tz)


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def minute(value):
    return minutes_from_datetime(value)


def busy_at(periods, instant):
    m = minute(instant)
    return [p for p in periods if p[1] <= m < p[2]]


# -- expectations from the recurring-ical-events suite ---------------------------------------


@pytest.mark.parametrize(
    ("day", "local_hour", "offset"),
    [(date(2019, 3, 20), 19, 1), (date(2019, 4, 24), 19, 2)],  # suite: daylight_saving_time
)
def test_weekly_event_keeps_wall_time_across_dst(ical_dir, day, local_hour, offset):
    berlin = ZoneInfo("Europe/Berlin")
    start = datetime(day.year, day.month, day.day, tzinfo=berlin)
    periods = busy_of(ical_dir, "daylight_saving_time", start, start + timedelta(days=1))
    starts = sorted(p[1] for p in periods if p[1] >= minute(start))
    expected = datetime(day.year, day.month, day.day, local_hour, tzinfo=berlin)
    assert expected.utcoffset() == timedelta(hours=offset)
    assert minute(expected) in starts


@pytest.mark.parametrize(
    ("local", "busy"),
    [((11, 15), False), ((11, 31), True), ((12, 0), True), ((12, 59), True), ((13, 1), False)],
)
def test_lisbon_event_after_dst_change(ical_dir, local, busy):
    """suite: test_issue_48_daylight (EVENT2 2020-11-02 11:30-13:00 Lisbon, UTC+0 then)."""
    lisbon = ZoneInfo("Europe/Lisbon")
    instant = datetime(2020, 11, 2, *local, tzinfo=lisbon)
    periods = busy_of(
        ical_dir, "issue_48_daylight_aware_repeats", utc(2020, 11, 1), utc(2020, 11, 4)
    )
    assert bool(busy_at(periods, instant)) is busy


def test_chicago_events_across_the_day(ical_dir):
    """suite: test_issue_48_dst, 3 events between 10:00 and 15:00 Chicago on 2020-12-11."""
    chicago = ZoneInfo("America/Chicago")
    start, end = (
        datetime(2020, 12, 11, 10, tzinfo=chicago),
        datetime(2020, 12, 11, 15, tzinfo=chicago),
    )
    periods = busy_of(ical_dir, "issue_48_dst", start, end)
    assert len(periods) == 3


@pytest.mark.parametrize(("day", "busy"), [(28, True), (29, False), (30, True)])
def test_cancelled_occurrence_is_free(ical_dir, day, busy):
    """suite: test_issue_18_cancel_status, the 2020-01-29 instance is CANCELLED."""
    periods = busy_of(ical_dir, "issue_18_cancel_status", utc(2020, 1, day), utc(2020, 1, day + 1))
    inside = [
        p for p in periods if utc(2020, 1, day - 1) <= utc(1970, 1, 1) + timedelta(minutes=p[1])
    ]
    assert bool(inside) is busy


def test_moved_occurrences(ical_dir):
    """suite: test_issue_62_moved_event(_2): six events in August 2023 (on the 8th, 10th, 14th
    (moved from the 15th), 16th (moved from the 17th), 22nd and 24th); December 2021 has one
    event, on the 17th (moved from the 31st).

    Both files mark these TRANSPARENT, so as they stand they block nothing; to check the moves,
    the test reads them again with TRANSP:OPAQUE.
    """
    sydney, berlin = ZoneInfo("Australia/Sydney"), ZoneInfo("Europe/Berlin")
    as_is = busy_of(
        ical_dir, "issue_62_moved_event_2", utc(2023, 8, 1), utc(2023, 9, 1), "Australia/Sydney"
    )
    assert sorted({local_day(p, sydney) for p in as_is}) == [8, 14, 22]
    august = opaque_busy(
        ical_dir, "issue_62_moved_event_2", utc(2023, 8, 1), utc(2023, 9, 1), "Australia/Sydney"
    )
    assert sorted(local_day(p, sydney) for p in august) == [8, 10, 14, 16, 22, 24]
    # the December event has no DTEND or DURATION: one zero-length occurrence on the 17th,
    # which blocks nothing even when opaque
    december = opaque_busy(
        ical_dir, "issue_62_moved_event", utc(2021, 12, 1), utc(2022, 1, 1), "UTC"
    )
    assert december == []
    data = (ical_dir / RECURRING / "issue_62_moved_event.ics").read_bytes()
    events = recurring_ical_events.of(icalendar.Calendar.from_ical(data)).between(
        utc(2021, 12, 1), utc(2022, 1, 1)
    )
    assert [(e.start.astimezone(berlin).day, e.end - e.start) for e in events] == [
        (17, timedelta(0))
    ]


def local_day(period, tz):
    return (utc(1970, 1, 1) + timedelta(minutes=period[1])).astimezone(tz).day


def opaque_busy(ical_dir, name, start, end, tz):
    data = (
        (ical_dir / RECURRING / f"{name}.ics")
        .read_bytes()
        .replace(b"TRANSP:TRANSPARENT", b"TRANSP:OPAQUE")
    )
    return ics_busy_periods(data, source=name, start=start, end=end, timezone=tz)


@pytest.mark.parametrize(
    ("name", "count"),
    [
        ("rdate_hackerpublicradio", 12),
        ("each_week_but_one_deleted", 7),
        ("each_week_but_two_deleted", 6),
    ],
)
def test_rdate_and_exdate_counts(ical_dir, name, count):
    """suite: test_rdate / test_deleted_entries."""
    periods = busy_of(ical_dir, name, utc(1970, 1, 1), utc(2100, 1, 1))
    assert len(periods) == count


def test_rdate_excluded_by_exdate(ical_dir):
    """suite: test_rdate: nothing on 2015-07-05 and 2025-07-05, one event on 2014-07-05."""
    for day, count in ((date(2014, 7, 5), 1), (date(2015, 7, 5), 0), (date(2025, 7, 5), 0)):
        start = datetime(day.year, day.month, day.day, tzinfo=UTC)
        assert len(busy_of(ical_dir, "rdate", start, start + timedelta(days=1))) == count


def test_x_wr_timezone_applies_to_floating_events(ical_dir):
    """suite: test_x_wr_timezone: 2021-12-22 12:00-13:00 New York is busy."""
    ny = ZoneInfo("America/New_York")
    periods = busy_of(
        ical_dir,
        "x_wr_timezone_simple_events_issue_59",
        utc(2021, 12, 22),
        utc(2021, 12, 24),
        "Asia/Tokyo",
    )
    assert busy_at(periods, datetime(2021, 12, 22, 12, tzinfo=ny))
    assert busy_at(periods, datetime(2021, 12, 22, 12, 59, tzinfo=ny))
    assert not busy_at(periods, datetime(2021, 12, 22, 11, 59, tzinfo=ny))
    assert not busy_at(periods, datetime(2021, 12, 22, 13, tzinfo=ny))


def test_exdates_do_not_block(ical_dir):
    """suite: test_issue_20_exdate_ignored."""
    periods = busy_of(ical_dir, "issue_20_exdate_ignored", utc(2019, 10, 1), utc(2020, 3, 1))
    for exdate in (utc(2019, 10, 15, 14, 15), utc(2019, 11, 5, 15, 15), utc(2019, 12, 31, 15, 15)):
        assert not busy_at(periods, exdate)
    assert busy_at(periods, utc(2019, 10, 29, 14, 15)) or busy_at(
        periods, utc(2019, 10, 29, 15, 15)
    )


def test_all_day_holidays_block_the_whole_local_day(ical_dir):
    periods = busy_of(ical_dir, "Germany", utc(2019, 1, 1), utc(2019, 1, 2), "Asia/Tokyo")
    tokyo = ZoneInfo("Asia/Tokyo")
    new_year = [p for p in periods if p[1] == minute(datetime(2019, 1, 1, tzinfo=tokyo))]
    assert new_year
    assert new_year[0][2] - new_year[0][1] == 1440


# -- the finder's blocked time equals the library's occurrences --------------------------------

CASES = [
    "daylight_saving_time",
    "issue_48_daylight_aware_repeats",
    "issue_48_dst",
    "rdate",
    "rdate_hackerpublicradio",
    "each_week_but_one_deleted",
    "each_week_but_two_deleted",
    "issue_20_exdate_ignored",
    "issue_62_moved_event",
    "issue_62_moved_event_2",
    "recurring_events_moved",
    "recurring_events_changed_duration",
    "three_events_one_edited",
    "issue_18_cancel_status",
    "x_wr_timezone_simple_events_issue_59",
    "issue_113_period_in_rdate",
    "issue_28_rrule_with_UTC_endinginZ",
    "duration",
    "one_day_event_repeat_every_day",
    "issue_173_only_modifications_error",
    "Germany_Holidays",
    "fablab_cottbus",
    "machbar_16_feb_2019",
    "issue_75_range_parameter",
    "issue_243_recurrence_id_is_not_identical_to_dtstart",
    "issue_253_additional_recurrence_id",
    "issue_148_exdate_and_rdate_updated",
    "multiple_rrule",
    "issue_164_duplicated_event",
    "same_event_recurring_at_same_time",
    "zero_size_event",
    "issue_201_mixed_datetime_and_date",
    "Germany",
    "issue_151_macos_linux_difference",
]


def _library_busy(path, start, end, tz):
    """Occurrences straight from recurring-ical-events, as a calendar app counts them, plus
    VFREEBUSY periods read with icalendar."""
    zone = ZoneInfo(tz)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        calendars = icalendar.Calendar.from_ical(path.read_bytes(), multiple=True)
        events = [e for c in calendars for e in recurring_ical_events.of(c).between(start, end)]
    firm, soft = [], []
    for event in events:
        if event.get("STATUS") == "CANCELLED" or event.get("TRANSP") == "TRANSPARENT":
            continue
        bounds = [minute(_aware(value, zone)) for value in (event.start, event.end)]
        (soft if event.get("STATUS") == "TENTATIVE" else firm).append(tuple(bounds))
    for component in (f for c in calendars for f in c.walk("VFREEBUSY")):
        values = component.get("FREEBUSY", [])
        for period in values if isinstance(values, list) else [values]:
            kind = period.params.get("FBTYPE", "BUSY")
            begin, finish = period.dt
            finish = begin + finish if isinstance(finish, timedelta) else finish
            begin, finish = _aware(begin, zone), _aware(finish, zone)
            if kind != "FREE" and begin < end and finish > start:
                pair = (minute(begin), minute(finish))
                (soft if kind == "BUSY-TENTATIVE" else firm).append(pair)
    return merge_intervals(as_intervals(firm)), merge_intervals(as_intervals(soft))


def _aware(value, zone):
    """Dates are local midnights and floating times local wall times of the reader's zone."""
    if not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day, tzinfo=zone)
    return value.replace(tzinfo=zone) if value.tzinfo is None else value


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("tz", ["Europe/Berlin", "America/Los_Angeles"])
def test_finder_busy_equals_library_occurrences(ical_dir, name, tz):
    path = ical_dir / RECURRING / f"{name}.ics"
    start, end = utc(2012, 1, 1), utc(2026, 1, 1)
    busy = read_ics_file_busy(path, start=start, end=end, timezone=tz)
    person = MeetingParticipant("p", tz, working_hours=ALL_DAY, busy=(busy,))
    request = MeetingRequest(15, start, end, ("p",), within_working_hours=True)
    search = prepare_search(request, [person], start)
    low, high = minute(start), minute(end)
    firm, soft = _library_busy(path, start, end, tz)
    blocked = clip_intervals(search.required[0].blocked, low, high)
    np.testing.assert_array_equal(blocked, clip_intervals(firm, low, high))
    tentative = clip_intervals(search.required[0].tentative, low, high)
    np.testing.assert_array_equal(tentative, clip_intervals(soft, low, high))


# -- VFREEBUSY ---------------------------------------------------------------------------------


def test_freebusy_periods_by_fbtype(tmp_path):
    path = tmp_path / "fb.ics"
    path.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:t\r\nBEGIN:VFREEBUSY\r\n"
        "DTSTART:20250101T000000Z\r\nDTEND:20250102T000000Z\r\n"
        "FREEBUSY:20250101T100000Z/20250101T120000Z,20250101T140000Z/PT30M\r\n"
        "FREEBUSY;FBTYPE=BUSY-TENTATIVE:20250101T150000Z/20250101T160000Z\r\n"
        "FREEBUSY;FBTYPE=FREE:20250101T170000Z/20250101T180000Z\r\n"
        "FREEBUSY;FBTYPE=BUSY-UNAVAILABLE:20250101T200000Z/20250101T210000Z\r\n"
        "END:VFREEBUSY\r\nEND:VCALENDAR\r\n"
    )
    busy = read_ics_file_busy(path, start=utc(2025, 1, 1), end=utc(2025, 1, 2))
    m = minute(utc(2025, 1, 1))
    assert busy.firm.tolist() == [[m + 600, m + 720], [m + 840, m + 870], [m + 1200, m + 1260]]
    assert busy.tentative.tolist() == [[m + 900, m + 960]]


def test_freebusy_reference_file(ical_dir):
    path = ical_dir / ICALENDAR / "issue_1081_freebusy_comma_separated.ics"
    busy = read_ics_file_busy(path, start=utc(2025, 1, 1), end=utc(2025, 1, 2))
    m = minute(utc(2025, 1, 1))
    assert busy.firm.tolist() == [[m + 600, m + 720], [m + 840, m + 960]]


def test_tentative_and_transparent_events(tmp_path):
    path = tmp_path / "t.ics"
    path.write_text(
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:t\n"
        "BEGIN:VEVENT\nUID:a\nDTSTART:20250101T100000Z\nDTEND:20250101T110000Z\nSTATUS:TENTATIVE\nEND:VEVENT\n"
        "BEGIN:VEVENT\nUID:b\nDTSTART:20250101T120000Z\nDTEND:20250101T130000Z\nTRANSP:TRANSPARENT\nEND:VEVENT\n"
        "BEGIN:VEVENT\nUID:c\nDTSTART:20250101T140000Z\nDTEND:20250101T150000Z\nSTATUS:CANCELLED\nEND:VEVENT\n"
        "BEGIN:VEVENT\nUID:d\nDTSTART:20250101T160000Z\nDURATION:PT45M\nEND:VEVENT\n"
        "END:VCALENDAR\n"
    )
    periods = ics_busy_periods(
        path.read_text(), source="t", start=utc(2025, 1, 1), end=utc(2025, 1, 2)
    )
    m = minute(utc(2025, 1, 1))
    assert sorted(p[:3] for p in periods) == [
        (BusyKind.BUSY, m + 960, m + 1005),
        (BusyKind.TENTATIVE, m + 600, m + 660),
    ]


# -- malformed files -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("folder", "name", "line", "words"),
    [
        (ICALENDAR, "broken_dtstart", 6, "DTSTART"),
        (ICALENDAR, "invalid_duration", 8, "DURATION"),
        (ICALENDAR, "issue_1081_invalid_rrule_freq", 7, "RRULE"),
        (ICALENDAR, "parsing_error", 19, "EXDATE"),
        (ICALENDAR, "timezone_same_start_and_offset", 23, "END:VCALENDARD"),
        (ICALENDAR, "big_bad_calendar", 1, "never ends"),
        (ICALENDAR, "issue_104_broken_calendar", 13, "'X'"),
        (ICALENDAR, "issue_1050_uid_in_description", 4, "without DTSTART"),
        (ICALENDAR, "parsing_error_in_UTC_offset", 7, "Offset"),
        (RECURRING, "bad_rrule_missing_until_event", 9, "UNTIL"),
    ],
)
def test_malformed_file_error_names_file_and_line(ical_dir, folder, name, line, words):
    path = ical_dir / folder / f"{name}.ics"
    with pytest.raises(CalendarFileError) as info:
        read_ics_file_busy(path, start=utc(1990, 1, 1), end=utc(2030, 1, 1))
    assert info.value.path == str(path)
    assert info.value.line == line
    assert words in str(info.value)
    assert f"{path}, line {line}:" in str(info.value)


def test_one_bad_file_does_not_stop_the_others(ical_dir):
    good = ical_dir / RECURRING / "daylight_saving_time.ics"
    bad = ical_dir / ICALENDAR / "broken_dtstart.ics"
    missing = ical_dir / "no_such_file.ics"
    read = read_busy_calendars([bad, good, missing], start=utc(2019, 1, 1), end=utc(2019, 12, 31))
    assert [b.source for b in read.busy] == [str(good)]
    assert [(e.path, e.line) for e in read.errors] == [(str(bad), 6), (str(missing), None)]
    assert len(read.busy[0].firm) > 0


def test_owner_reply_counts_like_a_calendar_app():
    events = "".join(
        f"BEGIN:VEVENT\nUID:{uid}\nDTSTART:20250101T{hour}0000Z\nDTEND:20250101T{hour}3000Z\n"
        f"ATTENDEE;PARTSTAT={reply}:mailto:Ana@Example.com\nEND:VEVENT\n"
        for uid, hour, reply in (
            ("a", "09", "DECLINED"),
            ("b", "10", "TENTATIVE"),
            ("c", "11", "NEEDS-ACTION"),
            ("d", "12", "ACCEPTED"),
        )
    )
    data = f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:t\n{events}END:VCALENDAR\n"
    day = utc(2025, 1, 1)
    m = minute(day)
    as_owner = ics_busy_periods(
        data, source="t", start=day, end=utc(2025, 1, 2), owner="ana@example.com"
    )
    assert sorted(p[:3] for p in as_owner) == [
        (BusyKind.BUSY, m + 720, m + 750),
        (BusyKind.TENTATIVE, m + 600, m + 630),
        (BusyKind.TENTATIVE, m + 660, m + 690),
    ]
    ignoring_replies = ics_busy_periods(data, source="t", start=day, end=utc(2025, 1, 2))
    assert [p[0] for p in ignoring_replies] == [BusyKind.BUSY] * 4


def _all_reference_files():
    from conftest import benchdata_dir  # the project's root conftest, importable under pytest

    root = benchdata_dir() / "ical"
    return sorted(root.rglob("*.ics")) if root.is_dir() else []


@pytest.mark.parametrize("path", _all_reference_files(), ids=lambda p: p.name)
def test_every_reference_file_reads_exactly_or_fails_with_file_and_line(ical_dir, path):
    """All 258 files: either the busy time equals the library's occurrences, or a
    CalendarFileError names the file and a line."""
    start, end = utc(2012, 1, 1), utc(2026, 1, 1)
    busy, error = _read_or_error(path, start, end)
    if error is not None:
        assert error.path == str(path)
        assert error.line is not None
        assert 1 <= error.line <= len(path.read_bytes().splitlines())
        assert str(error).startswith(f"{path}, line {error.line}: ")
        return
    firm, soft = _library_busy(path, start, end, "Europe/Berlin")
    low, high = minute(start), minute(end)
    np.testing.assert_array_equal(
        clip_intervals(busy.firm, low, high), clip_intervals(firm, low, high)
    )
    np.testing.assert_array_equal(
        clip_intervals(busy.tentative, low, high), clip_intervals(soft, low, high)
    )


def _read_or_error(path, start, end):
    try:
        return read_ics_file_busy(path, start=start, end=end, timezone="Europe/Berlin"), None
    except CalendarFileError as error:
        return None, error
