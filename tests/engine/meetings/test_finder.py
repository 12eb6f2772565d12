from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from tandem.engine.meetings import (
    BusyKind,
    BusyPeriod,
    BusyTimes,
    CalendarFileError,
    MeetingParticipant,
    MeetingRequest,
    MeetingRequestError,
    MeetingResource,
    find_meeting_slots,
)

from .conftest import T0

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def busy(*pairs, kind=BusyKind.BUSY, source="tandem"):
    return BusyTimes.from_periods(source, [BusyPeriod(a, b, kind) for a, b in pairs])


def at(day, hour, minute=0, tz=UTC):
    return datetime(2024, 3, day, hour, minute, tzinfo=tz)


def request(required, optional=(), days=5, **kw):
    return MeetingRequest(
        kw.pop("duration", 60),
        T0,
        T0 + timedelta(days=days),
        tuple(required),
        tuple(optional),
        **kw,
    )


def test_first_slot_avoids_busy_time_and_respects_working_hours():
    ana = MeetingParticipant("ana", busy=(busy((at(4, 9), at(4, 11))),))
    top = find_meeting_slots(request(["ana"]), [ana], now=T0)
    assert len(top.slots) == 10
    assert all(s.start.date() == date(2024, 3, 4) for s in top.slots)
    # within the first day the slot nearest mid-day (13:00, so 12:30-13:30) comes first
    assert top.slots[0].start == at(4, 12, 30)
    result = find_meeting_slots(request(["ana"], max_results=500), [ana], now=T0)
    monday = [s.start for s in result.slots if s.start.day == 4]
    assert min(monday) == at(4, 11)
    assert max(monday) == at(4, 16)
    assert len(result.slots) == 21 + 4 * 29


def test_split_working_hours_exclude_the_lunch_break():
    week = (((9 * 60, 12 * 60), (13 * 60, 17 * 60 + 30)),) * 5 + ((), ())
    ana = MeetingParticipant("ana", working_hours=week)
    result = find_meeting_slots(request(["ana"], duration=120, max_results=200), [ana], now=T0)
    starts = {s.start for s in result.slots if s.start.day == 4}
    assert at(4, 10) in starts
    assert at(4, 10, 15) not in starts  # would run into 12:00-13:00
    assert at(4, 15, 30) in starts  # ends exactly at 17:30
    assert at(4, 15, 45) not in starts


def test_time_zones_give_the_common_hours_and_local_times():
    ana = MeetingParticipant("ana", "Europe/Berlin")
    bob = MeetingParticipant("bob", "America/New_York")
    result = find_meeting_slots(request(["ana", "bob"]), [ana, bob], now=T0)
    first = result.slots[0]
    # Berlin 9-17 is 08-16 UTC, New York 9-17 is 14-22 UTC in March before US DST
    assert at(4, 14) <= first.start <= at(4, 15)
    local = {t.participant_id: t for t in first.local_times}
    assert local["bob"].local_start == first.start.astimezone(NEW_YORK)
    assert local["ana"].local_start.utcoffset() == timedelta(hours=1)


def test_days_off_and_min_notice_and_buffer():
    ana = MeetingParticipant(
        "ana", days_off=frozenset({date(2024, 3, 4)}), busy=(busy((at(5, 10), at(5, 11))),)
    )
    result = find_meeting_slots(
        request(["ana"], buffer_minutes=15, min_notice_minutes=24 * 60 + 60), [ana], now=T0
    )
    # the 4th is off; notice puts the earliest start at 01:00 on the 5th; 09:00 fits before the
    # 10:00 meeting only if it ends by 09:45, so the first slot is 11:15
    starts = [s.start for s in result.slots]
    assert min(starts) == at(5, 11, 15)


def test_optional_conflicts_rank_after_clean_slots_and_are_reported():
    ana = MeetingParticipant("ana")
    bob = MeetingParticipant("bob", busy=(busy((at(4, 9), at(4, 17))),))
    result = find_meeting_slots(request(["ana"], ["bob"]), [ana, bob], now=T0)
    first = result.slots[0]
    assert first.start.date() == date(2024, 3, 5)
    assert first.optional_busy == ()
    ranked_monday = find_meeting_slots(request(["ana"], ["bob"], days=1), [ana, bob], now=T0)
    assert ranked_monday.slots[0].optional_busy == ("bob",)
    assert ranked_monday.slots[0].free == ("ana",)


