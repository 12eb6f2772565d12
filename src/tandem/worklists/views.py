"""Pages: My work (every project), a project's board, saved views, and the plan's bulk edit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from tandem.core.errors import TandemError
from tandem.planning.models import TaskStatus
from tandem.planning.schedule_actions import PlanOutcome
from tandem.planning.task_filters import filter_for_page
from tandem.planning.views import task_list_page
from tandem.projects.navigation import project_context
from tandem.projects.policies import access_project

from . import actions
from .board import project_board
from .forms import BulkEditForm
from .my_work import my_work
from .policies import access_saved_view
from .templatetags.worklists import PAGES, page_url

PAGE_NAMES = {name for name, _ in PAGES}


@login_required
def my_work_page(request: HttpRequest) -> HttpResponse:
    """The viewer's tasks, action items, meetings, issues and risk responses, by due date."""
    return render(request, "worklists/my_work.html", {"work": my_work(request.user)})


@login_required
def board_page(request: HttpRequest, project_id: int) -> HttpResponse:
    """The project's tasks by status; cards move by drag and drop or their "Move to" list."""
    project = access_project(request.user, project_id, "project.view_work")
    flt, errors = filter_for_page(project, request.GET)
    columns = project_board(request.user, project, flt)
    context = project_context(
        request.user,
        project,
        "project-board",
        columns=columns,
        statuses=TaskStatus.choices,
        task_filter=flt,
        filter_errors=errors,
        card_count=sum(len(c.cards) for c in columns),
    )
    return render(request, "worklists/board.html", context)


def _page_of(request: HttpRequest) -> str:
    page = request.POST.get("page", "")
    return page if page in PAGE_NAMES else "task-list"


@login_required
@require_POST
def saved_view_create(request: HttpRequest, project_id: int) -> HttpResponse:
    """Save the filter the page shows under a name; back to the page with it."""
    project = access_project(request.user, project_id, "project.view_work")
    flt, errors = filter_for_page(project, request.POST)
    page = _page_of(request)
    back = page_url(page, project.pk, flt.as_params())
    if errors:
        for name, reasons in errors.items():
            messages.error(
                request,
                _("Not saved: %(field)s: %(reasons)s")
                % {"field": name, "reasons": " ".join(reasons)},
            )
        return redirect(back)
    name = request.POST.get("name", "")
    try:
        view = actions.do_save_view(project, acting_user=request.user, name=name, flt=flt)
    except TandemError as exc:
        if exc.status in (403, 404):
            raise
        messages.error(request, _("The view was not saved: %(reason)s") % {"reason": exc.message})
        return redirect(back)
    messages.success(
        request,
        _("Saved the view “%(name)s”: it is listed above the tasks.") % {"name": view.name},
    )
    return redirect(back)


@login_required
@require_POST
def saved_view_delete(request: HttpRequest, view_id: int) -> HttpResponse:
    view = access_saved_view(request.user, view_id)
    raw = request.POST.get("version", "")
    version = int(raw) if raw.isdigit() and len(raw) < 12 else 0
    page = _page_of(request)
    try:
        actions.do_delete_view(view, acting_user=request.user, version=version)
    except TandemError as exc:
        if exc.status in (403, 404):
            raise
        messages.error(request, _("The view was not deleted: %(reason)s") % {"reason": exc.message})
    else:
        messages.success(request, _("Deleted the saved view “%(name)s”.") % {"name": view.name})
    return redirect(page_url(page, view.project_id, {}))


@login_required
@require_POST
def bulk_edit(request: HttpRequest, project_id: int) -> HttpResponse:
    """Change the selected tasks of the plan list at once: all of them, or none with the reason
    next to the form (the list keeps its filter: it is in the query string)."""
    project = access_project(request.user, project_id, "tasks.edit")
    form = BulkEditForm(request.POST, project=project)
    back = page_url("task-list", project.pk, filter_for_page(project, request.GET)[0].as_params())
    status = 422
    if form.is_valid():
        outcome = PlanOutcome()
        try:
            done = actions.do_bulk_update_tasks(
                project,
                acting_user=request.user,
                picks=form.picks,
                changes=form.changes(),
                outcome=outcome,
            )
        except TandemError as exc:
            if exc.status in (403, 404):
                raise
            form.add_error(None, _("Nothing was changed: %(reason)s") % {"reason": exc.message})
            status = exc.status
        else:
            what = ", ".join(form.changes().describe())
            messages.success(
                request,
                ngettext(
                    "Changed %(count)d task: %(what)s.",
                    "Changed %(count)d tasks: %(what)s.",
                    len(done),
                )
                % {"count": len(done), "what": what},
            )
            moved = {m.id for m in outcome.rescheduled} - {t.pk for t in done}
            if moved:
                messages.info(
                    request,
                    ngettext(
                        "The schedule moved %(count)d other task.",
                        "The schedule moved %(count)d other tasks.",
                        len(moved),
                    )
                    % {"count": len(moved)},
                )
            return redirect(back)
    return task_list_page(
        request, project, status=status, bulk_form=form, bulk_selected=set(form.picks)
    )
