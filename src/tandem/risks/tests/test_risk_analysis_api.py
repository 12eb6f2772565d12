"""Schedule risk analysis through the API: the app's results are the engine's on the same data,
a run keeps its inputs, bad input is a 422 that changes nothing, runs compare."""

import datetime as dt
from decimal import Decimal

import numpy as np
import pytest

from tandem.core.models import AuditEvent
from tandem.engine.risk import (
    CorrelationGroup,
    RiskEvent,
    RiskLink,
    RiskNetwork,
    RiskTask,
    ThreePointEstimate,
    simulate_schedule_risk,
)
from tandem.planning.models import Task
from tandem.risks.analysis import HISTOGRAM_BINS
from tandem.risks.analysis_runner import do_execute_risk_analysis
from tandem.risks.models import AnalysisStatus, RiskAnalysisRun
from tandem.testing.factories_planning import make_link, make_task
from tandem.testing.factories_risks import make_risk

pytestmark = pytest.mark.django_db

DAY = 480.0  # working minutes of the default calendar's day


def _three_point(project, name, o, m, p, **fields):
    return make_task(
        project,
        name,
        estimate_mode="three_point",
        optimistic=Decimal(o),
        most_likely=Decimal(m),
        pessimistic=Decimal(p),
        **fields,
    )


def _working_days(first, last):
    return sum(
        1 for k in range((last - first).days + 1) if (first + dt.timedelta(days=k)).weekday() < 5
    )


@pytest.fixture
def plan(world):
    """design -> (build, test) -> launch milestone; a risk on build; the launch has a deadline."""
    project = world.project
    design = _three_point(project, "Design", 10, 15, 30)
    build = _three_point(project, "Build", 5, 10, 20)
    test = make_task(project, "Test", estimate=Decimal(12))
    deadline = dt.date(2026, 2, 20)
    launch = make_task(project, "Launch", is_milestone=True, deadline=deadline)
    for pred, succ in [(design, build), (design, test), (build, launch), (test, launch)]:
        make_link(pred, succ)
    risk = make_risk(
        world,
        title="Supplier slips",
        probability=None,
        probability_pct=Decimal("40"),
        schedule_impact_days=Decimal("2"),
        cost_impact=Decimal("1000"),
        task_ids=[build.pk],
    )
    return {
        "tasks": [design, build, test, launch],
        "risk": risk,
        "deadline": deadline,
    }


def _run(client, world, django_capture_on_commit_callbacks, **body):
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post(f"/api/projects/{world.project.pk}/risk-analysis/runs", body)
    assert resp.status_code == 201, resp.content
    run_id = resp.json()["id"]
    return client.get(f"/api/projects/{world.project.pk}/risk-analysis/runs/{run_id}").json()


