"""Every meetings route with the exact status per role (run by core's access-matrix test).

Meetings are work records: managers and coordinators manage them, members read them, answer
their own invitation and update the action items they own; stakeholders, outsiders and
strangers see nothing (404 on anything reached by a meeting's id). Project-level pages answer
stakeholders 403: they know the project, just not its meetings.
"""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve

from tandem.meetings.actions import do_answer_by_link
from tandem.meetings.external_calendars import do_upload_calendar
from tandem.meetings.feeds import do_create_feed, do_revoke_feed
from tandem.meetings.invitations import rsvp_token
from tandem.meetings.models import (
    ActionItem,
    AgendaItem,
    CalendarFeed,
    ExternalCalendar,
    Meeting,
    MeetingRoom,
    Minutes,
    Participant,
)
from tandem.records.models import Decision
from tandem.testing.factories import ROLES
from tandem.testing.factories_meetings import (
    make_action_item,
    make_meeting,
    make_meeting_world,
)
from tandem.testing.ics_feeds import FeedEvent, feed
from tandem.testing.roles import project_api, project_page

IF1 = {"If-Match": '"1"'}
READ = {"stakeholder": 404, "member": 200, "coordinator": 200, "manager": 200}


def _manage(ok, *, stakeholder=404):
    return {"stakeholder": stakeholder, "member": 403, "coordinator": ok, "manager": ok}


def _api(method, url, expect, **extra):
    return {"method": method, "url": url, "expect": project_api(**expect), **extra}


def _page(method, url, expect, **extra):
    return {"method": method, "url": url, "expect": project_page(**expect), **extra}


