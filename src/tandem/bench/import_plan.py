"""``tandem bench import``: the time to import a generated 5,000-task MS Project XML file.

The file is written by the engine's MSPDI writer from a generated plan (five streams of work
packages, each a summary over five chains of seven tasks feeding a milestone, the chains of the
next package after that milestone: the shape ``tandem bench plan`` uses), with a holiday, links
with lags, and one resource per stream. The import runs end to end in a throwaway database
(SQLite by default, PostgreSQL when ``DATABASE_URL`` names one): reading and checking the file,
scheduling it, writing the project in one transaction, scheduling it again in Tandem and
comparing every task's dates with the file's schedule. Prints the preview's and the import's
times (median of ``--runs``), and the number of tasks whose dates differ (expected 0).

Options: ``--tasks 5000`` ``--runs 3``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import time
from typing import Any

from tandem.engine.formats import write_mspdi
from tandem.engine.scheduling import model as engine
from tandem.engine.scheduling import schedule_project

STREAMS = 5
CHAINS = 5
CHAIN_LENGTH = 7
DAY = 480
WEEK = (((480, 720), (780, 1020)),) * 5 + ((), ())


def generated_mspdi(tasks: int) -> bytes:
    """An MSPDI file of about ``tasks`` tasks (deterministic)."""
    items: list[engine.Task] = []
    links: list[engine.Link] = []
    assignments: list[engine.Assignment] = []
    per_stream = tasks // STREAMS
    package_size = 1 + CHAINS * CHAIN_LENGTH + 1

    def add(name: str, parent: str | None, minutes: int = 0, milestone: bool = False) -> str:
        task_id = str(len(items) + 1)
        duration = engine.Duration(minutes)
        items.append(engine.Task(task_id, name, duration, parent, milestone=milestone))
        return task_id

    for stream in range(STREAMS):
        phase = add(f"Stream {stream + 1}", None)
        budget, package, previous = per_stream - 1, 0, None
        while budget >= package_size:
            package += 1
            budget -= package_size
            summary = add(f"Work package {stream + 1}.{package}", phase)
            ends = []
            for chain in range(CHAINS):
                before = previous
                for step in range(CHAIN_LENGTH):
                    days = 1 + (chain + step + package) % 4 + (2 if chain == 0 else 0)
                    task = add(f"Task {stream + 1}.{package}.{chain + 1}.{step + 1}", summary,
                               days * DAY)  # fmt: skip
                    if before is not None:
                        lag = engine.Lag(DAY if (step + chain) % 4 == 0 else 0)
                        links.append(engine.Link(before, task, engine.LinkType.FS, lag))
                    if step == 0:
                        assignments.append(engine.Assignment(task, f"r{stream}", 1.0))
                    before = task
                ends.append(before)
            milestone = add(f"Package {stream + 1}.{package} done", summary, milestone=True)
            links.extend(engine.Link(end, milestone) for end in ends if end is not None)
            previous = milestone
    holiday = engine.CalendarException(dt.date(2025, 12, 25), dt.date(2025, 12, 26))
    project = engine.Project(
        name="Generated plan",
        start=dt.datetime(2025, 3, 3, 8, tzinfo=dt.UTC),
        calendar_id="1",
        calendars=(engine.Calendar("1", "Standard", WEEK, (holiday,)),),
        tasks=tuple(items),
        links=tuple(links),
        resources=tuple(engine.Resource(f"r{s}", f"Crew {s + 1}") for s in range(STREAMS)),
        assignments=tuple(assignments),
    )
    return write_mspdi(project, schedule_project(project))


def _run(tasks: int, runs: int) -> int:
    from django.db import connection  # noqa: PLC0415

    from tandem.testing.factories import make_world  # noqa: PLC0415
    from tandem.transfer.importing import do_import_project, preview_import  # noqa: PLC0415

    data = generated_mspdi(tasks)
    admin = make_world().admin
    print(f"generated MSPDI file: {len(data) / 1_048_576:.1f} MB", flush=True)
    previews, imports = [], []
    result: Any = None
    for _ in range(runs):
        begun = time.perf_counter()
        preview = preview_import(data, "generated.xml", acting_user=admin)
        previews.append(time.perf_counter() - begun)
        begun = time.perf_counter()
        result = do_import_project(data, "generated.xml", acting_user=admin)
        imports.append(time.perf_counter() - begun)
    counts = result.report["counts"]
    print(
        f"preview (read, check, schedule) of {counts['tasks']} tasks and {counts['links']} links:"
        f" median {statistics.median(previews):.2f} s; whole import (preview, writes in one "
        f"transaction, Tandem's schedule, comparison): median {statistics.median(imports):.2f} s,"
        f" slowest {max(imports):.2f} s over {runs} runs on {connection.vendor}; "
        f"tasks whose dates differ from the file's schedule: {len(result.report['differences'])}",
        flush=True,
    )
    print(f"(load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    return 0 if not result.report["differences"] and preview is not None else 1


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="tandem bench import", description=__doc__)
    parser.add_argument("--tasks", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tandem.config.settings.test")
    import django  # noqa: PLC0415 - Django starts only for this part, not for ``tandem bench``

    django.setup()
    from django.db import connection  # noqa: PLC0415
    from django.test.utils import setup_databases, teardown_databases  # noqa: PLC0415

    connection.settings_dict.setdefault("TEST", {})
    if connection.vendor != "sqlite":
        connection.settings_dict["TEST"]["NAME"] = f"tandem_bench_{os.getpid()}"
    names = setup_databases(verbosity=0, interactive=False, serialized_aliases=set())
    try:
        return _run(args.tasks, args.runs)
    finally:
        teardown_databases(names, verbosity=0)
