"""Background jobs of monitoring (Celery; the in-process schedule of ``tandem run`` without a
broker). Both are idempotent: an evaluation raises and sends only what is new.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tandem.core.jobs import job

from .evaluation import evaluate_all, evaluate_project, watched_projects
from .models import EvaluationRequest


@job("tandem.monitoring.evaluate_projects")
def evaluate_projects() -> int:
    """Hourly: evaluate every watched project; the number evaluated."""
    now = timezone.now()
    results = evaluate_all(now=now)
    EvaluationRequest.objects.filter(requested_at__lte=now).delete()
    return len(results)


@job("tandem.monitoring.evaluate_requested_projects")
def evaluate_requested_projects(now: dt.datetime | None = None) -> int:
    """Every minute: evaluate the projects rescheduled since their last evaluation."""
    moment = now or timezone.now()
    requests = list(EvaluationRequest.objects.all())
    wanted = {r.project_id for r in requests}
    done = 0
    for project in watched_projects().filter(pk__in=wanted):
        evaluate_project(project, now=moment)
        done += 1
    # A request made again while this ran (a later ``requested_at``) stays for the next run.
    for request in requests:
        EvaluationRequest.objects.filter(
            project_id=request.project_id, requested_at=request.requested_at
        ).delete()
    return done
