"""The production web server of ``tandem run``: gunicorn with several worker processes.

Each worker is a separate process with a few threads, so a slow page does not hold up everyone
else and the two cores of a small machine are both used. Static files are served by WhiteNoise
from inside the app. Without a broker, each worker also starts the in-process periodic schedule
(``tandem.core.periodic``), which only one of them runs at a time.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.db import connections
from django.urls import get_resolver
from gunicorn.app.base import BaseApplication

from tandem.engine.leveling import compiled

from . import l10n
from .periodic import start_in_process_schedule

logger = logging.getLogger(__name__)

# More processes on one host rarely help a Django app (each holds its own copy of the code and
# its own database connections); more hosts do.
MAX_DEFAULT_WORKERS = 8
DEFAULT_THREADS = 4
DEFAULT_TIMEOUT_SECONDS = 120


def available_cores() -> int:
    """Cores this process may run on (a container's limit, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def default_workers(cores: int) -> int:
    """Gunicorn's rule of thumb, 2 x cores + 1, capped at ``MAX_DEFAULT_WORKERS``."""
    return min(2 * max(cores, 1) + 1, MAX_DEFAULT_WORKERS)


def positive_setting(
    given: int | None, env: Mapping[str, str], name: str, default: Callable[[], int]
) -> int:
    """A count from the command line, else from the environment variable ``name``, else the
    default; ValueError naming where a bad value came from."""
    if given is not None:
        value, source = given, "the command line"
    elif env.get(name, "").strip():
        source = name
        try:
            value = int(env[name])
        except ValueError:
            raise ValueError(f"{name}={env[name]!r} is not a whole number") from None
    else:
        return default()
    if value < 1:
        raise ValueError(f"{source}: {value} is not a positive number")
    return value


def bind_address(addrport: str) -> str:
    """``8000`` -> ``127.0.0.1:8000``; ``HOST:PORT`` and ``[v6]:PORT`` as given."""
    if addrport.isdigit():
        return f"127.0.0.1:{addrport}"
    host, sep, port = addrport.rpartition(":")
    if not sep or not host or not port.isdigit():
        raise ValueError(f"{addrport!r} is not PORT or ADDRESS:PORT")
    return addrport


def _post_worker_init(worker: Any) -> None:
    # Ctrl-C reaches every process of the terminal's group: the master, which then tells each
    # worker to quit, and the workers themselves. A gthread worker handling both signals at once
    # deadlocks in its thread pool's shutdown until the master kills it (20 s), so workers
    # leave SIGINT to the master.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    start_in_process_schedule()
    start_kernel_warm_up()


def start_kernel_warm_up() -> threading.Thread:
    """Load the leveler's compiled kernels in a background thread of this worker, so that no
    request and no solver time limit pays for it: a fraction of a second from numba's cache
    (written at install, ``make install``), about ten seconds to compile without one."""

    def warm() -> None:
        try:
            seconds = compiled.warm_up()
        except Exception:  # noqa: BLE001 - leveling still works, compiling on first use
            logger.warning("leveling kernels not warmed up", exc_info=True)
            return
        logger.info("leveling kernels ready in %.2f s", seconds)

    thread = threading.Thread(target=warm, name="tandem-kernel-warm-up", daemon=True)
    thread.start()
    return thread


def _worker_exit(arbiter: Any, worker: Any) -> None:
    """End a stopping worker at once, with its exit status, once its requests are answered.

    The interpreter's own finalization of a process holding Django, numpy, numba and OR-Tools
    takes seconds of CPU; with several workers on a small machine, Ctrl-C took up to the whole
    graceful timeout. Nothing is lost by skipping it: the logs are flushed here, and the database
    sees a closed connection either way.
    """
    exc = sys.exc_info()[1]
    if isinstance(exc, SystemExit):
        _exit_now(exc)


def _exit_now(exc: SystemExit) -> None:
    code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    connections.close_all()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def gunicorn_options(bind: str, *, workers: int, threads: int, timeout: int) -> dict[str, Any]:
    return {
        "bind": [bind],
        "workers": workers,
        "worker_class": "gthread",
        "threads": threads,
        "timeout": timeout,
        "graceful_timeout": 20,
        # A worker is replaced after this many requests, so a slow leak cannot grow for ever.
        "max_requests": 2000,
        "max_requests_jitter": 200,
        "accesslog": "-",
        "errorlog": "-",
        "proc_name": "tandem",
        "preload_app": True,
        # Gunicorn's control socket sits in the home folder by default, one per user: two
        # installations of one user would fight over it, and Tandem does not use it.
        "control_socket_disable": True,
        "post_worker_init": _post_worker_init,
        "worker_exit": _worker_exit,
    }


class TandemServer(BaseApplication):  # type: ignore[misc]  # gunicorn has no type information
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        application = get_wsgi_application()
        # Import every view now, in the master process (``preload_app``): a worker forked
        # afterwards, at start or when it is replaced, answers its first request at once instead
        # of spending seconds importing.
        get_resolver().url_patterns  # noqa: B018
        # Likewise the locale data the profile page lists (every CLDR locale, about 2 s to read).
        l10n.locale_choices(settings.LANGUAGE_CODE)
        connections.close_all()
        return application


def serve(bind: str, *, workers: int, threads: int, timeout: int) -> None:
    """Serve until stopped (Ctrl-C or SIGTERM); the caller has closed its database connections,
    which forked workers must not share. The process ends with the server, as its workers do."""
    try:
        TandemServer(
            gunicorn_options(bind, workers=workers, threads=threads, timeout=timeout)
        ).run()
    except SystemExit as exc:
        _exit_now(exc)
