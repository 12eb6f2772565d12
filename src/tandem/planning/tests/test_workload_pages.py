"""The workload and leveling pages and their API endpoints."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tandem.planning.models import LevelingRun, Task
from tandem.testing.factories_planning import make_task

pytestmark = pytest.mark.django_db


def _overlap(world):
    make_task(world.project, "Build", estimate=Decimal(3), assignee_ids=[world.member.pk])
    make_task(world.project, "Test", estimate=Decimal(2), assignee_ids=[world.member.pk])


def test_the_workload_page_shows_the_grid_the_chart_and_the_causing_tasks(world, client) -> None:
    _overlap(world)
    client.force_login(world.manager)
    key = f"person-{world.member.pk}"

    page = client.get(
        f"/projects/{world.project.pk}/workload/?scale=day&start=2026-01-05&person={key}&period=0"
    )

    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="workload-grid"' in html
    assert "200%" in html
    chart = client.get(
        f"/projects/{world.project.pk}/workload/chart/?scale=day&start=2026-01-05&person={key}"
    )
    assert "<svg" in chart.content.decode()
    assert "Show as table" in chart.content.decode()
    assert f"workload/chart/?scale=day&amp;start=2026-01-05&amp;person={key}" in html
    causing = html[html.index('id="causing-tasks"') :]
    assert "1 Build" in causing
    assert "2 Test" in causing
    assert 'id="level-link"' in html


def test_a_bad_scale_on_the_page_says_so_and_shows_weeks(world, client) -> None:
    _overlap(world)
    client.force_login(world.member)

    page = client.get(f"/projects/{world.project.pk}/workload/?scale=fortnight&start=nope")

    html = page.content.decode()
    assert "Unknown scale" in html
    assert "is not a date" in html
    assert 'id="level-link"' not in html


def test_leveling_from_the_pages(world, client) -> None:
    _overlap(world)
    client.force_login(world.manager)
    base = f"/projects/{world.project.pk}/leveling"

    preview = client.post(f"{base}/preview/", {"method": "heuristic"}, follow=True)
    assert "Proposed leveling" in preview.content.decode()
    run = LevelingRun.objects.get()
    applied = client.post(f"{base}/apply/", {"run": run.pk, "version": run.version}, follow=True)
    assert "Leveling applied: 1 task" in applied.content.decode()
    assert Task.objects.filter(leveling_delay_days__gt=0).count() == 1
    cleared = client.post(f"{base}/clear/", follow=True)
    assert "Leveling cleared on 1 task" in cleared.content.decode()
    again = client.post(f"{base}/clear/", follow=True)
    assert "nothing to clear" in again.content.decode()


def test_the_api_previews_applies_with_the_run_version_and_clears(world, api_client) -> None:
    _overlap(world)
    api = api_client.as_user(world.manager)
    p = world.project.pk

    workload = api.get(f"/api/projects/{p}/workload?scale=day&start=2026-01-05")
    assert workload.status_code == 200
    row = workload.json()["rows"][0]
    assert [c["load_pct"] for c in row["cells"][:3]] == [200.0, 200.0, 100.0]

    preview = api.post(f"/api/projects/{p}/leveling/preview", {"method": "heuristic"})
    assert preview.status_code == 201
    body = preview.json()
    assert body["status"] == "done"
    moved = body["proposal"]["moves"]
    assert len(moved) == 1
    assert moved[0]["reasons"][0]["resource"] == str(world.member)

    stale = api.post(f"/api/leveling-runs/{body['id']}/apply", if_match=body["version"] + 1)
    assert stale.status_code == 412
    assert not Task.objects.filter(leveling_delay_days__gt=0).exists()

    applied = api.post(f"/api/leveling-runs/{body['id']}/apply", if_match=body["version"])
    assert applied.status_code == 200
    assert applied.json()["changed_tasks"] == 1
    again = api.post(f"/api/leveling-runs/{body['id']}/apply", if_match=body["version"] + 1)
    assert again.status_code == 409

    cleared = api.post(f"/api/projects/{p}/leveling/clear")
    assert cleared.status_code == 200
    assert cleared.json() == {"changed_tasks": 1}

    bad = api.post(f"/api/projects/{p}/leveling/preview", {"method": "magic"})
    assert bad.status_code == 422
