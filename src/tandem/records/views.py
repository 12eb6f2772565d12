"""Pages of documents, decisions, status updates, comments and history (templates + htmx)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tandem.core.audit import current_object_type
from tandem.core.errors import Forbidden, PreconditionRequired, TandemError, ValidationFailed
from tandem.projects.navigation import project_context
from tandem.projects.policies import access_project, has_right

from . import actions, downloads, queries
from .forms import DecisionForm, DocumentCreateForm, DocumentForm, StatusUpdateForm, UploadForm
from .history_words import current_name, in_words
from .policies import target_policy
from .status_draft import status_draft


def form_failed(form: BaseForm, exc: TandemError) -> None:
    """Show an action's refusal on the form: per field where it names one, else on top."""
    shown = False
    for field, messages in exc.fields.items():
        key = field.removesuffix("_id")
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


def _form_version(version: int | None) -> int:
    """The version an edit form was rendered with; 428 when the form lost it."""
    if version is None:
        raise PreconditionRequired(_("The form lost its version; reload the page."))
    return version


def _page(request: HttpRequest, qs: Any, per_page: int = 50) -> Any:
    return Paginator(qs, per_page).get_page(request.GET.get("page"))


# Documents --------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def document_list(request: HttpRequest, project_id: int) -> HttpResponse:
    project = access_project(request.user, project_id, "project.view")
    documents = queries.list_documents(
        request.user, project.pk, category=request.GET.get("category") or None
    )
    can_add = has_right(request.user, project, "documents.upload")
    if request.method == "POST" and not can_add:
        raise Forbidden(_("Your role does not add documents here."))
    may_share = has_right(request.user, project, "documents.manage")
    form = (
        DocumentCreateForm(request.POST or None, request.FILES or None, may_share=may_share)
        if can_add
        else None
    )
    status = 200
    if request.method == "POST" and form is not None:
        status = 422
        if form.is_valid():
            try:
                doc = _create_document(request, project, form.cleaned_data)
            except TandemError as exc:
                form_failed(form, exc)
                status = exc.status
            else:
                upload = form.cleaned_data.get("file")
                if upload:
                    text = _("Added “%(title)s” with %(file)s.") % {
                        "title": doc.title,
                        "file": upload.name,
                    }
                else:
                    text = _("Added “%(title)s”.") % {"title": doc.title}
                flash.success(request, text)
                return redirect("document-detail", doc.pk)
    context = project_context(
        request.user, project, "document-list", documents=documents, form=form
    )
    return render(request, "records/document_list.html", context, status=status)


@transaction.atomic
def _create_document(request: HttpRequest, project: Any, data: dict[str, Any]) -> Any:
    """The document and its first file in one step: both or neither."""
    fields = {k: v for k, v in data.items() if k not in ("version", "file", "comment")}
    doc = actions.do_create_document(project, acting_user=request.user, **fields)
    if data.get("file") is not None:
        actions.do_upload_version(
            doc, acting_user=request.user, upload=data["file"], comment=data.get("comment", "")
        )
    return doc


@login_required
@require_http_methods(["GET", "POST"])
def document_detail(request: HttpRequest, document_id: int) -> HttpResponse:
    document = queries.get_document(request.user, document_id)
    can_manage = has_right(request.user, document.project_id, "documents.manage")
    if request.method == "POST" and not can_manage:
        raise Forbidden(_("Only leads edit documents."))
    form = None
    status = 200
    if can_manage:
        form = DocumentForm(
            request.POST or None,
            instance=document if request.method == "GET" else None,
            initial={"version": document.version},
        )
        if request.method == "POST":
            status = 422
            if form.is_valid():
                data = dict(form.cleaned_data)
                version = data.pop("version", None)
                try:
                    actions.do_update_document(
                        document,
                        acting_user=request.user,
                        version=_form_version(version),
                        changes=data,
                    )
                except TandemError as exc:
                    form_failed(form, exc)
                    status = exc.status
                else:
                    return redirect("document-detail", document.pk)
    return render(
        request,
        "records/document_detail.html",
        _document_context(request, document, form, UploadForm()),
        status=status,
    )


def _document_context(
    request: HttpRequest, document: Any, form: BaseForm | None, upload_form: BaseForm
) -> dict[str, Any]:
    user = request.user
    return project_context(
        user,
        document.project,
        "document-list",
        document=document,
        form=form,
        versions=queries.list_versions(user, document.pk),
        upload_form=upload_form
        if has_right(user, document.project_id, "documents.upload")
        else None,
        may_see_history=has_right(user, document.project_id, "project.view_work"),
        panel=queries.comment_panel(user, document),
    )


