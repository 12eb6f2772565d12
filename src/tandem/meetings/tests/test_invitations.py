"""Invitations over real SMTP carry iTIP objects calendar apps file (REQUEST, updates with a
higher SEQUENCE, CANCEL), in each person's zone; people answer from the email by a signed link."""

import datetime as dt
import re

import icalendar
import pytest
from django.core import signing
from django.test import Client

from tandem.core.models import AuditEvent
from tandem.meetings import actions, invitations
from tandem.meetings.models import Participant, ResponseStatus
from tandem.testing.factories_meetings import make_meeting
from tandem.testing.smtp import part_of, smtp_inbox, subject_of, text_of

pytestmark = pytest.mark.django_db

UTC = dt.UTC
START = dt.datetime(2027, 3, 1, 15, 0, tzinfo=UTC)


@pytest.fixture
def inbox():
    with smtp_inbox() as box:
        yield box


def _calendar(message):
    part = part_of(message, "text/calendar")
    assert part is not None
    assert part.get_param("method") in {"REQUEST", "CANCEL"}
    return part.get_param("method"), icalendar.Calendar.from_ical(part.get_payload(decode=True))


def _event(calendar):
    (event,) = list(calendar.walk("VEVENT"))
    return event


def _attendees(event):
    found = event.get("ATTENDEE")
    return sorted(
        str(a).removeprefix("mailto:") for a in (found if isinstance(found, list) else [found])
    )


def _invite(world, django_capture_on_commit_callbacks):
    world.member.time_zone = "America/New_York"
    world.member.save()
    with django_capture_on_commit_callbacks(execute=True):
        meeting = make_meeting(
            world,
            starts_at=START,
            ends_at=START + dt.timedelta(hours=1),
            participants=[
                {"user_id": world.member.pk, "required": True},
                {"user_id": world.manager.pk, "required": False},
            ],
        )
    return meeting


def test_an_invitation_is_an_itip_request_with_the_attendees(
    world, inbox, django_capture_on_commit_callbacks
):
    # when the coordinator plans a meeting with the member (New York) and the manager
    meeting = _invite(world, django_capture_on_commit_callbacks)
    # then each invited person gets one email (not the organizer who acted)
    assert sorted(r for rcpts, _ in inbox.parsed() for r in rcpts) == sorted(
        [world.member.email, world.manager.email]
    )
    (message,) = inbox.to(world.member.email)
    method, calendar = _calendar(message)
    event = _event(calendar)
    assert method == "REQUEST"
    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(event["UID"]) == meeting.ical_uid
    assert int(event["SEQUENCE"]) == 0
    assert event["DTSTART"].dt == START
    assert str(event["ORGANIZER"]).removeprefix("mailto:") == world.coordinator.email
    assert _attendees(event) == sorted(
        [world.coordinator.email, world.member.email, world.manager.email]
    )
    # and the subject is in the member's own zone (10:00 in New York)
    assert "Mon 1 Mar, 10:00 (America/New_York)" in subject_of(message)
    # and an .ics attachment is there for the other calendar apps
    attached = [p for p in message.walk() if p.get_filename() == "invite.ics"]
    assert len(attached) == 1
    assert b"METHOD:REQUEST" in attached[0].get_payload(decode=True)


