"""The My calendars page: connecting and uploading with clear refusals, and only one's own."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tandem.meetings.models import ExternalCalendar
from tandem.testing.ics_feeds import FeedEvent, feed

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_loopback_address_is_refused_on_the_form_and_nothing_is_kept(world):
    page = _client(world.member).post(
        "/me/calendars/connect/",
        {"connect-name": "Mine", "connect-url": "http://127.0.0.1:8080/cal.ics"},
    )
    assert page.status_code == 422
    assert "private, loopback or link-local" in page.content.decode()
    assert not ExternalCalendar.objects.exists()


def test_an_upload_shows_its_busy_times_and_a_broken_file_names_its_line(world):
    client = _client(world.member)
    soon = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0) + dt.timedelta(days=1)
    ics = feed([FeedEvent(soon, soon + dt.timedelta(hours=1), summary="Private thing")])
    done = client.post(
        "/me/calendars/upload/",
        {"upload-name": "Export", "upload-file": SimpleUploadedFile("cal.ics", ics)},
        follow=True,
    )
    html = done.content.decode()
    assert "“Export” is read: 1 busy times." in html
    assert "Private thing" not in html
    broken = client.post(
        "/me/calendars/upload/",
        {
            "upload-name": "Bad",
            "upload-file": SimpleUploadedFile("bad.ics", b"BEGIN:VCALENDAR\r\n"),
        },
    )
    assert broken.status_code == 422
    assert "line 1" in broken.content.decode()
    assert ExternalCalendar.objects.count() == 1
    # someone else sees neither the calendar nor a way to remove it
    other = _client(world.coordinator)
    assert 'id="no-calendars"' in other.get("/me/calendars/").content.decode()
    calendar = ExternalCalendar.objects.get()
    assert other.post(f"/me/calendars/{calendar.pk}/remove/").status_code == 404
    assert ExternalCalendar.objects.count() == 1


def test_the_profile_page_leads_to_calendar_feeds_and_connected_calendars(world):
    profile = _client(world.member).get("/me/profile/").content.decode()
    assert '<a href="/me/calendars/">Calendar feeds and connected calendars</a>' in profile
