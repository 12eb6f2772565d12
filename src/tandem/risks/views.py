"""Pages of the risk register and the issue log (templates + htmx)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tandem.core.errors import Forbidden, TandemError, ValidationFailed
from tandem.projects.navigation import project_context
from tandem.projects.policies import access_project, has_right
from tandem.records.queries import comment_panel

from . import actions, exports, queries
from .forms import (
    EscalateForm,
    IssueForm,
    IssueStatusForm,
    MitigationForm,
    MitigationStatusForm,
    RaiseIssueForm,
    RiskForm,
)
from .models import MitigationStatus
from .policies import IssuePolicy


def form_failed(form: BaseForm, exc: TandemError) -> None:
    """Show an action's refusal on the form: per field where it names one, else on top."""
    shown = False
    for field, messages in exc.fields.items():
        key = {"task_ids": "tasks", "risk_ids": "risks"}.get(field, field.removesuffix("_id"))
        if key in form.fields:
            form.add_error(key, messages)
            shown = True
    if not shown:
        form.add_error(None, exc.message)


def _post_version(request: HttpRequest) -> int:
    raw = request.POST.get("version", "")
    if not raw.isdigit():
        raise ValidationFailed(_("The form lost its version; reload the page."))
    return int(raw)


# Risks ------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def risk_list(request: HttpRequest, project_id: int) -> HttpResponse:
    project = access_project(request.user, project_id, "project.view_work")
    sort = request.GET.get("sort") or "-score"
    status_filter = request.GET.get("status") or None
    risks = queries.list_risks(request.user, project.pk, status=status_filter, ordering=sort)
    can_edit = has_right(request.user, project, "risks.edit")
    if request.method == "POST" and not can_edit:
        raise Forbidden(_("Only the project manager adds risks."))
    form = RiskForm(request.POST or None, project=project) if can_edit else None
    status = 200
    if request.method == "POST" and form is not None:
        if form.is_valid():
            data, links, _version = form.action_data()
            try:
                risk = actions.do_create_risk(project, acting_user=request.user, **links, **data)
            except TandemError as exc:
                form_failed(form, exc)
                status = exc.status
            else:
                return redirect("risk-detail", risk.pk)
        else:
            status = 422
    context = project_context(
        request.user,
        project,
        "risk-list",
        risks=risks,
        heat=queries.heat_map(queries.list_risks(request.user, project.pk)),
        form=form,
        sort=sort,
        status_filter=status_filter or "",
    )
    return render(request, "risks/risk_list.html", context, status=status)


@login_required
@require_GET
def risk_export(request: HttpRequest, project_id: int) -> HttpResponse:
    project = access_project(request.user, project_id, "project.view_work")
    risks = queries.list_risks(request.user, project.pk).prefetch_related("mitigations")
    return _csv(exports.risks_csv(risks), f"{project.code}-risks.csv")


