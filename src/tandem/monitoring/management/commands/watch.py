"""``tandem watch``: evaluate the watched projects once (what the hourly job does), send the
daily alert digests due, and report."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from tandem.comms.digests import send_due_digests
from tandem.monitoring.evaluation import evaluate_all, evaluate_project, watched_projects


class Command(BaseCommand):
    help = (
        "Evaluate every active project once: raise, step up and close alerts, fire escalation "
        "rules and suggest each project's health; then send the daily alert digests due."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--project", help="only this project (its code)")
        parser.add_argument(
            "--at", help="evaluate as of this moment (ISO 8601 with a zone), default now"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        if options.get("at"):
            try:
                now = dt.datetime.fromisoformat(options["at"])
            except ValueError as exc:
                raise CommandError(f"--at: not an ISO 8601 moment: {options['at']}") from exc
            if now.tzinfo is None:
                raise CommandError("--at needs a zone, e.g. 2026-03-02T09:00+01:00")
        if options.get("project"):
            projects = list(watched_projects().filter(code=options["project"]))
            if not projects:
                raise CommandError(f"No active project with code {options['project']}.")
            results = [evaluate_project(p, now=now) for p in projects]
        else:
            results = evaluate_all(now=now)
        for r in results:
            self.stdout.write(
                f"project {r.project_id}: {len(r.raised)} raised, {len(r.stepped)} stepped up, "
                f"{len(r.closed)} closed, {r.escalated} escalated, {r.notified} notified, "
                f"suggested health {r.suggested}"
            )
        self.stdout.write(_counted(len(results), "project", "projects") + " evaluated.")
        if not options.get("project"):
            sent = [r for r in send_due_digests(now) if r.outcome == "sent"]
            self.stdout.write(_counted(len(sent), "daily digest", "daily digests") + " sent.")


def _counted(count: int, one: str, many: str) -> str:
    """``1 project`` / ``2 projects``: the command's output is for operators, in English."""
    return f"{count} {one if count == 1 else many}"
