"""Every write to documents, decisions, status updates and comments."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.comms.actions import notify
from tandem.core import l10n, status_changes, writes
from tandem.core.errors import Conflict, Forbidden, ValidationFailed
from tandem.projects.models import Project, Role
from tandem.projects.policies import members_of, require_right

from . import uploads
from .models import (
    Audience,
    Comment,
    Decision,
    DecisionStatus,
    Document,
    DocumentVersion,
    StatusUpdate,
    Visibility,
)
from .policies import CommentPolicy, target_policy

DOCUMENT_FIELDS = {"title", "category", "description", "visibility", "link"}
DECISION_FIELDS = {
    "title",
    "context",
    "decision",
    "alternatives",
    "decided_by_id",
    "decided_on",
    "status",
    "supersedes_id",
    "meeting_id",
}
STATUS_FIELDS = {
    "period_start",
    "period_end",
    "rag",
    "summary",
    "achievements",
    "next_steps",
    "blockers",
    "audience",
}


def _refuse_unknown(fields: dict[str, Any], allowed: set[str], noun: str) -> None:
    unknown = sorted(set(fields) - allowed)
    if unknown:
        raise ValidationFailed(
            _("Unknown %(noun)s fields: %(names)s") % {"noun": noun, "names": ", ".join(unknown)},
            fields={k: [_("unknown field")] for k in unknown},
        )


def _require(user: Any, project: Project | int, right: str, message: str) -> None:
    require_right(user, project, right, message)


# Documents --------------------------------------------------------------------------------------


@transaction.atomic
def do_create_document(project: Project, *, acting_user: Any, **fields: Any) -> Document:
    """Members add documents for the team; sharing with stakeholders is for leads."""
    _require(acting_user, project, "documents.upload", _("Your role does not add documents here."))
    _refuse_unknown(fields, DOCUMENT_FIELDS, "document")
    if fields.get("visibility") == Visibility.STAKEHOLDERS:
        _require(
            acting_user,
            project,
            "documents.manage",
            _("Only leads share documents with stakeholders."),
        )
    return writes.create(
        Document(project=project, created_by=acting_user, **fields),
        actor=acting_user,
        action="document.created",
    )


@transaction.atomic
def do_update_document(
    document: Document, *, acting_user: Any, version: int, changes: dict[str, Any]
) -> Document:
    _require(acting_user, document.project_id, "documents.manage", _("Only leads edit documents."))
    _refuse_unknown(changes, DOCUMENT_FIELDS, "document")
    return writes.update(
        document, version=version, changes=changes, actor=acting_user, action="document.updated"
    )


@transaction.atomic
def do_delete_document(document: Document, *, acting_user: Any, version: int) -> None:
    _require(
        acting_user, document.project_id, "documents.manage", _("Only leads delete documents.")
    )
    files = list(document.versions.values_list("file", flat=True))
    _delete_comments_on(document, acting_user)
    writes.delete(document, version=version, actor=acting_user, action="document.deleted")

    def discard_files() -> None:
        for name in files:
            uploads.discard(name)

    transaction.on_commit(discard_files)


@transaction.atomic
def do_upload_version(
    document: Document, *, acting_user: Any, upload: Any, comment: str = ""
) -> DocumentVersion:
    """Store ``upload`` as the document's next version (413 too large, 422 refused file)."""
    _require(acting_user, document.project_id, "documents.upload", _("Your role does not upload."))
    stored = uploads.store_upload(upload)
    try:
        # Lock the document so two uploads at once get different numbers.
        Document.objects.select_for_update().filter(pk=document.pk).first()
        last = document.versions.aggregate(n=Max("number"))["n"] or 0
        return writes.create(
            DocumentVersion(
                document=document,
                number=last + 1,
                file=stored.name,
                original_name=stored.original_name,
                size=stored.size,
                sha256=stored.sha256,
                content_type=stored.content_type,
                comment=comment,
                uploaded_by=acting_user,
            ),
            actor=acting_user,
            action="document_version.created",
            project_id=document.project_id,
        )
    except Exception:
        uploads.discard(stored.name)
        raise


# Decisions --------------------------------------------------------------------------------------


