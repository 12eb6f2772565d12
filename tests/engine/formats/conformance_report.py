"""Print the conformance table: Tandem's schedule against the dates MS Project / P6 stored.

Run from the project root::

    .venv/bin/python -m tests.engine.formats.conformance_report [mspdi|p6 ...] [--verbose]

``--verbose`` lists every task that differs with computed and stored values.
"""

from __future__ import annotations

import sys

from conftest import benchdata_dir

from tests.engine.formats.conformance import format_report, run_folder


def main(argv: list[str]) -> int:
    verbose = "--verbose" in argv or "-v" in argv
    folders = [arg for arg in argv if not arg.startswith("-")] or ["mspdi", "p6"]
    root = benchdata_dir()
    if not root.is_dir():
        print(f"reference data not found at {root} (set TANDEM_BENCHDATA)", file=sys.stderr)
        return 2
    for folder in folders:
        print(f"== {folder} ==")
        print(format_report(run_folder(root, folder), verbose=verbose))
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
