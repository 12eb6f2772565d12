"""POST /api/projects/{id}/meetings/find-slots: the engine's slot finder with everything it
weighs (zones, working hours, days off, Tandem meetings, connected calendars, rooms, series),
its ranking, and its verified relaxations when nothing fits."""

import datetime as dt
import zoneinfo

import pytest
from django.utils import timezone

from tandem.engine.meetings import (
    BusyTimes,
    MeetingParticipant,
    MeetingRequest,
    find_meeting_slots,
    read_ics_busy,
)
from tandem.meetings.external_calendars import do_upload_calendar
from tandem.meetings.finder import SlotQuery, apply_change, search
from tandem.meetings.models import MeetingRoom
from tandem.resources.models import CalendarException
from tandem.testing.factories_meetings import make_meeting
from tandem.testing.ics_feeds import FeedEvent, feed

pytestmark = pytest.mark.django_db

UTC = dt.UTC
# Monday 2 March 2026; New York changes to summer time on Sunday 8 March, Paris on 29 March.
MONDAY = dt.datetime(2026, 3, 2, 0, 0, tzinfo=UTC)
NINE_TO_FIVE = {str(d): [["09:00", "17:00"]] for d in range(1, 6)}
WEEK = (((9 * 60, 17 * 60),),) * 5 + ((), ())


def _place(person, zone, hours=NINE_TO_FIVE):
    person.time_zone = zone
    person.working_hours = hours
    person.save()


@pytest.fixture
def three_zones(world):
    """The coordinator in Paris, the member in New York, the manager in London; the member
    connected a calendar that is busy Monday 9-11 New York time."""
    _place(world.coordinator, "Europe/Paris")
    _place(world.member, "America/New_York")
    _place(world.manager, "Europe/London")
    busy = FeedEvent(
        dt.datetime(2026, 3, 2, 14, 0, tzinfo=UTC),
        dt.datetime(2026, 3, 2, 16, 0, tzinfo=UTC),
        summary="Therapy appointment",
    )
    world.ics = feed([busy])
    do_upload_calendar(world.member, name="Personal", data=world.ics, now=MONDAY)
    return world


def _body(world, **extra):
    body = {
        "required_ids": [world.coordinator.pk, world.member.pk, world.manager.pk],
        "duration_minutes": 60,
        "window_start": "2026-03-02T00:00:00Z",
        "window_end": "2026-03-07T00:00:00Z",
        "time_zone": "Europe/Paris",
    }
    body.update(extra)
    return body


def _post(world, api_client, body, monkeypatch, now=MONDAY):
    monkeypatch.setattr(timezone, "now", lambda: now)
    url = f"/api/projects/{world.project.pk}/meetings/find-slots"
    return api_client.as_user(world.coordinator).post(url, body)


def _engine_by_hand(world, request_fields):
    """The engine run directly, on participants built here from the people's settings and the
    feed read by the engine's own reader (not through the app's code)."""
    people = [world.coordinator, world.member, world.manager]
    external = read_ics_busy(
        world.ics,
        source="feed",
        start=MONDAY - dt.timedelta(days=2),
        end=MONDAY + dt.timedelta(days=60),
        timezone="America/New_York",
    )
    participants = [
        MeetingParticipant(
            id=f"person-{p.pk}",
            timezone=p.time_zone,
            working_hours=WEEK,
            busy=(external,) if p.pk == world.member.pk else (BusyTimes.from_periods("x", []),),
        )
        for p in people
    ]
    request = MeetingRequest(
        required=tuple(f"person-{p.pk}" for p in people),
        timezone="Europe/Paris",
        **request_fields,
    )
    return find_meeting_slots(request, participants, now=MONDAY)


