"""Periodic jobs without a broker: ``CELERY_BEAT_SCHEDULE`` run by a thread of a web process.

With a broker, ``celery ... worker -B`` runs the schedule. Without one (the embedded default),
every web process started by ``tandem run`` starts this thread, and the threads compete for an
exclusive lock on ``periodic-jobs.lock`` in the data directory: one process of the host runs the
schedule, the others wait. When that process exits (a worker restarted by gunicorn), the kernel
releases its lock and another process's thread takes over within ``RETRY_SECONDS``.

The jobs are idempotent as well, so a second runner (another host with its own data directory)
repeats work and never does it twice: the resend job queues only emails marked failed, and
sending one locks its notification and skips it once it is sent.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections

from tandem.config.celery import app as celery_app

log = logging.getLogger(__name__)

LOCK_FILE_NAME = "periodic-jobs.lock"
RETRY_SECONDS = 60.0


@dataclass(frozen=True)
class Entry:
    name: str
    task: str
    every_seconds: float
    args: tuple[Any, ...] = ()


def schedule_entries(schedule: dict[str, dict[str, Any]]) -> list[Entry]:
    """The entries of a Celery beat schedule that repeat at a fixed interval (seconds or a
    timedelta); other kinds (crontab) need ``celery beat`` and are left out with a warning."""
    entries = []
    for name, spec in schedule.items():
        every = spec["schedule"]
        if isinstance(every, dt.timedelta):
            every = every.total_seconds()
        if not isinstance(every, int | float) or every <= 0:
            log.warning("periodic job %s: schedule %r needs celery beat; not run", name, every)
            continue
        entries.append(Entry(name, spec["task"], float(every), tuple(spec.get("args", ()))))
    return entries


def try_lock(path: Path) -> int | None:
    """An open descriptor holding an exclusive lock on ``path``, or None when another process
    holds it. The lock lasts as long as the descriptor stays open."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def _run_task(entry: Entry) -> None:
    celery_app.loader.import_default_modules()
    try:
        celery_app.tasks[entry.task].apply(args=entry.args)
    except Exception:
        log.exception("periodic job %s failed", entry.name)
    finally:
        # This thread's own connection: nothing else would close it.
        connections.close_all()


class InProcessSchedule(threading.Thread):
    """Runs each entry every ``every_seconds`` while this process holds the lock file."""

    def __init__(
        self,
        entries: list[Entry],
        lock_path: Path,
        *,
        run: Callable[[Entry], None] = _run_task,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(name="tandem-periodic-jobs", daemon=True)
        self.entries = entries
        self.lock_path = lock_path
        self._run = run
        self._clock = clock
        self._stopped = threading.Event()
        self._fd: int | None = None
        self._next_at: dict[str, float] = {}

    @property
    def holds_lock(self) -> bool:
        return self._fd is not None

    def tick(self) -> float:
        """Take the lock if free and run what is due; seconds until the next look."""
        if self._fd is None:
            self._fd = try_lock(self.lock_path)
            if self._fd is None:
                return RETRY_SECONDS
        now = self._clock()
        for entry in self.entries:
            if now >= self._next_at.get(entry.name, now):
                self._run(entry)
                self._next_at[entry.name] = self._clock() + entry.every_seconds
        now = self._clock()
        waits = [self._next_at.get(e.name, now) - now for e in self.entries]
        return max(1.0, min(waits, default=RETRY_SECONDS))

    def run(self) -> None:
        while not self._stopped.is_set():
            self._stopped.wait(self.tick())

    def stop(self) -> None:
        self._stopped.set()
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None


def start_in_process_schedule() -> InProcessSchedule | None:
    """Start the schedule's thread in this process when jobs run in-process (no broker)."""
    if settings.CELERY_BROKER_URL or not settings.CELERY_TASK_ALWAYS_EAGER:
        return None
    entries = schedule_entries(settings.CELERY_BEAT_SCHEDULE)
    if not entries:
        return None
    thread = InProcessSchedule(entries, Path(settings.DATA_DIR) / LOCK_FILE_NAME)
    thread.start()
    return thread
