import datetime as dt

import pytest
from django.utils import timezone

from tandem.meetings import actions
from tandem.meetings.models import ActionItem, AgendaItem, Meeting, Minutes
from tandem.planning.models import Task
from tandem.testing.factories_meetings import make_action_item, make_meeting

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"


def _create_form(world, **overrides):
    data = {
        "title": "Design review",
        "purpose": "Walk through the design",
        "starts_at": "2026-03-05T10:00",
        "ends_at": "2026-03-05T11:30",
        "time_zone": "Europe/Paris",
        "location": "Room 4",
        "video_url": "https://meet.example.org/review",
        "required_people": [world.member.pk],
        "optional_people": [world.manager.pk],
        "agenda-TOTAL_FORMS": "3",
        "agenda-INITIAL_FORMS": "0",
        "agenda-MIN_NUM_FORMS": "0",
        "agenda-MAX_NUM_FORMS": "1000",
        "agenda-0-title": "Walkthrough",
        "agenda-0-duration_minutes": "30",
        "agenda-0-presenter": str(world.member.pk),
        "agenda-1-title": "Questions",
        "agenda-1-duration_minutes": "15",
        "agenda-2-title": "",
        "agenda-2-duration_minutes": "10",
    }
    data.update(overrides)
    return data


def test_list_shows_upcoming_and_past_in_meeting_and_viewer_zones(world, client):
    # given a past and an upcoming meeting, and a viewer in New York
    now = timezone.now().replace(microsecond=0, second=0)
    make_meeting(world, title="Old retro", starts_at=now - dt.timedelta(days=3))
    make_meeting(world, title="Next planning", starts_at=now + dt.timedelta(days=3))
    world.member.time_zone = "America/New_York"
    world.member.save()
    client.force_login(world.member)
    # when
    resp = client.get(f"/projects/{world.project.pk}/meetings/")
    # then
    assert resp.status_code == 200
    html = resp.content.decode()
    upcoming, past = html.split('id="past"')
    assert "Next planning" in upcoming
    assert "Old retro" not in upcoming
    assert "Old retro" in past
    assert "Europe/Paris" in html
    assert "Your time:" in html
    assert "America/New_York" in html
    assert 'id="new-meeting"' not in html  # members do not plan meetings


@pytest.mark.parametrize(
    ("role", "status"),
    [("stakeholder", 403), ("outsider", 404), ("stranger", 404), ("member", 200)],
)
def test_list_page_per_role(world, client, role, status):
    client.force_login(getattr(world, role))
    assert client.get(f"/projects/{world.project.pk}/meetings/").status_code == status


def test_list_page_sends_anonymous_to_sign_in(world, client):
    resp = client.get(f"/projects/{world.project.pk}/meetings/")
    assert resp.status_code == 302
    assert resp["Location"].startswith("/login/")


def test_create_form_makes_meeting_with_agenda(world, client):
    client.force_login(world.coordinator)
    # when
    resp = client.post(f"/projects/{world.project.pk}/meetings/new/", _create_form(world))
    # then
    meeting = Meeting.objects.get()
    assert resp.status_code == 302
    assert resp["Location"] == f"/meetings/{meeting.pk}/"
    assert meeting.starts_at == dt.datetime(2026, 3, 5, 9, 0, tzinfo=dt.UTC)
    assert meeting.ends_at == dt.datetime(2026, 3, 5, 10, 30, tzinfo=dt.UTC)
    assert meeting.organizer == world.coordinator
    agenda = list(meeting.agenda_items.values_list("title", "duration_minutes", "presenter_id"))
    assert agenda == [("Walkthrough", 30, world.member.pk), ("Questions", 15, None)]
    people = set(meeting.participants.values_list("user_id", "required"))
    assert people == {
        (world.coordinator.pk, True),
        (world.member.pk, True),
        (world.manager.pk, False),
    }


