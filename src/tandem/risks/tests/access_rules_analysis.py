"""The schedule risk analysis's rows of the risks app's authorization matrix: whoever reads the
register reads the runs; the manager runs them; those who edit the plan edit its estimates."""

from decimal import Decimal

from tandem.planning.models import Task
from tandem.risks.analysis import AnalysisRequest
from tandem.risks.analysis_actions import do_start_risk_analysis
from tandem.risks.models import RiskAnalysisRun
from tandem.testing.factories_planning import make_task
from tandem.testing.roles import project_api

ESTIMATE = {"optimistic": "2", "most_likely": "3", "pessimistic": "6"}


def _readers(ok: int) -> dict[str, int]:
    return project_api(stakeholder=403, member=ok, coordinator=ok, manager=ok)


def analysis_rules(world):
    p = world.project.pk
    task = make_task(world.project, "Estimate me", estimate=Decimal(3))
    run = do_start_risk_analysis(
        world.project, acting_user=world.manager, request=AnalysisRequest(iterations=200, seed=1)
    )
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
    ]  # fmt: skip
