"""Meeting-slot finder benchmark on real iCalendar feeds.

``tandem bench meetings -- --people 5,20,100 --repeat 7``

Real feeds from the reference data (``ical/``; recurring events, RDATE/EXDATE, moved instances,
all-day holidays) are parsed once for the year where each has most events (parse time reported
per feed), then replicated across people: every person gets two feeds shifted by whole weeks into
2025 (weekdays kept) plus a personal shift of 0-3 h, Tandem meetings and focus blocks, a zone
from Europe/America/Asia and split working hours for some. The window is two weeks across the
EU daylight-saving change (2025-03-24 .. 2025-04-07).

Scenarios per size: the best 10 one-hour slots with 5 required people and the rest optional
(targets: 20 people < 50 ms, 100 people < 300 ms); everyone required (often no slot: the time
then includes the explanation and its verified relaxations); a weekly meeting for
``--occurrences`` weeks (default 4).
Find times are medians over ``--repeat`` runs after one warm-up. Every slot returned is checked
against the required people's busy time; a violation fails the run (exit status 1).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np

from tandem.engine.meetings import (
    BusyKind,
    BusyPeriod,
    BusyTimes,
    MeetingParticipant,
    MeetingRequest,
    MeetingSearchResult,
    find_meeting_slots,
    read_ics_file_busy,
)
from tandem.engine.meetings.intervals import minutes_from_datetime

FEED_DIR = "ical/recurring-ical-events-3.8.2/recurring_ical_events/test/calendars"
# (file, year with most events)
FEEDS = (
    ("issue_173_only_modifications_error", 2024),
    ("daylight_saving_time", 2020),
    ("machbar_16_feb_2019", 2020),
    ("issue_75_range_parameter", 2025),
    ("issue_48_daylight_aware_repeats", 2024),
    ("fablab_cottbus", 2018),
    ("multiple_rrule", 2023),
    ("Germany", 2017),
)
# the first five (the required people) overlap in Europe; the rest reach into America and Asia
ZONES = (
    "Europe/Berlin",
    "Europe/London",
    "Europe/Madrid",
    "Europe/Helsinki",
    "Europe/Lisbon",
    "America/New_York",
    "America/Chicago",
    "Asia/Kolkata",
)
YEAR = 2025
WINDOW_START = datetime(2025, 3, 24, tzinfo=UTC)
WINDOW_END = datetime(2025, 4, 7, tzinfo=UTC)
TARGET_MS = {5: 50.0, 20: 50.0, 100: 300.0}
STANDARD = (((9 * 60, 17 * 60),),) * 5 + ((), ())
SPLIT = (((8 * 60 + 30, 12 * 60), (13 * 60, 17 * 60 + 30)),) * 5 + ((), ())


def _default_benchdata() -> Path:
    env = os.environ.get("TANDEM_BENCHDATA")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3].parent / "shared" / "benchdata"


@dataclass(frozen=True)
class ParsedFeed:
    name: str
    busy: BusyTimes
    seconds: float
    week_shift: int  # minutes, whole weeks into YEAR


def parse_feeds(benchdata: Path) -> list[ParsedFeed]:
    feeds = []
    for name, year in FEEDS:
        path = benchdata / FEED_DIR / f"{name}.ics"
        started = time.perf_counter()
        busy = read_ics_file_busy(
            path,
            start=datetime(year, 1, 1, tzinfo=UTC),
            end=datetime(year + 1, 1, 1, tzinfo=UTC),
            timezone="Europe/Berlin",
        )
        seconds = time.perf_counter() - started
        weeks = round((date(YEAR, 1, 1) - date(year, 1, 1)).days / 7)
        feeds.append(ParsedFeed(name, busy, seconds, weeks * 7 * 1440))
    return feeds


def _shifted(feed: ParsedFeed, minutes: int, owner: str) -> BusyTimes:
    shift = feed.week_shift + minutes
    return BusyTimes(
        f"{feed.name}@{owner}", feed.busy.firm + shift, feed.busy.tentative + shift, feed.busy.count
    )


def _tandem_busy(rnd: random.Random, owner: str) -> tuple[BusyTimes, BusyTimes]:
    """About four meetings (30-90 min) and two 2-hour focus blocks per week over the year."""
    meetings, focus = [], []
    day = datetime(YEAR, 1, 1, tzinfo=UTC)
    while day.year == YEAR:
        if day.weekday() < 5:
            if rnd.random() < 0.8:
                start = day + timedelta(minutes=rnd.randrange(7 * 60, 17 * 60, 15))
                meetings.append(
                    BusyPeriod(start, start + timedelta(minutes=rnd.choice((30, 60, 90))))
                )
            if rnd.random() < 0.4:
                start = day + timedelta(minutes=rnd.randrange(6 * 60, 10 * 60, 30))
                focus.append(BusyPeriod(start, start + timedelta(hours=2), BusyKind.FOCUS))
        day += timedelta(days=1)
    return (
        BusyTimes.from_periods(f"tandem@{owner}", meetings),
        BusyTimes.from_periods(f"focus@{owner}", focus),
    )


def build_people(feeds: list[ParsedFeed], count: int, seed: int = 7) -> list[MeetingParticipant]:
    rnd = random.Random(seed)  # noqa: S311 - reproducible test data, not security
    people = []
    for index in range(count):
        pid = f"person-{index:03d}"
        first, second = feeds[index % len(feeds)], feeds[(index * 3 + 1) % len(feeds)]
        shift = (index * 25) % 180
        meetings, focus = _tandem_busy(rnd, pid)
        days_off = (
            frozenset({date(2025, 3, 24) + timedelta(days=rnd.randrange(14))})
            if rnd.random() < 0.1
            else frozenset()
        )
        people.append(
            MeetingParticipant(
                pid,
                ZONES[index % len(ZONES)],
                working_hours=SPLIT if index % 3 == 2 else STANDARD,
                days_off=days_off,
                busy=(
                    _shifted(first, shift, pid),
                    _shifted(second, shift + 7 * 1440, pid),
                    meetings,
                    focus,
                ),
            )
        )
    return people


def _time_find(
    request: MeetingRequest, people: list[MeetingParticipant], repeat: int
) -> tuple[float, float, MeetingSearchResult]:
    now = WINDOW_START - timedelta(days=1)
    result = find_meeting_slots(request, people, now=now)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = find_meeting_slots(request, people, now=now)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), min(times), result


def _violations(
    result: MeetingSearchResult, request: MeetingRequest, people: list[MeetingParticipant]
) -> int:
    by_id = {p.id: p for p in people}
    bad = 0
    for slot in result.slots:
        for start, end in slot.occurrences:
            a, b = minutes_from_datetime(start), minutes_from_datetime(end)
            for pid in request.required:
                for times in by_id[pid].busy:
                    firm = times.firm
                    if np.any(
                        (firm[:, 0] < b + request.buffer_minutes)
                        & (firm[:, 1] > a - request.buffer_minutes)
                    ):
                        bad += 1
    return bad


def _describe(result: MeetingSearchResult) -> str:
    if result.slots:
        first = result.slots[0]
        return (
            f"{len(result.slots)} slots of {result.candidates_considered} candidates, best "
            f"{first.start:%a %d %b %H:%M} UTC, optional busy {len(first.optional_busy)}, "
            f"fairness {first.fairness_penalty:.1f}"
        )
    blockers = "; ".join(f"{b.kind} {b.subject}" for b in result.blockers[:3])
    fixes = "; ".join(r.description for r in result.relaxations[:4])
    return f"no slot; blockers: {blockers}; relaxations: {fixes}"


def run_size(feeds: list[ParsedFeed], size: int, repeat: int, occurrences: int) -> int:
    people = build_people(feeds, size)
    ids = tuple(p.id for p in people)
    required = ids[: min(5, size)]
    base = MeetingRequest(
        60,
        WINDOW_START,
        WINDOW_END,
        required,
        ids[len(required) :],
        buffer_minutes=10,
        granularity_minutes=15,
        max_results=10,
    )
    scenarios = [
        ("best 10, 5 required", base),
        ("best 10, all required", replace(base, required=ids, optional=())),
        (
            f"weekly x{occurrences}, 5 required",
            replace(base, occurrences=occurrences, timezone="Europe/Berlin"),
        ),
    ]
    failures = 0
    for label, request in scenarios:
        median, fastest, result = _time_find(request, people, repeat)
        target = TARGET_MS.get(size)
        verdict = ""
        if label.startswith("best 10, 5") and target is not None:
            verdict = f" (target {target:.0f} ms: {'met' if median < target else 'MISSED'})"
        bad = _violations(result, request, people)
        failures += bad
        print(
            f"  {size:>3} people, {label:<22} median {median:7.1f} ms, min {fastest:7.1f} ms"
            f"{verdict}; {_describe(result)}" + (f"; {bad} BUSY OVERLAPS" if bad else "")
        )
    return failures


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="tandem bench meetings", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--people", default="5,20,100", help="comma-separated sizes")
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per scenario")
    parser.add_argument("--occurrences", type=int, default=4, help="weekly scenario length")
    parser.add_argument("--benchdata", type=Path, default=_default_benchdata())
    args = parser.parse_args(argv)
    if not (args.benchdata / FEED_DIR).is_dir():
        print(f"reference data not found at {args.benchdata} (set TANDEM_BENCHDATA)")
        return 1
    feeds = parse_feeds(args.benchdata)
    seconds = sum(f.seconds for f in feeds)
    total = sum(f.busy.count for f in feeds)
    print(
        f"parse: {len(feeds)} feeds, {total} busy occurrences (a year of each), "
        f"{seconds * 1000:.0f} ms in all"
    )
    for feed in feeds:
        print(f"  {feed.name}: {feed.busy.count} occurrences, {feed.seconds * 1000:.0f} ms")
    failures = 0
    for size in (int(s) for s in args.people.split(",")):
        failures += run_size(feeds, size, args.repeat, args.occurrences)
    return 1 if failures else 0
