"""Background job of a confirmed import (Celery; run in-process when no broker is configured)."""

from __future__ import annotations

from tandem.core.jobs import job

from .import_run import execute_plan_import


@job("tandem.transfer.run_plan_import")
def run_plan_import(import_id: int) -> str:
    return execute_plan_import(import_id)