def api_rules(world, mw):
    p = world.project.pk
    m = mw.meeting.pk
    member_row = Participant.objects.get(meeting=mw.meeting, user=world.member)
    coordinator_row = Participant.objects.get(meeting=mw.meeting, user=world.coordinator)
    others_item = make_action_item(
        world, mw.meeting, description="Chase vendor", owner=world.manager
    )
    plain = make_meeting(world, title="Retro")
    meeting_body = {
        "project_id": p,
        "title": "Planning poker",
        "starts_at": "2026-03-03T14:00:00+01:00",
        "ends_at": "2026-03-03T15:00:00+01:00",
        "time_zone": "Europe/Paris",
        "agenda": [{"title": "Estimate", "duration_minutes": 30}],
    }
    read_all = {"stakeholder": 200, "member": 200, "coordinator": 200, "manager": 200}
    return [
        {
            "method": "GET",
            "url": f"/api/meetings?project={p}&start=2026-03-01T00:00:00Z",
            "expect": {**project_api(**read_all), "stranger": 200, "outsider": 200},
        },
        _api(
            "POST", "/api/meetings", _manage(201, stakeholder=403), model=Meeting, body=meeting_body
        ),
        _api("GET", f"/api/meetings/{m}", READ),
        _api(
            "PATCH",
            f"/api/meetings/{m}",
            _manage(200),
            model=Meeting,
            pk=m,
            body={"title": "Renamed"},
            headers=IF1,
        ),
        _api(
            "POST",
            f"/api/meetings/{m}/cancel",
            _manage(200),
            model=Meeting,
            pk=m,
            body={"reason": "Holiday"},
            headers=IF1,
        ),
        # Once an action item became a task the meeting stays (409); a plain one can go.
        _api("DELETE", f"/api/meetings/{m}", _manage(409), model=Meeting, pk=m, headers=IF1),
        _api(
            "DELETE",
            f"/api/meetings/{plain.pk}",
            _manage(204),
            model=Meeting,
            pk=plain.pk,
            headers=IF1,
        ),
        _api("GET", f"/api/meetings/{m}/ics", READ),
        _api(
            "POST",
            f"/api/meetings/{m}/participants",
            _manage(201),
            model=Participant,
            body={"user_id": world.manager.pk},
        ),
        _api(
            "PATCH",
            f"/api/meeting-participants/{member_row.pk}",
            {**READ, "member": 200},
            model=Participant,
            pk=member_row.pk,
            body={"response": "declined"},
            headers=IF1,
        ),
        _api(
            "PATCH",
            f"/api/meeting-participants/{coordinator_row.pk}",
            _manage(200),
            model=Participant,
            pk=coordinator_row.pk,
            body={"response": "declined"},
            headers=IF1,
        ),
        _api(
            "DELETE",
            f"/api/meeting-participants/{member_row.pk}",
            _manage(204),
            model=Participant,
            pk=member_row.pk,
            headers=IF1,
        ),
        _api("GET", f"/api/meetings/{m}/agenda-items", READ),
        _api(
            "POST",
            f"/api/meetings/{m}/agenda-items",
            _manage(201),
            model=AgendaItem,
            body={"title": "AOB", "duration_minutes": 5},
        ),
        _api(
            "PATCH",
            f"/api/agenda-items/{mw.agenda_item.pk}",
            _manage(200),
            model=AgendaItem,
            pk=mw.agenda_item.pk,
            body={"duration_minutes": 25},
            headers=IF1,
        ),
        _api(
            "DELETE",
            f"/api/agenda-items/{mw.agenda_item.pk}",
            _manage(204),
            model=AgendaItem,
            pk=mw.agenda_item.pk,
            headers=IF1,
        ),
        _api("GET", f"/api/meetings/{m}/minutes", READ),
        _api(
            "PUT",
            f"/api/meetings/{m}/minutes",
            _manage(200),
            model=Minutes,
            pk=mw.minutes.pk,
            body={"text": "Rewritten"},
            headers=IF1,
        ),
        _api("GET", f"/api/meetings/{m}/decisions", READ),
        _api(
            "POST",
            f"/api/meetings/{m}/decisions",
            _manage(201),
            model=Decision,
            body={"title": "Go", "text": "We go."},
        ),
        {
            "method": "GET",
            "url": "/api/action-items?status=open",
            "expect": {**project_api(**read_all), "stranger": 200, "outsider": 200},
        },
        _api("GET", f"/api/meetings/{m}/action-items", READ),
        _api(
            "POST",
            f"/api/meetings/{m}/action-items",
            _manage(201),
            model=ActionItem,
            body={"description": "Write it up", "owner_id": world.member.pk},
        ),
        # The member owns this item and may move its status.
        _api(
            "PATCH",
            f"/api/action-items/{mw.action_item.pk}",
            {**READ, "member": 200},
            model=ActionItem,
            pk=mw.action_item.pk,
            body={"status": "done"},
            headers=IF1,
        ),
        _api(
            "PATCH",
            f"/api/action-items/{others_item.pk}",
            _manage(200),
            model=ActionItem,
            pk=others_item.pk,
            body={"status": "done"},
            headers=IF1,
        ),
        _api(
            "DELETE",
            f"/api/action-items/{mw.action_item.pk}",
            _manage(204),
            model=ActionItem,
            pk=mw.action_item.pk,
            headers=IF1,
        ),
        _api(
            "POST",
            f"/api/action-items/{mw.action_item.pk}/convert-to-task",
            _manage(201),
            model=ActionItem,
            pk=mw.action_item.pk,
        ),
        _api(
            "POST",
            f"/api/action-items/{mw.converted_item.pk}/convert-to-task",
            _manage(409),
            model=ActionItem,
            pk=mw.converted_item.pk,
        ),
    ]


