"""Schedule-risk and earned-value benchmark: ``tandem bench risk [-- --quick] [--seed N]``.

The last case runs the demo project's analysis through the application (``risk_app``); it is
left out with ``--quick`` and ``--engine-only``.

Random layered networks (each task has one to three predecessors among the previous few
hundred tasks, a mix of FS/SS/FF/SF links and lags, PERT and triangular estimates, risk events
and correlated groups) are simulated; the run prints wall time and peak traced memory beside
the targets. Memory is measured in a second, traced run so tracing does not slow the timed one.
"""

from __future__ import annotations

import argparse
import os
import time
import tracemalloc
from collections.abc import Callable

import numpy as np

from tandem.bench.risk_app import run_demo_analysis
from tandem.engine.earned_value import EvTimePhasedItem, earned_value_series
from tandem.engine.risk import (
    CorrelationGroup,
    DurationDistribution,
    RiskEvent,
    RiskLink,
    RiskLinkType,
    RiskNetwork,
    RiskTask,
    ThreePointEstimate,
    simulate_schedule_risk,
)

CASES = ((1_000, 10_000, 2.0), (10_000, 1_000, 5.0))
LINK_TYPES = (RiskLinkType.FS,) * 7 + (RiskLinkType.SS, RiskLinkType.FF, RiskLinkType.SF)


def random_risk_network(tasks: int, seed: int) -> RiskNetwork:
    """A reproducible random network of ``tasks`` tasks (durations in working days)."""
    rng = np.random.default_rng(seed)
    risk_tasks = []
    for k in range(tasks):
        likely = float(rng.integers(1, 20))
        shape = DurationDistribution.PERT if k % 3 else DurationDistribution.TRIANGULAR
        estimate = ThreePointEstimate(
            0.8 * likely, likely, likely * float(rng.uniform(1.1, 2.0)), shape
        )
        risk_tasks.append(RiskTask(f"T{k}", estimate, milestone=k % 100 == 99, cost_per_unit=800.0))
    links = []
    for k in range(1, tasks):
        window = max(0, k - 300)
        for p in sorted({int(rng.integers(window, k)) for _ in range(int(rng.integers(1, 4)))}):
            links.append(
                RiskLink(
                    f"T{p}",
                    f"T{k}",
                    LINK_TYPES[int(rng.integers(len(LINK_TYPES)))],
                    float(rng.integers(-1, 3)),
                )
            )
    events = tuple(
        RiskEvent(
            f"R{e}",
            float(rng.uniform(0.05, 0.4)),
            tuple(f"T{int(t)}" for t in rng.choice(tasks, size=3, replace=False)),
            delay=ThreePointEstimate(1.0, 3.0, 10.0),
            cost=5_000.0,
        )
        for e in range(max(1, tasks // 50))
    )
    step = max(1, tasks // 10)
    groups = tuple(
        CorrelationGroup(
            tuple(f"T{t}" for t in range(start, min(tasks, start + 20, start + step))), 0.5
        )
        for start in range(0, tasks, step)
    )
    return RiskNetwork(tuple(risk_tasks), tuple(links), events, groups)


def _timed(run: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU seconds of ``run``: CPU time shows the cost when other work shares the cores."""
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def _peak_mib(run: Callable[[], object]) -> float:
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def _bench_case(
    tasks: int, iterations: int, target: float, seed: int, measure_memory: bool
) -> bool:
    network = random_risk_network(tasks, seed)

    def run() -> object:
        return simulate_schedule_risk(network, iterations=iterations, seed=seed)

    elapsed, cpu = _timed(run)
    result = simulate_schedule_risk(network, iterations=iterations, seed=seed)
    memory = (
        f"peak traced memory {_peak_mib(run):.0f} MiB" if measure_memory else "memory not measured"
    )
    verdict = "ok" if elapsed < target else "SLOWER THAN TARGET"
    print(
        f"risk {tasks:>6} tasks x {iterations:>6} iterations: wall {elapsed:5.2f} s, cpu {cpu:5.2f} s "
        f"(target < {target:.0f} s wall: {verdict}); {memory}; {len(network.links)} links, "
        f"{len(network.events)} risk events; finish P50 {result.finish.p50:.1f} "
        f"P90 {result.finish.p90:.1f} days",
        flush=True,
    )
    return elapsed < target


def _bench_earned_value(items: int, periods: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    planned = rng.uniform(0, 1000, size=(items, periods))
    reported = periods // 2
    work = [
        EvTimePhasedItem(
            f"W{k}",
            planned[k].tolist(),
            (planned[k, :reported] * 0.9).tolist(),
            (planned[k, :reported] * 1.1).tolist(),
        )
        for k in range(items)
    ]
    start = time.perf_counter()
    series = earned_value_series(work)
    metrics = [series.metrics_at(p) for p in range(1, reported + 1)]
    schedule = [series.earned_schedule_at(p) for p in range(1, reported + 1)]
    elapsed = time.perf_counter() - start
    print(
        f"earned value: {items} items x {periods} periods, series + metrics and earned schedule at "
        f"{reported} status periods: {elapsed:.3f} s (no target); CPI {metrics[-1].cpi:.3f}, "
        f"SPI(t) {schedule[-1].spi_t:.3f}",
        flush=True,
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="tandem bench risk")
    parser.add_argument(
        "--quick", action="store_true", help="tenth-size networks (no targets apply)"
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--no-memory", action="store_true", help="skip the traced memory run")
    parser.add_argument(
        "--engine-only", action="store_true", help="skip the demo project's analysis in the app"
    )
    args = parser.parse_args(argv)
    load = os.getloadavg()[0]
    print(
        f"load average {load:.2f} on {os.cpu_count()} cores (wall times suffer when it exceeds the cores)"
    )
    met = True
    for tasks, iterations, target in CASES:
        if args.quick:
            tasks //= 10
        met &= _bench_case(tasks, iterations, target, args.seed, not args.no_memory)
    _bench_earned_value(1_000 if args.quick else 10_000, 52, args.seed)
    if not (args.quick or args.engine_only):
        met &= run_demo_analysis(seed=args.seed)
    return 0 if met or args.quick else 1
