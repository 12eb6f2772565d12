import pytest

from tandem.core.models import AuditEvent
from tandem.planning.actions import do_create_task
from tandem.risks.models import Issue, IssueEscalation, MitigationAction, Risk
from tandem.testing.factories import make_project
from tandem.testing.factories_risks import make_issue, make_mitigation, make_risk

pytestmark = pytest.mark.django_db


def test_get_risk_carries_etag_and_computed_score(world, api_client):
    risk = make_risk(world, probability=2, impact=5)
    resp = api_client.as_user(world.member).get(f"/api/risks/{risk.pk}")
    assert resp.status_code == 200
    assert resp["ETag"] == '"1"'
    body = resp.json()
    assert (body["score"], body["probability"], body["impact"]) == (10, 2, 5)
    assert body["task_ids"] == []


def test_create_risk_linked_to_a_task(world, api_client):
    task = do_create_task(world.project, acting_user=world.manager, name="Order servers")
    resp = api_client.as_user(world.manager).post(
        f"/api/projects/{world.project.pk}/risks",
        {"title": "Servers late", "probability_pct": 45, "impact": 3, "task_ids": [task.pk]},
    )
    assert resp.status_code == 201, resp.content
    body = resp.json()
    assert (body["probability"], body["score"], body["task_ids"]) == (3, 9, [task.pk])
    assert list(Risk.objects.get(pk=body["id"]).tasks.all()) == [task]


def test_unknown_task_and_owner_ids_are_422_and_create_nothing(world, api_client):
    client = api_client.as_user(world.manager)
    url = f"/api/projects/{world.project.pk}/risks"
    resp = client.post(url, {"title": "x", "probability": 1, "impact": 1, "task_ids": [424242]})
    assert resp.status_code == 422
    assert resp.json()["error"]["fields"] == {"task_ids": ["unknown task id 424242"]}
    resp = client.post(url, {"title": "x", "probability": 1, "impact": 1, "owner_id": 424242})
    assert resp.status_code == 422
    assert "owner_id" in resp.json()["error"]["fields"]
    assert not Risk.objects.exists()


def test_task_of_another_project_cannot_be_linked(world, api_client):
    other = make_project(world.admin, manager=world.manager)
    foreign = do_create_task(other, acting_user=world.manager, name="Elsewhere")
    risk = make_risk(world)
    resp = api_client.as_user(world.manager).patch(
        f"/api/risks/{risk.pk}", {"task_ids": [foreign.pk]}, if_match=1
    )
    assert resp.status_code == 422
    assert Risk.objects.get(pk=risk.pk).version == 1
    assert not Risk.objects.get(pk=risk.pk).tasks.exists()


def test_patch_without_version_is_428_and_stale_is_412(world, api_client):
    risk = make_risk(world)
    client = api_client.as_user(world.manager)
    resp = client.patch(f"/api/risks/{risk.pk}", {"title": "A"})
    assert resp.status_code == 428
    assert client.patch(f"/api/risks/{risk.pk}", {"title": "B"}, if_match=1).status_code == 200
    resp = client.patch(f"/api/risks/{risk.pk}", {"title": "C"}, if_match=1)
    assert resp.status_code == 412
    assert Risk.objects.get(pk=risk.pk).title == "B"


def test_delete_needs_version(world, api_client):
    risk = make_risk(world)
    client = api_client.as_user(world.manager)
    assert client.delete(f"/api/risks/{risk.pk}").status_code == 428
    assert client.delete(f"/api/risks/{risk.pk}", if_match=2).status_code == 412
    assert Risk.objects.filter(pk=risk.pk).exists()
    assert client.delete(f"/api/risks/{risk.pk}", if_match=1).status_code == 204
    assert not Risk.objects.filter(pk=risk.pk).exists()


def test_list_is_paginated_filtered_and_sorted(world, api_client):
    for n, (p, i) in enumerate([(1, 1), (5, 5), (3, 3), (2, 4)]):
        make_risk(world, title=f"R{n}", probability=p, impact=i)
    make_risk(world, title="Closed", probability=5, impact=4, status="closed")
    client = api_client.as_user(world.member)
    url = f"/api/projects/{world.project.pk}/risks"
    body = client.get(f"{url}?limit=2").json()
    assert body["count"] == 5
    assert [r["title"] for r in body["items"]] == ["R1", "Closed"]
    body = client.get(f"{url}?status=open&min_score=8&ordering=score").json()
    assert [r["title"] for r in body["items"]] == ["R3", "R2", "R1"]
    resp = client.get(f"{url}?ordering=owner__password")
    assert resp.status_code == 422


def test_invalid_date_is_422_and_creates_nothing(world, api_client):
    risk = make_risk(world)
    resp = api_client.as_user(world.manager).post(
        f"/api/risks/{risk.pk}/mitigations", {"title": "x", "due_date": "2026-02-30"}
    )
    assert resp.status_code == 422
    assert "due_date" in resp.json()["error"]["fields"]
    assert not MitigationAction.objects.exists()


