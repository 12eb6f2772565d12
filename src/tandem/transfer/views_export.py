"""The project's Export page and its downloads (the same files as
``GET /api/projects/{id}/export``, see ``tandem.transfer.exporting``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.core.errors import ValidationFailed
from tandem.projects.navigation import project_context
from tandem.projects.policies import access_project, has_right

from .api_export import file_response
from .exporting import LABELS, ExportFormat, export_project, file_name, formats_for
from .models import ImportedItem

DESCRIPTIONS = {
    ExportFormat.MSPDI: gettext_lazy(
        "Opens in Microsoft Project and ProjectLibre: tasks with their outline, "
        "links and lags, calendars and holidays, constraints, deadlines, notes, progress, people "
        "and resources with their assignments, baselines, and the computed dates."
    ),
    ExportFormat.CSV: gettext_lazy(
        # xgettext:no-python-format
        "The plan as a table, one row per task: the columns the import reads "
        "(WBS, name, duration, start, finish, predecessors, resources, % complete, constraints) "
        "plus early and late dates, float, the critical flag and the variance from the baseline."
    ),
    ExportFormat.XLSX: gettext_lazy(
        "The same table as an Excel workbook, with dates as dates and numbers as numbers."
    ),
    ExportFormat.ICS: gettext_lazy(
        "The project's milestones as all-day events and the meetings you can "
        "see, for your calendar program."
    ),
}


@login_required
def project_export(request: HttpRequest, project_id: int) -> HttpResponse:
    """Everyone in the project opens it; it offers the formats their role allows."""
    project = access_project(request.user, project_id, "project.view")
    choices = [
        {
            "format": fmt.value,
            "label": LABELS[fmt],
            "description": DESCRIPTIONS[fmt],
            "file_name": file_name(project, fmt),
        }
        for fmt in formats_for(request.user, project)
    ]
    # A project imported from a file can take a newer version of it (its managers only).
    can_update = (
        has_right(request.user, project, "project.edit")
        and ImportedItem.objects.filter(project=project, kind="task").exists()
    )
    context = project_context(request.user, project, "", choices=choices, can_update=can_update)
    return render(request, "transfer/export_page.html", context)


@login_required
def project_export_download(request: HttpRequest, project_id: int, fmt: str) -> HttpResponse:
    """The file as an attachment; a plan that cannot be scheduled goes back to the Export page
    with the reason."""
    try:
        chosen = ExportFormat(fmt)
    except ValueError:
        raise Http404(_("No export format %(format)r.") % {"format": fmt}) from None
    try:
        exported = export_project(request.user, project_id, chosen, now=timezone.now())
    except ValidationFailed as exc:
        messages.error(request, exc.message)
        return redirect("project-export", project_id=project_id)
    return file_response(exported)
