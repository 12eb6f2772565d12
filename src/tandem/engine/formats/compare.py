"""Compare a schedule Tandem computed with the one stored in the imported file.

Start, Finish, total float and Critical are compared to the minute. MS Project counts the
slack of an elapsed-duration task in elapsed minutes, so for those tasks the computed float is
measured the same way (from the late and early dates).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..scheduling.model import Schedule, TaskSchedule
from .imported import ImportedProject, StoredTaskResult

__all__ = ["ScheduleComparison", "TaskComparison", "compare_with_stored"]

COMPARED_FIELDS = ("start", "finish", "total_float", "critical")


@dataclass(frozen=True, slots=True)
class TaskComparison:
    """One task: computed and stored values and which of them agree.

    A field the file does not hold is left out of ``mismatches`` and ``compared``.
    ``issues``: out-of-scope features of this task (see :class:`ImportedProject`).
    """

    task_id: str
    name: str
    summary: bool
    computed_start: datetime
    computed_finish: datetime
    computed_float: int
    computed_critical: bool
    stored: StoredTaskResult
    compared: tuple[str, ...]
    mismatches: tuple[str, ...]
    issues: tuple[str, ...] = ()

    @property
    def matches(self) -> bool:
        """All compared fields agree (and at least one was compared)."""
        return bool(self.compared) and not self.mismatches


@dataclass(frozen=True, slots=True)
class ScheduleComparison:
    """All compared tasks of one file, in the project's task order."""

    tasks: tuple[TaskComparison, ...]

    @property
    def compared(self) -> int:
        return sum(1 for task in self.tasks if task.compared)

    @property
    def matching(self) -> int:
        return sum(1 for task in self.tasks if task.matches)

    def field_matches(self, name: str) -> tuple[int, int]:
        """``(agreeing, compared)`` task counts for one of start/finish/total_float/critical."""
        compared = [task for task in self.tasks if name in task.compared]
        return sum(1 for task in compared if name not in task.mismatches), len(compared)

    @property
    def share(self) -> float:
        """Share of compared tasks whose every compared field agrees (1.0 when none compared)."""
        return self.matching / self.compared if self.compared else 1.0


def _elapsed_float(computed: TaskSchedule) -> int:
    start_float = (computed.late_start - computed.early_start).total_seconds() // 60
    finish_float = (computed.late_finish - computed.early_finish).total_seconds() // 60
    return int(min(start_float, finish_float))


def _compare_task(
    computed: TaskSchedule, stored: StoredTaskResult, issues: tuple[str, ...]
) -> TaskComparison:
    computed_float = (
        _elapsed_float(computed) if stored.float_elapsed else computed.total_float_minutes
    )
    pairs: dict[str, tuple[object, object]] = {
        "start": (computed.start, stored.start),
        "finish": (computed.finish, stored.finish),
        "total_float": (computed_float, stored.total_float_minutes),
        "critical": (computed.critical, stored.critical),
    }
    compared = tuple(name for name, (_, value) in pairs.items() if value is not None)
    mismatches = tuple(name for name in compared if pairs[name][0] != pairs[name][1])
    return TaskComparison(
        task_id=computed.task_id,
        name=stored.name,
        summary=stored.summary or computed.summary,
        computed_start=computed.start,
        computed_finish=computed.finish,
        computed_float=computed_float,
        computed_critical=computed.critical,
        stored=stored,
        compared=compared,
        mismatches=mismatches,
        issues=issues,
    )


def compare_with_stored(imported: ImportedProject, schedule: Schedule) -> ScheduleComparison:
    """Compare ``schedule`` (computed from ``imported.project``) with the file's stored results.

    Tasks missing from either side are skipped; dates are compared as instants (to the
    minute, seconds ignored as neither application schedules below a minute).
    """
    rows = []
    for task in imported.project.tasks:
        stored = imported.stored.get(task.id)
        computed = schedule.tasks.get(task.id)
        if stored is None or computed is None:
            continue
        rows.append(_compare_task(computed, stored, tuple(imported.task_issues.get(task.id, ()))))
    return ScheduleComparison(tuple(rows))
