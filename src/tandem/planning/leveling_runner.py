"""Running a queued CP-SAT leveling (the body of ``jobs.run_leveling``), with its progress."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from django.db import close_old_connections
from django.utils import timezone

from tandem.core.errors import ValidationFailed
from tandem.engine.leveling import compiled

from .leveling import leveling_input, proposal_json, propose, run_leveler
from .models import LevelingRun, LevelingStatus

logger = logging.getLogger(__name__)


class ProgressTicker:
    """Moves a running leveling's progress with the clock (the solver reports none): the share
    of its time limit used, at most 99 until the result is stored."""

    def __init__(self, run_id: int, seconds: int, every: float = 0.5) -> None:
        self.run_id, self.seconds, self.every = run_id, max(1, seconds), every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._tick, name="tandem-leveling-progress")
        self._thread.daemon = True
        self._began = time.monotonic()

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(2)

    def _tick(self) -> None:
        try:
            while not self._stop.wait(self.every):
                share = (time.monotonic() - self._began) / self.seconds
                LevelingRun.objects.filter(pk=self.run_id, status=LevelingStatus.RUNNING).update(
                    progress=min(99, max(1, int(share * 100)))
                )
        finally:
            close_old_connections()


def execute_leveling(run_id: int) -> str:
    """Level the plan of a queued run and store the proposal (or the error); a run is executed
    once, and a run cancelled meanwhile keeps its cancelled status. Returns the final status."""
    run = LevelingRun.objects.select_related("project").get(pk=run_id)
    if run.status != LevelingStatus.QUEUED:
        return str(run.status)
    LevelingRun.objects.filter(pk=run_id).update(status=LevelingStatus.RUNNING, progress=1)
    # Compiled kernels load (or compile, on a fresh installation) before the time limit starts:
    # the solver's warm start would otherwise spend its share of the limit on it.
    compiled.warm_up()
    ticker = ProgressTicker(run_id, run.time_limit_seconds)
    ticker.start()
    started = time.perf_counter()
    try:
        data = leveling_input(run.project)
        result = run_leveler(data, run.method, float(run.time_limit_seconds))
        outcome: dict[str, Any] = {
            "result": proposal_json(propose(run.project, data, result, started=started)),
            "status": LevelingStatus.DONE,
        }
    except ValidationFailed as exc:
        outcome = {"error": exc.message, "status": LevelingStatus.FAILED}
    finally:
        ticker.stop()
    LevelingRun.objects.filter(pk=run_id).exclude(status=LevelingStatus.CANCELLED).update(
        progress=100, updated_at=timezone.now(), **outcome
    )
    return str(LevelingRun.objects.values_list("status", flat=True).get(pk=run_id))
