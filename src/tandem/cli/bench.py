"""``tandem bench [PART ...] [-- options]``: run benchmarks and print measured figures.

Parts: schedule, leveling, risk, meetings, gantt, plan, load, import, workload (default: all).
Options after ``--`` go to each part.
"""

from __future__ import annotations

import importlib
import sys

PARTS = {
    "schedule": "tandem.bench.schedule",
    "leveling": "tandem.bench.leveling",
    "risk": "tandem.bench.risk",
    "meetings": "tandem.bench.meetings",
    "gantt": "tandem.bench.gantt",
    "plan": "tandem.bench.plan",
    "load": "tandem.bench.load",
    "import": "tandem.bench.import_plan",
    "workload": "tandem.bench.workload",
}


def main(argv: list[str]) -> int:
    if "--" in argv:
        split = argv.index("--")
        names, options = argv[:split], argv[split + 1 :]
    else:
        names, options = argv, []
    if names and names[0] in {"-h", "--help"}:
        print(__doc__)
        return 0
    unknown = [n for n in names if n not in PARTS]
    if unknown:
        print(
            f"unknown benchmark part(s): {', '.join(unknown)}; choose from {', '.join(PARTS)}",
            file=sys.stderr,
        )
        return 2
    status = 0
    for name in names or list(PARTS):
        try:
            module = importlib.import_module(PARTS[name])
        except ModuleNotFoundError as exc:
            print(f"== {name}: not available ({exc})")
            status = 1
            continue
        print(f"== {name} ==", flush=True)
        status = max(status, int(module.main(options)))
    return status
