"""The schedule risk analysis's rows of the risks app's authorization matrix: whoever reads the
register reads the runs; the manager runs them; those who edit the plan edit its estimates."""

from decimal import Decimal

from tandem.planning.models import Task
from tandem.risks.models import RiskAnalysisRun
from tandem.risks.queries import estimate_rows
from tandem.testing.factories_planning import make_task
from tandem.testing.roles import project_api, project_page

ESTIMATE = {"optimistic": "2", "most_likely": "3", "pessimistic": "6"}


def _readers(ok: int) -> dict[str, int]:
    return project_api(stakeholder=403, member=ok, coordinator=ok, manager=ok)


def _page_readers(ok: int) -> dict[str, int]:
    return project_page(stakeholder=403, member=ok, coordinator=ok, manager=ok)


def analysis_rules(world):
    p = world.project.pk
    # An existing task when other apps' rules made some: a new one would move their versions.
    rows = estimate_rows(world.project)
    task = (
        Task.objects.get(pk=rows[0]["task_id"])
        if rows
        else make_task(world.project, "Estimate me", estimate=Decimal(3))
    )
    run = RiskAnalysisRun.objects.create(
        project=world.project, created_by=world.manager, iterations=200, seed=1,
        inputs={"tasks": [], "links": [], "events": [], "correlations": [],
                "origin": "project start"},
    )  # fmt: skip
    base = f"/api/projects/{p}/risk-analysis"
    estimate = {"task_id": task.pk, "version": task.version, **ESTIMATE}
    return [
        {
            "method": "POST", "url": f"{base}/runs", "model": RiskAnalysisRun,
            "body": {"iterations": 200, "seed": 1},
            "expect": project_api(stakeholder=403, member=403, coordinator=403, manager=201),
        },
        {"method": "GET", "url": f"{base}/runs", "expect": _readers(200)},
        {"method": "GET", "url": f"{base}/runs/{run.pk}", "expect": _readers(200)},
        {"method": "GET", "url": f"{base}/compare?base={run.pk}&other={run.pk}", "expect": _readers(200)},
        {"method": "GET", "url": f"{base}/estimates", "expect": _readers(200)},
        {
            "method": "PATCH", "url": f"{base}/estimates", "model": Task, "pk": task.pk,
            "body": {"tasks": [estimate]},
            "expect": project_api(stakeholder=403, member=403, coordinator=200, manager=200),
        },
        # Pages
        {"method": "GET", "url": f"/projects/{p}/risk-analysis/", "expect": _page_readers(200)},
        {
            "method": "POST", "url": f"/projects/{p}/risk-analysis/", "model": RiskAnalysisRun,
            "body": {"iterations": "200", "seed": "1"},
            "expect": project_page(stakeholder=403, member=403, coordinator=403, manager=302),
        },
        {"method": "GET", "url": f"/projects/{p}/risk-analysis/runs/{run.pk}/", "expect": _page_readers(200)},
        {"method": "GET", "url": f"/projects/{p}/risk-analysis/runs/{run.pk}/progress/", "expect": _page_readers(200)},
        {"method": "GET", "url": f"/projects/{p}/risk-analysis/compare/", "expect": _page_readers(200)},
        {
            "method": "POST", "url": f"/projects/{p}/risk-analysis/estimates/{task.pk}/", "model": Task,
            "pk": task.pk, "body": {f"t{task.pk}-{k}": v for k, v in {**ESTIMATE, "version": task.version}.items()},
            "expect": project_page(stakeholder=403, member=403, coordinator=302, manager=302),
        },
    ]  # fmt: skip
