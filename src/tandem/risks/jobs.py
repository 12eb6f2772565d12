"""Background jobs of the risk register (Celery; run in-process when no broker is configured).

Celery ships no type information, hence the ignore on its decorator.
"""

from __future__ import annotations

from celery import shared_task

from .analysis_runner import do_execute_risk_analysis


@shared_task(name="tandem.risks.run_risk_analysis", acks_late=True)  # type: ignore[untyped-decorator]
def run_risk_analysis(run_id: int) -> str:
    """Simulate a queued schedule risk analysis run (idempotent: a run is simulated once)."""
    return do_execute_risk_analysis(run_id)
