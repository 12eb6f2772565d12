"""Background jobs of the risk register (Celery; run in-process when no broker is configured)."""

from __future__ import annotations

from tandem.core.jobs import job

from .analysis_runner import do_execute_risk_analysis


@job("tandem.risks.run_risk_analysis", acks_late=True)
def run_risk_analysis(run_id: int) -> str:
    """Simulate a queued schedule risk analysis run (idempotent: a run is simulated once)."""
    return do_execute_risk_analysis(run_id)
