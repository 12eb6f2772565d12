"""Background jobs of projects."""

from __future__ import annotations

from tandem.core.jobs import job

from . import actions


@job("tandem.projects.purge_expired_projects")
def purge_expired_projects() -> int:
    """Periodic: remove for good the deleted projects whose grace period is over."""
    return len(actions.purge_expired_projects())
