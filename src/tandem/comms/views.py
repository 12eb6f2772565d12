"""The notifications page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from . import actions, policies


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    notes = policies.notifications_visible_to(request.user).select_related("project")[:200]
    return render(request, "comms/notifications.html", {"notifications": notes})


@login_required
@require_http_methods(["POST"])
def notification_read_all(request: HttpRequest) -> HttpResponse:
    actions.do_mark_all_notifications_read(acting_user=request.user)
    return redirect("notification-list")
