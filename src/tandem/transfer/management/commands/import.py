"""``tandem import FILE --organization SLUG``: a plan file as a new project of the organization.

Reads MS Project XML or ``.mpp``, Primavera XER or P6 XML, CSV or Excel (see
``tandem.transfer.importing``). The project is created as an admin of the organization
(``--user USERNAME``, by default its first admin), who becomes its manager. Resources are matched
to the organization's people by e-mail or name, else to its resources by name, else created;
``--resource FILE_ID=person:USERNAME`` / ``=resource:NAME`` / ``=new`` changes one. ``--preview``
prints what would be imported and creates nothing. ``--project ID`` picks a project of a
multi-project P6 file. ``--json`` prints the report as JSON.

Exit status: 0 on success; 1 with a message naming the file and line for a bad file, an unknown
organization or user, or a plan that cannot be scheduled (nothing is created).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tandem.accounts.models import Organization, User
from tandem.core.errors import TandemError
from tandem.resources.models import Resource
from tandem.transfer.importing import do_import_project, preview_import


def _admin(organization: Organization, username: str | None) -> User:
    users = User.objects.filter(organization=organization, is_active=True)
    if username:
        user = users.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r} in {organization.slug}.")
        return user
    user = users.filter(is_org_admin=True).order_by("pk").first()
    if user is None:
        raise CommandError(f"{organization.slug} has no admin to import as; give --user.")
    return user


def _mapping(organization: Organization, pairs: list[str]) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        source, _, target = pair.partition("=")
        kind, _, name = target.partition(":")
        if target == "new":
            mapping[source] = "new"
        elif kind == "person":
            user = User.objects.filter(organization=organization, username=name).first()
            if user is None:
                raise CommandError(f"--resource {pair}: no user {name!r}.")
            mapping[source] = f"person:{user.pk}"
        elif kind == "resource":
            resource = Resource.objects.filter(organization=organization, name=name).first()
            if resource is None:
                raise CommandError(f"--resource {pair}: no resource {name!r}.")
            mapping[source] = f"resource:{resource.pk}"
        else:
            raise CommandError(f"--resource {pair}: use ID=person:USERNAME, resource:NAME or new.")
    return mapping


class Command(BaseCommand):
    help = "Import a plan file (MS Project, Primavera, CSV, Excel) as a new project."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--organization", required=True, help="the organization's slug")
        parser.add_argument("--user", help="import as this admin (default: the first admin)")
        parser.add_argument("--code", default="", help="the new project's code")
        parser.add_argument("--name", default="", help="the new project's name")
        parser.add_argument("--project", default="", help="project of a multi-project P6 file")
        parser.add_argument("--time-zone", default="UTC", help="zone of the file's times")
        parser.add_argument("--resource", action="append", default=[], metavar="ID=TARGET")
        parser.add_argument("--preview", action="store_true", help="create nothing")
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        organization = Organization.objects.filter(slug=options["organization"]).first()
        if organization is None:
            raise CommandError(f"No organization {options['organization']!r}.")
        user = _admin(organization, options["user"])
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror or exc}") from exc
        try:
            if options["preview"]:
                report = preview_import(
                    data, path.name, acting_user=user,
                    source_project=options["project"] or None, time_zone=options["time_zone"],
                ).as_json()  # fmt: skip
                project = None
            else:
                result = do_import_project(
                    data,
                    path.name,
                    acting_user=user,
                    code=options["code"] or None,
                    name=options["name"] or None,
                    source_project=options["project"] or None,
                    time_zone=options["time_zone"],
                    resource_mapping=_mapping(organization, options["resource"]),
                )
                report, project = result.report, result.project
        except TandemError as exc:
            raise CommandError(exc.message) from exc
        if options["json"]:
            self.stdout.write(json.dumps({"project_id": getattr(project, "pk", None), **report}))
            return
        self._summary(report, project)

    def _summary(self, report: dict[str, Any], project: Any) -> None:
        counts = report["counts"]
        verb = f"imported as {project} (id {project.pk})" if project else "would import"
        self.stdout.write(
            f"{report['file_name']} ({report['format_label']}): {verb}: {counts['tasks']} tasks, "
            f"{counts['links']} links, {counts['resources']} resources, "
            f"{counts['baselines']} baselines; finish {report['finish_date']}"
        )
        for note in report["notes"]:
            self.stdout.write(f"note: {note}")
        for loss in report["losses"]:
            where = f"{loss['task']} ({loss['task_id']})" if loss["task_id"] else "project"
            self.stdout.write(f"not kept: {where}: {loss['message']}")
        for diff in report.get("differences", []):
            self.stdout.write(
                f"dates differ: {diff['task']} ({diff['task_id']}): {diff['start']} - "
                f"{diff['finish']} in Tandem, {diff['file_start']} - {diff['file_finish']} "
                "in the file's schedule"
            )
        for r in report["resources"]:
            self.stdout.write(
                f"resource {r['name']} ({r['source_id']}) -> {r['choice']}: {r['reason']}"
            )
