"""Asking for an evaluation soon: the planning code calls ``request_evaluation`` after a
reschedule has committed. Only a row is written (one per project, however many changes), so a
change never waits for an evaluation; the minute job (``jobs.evaluate_requested_projects``)
evaluates and clears it."""

from __future__ import annotations

from django.utils import timezone

from .models import EvaluationRequest


def request_evaluation(project_id: int) -> None:
    EvaluationRequest.objects.update_or_create(
        project_id=project_id, defaults={"requested_at": timezone.now()}
    )
