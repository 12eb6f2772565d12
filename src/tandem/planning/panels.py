"""Planning's contribution to the project overview page: next milestones and goal progress.

``projects.views.overview_panels`` can append ``overview_panels(user, project)``; each panel names
its template and carries the data it shows, already filtered by what the viewer may see.
"""

from __future__ import annotations

from typing import Any

from tandem.projects.models import Project
from tandem.projects.policies import has_right

from . import queries
from .models import TaskStatus


def overview_panels(user: Any, project: Project) -> list[dict[str, Any]]:
    panels: list[dict[str, Any]] = []
    if has_right(user, project, "project.view"):
        upcoming = (
            queries.list_milestones(user, project.pk)
            .exclude(status__in=[TaskStatus.DONE, TaskStatus.CANCELLED])
            .order_by("finish_date", "wbs_sort")[:5]
        )
        panels.append({"template": "planning/_overview_milestones.html", "milestones": upcoming})
    if has_right(user, project, "project.view_work"):
        goals = []
        for goal in queries.list_goals(user, project.pk):
            progress = queries.goal_progress(goal)
            percent = None if progress is None else int((progress * 100).to_integral_value())
            goals.append({"goal": goal, "percent": percent})
        panels.append({"template": "planning/_overview_goals.html", "goals": goals})
    return panels