def test_a_rescheduled_meeting_sends_an_update_with_a_higher_sequence(
    world, inbox, django_capture_on_commit_callbacks
):
    meeting = _invite(world, django_capture_on_commit_callbacks)
    later = START + dt.timedelta(days=1, hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_update_meeting(
            meeting,
            acting_user=world.coordinator,
            version=meeting.version,
            changes={"starts_at": later, "ends_at": later + dt.timedelta(hours=1)},
        )
    first, update = inbox.to(world.member.email)
    method, calendar = _calendar(update)
    event = _event(calendar)
    assert method == "REQUEST"
    assert str(event["UID"]) == meeting.ical_uid
    assert int(event["SEQUENCE"]) == 1
    assert event["DTSTART"].dt == later
    assert subject_of(update).startswith("[Tandem ACME] Rescheduled:")
    assert "Tue 2 Mar, 12:00 (America/New_York)" in subject_of(update)
    # a change no calendar shows (the purpose) sends nothing more
    meeting.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_update_meeting(
            meeting,
            acting_user=world.coordinator,
            version=meeting.version,
            changes={"purpose": "Agenda to follow"},
        )
    assert len(inbox.to(world.member.email)) == 2


def test_a_cancelled_meeting_sends_an_itip_cancel(world, inbox, django_capture_on_commit_callbacks):
    meeting = _invite(world, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_cancel_meeting(
            meeting, acting_user=world.coordinator, version=meeting.version, reason="Snow"
        )
    for person in (world.member, world.manager):
        cancel = inbox.to(person.email)[-1]
        method, calendar = _calendar(cancel)
        event = _event(calendar)
        assert method == "CANCEL"
        assert str(calendar["METHOD"]) == "CANCEL"
        assert str(event["STATUS"]) == "CANCELLED"
        assert int(event["SEQUENCE"]) == 1
        assert str(event["UID"]) == meeting.ical_uid
        assert "Snow" in text_of(cancel)


def test_a_person_taken_off_gets_a_cancel(world, inbox, django_capture_on_commit_callbacks):
    meeting = _invite(world, django_capture_on_commit_callbacks)
    row = Participant.objects.get(meeting=meeting, user=world.manager)
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_remove_participant(row, acting_user=world.coordinator, version=row.version)
    method, calendar = _calendar(inbox.to(world.manager.email)[-1])
    assert method == "CANCEL"
    assert str(_event(calendar)["UID"]) == meeting.ical_uid
    assert len(inbox.to(world.member.email)) == 1


def _answer_link(message):
    found = re.search(r"(https?://\S+/meetings/answer/\S+/)\?answer=accepted", text_of(message))
    assert found
    return found.group(1).split("://", 1)[1].split("/", 1)[1]


def test_answering_from_the_email_needs_no_sign_in_and_one_click(
    world, inbox, django_capture_on_commit_callbacks
):
    meeting = _invite(world, django_capture_on_commit_callbacks)
    path = "/" + _answer_link(inbox.to(world.member.email)[0])
    client = Client()
    # opening the link (as a mail scanner would) changes nothing
    page = client.get(path + "?answer=accepted")
    assert page.status_code == 200
    assert "Weekly sync" in page.content.decode()
    row = Participant.objects.get(meeting=meeting, user=world.member)
    assert row.response == ResponseStatus.NEEDS_ACTION
    # the click records the answer, as the member
    answered = client.post(path, {"answer": "accepted"})
    assert answered.status_code == 200
    assert "is recorded" in answered.content.decode()
    row.refresh_from_db()
    assert row.response == ResponseStatus.ACCEPTED
    event = AuditEvent.objects.filter(action="meeting_participant.updated").latest("id")
    assert event.actor_id == world.member.pk
    # and the meeting page shows who accepted
    viewer = Client()
    viewer.force_login(world.coordinator)
    detail = viewer.get(f"/meetings/{meeting.pk}/").content.decode()
    assert re.search(r"member</td><td>Required</td>\s*<td>Accepted</td>", detail)
    assert '<p class="muted" id="answer-summary">2 accepted, 1 no answer yet</p>' in detail
    # an unknown answer is a clear refusal and changes nothing
    refused = client.post(path, {"answer": "maybe-later"})
    assert refused.status_code == 422
    row.refresh_from_db()
    assert row.response == ResponseStatus.ACCEPTED


def test_forged_expired_and_stale_links_are_404(
    world, inbox, django_capture_on_commit_callbacks, monkeypatch
):
    meeting = _invite(world, django_capture_on_commit_callbacks)
    path = "/" + _answer_link(inbox.to(world.member.email)[0])
    client = Client()
    # forged: another participant's id with the old signature
    row = Participant.objects.get(meeting=meeting, user=world.manager)
    token = path.rstrip("/").rsplit("/", 1)[1]
    forged = signing.dumps({"p": row.pk, "u": row.user_id}, salt="not-the-salt")
    assert client.get(f"/meetings/answer/{forged}/").status_code == 404
    assert (
        client.post(f"/meetings/answer/{token[:-2]}xx/", {"answer": "declined"}).status_code == 404
    )
    # expired
    monkeypatch.setattr(invitations, "RSVP_MAX_AGE", dt.timedelta(seconds=-1))
    assert client.get(path).status_code == 404
    monkeypatch.undo()
    # stale: the member was taken off the meeting
    mine = Participant.objects.get(meeting=meeting, user=world.member)
    actions.do_remove_participant(mine, acting_user=world.coordinator, version=mine.version)
    assert client.post(path, {"answer": "accepted"}).status_code == 404


def test_a_cancelled_meeting_takes_no_more_answers(
    world, inbox, django_capture_on_commit_callbacks
):
    meeting = _invite(world, django_capture_on_commit_callbacks)
    path = "/" + _answer_link(inbox.to(world.member.email)[0])
    actions.do_cancel_meeting(meeting, acting_user=world.coordinator, version=meeting.version)
    client = Client()
    assert "cancelled" in client.get(path).content.decode()
    assert client.post(path, {"answer": "accepted"}).status_code == 409
    assert Participant.objects.get(meeting=meeting, user=world.member).response == "needs_action"
