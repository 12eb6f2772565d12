"""A project's watch thresholds: read by the team, changed by the manager (versioned, strict,
checked, audited), and used by the watcher."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from tandem.core.models import AuditEvent
from tandem.monitoring.evaluation import evaluate_project
from tandem.monitoring.models import Alert, AlertKind, WatchSettings
from tandem.planning import actions as planning
from tandem.planning.baseline_actions import do_save_baseline
from tandem.testing.factories_planning import make_link, make_task

pytestmark = pytest.mark.django_db

MONDAY = dt.datetime(2026, 1, 5, 7, 0, tzinfo=dt.UTC)
DEFAULTS = {
    "version": 1,
    "near_critical_days": "2.00",
    "float_erosion_days": "3.00",
    "slip_steps_days": [1, 3, 5, 10, 20, 40, 60],
    "slip_red_days": 5,
    "cpi_threshold": "0.90",
    "spi_threshold": "0.90",
    "overdue_grace_days": 0,
    "risk_review_days": 30,
}


def _url(world):
    return f"/api/projects/{world.project.pk}/watch-settings"


def test_the_team_reads_the_defaults_and_the_manager_changes_them(world, api_client):
    found = api_client.as_user(world.member).get(_url(world))
    assert found.status_code == 200
    body = found.json()
    assert body.pop("project_id") == world.project.pk
    decimals = {"near_critical_days", "float_erosion_days", "cpi_threshold", "spi_threshold"}
    assert {k: Decimal(str(v)) if k in decimals else v for k, v in body.items()} == {
        k: Decimal(v) if k in decimals else v for k, v in DEFAULTS.items()
    }
    assert found["ETag"] == '"1"'

    manager = api_client.as_user(world.manager)
    assert manager.patch(_url(world), {"overdue_grace_days": 2}).status_code == 428
    done = manager.patch(
        _url(world), {"slip_steps_days": [2, 4, 8], "cpi_threshold": "0.85"}, if_match=1
    )
    assert done.status_code == 200
    assert done["ETag"] == '"2"'
    assert done.json()["slip_steps_days"] == [2, 4, 8]
    saved = WatchSettings.objects.get(project=world.project)
    assert (saved.cpi_threshold, saved.slip_steps_days) == (Decimal("0.85"), [2, 4, 8])
    event = AuditEvent.objects.filter(action="watch_settings.updated").get()
    assert event.changes["slip_steps_days"] == [[1, 3, 5, 10, 20, 40, 60], [2, 4, 8]]
    assert manager.patch(_url(world), {"risk_review_days": 9}, if_match=1).status_code == 412
    assert (
        api_client.as_user(world.coordinator)
        .patch(_url(world), {"risk_review_days": 9}, if_match=2)
        .status_code
        == 403
    )
    assert WatchSettings.objects.get(project=world.project).risk_review_days == 30


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"slip_steps_days": [3, 2]}, "slip_steps_days"),
        ({"slip_steps_days": []}, "slip_steps_days"),
        ({"slip_steps_days": [1, 500]}, "slip_steps_days"),
        ({"cpi_threshold": "-0.1"}, "cpi_threshold"),
        ({"spi_threshold": "7"}, "spi_threshold"),
        ({"float_erosion_days": "0"}, "float_erosion_days"),
        ({"overdue_grace_days": -1}, "overdue_grace_days"),
        ({"overdue_grace_days": 1000}, "overdue_grace_days"),
        ({"risk_review_days": 0}, "risk_review_days"),
        ({"slip_red_days": None}, "slip_red_days"),
        ({"near_critical_days": "NaN"}, "near_critical_days"),
        ({"thresholds": 1}, "thresholds"),
    ],
)
def test_a_wrong_threshold_is_refused_by_name_and_nothing_changes(world, api_client, body, field):
    refused = api_client.as_user(world.manager).patch(
        _url(world), {"overdue_grace_days": 1, **body}, if_match=1
    )
    assert refused.status_code == 422
    assert field in refused.content.decode()
    assert not WatchSettings.objects.filter(project=world.project).exists()
    assert not AuditEvent.objects.filter(action="watch_settings.updated").exists()


def test_the_page_shows_the_team_the_thresholds_and_the_manager_saves_them(world):
    client = Client()
    client.force_login(world.member)
    page = client.get(f"/projects/{world.project.pk}/watch-settings/")
    assert page.status_code == 200
    assert "1, 3, 5, 10, 20, 40, 60" in page.content.decode()
    assert "watch-settings-form" not in page.content.decode()

    client.force_login(world.manager)
    form = {
        "version": "1", "slip_steps_days": "2, 6", "slip_red_days": "6",
        "float_erosion_days": "3", "near_critical_days": "2", "cpi_threshold": "0.90",
        "spi_threshold": "0.90", "overdue_grace_days": "0", "risk_review_days": "30",
    }  # fmt: skip
    wrong = client.post(
        f"/projects/{world.project.pk}/watch-settings/", {**form, "slip_steps_days": "6, 2"}
    )
    assert wrong.status_code == 422
    assert "each larger than the one before" in wrong.content.decode()
    assert not WatchSettings.objects.filter(project=world.project).exists()
    saved = client.post(f"/projects/{world.project.pk}/watch-settings/", form)
    assert saved.status_code == 302
    found = WatchSettings.objects.get(project=world.project)
    assert (found.slip_steps_days, found.slip_red_days, found.version) == ([2, 6], 6, 2)


def test_the_watcher_uses_the_projects_slip_steps_and_overdue_grace(world, api_client):
    build = make_task(world.project, "Build", estimate=5)
    gate = make_task(world.project, "Gate", is_milestone=True)
    make_link(build, gate)
    do_save_baseline(world.project, acting_user=world.manager, name="Plan of record")
    build.refresh_from_db()
    planning.do_update_task(
        build, acting_user=world.manager, version=build.version, changes={"estimate": Decimal(7)}
    )
    # given steps from 3 working days, a slip of 2 raises nothing
    api_client.as_user(world.manager).patch(_url(world), {"slip_steps_days": [3, 6]}, if_match=1)
    evaluate_project(world.project, now=MONDAY)
    assert not Alert.objects.filter(kind=AlertKind.MILESTONE_SLIP).exists()
    # with the default steps (from 1 day) the same slip raises step 1
    api_client.as_user(world.manager).patch(_url(world), {"slip_steps_days": [1, 3, 5]}, if_match=2)
    evaluate_project(world.project, now=MONDAY + dt.timedelta(hours=1))
    alert = Alert.objects.get(kind=AlertKind.MILESTONE_SLIP)
    assert (alert.step, alert.threshold) == (1, "slip of 1 working day or more (red from 5)")

    # Build (7 days from Monday 5 January) finishes on Tuesday 13th: on Friday 16th it is 3
    # working days overdue.
    late = MONDAY + dt.timedelta(days=11)
    build.refresh_from_db()
    assert build.finish_date == dt.date(2026, 1, 13)
    api_client.as_user(world.manager).patch(_url(world), {"overdue_grace_days": 3}, if_match=3)
    evaluate_project(world.project, now=late)
    assert not Alert.objects.filter(kind=AlertKind.TASK_OVERDUE, closed_at=None).exists()
    api_client.as_user(world.manager).patch(_url(world), {"overdue_grace_days": 1}, if_match=4)
    evaluate_project(world.project, now=late + dt.timedelta(hours=1))
    overdue = Alert.objects.get(kind=AlertKind.TASK_OVERDUE, subject_key=f"task:{build.pk}")
    assert overdue.evidence["overdue_working_days"] == 3
    assert overdue.threshold == "2 working days overdue or more (1 day of grace)"
