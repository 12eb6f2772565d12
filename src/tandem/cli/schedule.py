"""``tandem schedule FILE``: recompute the schedule of an MS Project or Primavera P6 file.

The format (MSPDI ``.xml``, P6 ``.xer`` or P6 XML) is recognised from the content. Only the
file's inputs are used (durations, links, calendars, constraints, progress); the dates the
authoring application stored are used by ``--compare`` alone.

Examples::

    tandem schedule plan.xml                 # table: id, name, start, finish, total float, critical
    tandem schedule plan.xer --json          # the same as JSON
    tandem schedule plan.xer --mspdi out.xml # write the computed schedule as MS Project XML
    tandem schedule plan.xml --compare       # differences from the dates stored in the file

Exit status: 0 on success, 2 with a one-line message for unreadable or invalid files.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from tandem.engine.formats import (
    ImportedProject,
    ScheduleComparison,
    compare_with_stored,
    load_project_file,
    write_mspdi,
)
from tandem.engine.scheduling import Schedule, SchedulingError, schedule_project

FIELDS = ("start", "finish", "total_float", "critical")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tandem schedule",
        description="Recompute the schedule of an MSPDI, XER or P6-XML file.",
    )
    parser.add_argument("file", type=Path, help="MS Project XML, P6 XER or P6 XML file")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--mspdi", type=Path, metavar="OUT.xml", help="write the schedule as MSPDI")
    parser.add_argument(
        "--compare", action="store_true", help="compare with the dates stored in the file"
    )
    parser.add_argument(
        "--project", metavar="ID", help="project to read from a multi-project P6 file"
    )
    parser.add_argument(
        "--timezone", default="UTC", help="zone of the file's wall-clock times (default UTC)"
    )
    return parser


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value is not None else "-"


def _days(minutes: int | None, per_day: int) -> str:
    return "-" if minutes is None else f"{minutes / per_day:g}d"


def _table(imported: ImportedProject, schedule: Schedule) -> list[str]:
    project = imported.project
    per_day = project.options.minutes_per_day
    lines = [
        f"{project.name} ({imported.source_format}): "
        f"{_when(schedule.project_start)} - {_when(schedule.project_finish)}",
        f"{'id':<10} {'name':<36} {'start':<16} {'finish':<16} {'float':>8} critical",
    ]
    for task in project.tasks:
        computed = schedule.tasks.get(task.id)
        if computed is None:
            continue
        lines.append(
            f"{task.id:<10.10} {task.name:<36.36} {_when(computed.start):<16} "
            f"{_when(computed.finish):<16} {_days(computed.total_float_minutes, per_day):>8} "
            f"{'yes' if computed.critical else 'no'}"
        )
    return lines


def _comparison_lines(comparison: ScheduleComparison, per_day: int) -> list[str]:
    lines = []
    for task in comparison.tasks:
        if not task.mismatches:
            continue
        stored = task.stored
        parts = {
            "start": f"start {_when(task.computed_start)} vs {_when(stored.start)}",
            "finish": f"finish {_when(task.computed_finish)} vs {_when(stored.finish)}",
            "total_float": f"float {_days(task.computed_float, per_day)} vs "
            f"{_days(stored.total_float_minutes, per_day)}",
            "critical": f"critical {task.computed_critical} vs {stored.critical}",
        }
        issues = f" [{'; '.join(task.issues)}]" if task.issues else ""
        detail = ", ".join(parts[name] for name in task.mismatches)
        lines.append(f"{task.task_id} {task.name!r}: {detail} (computed vs stored){issues}")
    fields = ", ".join(
        f"{name} {agree}/{total}"
        for name in FIELDS
        for agree, total in [comparison.field_matches(name)]
    )
    lines.append(
        f"compared {comparison.compared} tasks: {comparison.matching} match to the minute "
        f"({comparison.share:.1%}); {fields}"
    )
    return lines


def _json(
    imported: ImportedProject, schedule: Schedule, comparison: ScheduleComparison | None
) -> dict[str, Any]:
    project = imported.project

    def iso(value: datetime | None) -> str | None:
        return value.isoformat() if value is not None else None

    tasks = []
    for task in project.tasks:
        computed = schedule.tasks.get(task.id)
        if computed is None:
            continue
        tasks.append(
            {
                "id": task.id,
                "name": task.name,
                "start": iso(computed.start),
                "finish": iso(computed.finish),
                "early_start": iso(computed.early_start),
                "early_finish": iso(computed.early_finish),
                "late_start": iso(computed.late_start),
                "late_finish": iso(computed.late_finish),
                "total_float_minutes": computed.total_float_minutes,
                "free_float_minutes": computed.free_float_minutes,
                "critical": computed.critical,
            }
        )
    result: dict[str, Any] = {
        "project": project.name,
        "format": imported.source_format,
        "project_start": iso(schedule.project_start),
        "project_finish": iso(schedule.project_finish),
        "notes": list(imported.notes),
        "out_of_scope": list(imported.out_of_scope),
        "warnings": [w.message for w in schedule.warnings],
        "tasks": tasks,
    }
    if comparison is not None:
        result["comparison"] = {
            "compared": comparison.compared,
            "matching": comparison.matching,
            "fields": {name: list(comparison.field_matches(name)) for name in FIELDS},
            "differences": [
                {"id": t.task_id, "fields": list(t.mismatches)}
                for t in comparison.tasks
                if t.mismatches
            ],
        }
    return result


def main(argv: list[str]) -> int:
    """Run ``tandem schedule``; returns the exit status (2 for a bad file)."""
    args = _parser().parse_args(argv)
    try:
        imported = load_project_file(args.file, timezone=args.timezone, project_id=args.project)
        schedule = schedule_project(imported.project)
        if args.mspdi is not None:
            args.mspdi.write_bytes(write_mspdi(imported.project, schedule))
    except SchedulingError as exc:
        print(f"tandem schedule: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"tandem schedule: cannot write {args.mspdi}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    comparison = compare_with_stored(imported, schedule) if args.compare else None
    if args.json:
        print(json.dumps(_json(imported, schedule, comparison), indent=2))
        return 0
    for note in imported.notes:
        print(f"note: {note}", file=sys.stderr)
    if imported.out_of_scope:
        print(f"note: outside the model: {'; '.join(imported.out_of_scope)}", file=sys.stderr)
    print("\n".join(_table(imported, schedule)))
    if comparison is not None:
        print()
        print("\n".join(_comparison_lines(comparison, imported.project.options.minutes_per_day)))
    if args.mspdi is not None:
        print(f"wrote {args.mspdi}")
    return 0
