"""``tandem bench plan``: the time of one plan change that moves a thousand tasks, end to end.

Generates a 5,000-task plan in a throwaway database (SQLite by default, PostgreSQL when
``DATABASE_URL`` names one): five independent streams, each a phase of 27 work packages; a
work package is a summary over five chains of seven tasks feeding a milestone, and the next
package's chains start after that milestone (1 + 27 x 37 = 1,000 tasks a stream). One early task
of the first stream's critical chain then changes its duration back and forth, so every later
task of that stream (about a thousand, summaries included) moves each time. Each run times the
whole action as a request runs it: ``do_update_task`` with the automatic rescheduling, the bulk
writes of the moved tasks and the audit rows, in one transaction. The first change after the
plan was applied reads the plan in full (no cached scheduler yet); the others update the cached
scheduler. Prints the first, the median and the slowest of ``--runs`` runs, and for reference
what a full reschedule and the engine's full ``schedule_project`` cost on the same plan.

Options: ``--tasks 5000`` ``--runs 9`` ``--seed 7``.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from decimal import Decimal
from typing import Any

TARGET_SECONDS = 0.5
STREAMS = 5
CHAINS = 5
CHAIN_LENGTH = 7


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tandem.config.settings.test")
    import django  # noqa: PLC0415 - Django starts only for this part, not for ``tandem bench``

    django.setup()


def _parent_saved(rows: list[Any], parent: int | None) -> bool:
    return parent is None or rows[parent].pk is not None


def generate_plan(project: Any, tasks: int, seed: int = 7) -> tuple[Any, int]:
    """Fill ``project`` with about ``tasks`` tasks (bulk inserts, no audit rows: test data).

    Returns the task whose duration the benchmark changes and the number of tasks in its stream.
    """
    from tandem.planning import wbs  # noqa: PLC0415
    from tandem.planning.models import Dependency, Task  # noqa: PLC0415

    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    per_stream = tasks // STREAMS
    package_size = 1 + CHAINS * CHAIN_LENGTH + 1
    rows: list[Task] = []
    parent_of: list[int | None] = []  # index in ``rows`` of each row's parent
    links: list[tuple[int, int, int]] = []  # (predecessor index, successor index, lag days)
    changed_index = -1

    def add(parent: int | None, position: int, **fields: Any) -> int:
        task = Task(project=project, position=position, **fields)
        rows.append(task)
        parent_of.append(parent)
        return len(rows) - 1

    for stream in range(STREAMS):
        phase = add(None, stream + 1, name=f"Stream {stream + 1}")
        budget = per_stream - 1
        previous_milestone: int | None = None
        package = 0
        while budget >= package_size:
            package += 1
            budget -= package_size
            summary = add(phase, package, name=f"Work package {stream + 1}.{package}")
            ends = []
            for chain in range(CHAINS):
                before: int | None = None
                for step in range(CHAIN_LENGTH):
                    # Chain 0 is the longest, so it drives the milestone (the critical chain).
                    days = rng.randint(1, 4) + (2 if chain == 0 else 0)
                    index = add(
                        summary,
                        chain * CHAIN_LENGTH + step + 1,
                        name=f"Task {stream + 1}.{package}.{chain + 1}.{step + 1}",
                        estimate=Decimal(days),
                    )
                    if before is not None:
                        links.append((before, index, rng.choice((0, 0, 0, 1))))
                    elif previous_milestone is not None:
                        links.append((previous_milestone, index, 0))
                    if stream == 0 and package == 1 and chain == 0 and step == 0:
                        changed_index = index
                    before = index
                ends.append(before)
            milestone = add(
                summary,
                CHAINS * CHAIN_LENGTH + 1,
                name=f"Package {stream + 1}.{package} done",
                is_milestone=True,
            )
            links.extend((end, milestone, 0) for end in ends if end is not None)
            previous_milestone = milestone
    # Parents before children: phases, then work packages, then their tasks.
    pending = list(range(len(rows)))
    while pending:
        ready = [i for i in pending if _parent_saved(rows, parent_of[i])]
        for i in ready:
            parent = parent_of[i]
            if parent is not None:
                rows[i].parent_id = rows[parent].pk
        Task.objects.bulk_create([rows[i] for i in ready], batch_size=500)
        pending = [i for i in pending if rows[i].pk is None]
    wbs.renumber_project(project.pk)
    Dependency.objects.bulk_create(
        [
            Dependency(
                project=project,
                predecessor_id=rows[p].pk,
                successor_id=rows[s].pk,
                lag=Decimal(lag),
            )
            for p, s, lag in links
        ],
        batch_size=500,
    )
    return Task.objects.get(pk=rows[changed_index].pk), per_stream


def _world() -> tuple[Any, Any]:
    from tandem.testing.factories import make_world  # noqa: PLC0415

    world = make_world()
    return world.project, world.manager


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def _reference(project: Any, repeat: int = 3) -> tuple[float, float]:
    """Median times of a full reschedule's read and schedule (``schedule_cache.build``: the
    plan's rows, the engine's project, the scheduler) and of the engine's ``schedule_project``
    alone on the same project."""
    from tandem.planning import schedule_cache  # noqa: PLC0415
    from tandem.planning.scheduling import engine_project, plan_frame, run_engine  # noqa: PLC0415

    full, alone = [], []
    eproject, _ = engine_project(project)
    for _ in range(repeat):
        begun = time.perf_counter()
        schedule_cache.build(project.pk, plan_frame(project))
        full.append(time.perf_counter() - begun)
        begun = time.perf_counter()
        run_engine(eproject)
        alone.append(time.perf_counter() - begun)
    return statistics.median(full), statistics.median(alone)


def _run(tasks: int, runs: int, seed: int) -> int:
    from django.db import connection  # noqa: PLC0415

    from tandem.planning import actions  # noqa: PLC0415
    from tandem.planning.models import Dependency, Task  # noqa: PLC0415
    from tandem.planning.schedule_actions import PlanOutcome  # noqa: PLC0415

    project, manager = _world()
    started = time.perf_counter()
    task, stream = generate_plan(project, tasks, seed)
    total = Task.objects.filter(project=project).count()
    links = Dependency.objects.filter(project=project).count()
    actions.do_apply_schedule(project, acting_user=manager)
    vendor = connection.vendor
    print(
        f"plan of {total} tasks and {links} links generated and scheduled in "
        f"{time.perf_counter() - started:.1f} s on {vendor}",
        flush=True,
    )
    full, alone = _reference(project)
    print(
        f"for reference: reading and scheduling the whole plan {_ms(full)}, of which the "
        f"engine's schedule_project alone {_ms(alone)}",
        flush=True,
    )
    samples: list[float] = []
    cpu: list[float] = []
    moved: list[int] = []
    for run in range(runs + 1):
        task.refresh_from_db()
        estimate = Decimal(8) if run % 2 == 0 else Decimal(3)
        outcome = PlanOutcome()
        begun, begun_cpu = time.perf_counter(), time.process_time()
        actions.do_update_task(
            task,
            acting_user=manager,
            version=task.version,
            changes={"estimate": estimate},
            outcome=outcome,
        )
        samples.append(time.perf_counter() - begun)
        cpu.append(time.process_time() - begun_cpu)
        moved.append(len(outcome.rescheduled))
    first, warm = samples[0], samples[1:]
    median = statistics.median(warm)
    verdict = "ok" if median < TARGET_SECONDS else "MISSED"
    print(
        f"duration change moving {statistics.median(moved):.0f} of {total} tasks "
        f"(stream of {stream}), whole action with its writes: first {_ms(first)} (plan read "
        f"in full), then median {_ms(median)} (this process's CPU {_ms(statistics.median(cpu[1:]))}"
        f"), slowest {_ms(max(warm))} over {runs} runs on {vendor} "
        f"[target < {_ms(TARGET_SECONDS)}: {verdict}]",
        flush=True,
    )
    print(f"(load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="tandem bench plan", description=__doc__)
    parser.add_argument("--tasks", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    _setup_django()
    from django.db import connection  # noqa: PLC0415
    from django.test.utils import setup_databases, teardown_databases  # noqa: PLC0415

    # A database of its own, so a test run on the same server is not disturbed.
    connection.settings_dict.setdefault("TEST", {})
    if connection.vendor != "sqlite":
        connection.settings_dict["TEST"]["NAME"] = f"tandem_bench_{os.getpid()}"
    names = setup_databases(verbosity=0, interactive=False, serialized_aliases=set())
    try:
        return _run(args.tasks, args.runs, args.seed)
    finally:
        teardown_databases(names, verbosity=0)
