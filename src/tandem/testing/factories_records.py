"""Documents, decisions, status updates and comments built through the real actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tandem.records import actions
from tandem.records.models import Comment, Decision, Document, DocumentVersion, StatusUpdate
from tandem.testing.factories import World


def make_document(world: World, *, by: Any = None, **fields: Any) -> Document:
    data: dict[str, Any] = {"title": "Project charter", "category": "plan"}
    data.update(fields)
    return actions.do_create_document(world.project, acting_user=by or world.coordinator, **data)


def upload_file(
    name: str = "charter.pdf", content: bytes = b"%PDF-1.7 test", content_type: str = ""
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type or "application/pdf")


def make_version(
    world: World, document: Document, *, by: Any = None, **upload: Any
) -> DocumentVersion:
    return actions.do_upload_version(
        document, acting_user=by or world.member, upload=upload_file(**upload), comment="draft"
    )


def make_decision(world: World, **fields: Any) -> Decision:
    data: dict[str, Any] = {"title": "Use PostgreSQL", "decision": "PostgreSQL in production"}
    data.update(fields)
    return actions.do_create_decision(world.project, acting_user=world.coordinator, **data)


def make_status_update(world: World, *, publish: bool = False, **fields: Any) -> StatusUpdate:
    data: dict[str, Any] = {
        "period_start": dt.date(2026, 2, 2),
        "period_end": dt.date(2026, 2, 13),
        "rag": "amber",
        "summary": "Design done, build started",
        "audience": "stakeholders",
    }
    data.update(fields)
    update = actions.do_create_status_update(world.project, acting_user=world.coordinator, **data)
    if publish:
        update = actions.do_publish_status_update(
            update, acting_user=world.coordinator, version=update.version
        )
    return update


def make_comment(world: World, target: Any, *, by: Any = None, body: str = "Looks fine") -> Comment:
    return actions.do_add_comment(target, acting_user=by or world.member, body=body)
