"""Every import and export route (API and pages), with the exact status per relation to the
project or organization."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve

from tandem.planning.models import Task
from tandem.testing.factories_planning import make_task
from tandem.testing.roles import expect, project_api, project_page
from tandem.transfer.models import ImportedItem, PlanImport


def rules(world):
    found = _rules(world)
    for rule in found:
        match = resolve(rule["url"].split("?", 1)[0])
        rule["url_name"] = match.view_name or match.route
    return found


def _rules(world):
    return [*_export_rules(world), *_import_rules(world), *_update_rules(world)]


# The plan's files need the right to read the plan (not stakeholders); the calendar file is for
# everyone in the project.
PLAN_FILE = {"stakeholder": 403, "member": 200, "coordinator": 200, "manager": 200}
CALENDAR_FILE = {"stakeholder": 200, "member": 200, "coordinator": 200, "manager": 200}


def _export_rules(world):
    p = world.project.pk
    make_task(world.project, "Build", estimate=3)
    make_task(world.project, "Launch", is_milestone=True)
    api = f"/api/projects/{p}/export"
    page = f"/projects/{p}/export"
    return [
        *(
            {"method": "GET", "url": f"{api}?format={fmt}", "expect": project_api(**PLAN_FILE)}
            for fmt in ("mspdi", "csv", "xlsx")
        ),
        {"method": "GET", "url": f"{api}?format=ics", "expect": project_api(**CALENDAR_FILE)},
        # A format that does not exist is refused before anyone's rights are looked at.
        {"method": "GET", "url": f"{api}?format=pdf", "expect": expect(422, anonymous=401)},
        {"method": "GET", "url": f"{page}/", "expect": project_page(**CALENDAR_FILE)},
        *(
            {
                "method": "GET",
                "url": f"{page}/{fmt}/",
                "expect": project_page(**PLAN_FILE),
            }
            for fmt in ("mspdi", "csv", "xlsx")
        ),
        {"method": "GET", "url": f"{page}/ics/", "expect": project_page(**CALENDAR_FILE)},
        {
            "method": "GET",
            "url": f"{page}/pdf/",
            "expect": project_page(stakeholder=404, member=404, coordinator=404, manager=404),
        },
    ]


# Importing creates a project: organization admins only (the stranger is an admin of another
# organization, so they may upload a file of their own). An upload is its uploader's alone.
PLAN_CSV = b"Name,Duration\nBuild,3d\n"


def _plan_file() -> dict[str, SimpleUploadedFile]:
    return {"file": SimpleUploadedFile("plan.csv", PLAN_CSV)}


def _import_rules(world):
    mine = PlanImport.objects.create(
        organization=world.project.organization,
        created_by=world.admin,
        file_name="plan.csv",
        data=PLAN_CSV,
        preview={"resources": []},
    )
    i = mine.pk
    unseen = expect(404, anonymous=401)
    unseen_page = expect(404, anonymous=302)
    return [
        {
            "method": "POST",
            "url": "/api/imports",
            "format": "multipart",
            "body": _plan_file,
            "model": PlanImport,
            "expect": expect(403, anonymous=401, stranger=201),
        },
        {"method": "GET", "url": f"/api/imports/{i}", "expect": unseen},
        {
            "method": "POST",
            "url": f"/api/imports/{i}/preview",
            "body": {"source_project": ""},
            "model": PlanImport,
            "pk": i,
            "expect": unseen,
        },
        {
            "method": "POST",
            "url": f"/api/imports/{i}/confirm",
            "body": {},
            "model": PlanImport,
            "pk": i,
            "expect": unseen,
        },
        {
            "method": "GET",
            "url": "/imports/new/",
            "expect": expect(403, anonymous=302, stranger=200),
        },
        {
            "method": "POST",
            "url": "/imports/new/",
            "format": "multipart",
            "body": _plan_file,
            "model": PlanImport,
            "expect": expect(403, anonymous=302, stranger=302),
        },
        {"method": "GET", "url": f"/imports/{i}/", "expect": unseen_page},
        {
            "method": "POST",
            "url": f"/imports/{i}/project/",
            "body": {"source_project": ""},
            "model": PlanImport,
            "pk": i,
            "expect": unseen_page,
        },
        {
            "method": "POST",
            "url": f"/imports/{i}/confirm/",
            "body": {},
            "model": PlanImport,
            "pk": i,
            "expect": unseen_page,
        },
    ]


# Updating a project from a newer file of its plan rewrites the plan: the project's managers
# (``project.edit``). The project is made "imported" here: its tasks linked to a file's ids.
PLAN_V2 = b"ID,Name,Duration\n1,Build,4d\n2,Launch,0d\n"
MANAGER_ONLY = {"stakeholder": 403, "member": 403, "coordinator": 403}


def _newer_file() -> dict[str, SimpleUploadedFile]:
    return {"file": SimpleUploadedFile("plan.csv", PLAN_V2)}


def _update_rules(world):
    p = world.project.pk
    for number, name in enumerate(("Build", "Launch"), start=1):
        task = Task.objects.filter(project=world.project, name=name).first()
        if task is None:
            task = make_task(world.project, name, estimate=3)
        ImportedItem.objects.get_or_create(
            project=world.project, kind="task", source_id=str(number),
            defaults={"object_id": task.pk},
        )  # fmt: skip
    return [
        {
            "method": "POST",
            "url": f"/api/projects/{p}/imports",
            "format": "multipart",
            "body": _newer_file,
            "model": PlanImport,
            "expect": project_api(**MANAGER_ONLY, manager=201),
        },
        {
            "method": "GET",
            "url": f"/projects/{p}/update-from-file/",
            "expect": project_page(**MANAGER_ONLY, manager=200),
        },
        {
            "method": "POST",
            "url": f"/projects/{p}/update-from-file/",
            "format": "multipart",
            "body": _newer_file,
            "model": PlanImport,
            "expect": project_page(**MANAGER_ONLY, manager=302),
        },
    ]
