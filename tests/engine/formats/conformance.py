"""Conformance of Tandem's scheduler against MS Project / P6 files in the reference data.

Each file is read (inputs only), scheduled with ``schedule_project`` and compared with the dates
the authoring application stored: Start, Finish, total slack and Critical, to the minute. Files
with features outside the model's scope are still run but listed with the reasons and counted
separately. Used by ``test_conformance_*.py`` and by ``conformance_report.py``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tandem.engine.formats import ScheduleComparison, compare_with_stored, load_project_file
from tandem.engine.scheduling import SchedulingError, schedule_project

FIELDS = ("start", "finish", "total_float", "critical")
SUFFIXES = {".xml", ".xer", ".pmxml"}


@dataclass
class FileResult:
    path: str
    feature: str
    comparison: ScheduleComparison | None = None
    out_of_scope: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    error: str | None = None

    @property
    def tasks(self) -> int:
        return self.comparison.compared if self.comparison else 0

    @property
    def matching(self) -> int:
        return self.comparison.matching if self.comparison else 0

    @property
    def in_scope(self) -> bool:
        return not self.out_of_scope and self.error is None


@dataclass
class Totals:
    files: int = 0
    tasks: int = 0
    matching: int = 0
    fields: dict[str, list[int]] = field(default_factory=lambda: {f: [0, 0] for f in FIELDS})

    def add(self, result: FileResult) -> None:
        self.files += 1
        self.tasks += result.tasks
        self.matching += result.matching
        if result.comparison is not None:
            for name in FIELDS:
                agree, compared = result.comparison.field_matches(name)
                self.fields[name][0] += agree
                self.fields[name][1] += compared

    @property
    def share(self) -> float:
        return self.matching / self.tasks if self.tasks else 1.0


def feature_of(relative: Path) -> str:
    """Report group of a file: ``mspdi/<feature>`` for generated files, else its folder."""
    parts = relative.parts
    if len(parts) >= 3 and parts[1] == "generated":
        return f"{parts[0]}/{parts[2]}"
    return "/".join(parts[:-1]) if len(parts) > 1 else parts[0]


def reference_files(root: Path, folder: str) -> list[Path]:
    return sorted(p for p in (root / folder).rglob("*") if p.suffix.lower() in SUFFIXES)


def run_file(path: Path, root: Path) -> FileResult:
    relative = path.relative_to(root)
    result = FileResult(str(relative), feature_of(relative))
    try:
        imported = load_project_file(path)
        schedule = schedule_project(imported.project)
    except SchedulingError as exc:
        result.error = f"{type(exc).__name__}: {exc}"
        return result
    result.comparison = compare_with_stored(imported, schedule)
    result.out_of_scope = imported.out_of_scope
    result.notes = imported.notes
    return result


def run_folder(root: Path, folder: str) -> list[FileResult]:
    return [run_file(path, root) for path in reference_files(root, folder)]


def totals(results: Iterable[FileResult]) -> tuple[Totals, Totals, dict[str, Totals]]:
    """(in-scope totals, all-files totals, in-scope totals per feature folder)."""
    in_scope, everything = Totals(), Totals()
    per_feature: dict[str, Totals] = defaultdict(Totals)
    for result in results:
        everything.add(result)
        if result.in_scope:
            in_scope.add(result)
            per_feature[result.feature].add(result)
    return in_scope, everything, dict(sorted(per_feature.items()))


def _share(agree: int, compared: int) -> str:
    return f"{agree}/{compared} ({agree / compared:.1%})" if compared else "-"


def format_report(results: list[FileResult], verbose: bool = False) -> str:
    lines = [f"{'file':<78} {'tasks':>5} {'match':>6}  scope"]
    for result in results:
        if result.error:
            lines.append(f"{result.path:<78} {'-':>5} {'-':>6}  ERROR {result.error}")
            continue
        scope = "in scope" if result.in_scope else "OUT: " + "; ".join(result.out_of_scope)
        lines.append(
            f"{result.path:<78} {result.tasks:>5} {result.matching / result.tasks if result.tasks else 1:>6.1%}  {scope}"
        )
        for note in result.notes:
            lines.append(f"    note: {note}")
        if verbose and result.comparison:
            for task in result.comparison.tasks:
                if task.mismatches:
                    stored = task.stored
                    lines.append(
                        f"    {task.task_id} {task.name[:24]!r} differs in {', '.join(task.mismatches)}: "
                        f"computed {task.computed_start:%Y-%m-%d %H:%M} - {task.computed_finish:%Y-%m-%d %H:%M} "
                        f"float {task.computed_float} crit {task.computed_critical}; stored "
                        f"{stored.start:%Y-%m-%d %H:%M} - {stored.finish:%Y-%m-%d %H:%M} "
                        f"float {stored.total_float_minutes} crit {stored.critical}"
                    )
    in_scope, everything, per_feature = totals(results)
    lines.append("")
    lines.append(f"{'feature folder (in-scope files)':<44} {'files':>5} {'tasks':>6} {'match':>7}")
    for feature, total in per_feature.items():
        lines.append(f"{feature:<44} {total.files:>5} {total.tasks:>6} {total.share:>7.1%}")
    for label, total in (("in-scope files", in_scope), ("all files", everything)):
        fields = ", ".join(f"{name} {_share(*total.fields[name])}" for name in FIELDS)
        lines.append(
            f"{label}: {total.files} files, {total.tasks} tasks, {total.matching} matching "
            f"to the minute ({total.share:.1%}); {fields}"
        )
    out = [r for r in results if not r.in_scope]
    if out:
        lines.append(f"outside the model's scope ({len(out)} files):")
        for result in out:
            lines.append(f"    {result.path}: {result.error or '; '.join(result.out_of_scope)}")
    return "\n".join(lines)
