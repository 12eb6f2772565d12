"""Background jobs of planning (Celery; without a broker, a thread of the web process)."""

from __future__ import annotations

import threading

from django.conf import settings
from django.db import close_old_connections

from tandem.core.jobs import job

from .leveling_runner import execute_leveling


@job("tandem.planning.run_leveling", acks_late=True)
def run_leveling(run_id: int) -> str:
    """Level the plan of a queued CP-SAT leveling run (idempotent: a run is executed once)."""
    return execute_leveling(run_id)


def start_leveling(run_id: int) -> None:
    """Queue a leveling run. With a broker, a worker takes it. Without one, Celery would run it
    eagerly inside the request, holding the page for the whole time limit: a thread of this
    process runs it instead, and the page follows its progress. With eager errors propagated
    (the test settings) it runs inline, so tests see its result at once."""
    if settings.CELERY_BROKER_URL or settings.CELERY_TASK_EAGER_PROPAGATES:
        run_leveling.delay(run_id)
        return
    threading.Thread(
        target=_in_thread, args=(run_id,), name=f"tandem-leveling-{run_id}", daemon=True
    ).start()


def _in_thread(run_id: int) -> None:
    try:
        execute_leveling(run_id)
    finally:
        close_old_connections()
