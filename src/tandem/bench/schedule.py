"""``tandem bench schedule``: time and peak memory of the scheduling core.

Builds layered random networks (about three finish-to-start links per task, some with lags, on a
five-day calendar with public holidays), then measures a full schedule at each size and single
incremental changes at 10k tasks. Times are the best of ``--repeat`` runs (wall clock); peak
memory is measured in a separate run under tracemalloc (Python allocations made while
scheduling, the input project excluded).

The networks fit the vectorised path (one calendar, no constraints or progress); the general
per-task path is timed too, for reference. Incremental changes are timed separately for tasks off
and on the critical path: a change on it moves the project finish, which moves every late date,
so the backward pass then runs in full.

Options: ``--sizes 1000,10000,100000`` ``--repeat 3`` ``--seed 7`` ``--incremental-size 10000``
``--general-size 10000`` (0 skips a part).
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from tandem.engine.scheduling import (
    Calendar,
    CalendarException,
    Duration,
    IncrementalScheduler,
    Lag,
    Link,
    Project,
    Recurrence,
    Task,
    schedule_project,
    standard_calendar,
)
from tandem.engine.scheduling.cpm import compute_schedule

TARGET_SECONDS = {1_000: None, 10_000: 0.1, 100_000: 1.5}
TARGET_MEMORY_MB = {100_000: 500.0}
TARGET_INCREMENTAL_SECONDS = 0.010


def _calendar() -> Calendar:
    std = standard_calendar("std", "Standard")
    holidays = [
        CalendarException(
            start=date(2025, 1, 1),
            end=date(2100, 12, 31),
            name=name,
            recurrence=Recurrence(
                frequency="yearly", start=date(2025, 1, 1), month=m, day_of_month=d
            ),
        )
        for name, m, d in (("New Year", 1, 1), ("Labour Day", 5, 1), ("Christmas", 12, 25))
    ]
    holidays.append(
        CalendarException(
            start=date(2025, 1, 1),
            end=date(2100, 12, 31),
            name="Thanksgiving",
            recurrence=Recurrence(
                frequency="yearly", start=date(2025, 1, 1), month=11, week_of_month=4, weekdays=(3,)
            ),
        )
    )
    return Calendar(std.id, std.name, std.week, tuple(holidays))


def layered_project(n: int, seed: int = 7, links_per_task: int = 3) -> Project:
    """A layered random network of ``n`` tasks, about ``links_per_task`` predecessors each."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    width = max(1, int(n**0.5))
    tasks = [
        Task(id=f"T{i}", duration=Duration(rng.choice((0, 240, 480, 960, 1440, 2400, 4800))))
        for i in range(n)
    ]
    links: list[Link] = []
    for i in range(width, n):
        layer_start = (i // width) * width
        low = max(0, layer_start - 3 * width)
        for pred in {rng.randrange(low, layer_start) for _ in range(links_per_task)}:
            lag = Lag(minutes=rng.choice((0, 0, 0, 0, 480, -240)))
            links.append(Link(f"T{pred}", f"T{i}", lag=lag))
    return Project(
        name=f"bench-{n}",
        start=datetime(2025, 1, 6, 8, 0, tzinfo=UTC),
        calendar_id="std",
        calendars=(_calendar(),),
        tasks=tuple(tasks),
        links=tuple(links),
    )


def _best_time(action: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
    return best


def _peak_mb(action: Callable[[], object]) -> float:
    gc.collect()
    tracemalloc.start()
    action()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1e6


def _verdict(value: float, target: float | None) -> str:
    if target is None:
        return "(no target)"
    return f"target < {target:g}: {'ok' if value < target else 'MISSED'}"


def _bench_full(n: int, repeat: int, seed: int) -> None:
    project = layered_project(n, seed)
    schedule = schedule_project(project)
    seconds = _best_time(lambda: schedule_project(project), repeat)
    peak = _peak_mb(lambda: schedule_project(project))
    span = (schedule.project_finish - schedule.project_start) / timedelta(days=1)
    print(
        f"full schedule  {n:>7} tasks {len(project.links):>7} links: {seconds:8.4f} s "
        f"[{_verdict(seconds, TARGET_SECONDS.get(n))}]  peak {peak:7.1f} MB "
        f"[{_verdict(peak, TARGET_MEMORY_MB.get(n))}]  "
        f"({len(schedule.critical_path)} critical, span {span:.0f} days)",
        flush=True,
    )


def _bench_general(n: int, repeat: int, seed: int) -> None:
    project = layered_project(n, seed)
    seconds = _best_time(lambda: compute_schedule(project), repeat)
    print(
        f"general path   {n:>7} tasks {len(project.links):>7} links: {seconds:8.4f} s "
        "(per-task passes that projects with task calendars, constraints, progress or "
        "summaries take; no target)",
        flush=True,
    )


def _bench_incremental(n: int, seed: int) -> None:
    project = layered_project(n, seed)
    scheduler = IncrementalScheduler(project)
    rng = random.Random(seed + 1)  # noqa: S311 - reproducible choice of changes
    critical = set(scheduler.schedule.critical_path)
    samples: dict[str, list[float]] = {"non-critical duration": [], "critical duration": []}
    for _ in range(20):
        task_id = f"T{rng.randrange(n)}"
        kind = "critical duration" if task_id in critical else "non-critical duration"
        minutes = rng.choice((240, 480, 960, 2400))
        started = time.perf_counter()
        scheduler.set_duration(task_id, minutes)
        samples[kind].append(time.perf_counter() - started)
    for task_id in list(critical)[:5]:
        started = time.perf_counter()
        scheduler.set_duration(
            task_id, scheduler.project.tasks[int(task_id[1:])].duration.minutes + 480
        )
        samples["critical duration"].append(time.perf_counter() - started)
    links = scheduler.project.links
    link_times = []
    for link in rng.sample(list(links), 10):
        started = time.perf_counter()
        scheduler.remove_link(link.predecessor_id, link.successor_id)
        scheduler.add_link(link)
        link_times.append((time.perf_counter() - started) / 2)
    samples["link removed/added"] = link_times
    for kind, values in samples.items():
        if not values:
            continue
        values.sort()
        median = values[len(values) // 2]
        print(
            f"incremental    {n:>7} tasks, {kind:<22} median {median * 1000:7.2f} ms "
            f"max {values[-1] * 1000:7.2f} ms over {len(values)} changes "
            f"[{_verdict(median, TARGET_INCREMENTAL_SECONDS)}]",
            flush=True,
        )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="tandem bench schedule", description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--incremental-size", type=int, default=10_000)
    parser.add_argument("--general-size", type=int, default=10_000)
    args = parser.parse_args(argv)
    for n in (int(s) for s in args.sizes.split(",") if s):
        _bench_full(n, args.repeat, args.seed)
    if args.general_size:
        _bench_general(args.general_size, args.repeat, args.seed)
    if args.incremental_size:
        _bench_incremental(args.incremental_size, args.seed)
    print(f"(load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    return 0