def page_rules(world, mw):
    p = world.project.pk
    m = mw.meeting.pk
    others_item = ActionItem.objects.get(meeting=mw.meeting, description="Chase vendor")
    member_row = Participant.objects.get(meeting=mw.meeting, user=world.member)
    lead_page = {"stakeholder": 403, "member": 403, "coordinator": 200, "manager": 200}
    lead_post = {"stakeholder": 403, "member": 403, "coordinator": 302, "manager": 302}
    new_meeting = {
        "title": "Design review",
        "starts_at": "2026-03-05T10:00",
        "ends_at": "2026-03-05T11:00",
        "time_zone": "Europe/Paris",
        "required_people": [world.member.pk],
        "agenda-TOTAL_FORMS": "1",
        "agenda-INITIAL_FORMS": "0",
        "agenda-MIN_NUM_FORMS": "0",
        "agenda-MAX_NUM_FORMS": "1000",
        "agenda-0-title": "Walkthrough",
        "agenda-0-duration_minutes": "30",
    }
    edit = {
        "version": "1",
        "title": "Weekly sync (moved)",
        "starts_at": "2026-03-02T11:00",
        "ends_at": "2026-03-02T12:00",
        "time_zone": "Europe/Paris",
    }
    return [
        _page(
            "GET",
            f"/projects/{p}/meetings/",
            {"stakeholder": 403, "member": 200, "coordinator": 200, "manager": 200},
        ),
        _page("GET", f"/projects/{p}/meetings/new/", lead_page),
        _page("POST", f"/projects/{p}/meetings/new/", lead_post, model=Meeting, body=new_meeting),
        _page("GET", f"/projects/{p}/meetings/agenda-row/?agenda-TOTAL_FORMS=2", lead_page),
        _page(
            "POST",
            f"/projects/{p}/meetings/find-time/",
            lead_page,
            model=Meeting,
            body={"time_zone": "Europe/Paris", "required_people": [world.member.pk]},
        ),
        _page("GET", f"/meetings/{m}/", READ),
        _page("GET", f"/meetings/{m}/edit/", _manage(200)),
        _page("POST", f"/meetings/{m}/edit/", _manage(302), model=Meeting, pk=m, body=edit),
        _page(
            "POST",
            f"/meetings/{m}/cancel/",
            _manage(302),
            model=Meeting,
            pk=m,
            body={"version": "1", "reason": "Snow"},
        ),
        _page("GET", f"/meetings/{m}/meeting.ics", READ),
        # Only invited people answer: the manager is not invited to this meeting.
        _page(
            "POST",
            f"/meetings/{m}/respond/",
            {"stakeholder": 404, "member": 302, "coordinator": 302, "manager": 403},
            model=Participant,
            body={"version": "1", "response": "tentative"},
        ),
        _page(
            "POST",
            f"/meetings/{m}/participants/",
            _manage(302),
            model=Participant,
            body={"invite-user": str(world.manager.pk), "invite-required": "on"},
        ),
        _page(
            "POST",
            f"/meetings/{m}/attendance/",
            _manage(302),
            model=Participant,
            pk=member_row.pk,
            body={"participant": str(member_row.pk), "version": "1", "attended": "yes"},
        ),
        _page(
            "POST",
            f"/meetings/{m}/minutes/",
            _manage(302),
            model=Minutes,
            pk=mw.minutes.pk,
            body={"minutes-version": "1", "minutes-text": "Rewritten"},
        ),
        _page(
            "POST",
            f"/meetings/{m}/agenda/",
            _manage(302),
            model=AgendaItem,
            body={"new-agenda-title": "AOB", "new-agenda-duration_minutes": "5"},
        ),
        _page(
            "POST",
            f"/agenda-items/{mw.agenda_item.pk}/delete/",
            _manage(302),
            model=AgendaItem,
            pk=mw.agenda_item.pk,
            body={"version": "1"},
        ),
        _page(
            "POST",
            f"/meetings/{m}/decisions/",
            _manage(302),
            model=Decision,
            body={"decision-title": "Go", "decision-text": "We go."},
        ),
        _page(
            "POST",
            f"/meetings/{m}/action-items/",
            _manage(302),
            model=ActionItem,
            body={"action-description": "Write it up", "action-owner": str(world.member.pk)},
        ),
        _page(
            "POST",
            f"/action-items/{mw.action_item.pk}/status/",
            {**READ, "member": 302, "coordinator": 302, "manager": 302},
            model=ActionItem,
            pk=mw.action_item.pk,
            body={"version": "1", "status": "done"},
        ),
        _page(
            "POST",
            f"/action-items/{others_item.pk}/status/",
            _manage(302),
            model=ActionItem,
            pk=others_item.pk,
            body={"version": "1", "status": "done"},
        ),
        _page(
            "POST",
            f"/action-items/{mw.action_item.pk}/convert/",
            _manage(302),
            model=ActionItem,
            pk=mw.action_item.pk,
        ),
        _page(
            "POST",
            f"/action-items/{mw.converted_item.pk}/convert/",
            _manage(409),
            model=ActionItem,
            pk=mw.converted_item.pk,
        ),
    ]


