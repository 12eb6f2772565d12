"""Pages: the organization home (your projects) and each project's overview and team."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tandem.core.errors import TandemError
from tandem.goals import queries as goals_queries
from tandem.meetings import queries as meetings_queries
from tandem.monitoring import overview as monitoring_overview
from tandem.planning import queries as planning_queries
from tandem.records import queries as records_queries
from tandem.risks import queries as risks_queries

from . import actions, queries
from .forms import HealthForm, ProjectForm
from .models import Project
from .navigation import project_context
from .policies import can_see_budget, has_right, is_org_admin


@login_required
def home(request: HttpRequest) -> HttpResponse:
    search = request.GET.get("q") or None
    projects = queries.list_projects(request.user, search=search, archived=False)
    return render(
        request,
        "projects/home.html",
        {
            "projects": projects,
            "archived_projects": queries.list_projects(request.user, search=search, archived=True),
            "has_deleted": queries.list_deleted_projects(request.user).exists(),
            "can_create": is_org_admin(request.user),
            "q": request.GET.get("q", ""),
        },
    )


@login_required
def project_create(request: HttpRequest) -> HttpResponse:
    if not is_org_admin(request.user):
        return render(
            request,
            "tandem/error.html",
            {"status": 403, "message": _("Only organization admins create projects.")},
            status=403,
        )
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            project = actions.do_create_project(acting_user=request.user, **form.cleaned_data)
        except TandemError as exc:
            form.add_error(None, exc.message)
            for field, msgs in exc.fields.items():
                if field in form.fields:
                    form.add_error(field, msgs)
        else:
            return redirect("project-overview", project.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, "projects/project_form.html", {"form": form}, status=status)


@login_required
def project_overview(request: HttpRequest, project_id: int) -> HttpResponse:
    project = queries.get_project(request.user, project_id)
    form = None
    status = 200
    if has_right(request.user, project, "project.edit"):
        form = HealthForm(
            request.POST or None,
            initial={
                "version": project.version,
                "health": project.health,
                "health_reason": project.health_reason,
                "status": project.status,
            },
        )
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version")
            actions.do_update_project(
                project, acting_user=request.user, version=version, changes=data
            )
            return redirect("project-overview", project.pk)
        if request.method == "POST":
            status = 422
    elif request.method == "POST":
        return render(
            request,
            "tandem/error.html",
            {"status": 403, "message": _("Only the project manager edits the project.")},
            status=403,
        )
    context = project_context(
        request.user,
        project,
        "project-overview",
        health_form=form,
        show_budget=can_see_budget(request.user, project),
        leads=queries.list_members(request.user, project.pk).filter(
            role__in=["manager", "coordinator"]
        ),
        panels=overview_panels(request, project),
        may_close=actions.may_close(request.user, project),
    )
    return render(request, "projects/overview.html", context, status=status)


def overview_panels(request: HttpRequest, project: Project) -> list[dict[str, Any]]:
    """The dashboard sections, each only for viewers whose role lets them see its content."""
    user = request.user
    panels: list[dict[str, Any]] = []
    updates = list(records_queries.list_status_updates(user, project.pk, published=True)[:1])
    panels.append(
        {"template": "projects/panels/status.html", "update": updates[0] if updates else None}
    )
    milestones = list(planning_queries.list_milestones(user, project.pk)[:12])
    panels.append({"template": "projects/panels/milestones.html", "milestones": milestones})
    watched = monitoring_overview.overview_panels(user, project)
    panels[:0] = watched[:1]  # alerts and the suggested health first
    panels.extend(watched[1:])  # the trend charts last
    if not has_right(user, project, "project.view_work"):
        return panels
    goals = [
        {
            "goal": goal,
            "progress": _percent(goals_queries.goal_progress(goal)),
            "key_results": [
                {
                    "kr": kr,
                    "progress": _percent(goals_queries.key_result_progress(kr)),
                    "text": goals_queries.key_result_text(kr),
                }
                for kr in goal.key_results.all()
            ],
        }
        for goal in goals_queries.list_goals(user, project.pk)
    ]
    panels.insert(0, {"template": "projects/panels/goals.html", "goals": goals})
    risks = list(risks_queries.list_risks(user, project.pk, status="open")[:5])
    issues = list(risks_queries.list_issues(user, project.pk)[:50])
    open_issues = [i for i in issues if i.status not in ("resolved", "closed")]
    upcoming, _past = meetings_queries.upcoming_and_past(user, project)
    panels.append(
        {
            "template": "projects/panels/attention.html",
            "risks": risks,
            "open_issues": open_issues[:5],
            "open_issue_count": len(open_issues),
            "meetings": upcoming[:3],
        }
    )
    return panels


def _percent(value: Decimal | None) -> int | None:
    return None if value is None else int((value * 100).quantize(Decimal(1)))
