"""Goals and key results for tests, built through the real actions (so audit rows exist)."""

from __future__ import annotations

from typing import Any

from tandem.goals import actions
from tandem.goals.models import Goal, KeyResult
from tandem.projects.models import Project


def make_goal(
    project: Project, name: str = "Goal", *, by: Any | None = None, **fields: Any
) -> Goal:
    return actions.do_create_goal(project, acting_user=by or _manager(project), name=name, **fields)


def make_key_result(
    goal: Goal, name: str = "KR", *, by: Any | None = None, **fields: Any
) -> KeyResult:
    fields.setdefault("metric", "count")
    fields.setdefault("target", 10)
    return actions.do_create_key_result(
        goal, acting_user=by or _manager(goal.project), name=name, **fields
    )


def _manager(project: Project) -> Any:
    return project.memberships.filter(role="manager").select_related("user").first().user  # type: ignore[union-attr]
