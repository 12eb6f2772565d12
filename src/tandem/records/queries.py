"""Reads of records, already narrowed to what the user may see."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet, TextChoices
from django.utils.translation import gettext as _

from tandem.core.audit import recorded_object_types
from tandem.core.errors import ValidationFailed
from tandem.core.models import AuditEvent
from tandem.projects.policies import access_project, has_right

from .models import (
    Audience,
    Comment,
    Decision,
    DecisionStatus,
    Document,
    DocumentCategory,
    DocumentVersion,
    StatusUpdate,
    Visibility,
)
from .policies import (
    CommentPolicy,
    DecisionPolicy,
    DocumentPolicy,
    DocumentVersionPolicy,
    StatusUpdatePolicy,
    target_policy,
)


def _checked(value: str | None, choices: type[TextChoices], name: str) -> None:
    if value and value not in choices.values:
        raise ValidationFailed(
            _("Unknown %(name)s %(value)s; use one of %(names)s.")
            % {"name": name, "value": repr(value), "names": ", ".join(choices.values)},
            fields={name: [_("unknown %(name)s %(value)s") % {"name": name, "value": repr(value)}]},
        )


def list_documents(
    user: Any,
    project_id: int,
    *,
    category: str | None = None,
    visibility: str | None = None,
    search: str | None = None,
) -> QuerySet[Document]:
    project = access_project(user, project_id, "project.view")
    _checked(category, DocumentCategory, "category")
    _checked(visibility, Visibility, "visibility")
    qs = DocumentPolicy.visible_to(user).filter(project=project)
    if category:
        qs = qs.filter(category=category)
    if visibility:
        qs = qs.filter(visibility=visibility)
    if search:
        qs = qs.filter(Q(title__icontains=search) | Q(description__icontains=search))
    return qs.order_by("title", "id")


def get_document(user: Any, document_id: int, action: str = "view") -> Document:
    return DocumentPolicy.access(user, document_id, action)


def list_versions(user: Any, document_id: int) -> QuerySet[DocumentVersion]:
    document = get_document(user, document_id)
    return document.versions.select_related("uploaded_by").order_by("-number")


def get_version(user: Any, version_id: int) -> DocumentVersion:
    return DocumentVersionPolicy.access(user, version_id)


def list_decisions(
    user: Any, project_id: int, *, status: str | None = None, search: str | None = None
) -> QuerySet[Decision]:
    project = access_project(user, project_id, DecisionPolicy.view_right)
    _checked(status, DecisionStatus, "status")
    qs = DecisionPolicy.visible_to(user).filter(project=project)
    if status:
        qs = qs.filter(status=status)
    if search:
        qs = qs.filter(
            Q(title__icontains=search)
            | Q(context__icontains=search)
            | Q(decision__icontains=search)
        )
    return qs.select_related("decided_by").order_by("-decided_on", "-id")


def get_decision(user: Any, decision_id: int, action: str = "view") -> Decision:
    return DecisionPolicy.access(user, decision_id, action)


def list_status_updates(
    user: Any, project_id: int, *, audience: str | None = None, published: bool | None = None
) -> QuerySet[StatusUpdate]:
    """Workers see every update; stakeholders only the published ones written for them."""
    project = access_project(user, project_id, "project.view")
    _checked(audience, Audience, "audience")
    qs = StatusUpdatePolicy.visible_to(user).filter(project=project)
    if audience:
        qs = qs.filter(audience=audience)
    if published is not None:
        qs = qs.filter(published=published)
    return qs.select_related("author").order_by("-period_end", "-id")


def get_status_update(user: Any, update_id: int, action: str = "view") -> StatusUpdate:
    return StatusUpdatePolicy.access(user, update_id, action)


def list_comments(user: Any, target_type: str, target_id: int) -> QuerySet[Comment]:
    """Comments on one target; 404 when the user may not see the target."""
    target = target_policy(target_type).access(user, target_id)
    ct = ContentType.objects.get_for_model(target)
    return (
        CommentPolicy.visible_to(user)
        .filter(target_type=ct, target_id=target.pk)
        .select_related("author")
        .order_by("created_at", "id")
    )


def get_comment(user: Any, comment_id: int) -> Comment:
    return CommentPolicy.access(user, comment_id)


def project_history(
    user: Any,
    project_id: int,
    *,
    object_type: str | None = None,
    object_id: str | int | None = None,
    action: str | None = None,
) -> QuerySet[AuditEvent]:
    """The project's audit trail (workers only), optionally for one object or one action."""
    project = access_project(user, project_id, "project.view_work")
    qs = AuditEvent.objects.filter(project_id=project.pk)
    if object_id is not None and not object_type:
        raise ValidationFailed(
            _("object_id needs object_type (like risks.risk)."),
            fields={"object_type": [_("required with object_id")]},
        )
    if object_type:
        # Rows written before the model moved app carry its former label: the history is one.
        qs = qs.filter(object_type__in=recorded_object_types(object_type))
    if object_id is not None:
        qs = qs.filter(object_id=str(object_id))
    if action:
        qs = qs.filter(action=action)
    return qs.select_related("actor").order_by("-created_at", "-id")


def comment_panel(user: Any, target: Any) -> dict[str, Any]:
    """Context of the comments block on a detail page (target already fetched by its policy)."""
    ct = ContentType.objects.get_for_model(target)
    return {
        "target_type": f"{ct.app_label}.{ct.model}",
        "target_id": target.pk,
        "dom_id": f"comments-{ct.app_label}-{ct.model}-{target.pk}",
        "comments": CommentPolicy.visible_to(user)
        .filter(target_type=ct, target_id=target.pk)
        .select_related("author")
        .order_by("created_at", "id"),
        "can_comment": has_right(user, target.project_id, "comments.add"),
        "can_moderate": has_right(user, target.project_id, "records.manage"),
        "user_id": getattr(user, "pk", None),
    }


def comment_panels(user: Any, targets: Sequence[Any]) -> list[dict[str, Any]]:
    """The comments blocks of a list of targets of one model, their comments read in one query
    rather than one per target."""
    if not targets:
        return []
    ct = ContentType.objects.get_for_model(targets[0])
    by_target: dict[int, list[Comment]] = {target.pk: [] for target in targets}
    comments = (
        CommentPolicy.visible_to(user)
        .filter(target_type=ct, target_id__in=list(by_target))
        .select_related("author")
        .order_by("created_at", "id")
    )
    for comment in comments:
        by_target[comment.target_id].append(comment)
    return [{**comment_panel(user, target), "comments": by_target[target.pk]} for target in targets]
