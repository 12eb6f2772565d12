"""``tandem export PROJECT --format mspdi|csv|xlsx|ics -o FILE``: a project's plan as a file.

PROJECT is the project's code (``ROUTE``) or its number; a code that several organizations use
needs ``--organization SLUG``. The file is the one the project's Export menu gives: by default
as the project's manager sees it (the person running the command can read the whole database
anyway); ``--user USERNAME`` exports as that person instead, with their rights (a stakeholder
gets no plan, and rates only appear for people who may see them). ``-o -`` writes to standard
output.

Exit status: 0 on success; 1 with a one-line message for an unknown project or user, a format
the user may not export, or a plan that cannot be scheduled.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tandem.accounts.models import User
from tandem.core.errors import TandemError
from tandem.projects.models import Project, ProjectMembership, Role
from tandem.transfer.exporting import ExportFormat, export_project


def _project(reference: str, organization: str | None) -> Project:
    projects = Project.objects.all()
    if organization:
        projects = projects.filter(organization__slug=organization)
    found = list(projects.filter(code=reference))
    if not found and reference.isdigit():
        found = list(projects.filter(pk=int(reference)))
    if not found:
        raise CommandError(f"No project with the code or number {reference!r}.")
    if len(found) > 1:
        slugs = ", ".join(sorted(p.organization.slug for p in found))
        raise CommandError(
            f"Several organizations have a project {reference!r} ({slugs}): add --organization."
        )
    return found[0]


def _user(project: Project, username: str | None) -> User:
    if username:
        user = User.objects.filter(organization=project.organization, username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r} in {project.organization.slug}.")
        return user
    membership = (
        ProjectMembership.objects.filter(project=project, role=Role.MANAGER, user__is_active=True)
        .select_related("user")
        .order_by("id")
        .first()
    )
    if membership is None:
        raise CommandError(f"{project.code} has no active manager: name one with --user.")
    return membership.user


class Command(BaseCommand):
    help = "Export a project's plan as MS Project XML, CSV, Excel or iCalendar."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("project", help="the project's code or number")
        parser.add_argument(
            "--format", required=True, choices=[f.value for f in ExportFormat], dest="fmt"
        )
        parser.add_argument(
            "-o", "--output", required=True, help="the file to write (- for standard output)"
        )
        parser.add_argument("--organization", help="the organization's slug, for a shared code")
        parser.add_argument("--user", help="export as this person, with their rights")

    def handle(self, *args: Any, **options: Any) -> None:
        project = _project(options["project"], options["organization"])
        user = _user(project, options["user"])
        fmt = ExportFormat(options["fmt"])
        try:
            exported = export_project(user, project.pk, fmt, now=timezone.now())
        except TandemError as exc:
            raise CommandError(exc.message) from exc
        if options["output"] == "-":
            sys.stdout.buffer.write(exported.content)
            sys.stdout.buffer.flush()
            return
        out = Path(options["output"])
        out.write_bytes(exported.content)
        size = len(exported.content)
        self.stdout.write(f"{project.code}: {fmt.value} written to {out} ({size} bytes)")
