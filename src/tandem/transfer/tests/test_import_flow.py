"""Upload -> preview -> confirm through the API and the command line: the project, its plan,
resources matched to people, one import audit event; only organization admins import."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from tandem.core.models import AuditEvent
from tandem.planning.models import Assignment, Dependency, PlanSettings, Task
from tandem.projects.models import Project
from tandem.resources.models import Resource
from tandem.transfer.importing import do_import_project
from tandem.transfer.models import ImportedItem, PlanImport
from tandem.transfer.tests.import_files import CSV_PLAN, mspdi_plan

pytestmark = pytest.mark.django_db


PROJECT_HOURS = {str(d): [["08:00", "12:00"], ["13:00", "17:00"]] for d in range(1, 6)}


def _upload(user, data: bytes, name: str):
    client = Client()
    client.force_login(user)
    return client, client.post("/api/imports", {"file": SimpleUploadedFile(name, data)})


def test_mspdi_upload_preview_confirm_creates_the_project(
    world, django_capture_on_commit_callbacks
):
    world.member.working_hours = PROJECT_HOURS
    world.member.save()
    client, response = _upload(world.admin, mspdi_plan(), "house.xml")
    assert response.status_code == 201, response.content
    body = response.json()
    preview = body["preview"]
    assert preview["format"] == "mspdi"
    assert preview["counts"]["tasks"] == 4
    assert preview["counts"]["links"] == 2
    assert preview["counts"]["summary_tasks"] == 1
    assert preview["counts"]["milestones"] == 1
    # 3 working days, a 1-day lag, a Friday holiday (7 March), 4 days: handover on 13 March.
    assert preview["finish_date"] == "2025-03-13"
    [resource] = preview["resources"]
    assert resource["choice"] == f"person:{world.member.pk}"
    assert Project.objects.filter(name="House").count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(
            f"/api/imports/{body['id']}/confirm",
            {"code": "HOUSE"},
            content_type="application/json",
        )
    assert confirmed.status_code == 202, confirmed.content
    assert confirmed.json()["status"] == "queued"
    result = client.get(f"/api/imports/{body['id']}").json()
    assert result["status"] == "done"
    assert result["progress"] == 100
    project = Project.objects.get(pk=result["project_id"])
    assert result["gantt_url"] == f"/projects/{project.pk}/gantt/"
    assert project.code == "HOUSE"
    assert result["report"]["differences"] == [], (
        result["report"]["differences"],
        result["report"]["losses"],
    )
    tasks = {t.name: t for t in Task.objects.filter(project=project)}
    assert tasks["Walls"].parent_id == tasks["Build"].pk
    assert (tasks["Walls"].start_date, tasks["Walls"].finish_date) == (
        dt.date(2025, 3, 10),
        dt.date(2025, 3, 13),
    )
    link = Dependency.objects.get(predecessor=tasks["Foundations"])
    assert (link.type, link.lag, link.lag_unit) == ("FS", Decimal(1), "days")
    assert Assignment.objects.get(task=tasks["Foundations"]).person_id == world.member.pk
    calendar = PlanSettings.objects.get(project=project).calendar
    assert [e.start for e in calendar.exceptions.all()] == [dt.date(2025, 3, 7)]
    assert ImportedItem.objects.filter(project=project, kind="task").count() == 4
    assert AuditEvent.objects.filter(action="project.imported", project_id=project.pk).count() == 1
    assert PlanImport.objects.get(pk=body["id"]).data in (b"", memoryview(b""))


def test_csv_import_with_a_new_resource_and_a_changed_mapping(
    world, django_capture_on_commit_callbacks
):
    client, response = _upload(world.admin, CSV_PLAN, "launch.csv")
    assert response.status_code == 201, response.content
    body = response.json()
    choices = {r["name"]: r["choice"] for r in body["preview"]["resources"]}
    assert choices == {"member": f"person:{world.member.pk}", "Crane": "new"}
    # The person importing decides "member" in the file is a new resource, not the person.
    mapping = {r["source_id"]: "new" for r in body["preview"]["resources"]}
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(
            f"/api/imports/{body['id']}/confirm",
            {"resource_mapping": mapping},
            content_type="application/json",
        )
    assert confirmed.status_code == 202, confirmed.content
    project = Project.objects.get(pk=client.get(f"/api/imports/{body['id']}").json()["project_id"])
    assert sorted(
        Resource.objects.filter(assignments__task__project=project).values_list("name", flat=True)
    ) == ["Crane", "member"]
    review = Task.objects.get(project=project, name="Review")
    assert Assignment.objects.get(task=review).units == Decimal(50)
    sketch = Task.objects.get(project=project, name="Sketch")
    assert (sketch.percent_complete, sketch.status) == (50, "in_progress")
    launch = Task.objects.get(project=project, name="Launch")
    assert launch.is_milestone
    link = Dependency.objects.get(successor=launch)
    assert (link.type, link.lag, link.lag_unit) == ("SS", Decimal(2), "days")


def test_a_second_confirm_is_refused(world, django_capture_on_commit_callbacks):
    client, response = _upload(world.admin, CSV_PLAN, "launch.csv")
    url = f"/api/imports/{response.json()['id']}/confirm"
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {}, content_type="application/json").status_code == 202
    again = client.post(url, {}, content_type="application/json")
    assert again.status_code == 422
    assert Project.objects.filter(name="launch").count() == 1


def test_an_unknown_resource_choice_is_refused(world):
    client, response = _upload(world.admin, CSV_PLAN, "launch.csv")
    url = f"/api/imports/{response.json()['id']}/confirm"
    refused = client.post(
        url, {"resource_mapping": {"nobody": "new"}}, content_type="application/json"
    )
    assert refused.status_code == 422
    assert "resource_mapping" in refused.json()["error"]["fields"]
    assert Project.objects.filter(name="launch").count() == 0


@pytest.mark.parametrize("role", ["manager", "member", "stakeholder"])
def test_only_organization_admins_import(world, role):
    _, response = _upload(getattr(world, role), CSV_PLAN, "launch.csv")
    assert response.status_code == 403
    assert PlanImport.objects.count() == 0


def test_command_line_import_and_preview(world, tmp_path, capsys):
    path = tmp_path / "house.xml"
    path.write_bytes(mspdi_plan())
    call_command("import", str(path), organization=world.project.organization.slug, preview=True)
    assert "would import: 4 tasks" in capsys.readouterr().out
    assert not Project.objects.filter(name="House").exists()
    call_command(
        "import", str(path), organization=world.project.organization.slug, json=True, code="HSE"
    )
    report = json.loads(capsys.readouterr().out)
    project = Project.objects.get(pk=report["project_id"])
    assert (project.code, project.name) == ("HSE", "House")
    assert Task.objects.filter(project=project).count() == 4


def test_a_person_whose_hours_narrow_the_plan_is_reported_by_task(world):
    """The member works 09:00-17:00, the file's days are 08:00-17:00: the member's task and
    those after it move, and the report names the reason on the member's task."""
    result = do_import_project(mspdi_plan(), "house.xml", acting_user=world.admin)
    report = result.report
    assert [(x["task_id"], x["affects_dates"]) for x in report["losses"]] == [("2", True)]
    assert report["losses"][0]["message"].startswith("scheduled on member's working hours")
    assert sorted(d["task_id"] for d in report["differences"]) == ["1", "2", "3", "4"]
