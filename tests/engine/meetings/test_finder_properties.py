"""Property-based checks of the finder against a brute-force minute scan written with zoneinfo."""

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem.engine.meetings import (
    BusyKind,
    BusyPeriod,
    BusyTimes,
    MeetingParticipant,
    MeetingRequest,
    MeetingResource,
    find_meeting_slots,
)

ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Sydney"]
# windows around DST changes (EU 31 March, US 10 March, Sydney 7 April 2024) and a quiet week
WINDOW_STARTS = [
    datetime(2024, 3, 29, tzinfo=UTC),
    datetime(2024, 3, 8, tzinfo=UTC),
    datetime(2024, 4, 5, tzinfo=UTC),
    datetime(2024, 6, 10, tzinfo=UTC),
]
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def minute_of(value):
    return int((value - EPOCH).total_seconds() // 60)


@st.composite
def day_hours(draw):
    # working time between 05:00 and 23:00 local, so no boundary falls in a DST gap
    cuts = sorted(draw(st.lists(st.integers(5 * 4, 23 * 4), min_size=0, max_size=4, unique=True)))
    cuts = cuts[: len(cuts) // 2 * 2]
    return tuple((a * 15, b * 15) for a, b in zip(cuts[::2], cuts[1::2], strict=True))


@st.composite
def people_and_request(draw):
    window_start = draw(st.sampled_from(WINDOW_STARTS)) + timedelta(
        minutes=15 * draw(st.integers(0, 8))
    )
    window_days = draw(st.integers(1, 2))
    occurrences = draw(st.integers(1, 2))
    span = (window_days + 7 * (occurrences - 1) + 1) * 1440
    count = draw(st.integers(1, 4))
    people = []
    raw_periods = []
    for index in range(count):
        week = tuple(draw(day_hours()) for _ in range(7))
        periods = []
        for _ in range(draw(st.integers(0, 6))):
            start = window_start + timedelta(minutes=draw(st.integers(-120, span)))
            length = timedelta(minutes=draw(st.integers(1, 300)))
            kind = draw(
                st.sampled_from([BusyKind.BUSY, BusyKind.BUSY, BusyKind.TENTATIVE, BusyKind.FOCUS])
            )
            periods.append(BusyPeriod(start, start + length, kind))
        raw_periods.append(tuple(periods))
        day_off = draw(st.none() | st.integers(0, window_days))
        people.append(
            MeetingParticipant(
                f"p{index}",
                draw(st.sampled_from(ZONES)),
                working_hours=week,
                days_off=frozenset()
                if day_off is None
                else frozenset({(window_start + timedelta(days=day_off)).date()}),
                busy=(BusyTimes.from_periods("cal", periods),),
                earliest=draw(st.none() | st.integers(6, 11).map(lambda h: h * 60)),
            )
        )
    required_count = draw(st.integers(1, count))
    room_busy = [
        BusyPeriod(s, s + timedelta(minutes=draw(st.integers(15, 240))))
        for s in (
            window_start + timedelta(minutes=draw(st.integers(0, span)))
            for _ in range(draw(st.integers(0, 2)))
        )
    ]
    room = MeetingResource("room", (BusyTimes.from_periods("room", room_busy),))
    request = MeetingRequest(
        duration_minutes=draw(st.sampled_from([15, 30, 45, 60, 90])),
        window_start=window_start,
        window_end=window_start + timedelta(days=window_days),
        required=tuple(p.id for p in people[:required_count]),
        optional=tuple(p.id for p in people[required_count:]),
        resources=("room",) if draw(st.booleans()) else (),
        min_notice_minutes=draw(st.sampled_from([0, 0, 90, 600])),
        buffer_minutes=draw(st.sampled_from([0, 0, 10, 15])),
        granularity_minutes=draw(st.sampled_from([5, 15, 30])),
        latest=draw(st.none() | st.integers(15, 22).map(lambda h: h * 60)),
        within_working_hours=draw(st.booleans()),
        tentative_blocks=draw(st.booleans()),
        occurrences=occurrences,
        timezone=draw(st.sampled_from(ZONES)),
        max_results=100_000,
    )
    raw = {p.id: periods for p, periods in zip(people, raw_periods, strict=True)}
    return people, request, room, raw, room_busy


def brute_force_starts(people, request, raw, room_busy, now):
    """Every start where all required people and the room are free, minute by minute."""
    by_id = {p.id: p for p in people}
    periods = {
        pid: [(minute_of(x.start), minute_of(x.end), x.kind) for x in ps] for pid, ps in raw.items()
    }
    room_periods = [(minute_of(x.start), minute_of(x.end)) for x in room_busy]

    @cache
    def person_minute_ok(pid, t):
        person = by_id[pid]
        local = (EPOCH + timedelta(minutes=t)).astimezone(ZoneInfo(person.timezone))
        of_day = local.hour * 60 + local.minute
        if local.date() in person.days_off:
            return False
        bounds = [v for v in (person.earliest, request.earliest) if v is not None]
        if bounds and of_day < max(bounds):
            return False
        if request.latest is not None and of_day >= request.latest:
            return False
        if request.within_working_hours:
            return any(a <= of_day < b for a, b in person.working_hours[local.weekday()])
        return True

    def free(pid, start, length):
        pad = request.buffer_minutes
        for a, b, kind in periods[pid]:
            blocks = kind is not BusyKind.TENTATIVE or request.tentative_blocks
            if blocks and a - pad < start + length and b + pad > start:
                return False
        return all(person_minute_ok(pid, t) for t in range(start, start + length))

    def room_free(start, length):
        return not request.resources or all(
            not (a < start + length and b > start) for a, b in room_periods
        )

    meeting_zone = ZoneInfo(request.timezone)
    step, length = request.granularity_minutes, request.duration_minutes
    first = max(
        minute_of(request.window_start),
        minute_of(now + timedelta(minutes=request.min_notice_minutes)),
    )
    last = minute_of(request.window_end) - length
    found = []
    for start in range(-(-first // step) * step, last + 1, step):
        wall = (EPOCH + timedelta(minutes=start)).astimezone(meeting_zone).replace(tzinfo=None)
        occurrences = [start] + [
            minute_of((wall + timedelta(weeks=k)).replace(tzinfo=meeting_zone))
            for k in range(1, request.occurrences)
        ]
        if all(
            free(pid, o, length) and room_free(o, length)
            for pid in request.required
            for o in occurrences
        ):
            found.append(start)
    return found


@st.composite
def cases(draw):
    people, request, room, raw, room_busy = draw(people_and_request())
    now = request.window_start - timedelta(minutes=draw(st.integers(0, 300)))
    return people, request, room, raw, room_busy, now


SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(cases())
def test_finder_finds_exactly_the_brute_force_starts(case):
    people, request, room, raw, room_busy, now = case
    result = find_meeting_slots(request, people, now=now, resources=[room], explain=False)
    expected = brute_force_starts(people, request, raw, room_busy, now)
    assert sorted(minute_of(s.start) for s in result.slots) == expected
    assert result.candidates_considered == len(expected)


@SETTINGS
@given(cases())
def test_slots_never_overlap_required_busy_time_or_leave_working_hours(case):
    people, request, room, raw, room_busy, now = case
    result = find_meeting_slots(request, people, now=now, resources=[room], explain=False)
    by_id = {p.id: p for p in people}
    pad = timedelta(minutes=request.buffer_minutes)
    for slot in result.slots:
        for start, end in slot.occurrences:
            assert end - start == timedelta(minutes=request.duration_minutes)
            for pid in request.required:
                for period in raw[pid]:
                    if period.kind is not BusyKind.TENTATIVE or request.tentative_blocks:
                        assert not (period.start - pad < end and period.end + pad > start)
                if request.within_working_hours:
                    tz = ZoneInfo(by_id[pid].timezone)
                    local_start, local_end = start.astimezone(tz), end.astimezone(tz)
                    hours = by_id[pid].working_hours[local_start.weekday()]
                    begin = local_start.hour * 60 + local_start.minute
                    finish = begin + request.duration_minutes
                    assert any(a <= begin and finish <= b for a, b in hours)
                    assert local_end.date() == local_start.date() or finish == 1440
        assert set(request.required) <= set(slot.free)


@SETTINGS
@given(cases(), st.randoms(use_true_random=False))
def test_results_do_not_depend_on_the_order_of_people_or_events(case, rnd: random.Random):
    people, request, room, raw, room_busy, now = case
    request = replace(request, max_results=25)
    base = find_meeting_slots(request, people, now=now, resources=[room])
    shuffled_people = [
        replace(p, busy=(BusyTimes.from_periods("cal", rnd.sample(raw[p.id], len(raw[p.id]))),))
        for p in rnd.sample(people, len(people))
    ]
    shuffled = replace(
        request,
        required=tuple(rnd.sample(request.required, len(request.required))),
        optional=tuple(rnd.sample(request.optional, len(request.optional))),
    )
    other = find_meeting_slots(shuffled, shuffled_people, now=now, resources=[room])
    assert [summary(s) for s in base.slots] == [summary(s) for s in other.slots]
    assert [relaxed(r) for r in base.relaxations] == [relaxed(r) for r in other.relaxations]
    assert base.blockers == other.blockers


def relaxed(relaxation):
    return (
        relaxation.kind,
        relaxation.participant_id,
        relaxation.resource_id,
        relaxation.minutes,
        relaxation.occurrences,
        summary(relaxation.first_slot),
    )


def summary(slot):
    return (
        slot.start,
        slot.occurrences,
        frozenset(slot.free),
        frozenset(slot.optional_busy),
        frozenset(slot.tentative_conflicts),
        frozenset(slot.outside_working_hours),
        slot.fairness_penalty,
    )


def _relaxed_request(request, relaxation):
    kind = relaxation.kind
    if kind == "make_optional":
        pid = relaxation.participant_id
        required = tuple(i for i in request.required if i != pid)
        return replace(request, required=required, optional=(*request.optional, pid))
    if kind == "drop_optional":
        pid = relaxation.participant_id
        return replace(request, optional=tuple(i for i in request.optional if i != pid))
    if kind == "drop_resource":
        return replace(request, resources=())
    if kind == "ignore_working_hours":
        return replace(request, within_working_hours=False)
    if kind == "ignore_time_of_day":
        return replace(request, earliest=None, latest=None)
    if kind == "extend_window":
        return replace(
            request, window_end=request.window_end + timedelta(minutes=relaxation.minutes)
        )
    if kind == "shorten_meeting":
        return replace(request, duration_minutes=relaxation.minutes)
    assert kind == "fewer_occurrences"
    return replace(request, occurrences=relaxation.occurrences)


@SETTINGS
@given(cases())
def test_every_relaxation_holds_when_searched_from_scratch(case):
    people, request, room, raw, room_busy, now = case
    request = replace(request, max_results=1)
    result = find_meeting_slots(request, people, now=now, resources=[room])
    for relaxation in result.relaxations:
        relaxed = _relaxed_request(request, relaxation)
        again = find_meeting_slots(relaxed, people, now=now, resources=[room], explain=False)
        assert again.slots, relaxation.kind
        assert summary(again.slots[0]) == summary(relaxation.first_slot)
        if relaxation.kind == "drop_optional":
            assert again.slots[0].optional_busy == ()
        # the nearest of its kind: one step less does not work
        if relaxation.kind == "extend_window" and relaxation.minutes > request.granularity_minutes:
            less = replace(
                relaxed,
                window_end=relaxed.window_end - timedelta(minutes=request.granularity_minutes),
            )
            assert not find_meeting_slots(
                less, people, now=now, resources=[room], explain=False
            ).slots
        if relaxation.kind == "shorten_meeting":
            longer = relaxation.minutes + request.granularity_minutes
            if longer < request.duration_minutes:
                more = replace(relaxed, duration_minutes=longer)
                assert not find_meeting_slots(
                    more, people, now=now, resources=[room], explain=False
                ).slots