def test_tentative_is_soft_unless_asked_to_block():
    ana = MeetingParticipant("ana", busy=(busy((at(4, 9), at(4, 17)), kind=BusyKind.TENTATIVE),))
    soft = find_meeting_slots(request(["ana"], days=1), [ana], now=T0)
    assert soft.slots[0].tentative_conflicts == ("ana",)
    hard = find_meeting_slots(request(["ana"], days=1, tentative_blocks=True), [ana], now=T0)
    assert hard.slots == ()


def test_rooms_must_be_free():
    room = MeetingResource("room-1", busy=(busy((at(4, 9), at(4, 12))),))
    ana = MeetingParticipant("ana")
    result = find_meeting_slots(
        request(["ana"], resources=("room-1",), max_results=100), [ana], now=T0, resources=[room]
    )
    assert min(s.start for s in result.slots) == at(4, 12)


def test_earliest_and_latest_local_time():
    ana = MeetingParticipant("ana", "Europe/Berlin", latest=16 * 60)
    bob = MeetingParticipant("bob", "America/New_York")
    # Berlin until 16:00 = 15:00 UTC; New York from 09:00 = 14:00 UTC
    result = find_meeting_slots(request(["ana", "bob"], max_results=50), [ana, bob], now=T0)
    assert {s.start for s in result.slots if s.start.day == 4} == {at(4, 14)}
    earlier = find_meeting_slots(request(["ana"], earliest=14 * 60), [ana], now=T0)
    assert earlier.slots[0].local_times[0].local_start.hour == 14


def test_recurring_meeting_keeps_wall_time_across_dst():
    ana = MeetingParticipant("ana", "Europe/Berlin")
    # a one-off on Monday 1 April (after DST began on 31 March) takes 09:00-10:00 Berlin
    blocker = busy(
        (datetime(2024, 4, 1, 9, tzinfo=BERLIN), datetime(2024, 4, 1, 10, tzinfo=BERLIN))
    )
    ana = MeetingParticipant("ana", "Europe/Berlin", busy=(blocker,))
    req = request(["ana"], days=1, occurrences=6, timezone="Europe/Berlin", max_results=100)
    result = find_meeting_slots(req, [ana], now=T0)
    earliest = min(result.slots, key=lambda s: s.start)
    local = [a.astimezone(BERLIN) for a, _ in earliest.occurrences]
    assert [(t.day, t.hour) for t in local] == [
        (4, 10),
        (11, 10),
        (18, 10),
        (25, 10),
        (1, 10),
        (8, 10),
    ]
    offsets = [t.utcoffset() for t in local]
    assert offsets == [timedelta(hours=1)] * 4 + [timedelta(hours=2)] * 2
    # single meetings at 09:00 on 4 March still exist
    single = find_meeting_slots(request(["ana"], days=1, max_results=100), [ana], now=T0)
    assert min(s.start for s in single.slots).astimezone(BERLIN).hour == 9


def test_fairness_prefers_the_balanced_hour():
    ana = MeetingParticipant("ana", "Europe/Berlin")
    bob = MeetingParticipant("bob", "America/New_York")
    result = find_meeting_slots(request(["ana", "bob"], days=1, max_results=20), [ana, bob], now=T0)
    # common hours 14:00-16:00 UTC; mid-day is 13:00 for both. Starting 14:30 UTC puts the
    # middle at 16:00 in Berlin and 10:00 in New York, 3 h from each: (9 + 9) / 2 = 9.0, fairer
    # than 14:00 (2.5 h and 3.5 h: 9.25) or 15:00 (3.5 h and 2.5 h: 9.25)
    assert [s.start for s in result.slots] == [
        at(4, 14, 30),
        at(4, 14, 15),
        at(4, 14, 45),
        at(4, 14),
        at(4, 15),
    ]
    assert [s.fairness_penalty for s in result.slots] == [9.0, 9.0625, 9.0625, 9.25, 9.25]


