"""Errors raised by the schedule-risk simulation."""

from __future__ import annotations


class RiskModelError(ValueError):
    """Invalid risk model input; the message names the offending tasks, links or events."""


class RiskNetworkCycleError(RiskModelError):
    """The task network has a dependency cycle; ``cycle`` lists the task ids in order."""

    def __init__(self, cycle: tuple[str, ...]) -> None:
        self.cycle = cycle
        super().__init__(f"dependency cycle: {' -> '.join((*cycle, cycle[0]))}")


class RiskUnknownTaskError(RiskModelError):
    """A link, event or correlation refers to a task id that is not in the network."""

    def __init__(self, task_id: str, referenced_by: str) -> None:
        self.task_id = task_id
        self.referenced_by = referenced_by
        super().__init__(f"unknown task {task_id!r} referenced by {referenced_by}")