def test_the_api_answers_exactly_the_engines_slots_for_a_series_over_dst(
    three_zones, api_client, monkeypatch
):
    # given three zones, an external calendar, and a weekly series of three that crosses the
    # New York daylight-saving change
    world = three_zones
    body = _body(world, occurrences=3, per_day=0, max_results=12)
    # when the coordinator searches through the API
    response = _post(world, api_client, body, monkeypatch)
    assert response.status_code == 200
    got = response.json()["slots"]
    # then the slots are the engine's, in its order, with its local times and occurrences
    expected = _engine_by_hand(
        world,
        {
            "duration_minutes": 60,
            "window_start": MONDAY,
            "window_end": MONDAY + dt.timedelta(days=5),
            "occurrences": 3,
            "max_results": 12,
        },
    ).slots
    assert len(got) == len(expected) == 12
    for slot, engine_slot in zip(got, expected, strict=True):
        assert slot["rank"] == engine_slot.rank
        assert dt.datetime.fromisoformat(slot["start"]) == engine_slot.start
        assert [dt.datetime.fromisoformat(o["start"]) for o in slot["occurrences"]] == [
            s for s, _ in engine_slot.occurrences
        ]
        assert slot["fairness_penalty"] == engine_slot.fairness_penalty
        by_user = {f"person-{p['user_id']}": p for p in slot["people"]}
        for local in engine_slot.local_times:
            mine = by_user[local.participant_id]
            assert dt.datetime.fromisoformat(mine["local_start"]) == local.local_start
            assert mine["within_working_hours"] == local.within_working_hours
    # and the New York person's busy Monday morning is avoided without showing what it was
    first_day = [s for s in got if s["start"].startswith("2026-03-02")]
    ny_starts = [
        dt.datetime.fromisoformat(p["local_start"]).hour
        for s in first_day
        for p in s["people"]
        if p["user_id"] == world.member.pk
    ]
    assert all(h >= 11 for h in ny_starts)
    assert "Therapy" not in response.content.decode()


def test_slots_spread_across_days_in_the_engines_order(three_zones, api_client, monkeypatch):
    world = three_zones
    response = _post(world, api_client, _body(world, per_day=2, max_results=8), monkeypatch)
    slots = response.json()["slots"]
    days = [s["start"][:10] for s in slots]
    assert len(slots) == 8
    assert all(days.count(d) <= 2 for d in days)
    assert len(set(days)) == 4
    ranks = [s["rank"] for s in slots]
    assert ranks == sorted(ranks)
    # each slot shows every participant's local time in their own zone
    zones = {p["time_zone"] for p in slots[0]["people"]}
    assert zones == {"Europe/Paris", "America/New_York", "Europe/London"}


def test_when_nothing_fits_the_relaxations_are_verified_and_apply_in_one_change(
    world, api_client, monkeypatch
):
    # given Paris 9-17 (08-16 UTC) and New York 10:15-18:00 (15:15-23:00 UTC): 45 minutes shared
    _place(world.coordinator, "Europe/Paris")
    _place(world.member, "America/New_York", {str(d): [["10:15", "18:00"]] for d in range(1, 6)})
    body = _body(world, required_ids=[world.coordinator.pk, world.member.pk])
    response = _post(world, api_client, body, monkeypatch)
    answer = response.json()
    assert answer["slots"] == []
    assert answer["blockers"][0]["kind"] == "combination"
    assert "member" in answer["blockers"][0]["message"]
    by_kind = {r["kind"]: r for r in answer["relaxations"]}
    assert by_kind["shorten_meeting"]["description"] == "45 minutes instead of 60"
    assert by_kind["shorten_meeting"]["change"] == {"duration_minutes": 45}
    assert by_kind["make_optional"]["description"] == "Drop member (make optional)"
    assert by_kind["ignore_working_hours"]["description"].startswith("Allow ")
    # when each change is applied, the search finds exactly the relaxation's first slot
    query = SlotQuery(
        required_ids=(world.coordinator.pk, world.member.pk),
        window_start=MONDAY,
        window_end=MONDAY + dt.timedelta(days=5),
        time_zone="Europe/Paris",
        per_day=0,
    )
    for relaxation in answer["relaxations"]:
        change = dict(relaxation["change"])
        if "window_end" in change:
            change["window_end"] = dt.datetime.fromisoformat(change["window_end"])
        found = search(world.project, apply_change(query, change), MONDAY)
        assert found.slots, relaxation["kind"]
        assert found.slots[0]["start"] == dt.datetime.fromisoformat(
            relaxation["first_slot"]["start"]
        )