def _check_decision_links(project_id: int, fields: dict[str, Any], own_pk: int | None) -> None:
    sup = fields.get("supersedes_id")
    if sup is not None:
        if sup == own_pk:
            raise ValidationFailed(
                _("A decision cannot supersede itself."),
                fields={"supersedes_id": [_("cannot supersede itself")]},
            )
        if not Decision.objects.filter(pk=sup, project_id=project_id).exists():
            raise ValidationFailed(
                _("No decision %(sup)s in this project.") % {"sup": sup},
                fields={"supersedes_id": [_("unknown decision id %(sup)s") % {"sup": sup}]},
            )
    meeting = fields.get("meeting_id")
    if meeting is not None:
        meeting_model = apps.get_model("meetings", "Meeting")
        if not meeting_model._default_manager.filter(pk=meeting, project_id=project_id).exists():
            raise ValidationFailed(
                _("No meeting %(meeting)s in this project.") % {"meeting": meeting},
                fields={"meeting_id": [_("unknown meeting id %(meeting)s") % {"meeting": meeting}]},
            )
    person = fields.get("decided_by_id")
    if person is not None and not _in_project(project_id, person):
        raise ValidationFailed(
            _("Person %(person)s is not in this project.") % {"person": person},
            fields={
                "decided_by_id": [
                    _("person %(person)s is not in this project") % {"person": person}
                ]
            },
        )


def _in_project(project_id: int, user_id: int) -> bool:
    return Project.objects.filter(pk=project_id, memberships__user_id=user_id).exists()


def _supersede(decision: Decision, *, acting_user: Any) -> None:
    """Mark the decision ``decision`` replaces as superseded once it is accepted."""
    if decision.status != DecisionStatus.ACCEPTED or decision.supersedes_id is None:
        return
    old = Decision.objects.select_for_update().get(pk=decision.supersedes_id)
    if old.status == DecisionStatus.SUPERSEDED:
        return
    writes.update(
        old,
        version=old.version,
        changes={"status": DecisionStatus.SUPERSEDED},
        actor=acting_user,
        action="decision.superseded",
    )


@transaction.atomic
def do_create_decision(project: Project, *, acting_user: Any, **fields: Any) -> Decision:
    _require(acting_user, project, "records.manage", _("Only leads keep the decision log."))
    _refuse_unknown(fields, DECISION_FIELDS, "decision")
    _check_decision_links(project.pk, fields, None)
    decision = writes.create(
        Decision(project=project, **fields), actor=acting_user, action="decision.created"
    )
    _supersede(decision, acting_user=acting_user)
    return decision


@transaction.atomic
def do_update_decision(
    decision: Decision, *, acting_user: Any, version: int, changes: dict[str, Any]
) -> Decision:
    _require(acting_user, decision.project_id, "records.manage", _("Only leads edit decisions."))
    _refuse_unknown(changes, DECISION_FIELDS, "decision")
    _check_decision_links(decision.project_id, changes, decision.pk)
    status_before = decision.status
    decision = writes.update(
        decision, version=version, changes=changes, actor=acting_user, action="decision.updated"
    )
    if changes.get("status", status_before) != status_before:
        # Listeners (the RACI's Informed people) hear of it once the change is committed.
        status_changes.announce(
            "records.decision", decision.pk, status_before, changes["status"], acting_user.pk
        )
    _supersede(decision, acting_user=acting_user)
    return decision


@transaction.atomic
def do_delete_decision(decision: Decision, *, acting_user: Any, version: int) -> None:
    _require(acting_user, decision.project_id, "records.manage", _("Only leads delete decisions."))
    if decision.superseded_by.exists():
        raise Conflict(
            _("Decision %(decision_pk)s is superseded by decision %(newer)s; delete that first.")
            % {
                "decision_pk": decision.pk,
                "newer": decision.superseded_by.values_list("pk", flat=True).first(),
            }
        )
    _delete_comments_on(decision, acting_user)
    writes.delete(decision, version=version, actor=acting_user, action="decision.deleted")


# Status updates ---------------------------------------------------------------------------------


@transaction.atomic
def do_create_status_update(project: Project, *, acting_user: Any, **fields: Any) -> StatusUpdate:
    _require(acting_user, project, "records.manage", _("Only leads write status updates."))
    _refuse_unknown(fields, STATUS_FIELDS, "status update")
    return writes.create(
        StatusUpdate(project=project, author=acting_user, **fields),
        actor=acting_user,
        action="status_update.created",
    )


@transaction.atomic
def do_update_status_update(
    update: StatusUpdate, *, acting_user: Any, version: int, changes: dict[str, Any]
) -> StatusUpdate:
    _require(acting_user, update.project_id, "records.manage", _("Only leads edit status updates."))
    _refuse_unknown(changes, STATUS_FIELDS, "status update")
    return writes.update(
        update, version=version, changes=changes, actor=acting_user, action="status_update.updated"
    )