def _csv(body: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    safe = "".join(ch for ch in filename if ch.isalnum() or ch in "-_.") or "export.csv"
    response["Content-Disposition"] = f'attachment; filename="{safe}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def risk_detail(request: HttpRequest, risk_id: int) -> HttpResponse:
    risk = queries.get_risk(request.user, risk_id)
    project = risk.project
    can_edit = has_right(request.user, project, "risks.edit")
    if request.method == "POST" and not can_edit:
        raise Forbidden(_("Only the project manager edits risks."))
    form = None
    status = 200
    if can_edit:
        form = RiskForm(
            request.POST or None,
            instance=risk if request.method == "GET" else None,
            initial={"version": risk.version},
            project=project,
        )
        if request.method == "POST":
            status = _save_risk(request, form, risk)
            if status == 302:
                return redirect("risk-detail", risk.pk)
    context = project_context(
        request.user,
        project,
        "risk-list",
        risk=risk,
        form=form,
        mitigations=queries.list_mitigations(request.user, risk.pk),
        mitigation_form=MitigationForm(project=project) if can_edit else None,
        mitigation_statuses=MitigationStatus.choices,
        issues=risk.issues.all(),
        panel=comment_panel(request.user, risk),
    )
    return render(request, "risks/risk_detail.html", context, status=status)


def _save_risk(request: HttpRequest, form: RiskForm, risk: Any) -> int:
    if not form.is_valid():
        return 422
    data, links, version = form.action_data()
    if version is None:
        form.add_error(None, _("The form lost its version; reload the page."))
        return 428
    try:
        actions.do_update_risk(
            risk, acting_user=request.user, version=version, changes=data, **links
        )
    except TandemError as exc:
        form_failed(form, exc)
        return exc.status
    return 302


@login_required
@require_POST
def risk_delete(request: HttpRequest, risk_id: int) -> HttpResponse:
    risk = queries.get_risk(request.user, risk_id, "delete")
    project_id = risk.project_id
    actions.do_delete_risk(risk, acting_user=request.user, version=_post_version(request))
    return redirect("risk-list", project_id)


@login_required
@require_POST
def mitigation_add(request: HttpRequest, risk_id: int) -> HttpResponse:
    risk = queries.get_risk(request.user, risk_id, "update")
    form = MitigationForm(request.POST, project=risk.project)
    if not form.is_valid():
        raise ValidationFailed(
            _("The mitigation action is not valid."),
            fields={k: [str(m) for m in v] for k, v in form.errors.items()},
        )
    data, _links, _version = form.action_data()
    actions.do_add_mitigation(risk, acting_user=request.user, **data)
    return redirect("risk-detail", risk.pk)


@login_required
@require_POST
def mitigation_update(request: HttpRequest, mitigation_id: int) -> HttpResponse:
    """Move a mitigation action along (status, due date) from the risk page."""
    mitigation = queries.get_mitigation(request.user, mitigation_id, "update")
    form = MitigationStatusForm(request.POST)
    if not form.is_valid():
        raise ValidationFailed(
            _("The mitigation change is not valid."),
            fields={k: [str(m) for m in v] for k, v in form.errors.items()},
        )
    data = dict(form.cleaned_data)
    version = data.pop("version")
    actions.do_update_mitigation(
        mitigation, acting_user=request.user, version=version, changes=data
    )
    return redirect("risk-detail", mitigation.risk_id)


@login_required
@require_POST
def mitigation_delete(request: HttpRequest, mitigation_id: int) -> HttpResponse:
    mitigation = queries.get_mitigation(request.user, mitigation_id, "delete")
    risk_id = mitigation.risk_id
    actions.do_delete_mitigation(
        mitigation, acting_user=request.user, version=_post_version(request)
    )
    return redirect("risk-detail", risk_id)


# Issues -----------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def issue_list(request: HttpRequest, project_id: int) -> HttpResponse:
    project = access_project(request.user, project_id, "project.view_work")
    filters = {k: request.GET.get(k) or None for k in ("status", "severity", "level")}
    issues = queries.list_issues(request.user, project.pk, **filters)  # type: ignore[arg-type]
    can_raise = has_right(request.user, project, "issues.raise")
    if request.method == "POST" and not can_raise:
        raise Forbidden(_("Your role does not raise issues here."))
    form = RaiseIssueForm(request.POST or None, project=project) if can_raise else None
    status = 200
    if request.method == "POST" and form is not None:
        if form.is_valid():
            data, _links, _version = form.action_data()
            try:
                issue = actions.do_raise_issue(project, acting_user=request.user, **data)
            except TandemError as exc:
                form_failed(form, exc)
                status = exc.status
            else:
                return redirect("issue-detail", issue.pk)
        else:
            status = 422
    context = project_context(
        request.user,
        project,
        "issue-list",
        issues=issues,
        form=form,
        filters={k: v or "" for k, v in filters.items()},
        can_escalate=has_right(request.user, project, "issues.manage"),
    )
    return render(request, "risks/issue_list.html", context, status=status)


@login_required
@require_GET
def issue_export(request: HttpRequest, project_id: int) -> HttpResponse:
    project = access_project(request.user, project_id, "project.view_work")
    return _csv(
        exports.issues_csv(queries.list_issues(request.user, project.pk)),
        f"{project.code}-issues.csv",
    )


def _issue_form(request: HttpRequest, issue: Any) -> BaseForm | None:
    data = request.POST if request.method == "POST" else None
    initial = {"version": issue.version}
    if has_right(request.user, issue.project_id, "issues.manage"):
        instance = issue if data is None else None
        return IssueForm(data, instance=instance, initial=initial, project=issue.project)
    if IssuePolicy.can(request.user, "update_status", issue):
        initial.update(status=issue.status, resolution=issue.resolution)
        return IssueStatusForm(data, initial=initial)
    return None


@login_required
@require_http_methods(["GET", "POST"])
def issue_detail(request: HttpRequest, issue_id: int) -> HttpResponse:
    issue = queries.get_issue(request.user, issue_id)
    form = _issue_form(request, issue)
    if request.method == "POST" and form is None:
        raise Forbidden(_("Only leads and the issue's owner update this issue."))
    status = 200
    if request.method == "POST" and form is not None:
        status = _save_issue(request, form, issue)
        if status == 302:
            return redirect("issue-detail", issue.pk)
    return render(
        request, "risks/issue_detail.html", _issue_context(request, issue, form), status=status
    )


def _issue_context(request: HttpRequest, issue: Any, form: BaseForm | None) -> dict[str, Any]:
    can_escalate = has_right(request.user, issue.project_id, "issues.manage")
    return project_context(
        request.user,
        issue.project,
        "issue-list",
        issue=issue,
        form=form,
        escalations=queries.escalations_of(issue),
        escalate_form=EscalateForm(initial={"version": issue.version}) if can_escalate else None,
        panel=comment_panel(request.user, issue),
    )


def _save_issue(request: HttpRequest, form: BaseForm, issue: Any) -> int:
    if not form.is_valid():
        return 422
    if isinstance(form, IssueForm):
        data, links, version = form.action_data()
    else:
        data, links = dict(form.cleaned_data), {}
        version = data.pop("version")
    if version is None:
        form.add_error(None, _("The form lost its version; reload the page."))
        return 428
    try:
        actions.do_update_issue(
            issue, acting_user=request.user, version=version, changes=data, **links
        )
    except TandemError as exc:
        form_failed(form, exc)
        return exc.status
    return 302


@login_required
@require_POST
def issue_escalate(request: HttpRequest, issue_id: int) -> HttpResponse:
    """Escalate one level (or to the chosen level); htmx swaps the issue's escalation block."""
    issue = queries.get_issue(request.user, issue_id, "escalate")
    form = EscalateForm(request.POST)
    status = 200
    if form.is_valid():
        try:
            issue = actions.do_escalate_issue(
                issue,
                acting_user=request.user,
                version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
                to_level=form.cleaned_data["to_level"] or None,
            )
        except TandemError as exc:
            form_failed(form, exc)
            status = exc.status
        else:
            if not request.htmx:  # type: ignore[attr-defined]
                return redirect("issue-detail", issue.pk)
            form = EscalateForm(initial={"version": issue.version})
    else:
        status = 422
    if not request.htmx and status != 200:  # type: ignore[attr-defined]
        raise ValidationFailed(
            _("Escalation refused: %(errors)s")
            % {"errors": "; ".join(str(e) for errs in form.errors.values() for e in errs)},
            fields={k: [str(m) for m in v] for k, v in form.errors.items()},
        )
    context = {
        "issue": issue,
        "escalations": queries.escalations_of(issue),
        "escalate_form": form,
    }
    return render(request, "risks/_escalation.html", context, status=status)
