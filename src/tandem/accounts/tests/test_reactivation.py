"""Organization admins deactivate and reactivate people; both are audited, and a deactivated
person's tokens do not come back with them."""

from __future__ import annotations

import pytest
from django.test import Client

from tandem.accounts.actions import do_create_token
from tandem.accounts.models import User
from tandem.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _can_sign_in(user: User) -> bool:
    client = Client()
    client.post("/login/", {"username": user.username, "password": "pw-test-12345"})
    return "_auth_user_id" in client.session


def _deactivate(world, api_client) -> None:
    member = User.objects.get(pk=world.member.pk)
    response = api_client.as_user(world.admin).patch(
        f"/api/people/{member.pk}", {"is_active": False}, if_match=member.version
    )
    assert response.status_code == 200
    assert response.json()["is_active"] is False


def test_deactivating_a_person_is_audited_and_revokes_their_tokens(world, api_client):
    _, raw = do_create_token(acting_user=world.member, name="ci", days=30)
    _deactivate(world, api_client)
    assert _can_sign_in(world.member) is False
    bearer = Client().get("/api/me", headers={"Authorization": f"Bearer {raw}"})
    assert bearer.status_code == 401
    event = AuditEvent.objects.get(action="person.deactivated")
    assert event.object_id == str(world.member.pk)
    assert event.changes["is_active"] == [True, False]
    assert world.member.tokens.get().revoked is True


def test_an_admin_finds_and_reactivates_a_deactivated_person(world, api_client):
    # given a deactivated member
    _, raw = do_create_token(acting_user=world.member, name="ci", days=30)
    _deactivate(world, api_client)
    admin = api_client.as_user(world.admin)
    # when the admin looks them up and reactivates them
    found = admin.get(f"/api/people/{world.member.pk}")
    inactive = admin.get("/api/people?active=false")
    assert found.status_code == 200
    assert [p["username"] for p in inactive.json()["items"]] == ["member"]
    response = admin.patch(
        f"/api/people/{world.member.pk}", {"is_active": True}, if_match=found.json()["version"]
    )
    # then they are active again, audited, and sign in; their old token stays revoked
    assert response.status_code == 200
    assert response.json()["is_active"] is True
    event = AuditEvent.objects.get(action="person.reactivated")
    assert event.changes["is_active"] == [False, True]
    assert event.actor_id == world.admin.pk
    assert _can_sign_in(world.member) is True
    bearer = Client().get("/api/me", headers={"Authorization": f"Bearer {raw}"})
    assert bearer.status_code == 401


@pytest.mark.parametrize("role", ["coordinator", "manager", "outsider", "stranger"])
def test_only_an_admin_of_the_organization_sees_or_reactivates_them(world, api_client, role):
    _deactivate(world, api_client)
    client = api_client.as_user(getattr(world, role))
    audit_before = AuditEvent.objects.count()
    assert client.get(f"/api/people/{world.member.pk}").status_code == 404
    assert client.get("/api/people?active=false").json()["items"] == []
    response = client.patch(f"/api/people/{world.member.pk}", {"is_active": True}, if_match=2)
    assert response.status_code == 404
    assert User.objects.get(pk=world.member.pk).is_active is False
    assert AuditEvent.objects.count() == audit_before


def test_an_admin_cannot_deactivate_themselves(world, api_client):
    response = api_client.as_user(world.admin).patch(
        f"/api/people/{world.admin.pk}", {"is_active": False}, if_match=world.admin.version
    )
    assert response.status_code == 422
    assert response.json()["error"]["message"] == "You cannot deactivate yourself."
    assert User.objects.get(pk=world.admin.pk).is_active is True
