"""Personal access tokens: lifetimes are bounded, and only current people may use them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from tandem.accounts.actions import do_create_token, do_revoke_token
from tandem.accounts.models import PersonalAccessToken
from tandem.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _me(raw: str) -> int:
    return Client().get("/api/me", headers={"Authorization": f"Bearer {raw}"}).status_code


@pytest.mark.parametrize("days", [-3, 0, 366, 10**9])
def test_token_lifetime_out_of_range_is_422_and_creates_nothing(world, api_client, days):
    # given a member without tokens
    client = api_client.as_user(world.member)
    audit_before = AuditEvent.objects.count()
    # when they ask for a token living a negative, zero or overflowing number of days
    response = client.post("/api/tokens", {"name": "ci", "days": days})
    # then it is refused naming the field, and nothing is stored
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"days": ["must be between 1 and 365"]}
    assert PersonalAccessToken.objects.filter(user=world.member).count() == 0
    assert AuditEvent.objects.count() == audit_before


def test_token_without_days_is_refused_every_token_expires(world, api_client):
    response = api_client.as_user(world.member).post("/api/tokens", {"name": "ci", "days": None})
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"days": ["must be between 1 and 365"]}
    assert PersonalAccessToken.objects.filter(user=world.member).count() == 0


def test_token_of_someone_who_left_the_organization_is_refused(world):
    # given a working token
    _, raw = do_create_token(acting_user=world.member, name="ci", days=30)
    assert _me(raw) == 200
    # when its owner leaves the organization
    world.member.organization = None
    world.member.save(update_fields=["organization"])
    # then the token no longer signs anyone in
    assert _me(raw) == 401


def test_token_of_a_deactivated_person_is_refused(world):
    _, raw = do_create_token(acting_user=world.member, name="ci", days=30)
    world.member.is_active = False
    world.member.save(update_fields=["is_active"])
    assert _me(raw) == 401


def test_revoked_and_expired_tokens_are_refused(world):
    token, raw = do_create_token(acting_user=world.member, name="ci", days=30)
    do_revoke_token(token, acting_user=world.member)
    assert _me(raw) == 401
    _, raw2 = do_create_token(acting_user=world.member, name="old", days=1)
    PersonalAccessToken.objects.filter(name="old").update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    assert _me(raw2) == 401


def test_bearer_writes_need_no_csrf_but_session_writes_do(world):
    # given the same person with a token and with a browser session
    _, raw = do_create_token(acting_user=world.member, name="ci", days=30)
    url = f"/api/projects/{world.project.pk}/issues"
    body = '{"title": "Build server down"}'
    session = Client(enforce_csrf_checks=True)
    session.force_login(world.member)
    # when both post without a CSRF token
    refused = session.post(url, data=body, content_type="application/json")
    accepted = Client(enforce_csrf_checks=True).post(
        url, data=body, content_type="application/json", headers={"Authorization": f"Bearer {raw}"}
    )
    # then the session write is refused and the token write goes through
    assert refused.status_code == 403
    assert accepted.status_code == 201
    assert world.project.issues.count() == 1


def test_token_audit_row_keeps_no_hash_of_the_secret(world, api_client):
    response = api_client.as_user(world.member).post("/api/tokens", {"name": "ci", "days": 30})
    assert response.status_code == 201
    event = AuditEvent.objects.get(action="token.created")
    assert "token_hash" not in event.changes
    assert event.changes["name"] == [None, "ci"]
