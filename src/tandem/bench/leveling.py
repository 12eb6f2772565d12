"""Leveling benchmark on PSPLIB single-mode instances (j30, j60, j120).

``tandem bench leveling -- --set j30 --method cpsat --time-limit 10 --every 5``

For each set and leveler: instances run, share at the proven optimum (j30) or best known
makespan (j60, j120), share the solver proved optimal, average % above the best known makespan
and above the critical-path lower bound, median and max wall time per instance (and median CPU
time of this process, all threads, which a busy machine inflates less), and the median number of
schedules the heuristic built. Each set's header gives the machine's speed (serial schedules per
second on its first instance): results under a time limit depend on it. Every returned schedule
goes through the feasibility checker; an infeasible schedule, or a makespan below the instance's
proven lower bound, fails the run (exit status 1).
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from tandem.engine.formats.psplib import read_psplib
from tandem.engine.leveling import check_leveled_schedule, compiled, level
from tandem.engine.leveling.heuristic import SCHEMES
from tandem.engine.leveling.network import compile_problem
from tandem.engine.leveling.sgs import Justifier

SETS = ("j30", "j60", "j120")
METHODS = ("heuristic", "cpsat")


def _default_benchdata() -> Path:
    env = os.environ.get("TANDEM_BENCHDATA")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3].parent / "shared" / "benchdata"


@dataclass
class Tally:
    """Figures for one set and one leveler."""

    instances: int = 0
    at_best: int = 0
    proved: int = 0
    failures: list[str] = field(default_factory=list)
    above_best: list[float] = field(default_factory=list)
    above_cp: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    schedules: list[int] = field(default_factory=list)

    def line(self, label: str) -> str:
        if not self.instances:
            return f"{label}: no instances"
        n = self.instances
        return (
            f"{label}: {n} instances, at best known {100 * self.at_best / n:.1f}%, "
            f"proved optimal {100 * self.proved / n:.1f}%, "
            f"avg above best known {statistics.mean(self.above_best):.2f}%, "
            f"avg above CP bound {statistics.mean(self.above_cp):.2f}%, "
            f"time median {statistics.median(self.seconds):.3f} s, max {max(self.seconds):.3f} s "
            f"(CPU median {statistics.median(self.cpu):.3f} s), "
            f"heuristic schedules median {statistics.median(self.schedules):.0f}, "
            f"infeasible/invalid {len(self.failures)}"
        )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tandem bench leveling", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--set", dest="sets", action="append", choices=SETS, help="default j30")
    parser.add_argument("--every", type=int, default=10, help="every k-th instance (default 10)")
    parser.add_argument("--limit", type=int, default=0, help="at most this many per set")
    parser.add_argument(
        "--instance",
        dest="instances",
        action="append",
        default=[],
        help="only this instance (e.g. j3013_1; repeatable; overrides --every)",
    )
    parser.add_argument("--method", choices=(*METHODS, "both"), default="both")
    parser.add_argument(
        "--time-limit", type=float, default=10.0, help="CP-SAT seconds per instance"
    )
    parser.add_argument("--workers", type=int, default=8, help="CP-SAT worker threads")
    parser.add_argument(
        "--bound-search",
        choices=("auto", "on", "off"),
        default="auto",
        help="a CP-SAT worker on the lower bound (auto: for at most 40 activities)",
    )
    parser.add_argument(
        "--heuristic-share",
        type=float,
        default=None,
        help="share of the CP-SAT time for the heuristic warm start (default: level()'s)",
    )
    parser.add_argument(
        "--set-times",
        choices=("on", "off"),
        default="on",
        help="CP-SAT fixed-search worker branches on the earliest start",
    )
    parser.add_argument(
        "--neighbourhoods",
        choices=("auto", "on", "off"),
        default="auto",
        help="after the warm start, CP-SAT large-neighbourhood search (auto: above 40 activities)",
    )
    parser.add_argument("--iterations", type=int, default=150, help="heuristic candidates")
    parser.add_argument(
        "--scheme",
        choices=SCHEMES,
        default="mixed",
        help="schedule generation scheme of the heuristic's candidates (default mixed)",
    )
    parser.add_argument("--data", type=Path, default=None, help="benchdata folder")
    parser.add_argument("--verbose", action="store_true", help="one line per instance")
    return parser


def _bounds(data: Path) -> dict[str, dict[str, str]]:
    with (data / "psplib" / "reference_bounds.csv").open(newline="") as f:
        return {row["instance"]: row for row in csv.DictReader(f)}


def _instance_key(path: Path) -> tuple[int, int]:
    par, inst = path.stem.split("_")[0][3:], path.stem.split("_")[1]
    return int(par), int(inst)


def machine_speed(path: Path, seconds: float = 0.5) -> float:
    """Serial schedules per second on ``path`` (topological order): how fast this machine is.

    Results under a time limit depend on it; printed beside them so that runs on different
    machines, or on one machine under different loads, can be compared.
    """
    cp = compile_problem(read_psplib(path).problem)
    just = Justifier(cp)
    order = list(cp.topo_order)
    began = time.perf_counter()
    built = 0
    while built == 0 or time.perf_counter() - began < seconds:
        just.forward(order)
        built += 1
    return built / (time.perf_counter() - began)


def _run_one(
    path: Path, method: str, args: argparse.Namespace, ref: dict[str, str], tally: Tally
) -> str:
    inst = read_psplib(path)
    began, cpu = time.perf_counter(), time.process_time()
    result = level(
        inst.problem,
        method,
        time_limit=args.time_limit if method == "cpsat" else None,
        iterations=args.iterations,
        num_workers=args.workers,
        scheme=args.scheme,
        bound_search=None if args.bound_search == "auto" else args.bound_search == "on",
        heuristic_share=args.heuristic_share if method == "cpsat" else None,
        set_times=args.set_times == "on",
        neighbourhoods=None if args.neighbourhoods == "auto" else args.neighbourhoods == "on",
    )
    seconds = time.perf_counter() - began
    tally.cpu.append(time.process_time() - cpu)
    tally.schedules.append(result.schedules_built)
    best_ub, best_lb = int(ref["best_ub"]), int(ref["best_lb"] or 0)
    problems = check_leveled_schedule(inst.problem, result.starts)
    tally.instances += 1
    if problems:
        tally.failures.append(f"{inst.name}: {problems[0].message}")
    if result.makespan < best_lb or result.lower_bound > best_ub:
        tally.failures.append(
            f"{inst.name}: makespan {result.makespan} / bound {result.lower_bound} "
            f"contradict the reference [{best_lb}, {best_ub}]"
        )
    tally.at_best += result.makespan <= best_ub
    tally.proved += result.status == "optimal"
    tally.above_best.append(100 * (result.makespan - best_ub) / best_ub)
    cp_bound = result.critical_path_bound
    tally.above_cp.append(100 * (result.makespan - cp_bound) / cp_bound)
    tally.seconds.append(seconds)
    return (
        f"  {inst.name} {method}: makespan {result.makespan} ({result.status}, bound "
        f"{result.lower_bound}), best known {best_ub}, {seconds:.3f} s"
    )


def main(argv: list[str]) -> int:
    """Run the benchmark; returns 1 when a schedule is infeasible or contradicts a bound."""
    args = _parser().parse_args(argv)
    data = args.data or _default_benchdata()
    if not (data / "psplib").is_dir():
        print(f"PSPLIB data not found under {data} (set TANDEM_BENCHDATA)", file=sys.stderr)
        return 1
    refs = _bounds(data)
    methods = METHODS if args.method == "both" else (args.method,)
    status = 0
    for name in args.sets or (list(SETS) if args.instances else ["j30"]):
        files = sorted((data / "psplib" / name).glob("*.sm"), key=_instance_key)[
            :: max(1, args.every)
        ]
        if args.instances:
            files = [
                data / "psplib" / name / f"{i}.sm"
                for i in args.instances
                if i.startswith(name) and i[len(name)].isdigit()
            ]
            missing = [f.stem for f in files if not f.is_file()]
            if missing:
                print(f"unknown instance {missing[0]} in {data / 'psplib' / name}", file=sys.stderr)
                return 1
            if not files:
                continue
        if args.limit:
            files = files[: args.limit]
        print(
            f"{name}: {len(files)} instances "
            f"({'named' if args.instances else f'every {args.every}'}), "
            f"CP-SAT {args.time_limit:g} s, "
            f"{args.workers} workers (bound search {args.bound_search}), "
            f"heuristic {args.iterations} candidates ({args.scheme}, share "
            f"{'auto' if args.heuristic_share is None else args.heuristic_share}), "
            f"set-times {args.set_times}, neighbourhoods {args.neighbourhoods}",
            flush=True,
        )
        if files:
            speed = machine_speed(files[0])
            print(
                f"  machine speed: {speed:,.0f} serial schedules/s on {files[0].stem}", flush=True
            )
            if compiled.AVAILABLE:
                # Compiling (or loading the compiled kernels) is not charged to the first instance.
                print(f"  compiled search ready in {compiled.warm_up():.2f} s", flush=True)
            else:
                print("  numba not installed: the heuristic runs interpreted", flush=True)
        for method in methods:
            tally = Tally()
            for path in files:
                line = _run_one(path, method, args, refs[path.stem], tally)
                if args.verbose:
                    print(line, flush=True)
            print(tally.line(f"  {name} {method}"), flush=True)
            for failure in tally.failures:
                print(f"    FAIL {failure}")
            if tally.failures:
                status = 1
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