def test_no_slot_names_the_blocking_person_and_verified_relaxations():
    ana = MeetingParticipant("ana")
    bob = MeetingParticipant("bob", busy=(busy((T0, T0 + timedelta(days=5))),))
    result = find_meeting_slots(request(["ana", "bob"]), [ana, bob], now=T0)
    assert result.slots == ()
    assert [(b.kind, b.subject) for b in result.blockers] == [("participant", "bob")]
    assert "busy" in result.blockers[0].message
    assert (result.blockers[0].code, result.blockers[0].subjects) == ("participant_busy", ("bob",))
    assert result.blockers[0].minutes == 60
    kinds = {r.kind: r for r in result.relaxations}
    assert kinds["make_optional"].participant_id == "bob"
    extend = kinds["extend_window"]
    # the window ends Saturday 9th 00:00; the first working hour is Monday 11th 09:00-10:00
    assert extend.first_slot.start == at(11, 9)
    assert extend.minutes == (7 * 24 + 10) * 60 - 5 * 24 * 60
    assert "shorten_meeting" not in kinds


def test_english_texts_name_people_by_name_when_they_have_one():
    ana = MeetingParticipant("p-1", "Asia/Tokyo", name="Ana")
    bob = MeetingParticipant("p-2", "America/New_York", name="Bob")
    result = find_meeting_slots(request(["p-1", "p-2"]), [ana, bob], now=T0)
    assert "but Ana, Bob share no" in result.blockers[0].message
    assert result.blockers[0].subjects == ("p-1", "p-2")
    optional = {r.participant_id: r.description for r in result.relaxations if r.participant_id}
    assert optional == {"p-1": "make Ana optional", "p-2": "make Bob optional"}


def test_shorter_meeting_suggested_when_only_short_gaps_exist():
    gaps = [(at(d, 9, 30), at(d, 10)) for d in range(4, 9)]
    free_bits = [at(4, 9), *[x for pair in gaps for x in pair], at(8, 17)]
    pairs = list(zip(free_bits[::2], free_bits[1::2], strict=True))
    ana = MeetingParticipant("ana", busy=(busy(*pairs),))
    result = find_meeting_slots(request(["ana"]), [ana], now=T0)
    kinds = {r.kind: r for r in result.relaxations}
    assert kinds["shorten_meeting"].minutes == 30
    assert kinds["shorten_meeting"].first_slot.start == at(4, 9, 30)


def test_combination_blocker_when_each_is_free_alone():
    ana = MeetingParticipant("ana", "Asia/Tokyo")
    bob = MeetingParticipant("bob", "America/New_York")
    result = find_meeting_slots(request(["ana", "bob"]), [ana, bob], now=T0)
    assert [(b.kind, b.subject) for b in result.blockers] == [("combination", "ana, bob")]
    assert [(b.code, b.subjects) for b in result.blockers] == [("no_common_slot", ("ana", "bob"))]
    assert {r.kind for r in result.relaxations} >= {"make_optional", "ignore_working_hours"}


def test_source_errors_are_reported_and_do_not_stop_the_search():
    error = CalendarFileError("bad.ics", 3, "broken")
    ana = MeetingParticipant("ana", source_errors=(error,))
    result = find_meeting_slots(request(["ana"]), [ana], now=T0)
    assert result.slots
    assert result.source_errors == (error,)
    assert "bad.ics" in result.warnings[0]
    room_error = CalendarFileError("room.ics", None, "cannot read file")
    room = MeetingResource("room-1", source_errors=(room_error,))
    with_room = find_meeting_slots(
        request(["ana"], resources=("room-1",)), [ana], now=T0, resources=[room]
    )
    assert with_room.source_errors == (error, room_error)
    assert with_room.warnings[1] == "room.ics of room-1 could not be read; its busy time is unknown"