def test_html_payload_is_stored_as_given(world, api_client):
    payload = '<img src=x onerror="alert(1)">'
    resp = api_client.as_user(world.manager).post(
        f"/api/projects/{world.project.pk}/risks",
        {"title": payload, "cause": payload, "probability": 1, "impact": 1},
    )
    assert resp.status_code == 201
    assert resp.json()["title"] == payload
    assert Risk.objects.get().cause == payload


def test_mitigation_patch_and_etag(world, api_client):
    risk = make_risk(world)
    m = make_mitigation(world, risk)
    client = api_client.as_user(world.manager)
    resp = client.patch(f"/api/mitigations/{m.pk}", {"status": "in_progress"}, if_match=1)
    assert resp.status_code == 200
    assert resp["ETag"] == '"2"'
    assert client.get(f"/api/risks/{risk.pk}/mitigations").json()["items"][0]["status"] == (
        "in_progress"
    )


def test_issue_escalation_through_the_api(world, api_client):
    issue = make_issue(world)
    client = api_client.as_user(world.coordinator)
    resp = client.post(f"/api/issues/{issue.pk}/escalate", {"reason": "Vendor silent"})
    assert resp.status_code == 428
    assert not IssueEscalation.objects.exists()
    resp = client.post(
        f"/api/issues/{issue.pk}/escalate",
        {"reason": "Vendor silent", "to_level": "manager"},
        if_match=1,
    )
    assert resp.status_code == 200, resp.content
    body = resp.json()
    assert body["escalation_level"] == "manager"
    assert [(e["from_level"], e["to_level"], e["reason"], e["escalated_by_id"])
            for e in body["escalations"]] == [
        ("team", "manager", "Vendor silent", world.coordinator.pk)
    ]  # fmt: skip
    resp = client.post(
        f"/api/issues/{issue.pk}/escalate", {"reason": "x", "to_level": "team"}, if_match=2
    )
    assert resp.status_code == 422
    assert Issue.objects.get(pk=issue.pk).escalation_level == "manager"


def test_owner_closes_own_issue_but_cannot_relink_it(world, api_client):
    risk = make_risk(world)
    issue = make_issue(world, owner_id=world.member.pk)
    client = api_client.as_user(world.member)
    resp = client.patch(f"/api/issues/{issue.pk}", {"risk_ids": [risk.pk]}, if_match=1)
    assert resp.status_code == 403
    resp = client.patch(
        f"/api/issues/{issue.pk}", {"status": "closed", "resolution": "Fixed"}, if_match=1
    )
    assert resp.status_code == 200
    assert resp.json()["status"] == "closed"
    event = AuditEvent.objects.get(action="issue.updated")
    assert event.actor == world.member
    assert event.changes == {"status": ["open", "closed"], "resolution": ["", "Fixed"]}


def test_issue_list_filters(world, api_client):
    make_issue(world, title="A", severity="low")
    make_issue(world, title="B", severity="critical")
    body = (
        api_client.as_user(world.member)
        .get(f"/api/projects/{world.project.pk}/issues?severity=critical")
        .json()
    )
    assert [i["title"] for i in body["items"]] == ["B"]


def test_stakeholder_sees_no_risk_or_issue(world, api_client):
    risk, issue = make_risk(world), make_issue(world)
    client = api_client.as_user(world.stakeholder)
    assert client.get(f"/api/projects/{world.project.pk}/risks").status_code == 403
    assert client.get(f"/api/risks/{risk.pk}").status_code == 404
    assert client.get(f"/api/issues/{issue.pk}").status_code == 404
    resp = client.patch(f"/api/issues/{issue.pk}", {"status": "closed"}, if_match=1)
    assert resp.status_code == 404
    assert Issue.objects.get(pk=issue.pk).status == "open"


def test_issue_list_query_count_does_not_grow_with_rows(
    world, api_client, django_assert_max_num_queries
):
    risk = make_risk(world)
    for n in range(8):
        make_issue(world, title=f"I{n}", risk_ids=[risk.pk])
    client = api_client.as_user(world.member)
    url = f"/api/projects/{world.project.pk}/issues?limit=50"
    client.get(url)  # warm the session and content-type caches
    with django_assert_max_num_queries(12):
        body = client.get(url).json()
    assert body["count"] == 8
    assert all(i["risk_ids"] == [risk.pk] for i in body["items"])


@pytest.mark.parametrize(
    ("path", "query", "field"),
    [
        ("risks", "status=opened", "status"),
        ("risks", "strategy=pray", "strategy"),
        ("issues", "severity=huge", "severity"),
        ("issues", "level=ceo", "level"),
    ],
)
def test_unknown_filter_values_are_422(world, api_client, path, query, field):
    resp = api_client.as_user(world.member).get(f"/api/projects/{world.project.pk}/{path}?{query}")
    assert resp.status_code == 422
    assert list(resp.json()["error"]["fields"]) == [field]
