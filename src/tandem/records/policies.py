"""Who may see and change documents, decisions, status updates, comments and history.

Workers see every record of their project. Stakeholders see documents shared with stakeholders
and published status updates written for stakeholders, and nothing else; people outside the
project see nothing (404). Leads manage documents and records; members upload and comment.
A comment is visible to exactly those who may see what it is attached to.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _

from tandem.core.errors import ValidationFailed
from tandem.planning.policies import TaskPolicy
from tandem.projects.policies import ProjectScopedPolicy, has_right, project_ids_with_right
from tandem.risks.policies import IssuePolicy, RiskPolicy

from .models import Audience, Comment, Decision, Document, DocumentVersion, StatusUpdate, Visibility


class DocumentPolicy(ProjectScopedPolicy[Document]):
    model: ClassVar[type[Model]] = Document
    view_right = "project.view_work"
    action_rights: ClassVar[dict[str, str]] = {
        "upload": "documents.upload",
        "update": "documents.manage",
        "delete": "documents.manage",
        "share": "documents.manage",
        "comment": "comments.add",
    }

    @classmethod
    def extra_visibility(cls, user: Any, base: QuerySet[Any]) -> QuerySet[Any] | None:
        return base.filter(
            visibility=Visibility.STAKEHOLDERS,
            project__in=project_ids_with_right(user, "project.view"),
        )


class DocumentVersionPolicy(ProjectScopedPolicy[DocumentVersion]):
    model: ClassVar[type[Model]] = DocumentVersion
    project_field = "document__project"

    @classmethod
    def visible_to(cls, user: Any) -> QuerySet[Any]:
        return DocumentVersion.objects.filter(document__in=DocumentPolicy.visible_to(user))


class DecisionPolicy(ProjectScopedPolicy[Decision]):
    model: ClassVar[type[Model]] = Decision
    view_right = "project.view_work"
    action_rights: ClassVar[dict[str, str]] = {
        "create": "records.manage",
        "update": "records.manage",
        "delete": "records.manage",
        "comment": "comments.add",
    }


class StatusUpdatePolicy(ProjectScopedPolicy[StatusUpdate]):
    model: ClassVar[type[Model]] = StatusUpdate
    view_right = "project.view_work"
    action_rights: ClassVar[dict[str, str]] = {
        "create": "records.manage",
        "update": "records.manage",
        "publish": "records.manage",
        "delete": "records.manage",
        "comment": "comments.add",
    }

    @classmethod
    def extra_visibility(cls, user: Any, base: QuerySet[Any]) -> QuerySet[Any] | None:
        return base.filter(
            published=True,
            audience=Audience.STAKEHOLDERS,
            project__in=project_ids_with_right(user, "project.view"),
        )


# What a comment can be attached to, and the policy deciding who sees it.
COMMENT_TARGETS: dict[str, type[ProjectScopedPolicy[Any]]] = {
    "planning.task": TaskPolicy,
    "risks.risk": RiskPolicy,
    "risks.issue": IssuePolicy,
    "records.document": DocumentPolicy,
    "records.decision": DecisionPolicy,
    "records.statusupdate": StatusUpdatePolicy,
}


class CommentPolicy(ProjectScopedPolicy[Comment]):
    model: ClassVar[type[Model]] = Comment
    action_rights: ClassVar[dict[str, str]] = {}

    @classmethod
    def visible_to(cls, user: Any) -> QuerySet[Any]:
        condition = Q(pk__in=[])
        for label, policy in COMMENT_TARGETS.items():
            ct = ContentType.objects.get_by_natural_key(*label.split("."))
            condition |= Q(target_type=ct, target_id__in=policy.visible_to(user).values("pk"))
        # Comments are the team's conversation: stakeholders read the shared document or status
        # update itself, never the discussion around it.
        workers = project_ids_with_right(user, "project.view_work")
        return Comment.objects.filter(condition, project_id__in=workers)

    @classmethod
    def can(cls, user: Any, action: str, obj: Any) -> bool:
        if action == "view":
            return cls.visible_to(user).filter(pk=obj.pk).exists()
        is_author = obj.author_id is not None and obj.author_id == getattr(user, "pk", None)
        may_comment = has_right(user, obj.project_id, "comments.add")
        if action == "update":
            return is_author and may_comment
        if action == "delete":
            return (is_author and may_comment) or has_right(user, obj.project_id, "records.manage")
        raise KeyError(f"CommentPolicy has no rule for action {action!r}")


def target_policy(label: str) -> type[ProjectScopedPolicy[Any]]:
    try:
        return COMMENT_TARGETS[label]
    except KeyError:
        raise ValidationFailed(
            _("Comments cannot be attached to %(label)s; use one of %(names)s.")
            % {"label": repr(label), "names": ", ".join(COMMENT_TARGETS)},
            fields={"target_type": [_("unknown target type %(label)s") % {"label": repr(label)}]},
        ) from None
