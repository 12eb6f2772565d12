"""``{% task_filter_bar "task-list" %}``: the filter form, the saved views and the links to the
same filter on the plan, the board and the Gantt. The page's view puts ``task_filter`` and
``filter_errors`` in the context (``planning.task_filters.filter_for_page``)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.translation import gettext, gettext_noop

from tandem.planning.models import TaskStatus
from tandem.planning.task_filters import TaskFilter, teams_of

from ..forms import BulkEditForm
from ..policies import saved_views_visible_to

register = template.Library()

PAGES = (
    ("task-list", gettext_noop("Plan")),
    ("project-board", gettext_noop("Board")),
    ("project-gantt", gettext_noop("Gantt")),
)


def page_url(page: str, project_id: int, params: dict[str, str]) -> str:
    url = reverse(page, args=[project_id])
    return f"{url}?{urlencode(params)}" if params else url


@register.inclusion_tag("worklists/_filter_bar.html", takes_context=True)
def task_filter_bar(context: Any, page: str) -> dict[str, Any]:
    request = context["request"]
    project = context["project"]
    flt: TaskFilter = context.get("task_filter") or TaskFilter()
    params = flt.as_params()
    teams = list(teams_of(project))
    team_name = next((t.name for t in teams if t.pk == flt.team), None)
    views = [
        {"view": v, "url": page_url(page, project.pk, v.filters)}
        for v in saved_views_visible_to(request.user).filter(project=project)
    ]
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "project": project,
        "page": page,
        "flt": flt,
        "errors": context.get("filter_errors") or {},
        "params": params,
        "described": flt.describe(team_name),
        "teams": teams,
        "statuses": TaskStatus.choices,
        "views": views,
        "clear_url": reverse(page, args=[project.pk]),
        "elsewhere": [
            {"key": label, "label": gettext(label), "url": page_url(name, project.pk, params)}
            for name, label in PAGES
            if name != page
        ],
        "can_save": bool(params),
    }


@register.inclusion_tag("worklists/_bulk_edit.html", takes_context=True)
def bulk_edit_form(context: Any) -> dict[str, Any]:
    """The plan list's bulk edit form (bound, with its errors, after a refused edit)."""
    project = context["project"]
    form = context.get("bulk_form") or BulkEditForm(project=project)
    request = context["request"]
    query = request.GET.urlencode()
    action = reverse("task-bulk-edit", args=[project.pk])
    return {
        "form": form,
        "csrf_token": context.get("csrf_token"),
        "action": f"{action}?{query}" if query else action,
    }
