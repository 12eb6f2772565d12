"""Pages: the organization home (your projects) and each project's overview and team."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from tandem.core.errors import TandemError

from . import actions, queries
from .forms import HealthForm, ProjectForm
from .navigation import project_context
from .policies import has_right, is_org_admin


@login_required
def home(request: HttpRequest) -> HttpResponse:
    projects = queries.list_projects(request.user, search=request.GET.get("q") or None)
    return render(
        request,
        "projects/home.html",
        {
            "projects": projects,
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
            {"status": 403, "message": "Only organization admins create projects."},
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
    elif request.method == "POST":
        return render(
            request,
            "tandem/error.html",
            {"status": 403, "message": "Only the project manager edits the project."},
            status=403,
        )
    context = project_context(
        request.user,
        project,
        "project-overview",
        health_form=form,
        leads=queries.list_members(request.user, project.pk).filter(
            role__in=["manager", "coordinator"]
        ),
        panels=overview_panels(request, project),
    )
    return render(request, "projects/overview.html", context)


def overview_panels(request: HttpRequest, project: object) -> list[dict[str, object]]:
    """Sections other domains contribute to the overview (goals, milestones, latest status)."""
    return []
