"""The time finder's reasons and suggestions reach the reader in their language, with people's
and rooms' names (never the engine's ids): the engine gives codes and values, the app words them."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from tandem.engine.meetings import MeetingBlocker
from tandem.meetings.models import MeetingRoom
from tandem.meetings.wording import blocker_message
from tandem.testing.factories_meetings import make_meeting
from tandem.testing.pseudo_catalog import pseudo_language

pytestmark = pytest.mark.django_db

UTC = dt.UTC
MONDAY = dt.datetime(2026, 3, 2, 0, 0, tzinfo=UTC)
NINE_TO_FIVE = {str(d): [["09:00", "17:00"]] for d in range(1, 6)}
TEXTS = {
    "Each is free on their own, but %(names)s share no %(minutes)s-minute slot in the window.": (
        "[Ƒŗêê åļøñê: %(names)s, %(minutes)s]"
    ),
    "%(room)s is booked at every possible start.": "[Ɓøøķêđ: %(room)s]",
    "Drop %(person)s (make optional)": "[Ðŗøƥ %(person)s]",
    "%(minutes)s minutes instead of %(wanted)s": "[%(minutes)s ñøţ %(wanted)s]",
}


def _place(person, zone, hours):
    person.time_zone = zone
    person.working_hours = hours
    person.save()


@pytest.fixture
def no_common_time(world, monkeypatch):
    """Paris 9-17 and New York 10:15-18:00 share 45 minutes a day: an hour never fits."""
    _place(world.coordinator, "Europe/Paris", NINE_TO_FIVE)
    _place(world.member, "America/New_York", {str(d): [["10:15", "18:00"]] for d in range(1, 6)})
    monkeypatch.setattr(timezone, "now", lambda: MONDAY)
    return world


def _find(world, language, **extra):
    client = Client()
    client.force_login(world.coordinator)
    body = {
        "required_ids": [world.coordinator.pk, world.member.pk],
        "duration_minutes": 60,
        "window_start": "2026-03-02T00:00:00Z",
        "window_end": "2026-03-07T00:00:00Z",
        "time_zone": "Europe/Paris",
        **extra,
    }
    response = client.post(
        f"/api/projects/{world.project.pk}/meetings/find-slots",
        data=json.dumps(body),
        content_type="application/json",
        headers={"accept-language": language},
    )
    assert response.status_code == 200, response.content
    return response.json()


def test_the_reasons_and_suggestions_are_in_the_readers_language(no_common_time, tmp_path):
    with pseudo_language(tmp_path, TEXTS):
        answer = _find(no_common_time, "xx")

    blocker = answer["blockers"][0]
    assert blocker["code"] == "no_common_slot"
    assert blocker["message"].startswith("[Ƒŗêê åļøñê: ")
    assert blocker["message"].endswith(", 60]")
    assert str(no_common_time.member) in blocker["message"]
    assert str(no_common_time.coordinator) in blocker["message"]
    by_kind = {r["kind"]: r["description"] for r in answer["relaxations"]}
    assert by_kind["make_optional"] in (
        f"[Ðŗøƥ {no_common_time.member}]",
        f"[Ðŗøƥ {no_common_time.coordinator}]",
    )
    assert by_kind["shorten_meeting"] == "[45 ñøţ 60]"


def test_english_names_the_people_not_the_engines_ids(no_common_time, tmp_path):
    with pseudo_language(tmp_path, TEXTS):
        answer = _find(no_common_time, "en")

    message = answer["blockers"][0]["message"]
    assert message.startswith("Each is free on their own, but ")
    assert message.endswith(" share no 60-minute slot in the window.")
    assert str(no_common_time.member) in message
    assert "person-" not in message
    assert "person-" not in answer["blockers"][0]["subject"]


def test_a_booked_room_is_named_in_the_readers_language(no_common_time, tmp_path):
    # given the room booked for the whole window searched
    room = MeetingRoom.objects.create(organization=no_common_time.project.organization, name="Blue")
    make_meeting(
        no_common_time,
        starts_at=dt.datetime(2026, 3, 2, 6, 0, tzinfo=UTC),
        ends_at=dt.datetime(2026, 3, 2, 18, 0, tzinfo=UTC),
        room=room.pk,
        participants=[],
        acting_user=no_common_time.manager,
    )
    # when
    with pseudo_language(tmp_path, TEXTS):
        answer = _find(
            no_common_time,
            "xx",
            required_ids=[no_common_time.coordinator.pk],
            room_ids=[room.pk],
            window_start="2026-03-02T06:00:00Z",
            window_end="2026-03-02T18:00:00Z",
        )
    # then
    assert [(b["code"], b["subject"], b["message"]) for b in answer["blockers"]] == [
        ("resource_booked", "Blue", "[Ɓøøķêđ: Blue]")
    ]


def test_the_find_time_page_shows_the_reason_in_the_readers_language(no_common_time, tmp_path):
    client = Client()
    client.force_login(no_common_time.coordinator)
    with pseudo_language(tmp_path, TEXTS):
        response = client.post(
            f"/projects/{no_common_time.project.pk}/meetings/find-time/",
            {
                "time_zone": "Europe/Paris",
                "required_people": [no_common_time.coordinator.pk, no_common_time.member.pk],
                "starts_at": "2026-03-02T09:00",
                "ends_at": "2026-03-02T10:00",
                "find-duration_minutes": 60,
                "find-window_days": 5,
                "find-within_working_hours": "on",
            },
            headers={"accept-language": "xx"},
        )

    page = response.content.decode()
    assert response.status_code == 200
    assert "[Ƒŗêê åļøñê: " in page
    assert "Each is free on their own" not in page


def test_an_unknown_code_keeps_the_engines_message_with_names():
    blocker = MeetingBlocker("other", "person-1", "person-1 cannot come", code="new_reason")
    names = {"person-1": "Ana"}

    def named(text):
        return text.replace("person-1", "Ana")

    assert blocker_message(blocker, names.__getitem__, named) == "Ana cannot come"