def finder_rules(world):
    p = world.project.pk
    search = {
        "required_ids": [world.member.pk, world.coordinator.pk],
        "duration_minutes": 30,
        "window_start": "2026-03-02T00:00:00Z",
        "window_end": "2026-03-04T00:00:00Z",
        "time_zone": "Europe/Paris",
    }
    everyone = {**project_api(**{r: 200 for r in READ}), "stranger": 200, "outsider": 200}
    admins_only = {**project_api(**{r: 403 for r in READ}), "stranger": 201, "outsider": 403}
    return [
        _api(
            "POST",
            f"/api/projects/{p}/meetings/find-slots",
            {"stakeholder": 403, "member": 403, "coordinator": 200, "manager": 200},
            model=Meeting,
            body=search,
        ),
        {"method": "GET", "url": "/api/meeting-rooms", "expect": everyone},
        {
            "method": "POST",
            "url": "/api/meeting-rooms",
            "expect": admins_only,
            "model": MeetingRoom,
            "body": {"name": "Blue room", "capacity": 8},
        },
    ]


def _own(ok, others=404):
    """Routes of one's own calendars: the owner (the member) ``ok``, anyone else ``others``."""
    return {
        "anonymous": 401,
        "stranger": others,
        "outsider": others,
        "stakeholder": others,
        "member": ok,
        "coordinator": others,
        "manager": others,
    }


def _signed_in(status, anonymous=401):
    return {role: status for role in ROLES} | {"anonymous": anonymous}


