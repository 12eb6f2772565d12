"""The RACI matrix page: rows are items, columns people, cells R/A/C/I. The manager and
coordinators edit a row at a time (htmx swaps the row back, with its error when refused);
everyone who sees the project's work reads it and downloads it as CSV."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tandem.core.errors import ValidationFailed
from tandem.projects.navigation import project_context
from tandem.projects.policies import access_project, has_right

from . import raci, raci_actions
from .models import RaciRole

ROLE_CHOICES = [("", "–"), *RaciRole.choices]


def _role_cells(request: HttpRequest, people_ids: list[int]) -> tuple[dict[int, str], list[str]]:
    """The row's cells from the form (``role-<person id>``): chosen roles, and bad values."""
    roles: dict[int, str] = {}
    bad: list[str] = []
    for key in request.POST:
        value = request.POST.get(key, "")
        if not key.startswith("role-") or not value:
            continue
        raw = key.removeprefix("role-")
        if not raw.isdigit() or int(raw) not in people_ids:
            bad.append(key)
            continue
        roles[int(raw)] = value
    return roles, bad


@login_required
@require_GET
def raci_matrix_page(request: HttpRequest, project_id: int) -> HttpResponse:
    project = access_project(request.user, project_id, raci.VIEW)
    add = request.GET.get("add", "")
    matrix = raci.raci_matrix(request.user, project, extra=[add] if add else [])
    context = project_context(
        request.user,
        project,
        "project-raci",
        matrix=matrix,
        may_edit=has_right(request.user, project, raci.EDIT),
        role_choices=ROLE_CHOICES,
        added=f"{add.replace(':', '-')}" if add else "",
        incomplete=sum(1 for r in matrix.rows if not r.complete),
    )
    return render(request, "coordination/raci.html", context)


@login_required
@require_POST
def raci_row_save(request: HttpRequest, project_id: int, kind: str, item_id: int) -> HttpResponse:
    """Save one row; htmx gets the row back (with the refusal and the cells as sent on a 422)."""
    project = access_project(request.user, project_id, raci.VIEW)
    item = raci.access_item(request.user, project, kind, item_id)
    matrix_people = raci.matrix_people(project)
    people_ids = [p.pk for p in matrix_people]
    roles, bad = _role_cells(request, people_ids)
    status, error, saved = 200, "", False
    try:
        if bad:
            raise ValidationFailed(
                _("Not a person of this project: %(people)s.") % {"people": ", ".join(bad)},
                fields={"roles": bad},
            )
        raci_actions.do_set_raci_roles(project, item, acting_user=request.user, roles=roles)
    except ValidationFailed as exc:
        status, error = exc.status, exc.message
    else:
        saved = True
    if not request.htmx:  # type: ignore[attr-defined]
        if status != 200:
            raise ValidationFailed(error, fields={"roles": [error]})
        url = reverse("project-raci", args=[project.pk])
        return redirect(f"{url}#raci-row-{kind}-{item_id}")
    row = raci.row_of(request.user, project, item)
    if error:
        row.roles = {pk: role for pk, role in roles.items() if pk in people_ids}
    row.fill_cells(matrix_people)
    context: dict[str, Any] = {
        "project": project,
        "row": row,
        "people": matrix_people,
        "may_edit": True,
        "role_choices": ROLE_CHOICES,
        "row_error": error,
        "saved": saved,
    }
    return render(request, "coordination/_raci_row.html", context, status=status)


@login_required
@require_GET
def raci_export(request: HttpRequest, project_id: int) -> HttpResponse:
    project = access_project(request.user, project_id, raci.VIEW)
    body = raci.raci_csv(raci.raci_matrix(request.user, project))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", project.code)
    response["Content-Disposition"] = f'attachment; filename="{safe}-raci.csv"'
    return response
