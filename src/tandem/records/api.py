"""REST endpoints of documents (and their versions), decisions, status updates, comments, history."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from django.conf import settings
from django.db.models import Model, OuterRef, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from tandem.core.api import ERRORS, StrictIn, version_from
from tandem.core.errors import PayloadTooLarge, ValidationFailed
from tandem.core.models import AuditEvent
from tandem.core.pagination import Pagination
from tandem.core.versions import etag
from tandem.projects.policies import access_project

from . import actions, downloads, queries
from .models import Comment, Decision, Document, DocumentVersion, StatusUpdate

router = Router(tags=["records"])
UPLOAD_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file"],
                "properties": {
                    "file": {"type": "string", "format": "binary"},
                    "comment": {"type": "string", "default": ""},
                },
            }
        }
    },
}
# Room for the multipart envelope and the comment field around the file itself.
MULTIPART_OVERHEAD = 64 * 1024


ModelT = TypeVar("ModelT", bound=Model)


def _tagged(response: HttpResponse, obj: ModelT) -> ModelT:
    response["ETag"] = etag(obj)
    return obj


# Documents --------------------------------------------------------------------------------------


class DocumentOut(Schema):
    id: int
    version: int
    project_id: int
    title: str
    category: str
    description: str
    visibility: str
    link: str
    created_by_id: int | None
    latest_version: int | None

    @staticmethod
    def resolve_latest_version(obj: Any) -> int | None:
        if hasattr(obj, "latest_number"):  # annotated by a list: no query per document
            return obj.latest_number  # type: ignore[no-any-return]
        latest = obj.versions.order_by("-number").values_list("number", flat=True).first()
        return int(latest) if latest is not None else None


class DocumentIn(StrictIn):
    title: str
    category: str = "other"
    description: str = ""
    visibility: str = "team"
    link: str = ""


class DocumentPatch(StrictIn):
    version: int | None = None
    title: str | None = None
    category: str | None = None
    description: str | None = None
    visibility: str | None = None
    link: str | None = None


class VersionOut(Schema):
    id: int
    document_id: int
    number: int
    original_name: str
    size: int
    sha256: str
    content_type: str
    comment: str
    uploaded_by_id: int | None
    uploaded_at: dt.datetime


@router.get("/projects/{project_id}/documents", response=list[DocumentOut])
@paginate(Pagination)
def list_documents(
    request: HttpRequest,
    project_id: int,
    category: str | None = None,
    visibility: str | None = None,
    q: str | None = None,
) -> QuerySet[Document]:
    documents = queries.list_documents(
        request.user, project_id, category=category, visibility=visibility, search=q
    )
    latest = DocumentVersion.objects.filter(document=OuterRef("pk")).order_by("-number")
    return documents.annotate(latest_number=Subquery(latest.values("number")[:1]))


@router.post("/projects/{project_id}/documents", response={201: DocumentOut, **ERRORS})
def create_document(request: HttpRequest, project_id: int, payload: DocumentIn) -> Status[Document]:
    project = access_project(request.user, project_id, "documents.upload")
    return Status(
        201, actions.do_create_document(project, acting_user=request.user, **payload.dict())
    )


@router.get("/documents/{document_id}", response={200: DocumentOut, **ERRORS})
def get_document(request: HttpRequest, document_id: int, response: HttpResponse) -> Document:
    return _tagged(response, queries.get_document(request.user, document_id))


@router.patch("/documents/{document_id}", response={200: DocumentOut, **ERRORS})
def update_document(
    request: HttpRequest, document_id: int, payload: DocumentPatch, response: HttpResponse
) -> Document:
    document = queries.get_document(request.user, document_id, "update")
    changes = payload.dict(exclude_unset=True)
    version = version_from(request, changes.pop("version", None))
    document = actions.do_update_document(
        document, acting_user=request.user, version=version, changes=changes
    )
    return _tagged(response, document)


@router.delete("/documents/{document_id}", response={204: None, **ERRORS})
def delete_document(request: HttpRequest, document_id: int) -> Status[None]:
    document = queries.get_document(request.user, document_id, "delete")
    actions.do_delete_document(document, acting_user=request.user, version=version_from(request))
    return Status(204, None)


@router.get("/documents/{document_id}/versions", response=list[VersionOut])
@paginate(Pagination)
def list_versions(request: HttpRequest, document_id: int) -> QuerySet[DocumentVersion]:
    return queries.list_versions(request.user, document_id)


@router.post(
    "/documents/{document_id}/versions",
    response={201: VersionOut, **ERRORS},
    # The body is read from ``request.FILES`` (to refuse an oversized one before reading it), so
    # the schema names its parts here.
    openapi_extra={"requestBody": UPLOAD_BODY},
)
def upload_version(request: HttpRequest, document_id: int) -> Status[DocumentVersion]:
    """Multipart upload: a ``file`` part and an optional ``comment``. Over the size limit: 413."""
    document = queries.get_document(request.user, document_id, "upload")
    declared = int(request.META.get("CONTENT_LENGTH") or 0)
    limit = int(settings.TANDEM_MAX_UPLOAD_BYTES)
    if declared > limit + MULTIPART_OVERHEAD:
        # Refused before the body is read, so an oversized upload never reaches the disk.
        raise PayloadTooLarge(
            _("The upload is %(declared)s bytes; the limit is %(limit)s bytes.")
            % {"declared": declared, "limit": limit}
        )
    upload = request.FILES.get("file")
    if upload is None:
        raise ValidationFailed(
            _("Send the file as a multipart part named 'file'."),
            fields={"file": [_("This field is required.")]},
        )
    comment = request.POST.get("comment", "")
    return Status(
        201,
        actions.do_upload_version(
            document, acting_user=request.user, upload=upload, comment=comment
        ),
    )


@router.get("/document-versions/{version_id}", response={200: VersionOut, **ERRORS})
def get_version(request: HttpRequest, version_id: int) -> DocumentVersion:
    return queries.get_version(request.user, version_id)


@router.get("/document-versions/{version_id}/download", response={200: None, **ERRORS})
def download_version(request: HttpRequest, version_id: int) -> HttpResponseBase:
    return downloads.file_response(queries.get_version(request.user, version_id))


# Decisions --------------------------------------------------------------------------------------


class DecisionOut(Schema):
    id: int
    version: int
    project_id: int
    title: str
    context: str
    decision: str
    alternatives: str
    decided_by_id: int | None
    decided_on: dt.date | None
    status: str
    supersedes_id: int | None
    meeting_id: int | None


class DecisionIn(StrictIn):
    title: str
    context: str = ""
    decision: str = ""
    alternatives: str = ""
    decided_by_id: int | None = None
    decided_on: dt.date | None = None
    status: str = "proposed"
    supersedes_id: int | None = None
    meeting_id: int | None = None


class DecisionPatch(StrictIn):
    version: int | None = None
    title: str | None = None
    context: str | None = None
    decision: str | None = None
    alternatives: str | None = None
    decided_by_id: int | None = None
    decided_on: dt.date | None = None
    status: str | None = None
    supersedes_id: int | None = None
    meeting_id: int | None = None


@router.get("/projects/{project_id}/decisions", response=list[DecisionOut])
@paginate(Pagination)
def list_decisions(
    request: HttpRequest, project_id: int, status: str | None = None, q: str | None = None
) -> QuerySet[Decision]:
    return queries.list_decisions(request.user, project_id, status=status, search=q)


@router.post("/projects/{project_id}/decisions", response={201: DecisionOut, **ERRORS})
def create_decision(request: HttpRequest, project_id: int, payload: DecisionIn) -> Status[Decision]:
    project = access_project(request.user, project_id, "records.manage")
    return Status(
        201, actions.do_create_decision(project, acting_user=request.user, **payload.dict())
    )


@router.get("/decisions/{decision_id}", response={200: DecisionOut, **ERRORS})
def get_decision(request: HttpRequest, decision_id: int, response: HttpResponse) -> Decision:
    return _tagged(response, queries.get_decision(request.user, decision_id))


@router.patch("/decisions/{decision_id}", response={200: DecisionOut, **ERRORS})
def update_decision(
    request: HttpRequest, decision_id: int, payload: DecisionPatch, response: HttpResponse
) -> Decision:
    decision = queries.get_decision(request.user, decision_id, "update")
    changes = payload.dict(exclude_unset=True)
    version = version_from(request, changes.pop("version", None))
    decision = actions.do_update_decision(
        decision, acting_user=request.user, version=version, changes=changes
    )
    return _tagged(response, decision)


@router.delete("/decisions/{decision_id}", response={204: None, **ERRORS})
def delete_decision(request: HttpRequest, decision_id: int) -> Status[None]:
    decision = queries.get_decision(request.user, decision_id, "delete")
    actions.do_delete_decision(decision, acting_user=request.user, version=version_from(request))
    return Status(204, None)


# Status updates ---------------------------------------------------------------------------------


class StatusOut(Schema):
    id: int
    version: int
    project_id: int
    period_start: dt.date
    period_end: dt.date
    rag: str
    summary: str
    achievements: str
    next_steps: str
    blockers: str
    audience: str
    published: bool
    published_at: dt.datetime | None
    author_id: int | None


class StatusIn(StrictIn):
    period_start: dt.date
    period_end: dt.date
    rag: str = "green"
    summary: str
    achievements: str = ""
    next_steps: str = ""
    blockers: str = ""
    audience: str = "team"


class StatusPatch(StrictIn):
    version: int | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    rag: str | None = None
    summary: str | None = None
    achievements: str | None = None
    next_steps: str | None = None
    blockers: str | None = None
    audience: str | None = None


class VersionIn(StrictIn):
    version: int | None = None


@router.get("/projects/{project_id}/status-updates", response=list[StatusOut])
@paginate(Pagination)
def list_status_updates(
    request: HttpRequest,
    project_id: int,
    audience: str | None = None,
    published: bool | None = None,
) -> QuerySet[StatusUpdate]:
    return queries.list_status_updates(
        request.user, project_id, audience=audience, published=published
    )


@router.post("/projects/{project_id}/status-updates", response={201: StatusOut, **ERRORS})
def create_status_update(
    request: HttpRequest, project_id: int, payload: StatusIn
) -> Status[StatusUpdate]:
    project = access_project(request.user, project_id, "records.manage")
    return Status(
        201, actions.do_create_status_update(project, acting_user=request.user, **payload.dict())
    )


@router.get("/status-updates/{update_id}", response={200: StatusOut, **ERRORS})
def get_status_update(request: HttpRequest, update_id: int, response: HttpResponse) -> StatusUpdate:
    return _tagged(response, queries.get_status_update(request.user, update_id))


@router.patch("/status-updates/{update_id}", response={200: StatusOut, **ERRORS})
def update_status_update(
    request: HttpRequest, update_id: int, payload: StatusPatch, response: HttpResponse
) -> StatusUpdate:
    update = queries.get_status_update(request.user, update_id, "update")
    changes = payload.dict(exclude_unset=True)
    version = version_from(request, changes.pop("version", None))
    update = actions.do_update_status_update(
        update, acting_user=request.user, version=version, changes=changes
    )
    return _tagged(response, update)


@router.post("/status-updates/{update_id}/publish", response={200: StatusOut, **ERRORS})
def publish_status_update(
    request: HttpRequest, update_id: int, payload: VersionIn, response: HttpResponse
) -> StatusUpdate:
    update = queries.get_status_update(request.user, update_id, "publish")
    version = version_from(request, payload.version)
    update = actions.do_publish_status_update(update, acting_user=request.user, version=version)
    return _tagged(response, update)


@router.delete("/status-updates/{update_id}", response={204: None, **ERRORS})
def delete_status_update(request: HttpRequest, update_id: int) -> Status[None]:
    update = queries.get_status_update(request.user, update_id, "delete")
    actions.do_delete_status_update(update, acting_user=request.user, version=version_from(request))
    return Status(204, None)


# Comments ---------------------------------------------------------------------------------------


class CommentOut(Schema):
    id: int
    version: int
    project_id: int
    target_type: str
    target_id: int
    author_id: int | None
    body: str
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_target_type(obj: Any) -> str:
        return f"{obj.target_type.app_label}.{obj.target_type.model}"


class CommentIn(StrictIn):
    target_type: str
    target_id: int
    body: str


class CommentPatch(StrictIn):
    version: int | None = None
    body: str


@router.get("/comments", response=list[CommentOut])
@paginate(Pagination)
def list_comments(request: HttpRequest, target_type: str, target_id: int) -> QuerySet[Comment]:
    return queries.list_comments(request.user, target_type, target_id)


@router.post("/comments", response={201: CommentOut, **ERRORS})
def add_comment(request: HttpRequest, payload: CommentIn) -> Status[Comment]:
    target = actions.comment_target(request.user, payload.target_type, payload.target_id)
    return Status(201, actions.do_add_comment(target, acting_user=request.user, body=payload.body))


@router.get("/comments/{comment_id}", response={200: CommentOut, **ERRORS})
def get_comment(request: HttpRequest, comment_id: int, response: HttpResponse) -> Comment:
    return _tagged(response, queries.get_comment(request.user, comment_id))


@router.patch("/comments/{comment_id}", response={200: CommentOut, **ERRORS})
def edit_comment(
    request: HttpRequest, comment_id: int, payload: CommentPatch, response: HttpResponse
) -> Comment:
    comment = queries.get_comment(request.user, comment_id)
    version = version_from(request, payload.version)
    comment = actions.do_edit_comment(
        comment, acting_user=request.user, version=version, body=payload.body
    )
    return _tagged(response, comment)


@router.delete("/comments/{comment_id}", response={204: None, **ERRORS})
def delete_comment(request: HttpRequest, comment_id: int) -> Status[None]:
    comment = queries.get_comment(request.user, comment_id)
    actions.do_delete_comment(comment, acting_user=request.user, version=version_from(request))
    return Status(204, None)


# History ----------------------------------------------------------------------------------------


class AuditOut(Schema):
    id: int
    created_at: dt.datetime
    actor_id: int | None
    actor_name: str
    action: str
    object_type: str
    object_id: str
    object_repr: str
    changes: dict[str, Any]


@router.get("/projects/{project_id}/audit", response=list[AuditOut])
@paginate(Pagination)
def project_audit(
    request: HttpRequest,
    project_id: int,
    object_type: str | None = None,
    object_id: str | None = None,
    action: str | None = None,
) -> QuerySet[AuditEvent]:
    return queries.project_history(
        request.user, project_id, object_type=object_type, object_id=object_id, action=action
    )
