"""Following every change: the index row is rewritten once the change is committed.

Every write passes through the audit trail (``tandem.core.audit.record``), which tells
``follow_recorded_change``. A rolled-back change never reaches the index, and a failure to index
never undoes the change (``robust`` callbacks log their error).
"""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.db.models import Model

from tandem.projects.models import Project
from tandem.records.models import DocumentVersion

from . import jobs
from .indexing import reindex, reindex_project
from .sources import INDEXED_AS

# Changes recorded once for a whole project though they write many records (``tandem.transfer``).
PROJECT_WIDE = frozenset({"project.imported", "project.updated_from_file"})


def follow_recorded_change(obj: Model, action: str, project_id: int | None) -> None:
    if isinstance(obj, Project) and action in PROJECT_WIDE:
        transaction.on_commit(partial(reindex_project, obj.pk), robust=True)
        return
    found_as = INDEXED_AS.get(type(obj))
    if found_as is None:
        return
    target = found_as(obj)
    if target is None:
        return
    transaction.on_commit(partial(reindex, *target), robust=True)
    if isinstance(obj, DocumentVersion) and obj.pk is not None:
        # Reading a file's words can take seconds: a background job (inline without a broker).
        transaction.on_commit(partial(jobs.read_file_text.delay, obj.pk), robust=True)