@login_required
@require_POST
def document_upload(request: HttpRequest, document_id: int) -> HttpResponse:
    document = queries.get_document(request.user, document_id, "upload")
    form = UploadForm(request.POST, request.FILES)
    status = 422
    if form.is_valid():
        try:
            actions.do_upload_version(
                document,
                acting_user=request.user,
                upload=form.cleaned_data["file"],
                comment=form.cleaned_data["comment"],
            )
        except TandemError as exc:
            form_failed(form, exc)
            status = exc.status
        else:
            return redirect("document-detail", document.pk)
    return render(
        request,
        "records/document_detail.html",
        _document_context(request, document, None, form),
        status=status,
    )


@login_required
@require_GET
def document_download(request: HttpRequest, version_id: int) -> HttpResponseBase:
    return downloads.file_response(queries.get_version(request.user, version_id))


# Decisions --------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def decision_list(request: HttpRequest, project_id: int) -> HttpResponse:
    project = access_project(request.user, project_id, "project.view_work")
    decisions = queries.list_decisions(
        request.user, project.pk, status=request.GET.get("status") or None
    )
    can_manage = has_right(request.user, project, "records.manage")
    if request.method == "POST" and not can_manage:
        raise Forbidden(_("Only leads keep the decision log."))
    form = DecisionForm(request.POST or None, project=project) if can_manage else None
    status = 200
    if request.method == "POST" and form is not None:
        status = 422
        if form.is_valid():
            data, _version = form.action_data()
            try:
                decision = actions.do_create_decision(project, acting_user=request.user, **data)
            except TandemError as exc:
                form_failed(form, exc)
                status = exc.status
            else:
                return redirect("decision-detail", decision.pk)
    context = project_context(
        request.user, project, "decision-list", decisions=decisions, form=form
    )
    return render(request, "records/decision_list.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def decision_detail(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = queries.get_decision(request.user, decision_id)
    project = decision.project
    can_manage = has_right(request.user, project, "records.manage")
    if request.method == "POST" and not can_manage:
        raise Forbidden(_("Only leads edit decisions."))
    form = None
    status = 200
    if can_manage:
        form = DecisionForm(
            request.POST or None,
            instance=decision if request.method == "GET" else None,
            initial={"version": decision.version},
            project=project,
        )
        if request.method == "POST":
            status = 422
            if form.is_valid():
                data, version = form.action_data()
                try:
                    actions.do_update_decision(
                        decision,
                        acting_user=request.user,
                        version=_form_version(version),
                        changes=data,
                    )
                except TandemError as exc:
                    form_failed(form, exc)
                    status = exc.status
                else:
                    return redirect("decision-detail", decision.pk)
    context = project_context(
        request.user,
        project,
        "decision-list",
        decision=decision,
        form=form,
        panel=queries.comment_panel(request.user, decision),
    )
    return render(request, "records/decision_detail.html", context, status=status)


# Status updates ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def status_list(request: HttpRequest, project_id: int) -> HttpResponse:
    project = access_project(request.user, project_id, "project.view")
    updates = list(queries.list_status_updates(request.user, project.pk))
    for update, panel in zip(updates, queries.comment_panels(request.user, updates), strict=True):
        update.panel = panel  # type: ignore[attr-defined]
    can_manage = has_right(request.user, project, "records.manage")
    if request.method == "POST" and not can_manage:
        raise Forbidden(_("Only leads write status updates."))
    form = None
    if can_manage:
        draft = status_draft(project, timezone.localdate())
        form = StatusUpdateForm(request.POST or None, initial=draft)
    status = 200
    if request.method == "POST" and form is not None:
        status = 422
        if form.is_valid():
            try:
                actions.do_create_status_update(
                    project, acting_user=request.user, **form.cleaned_data
                )
            except TandemError as exc:
                form_failed(form, exc)
                status = exc.status
            else:
                return redirect("status-list", project.pk)
    context = project_context(
        request.user,
        project,
        "status-list",
        updates=updates,
        form=form,
        can_manage=can_manage,
    )
    return render(request, "records/status_list.html", context, status=status)


@login_required
@require_POST
def status_publish(request: HttpRequest, update_id: int) -> HttpResponse:
    update = queries.get_status_update(request.user, update_id, "publish")
    actions.do_publish_status_update(
        update, acting_user=request.user, version=_post_version(request)
    )
    return redirect("status-list", update.project_id)


# Comments ---------------------------------------------------------------------------------------


@login_required
@require_POST
def comment_add(request: HttpRequest) -> HttpResponse:
    """Add a comment; htmx gets the refreshed comments block, a plain form a redirect back."""
    label = request.POST.get("target_type", "")
    raw_id = request.POST.get("target_id", "")
    if not raw_id.isdigit():
        raise ValidationFailed(
            _("target_id must be a number, got %(raw_id)s.") % {"raw_id": repr(raw_id)},
            fields={"target_id": [_("not a number")]},
        )
    target = target_policy(label).access(request.user, int(raw_id))
    error = ""
    status = 200
    try:
        actions.do_add_comment(target, acting_user=request.user, body=request.POST.get("body", ""))
    except ValidationFailed as exc:
        if not request.htmx:  # type: ignore[attr-defined]
            raise
        error, status = exc.message, exc.status
    if not request.htmx:  # type: ignore[attr-defined]
        return redirect(_detail_url(label, target))
    panel = {**queries.comment_panel(request.user, target), "error": error}
    return render(request, "records/_comments.html", {"panel": panel}, status=status)


def _comment_response(request: HttpRequest, target: Any, label: str) -> HttpResponse:
    if not request.htmx:  # type: ignore[attr-defined]
        return redirect(_detail_url(label, target))
    panel = queries.comment_panel(request.user, target)
    return render(request, "records/_comments.html", {"panel": panel})


def _label_of(comment: Any) -> str:
    return f"{comment.target_type.app_label}.{comment.target_type.model}"


@login_required
@require_POST
def comment_edit(request: HttpRequest, comment_id: int) -> HttpResponse:
    """The author rewrites their comment; htmx gets the refreshed comments block."""
    comment = queries.get_comment(request.user, comment_id)
    actions.do_edit_comment(
        comment,
        acting_user=request.user,
        version=_post_version(request),
        body=request.POST.get("body", ""),
    )
    return _comment_response(request, comment.target, _label_of(comment))


@login_required
@require_POST
def comment_delete(request: HttpRequest, comment_id: int) -> HttpResponse:
    """The author or a lead removes a comment."""
    comment = queries.get_comment(request.user, comment_id)
    target, label = comment.target, _label_of(comment)
    actions.do_delete_comment(comment, acting_user=request.user, version=_post_version(request))
    return _comment_response(request, target, label)


DETAIL_PAGES = {
    "risks.risk": "risk-detail",
    "risks.issue": "issue-detail",
    "records.document": "document-detail",
    "records.decision": "decision-detail",
}


def _detail_url(label: str, target: Any) -> str:
    name = DETAIL_PAGES.get(label)
    if name:
        return reverse(name, args=[target.pk])
    if label == "records.statusupdate":
        return reverse("status-list", args=[target.project_id])
    return reverse("object-history", args=[target.project_id, label, target.pk])


# History ----------------------------------------------------------------------------------------


@login_required
@require_GET
def project_audit(request: HttpRequest, project_id: int) -> HttpResponse:
    project = access_project(request.user, project_id, "project.view_work")
    events = queries.project_history(
        request.user, project.pk, action=request.GET.get("action") or None
    )
    page = _page(request, events)
    context = project_context(
        request.user, project, "project-audit", events=page, entries=in_words(page), subject=None
    )
    return render(request, "records/history.html", context)


def _subject_name(object_type: str, object_id: str, entries: list[Any]) -> str:
    """The object's kind and name: "task “Testing and pilot”" (its name now, else the last one
    recorded). Only asked when the project's own history has rows of it, so the name of an
    object of another project is never looked up."""
    named = next((e for e in entries if e.subject.startswith("“")), None)
    kind = named.kind if named else current_object_type(object_type).rsplit(".", 1)[-1]
    current = current_name(object_type, object_id) if entries else None
    if current:
        return f"{kind} “{current}”"
    return f"{kind} {named.subject}" if named else f"{kind} #{object_id}"


@login_required
@require_GET
def object_history(
    request: HttpRequest, project_id: int, object_type: str, object_id: str
) -> HttpResponse:
    project = access_project(request.user, project_id, "project.view_work")
    events = queries.project_history(
        request.user, project.pk, object_type=object_type, object_id=object_id
    )
    page = _page(request, events)
    entries = in_words(page)
    context = project_context(
        request.user,
        project,
        "project-audit",
        events=page,
        entries=entries,
        subject=_subject_name(object_type, object_id, entries),
    )
    return render(request, "records/history.html", context)
