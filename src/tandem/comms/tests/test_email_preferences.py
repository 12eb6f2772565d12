"""One's email preference for alerts, through the API (versioned, strict body) and the page."""

import pytest
from django.test import Client

from tandem.comms.models import EmailPreference

pytestmark = pytest.mark.django_db

URL = "/api/me/email-preferences"


def test_the_default_is_one_email_per_alert_and_a_change_needs_the_version(world, api_client):
    me = api_client.as_user(world.member)
    found = me.get(URL)
    assert found.status_code == 200
    assert found["ETag"] == '"1"'
    assert found.json() == {
        "version": 1,
        "alert_emails": "immediately",
        "digest_hour": 8,
        "time_zone": "UTC",
        "last_digest_on": None,
        "last_digest_sent_at": None,
    }

    assert me.patch(URL, {"alert_emails": "digest"}).status_code == 428
    done = me.patch(URL, {"alert_emails": "digest", "digest_hour": 6}, if_match=1)
    assert done.status_code == 200
    assert (done.json()["version"], done.json()["alert_emails"], done.json()["digest_hour"]) == (
        2,
        "digest",
        6,
    )
    stale = me.patch(URL, {"digest_hour": 9}, if_match=1)
    assert stale.status_code == 412
    assert EmailPreference.objects.get(person=world.member).digest_hour == 6
    # The others' preferences are their own.
    assert api_client.as_user(world.manager).get(URL).json()["alert_emails"] == "immediately"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"digest_hour": 24}, "digest_hour"),
        ({"digest_hour": -1}, "digest_hour"),
        ({"alert_emails": "weekly"}, "alert_emails"),
        ({"last_digest_on": "2026-01-01"}, "last_digest_on"),
    ],
)
def test_a_wrong_preference_is_refused_and_nothing_changes(world, api_client, body, field):
    refused = api_client.as_user(world.member).patch(URL, body, if_match=1)
    assert refused.status_code == 422
    assert field in refused.content.decode()
    assert not EmailPreference.objects.filter(person=world.member).exists()


def test_the_page_saves_a_daily_digest(world):
    client = Client()
    client.force_login(world.member)
    # reached from the profile and the notifications page
    for start in ("/me/profile/", "/notifications/"):
        assert 'href="/me/email-preferences/"' in client.get(start).content.decode()
    page = client.get("/me/email-preferences/")
    assert page.status_code == 200
    assert "One daily digest" in page.content.decode()
    saved = client.post(
        "/me/email-preferences/", {"version": "1", "alert_emails": "digest", "digest_hour": "18"}
    )
    assert saved.status_code == 302
    found = EmailPreference.objects.get(person=world.member)
    assert (found.alert_emails, found.digest_hour, found.version) == ("digest", 18, 2)
    wrong = client.post(
        "/me/email-preferences/", {"version": "2", "alert_emails": "digest", "digest_hour": "25"}
    )
    assert wrong.status_code == 422
    assert EmailPreference.objects.get(person=world.member).digest_hour == 18
