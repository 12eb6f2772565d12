"""Who may see and change goals and key results: the project's workers see them, only the
manager (``goals.edit``) changes them."""

from __future__ import annotations

from typing import ClassVar

from tandem.projects.policies import ProjectScopedPolicy

from .models import Goal, KeyResult


class GoalPolicy(ProjectScopedPolicy[Goal]):
    model = Goal
    action_rights: ClassVar[dict[str, str]] = {"edit": "goals.edit", "delete": "goals.edit"}


class KeyResultPolicy(ProjectScopedPolicy[KeyResult]):
    model = KeyResult
    project_field = "goal__project"
    action_rights: ClassVar[dict[str, str]] = {"edit": "goals.edit", "delete": "goals.edit"}
