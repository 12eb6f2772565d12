"""The risk analysis pages: run from the form, read the charts with their tables, edit estimates
inline, compare two runs."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from defusedxml import ElementTree as ET
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tandem.engine.risk import simulation as risk_simulation
from tandem.planning.models import Task
from tandem.risks.analysis import AnalysisRequest
from tandem.risks.analysis_actions import do_start_risk_analysis
from tandem.risks.analysis_runner import do_execute_risk_analysis
from tandem.risks.models import RiskAnalysisRun
from tandem.testing.factories_planning import make_link, make_task
from tandem.testing.factories_risks import make_risk

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(world):
    project = world.project
    design = make_task(project, "Design", estimate_mode="three_point", optimistic=Decimal(4),
                       most_likely=Decimal(6), pessimistic=Decimal(12))  # fmt: skip
    build = make_task(project, "Build", estimate=Decimal(10))
    launch = make_task(project, "Launch", is_milestone=True, deadline=dt.date(2026, 1, 30))
    make_link(design, build)
    make_link(build, launch)
    make_risk(world, title="Vendor late", probability=3, schedule_impact_days=Decimal(3),
              task_ids=[build.pk])  # fmt: skip
    return design, build, launch


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _url(world, tail=""):
    return f"/projects/{world.project.pk}/risk-analysis/{tail}"


def test_manager_runs_an_analysis_and_reads_its_results(
    world, plan, django_capture_on_commit_callbacks
):
    client = _client(world.manager)
    page = client.get(_url(world))
    assert page.status_code == 200
    assert b"Run analysis" in page.content
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post(_url(world), {"iterations": "1000", "seed": "4", "label": "Week 3"})
    run = RiskAnalysisRun.objects.get()
    assert resp.status_code == 302
    assert resp["Location"] == _url(world, f"runs/{run.pk}/")
    html = client.get(resp["Location"]).content.decode()
    assert "Week 3 was started with 1,000 iterations." in html
    finish = run.results["finish"]
    # The histogram is an inline SVG, and its table lists every bin.
    histogram = html[html.index('id="finish-histogram"') :]
    svg = histogram[histogram.index("<svg") : histogram.index("</svg>") + 6]
    assert ET.fromstring(svg).get("role") == "img"
    assert histogram.count('<tr><th scope="row">') >= len(finish["histogram"]["counts"])
    p80 = dt.date.fromisoformat(finish["dates"]["p80"]).strftime("%d %b %Y")
    assert f'<th scope="row">P80</th><td>{p80}</td>' in html
    assert "What drives the finish" in html
    assert "Task: Design" in html
    assert "Risk: Vendor late" in html
    assert "Criticality index" in html
    chance = round(run.results["probability_target"] * 100)
    assert f'<strong class="big">{chance} %</strong>' in html


def test_bad_run_form_shows_the_error_and_stores_nothing(world, plan):
    client = _client(world.manager)
    resp = client.post(_url(world), {"iterations": "0"})
    assert resp.status_code == 422
    assert "Ensure this value is greater than or equal to 100." in resp.content.decode()
    resp = client.post(
        _url(world),
        {"iterations": "500", "group1_tasks": [str(plan[0].pk)], "group1_correlation": "0.4"},
    )
    assert resp.status_code == 422
    assert "needs at least two tasks" in resp.content.decode()
    assert RiskAnalysisRun.objects.count() == 0


def test_estimate_row_saves_inline_and_refuses_bad_values(world, plan):
    design, build, _ = plan
    client = _client(world.manager)
    build.refresh_from_db()
    prefix = f"t{build.pk}-"
    url = _url(world, f"estimates/{build.pk}/")
    bad = {f"{prefix}version": build.version, f"{prefix}optimistic": "9",
           f"{prefix}most_likely": "10", f"{prefix}pessimistic": "5"}  # fmt: skip
    resp = client.post(url, bad, HTTP_HX_REQUEST="true")
    assert resp.status_code == 422
    assert "must not be below optimistic" in resp.content.decode()
    assert Task.objects.get(pk=build.pk).estimate_mode == "single"
    good = {**bad, f"{prefix}pessimistic": "16"}
    resp = client.post(url, good, HTTP_HX_REQUEST="true")
    assert resp.status_code == 200
    html = resp.content.decode()
    assert html.startswith(f'<tr id="estimate-{build.pk}">')
    assert "Saved" in html
    build.refresh_from_db()
    assert (build.estimate_mode, build.optimistic, build.pessimistic) == (
        "three_point",
        Decimal(9),
        Decimal(16),
    )


def test_member_reads_but_neither_runs_nor_edits(world, plan):
    client = _client(world.member)
    html = client.get(_url(world)).content.decode()
    assert "Run analysis" not in html
    assert 'name="t' not in html
    assert client.post(_url(world), {"iterations": "500"}).status_code == 403


def test_two_runs_compare_on_the_page(world, plan, django_capture_on_commit_callbacks):
    client = _client(world.manager)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(world), {"iterations": "500", "seed": "1", "label": "Before"})
    design = Task.objects.get(pk=plan[0].pk)
    Task.objects.filter(pk=design.pk).update(most_likely=Decimal(10), pessimistic=Decimal(20))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(world), {"iterations": "500", "seed": "1", "label": "After"})
    html = client.get(_url(world, "compare/")).content.decode()
    before, after = RiskAnalysisRun.objects.order_by("pk")
    shift = (
        dt.date.fromisoformat(after.results["finish"]["dates"]["p50"])
        - dt.date.fromisoformat(before.results["finish"]["dates"]["p50"])
    ).days
    assert shift > 0
    assert f"+{shift} days" in html


def test_a_queued_run_shows_its_progress_until_it_is_done(world, plan, monkeypatch):
    # Without a broker's worker the job waits (the transaction never commits in this test).
    run = do_start_risk_analysis(
        world.project, acting_user=world.manager, request=AnalysisRequest(iterations=200, seed=2)
    )
    client = _client(world.member)
    html = client.get(_url(world, f"runs/{run.pk}/")).content.decode()
    assert '<progress id="run-progress-bar" max="100" value="0">' in html
    assert f'hx-get="{_url(world, f"runs/{run.pk}/progress/")}"' in html
    polled = client.get(_url(world, f"runs/{run.pk}/progress/"))
    assert "HX-Refresh" not in polled
    # Batches of 20 iterations for the three tasks: the job writes its progress ten times.
    monkeypatch.setattr(risk_simulation, "_BATCH_ELEMENTS", 60)
    with CaptureQueriesContext(connection) as queries:
        assert do_execute_risk_analysis(run.pk) == "done"
    shown = [
        int(re.search(r'SET "progress" = (\d+)', q["sql"]).group(1))
        for q in queries
        if 'SET "progress" =' in q["sql"]
    ]
    # After each batch; the last batch shows 99 % until the results are stored (then 100 %).
    assert shown == [10, 20, 30, 40, 50, 60, 70, 80, 90, 99]
    assert RiskAnalysisRun.objects.get(pk=run.pk).progress == 100
    polled = client.get(_url(world, f"runs/{run.pk}/progress/"))
    assert polled["HX-Refresh"] == "true"
    assert "<progress" not in client.get(_url(world, f"runs/{run.pk}/")).content.decode()