def test_create_form_shows_field_errors_and_creates_nothing(world, client):
    client.force_login(world.coordinator)
    resp = client.post(
        f"/projects/{world.project.pk}/meetings/new/",
        _create_form(world, video_url="javascript:alert(1)", title=""),
    )
    assert resp.status_code == 422
    html = resp.content.decode()
    assert 'id="id_video_url-errors"' in html
    assert "Enter an http:// or https:// link." in html
    assert 'id="id_title-errors"' in html
    assert Meeting.objects.count() == 0


def test_create_form_refuses_a_time_skipped_by_the_clock_change(world, client):
    # 02:30 on 29 March 2026 does not exist in Paris (clocks jump from 02:00 to 03:00)
    client.force_login(world.coordinator)
    resp = client.post(
        f"/projects/{world.project.pk}/meetings/new/",
        _create_form(world, starts_at="2026-03-29T02:30", ends_at="2026-03-29T04:00"),
    )
    assert resp.status_code == 422
    assert "does not exist in Europe/Paris" in resp.content.decode()
    assert Meeting.objects.count() == 0


def test_create_form_rejects_bad_agenda_row(world, client):
    client.force_login(world.coordinator)
    resp = client.post(
        f"/projects/{world.project.pk}/meetings/new/",
        _create_form(world, **{"agenda-1-duration_minutes": "0"}),
    )
    assert resp.status_code == 422
    assert Meeting.objects.count() == 0
    assert AgendaItem.objects.count() == 0


def test_member_cannot_open_the_create_form(world, client):
    client.force_login(world.member)
    assert client.get(f"/projects/{world.project.pk}/meetings/new/").status_code == 403
    resp = client.post(f"/projects/{world.project.pk}/meetings/new/", _create_form(world))
    assert resp.status_code == 403
    assert Meeting.objects.count() == 0


def test_agenda_row_fragment_is_numbered_and_raises_the_form_count(world, client):
    client.force_login(world.coordinator)
    resp = client.get(f"/projects/{world.project.pk}/meetings/agenda-row/?agenda-TOTAL_FORMS=3")
    html = resp.content.decode()
    assert 'name="agenda-3-title"' in html
    assert 'id="id_agenda-TOTAL_FORMS"' in html
    assert 'value="4"' in html
    assert 'hx-swap-oob="true"' in html


def test_user_text_is_escaped_on_the_meeting_page(world, client):
    # given script payloads in every kind of text a coordinator writes
    meeting = make_meeting(world, title=SCRIPT, purpose=SCRIPT, location=SCRIPT)
    actions.do_add_agenda_item(meeting, acting_user=world.coordinator, title=SCRIPT, notes=SCRIPT)
    actions.do_record_minutes(meeting, acting_user=world.coordinator, text=SCRIPT)
    actions.do_record_meeting_decision(
        meeting, acting_user=world.coordinator, title=SCRIPT, text=SCRIPT
    )
    make_action_item(world, meeting, description=SCRIPT)
    # when
    for user in (world.member, world.coordinator):
        client.force_login(user)
        html = client.get(f"/meetings/{meeting.pk}/").content.decode()
        # then
        assert SCRIPT not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    listing = client.get(f"/projects/{world.project.pk}/meetings/").content.decode()
    assert SCRIPT not in listing


def test_meeting_page_shows_both_zones_and_video_link(world, client):
    meeting = make_meeting(world, video_url="https://meet.example.org/x?a=1&b=2")
    world.member.time_zone = "Asia/Tokyo"
    world.member.save()
    client.force_login(world.member)
    html = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Monday, 2 March 2026, 10:00–11:00" in html  # Paris
    assert "Your time: Monday 2 March, 18:00–19:00" in html  # Tokyo
    assert 'href="https://meet.example.org/x?a=1&amp;b=2"' in html


def test_member_sees_meeting_without_edit_controls(world, client):
    meeting = make_meeting(world)
    own = make_action_item(world, meeting, owner=world.member)
    other = make_action_item(world, meeting, owner=world.manager, description="Not yours")
    client.force_login(world.member)
    html = client.get(f"/meetings/{meeting.pk}/").content.decode()
    for control in (
        "minutes-form",
        "agenda-form",
        "action-item-form",
        "cancel-form",
        "edit-meeting",
    ):
        assert f'id="{control}"' not in html
    assert "Create task" not in html
    assert f'id="action-item-{own.pk}-status"' in html
    assert f'id="action-item-{other.pk}-status"' not in html
    assert 'id="respond-form"' in html


