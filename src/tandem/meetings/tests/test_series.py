import datetime as dt

import pytest

from tandem.core.errors import ValidationFailed
from tandem.core.models import AuditEvent
from tandem.meetings import actions
from tandem.meetings.models import AgendaItem, Meeting, Participant

pytestmark = pytest.mark.django_db

UTC = dt.UTC


def _body(world, **overrides):
    body = {
        "project_id": world.project.pk,
        "title": "Weekly sync",
        # Monday 23 March 2026, 10:00 in Paris (winter time, UTC+1)
        "starts_at": "2026-03-23T10:00:00+01:00",
        "ends_at": "2026-03-23T10:30:00+01:00",
        "time_zone": "Europe/Paris",
        "participants": [{"user_id": world.member.pk}],
        "agenda": [{"title": "Round", "duration_minutes": 15}],
        "occurrences": 3,
    }
    body.update(overrides)
    return body


def test_weekly_series_keeps_wall_time_across_the_clock_change(world, as_coordinator):
    # when
    resp = as_coordinator.post("/api/meetings", _body(world))
    # then
    assert resp.status_code == 201, resp.content
    key = resp.json()["series_key"]
    assert len(key) == 32
    meetings = list(Meeting.objects.order_by("starts_at"))
    # Paris moves to summer time on 29 March: 10:00 local is 09:00 UTC, then 08:00 UTC
    assert [m.starts_at for m in meetings] == [
        dt.datetime(2026, 3, 23, 9, tzinfo=UTC),
        dt.datetime(2026, 3, 30, 8, tzinfo=UTC),
        dt.datetime(2026, 4, 6, 8, tzinfo=UTC),
    ]
    assert {m.ends_at - m.starts_at for m in meetings} == {dt.timedelta(minutes=30)}
    assert {m.series_key for m in meetings} == {key}
    assert len({m.ical_uid for m in meetings}) == 3
    assert resp.json()["id"] == meetings[0].pk
    assert Participant.objects.filter(user=world.member).count() == 3
    assert AgendaItem.objects.count() == 3
    assert AuditEvent.objects.filter(action="meeting.created").count() == 3
    listed = as_coordinator.get(f"/api/meetings?series={key}").json()
    assert [m["id"] for m in listed["items"]] == [m.pk for m in meetings]


def test_single_meeting_has_no_series_key(world, as_coordinator):
    resp = as_coordinator.post("/api/meetings", _body(world, occurrences=1))
    assert resp.status_code == 201
    assert resp.json()["series_key"] == ""


def test_repeat_into_a_skipped_time_is_422_and_creates_nothing(world, as_coordinator):
    # 02:30 exists on 22 March but not on 29 March (clocks jump from 02:00 to 03:00)
    resp = as_coordinator.post(
        "/api/meetings",
        _body(world, starts_at="2026-03-22T02:30:00+01:00", ends_at="2026-03-22T03:00:00+01:00"),
    )
    assert resp.status_code == 422, resp.content
    assert "2026-03-29 02:30 does not exist in Europe/Paris" in resp.json()["error"]["message"]
    assert Meeting.objects.count() == 0
    assert AuditEvent.objects.filter(action__startswith="meeting").count() == 0


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"occurrences": 0}, "occurrences"),
        ({"occurrences": 53}, "occurrences"),
        ({"interval_weeks": 5}, "interval_weeks"),
        ({"interval_weeks": 0}, "interval_weeks"),
    ],
)
def test_bad_series_size_is_422(world, as_coordinator, overrides, field):
    resp = as_coordinator.post("/api/meetings", _body(world, **overrides))
    assert resp.status_code == 422
    assert field in resp.json()["error"]["fields"]
    assert Meeting.objects.count() == 0


def test_fortnightly_series(world):
    meetings = actions.do_create_meeting_series(
        world.project,
        acting_user=world.manager,
        occurrences=2,
        interval_weeks=2,
        title="Steering",
        starts_at=dt.datetime(2026, 1, 5, 14, tzinfo=UTC),
        ends_at=dt.datetime(2026, 1, 5, 15, tzinfo=UTC),
    )
    assert [m.starts_at for m in meetings] == [
        dt.datetime(2026, 1, 5, 14, tzinfo=UTC),
        dt.datetime(2026, 1, 19, 14, tzinfo=UTC),
    ]


def test_series_refuses_naive_start(world):
    with pytest.raises(ValidationFailed):
        actions.do_create_meeting_series(
            world.project,
            acting_user=world.manager,
            occurrences=2,
            title="Naive",
            starts_at=dt.datetime(2026, 1, 5, 14),  # noqa: DTZ001 - the point of the test
            ends_at=dt.datetime(2026, 1, 5, 15, tzinfo=UTC),
        )
    assert Meeting.objects.count() == 0


def test_series_from_the_form(world, client):
    client.force_login(world.coordinator)
    resp = client.post(
        f"/projects/{world.project.pk}/meetings/new/",
        {
            "title": "Stand-up",
            "starts_at": "2026-03-02T09:00",
            "ends_at": "2026-03-02T09:15",
            "time_zone": "Europe/Paris",
            "occurrences": "4",
            "agenda-TOTAL_FORMS": "0",
            "agenda-INITIAL_FORMS": "0",
        },
    )
    assert resp.status_code == 302
    assert Meeting.objects.count() == 4
    assert Meeting.objects.values("series_key").distinct().count() == 1
