"""Pages of monitoring: acknowledging an alert and answering the suggested health (from the
project overview), and the escalation rules of a project (leads)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tandem.core.errors import TandemError, ValidationFailed
from tandem.projects.navigation import project_context
from tandem.projects.policies import access_project, has_right

from . import actions, queries
from .forms import WATCH_FIELDS, EscalationRuleForm, WatchSettingsForm


def _overview(project_id: int, anchor: str = "alerts") -> HttpResponse:
    response = redirect("project-overview", project_id)
    response["Location"] += f"#{anchor}"
    return response


@login_required
@require_POST
def alert_acknowledge(request: HttpRequest, alert_id: int) -> HttpResponse:
    alert = queries.get_alert(request.user, alert_id, "acknowledge")
    try:
        actions.do_acknowledge_alert(alert, acting_user=request.user)
    except TandemError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Acknowledged: %(title)s.") % {"title": alert.title})
    return _overview(alert.project_id, f"alert-{alert.pk}")


@login_required
@require_POST
def health_decision(request: HttpRequest, project_id: int) -> HttpResponse:
    project = access_project(request.user, project_id, "project.edit")
    decision = request.POST.get("decision", "")
    try:
        found = actions.do_decide_health(
            project,
            acting_user=request.user,
            decision=decision,
            reason=request.POST.get("reason", ""),
        )
    except TandemError as exc:
        messages.error(request, exc.message)
    else:
        if decision == "accepted":
            messages.success(
                request,
                _("Health set to %(health)s, as suggested.") % {"health": found.suggested},
            )
        else:
            messages.success(
                request,
                _("You keep %(health)s; the reason is recorded.") % {"health": project.health},
            )
    return _overview(project.pk, "computed-health")


def _form_failed(form: forms.BaseForm, exc: TandemError) -> None:
    shown = False
    for field, problems in exc.fields.items():
        if field in form.fields:
            form.add_error(field, problems)
            shown = True
    if not shown:
        form.add_error(None, exc.message)


@login_required
@require_http_methods(["GET", "POST"])
def rule_list(request: HttpRequest, project_id: int) -> HttpResponse:
    project = access_project(request.user, project_id, "team.coordinate")
    form = EscalationRuleForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                rule = actions.do_create_escalation_rule(
                    project, acting_user=request.user, **form.cleaned_data
                )
            except TandemError as exc:
                _form_failed(form, exc)
            else:
                messages.success(request, _("Rule “%(name)s” added.") % {"name": rule.name})
                return redirect("escalation-rules", project.pk)
        status = 422
    context = project_context(
        request.user,
        project,
        "escalation-rules",
        rules=queries.list_rules(request.user, project.pk),
        escalations=queries.recent_escalations(request.user, project.pk),
        form=form,
    )
    return render(request, "monitoring/rules.html", context, status=status)


def _version(request: HttpRequest) -> int:
    raw = request.POST.get("version", "")
    if not raw.isdigit():
        raise ValidationFailed(_("The form lost its version; reload the page."))
    return int(raw)


@login_required
@require_http_methods(["GET", "POST"])
def rule_edit(request: HttpRequest, rule_id: int) -> HttpResponse:
    rule = queries.get_rule(request.user, rule_id, "view")
    project = rule.project
    initial = {name: getattr(rule, name) for name in EscalationRuleForm.Meta.fields}
    form = EscalationRuleForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        rule = queries.get_rule(request.user, rule_id, "update")
        if form.is_valid():
            try:
                actions.do_update_escalation_rule(
                    rule,
                    acting_user=request.user,
                    version=_version(request),
                    changes=form.cleaned_data,
                )
            except TandemError as exc:
                _form_failed(form, exc)
            else:
                messages.success(
                    request, _("Rule “%(name)s” saved.") % {"name": form.cleaned_data["name"]}
                )
                return redirect("escalation-rules", project.pk)
        status = 422
    context = project_context(request.user, project, "escalation-rules", rule=rule, form=form)
    return render(request, "monitoring/rule_edit.html", context, status=status)


@login_required
@require_POST
def rule_delete(request: HttpRequest, rule_id: int) -> HttpResponse:
    rule = queries.get_rule(request.user, rule_id, "delete")
    try:
        actions.do_delete_escalation_rule(rule, acting_user=request.user, version=_version(request))
    except TandemError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Rule “%(name)s” deleted.") % {"name": rule.name})
    return redirect("escalation-rules", rule.project_id)


@login_required
@require_http_methods(["GET", "POST"])
def watch_settings(request: HttpRequest, project_id: int) -> HttpResponse:
    """The thresholds the watcher uses: the manager changes them, the team reads them."""
    right = "project.edit" if request.method == "POST" else "project.view_work"
    project, found = queries.watch_settings_for(request.user, project_id, right)
    may_edit = has_right(request.user, project, "project.edit")
    form = None
    status = 200
    if may_edit:
        form = WatchSettingsForm(request.POST or None, initial=WatchSettingsForm.initial_of(found))
    if request.method == "POST" and form is not None:
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version")
            changes = {k: v for k, v in data.items() if k in form.changed_data}
            try:
                actions.do_update_watch_settings(
                    project, acting_user=request.user, version=version, changes=changes
                )
            except TandemError as exc:
                _form_failed(form, exc)
            else:
                messages.success(request, _("Thresholds saved; the next evaluation uses them."))
                return redirect("watch-settings", project.pk)
        status = 422
    labels = WatchSettingsForm.base_fields
    shown = WatchSettingsForm.initial_of(found)
    rows = [(labels[name].label, shown[name]) for name in WATCH_FIELDS]
    context = project_context(
        request.user, project, "watch-settings", settings=found, form=form, rows=rows
    )
    return render(request, "monitoring/watch_settings.html", context, status=status)
