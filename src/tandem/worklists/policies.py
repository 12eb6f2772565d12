"""Who sees what here.

My work shows a person only their own items, each through its own app's policy (tasks, action
items, meetings, issues, risk responses), so nothing of a project they left appears. Saved views
are their owner's alone, and only while the owner still sees the project's work.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from tandem.core.errors import NotFound
from tandem.projects.policies import project_ids_with_right

from .models import SavedView

VIEW_RIGHT = "project.view_work"


def saved_views_visible_to(user: Any) -> QuerySet[SavedView]:
    if not getattr(user, "is_authenticated", False):
        return SavedView.objects.none()
    return SavedView.objects.filter(
        owner_id=user.pk, project_id__in=project_ids_with_right(user, VIEW_RIGHT)
    )


def access_saved_view(user: Any, view_id: int) -> SavedView:
    """The user's own saved view, else 404 (another person's views are not named)."""
    found = saved_views_visible_to(user).filter(pk=view_id).first()
    if found is None:
        raise NotFound(_("No saved view %(view_id)s.") % {"view_id": view_id})
    return found
