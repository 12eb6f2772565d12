"""The notifications page and one's email preference."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tandem.core.errors import TandemError

from . import actions, policies
from .forms import EmailPreferenceForm


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    notes = policies.notifications_visible_to(request.user).select_related("project")[:200]
    return render(request, "comms/notifications.html", {"notifications": notes})


@login_required
@require_http_methods(["POST"])
def notification_read_all(request: HttpRequest) -> HttpResponse:
    actions.do_mark_all_notifications_read(acting_user=request.user)
    return redirect("notification-list")


@login_required
@require_http_methods(["GET", "POST"])
def email_preferences(request: HttpRequest) -> HttpResponse:
    """``/me/email-preferences/``: alert emails one by one, as a daily digest, or none."""
    found = actions.email_preference_of(request.user)
    initial = {
        "version": found.version,
        "alert_emails": found.alert_emails,
        "digest_hour": found.digest_hour,
    }
    form = EmailPreferenceForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version")
            try:
                actions.do_set_email_preference(
                    acting_user=request.user, version=version, changes=data
                )
            except TandemError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Your email preference is saved."))
                return redirect("email-preferences")
        status = 422
    context = {"form": form, "preference": found, "person": request.user}
    return render(request, "comms/email_preferences.html", context, status=status)