@transaction.atomic
def do_publish_status_update(
    update: StatusUpdate, *, acting_user: Any, version: int, email_readers: bool = True
) -> StatusUpdate:
    """Publish the update to its audience (stakeholders see it only when it is for them).
    ``email_readers`` False: the readers are told in the app only (a report sends its own
    email, with the PDF, so nobody gets two)."""
    _require(acting_user, update.project_id, "records.manage", _("Only leads publish updates."))
    if update.published:
        raise Conflict(
            _("Status update %(update_pk)s is already published.") % {"update_pk": update.pk}
        )
    update = writes.update(
        update,
        version=version,
        changes={"published": True, "published_at": timezone.now()},
        actor=acting_user,
        action="status_update.published",
    )
    _notify_published(update, acting_user, email_readers)
    return update


def _notify_published(update: StatusUpdate, acting_user: Any, email_readers: bool) -> None:
    """The team hears of every update; stakeholders only of those written for them."""
    roles = [Role.MANAGER, Role.COORDINATOR, Role.MEMBER]
    right = "project.view_work"
    if update.audience == Audience.STAKEHOLDERS:
        roles.append(Role.STAKEHOLDER)
        right = "project.view"
    readers = [m.user for m in members_of(update.project, roles) if m.user_id != acting_user.pk]
    for reader in readers:
        # Each reader's notification is written in their own language and locale.
        with l10n.for_person(reader):
            notify(
                [reader],
                project=update.project,
                kind="status_update.published",
                subject=_("Status %(rag)s: %(start)s to %(finish)s")
                % {
                    "rag": update.get_rag_display(),
                    "start": l10n.format_date(update.period_start),
                    "finish": l10n.format_date(update.period_end),
                },
                body=update.summary,
                url=reverse("status-list", args=[update.project_id]),
                right=right,
                email="now" if email_readers else "none",
            )


@transaction.atomic
def do_delete_status_update(update: StatusUpdate, *, acting_user: Any, version: int) -> None:
    _require(
        acting_user, update.project_id, "records.manage", _("Only leads delete status updates.")
    )
    _delete_comments_on(update, acting_user)
    writes.delete(update, version=version, actor=acting_user, action="status_update.deleted")


# Comments ---------------------------------------------------------------------------------------


def comment_target(user: Any, label: str, target_id: int) -> Any:
    """The object a comment goes on, if the user may see it (404 otherwise)."""
    return target_policy(label).access(user, target_id)


@transaction.atomic
def do_add_comment(target: Any, *, acting_user: Any, body: str) -> Comment:
    """Comment on a target the caller fetched through ``comment_target``."""
    _require(acting_user, target.project_id, "comments.add", _("Your role does not comment here."))
    if not body or not body.strip():
        raise ValidationFailed(
            _("A comment needs text."), fields={"body": [_("This field is required.")]}
        )
    return writes.create(
        Comment(
            project_id=target.project_id,
            target_type=ContentType.objects.get_for_model(target),
            target_id=target.pk,
            author=acting_user,
            body=body,
        ),
        actor=acting_user,
        action="comment.created",
    )


@transaction.atomic
def do_edit_comment(comment: Comment, *, acting_user: Any, version: int, body: str) -> Comment:
    if not CommentPolicy.can(acting_user, "update", comment):
        raise Forbidden(_("Only the author edits a comment."))
    if not body or not body.strip():
        raise ValidationFailed(
            _("A comment needs text."), fields={"body": [_("This field is required.")]}
        )
    return writes.update(
        comment,
        version=version,
        changes={"body": body},
        actor=acting_user,
        action="comment.updated",
    )


def _delete_comments_on(target: Any, acting_user: Any) -> None:
    """Delete the comments on a target that is being deleted, each with its audit row.

    (Targets deleted elsewhere, such as tasks and risks, lose their comments through their
    ``comments`` relation, without a row per comment.)
    """
    for comment in target.comments.all():
        writes.delete(comment, version=comment.version, actor=acting_user, action="comment.deleted")


@transaction.atomic
def do_delete_comment(comment: Comment, *, acting_user: Any, version: int) -> None:
    if not CommentPolicy.can(acting_user, "delete", comment):
        raise Forbidden(_("Only the author or a lead deletes a comment."))
    writes.delete(comment, version=version, actor=acting_user, action="comment.deleted")
