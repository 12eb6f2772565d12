"""Running a confirmed import: the body of the background job (``import_jobs``)."""

from __future__ import annotations

from django.db import transaction

from tandem.core.errors import TandemError

from .importing import do_import_project
from .models import ImportStatus, PlanImport


def execute_plan_import(import_id: int) -> str:
    """Run a queued import (the job's body; idempotent: anything but a queued import is left)."""
    with transaction.atomic():
        claimed = PlanImport.objects.filter(pk=import_id, status=ImportStatus.QUEUED).update(
            status=ImportStatus.RUNNING, progress=1
        )
    if not claimed:
        return "not queued"
    plan_import = PlanImport.objects.select_related("created_by").get(pk=import_id)

    def progress(percent: int, _step: str) -> None:
        PlanImport.objects.filter(pk=import_id).update(progress=percent)

    try:
        result = do_import_project(
            bytes(plan_import.data),
            plan_import.file_name,
            acting_user=plan_import.created_by,
            code=plan_import.project_code or None,
            name=plan_import.project_name or None,
            source_project=plan_import.source_project or None,
            time_zone=plan_import.time_zone,
            resource_mapping=plan_import.resource_mapping,
            plan_import=plan_import,
            progress=progress,
        )
    except TandemError as exc:
        PlanImport.objects.filter(pk=import_id).update(
            status=ImportStatus.FAILED, error=exc.message, progress=100
        )
        return "failed"
    except Exception:
        PlanImport.objects.filter(pk=import_id).update(
            status=ImportStatus.FAILED,
            error="An unexpected error stopped the import.",
            progress=100,
        )
        raise
    PlanImport.objects.filter(pk=import_id).update(
        status=ImportStatus.DONE,
        progress=100,
        project=result.project,
        report=result.report,
        data=b"",
    )
    return "done"