def test_app_results_equal_the_engine_run_directly(
    world, api_client, plan, django_capture_on_commit_callbacks
):
    design, build, test, launch = plan["tasks"]
    client = api_client.as_user(world.manager)
    body = _run(
        client,
        world,
        django_capture_on_commit_callbacks,
        iterations=3000,
        seed=11,
        correlations=[{"task_ids": [design.pk, test.pk], "correlation": 0.5}],
    )
    assert body["status"] == "done", body["error"]
    # The same network written by hand, in the plan's order, in working minutes.
    ids = [str(t.pk) for t in (design, build, test, launch)]
    network = RiskNetwork(
        (
            RiskTask(ids[0], ThreePointEstimate(10 * DAY, 15 * DAY, 30 * DAY), name="Design"),
            RiskTask(ids[1], ThreePointEstimate(5 * DAY, 10 * DAY, 20 * DAY), name="Build"),
            RiskTask(ids[2], 12 * DAY, name="Test"),
            RiskTask(ids[3], 0.0, milestone=True, name="Launch"),
        ),
        (
            RiskLink(ids[0], ids[1]),
            RiskLink(ids[0], ids[2]),
            RiskLink(ids[1], ids[3]),
            RiskLink(ids[2], ids[3]),
        ),
        (RiskEvent(f"risk-{plan['risk'].pk}", 0.4, (ids[1],), delay=2 * DAY, cost=1000.0),),
        (CorrelationGroup((ids[0], ids[2]), 0.5),),
    )
    engine = simulate_schedule_risk(
        network, iterations=3000, seed=11, histogram_bins=HISTOGRAM_BINS
    )
    results = body["results"]
    finish = results["finish"]
    for name in ("mean", "p10", "p50", "p80", "p90"):
        assert finish[name] == pytest.approx(getattr(engine.finish, name), rel=1e-12)
    assert finish["histogram"]["counts"] == list(engine.finish.histogram_counts)
    assert {c["task_id"]: c["index"] for c in results["criticality"]} == {
        int(k): v for k, v in engine.criticality.items()
    }
    drivers = {(d["kind"], d["id"]): d["correlation"] for d in results["drivers"]}
    assert drivers[("task", design.pk)] == pytest.approx(engine.duration_sensitivity[ids[0]])
    assert drivers[("risk", plan["risk"].pk)] == pytest.approx(
        engine.event_impacts[f"risk-{plan['risk'].pk}"].finish_rank_correlation
    )
    assert results["cost"]["p90"] == pytest.approx(engine.cost.p90)
    # The launch's deadline: the share of iterations whose launch lands by its working day.
    by_deadline = _working_days(dt.date(2026, 1, 5), plan["deadline"]) * DAY
    samples = engine.milestones[ids[3]].samples
    (launch_row,) = results["milestones"]
    expected = float(np.count_nonzero(samples <= by_deadline)) / samples.size
    assert 0.05 < expected < 0.95  # the deadline sits inside the distribution
    assert launch_row["probability_deadline"] == pytest.approx(expected)
    assert launch_row["deadline_minutes"] == by_deadline
    by_target = _working_days(dt.date(2026, 1, 5), dt.date(2026, 6, 30)) * DAY
    assert results["target_minutes"] == by_target
    assert results["probability_target"] == pytest.approx(
        float(np.count_nonzero(engine.finish.samples <= by_target)) / samples.size
    )


def test_a_run_is_stored_with_its_inputs(
    world, api_client, plan, django_capture_on_commit_callbacks
):
    design = plan["tasks"][0]
    body = _run(
        api_client.as_user(world.manager),
        world,
        django_capture_on_commit_callbacks,
        iterations=500,
        seed=3,
        label="Week 12",
    )
    run = RiskAnalysisRun.objects.get(pk=body["id"])
    assert (run.label, run.iterations, run.seed, run.created_by, run.status, run.progress) == (
        "Week 12",
        500,
        3,
        world.manager,
        AnalysisStatus.DONE,
        100,
    )
    stored = {t["id"]: t for t in run.inputs["tasks"]}
    assert stored[str(design.pk)]["duration"] == [10 * DAY, 15 * DAY, 30 * DAY]
    assert run.inputs["events"][0]["task_ids"] == [str(plan["tasks"][1].pk)]
    assert run.inputs["target_date"] == "2026-06-30"
    assert run.finished_at is not None
    actions = list(
        AuditEvent.objects.filter(object_id=str(run.pk), object_type="risks.riskanalysisrun")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["risk_analysis.started", "risk_analysis.finished"]
    # Changing the plan afterwards does not change what the run says it simulated.
    Task.objects.filter(pk=design.pk).update(most_likely=Decimal(25))
    run.refresh_from_db()
    assert run.inputs["tasks"][0]["duration"][1] == 15 * DAY


def test_same_seed_same_results_and_the_job_runs_once(
    world, api_client, plan, django_capture_on_commit_callbacks
):
    client = api_client.as_user(world.manager)
    first = _run(client, world, django_capture_on_commit_callbacks, iterations=400, seed=9)
    again = _run(client, world, django_capture_on_commit_callbacks, iterations=400, seed=9)
    assert first["results"]["finish"] == again["results"]["finish"]
    assert do_execute_risk_analysis(first["id"]) == "done"
    assert AuditEvent.objects.filter(action="risk_analysis.finished").count() == 2


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"iterations": 0}, "iterations"),
        ({"iterations": 10**9}, "iterations"),
        ({"seed": -1}, "seed"),
        (
            {"correlations": [{"task_ids": [424242, 1], "correlation": 0.3}]},
            "correlations.0.task_ids",
        ),
        ({"correlations": [{"task_ids": [], "correlation": 1.5}]}, "correlations.0.correlation"),
    ],
)
def test_bad_run_input_is_422_naming_the_field_and_stores_nothing(
    world, api_client, plan, body, field, django_capture_on_commit_callbacks
):
    audit_rows = AuditEvent.objects.count()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        resp = api_client.as_user(world.manager).post(
            f"/api/projects/{world.project.pk}/risk-analysis/runs", body
        )
    assert resp.status_code == 422, resp.content
    assert list(resp.json()["error"]["fields"]) == [field]
    assert callbacks == []
    assert RiskAnalysisRun.objects.count() == 0
    assert AuditEvent.objects.count() == audit_rows


