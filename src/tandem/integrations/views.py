"""Pages of webhooks: the hooks one configures (the organization's for admins, a project's for
its manager), a hook's page with its settings, secret (shown once, when made or rotated), test
button and delivery log."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tandem.core.errors import TandemError, ValidationFailed
from tandem.projects.models import Project
from tandem.projects.navigation import project_context
from tandem.projects.policies import is_org_admin

from . import actions, policies, queries
from .forms import WebhookForm
from .models import EventKind, Webhook

EVENT_WORDS = dict(EventKind.choices)


def _form_failed(form: WebhookForm, exc: TandemError) -> None:
    shown = False
    for field, problems in exc.fields.items():
        if field in form.fields:
            form.add_error(field, problems)
            shown = True
    if not shown:
        form.add_error(None, exc.message)


def _version(request: HttpRequest) -> int:
    raw = request.POST.get("version", "")
    if not raw.isdigit():
        raise ValidationFailed(_("The form lost its version; reload the page."))
    return int(raw)


def _create(
    request: HttpRequest, form: WebhookForm, project: Project | None
) -> tuple[Webhook, str] | None:
    if not form.is_valid():
        return None
    try:
        return actions.do_create_webhook(
            organization_id=(
                project.organization_id
                if project is not None
                else policies.refuse_unless_org_admin(request.user)
            ),
            project=project,
            acting_user=request.user,
            **form.cleaned_data,
        )
    except TandemError as exc:
        _form_failed(form, exc)
        return None


def _detail(
    request: HttpRequest, hook: Webhook, *, secret: str = "", form: WebhookForm | None = None,
    status: int = 200,
) -> HttpResponse:  # fmt: skip
    initial = {"name": hook.name, "url": hook.url, "events": hook.events}
    context: dict[str, Any] = {
        "hook": hook,
        "secret": secret,
        "form": form or WebhookForm(initial=initial),
        "event_words": [EVENT_WORDS.get(e, e) for e in hook.events],
        "deliveries": queries.recent_deliveries(hook),
    }
    if hook.project is not None:
        context = project_context(request.user, hook.project, "project-webhooks", **context)
    return render(request, "integrations/detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def webhook_list(request: HttpRequest) -> HttpResponse:
    """Every hook the user configures; admins add the organization's here."""
    admin = is_org_admin(request.user)
    form = WebhookForm(request.POST or None)
    status = 200
    if request.method == "POST":
        policies.refuse_unless_org_admin(request.user)
        made = _create(request, form, None)
        if made is not None:
            messages.success(
                request,
                _("Webhook “%(name)s” added. Copy its secret now.") % {"name": made[0].name},
            )
            return _detail(request, made[0], secret=made[1], status=201)
        status = 422
    context = {
        "hooks": queries.list_webhooks(request.user),
        "form": form if admin else None,
        "admin": admin,
        "event_words": EVENT_WORDS,
    }
    return render(request, "integrations/list.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def project_webhooks(request: HttpRequest, project_id: int) -> HttpResponse:
    project = policies.access_project_for_hooks(request.user, project_id)
    form = WebhookForm(request.POST or None)
    status = 200
    if request.method == "POST":
        made = _create(request, form, project)
        if made is not None:
            messages.success(
                request,
                _("Webhook “%(name)s” added. Copy its secret now.") % {"name": made[0].name},
            )
            return _detail(request, made[0], secret=made[1], status=201)
        status = 422
    context = project_context(
        request.user,
        project,
        "project-webhooks",
        hooks=queries.list_webhooks(request.user, project.pk),
        form=form,
        event_words=EVENT_WORDS,
    )
    return render(request, "integrations/project_list.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def webhook_detail(request: HttpRequest, webhook_id: int) -> HttpResponse:
    hook = queries.get_webhook(request.user, webhook_id)
    if request.method == "GET":
        return _detail(request, hook)
    hook = queries.get_webhook(request.user, webhook_id, "update")
    form = WebhookForm(request.POST)
    if form.is_valid():
        try:
            hook = actions.do_update_webhook(
                hook, version=_version(request), changes=form.cleaned_data,
                acting_user=request.user,
            )  # fmt: skip
        except TandemError as exc:
            _form_failed(form, exc)
        else:
            messages.success(request, _("Webhook “%(name)s” saved.") % {"name": hook.name})
            return redirect("webhook-detail", hook.pk)
    return _detail(request, hook, form=form, status=422)


@login_required
@require_POST
def webhook_pause(request: HttpRequest, webhook_id: int) -> HttpResponse:
    hook = queries.get_webhook(request.user, webhook_id, "update")
    resume = not hook.active
    try:
        actions.do_update_webhook(
            hook, version=_version(request), changes={"active": resume}, acting_user=request.user
        )
    except TandemError as exc:
        messages.error(request, exc.message)
    else:
        if resume:
            messages.success(
                request,
                _("“%(name)s” resumed: changes from now on are sent.") % {"name": hook.name},
            )
        else:
            messages.success(
                request,
                _("“%(name)s” paused: nothing is sent until resumed.") % {"name": hook.name},
            )
    return redirect("webhook-detail", hook.pk)


@login_required
@require_POST
def webhook_rotate(request: HttpRequest, webhook_id: int) -> HttpResponse:
    hook = queries.get_webhook(request.user, webhook_id, "update")
    try:
        hook, secret = actions.do_rotate_webhook_secret(
            hook, version=_version(request), acting_user=request.user
        )
    except TandemError as exc:
        messages.error(request, exc.message)
        return redirect("webhook-detail", hook.pk)
    messages.success(request, _("New secret made; the old one no longer signs. Copy it now."))
    return _detail(request, hook, secret=secret)


@login_required
@require_POST
def webhook_test(request: HttpRequest, webhook_id: int) -> HttpResponse:
    hook = queries.get_webhook(request.user, webhook_id, "update")
    try:
        sent = actions.do_send_test_event(hook, acting_user=request.user)
    except TandemError as exc:
        messages.error(request, exc.message)
    else:
        sent.refresh_from_db()
        messages.success(
            request,
            _("Test event sent: %(status)s.") % {"status": sent.get_status_display().lower()},
        )
    return redirect("webhook-detail", hook.pk)


@login_required
@require_POST
def webhook_delete(request: HttpRequest, webhook_id: int) -> HttpResponse:
    hook = queries.get_webhook(request.user, webhook_id, "delete")
    try:
        actions.do_delete_webhook(hook, version=_version(request), acting_user=request.user)
    except TandemError as exc:
        messages.error(request, exc.message)
        return redirect("webhook-detail", hook.pk)
    messages.success(request, _("Webhook “%(name)s” deleted.") % {"name": hook.name})
    if hook.project_id is not None:
        return redirect("project-webhooks", hook.project_id)
    return redirect("webhook-list")