def test_stakeholder_gets_404_on_meeting_page(world, client):
    meeting = make_meeting(world)
    client.force_login(world.stakeholder)
    assert client.get(f"/meetings/{meeting.pk}/").status_code == 404


def test_minutes_editor_with_htmx_returns_the_section(world, client):
    meeting = make_meeting(world)
    client.force_login(world.coordinator)
    # when
    resp = client.post(
        f"/meetings/{meeting.pk}/minutes/",
        {"minutes-text": "Agreed to ship.", "minutes-version": ""},
        headers={"HX-Request": "true"},
    )
    # then
    assert resp.status_code == 200
    html = resp.content.decode()
    assert html.lstrip().startswith('<section class="card" id="minutes">')
    assert 'id="minutes-saved"' in html
    assert "Agreed to ship." in html
    assert 'name="minutes-version" value="1"' in html
    assert Minutes.objects.get(meeting=meeting).text == "Agreed to ship."


def test_minutes_editor_refuses_a_stale_version_with_412(world, client):
    meeting = make_meeting(world)
    actions.do_record_minutes(meeting, acting_user=world.manager, text="Manager's notes")
    client.force_login(world.coordinator)
    resp = client.post(
        f"/meetings/{meeting.pk}/minutes/",
        {"minutes-text": "Mine", "minutes-version": ""},
        headers={"HX-Request": "true"},
    )
    assert resp.status_code == 428
    resp = client.post(
        f"/meetings/{meeting.pk}/minutes/",
        {"minutes-text": "Mine", "minutes-version": "5"},
        headers={"HX-Request": "true"},
    )
    assert resp.status_code == 412
    assert "changed by someone else" in resp.content.decode()
    assert Minutes.objects.get(meeting=meeting).text == "Manager's notes"


def test_action_item_form_then_create_task_with_htmx(world, client):
    meeting = make_meeting(world)
    client.force_login(world.coordinator)
    # when the coordinator adds an action item
    resp = client.post(
        f"/meetings/{meeting.pk}/action-items/",
        {
            "action-description": "Draft the budget",
            "action-owner": str(world.member.pk),
            "action-due_date": "2026-03-09",
        },
    )
    assert resp.status_code == 302
    item = ActionItem.objects.get()
    assert (item.owner, item.due_date) == (world.member, dt.date(2026, 3, 9))
    # and turns it into a task
    resp = client.post(f"/action-items/{item.pk}/convert/", headers={"HX-Request": "true"})
    # then the row comes back with a link to the task
    assert resp.status_code == 200
    task = Task.objects.get()
    html = resp.content.decode()
    assert f'id="action-item-{item.pk}-task"' in html
    assert f">{task.wbs_code} {task.name}</a>" in html
    assert "Create task" not in html
    assert ActionItem.objects.get(pk=item.pk).task == task


def test_converting_twice_from_the_page_is_409(world, client):
    meeting = make_meeting(world)
    item = make_action_item(world, meeting)
    client.force_login(world.coordinator)
    assert client.post(f"/action-items/{item.pk}/convert/").status_code == 302
    assert client.post(f"/action-items/{item.pk}/convert/").status_code == 409
    assert Task.objects.count() == 1


def test_owner_moves_status_from_the_page(world, client):
    meeting = make_meeting(world)
    item = make_action_item(world, meeting, owner=world.member)
    client.force_login(world.member)
    resp = client.post(
        f"/action-items/{item.pk}/status/", {"version": "1", "status": "in_progress"}
    )
    assert resp.status_code == 302
    assert ActionItem.objects.get(pk=item.pk).status == "in_progress"


