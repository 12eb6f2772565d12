"""Every write of this app: saved views, and the plan list's bulk edit (``bulk_edit``)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from tandem.core import writes
from tandem.core.errors import ValidationFailed
from tandem.planning.task_filters import TaskFilter
from tandem.projects.models import Project
from tandem.projects.policies import require_right

from .models import SavedView
from .policies import VIEW_RIGHT


@transaction.atomic
def do_save_view(project: Project, *, acting_user: Any, name: str, flt: TaskFilter) -> SavedView:
    """Name the filter ``flt`` for its owner, in ``project`` (anyone who sees the work)."""
    require_right(acting_user, project, VIEW_RIGHT, "Your role does not show this project's tasks.")
    name = name.strip()
    if not name:
        raise ValidationFailed("Give the view a name.", fields={"name": ["Give the view a name."]})
    if flt.is_empty():
        raise ValidationFailed(
            "Choose a filter first: a view without one shows every task.",
            fields={"filters": ["empty"]},
        )
    if SavedView.objects.filter(owner=acting_user, project=project, name=name).exists():
        message = f"You already have a view named “{name}” here."
        raise ValidationFailed(message, fields={"name": [message]})
    return writes.create(
        SavedView(owner=acting_user, project=project, name=name, filters=flt.as_params()),
        actor=acting_user,
        action="saved_view.created",
    )


@transaction.atomic
def do_delete_view(view: SavedView, *, acting_user: Any, version: int) -> None:
    """Delete one's own saved view (the tasks it showed stay as they are)."""
    if view.owner_id != acting_user.pk:
        raise ValidationFailed("Only its owner deletes a saved view.")
    writes.delete(view, version=version, actor=acting_user, action="saved_view.deleted")