def test_allow_an_early_hour_names_the_local_time_and_city(world, api_client, monkeypatch):
    # Paris 9-17 and Tokyo 9-17 never overlap; allowing Tokyo's evening or Paris' early morning
    _place(world.coordinator, "Europe/Paris")
    _place(world.member, "Asia/Tokyo")
    body = _body(world, required_ids=[world.coordinator.pk, world.member.pk])
    answer = _post(world, api_client, body, monkeypatch).json()
    allow = next(r for r in answer["relaxations"] if r["kind"] == "ignore_working_hours")
    outside = [p for p in allow["first_slot"]["people"] if not p["within_working_hours"]]
    local = dt.datetime.fromisoformat(outside[0]["local_start"])
    city = outside[0]["time_zone"].rsplit("/", 1)[-1]
    assert allow["description"].startswith(f"Allow {local:%H:%M} in {city}")


def test_rooms_days_off_and_tandem_meetings_are_busy(world, api_client, monkeypatch):
    # given a room booked Monday 9-17 Paris, and the member off on Tuesday
    _place(world.coordinator, "Europe/Paris")
    _place(world.member, "Europe/Paris")
    room = MeetingRoom.objects.create(organization=world.project.organization, name="Blue")
    make_meeting(
        world,
        starts_at=dt.datetime(2026, 3, 2, 8, 0, tzinfo=UTC),
        ends_at=dt.datetime(2026, 3, 2, 16, 0, tzinfo=UTC),
        room=room.pk,
        participants=[],
        acting_user=world.manager,
    )
    CalendarException.objects.create(person=world.member, start=dt.date(2026, 3, 3), name="Off")
    body = _body(
        world,
        required_ids=[world.coordinator.pk, world.member.pk],
        room_ids=[room.pk],
        window_end="2026-03-05T00:00:00Z",
        per_day=0,
        max_results=50,
    )
    slots = _post(world, api_client, body, monkeypatch).json()["slots"]
    assert {s["start"][:10] for s in slots} == {"2026-03-04"}
    # without the room Monday is free again
    body["room_ids"] = []
    slots = _post(world, api_client, body, monkeypatch).json()["slots"]
    assert "2026-03-02" in {s["start"][:10] for s in slots}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"required_ids": [999999]}, "required_ids"),
        ({"optional_ids": [-1]}, "optional_ids"),
        ({"window_end": "2026-09-01T00:00:00Z"}, "window_end"),
        ({"window_end": "2026-03-01T00:00:00Z"}, "window_end"),
        ({"earliest": "8am"}, "earliest"),
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"room_ids": [424242]}, "room_ids"),
        ({"granularity_minutes": 7}, "granularity_minutes"),
        ({"window_start": "2026-03-02T00:00:00"}, "window_start"),
    ],
)
def test_bad_requests_are_422_naming_the_field(world, api_client, monkeypatch, change, field):
    response = _post(world, api_client, _body(world, **change), monkeypatch)
    assert response.status_code == 422
    assert field in response.json()["error"]["fields"]


def test_people_outside_the_project_cannot_be_searched(world, api_client, monkeypatch):
    body = _body(world, required_ids=[world.coordinator.pk, world.outsider.pk])
    response = _post(world, api_client, body, monkeypatch)
    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == ["required_ids"]


def test_local_times_follow_each_zone(three_zones, api_client, monkeypatch):
    world = three_zones
    slot = _post(world, api_client, _body(world), monkeypatch).json()["slots"][0]
    start = dt.datetime.fromisoformat(slot["start"])
    for person in slot["people"]:
        zone = zoneinfo.ZoneInfo(person["time_zone"])
        assert dt.datetime.fromisoformat(person["local_start"]) == start.astimezone(zone)
        assert (
            dt.datetime.fromisoformat(person["local_start"]).utcoffset()
            == start.astimezone(zone).utcoffset()
        )
