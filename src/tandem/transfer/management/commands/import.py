"""``tandem import FILE --organization SLUG``: a plan file as a new project of the organization.

Reads MS Project XML or ``.mpp``, Primavera XER or P6 XML, CSV or Excel (see
``tandem.transfer.importing``). The project is created as an admin of the organization
(``--user USERNAME``, by default its first admin), who becomes its manager. Resources are matched
to the organization's people by e-mail or name, else to its resources by name, else created;
``--resource FILE_ID=person:USERNAME`` / ``=resource:NAME`` / ``=new`` changes one. ``--preview``
prints what would be imported and creates nothing. ``--project ID`` picks a project of a
multi-project P6 file. ``--json`` prints the report as JSON.

``tandem import FILE --update PROJECT`` (the project's code or id) updates a project imported
from an earlier version of the same file instead, matched by the file's unique ids (see
``tandem.transfer.updating``): it prints what changes, by task name, then applies it
(``--preview``: prints only). ``--user`` is then one of the project's managers (by default the
first).

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
from tandem.projects.models import Project
from tandem.resources.models import Resource
from tandem.transfer.importing import do_import_project, preview_import
from tandem.transfer.updating import do_update_project, preview_update, update_json


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
        parser.add_argument("--organization", help="the organization's slug (new projects)")
        parser.add_argument("--update", metavar="PROJECT", help="update this imported project")
        parser.add_argument("--user", help="import as this admin (default: the first admin)")
        parser.add_argument("--code", default="", help="the new project's code")
        parser.add_argument("--name", default="", help="the new project's name")
        parser.add_argument("--project", default="", help="project of a multi-project P6 file")
        parser.add_argument("--time-zone", default="UTC", help="zone of the file's times")
        parser.add_argument("--resource", action="append", default=[], metavar="ID=TARGET")
        parser.add_argument("--preview", action="store_true", help="create nothing")
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["update"]:
            self._update(options)
            return
        if not options["organization"]:
            raise CommandError("Give --organization SLUG (or --update PROJECT).")
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

    def _update(self, options: dict[str, Any]) -> None:
        project = _project(options["update"], options["organization"])
        managers = User.objects.filter(
            is_active=True, memberships__project=project,
            memberships__role="manager",
        ).order_by("pk")  # fmt: skip
        user = (
            managers.filter(username=options["user"]).first()
            if options["user"]
            else (managers.first())
        )
        if user is None:
            raise CommandError(f"{project} has no manager {options['user'] or ''} to update as.")
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror or exc}") from exc
        try:
            update = preview_update(project, data, path.name, acting_user=user)
            changes = update_json(update)
            report = None
            if not options["preview"]:
                report = do_update_project(
                    project.pk, data, path.name, acting_user=user, token=update.token
                ).report
        except TandemError as exc:
            raise CommandError(exc.message) from exc
        if options["json"]:
            self.stdout.write(json.dumps({"project_id": project.pk, **(report or changes)}))
            return
        self._changes(changes, applied=report is not None)

    def _changes(self, changes: dict[str, Any], *, applied: bool) -> None:
        counts = changes["counts"]
        verb = "updated" if applied else "would update"
        self.stdout.write(
            f"{changes['project']}: {verb}: {counts['tasks_added']} tasks added, "
            f"{counts['tasks_removed']} removed, {counts['tasks_cancelled']} kept and cancelled, "
            f"{counts['tasks_changed']} changed"
        )
        for name in changes["tasks_added"]:
            self.stdout.write(f"added: {name}")
        for name in changes["tasks_removed"]:
            self.stdout.write(f"removed: {name}")
        for row in changes["tasks_cancelled"]:
            self.stdout.write(f"kept and cancelled: {row['task']} ({row['reason']})")
        for row in changes["tasks_changed"]:
            self.stdout.write(f"changed: {row['task']}: {'; '.join(row['changes'])}")
        for key in ("links_added", "links_removed"):
            for text in changes[key]:
                self.stdout.write(f"link {key.removeprefix('links_')}: {text}")
        for row in changes["links_changed"]:
            self.stdout.write(f"link changed: {row['from']} -> {row['to']}")
        for row in changes["dates_changed"]:
            self.stdout.write(
                f"dates: {row['task']}: {row['start'][0]} - {row['finish'][0]} -> "
                f"{row['start'][1]} - {row['finish'][1]}"
            )


def _project(wanted: str, organization: str | None) -> Project:
    projects = Project.objects.all()
    if organization:
        projects = projects.filter(organization__slug=organization)
    found = list(projects.filter(pk=int(wanted))) if wanted.isdigit() else []
    found = found or list(projects.filter(code=wanted))
    if not found:
        raise CommandError(f"No project {wanted!r}.")
    if len(found) > 1:
        raise CommandError(f"Several projects have the code {wanted!r}; give --organization.")
    return found[0]