def test_edit_page_moves_meeting_in_its_zone(world, client):
    meeting = make_meeting(world)
    client.force_login(world.coordinator)
    resp = client.get(f"/meetings/{meeting.pk}/edit/")
    assert 'value="2026-03-02T10:00"' in resp.content.decode()
    resp = client.post(
        f"/meetings/{meeting.pk}/edit/",
        {
            "version": "1",
            "title": "Weekly sync",
            "starts_at": "2026-03-02T14:00",
            "ends_at": "2026-03-02T15:00",
            "time_zone": "Europe/Paris",
            "location": "",
            "video_url": "",
        },
    )
    assert resp.status_code == 302
    meeting.refresh_from_db()
    assert meeting.starts_at == dt.datetime(2026, 3, 2, 13, tzinfo=dt.UTC)
    assert meeting.ical_sequence == 1


def test_edit_page_with_stale_version_shows_412(world, client):
    meeting = make_meeting(world)
    actions.do_update_meeting(meeting, acting_user=world.manager, version=1, changes={"title": "X"})
    client.force_login(world.coordinator)
    resp = client.post(
        f"/meetings/{meeting.pk}/edit/",
        {
            "version": "1",
            "title": "Y",
            "starts_at": "2026-03-02T14:00",
            "ends_at": "2026-03-02T15:00",
            "time_zone": "Europe/Paris",
        },
    )
    assert resp.status_code == 412
    assert "changed by someone else" in resp.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).title == "X"


def test_cancel_from_the_page(world, client):
    meeting = make_meeting(world)
    client.force_login(world.manager)
    resp = client.post(f"/meetings/{meeting.pk}/cancel/", {"version": "1", "reason": "Snow"})
    assert resp.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.status, meeting.cancel_reason) == ("cancelled", "Snow")


def test_invite_and_take_attendance_from_the_page(world, client):
    meeting = make_meeting(world)
    client.force_login(world.coordinator)
    html = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert 'id="invite-form"' in html
    # when the coordinator invites the manager as optional
    resp = client.post(
        f"/meetings/{meeting.pk}/participants/", {"invite-user": str(world.manager.pk)}
    )
    assert resp.status_code == 302
    row = meeting.participants.get(user=world.manager)
    assert row.required is False
    # and marks the member present
    member_row = meeting.participants.get(user=world.member)
    resp = client.post(
        f"/meetings/{meeting.pk}/attendance/",
        {"participant": str(member_row.pk), "version": "1", "attended": "yes"},
    )
    assert resp.status_code == 302
    member_row.refresh_from_db()
    assert member_row.attended is True
    html = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert '<option value="yes" selected>Attended</option>' in html


def test_attendance_for_a_participant_of_another_meeting_is_404(world, client):
    meeting = make_meeting(world)
    other = make_meeting(world, title="Other")
    foreign = other.participants.get(user=world.member)
    client.force_login(world.coordinator)
    resp = client.post(
        f"/meetings/{meeting.pk}/attendance/",
        {"participant": str(foreign.pk), "version": "1", "attended": "no"},
    )
    assert resp.status_code == 404
    foreign.refresh_from_db()
    assert foreign.attended is None


def test_inviting_an_outsider_from_the_page_is_refused(world, client):
    meeting = make_meeting(world)
    client.force_login(world.coordinator)
    resp = client.post(
        f"/meetings/{meeting.pk}/participants/", {"invite-user": str(world.outsider.pk)}
    )
    assert resp.status_code == 422
    assert not meeting.participants.filter(user=world.outsider).exists()


def test_remove_agenda_item_from_the_page(world, client):
    meeting = make_meeting(world)
    item = actions.do_add_agenda_item(meeting, acting_user=world.coordinator, title="Drop me")
    client.force_login(world.coordinator)
    assert (
        f'id="agenda-item-{item.pk}-remove"'
        in client.get(f"/meetings/{meeting.pk}/").content.decode()
    )
    # a stale version is refused and keeps the item
    assert client.post(f"/agenda-items/{item.pk}/delete/", {"version": "4"}).status_code == 412
    assert AgendaItem.objects.filter(pk=item.pk).exists()
    resp = client.post(f"/agenda-items/{item.pk}/delete/", {"version": "1"})
    assert resp.status_code == 302
    assert not AgendaItem.objects.filter(pk=item.pk).exists()
