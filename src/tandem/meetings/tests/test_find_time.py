import datetime as dt
import re
import zoneinfo

import pytest
from django.utils import timezone

from tandem.core.errors import ValidationFailed
from tandem.meetings import actions
from tandem.meetings.models import Participant
from tandem.meetings.slots import find_slots, weekly_hours
from tandem.testing.factories_meetings import make_meeting

pytestmark = pytest.mark.django_db

UTC = dt.UTC
MONDAY = dt.datetime(2026, 3, 2, tzinfo=UTC)
WEEKDAYS_9_TO_5 = {str(d): [["09:00", "17:00"]] for d in range(1, 6)}


@pytest.fixture
def two_zones(world):
    """The member works 9-17 in Tokyo (00-08 UTC), the coordinator 7-10 in London (07-10 UTC
    in winter): on a weekday they overlap 07:00-08:00 UTC only."""
    world.member.time_zone = "Asia/Tokyo"
    world.member.working_hours = WEEKDAYS_9_TO_5
    world.member.save()
    world.coordinator.time_zone = "Europe/London"
    world.coordinator.working_hours = {str(d): [["07:00", "10:00"]] for d in range(1, 6)}
    world.coordinator.save()
    return world


def _find(world, **overrides):
    args = {
        "required_ids": [world.member.pk, world.coordinator.pk],
        "duration_minutes": 30,
        "window_start": MONDAY,
        "window_end": MONDAY + dt.timedelta(days=1),
        "zone": "Europe/Paris",
        "now": MONDAY - dt.timedelta(days=1),
    }
    args.update(overrides)
    return find_slots([world.member, world.coordinator], **args)


def test_slots_lie_in_everyones_working_hours(two_zones):
    slots = _find(two_zones)
    starts = sorted(s.start.astimezone(UTC) for s in slots)
    assert starts == [
        dt.datetime(2026, 3, 2, 7, 0, tzinfo=UTC),
        dt.datetime(2026, 3, 2, 7, 15, tzinfo=UTC),
        dt.datetime(2026, 3, 2, 7, 30, tzinfo=UTC),
    ]
    assert str(slots[0].start.tzinfo) == "Europe/Paris"


def test_other_tandem_meetings_are_busy_time(two_zones):
    # given the member is in a meeting 07:00-07:30 UTC, organized by the manager
    make_meeting(
        two_zones,
        acting_user=two_zones.manager,
        starts_at=dt.datetime(2026, 3, 2, 7, tzinfo=UTC),
        ends_at=dt.datetime(2026, 3, 2, 7, 30, tzinfo=UTC),
    )
    # when
    slots = _find(two_zones)
    # then
    assert [s.start.astimezone(UTC) for s in slots] == [dt.datetime(2026, 3, 2, 7, 30, tzinfo=UTC)]


def test_declined_and_cancelled_meetings_do_not_block(two_zones):
    busy = make_meeting(
        two_zones,
        acting_user=two_zones.manager,
        starts_at=dt.datetime(2026, 3, 2, 7, tzinfo=UTC),
        ends_at=dt.datetime(2026, 3, 2, 7, 30, tzinfo=UTC),
    )
    row = Participant.objects.get(meeting=busy, user=two_zones.member)
    actions.do_update_participant(
        row, acting_user=two_zones.member, version=1, changes={"response": "declined"}
    )
    assert len(_find(two_zones)) == 3


def test_no_common_time_gives_no_slot(two_zones):
    two_zones.coordinator.working_hours = {"1": [["12:00", "13:00"]]}
    two_zones.coordinator.save()
    assert _find(two_zones) == []


def test_unreadable_working_hours_is_422_naming_the_person(two_zones):
    two_zones.member.working_hours = {"1": [["9am", "5pm"]]}
    with pytest.raises(ValidationFailed) as err:
        _find(two_zones)
    assert "member" in err.value.message
    assert "9am" in err.value.message


def test_weekly_hours_reads_iso_weekdays_monday_first():
    week = weekly_hours(
        {"1": [["09:00", "12:00"], ["13:00", "17:30"]], "7": [["10:00", "11:00"]]}, "x"
    )
    assert week[0] == ((540, 720), (780, 1050))
    assert week[1:6] == ((), (), (), (), ())
    assert week[6] == ((600, 660),)


def _local(day, hhmm, zone):
    return dt.datetime.combine(day, dt.time.fromisoformat(hhmm), zoneinfo.ZoneInfo(zone))


def test_find_time_page_lists_slots_in_the_meeting_zone(two_zones, client):
    # given a Monday one to two weeks ahead
    today = timezone.now().date()
    monday = today + dt.timedelta(days=14 - today.weekday())
    client.force_login(two_zones.coordinator)
    # when
    resp = client.post(
        f"/projects/{two_zones.project.pk}/meetings/find-time/",
        {
            "time_zone": "Europe/Paris",
            "required_people": [two_zones.member.pk, two_zones.coordinator.pk],
            "starts_at": f"{monday}T09:00",
            "ends_at": f"{monday}T09:30",
        },
    )
    # then every slot offered is in Paris time and inside both people's hours of its day
    assert resp.status_code == 200
    starts = re.findall(r'data-start="([^"]+)"', resp.content.decode())
    assert starts
    for text in starts:
        start = dt.datetime.fromisoformat(text).replace(tzinfo=zoneinfo.ZoneInfo("Europe/Paris"))
        day = start.astimezone(UTC).date()
        assert day.weekday() < 5
        assert start >= max(
            _local(day, "09:00", "Asia/Tokyo"), _local(day, "07:00", "Europe/London")
        )
        end = start + dt.timedelta(minutes=30)
        assert end <= min(_local(day, "17:00", "Asia/Tokyo"), _local(day, "10:00", "Europe/London"))
