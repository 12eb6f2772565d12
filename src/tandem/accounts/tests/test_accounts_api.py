import pytest

from tandem.accounts.models import Department, PersonalAccessToken, Team, User
from tandem.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_admin_creates_person_and_team(world, api_client):
    client = api_client.as_user(world.admin)
    resp = client.post(
        "/api/people",
        {"username": "newbie", "password": "a-long-Passphrase-7", "time_zone": "Europe/Paris"},
    )
    assert resp.status_code == 201, resp.content
    newbie = User.objects.get(username="newbie")
    assert newbie.organization_id == world.org.pk
    assert newbie.check_password("a-long-Passphrase-7")
    event = AuditEvent.objects.get(action="person.created")
    assert "password" not in event.changes
    resp = client.post(
        "/api/teams", {"name": "Platform", "member_ids": [newbie.pk, world.member.pk]}
    )
    assert resp.status_code == 201, resp.content
    assert resp.json()["member_ids"] == sorted([newbie.pk, world.member.pk])


def test_member_cannot_create_people(world, api_client):
    resp = api_client.as_user(world.member).post(
        "/api/people", {"username": "x", "password": "a-long-Passphrase-7"}
    )
    assert resp.status_code == 403
    assert not User.objects.filter(username="x").exists()


def test_unknown_time_zone_refused(world, api_client):
    resp = api_client.as_user(world.member).patch(
        f"/api/people/{world.member.pk}", {"time_zone": "Mars/Olympus", "version": 1}
    )
    assert resp.status_code == 422
    assert User.objects.get(pk=world.member.pk).time_zone == "UTC"


def test_bad_working_hours_refused(world, api_client):
    resp = api_client.as_user(world.member).patch(
        f"/api/people/{world.member.pk}",
        {"working_hours": {"1": [["13:00", "12:00"]]}, "version": 1},
    )
    assert resp.status_code == 422
    assert User.objects.get(pk=world.member.pk).working_hours["1"] == [["09:00", "17:00"]]


def test_member_edits_own_split_working_hours(world, api_client):
    hours = {"1": [["09:00", "12:00"], ["13:00", "17:30"]]}
    resp = api_client.as_user(world.member).patch(
        f"/api/people/{world.member.pk}", {"working_hours": hours, "version": 1}
    )
    assert resp.status_code == 200, resp.content
    assert User.objects.get(pk=world.member.pk).working_hours == hours


def test_stranger_cannot_see_people_of_other_org(world, api_client):
    client = api_client.as_user(world.stranger)
    assert client.get(f"/api/people/{world.member.pk}").status_code == 404
    names = [p["username"] for p in client.get("/api/people").json()["items"]]
    assert names == ["stranger"]


def test_department_cannot_nest_in_itself(world, api_client):
    client = api_client.as_user(world.admin)
    a = client.post("/api/departments", {"name": "Eng"}).json()
    b = client.post("/api/departments", {"name": "Web", "parent_id": a["id"]}).json()
    resp = client.patch(f"/api/departments/{a['id']}", {"parent_id": b["id"], "version": 1})
    assert resp.status_code == 422
    assert Department.objects.get(pk=a["id"]).parent_id is None


def test_token_authenticates_and_revocation_stops_it(world, api_client):
    resp = api_client.as_user(world.manager).post("/api/tokens", {"name": "cli"})
    assert resp.status_code == 201
    raw = resp.json()["token"]
    assert PersonalAccessToken.objects.get().token_hash != raw
    from django.test import Client

    anon = Client()
    ok = anon.get("/api/me", headers={"Authorization": f"Bearer {raw}"})
    assert ok.status_code == 200
    assert ok.json()["username"] == "manager"
    api_client.as_user(world.manager).delete(f"/api/tokens/{resp.json()['id']}")
    assert anon.get("/api/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 401
    assert Team.objects.count() == 0
