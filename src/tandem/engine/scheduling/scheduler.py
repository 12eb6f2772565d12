"""Entry point: schedule a project with the vectorised path when it applies, else in general."""

from __future__ import annotations

from .cpm import compute_schedule
from .fastpath import fast_schedule
from .model import Project, Schedule

__all__ = ["schedule_project"]


def schedule_project(project: Project) -> Schedule:
    """Compute early/late dates, floats and the critical path of ``project``.

    Dates are aware datetimes in ``project.timezone``; floats are working minutes on each task's
    calendar. Raises DependencyCycleError, UnknownTaskError, CalendarError (all
    SchedulingError) naming the offending items; constraints that cannot be met produce negative
    float and warnings, not errors. See :mod:`.cpm` for the conventions. Single-calendar projects
    without progress, summaries or date constraints take a vectorised path with identical
    results (:mod:`.fastpath`).
    """
    fast = fast_schedule(project)
    return fast if fast is not None else compute_schedule(project)
