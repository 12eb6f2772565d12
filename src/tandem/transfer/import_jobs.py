"""Background job of a confirmed import (Celery; run in-process when no broker is configured).

Celery ships no type information, hence the ignore on its decorator.
"""

from __future__ import annotations

from celery import shared_task

from .import_run import execute_plan_import


@shared_task(name="tandem.transfer.run_plan_import")  # type: ignore[untyped-decorator]
def run_plan_import(import_id: int) -> str:
    return execute_plan_import(import_id)
