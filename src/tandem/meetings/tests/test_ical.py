import datetime as dt
import zoneinfo

import icalendar
import pytest

from tandem.meetings import actions
from tandem.meetings.ical import meeting_to_ical
from tandem.meetings.queries import participants_of

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 2, 1, 12, tzinfo=dt.UTC)


def _event(meeting):
    cal = icalendar.Calendar.from_ical(meeting_to_ical(meeting, participants_of(meeting), NOW))
    (event,) = cal.walk("VEVENT")
    return cal, event


def test_ics_has_uid_sequence_organizer_attendees_and_tzid(world, meeting):
    cal, event = _event(meeting)
    assert str(cal["METHOD"]) == "PUBLISH"
    assert str(event["UID"]) == meeting.ical_uid
    assert int(event["SEQUENCE"]) == 0
    assert str(event["SUMMARY"]) == "Weekly sync"
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    assert event.decoded("DTSTART") == dt.datetime(
        2026, 3, 2, 10, tzinfo=zoneinfo.ZoneInfo("Europe/Paris")
    )
    assert str(event["ORGANIZER"]) == "mailto:coordinator@example.org"
    attendees = {str(a): (a.params["ROLE"], a.params["PARTSTAT"]) for a in event["ATTENDEE"]}
    assert attendees == {
        "mailto:coordinator@example.org": ("REQ-PARTICIPANT", "ACCEPTED"),
        "mailto:member@example.org": ("REQ-PARTICIPANT", "NEEDS-ACTION"),
    }
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Paris"]


def test_uid_stays_and_sequence_grows_with_updates(world, meeting):
    uid = meeting.ical_uid
    meeting = actions.do_update_meeting(
        meeting, acting_user=world.coordinator, version=1, changes={"location": "Room 2"}
    )
    meeting = actions.do_update_meeting(
        meeting, acting_user=world.coordinator, version=2, changes={"title": "Moved sync"}
    )
    _, event = _event(meeting)
    assert str(event["UID"]) == uid
    assert int(event["SEQUENCE"]) == 2
    assert str(event["LOCATION"]) == "Room 2"


def test_update_without_real_change_keeps_sequence(world, meeting):
    meeting = actions.do_update_meeting(
        meeting, acting_user=world.coordinator, version=1, changes={"title": "Weekly sync"}
    )
    assert meeting.ical_sequence == 0


def test_cancelled_meeting_is_an_itip_cancel(world, meeting):
    meeting = actions.do_cancel_meeting(meeting, acting_user=world.coordinator, version=1)
    cal, event = _event(meeting)
    assert str(cal["METHOD"]) == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == 1


def test_ics_download_for_member_and_404_for_stakeholder(world, meeting, api_client):
    resp = api_client.as_user(world.member).get(f"/api/meetings/{meeting.pk}/ics")
    assert resp.status_code == 200
    assert resp["Content-Type"] == "text/calendar; charset=utf-8"
    assert f"meeting-{meeting.pk}.ics" in resp["Content-Disposition"]
    assert b"DTSTART;TZID=Europe/Paris:20260302T100000" in resp.content
    assert (
        api_client.as_user(world.stakeholder).get(f"/api/meetings/{meeting.pk}/ics").status_code
        == 404
    )


def test_person_without_email_gets_a_stable_placeholder(world, meeting):
    world.member.email = ""
    world.member.save(update_fields=["email"])
    _, event = _event(meeting)
    addresses = {str(a) for a in event["ATTENDEE"]}
    assert f"mailto:user-{world.member.pk}@users.tandem.invalid" in addresses
