"""``tandem bench workload``: the workload view of 50 people over a year, and a leveling preview
of a 1,000-task plan with 30 people, timed on the server.

Builds a throwaway database (as ``tandem bench plan``) with an organization, a manager and:

- a project whose ``--people`` people (some part-time, some with days off, some with a person
  resource below 100 %) each work on about two tasks a month for a year, overlapping at random
  (bulk inserts, dates stored as the scheduler would); then times, ``--runs`` times, the
  workload's computation by week and by day for the year (``planning.workload``), the JSON
  endpoint ``GET /api/projects/{id}/workload``, the page ``/projects/{id}/workload/`` (the grid
  and an over-allocated cell's tasks) and the person's chart the page loads after it, through
  Django's test client;
- a second project with the plan of ``tandem bench plan`` (``--level-tasks`` tasks in linked
  chains) whose leaf tasks are spread over ``--level-people`` people, scheduled; then times the
  manager's leveling preview with the heuristic (``leveling_actions.do_preview_leveling``: the
  plan read, the engine's leveler, the delays and the leveled schedule, the run stored), after
  warming the compiled kernels (their time printed apart: install or server start pays it).

Targets (issue): the workload under 300 ms server time, the preview under 2 s. Figures are
medians of wall time, with this process's CPU time beside them: on a machine shared with other
work the two differ, and the CPU time says what the code costs.

Options: ``--people 50`` ``--level-tasks 1000`` ``--level-people 30`` ``--runs 5`` ``--seed 7``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import time
from decimal import Decimal
from typing import Any

TARGET_WORKLOAD_SECONDS = 0.3
TARGET_PREVIEW_SECONDS = 2.0
START = dt.date(2026, 1, 5)


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tandem.config.settings.test")
    import django  # noqa: PLC0415 - Django starts only for this part, not for ``tandem bench``

    django.setup()


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def _verdict(seconds: float, target: float) -> str:
    return f"[target < {_ms(target)}: {'ok' if seconds < target else 'MISSED'}]"


def _people(org: Any, count: int, prefix: str, rng: random.Random) -> list[Any]:
    from tandem.resources.models import CalendarException, Resource  # noqa: PLC0415
    from tandem.testing.factories import make_user  # noqa: PLC0415

    people = []
    for n in range(count):
        hours = {str(d): [["09:00", "17:00"]] for d in range(1, 6)}
        if n % 7 == 3:
            hours["5"] = [["09:00", "13:00"]]  # part-time Friday
        people.append(make_user(org, f"{prefix}{n}", display_name=f"Person {prefix}{n}"))
        people[-1].working_hours = hours
        people[-1].save(update_fields=["working_hours"])
        if n % 5 == 0:
            off = START + dt.timedelta(days=rng.randrange(300))
            CalendarException.objects.create(person=people[-1], start=off, end=off)
        if n % 9 == 0:
            Resource.objects.create(
                organization=org, kind="person", name=str(people[-1]), user=people[-1],
                max_units=Decimal(80),
            )  # fmt: skip
    return people


def _workload_plan(org: Any, admin: Any, manager: Any, people: int, seed: int) -> Any:
    """A project with about two tasks a month per person, dates stored, overlapping at random."""
    from tandem.planning import wbs  # noqa: PLC0415
    from tandem.planning.models import Assignment, PlanSettings, Task  # noqa: PLC0415
    from tandem.testing.factories import make_project  # noqa: PLC0415

    rng = random.Random(seed)  # noqa: S311 - reproducible test data
    project = make_project(admin, manager=manager, code="LOAD", start_date=START)
    PlanSettings.objects.create(project=project, auto_schedule=False)
    staff = _people(org, people, "w", rng)
    tasks: list[tuple[Any, Task]] = []
    for k, person in enumerate(staff):
        day = START
        while day < START + dt.timedelta(days=365):
            length = rng.randrange(3, 15)
            tasks.append(
                (
                    person,
                    Task(
                        project=project,
                        name=f"Work {k}-{len(tasks)}",
                        position=len(tasks) + 1,
                        estimate=Decimal(length),
                        start_date=day,
                        finish_date=day + dt.timedelta(days=length),
                    ),
                )
            )
            day += dt.timedelta(days=rng.randrange(5, 18))
    Task.objects.bulk_create([t for _, t in tasks], batch_size=500)
    Assignment.objects.bulk_create(
        [Assignment(task=t, person=p, units=Decimal(rng.choice([50, 100, 100]))) for p, t in tasks],
        batch_size=500,
    )
    wbs.renumber_project(project.pk)
    return project, len(tasks), staff


def _leveling_plan(org: Any, admin: Any, manager: Any, tasks: int, people: int, seed: int) -> Any:
    from tandem.bench.plan import generate_plan  # noqa: PLC0415
    from tandem.planning import actions  # noqa: PLC0415
    from tandem.planning.models import Assignment, Task  # noqa: PLC0415
    from tandem.testing.factories import make_project  # noqa: PLC0415

    rng = random.Random(seed)  # noqa: S311 - reproducible test data
    project = make_project(admin, manager=manager, code="LEVEL", start_date=START)
    generate_plan(project, tasks, seed)
    staff = _people(org, people, "l", rng)
    leaves = list(Task.objects.filter(project=project, children__isnull=True, is_milestone=False))
    Assignment.objects.bulk_create(
        [Assignment(task=t, person=rng.choice(staff)) for t in leaves], batch_size=500
    )
    actions.do_apply_schedule(project, acting_user=manager)
    return project, Task.objects.filter(project=project).count(), len(leaves)


CPU: list[float] = []  # this process's CPU time of the last ``_time`` (median), for the report


def _time(runs: int, call: Any) -> tuple[float, Any]:
    """Median wall time of ``runs`` calls and the last result; the median CPU time of this
    process goes to ``CPU`` (on a busy machine the two differ)."""
    samples, cpu, result = [], [], None
    for _ in range(runs):
        begun, begun_cpu = time.perf_counter(), time.process_time()
        result = call()
        samples.append(time.perf_counter() - begun)
        cpu.append(time.process_time() - begun_cpu)
    CPU[:] = [statistics.median(cpu)]
    return statistics.median(samples), result


def _cpu() -> str:
    return f"(CPU {_ms(CPU[0])})"


def _run(args: argparse.Namespace) -> int:
    from django.db import connection  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415

    from tandem.engine.leveling import compiled  # noqa: PLC0415
    from tandem.planning.leveling_actions import do_preview_leveling  # noqa: PLC0415
    from tandem.planning.workload import compute_workload  # noqa: PLC0415
    from tandem.testing.factories import make_org, make_user  # noqa: PLC0415

    org = make_org("Bench")
    admin = make_user(org, "bench-admin", is_org_admin=True)
    manager = make_user(org, "bench-manager")
    began = time.perf_counter()
    project, count, _staff = _workload_plan(org, admin, manager, args.people, args.seed)
    print(
        f"workload plan: {args.people} people, {count} assigned tasks over a year, built in "
        f"{time.perf_counter() - began:.1f} s on {connection.vendor}",
        flush=True,
    )
    end = START + dt.timedelta(days=364)
    for scale in ("week", "day"):
        seconds, load = _time(args.runs, lambda s=scale: compute_workload([project], s, START, end))
        over = sum(r.over_periods for r in load.rows)
        print(
            f"workload by {scale}: {len(load.rows)} rows x {len(load.periods)} periods "
            f"({over} over-allocated cells) computed in {_ms(seconds)} {_cpu()} "
            f"{_verdict(seconds, TARGET_WORKLOAD_SECONDS)}",
            flush=True,
        )
    client = Client(SERVER_NAME="localhost")
    client.force_login(manager)
    query = f"scale=week&start={START}&end={end}"
    api = f"/api/projects/{project.pk}/workload?{query}"
    seconds, response = _time(args.runs, lambda: client.get(api))
    assert response.status_code == 200, response.content[:300]  # noqa: S101
    print(
        f"GET {api.split('?')[0]} (a year by week, JSON {len(response.content) // 1024} KB): "
        f"{_ms(seconds)} {_cpu()} {_verdict(seconds, TARGET_WORKLOAD_SECONDS)}",
        flush=True,
    )
    page = f"/projects/{project.pk}/workload/?{query}&period=3"
    seconds, response = _time(args.runs, lambda: client.get(page))
    assert response.status_code == 200  # noqa: S101
    print(
        f"workload page (the grid and an over-allocated cell's tasks; {len(response.content) // 1024}"
        f" KB): {_ms(seconds)} {_cpu()} {_verdict(seconds, TARGET_WORKLOAD_SECONDS)}",
        flush=True,
    )
    chart = f"/projects/{project.pk}/workload/chart/?{query}"
    seconds, response = _time(args.runs, lambda: client.get(chart))
    assert response.status_code == 200  # noqa: S101
    print(
        f"one person's chart with its table (loaded after the page): {_ms(seconds)} {_cpu()}",
        flush=True,
    )

    began = time.perf_counter()
    level_project, tasks, leaves = _leveling_plan(
        org, admin, manager, args.level_tasks, args.level_people, args.seed
    )
    print(
        f"leveling plan: {tasks} tasks ({leaves} assigned leaves) on {args.level_people} people, "
        f"built and scheduled in {time.perf_counter() - began:.1f} s",
        flush=True,
    )
    print(f"compiled leveling kernels ready in {compiled.warm_up():.2f} s", flush=True)
    seconds, run = _time(args.runs, lambda: do_preview_leveling(level_project, acting_user=manager))
    result = run.result
    print(
        f"leveling preview (heuristic): {_ms(seconds)} {_cpu()} "
        f"{_verdict(seconds, TARGET_PREVIEW_SECONDS)};"
        f" {len(result['moves'])} tasks move, finish {result['old_finish']} -> "
        f"{result['new_finish']}, over-allocations {result['over_allocations_before']} -> "
        f"{result['over_allocations_after']} (leveler and scheduling {result['seconds']} s "
        "of the last run)",
        flush=True,
    )
    print(f"(load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="tandem bench workload", description=__doc__)
    parser.add_argument("--people", type=int, default=50)
    parser.add_argument("--level-tasks", type=int, default=1000)
    parser.add_argument("--level-people", type=int, default=30)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    _setup_django()
    from django.db import connection  # noqa: PLC0415
    from django.test.utils import setup_databases, teardown_databases  # noqa: PLC0415

    connection.settings_dict.setdefault("TEST", {})
    if connection.vendor != "sqlite":
        connection.settings_dict["TEST"]["NAME"] = f"tandem_bench_{os.getpid()}"
    names = setup_databases(verbosity=0, interactive=False, serialized_aliases=set())
    try:
        return _run(args)
    finally:
        teardown_databases(names, verbosity=0)