@pytest.mark.parametrize(
    ("change", "item"),
    [
        ({"required": ("zed",)}, "zed"),
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"window_start": datetime(2024, 3, 4)}, "window_start"),  # noqa: DTZ001 - the bad input
        ({"earliest": 20 * 60, "latest": 8 * 60}, "request"),
        ({"timezone": "Mars/Olympus"}, "Mars/Olympus"),
    ],
)
def test_invalid_requests_name_the_offending_item(change, item):
    with pytest.raises(MeetingRequestError) as info:
        find_meeting_slots(replace(request(["ana"]), **change), [MeetingParticipant("ana")], now=T0)
    assert item in info.value.items


def test_recurring_meeting_blocked_in_a_later_week_suggests_fewer_occurrences():
    # the whole third week is taken, so no weekly slot holds for 4 weeks
    away = busy((T0 + timedelta(days=14), T0 + timedelta(days=21)))
    ana = MeetingParticipant("ana", busy=(away,))
    req = request(["ana"], days=5, occurrences=4)
    result = find_meeting_slots(req, [ana], now=T0)
    assert result.slots == ()
    assert [(b.kind, b.subject) for b in result.blockers] == [("participant", "ana")]
    kinds = {r.kind: r for r in result.relaxations}
    assert kinds["fewer_occurrences"].occurrences == 2
    assert len(kinds["fewer_occurrences"].first_slot.occurrences) == 2
    # a window reaching into the fourth week lets the series start after the absence
    assert kinds["extend_window"].first_slot.start >= T0 + timedelta(days=21)


def test_booked_room_is_named_and_dropping_it_is_suggested():
    room = MeetingResource("room-1", busy=(busy((T0, T0 + timedelta(days=5))),))
    result = find_meeting_slots(
        request(["ana"], resources=("room-1",)),
        [MeetingParticipant("ana")],
        now=T0,
        resources=[room],
    )
    assert [(b.kind, b.subject) for b in result.blockers] == [("resource", "room-1")]
    assert [(b.code, b.subjects) for b in result.blockers] == [("resource_booked", ("room-1",))]
    kinds = {r.kind: r for r in result.relaxations}
    assert kinds["drop_resource"].resource_id == "room-1"
    assert kinds["drop_resource"].first_slot.start.date() == date(2024, 3, 4)


def test_recurring_local_times_follow_each_persons_dst():
    ana = MeetingParticipant("ana", "Europe/Berlin")
    bob = MeetingParticipant(
        "bob", "America/New_York", working_hours=(((8 * 60, 17 * 60),),) * 5 + ((), ())
    )
    req = request(["ana", "bob"], days=1, occurrences=5, timezone="Europe/Berlin", max_results=1)
    slot = find_meeting_slots(req, [ana, bob], now=T0).slots[0]
    local = {t.participant_id: t for t in slot.local_times}
    ana_hours = {t.hour for t in local["ana"].occurrence_starts}
    bob_hours = [t.hour for t in local["bob"].occurrence_starts]
    assert len(ana_hours) == 1  # the meeting keeps its Berlin wall time
    # the US changes on 10 March, the EU on 31 March: New York sees it an hour later for 3 weeks
    first = bob_hours[0]
    assert bob_hours == [first, first + 1, first + 1, first + 1, first]
    assert local["bob"].within_working_hours


@pytest.mark.parametrize(
    "period",
    [
        BusyPeriod(datetime(2024, 3, 4, 9), datetime(2024, 3, 4, 10)),  # noqa: DTZ001 - bad input
        BusyPeriod(at(4, 10), at(4, 9)),
    ],
)
def test_bad_busy_periods_are_refused(period):
    with pytest.raises(MeetingRequestError) as info:
        BusyTimes.from_periods("tandem-meetings", [period])
    assert info.value.items == ("tandem-meetings",)