def test_a_task_in_two_correlation_groups_is_refused(world, api_client, plan):
    design, build, test, _ = plan["tasks"]
    resp = api_client.as_user(world.manager).post(
        f"/api/projects/{world.project.pk}/risk-analysis/runs",
        {
            "correlations": [
                {"task_ids": [design.pk, build.pk], "correlation": 0.3},
                {"task_ids": [test.pk, design.pk], "correlation": 0.3},
            ]
        },
    )
    assert resp.status_code == 422
    assert "Design" in resp.json()["error"]["message"]
    assert RiskAnalysisRun.objects.count() == 0


def _estimates_url(world):
    return f"/api/projects/{world.project.pk}/risk-analysis/estimates"


def test_estimates_are_set_all_together(world, api_client, plan):
    design, build, test, _ = plan["tasks"]
    test.refresh_from_db()
    build.refresh_from_db()
    resp = api_client.as_user(world.manager).patch(
        _estimates_url(world),
        {
            "tasks": [
                {"task_id": test.pk, "version": test.version, "optimistic": "10",
                 "most_likely": "12", "pessimistic": "18.5"},
                {"task_id": build.pk, "version": build.version, "optimistic": "6",
                 "most_likely": "9", "pessimistic": "15"},
            ]
        },
    )  # fmt: skip
    assert resp.status_code == 200, resp.content
    rows = {r["task_id"]: r for r in resp.json()}
    assert set(rows) == {test.pk, build.pk}
    test.refresh_from_db()
    assert (test.estimate_mode, test.optimistic, test.most_likely, test.pessimistic) == (
        "three_point",
        Decimal("10"),
        Decimal("12"),
        Decimal("18.5"),
    )
    assert rows[test.pk]["version"] == test.version
    listed = api_client.get(_estimates_url(world)).json()
    # The milestone carries no estimate and is not listed.
    assert [r["name"] for r in listed] == ["Design", "Build", "Test"]


