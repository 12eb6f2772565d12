"""The overview's alerts, suggested health and charts; the alerts and health API."""

import datetime as dt
import re
from decimal import Decimal

import pytest

from tandem.monitoring.evaluation import evaluate_project
from tandem.monitoring.models import Alert, HealthAssessment
from tandem.planning import actions as planning
from tandem.planning.baseline_actions import do_save_baseline
from tandem.projects.models import Project
from tandem.testing.factories_planning import make_link, make_task

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 1, 5, 7, tzinfo=dt.UTC)


@pytest.fixture
def slipping(world):
    """The gate slips 5 working days past its baseline: one red alert."""
    build = make_task(world.project, "Build", estimate=5)
    gate = make_task(world.project, "Gate", is_milestone=True)
    make_link(build, gate)
    do_save_baseline(world.project, acting_user=world.manager, name="Plan of record")
    evaluate_project(world.project, now=NOW - dt.timedelta(days=7))
    build.refresh_from_db()
    planning.do_update_task(
        build, acting_user=world.manager, version=build.version, changes={"estimate": Decimal(10)}
    )
    evaluate_project(world.project, now=NOW)
    return Alert.objects.get(kind="milestone_slip")


def test_the_overview_shows_alerts_with_evidence_health_with_reasons_and_charts(
    world, client, slipping
):
    client.force_login(world.manager)
    page = client.get(f"/projects/{world.project.pk}/").content.decode()
    assert slipping.title in page
    assert "Slip (working days)</th><td>5</td>" in page
    assert "Plan of record" in page
    assert "Suggested health:" in page
    assert 'class="badge rag-red">Red' in page
    assert "threshold: slip of 5 working days or more (red from 5)" in page
    assert "Accept red" in page
    for title in ("Burnup of tasks", "Milestone trend", "Open issues and risks"):
        assert f'<figcaption class="chart-title">{title}</figcaption>' in page
    assert page.count("<svg") >= 3
    assert page.count("Show as table") >= 3


def test_a_stakeholder_reads_the_milestone_slip_but_no_task_alert_health_or_chart(
    world, client, slipping
):
    task = make_task(world.project, "Late thing", estimate=1)
    evaluate_project(world.project, now=NOW + dt.timedelta(days=7))
    assert Alert.objects.filter(subject_key=f"task:{task.pk}", closed_at=None).exists()
    client.force_login(world.stakeholder)
    page = client.get(f"/projects/{world.project.pk}/").content.decode()
    assert "Milestone Gate slips" in page
    assert "Late thing" not in page
    assert "Suggested health" not in page
    assert "Burnup of tasks" not in page
    # The slip leads a stakeholder to the milestones (they do not open task pages), and every
    # link on the page opens for them.
    assert f'href="/projects/{world.project.pk}/milestones/">Milestone Gate slips' in page
    links = {u for u in re.findall(r'href="(/[^"#]*)"', page) if not u.startswith("/static/")}
    refused = {url: client.get(url).status_code for url in links}
    assert {url: code for url, code in refused.items() if code >= 400} == {}


def test_alerts_api_lists_and_acknowledges(world, api_client, slipping):
    url = f"/api/projects/{world.project.pk}/alerts"
    listed = api_client.as_user(world.member).get(url).json()
    assert [a["id"] for a in listed["items"]] == [slipping.pk]
    item = listed["items"][0]
    assert (item["kind"], item["step"], item["severity"]) == ("milestone_slip", 3, "red")
    assert item["evidence"]["slip_working_days"] == 5
    assert api_client.get(f"{url}?state=closed").json()["count"] == 0
    bad = api_client.get(f"{url}?state=sideways")
    assert (bad.status_code, list(bad.json()["error"]["fields"])) == (422, ["state"])

    done = api_client.as_user(world.coordinator).post(f"/api/alerts/{slipping.pk}/acknowledge")
    assert done.status_code == 200
    assert done.json()["acknowledged_by_id"] == world.coordinator.pk
    Alert.objects.filter(pk=slipping.pk).update(closed_at=NOW)
    closed = api_client.post(f"/api/alerts/{slipping.pk}/acknowledge")
    assert closed.status_code == 409


def test_the_manager_accepts_the_suggested_health_or_keeps_theirs_with_a_reason(
    world, api_client, slipping
):
    url = f"/api/projects/{world.project.pk}/health/computed"
    health = api_client.as_user(world.member).get(url).json()
    assert (health["suggested"], health["manager_health"], health["differs"]) == (
        "red",
        "green",
        True,
    )
    assert [r["alert_id"] for r in health["reasons"]] == [slipping.pk]
    assert health["reasons"][0]["threshold"].startswith("slip of 5 working days")

    manager = api_client.as_user(world.manager)
    refused = manager.post(f"{url}/decision", {"decision": "kept", "reason": "  "})
    assert (refused.status_code, list(refused.json()["error"]["fields"])) == (422, ["reason"])
    assert HealthAssessment.objects.get(project=world.project).decision == ""

    kept = manager.post(f"{url}/decision", {"decision": "kept", "reason": "Supplier confirmed"})
    assert (kept.json()["decision"], kept.json()["decision_reason"]) == (
        "kept",
        "Supplier confirmed",
    )
    assert Project.objects.get(pk=world.project.pk).health == "green"

    accepted = manager.post(f"{url}/decision", {"decision": "accepted"})
    assert accepted.json()["decision"] == "accepted"
    project = Project.objects.get(pk=world.project.pk)
    assert project.health == "red"
    assert slipping.title in project.health_reason
    assert accepted.json()["differs"] is False


def test_the_overview_form_keeps_the_managers_health_with_feedback(world, client, slipping):
    client.force_login(world.manager)
    url = f"/projects/{world.project.pk}/health/decision/"
    empty = client.post(url, {"decision": "kept", "reason": ""}, follow=True)
    assert "Say why you keep your own health." in empty.content.decode()
    kept = client.post(url, {"decision": "kept", "reason": "Supplier confirmed"}, follow=True)
    page = kept.content.decode()
    assert "You keep green; the reason is recorded." in page
    assert "kept their own" in page
    assert "Supplier confirmed" in page