def test_leaving_out_an_optional_person_is_suggested_when_no_slot_suits_all():
    ana = MeetingParticipant("ana")
    bob = MeetingParticipant("bob", busy=(busy((at(4, 9), at(4, 13))),))
    chen = MeetingParticipant("chen", busy=(busy((at(4, 12), at(4, 17))),))
    result = find_meeting_slots(request(["ana"], ["bob", "chen"], days=1), [ana, bob, chen], now=T0)
    assert result.slots
    assert all(s.optional_busy for s in result.slots)
    suggestions = {r.participant_id: r for r in result.relaxations}
    assert [r.kind for r in result.relaxations] == ["drop_optional", "drop_optional"]
    assert suggestions["bob"].first_slot.optional_busy == ()
    assert suggestions["bob"].first_slot.start < at(4, 12)  # chen is free only in the morning
    assert suggestions["chen"].first_slot.start >= at(4, 13)
    # when one slot suits everyone, nothing is suggested
    relaxed_chen = MeetingParticipant("chen", busy=(busy((at(4, 14), at(4, 17))),))
    clean = find_meeting_slots(
        request(["ana"], ["bob", "chen"], days=1), [ana, bob, relaxed_chen], now=T0
    )
    assert clean.slots[0].optional_busy == ()
    assert clean.relaxations == ()


def test_working_hours_follow_the_local_clock_across_dst():
    ana = MeetingParticipant("ana", "Europe/Berlin")
    req = MeetingRequest(
        60,
        datetime(2024, 3, 29, tzinfo=UTC),
        datetime(2024, 4, 2, tzinfo=UTC),
        ("ana",),
        max_results=100,
    )
    result = find_meeting_slots(req, [ana], now=req.window_start)
    by_day = {}
    for slot in result.slots:
        by_day.setdefault(slot.start.day, []).append(slot.start)
    # Friday before the change: 09:00-17:00 CET is 08:00-16:00 UTC; Monday after: CEST, 07-15
    assert (min(by_day[29]), max(by_day[29])) == (
        datetime(2024, 3, 29, 8, tzinfo=UTC),
        datetime(2024, 3, 29, 15, tzinfo=UTC),
    )
    assert (min(by_day[1]), max(by_day[1])) == (
        datetime(2024, 4, 1, 7, tzinfo=UTC),
        datetime(2024, 4, 1, 14, tzinfo=UTC),
    )
    assert sorted(by_day) == [1, 29]


@pytest.mark.parametrize(
    ("duration", "earliest", "reason", "code", "relaxation"),
    [
        (
            600,
            10 * 60,
            "has no working time long enough",
            "participant_no_working_time",
            "shorten_meeting",
        ),
        (
            60,
            18 * 60,
            "has no working time within the allowed times of day",
            "participant_outside_times_of_day",
            "ignore_time_of_day",
        ),
    ],
)
def test_blocker_names_working_hours_or_time_of_day(duration, earliest, reason, code, relaxation):
    req = request(["ana"], days=3, duration=duration, earliest=earliest)
    result = find_meeting_slots(req, [MeetingParticipant("ana")], now=T0)
    assert [(b.kind, b.subject) for b in result.blockers] == [("participant", "ana")]
    assert reason in result.blockers[0].message
    assert (result.blockers[0].code, result.blockers[0].minutes) == (code, duration)
    assert relaxation in {r.kind for r in result.relaxations}


def test_notice_and_a_short_window_carry_their_codes_and_values():
    noticed = find_meeting_slots(
        request(["ana"], days=1, min_notice_minutes=2 * 24 * 60),
        [MeetingParticipant("ana")],
        now=T0,
    )
    short = find_meeting_slots(
        request(["ana"], days=1 / 48, duration=60), [MeetingParticipant("ana")], now=T0
    )
    assert [(b.code, b.minutes, b.notice_minutes) for b in noticed.blockers] == [
        ("notice_leaves_no_start", 60, 2 * 24 * 60)
    ]
    assert [(b.kind, b.code, b.minutes) for b in short.blockers] == [
        ("window", "window_too_short", 60)
    ]


def test_busy_arrays_must_be_merged():
    with pytest.raises(MeetingRequestError, match="must be merged"):
        BusyTimes("ics", np.array([[50, 60], [10, 20]], dtype=np.int64), np.zeros((0, 2), np.int64))
    ok = BusyTimes.from_minutes("ics", [(50, 60), (10, 20), (20, 30)])
    assert ok.firm.tolist() == [[10, 30], [50, 60]]
