"""Pages that close a project: archive and restore from the archive, delete, and the deleted
projects still restorable."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from tandem.core import l10n
from tandem.core.errors import Forbidden, TandemError

from . import actions, queries
from .models import Project
from .navigation import project_context


def _version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return 0


def _error(request: HttpRequest, exc: TandemError) -> HttpResponse:
    return render(
        request,
        "tandem/error.html",
        {"status": exc.status, "message": exc.message},
        status=exc.status,
    )


@login_required
@require_POST
def project_archive(request: HttpRequest, project_id: int) -> HttpResponse:
    project = queries.get_project_to_manage(request.user, project_id)
    try:
        actions.do_archive_project(project, acting_user=request.user, version=_version(request))
    except TandemError as exc:
        return _error(request, exc)
    messages.success(
        request,
        _("%(project)s is archived: read-only for everybody until you restore it.")
        % {"project": f"{project.code} {project.name}"},
    )
    return redirect("project-overview", project.pk)


@login_required
@require_POST
def project_unarchive(request: HttpRequest, project_id: int) -> HttpResponse:
    project = queries.get_project_to_manage(request.user, project_id)
    try:
        actions.do_unarchive_project(project, acting_user=request.user, version=_version(request))
    except TandemError as exc:
        return _error(request, exc)
    messages.success(
        request,
        _("%(project)s is back from the archive.") % {"project": f"{project.code} {project.name}"},
    )
    return redirect("project-overview", project.pk)


@login_required
def project_delete(request: HttpRequest, project_id: int) -> HttpResponse:
    """GET: what deleting means and a confirmation asking for the project's code; POST: delete."""
    project = queries.get_project_to_manage(request.user, project_id)
    if not actions.may_close(request.user, project):
        return _error(
            request,
            Forbidden(_("Only the project manager or an organization admin deletes it.")),
        )
    error = ""
    status = 200
    if request.method == "POST":
        if request.POST.get("confirm_code", "").strip() != project.code:
            error = _("Type the project's code, %(code)s, to confirm.") % {"code": project.code}
            status = 422
        else:
            try:
                actions.do_delete_project(
                    project, acting_user=request.user, version=_version(request)
                )
            except TandemError as exc:
                error, status = exc.message, exc.status
            else:
                until = timezone.localdate(actions.purge_after(project))
                messages.success(
                    request,
                    _(
                        "%(project)s is deleted. You can restore it from Deleted projects "
                        "until %(day)s."
                    )
                    % {"project": f"{project.code} {project.name}", "day": l10n.format_date(until)},
                )
                return redirect("home")
    context = project_context(
        request.user,
        project,
        "project-overview",
        error=error,
        grace_days=actions.grace_period().days,
        counts=_contents(project),
    )
    return render(request, "projects/delete.html", context, status=status)


def _contents(project: Project) -> list[str]:
    """What goes with the project, for the confirmation page: "2 tasks", "1 risk"..."""
    counts = [
        (project.tasks.count(), "%(count)d task", "%(count)d tasks"),
        (project.risks.count(), "%(count)d risk", "%(count)d risks"),
        (project.issues.count(), "%(count)d issue", "%(count)d issues"),
        (project.meetings.count(), "%(count)d meeting", "%(count)d meetings"),
        (project.documents.count(), "%(count)d document", "%(count)d documents"),
    ]
    return [ngettext(one, many, count) % {"count": count} for count, one, many in counts if count]


@login_required
def deleted_projects(request: HttpRequest) -> HttpResponse:
    projects: list[dict[str, Any]] = [
        {"project": p, "purge_after": actions.purge_after(p)}
        for p in queries.list_deleted_projects(request.user)
    ]
    return render(
        request,
        "projects/deleted.html",
        {"deleted": projects, "grace_days": actions.grace_period().days},
    )


@login_required
@require_POST
def project_restore(request: HttpRequest, project_id: int) -> HttpResponse:
    project = queries.get_deleted_project(request.user, project_id)
    try:
        actions.do_restore_project(project, acting_user=request.user, version=_version(request))
    except TandemError as exc:
        return _error(request, exc)
    messages.success(
        request,
        _("%(project)s is restored, exactly as it was.")
        % {"project": f"{project.code} {project.name}"},
    )
    return redirect("project-overview", project.pk)
