"""Planning state for tests, built through the real actions (so audit rows and WBS codes exist)."""

from __future__ import annotations

from typing import Any

from tandem.planning import actions
from tandem.planning.models import Dependency, Task
from tandem.projects.models import Project


def make_task(
    project: Project, name: str = "Task", *, by: Any | None = None, **fields: Any
) -> Task:
    """A task created by ``by`` (default: the project's first manager)."""
    return actions.do_create_task(project, acting_user=by or _manager(project), name=name, **fields)


def make_link(pred: Task, succ: Task, *, by: Any | None = None, **fields: Any) -> Dependency:
    return actions.do_add_dependency(
        acting_user=by or _manager(pred.project), predecessor=pred, successor=succ, **fields
    )


def _manager(project: Project) -> Any:
    return project.memberships.filter(role="manager").select_related("user").first().user  # type: ignore[union-attr]
