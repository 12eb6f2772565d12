"""Background jobs of projects."""

from __future__ import annotations

from celery import shared_task

from . import actions


@shared_task(name="tandem.projects.purge_expired_projects")  # type: ignore[untyped-decorator]
def purge_expired_projects() -> int:
    """Periodic: remove for good the deleted projects whose grace period is over."""
    return len(actions.purge_expired_projects())
