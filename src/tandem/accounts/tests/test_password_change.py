"""People change their password (with the old one) or reset it by email; either way every
personal access token they had stops working."""

from __future__ import annotations

import io
import re
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from tandem.accounts.actions import do_create_token
from tandem.accounts.models import PersonalAccessToken
from tandem.core.models import AuditEvent

pytestmark = pytest.mark.django_db

OLD = "pw-test-12345"
NEW = "Quiet-harbour-lantern-42"


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _bearer_status(raw: str) -> int:
    return Client().get("/api/me", headers={"Authorization": f"Bearer {raw}"}).status_code


def test_the_header_links_to_the_password_change_and_the_login_page_to_the_reset(world):
    client = _signed_in(world.member)
    home = client.get("/").content.decode()
    profile = client.get("/me/profile/").content.decode()
    login = Client().get("/login/").content.decode()
    # The header's name opens the profile, which links to the password change.
    assert 'href="/me/profile/"' in home
    assert 'href="/password/change/"' in profile
    assert 'href="/password/reset/"' in login


def test_changing_the_password_needs_the_old_one(world):
    # given a member with a token
    _, raw = do_create_token(acting_user=world.member, name="ci", days=30)
    client = _signed_in(world.member)
    audit_before = AuditEvent.objects.count()
    # when they give a wrong old password
    response = client.post(
        "/password/change/",
        {"old_password": "not-my-password", "new_password1": NEW, "new_password2": NEW},
    )
    # then the form says so, and nothing changed
    assert response.status_code == 422
    assert "Your old password was entered incorrectly" in response.content.decode()
    world.member.refresh_from_db()
    assert world.member.check_password(OLD)
    assert _bearer_status(raw) == 200
    assert AuditEvent.objects.count() == audit_before


def test_a_weak_new_password_is_refused(world):
    client = _signed_in(world.member)
    response = client.post(
        "/password/change/",
        {"old_password": OLD, "new_password1": "password", "new_password2": "password"},
    )
    assert response.status_code == 422
    assert "This password is too common." in response.content.decode()
    world.member.refresh_from_db()
    assert world.member.check_password(OLD)


def test_changing_the_password_revokes_every_token_and_keeps_this_session(world):
    # given a member with two tokens and a token of someone else
    _, raw1 = do_create_token(acting_user=world.member, name="ci", days=30)
    _, raw2 = do_create_token(acting_user=world.member, name="laptop", days=30, scope="read")
    _, other = do_create_token(acting_user=world.coordinator, name="ci", days=30)
    client = _signed_in(world.member)
    # when they change their password
    response = client.post(
        "/password/change/", {"old_password": OLD, "new_password1": NEW, "new_password2": NEW}
    )
    # then the password is the new one, their tokens are revoked and the session goes on
    assert response.status_code == 302
    assert response["Location"] == "/password/change/done/"
    world.member.refresh_from_db()
    assert world.member.check_password(NEW)
    assert (_bearer_status(raw1), _bearer_status(raw2), _bearer_status(other)) == (401, 401, 200)
    assert list(
        PersonalAccessToken.objects.filter(user=world.member).values_list("revoked", flat=True)
    ) == [True, True]
    assert client.get("/").status_code == 200
    event = AuditEvent.objects.get(action="person.password_changed")
    assert event.object_id == str(world.member.pk)
    assert event.changes == {"tokens_revoked": [0, 2]}
    assert NEW not in str(event.changes)


def _reset_link(world) -> str:
    Client().post("/password/reset/", {"email": world.member.email})
    assert len(mail.outbox) == 1
    found = re.search(r"https?://\S+/password/reset/\S+/", mail.outbox[0].body)
    assert found is not None
    return found.group(0)


def test_a_reset_email_carries_a_link_to_the_configured_address(world, settings):
    settings.TANDEM_BASE_URL = "https://tandem.example.org"
    response = Client().post("/password/reset/", {"email": world.member.email})
    assert response.status_code == 302
    assert response["Location"] == "/password/reset/sent/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world.member.email]
    assert message.subject == "Reset your Tandem password"
    assert "https://tandem.example.org/password/reset/" in message.body
    assert world.member.username in message.body


def test_a_reset_for_an_unknown_address_sends_nothing_and_says_the_same(world):
    response = Client().post("/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response["Location"] == "/password/reset/sent/"
    assert mail.outbox == []


def test_resetting_the_password_by_email_revokes_every_token(world, settings):
    # given a member with a token who forgot their password
    settings.TANDEM_BASE_URL = "http://testserver"
    _, raw = do_create_token(acting_user=world.member, name="ci", days=30)
    link = _reset_link(world).removeprefix("http://testserver")
    client = Client()
    # when they follow the emailed link and choose a new password
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": NEW, "new_password2": NEW})
    # then the new password works, the token does not, and the link is spent
    assert response.status_code == 302
    assert response["Location"] == "/password/reset/done/"
    world.member.refresh_from_db()
    assert world.member.check_password(NEW)
    assert _bearer_status(raw) == 401
    event = AuditEvent.objects.get(action="person.password_reset")
    assert event.changes == {"tokens_revoked": [0, 1]}
    again = Client().get(link, follow=True)
    assert "This link has already been used or has expired" in again.content.decode()


def test_a_forged_reset_link_changes_nothing(world):
    client = Client()
    response = client.post(
        f"/password/reset/{world.member.pk}/forged-token/",
        {"new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 200
    assert "This link has already been used or has expired" in response.content.decode()
    world.member.refresh_from_db()
    assert world.member.check_password(OLD)


def test_a_password_changed_outside_the_app_also_ends_every_token(world, api_client):
    """``tandem changepassword``, the admin or a shell: whatever path sets the password, tokens
    made with the old one stop working."""
    _, raw = do_create_token(acting_user=world.member, name="laptop", days=30)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert api_client.client.get("/api/me", **headers).status_code == 200

    with mock.patch("getpass.getpass", return_value="An0ther-long-passphrase"):
        call_command("changepassword", world.member.username, stdout=io.StringIO())

    assert api_client.client.get("/api/me", **headers).status_code == 401
