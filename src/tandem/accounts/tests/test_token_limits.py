"""Personal access tokens: a maximum lifetime, read-only and read-write scopes, and no token
minted through another token outlives it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client, RequestFactory
from django.utils import timezone

from tandem.accounts.actions import do_create_token
from tandem.accounts.auth import ReadOnlyToken, TokenAuth
from tandem.accounts.models import PersonalAccessToken
from tandem.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


def _call(method: str, url: str, raw: str, body: str | None = None) -> object:
    client = Client()
    kwargs: dict[str, object] = {"headers": _bearer(raw)}
    if body is not None:
        kwargs["data"] = body
        kwargs["content_type"] = "application/json"
    return getattr(client, method.lower())(url, **kwargs)


def test_a_token_lives_at_most_the_configured_days(world, api_client, settings):
    # given an installation that allows tokens of at most 30 days
    settings.TANDEM_TOKEN_MAX_DAYS = 30
    client = api_client.as_user(world.member)
    # when a member asks for 31 days, then 30
    refused = client.post("/api/tokens", {"name": "ci", "days": 31})
    accepted = client.post("/api/tokens", {"name": "ci", "days": 30})
    # then the first is refused naming the limit and the second expires in 30 days
    assert refused.status_code == 422
    assert refused.json()["error"]["fields"] == {"days": ["must be between 1 and 30"]}
    assert accepted.status_code == 201
    token = PersonalAccessToken.objects.get(user=world.member)
    assert dt.timedelta(days=29, hours=23) < token.expires_at - timezone.now()
    assert token.expires_at - timezone.now() <= dt.timedelta(days=30)


def test_a_token_older_than_the_maximum_no_longer_signs_in(world, settings):
    # given a token made when a year was allowed
    token, raw = do_create_token(acting_user=world.member, name="ci", days=365)
    assert _call("GET", "/api/me", raw).status_code == 200
    # when the installation lowers the maximum to 30 days and the token is 31 days old
    settings.TANDEM_TOKEN_MAX_DAYS = 30
    PersonalAccessToken.objects.filter(pk=token.pk).update(
        created_at=timezone.now() - dt.timedelta(days=31)
    )
    # then it is refused
    assert _call("GET", "/api/me", raw).status_code == 401


def test_a_token_cannot_mint_a_token_that_outlives_it(world):
    # given a token that expires in 10 days
    _, raw = do_create_token(acting_user=world.member, name="parent", days=10)
    audit_before = AuditEvent.objects.count()
    # when it asks for a token of 30 days
    response = _call("POST", "/api/tokens", raw, '{"name": "child", "days": 30}')
    # then it is refused, and nothing is stored
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["message"] == (
        "A token made with a token cannot outlive the token you sent: ask for at most 9 days."
    )
    assert error["fields"] == {"days": ["at most 9 (the expiry of the token you sent)"]}
    assert PersonalAccessToken.objects.filter(user=world.member).count() == 1
    assert AuditEvent.objects.count() == audit_before


def test_a_token_may_mint_a_shorter_lived_token(world):
    parent, raw = do_create_token(acting_user=world.member, name="parent", days=10)
    response = _call("POST", "/api/tokens", raw, '{"name": "child", "days": 5}')
    assert response.status_code == 201
    child = PersonalAccessToken.objects.get(name="child")
    assert child.expires_at < parent.expires_at
    assert response.json()["scope"] == "write"


def test_tokens_are_read_write_unless_asked_for_read_only(world, api_client):
    client = api_client.as_user(world.member)
    default = client.post("/api/tokens", {"name": "rw"})
    read = client.post("/api/tokens", {"name": "ro", "scope": "read"})
    bad = client.post("/api/tokens", {"name": "xx", "scope": "admin"})
    assert (default.status_code, default.json()["scope"]) == (201, "write")
    assert (read.status_code, read.json()["scope"]) == (201, "read")
    assert bad.status_code == 422
    assert list(bad.json()["error"]["fields"]) == ["scope"]
    assert sorted(PersonalAccessToken.objects.values_list("scope", flat=True)) == [
        "read",
        "write",
    ]


def test_a_read_only_token_reads(world):
    token, raw = do_create_token(acting_user=world.member, name="ro", days=30, scope="read")
    assert _call("GET", "/api/me", raw).status_code == 200
    assert _call("GET", f"/api/projects/{world.project.pk}/issues", raw).status_code == 200
    for method in ("GET", "HEAD", "OPTIONS"):
        request = RequestFactory().generic(method, "/api/me")
        assert TokenAuth().authenticate(request, raw) == token


@pytest.mark.parametrize("method", ["POST", "PATCH", "PUT", "DELETE"])
def test_a_read_only_token_is_refused_for_every_write_method(world, method):
    _, raw = do_create_token(acting_user=world.member, name="ro", days=30, scope="read")
    request = RequestFactory().generic(method, "/api/me")
    with pytest.raises(ReadOnlyToken):
        TokenAuth().authenticate(request, raw)


def test_a_read_only_token_cannot_write(world):
    # given a member's read-only token
    token, raw = do_create_token(acting_user=world.member, name="ro", days=30, scope="read")
    audit_before = AuditEvent.objects.count()
    # when it tries to raise an issue, change its owner's profile or revoke itself
    attempts = [
        ("POST", f"/api/projects/{world.project.pk}/issues", '{"title": "Build server down"}'),
        ("PATCH", f"/api/people/{world.member.pk}", '{"job_title": "Boss", "version": 1}'),
        ("DELETE", f"/api/tokens/{token.pk}", None),
    ]
    for method, url, body in attempts:
        response = _call(method, url, raw, body)
        # then each is refused with a message saying why
        assert response.status_code == 403
        assert response.json()["error"] == {
            "code": "read_only_token",
            "message": "This token is read-only: it may only read (GET, HEAD, OPTIONS). "
            'Create a token with scope "write" to change anything.',
            "fields": {},
        }
    # and nothing changed
    assert world.project.issues.count() == 0
    world.member.refresh_from_db()
    assert world.member.job_title == ""
    token.refresh_from_db()
    assert token.revoked is False
    assert AuditEvent.objects.count() == audit_before


def test_a_read_only_token_cannot_mint_tokens(world):
    _, raw = do_create_token(acting_user=world.member, name="ro", days=30, scope="read")
    response = _call("POST", "/api/tokens", raw, '{"name": "rw", "days": 5}')
    assert response.status_code == 403
    assert PersonalAccessToken.objects.filter(user=world.member).count() == 1
