"""Pages of the import: upload a plan file, review its preview and the resource mapping, confirm;
then the project's Gantt (or the progress of a long import, and its report). And the update of
an imported project from a newer file of its plan: upload (from the project's Export page),
review what changes, apply."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.accounts.models import User
from tandem.core.errors import TandemError, ValidationFailed
from tandem.projects.navigation import project_context
from tandem.projects.policies import access_project
from tandem.resources.models import Resource

from . import import_actions
from .api_import import import_out
from .import_mpp import mpp_supported
from .import_sources import KIND_LABELS, max_bytes
from .models import ImportMode, ImportStatus, PlanImport

ACCEPT = ".xml,.mpp,.xer,.pmxml,.csv,.xlsx"


def _too_big(upload: Any) -> str:
    return _("%(name)s: the file is %(size)s MB; the most Tandem imports is %(most)s MB.") % {
        "name": upload.name,
        "size": f"{upload.size / 1_048_576:.1f}",
        "most": max_bytes() // 1_048_576,
    }


def _upload_page(request: HttpRequest, error: str = "", status: int = 200) -> HttpResponse:
    context = {
        "error": error,
        "formats": KIND_LABELS.values(),
        "mpp_missing": mpp_supported(),
        "max_mb": max_bytes() // 1_048_576,
        "accept": ACCEPT,
        "recent": PlanImport.objects.filter(created_by_id=request.user.pk).select_related(
            "project"
        )[:10],
    }
    return render(request, "transfer/import_upload.html", context, status=status)


@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    """GET: the upload form. POST: read the file and go to its preview (or say what is wrong
    with it, naming the file and line)."""
    import_actions.require_importer(request.user)
    if request.method != "POST":
        return _upload_page(request)
    upload = request.FILES.get("file")
    if upload is None:
        return _upload_page(request, _("Choose a plan file to import."), status=422)
    if upload.size and upload.size > max_bytes():
        return _upload_page(
            request,
            _too_big(upload),
            status=422,
        )
    try:
        plan_import = import_actions.do_upload_plan(
            acting_user=request.user,
            data=upload.read(),
            file_name=upload.name or "plan",
            time_zone=request.POST.get("time_zone") or "UTC",
        )
    except ValidationFailed as exc:
        return _upload_page(request, exc.message, status=422)
    return redirect("plan-import", plan_import.pk)


def _choices(request: HttpRequest) -> list[dict[str, Any]]:
    organization_id: int = getattr(request.user, "organization_id", 0) or 0
    people = User.objects.filter(organization_id=organization_id, is_active=True).order_by(
        "username"
    )
    resources = Resource.objects.filter(
        organization_id=organization_id, user__isnull=True, active=True
    )
    return [
        {"value": "new", "label": _("A new resource (the file's name)")},
        *(
            {"value": f"person:{u.pk}", "label": _("Person: %(name)s") % {"name": u}}
            for u in people
        ),
        *(
            {"value": f"resource:{r.pk}", "label": _("Resource: %(name)s") % {"name": r.name}}
            for r in resources
        ),
    ]


@login_required
def plan_import(request: HttpRequest, import_id: int) -> HttpResponse:
    """The preview with the resource mapping (waiting for review), the progress (running), the
    report (done) or the reason (failed)."""
    found = import_actions.access_plan_import(request.user, import_id)
    data = import_out(found)
    preview = data["preview"]
    if found.mode == ImportMode.UPDATE:
        update = preview.get("update", {})
        report = data["report"]
        return render(
            request,
            "transfer/update_preview.html",
            {"imp": found, "update": report or update, "applied": bool(report)},
        )
    context = {
        "imp": found,
        "data": data,
        "preview": preview,
        "report": data["report"],
        "choices": _choices(request) if found.status == ImportStatus.PREVIEW else [],
        "dated_losses": [x for x in preview.get("losses", []) if x["affects_dates"]],
        "other_losses": [x for x in preview.get("losses", []) if not x["affects_dates"]],
        "running": found.status in (ImportStatus.QUEUED, ImportStatus.RUNNING),
    }
    return render(request, "transfer/import_preview.html", context)


@login_required
@require_POST
def plan_import_choose(request: HttpRequest, import_id: int) -> HttpResponse:
    found = import_actions.access_plan_import(request.user, import_id)
    try:
        import_actions.do_choose_source_project(
            found, acting_user=request.user, source_project=request.POST.get("source_project", "")
        )
    except ValidationFailed as exc:
        messages.error(request, exc.message)
    return redirect("plan-import", found.pk)


@login_required
@require_POST
def plan_import_confirm(request: HttpRequest, import_id: int) -> HttpResponse:
    """Create the project; land on its Gantt (or on the progress page while a job runs)."""
    found = import_actions.access_plan_import(request.user, import_id)
    if found.mode == ImportMode.UPDATE:
        return _apply_update(request, found)
    mapping = {
        key.removeprefix("resource-"): str(request.POST.get(key, ""))
        for key in request.POST
        if key.startswith("resource-")
    }
    try:
        import_actions.do_confirm_plan_import(
            found,
            acting_user=request.user,
            code=request.POST.get("code", ""),
            name=request.POST.get("name", ""),
            resource_mapping=mapping,
        )
    except ValidationFailed as exc:
        messages.error(request, exc.message)
        return redirect("plan-import", found.pk)
    found.refresh_from_db()
    if found.status == ImportStatus.DONE and found.project_id:
        counts = found.report.get("counts", {})
        differences = len(found.report.get("differences", []))
        text = _("Imported %(file)s: %(tasks)s tasks, %(links)s links.") % {
            "file": found.file_name,
            "tasks": counts.get("tasks", 0),
            "links": counts.get("links", 0),
        }
        text += " " + (
            _("%(count)s tasks have other dates than in the file; see the import report.")
            % {"count": differences}
            if differences
            else _("Every task has the file's dates.")
        )
        messages.success(request, text)
        return redirect("project-gantt", found.project_id)
    if found.status == ImportStatus.FAILED:
        messages.error(request, _("The import failed: %(error)s") % {"error": found.error})
    return redirect("plan-import", found.pk)


def _apply_update(request: HttpRequest, found: PlanImport) -> HttpResponse:
    try:
        applied = import_actions.do_confirm_plan_update(found, acting_user=request.user)
    except TandemError as exc:
        messages.error(request, exc.message)
        return redirect("plan-import", found.pk)
    counts = applied.report.get("counts", {})
    messages.success(
        request,
        _("Updated from %(file)s: %(added)s tasks added, %(removed)s removed, %(changed)s changed.")
        % {
            "file": applied.file_name,
            "added": counts.get("tasks_added", 0),
            "removed": counts.get("tasks_removed", 0),
            "changed": counts.get("tasks_changed", 0),
        },
    )
    return redirect("project-gantt", applied.project_id)


@login_required
def project_update_upload(request: HttpRequest, project_id: int) -> HttpResponse:
    """GET: the form to upload a newer file of the plan the project was imported from. POST:
    read it and show what it changes (or say why it cannot be used)."""
    project = access_project(request.user, project_id, "project.edit")
    error, status = "", 200
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error, status = _("Choose the newer plan file."), 422
        elif upload.size and upload.size > max_bytes():
            error = _too_big(upload)
            status = 422
        else:
            try:
                plan_import = import_actions.do_upload_update(
                    acting_user=request.user,
                    project_id=project.pk,
                    data=upload.read(),
                    file_name=upload.name or "plan",
                )
            except ValidationFailed as exc:
                error, status = exc.message, 422
            else:
                return redirect("plan-import", plan_import.pk)
    context = project_context(request.user, project, "", error=error, accept=ACCEPT)
    return render(request, "transfer/update_upload.html", context, status=status)