def calendar_rules(world, mw):
    ics = feed(
        [
            FeedEvent(
                dt.datetime(2026, 3, 3, 9, tzinfo=dt.UTC),
                dt.datetime(2026, 3, 3, 10, tzinfo=dt.UTC),
            )
        ]
    )
    uploaded = do_upload_calendar(world.member, name="Export", data=ics)
    own_feed, raw = do_create_feed(world.member)
    gone_feed, gone_raw = do_create_feed(world.member, project=world.project)
    do_revoke_feed(gone_feed, acting_user=world.member)
    answering = make_meeting(world, title="Answer by link")
    answered = Participant.objects.get(meeting=answering, user=world.member)
    do_answer_by_link(rsvp_token(answered), "accepted")
    token = rsvp_token(answered)
    upload = lambda: {"name": "Export", "file": SimpleUploadedFile("cal.ics", ics)}  # noqa: E731
    page_upload = lambda: {  # noqa: E731
        "upload-name": "Export",
        "upload-file": SimpleUploadedFile("cal.ics", ics),
    }
    everyone_page = _signed_in(200, anonymous=302)
    return [
        {"method": "GET", "url": "/api/me/calendars", "expect": _signed_in(200)},
        {
            "method": "POST",
            "url": "/api/me/calendars",
            "expect": _signed_in(201),
            "model": ExternalCalendar,
            "body": {"name": "Work", "url": "https://calendar.example.org/private/abc.ics"},
        },
        {
            "method": "POST",
            "url": "/api/me/calendars/upload",
            "expect": _signed_in(201),
            "model": ExternalCalendar,
            "body": upload,
            "format": "multipart",
        },
        # an uploaded file is read once: refreshing it is refused, naming why
        {
            "method": "POST",
            "url": f"/api/me/calendars/{uploaded.pk}/refresh",
            "expect": _own(422),
            "model": ExternalCalendar,
            "pk": uploaded.pk,
        },
        {
            "method": "DELETE",
            "url": f"/api/me/calendars/{uploaded.pk}",
            "expect": _own(204),
            "model": ExternalCalendar,
            "pk": uploaded.pk,
            "headers": IF1,
        },
        {"method": "GET", "url": "/api/me/calendar-feeds", "expect": _signed_in(200)},
        {
            "method": "POST",
            "url": "/api/me/calendar-feeds",
            "expect": _signed_in(201),
            "model": CalendarFeed,
            "body": {"project_id": None},
        },
        {
            "method": "POST",
            "url": "/api/me/calendar-feeds",
            "expect": {**_signed_in(201), "stranger": 404, "outsider": 404},
            "model": CalendarFeed,
            "body": {"project_id": world.project.pk},
        },
        {
            "method": "POST",
            "url": f"/api/me/calendar-feeds/{own_feed.pk}/revoke",
            "expect": _own(204),
            "model": CalendarFeed,
            "pk": own_feed.pk,
        },
        {"method": "GET", "url": "/me/calendars/", "expect": everyone_page},
        {
            "method": "POST",
            "url": "/me/calendars/connect/",
            "expect": _signed_in(302, anonymous=302),
            "model": ExternalCalendar,
            "body": {"connect-name": "Work", "connect-url": "https://calendar.example.org/a.ics"},
        },
        {
            "method": "POST",
            "url": "/me/calendars/upload/",
            "expect": _signed_in(302, anonymous=302),
            "model": ExternalCalendar,
            "body": page_upload,
            "format": "multipart",
        },
        {
            "method": "POST",
            "url": f"/me/calendars/{uploaded.pk}/refresh/",
            "expect": {**_own(422), "anonymous": 302},
            "model": ExternalCalendar,
            "pk": uploaded.pk,
        },
        {
            "method": "POST",
            "url": f"/me/calendars/{uploaded.pk}/remove/",
            "expect": {**_own(302), "anonymous": 302},
            "model": ExternalCalendar,
            "pk": uploaded.pk,
        },
        {
            "method": "POST",
            "url": "/me/calendar-feeds/",
            "expect": everyone_page,
            "model": CalendarFeed,
            "body": {"feed-project": ""},
        },
        {
            "method": "POST",
            "url": f"/me/calendar-feeds/{own_feed.pk}/revoke/",
            "expect": {**_own(302), "anonymous": 302},
            "model": CalendarFeed,
            "pk": own_feed.pk,
        },
        # the secret address stands for its owner, whoever asks; a revoked one is gone for all
        {"method": "GET", "url": f"/calendar-feeds/{raw}.ics", "expect": _signed_in(200, 200)},
        {"method": "GET", "url": f"/calendar-feeds/{gone_raw}.ics", "expect": _signed_in(404, 404)},
        # an invitation's answer link likewise stands for the invited person
        {"method": "GET", "url": f"/meetings/answer/{token}/", "expect": _signed_in(200, 200)},
        {
            "method": "POST",
            "url": f"/meetings/answer/{token}/",
            "expect": _signed_in(200, 200),
            "model": Participant,
            "pk": answered.pk,
            "body": {"answer": "accepted"},
        },
        {
            "method": "POST",
            "url": f"/meetings/answer/{token[:-3]}abc/",
            "expect": _signed_in(404, 404),
            "model": Participant,
            "pk": answered.pk,
            "body": {"answer": "declined"},
        },
    ]


def _named(rule):
    """Add the resolver's name for the rule's URL (``api:update_meeting``, ``meeting-detail``)."""
    match = resolve(rule["url"].split("?", 1)[0])
    return {**rule, "url_name": match.view_name or match.route}


def rules(world):
    mw = make_meeting_world(world)
    every = (
        api_rules(world, mw)
        + page_rules(world, mw)
        + finder_rules(world)
        + calendar_rules(world, mw)
    )
    return [_named(rule) for rule in every]
