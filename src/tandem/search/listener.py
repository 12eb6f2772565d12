"""Following every change: the index row is rewritten once the change is committed.

Every write passes through the audit trail (``tandem.core.audit.record``), which tells
``follow_recorded_change``. A rolled-back change never reaches the index, and a failure to index
never undoes the change (``robust`` callbacks log their error).
"""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.db.models import Model

from tandem.records.models import DocumentVersion

from . import jobs
from .indexing import reindex
from .sources import INDEXED_AS


def follow_recorded_change(obj: Model, action: str, project_id: int | None) -> None:
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