@pytest.mark.parametrize(
    ("item", "field"),
    [
        ({"optimistic": "5", "most_likely": "4", "pessimistic": "3"}, "tasks.1.pessimistic"),
        ({"optimistic": "1", "most_likely": "9", "pessimistic": "3"}, "tasks.1.most_likely"),
        ({"optimistic": "-1", "most_likely": "2", "pessimistic": "3"}, "tasks.1.optimistic"),
        ({"task_id": 424242}, "tasks.1.task_id"),
        ({"task_id": "launch"}, "tasks.1.task_id"),
    ],
)
def test_bad_estimates_are_422_naming_the_item_and_change_nothing(
    world, api_client, plan, item, field
):
    design, build, _, launch = plan["tasks"]
    if item.get("task_id") == "launch":
        item = {"task_id": launch.pk}
    design.refresh_from_db()
    build.refresh_from_db()
    good = {"task_id": design.pk, "version": design.version, "optimistic": "1", "most_likely": "2",
            "pessimistic": "3"}  # fmt: skip
    bad = {"task_id": build.pk, "version": build.version, "optimistic": "1", "most_likely": "2",
           "pessimistic": "3", **item}  # fmt: skip
    before = list(Task.objects.order_by("pk").values())
    audit_rows = AuditEvent.objects.count()
    resp = api_client.as_user(world.manager).patch(_estimates_url(world), {"tasks": [good, bad]})
    assert resp.status_code == 422, resp.content
    assert list(resp.json()["error"]["fields"]) == [field]
    assert list(Task.objects.order_by("pk").values()) == before
    assert AuditEvent.objects.count() == audit_rows


def test_a_stale_estimate_version_is_412(world, api_client, plan):
    design = plan["tasks"][0]
    resp = api_client.as_user(world.manager).patch(
        _estimates_url(world),
        {"tasks": [{"task_id": design.pk, "version": 7, "optimistic": "1", "most_likely": "2",
                    "pessimistic": "3"}]},
    )  # fmt: skip
    assert resp.status_code == 412
    design.refresh_from_db()
    assert design.most_likely == Decimal(15)


def test_two_runs_compare(world, api_client, plan, django_capture_on_commit_callbacks):
    design = plan["tasks"][0]
    client = api_client.as_user(world.manager)
    before = _run(client, world, django_capture_on_commit_callbacks, iterations=1000, seed=1)
    design.refresh_from_db()
    client.patch(
        _estimates_url(world),
        {"tasks": [{"task_id": design.pk, "version": design.version, "optimistic": "20",
                    "most_likely": "25", "pessimistic": "40"}]},
    )  # fmt: skip
    after = _run(client, world, django_capture_on_commit_callbacks, iterations=1000, seed=1)
    resp = client.get(
        f"/api/projects/{world.project.pk}/risk-analysis/compare"
        f"?base={before['id']}&other={after['id']}"
    )
    assert resp.status_code == 200, resp.content
    body = resp.json()
    p50 = [dt.date.fromisoformat(r["results"]["finish"]["dates"]["p50"]) for r in (before, after)]
    assert body["p50_shift_days"] == (p50[1] - p50[0]).days > 0
    change = after["results"]["probability_target"] - before["results"]["probability_target"]
    assert body["probability_target_change_points"] == pytest.approx(change * 100)
    listed = client.get(f"/api/projects/{world.project.pk}/risk-analysis/runs").json()
    assert [r["id"] for r in listed["items"]] == [after["id"], before["id"]]


def test_a_run_of_another_project_is_not_found(
    world, api_client, plan, django_capture_on_commit_callbacks
):
    body = _run(
        api_client.as_user(world.manager), world, django_capture_on_commit_callbacks, seed=1
    )
    from_other = api_client.get(
        f"/api/projects/{world.project.pk + 999}/risk-analysis/runs/{body['id']}"
    )
    assert from_other.status_code == 404


def test_a_failing_simulation_is_kept_on_the_run(world, plan):
    run = RiskAnalysisRun.objects.create(
        project=world.project,
        iterations=200,
        inputs={"tasks": [], "links": [], "events": [], "correlations": [], "iterations": 200,
                "seed": 1, "origin_at": "2026-01-05T09:00:00+00:00", "minutes_per_day": 480,
                "target_date": "2026-06-30"},
    )  # fmt: skip
    assert do_execute_risk_analysis(run.pk) == "failed"
    run.refresh_from_db()
    assert run.status == "failed"
    assert run.error.startswith("RiskModelError: ")
