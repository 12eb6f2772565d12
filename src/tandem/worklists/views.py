"""Pages: My work (every project), a project's board, saved views, and the plan's bulk edit."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .my_work import my_work


@login_required
def my_work_page(request: HttpRequest) -> HttpResponse:
    """The viewer's tasks, action items, meetings, issues and risk responses, by due date."""
    return render(request, "worklists/my_work.html", {"work": my_work(request.user)})
