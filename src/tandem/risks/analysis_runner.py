"""The background job's work: simulate a stored run and keep its summary.

Not one transaction: the progress is written (and committed) after each batch of iterations, so
the page that polls the run sees it move. Claiming the run and storing its results are each
atomic, and a run is claimed once (queued -> running), so a job delivered twice simulates once.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from tandem.core import audit

from .analysis import simulate, summarize_result, time_axis
from .models import AnalysisStatus, RiskAnalysisRun


def _claim(run_id: int) -> bool:
    return bool(
        RiskAnalysisRun.objects.filter(pk=run_id, status=AnalysisStatus.QUEUED).update(
            status=AnalysisStatus.RUNNING, started_at=timezone.now(), progress=0
        )
    )


def do_execute_risk_analysis(run_id: int) -> str:
    """Simulate run ``run_id`` if it is still queued; returns its status afterwards.

    A failure is kept on the run (status ``failed`` and the message) rather than raised: the
    request that queued it has long been answered.
    """
    if not _claim(run_id):
        return str(
            RiskAnalysisRun.objects.filter(pk=run_id).values_list("status", flat=True).first()
        )
    run = RiskAnalysisRun.objects.select_related("project").get(pk=run_id)
    shown = [0]

    def progress(done: int, total: int) -> None:
        percent = min(99, done * 100 // total)
        if percent > shown[0]:
            shown[0] = percent
            RiskAnalysisRun.objects.filter(pk=run_id).update(progress=percent)

    try:
        axis = time_axis(run.project, run.inputs)
        result = simulate(run.inputs, axis, progress)
        summary = summarize_result(result, run.inputs, axis)
    except Exception as exc:  # noqa: BLE001 - any failure is the run's outcome, shown on its page
        _finish(run, AnalysisStatus.FAILED, error=f"{type(exc).__name__}: {exc}")
        return AnalysisStatus.FAILED
    _finish(run, AnalysisStatus.DONE, results=summary)
    return AnalysisStatus.DONE


@transaction.atomic
def _finish(
    run: RiskAnalysisRun,
    status: AnalysisStatus,
    *,
    results: dict[str, object] | None = None,
    error: str = "",
) -> None:
    RiskAnalysisRun.objects.filter(pk=run.pk).update(
        status=status,
        results=results,
        error=error[:2000],
        progress=100 if status == AnalysisStatus.DONE else 0,
        finished_at=timezone.now(),
    )
    audit.record(
        actor=None,
        action=f"risk_analysis.{'finished' if status == AnalysisStatus.DONE else 'failed'}",
        obj=run,
        changes={"status": [AnalysisStatus.RUNNING.value, status.value]},
        project_id=run.project_id,
        organization_id=run.project.organization_id,
    )
