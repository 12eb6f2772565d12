"""The export endpoint and ``tandem export``: the file, its type and name, clear refusals."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tandem.engine.formats import read_mspdi
from tandem.planning.models import Dependency, Task
from tandem.testing.factories_planning import make_link, make_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(world):
    design = make_task(world.project, "Design", estimate=3)
    build = make_task(world.project, "Build", estimate=5)
    launch = make_task(world.project, "Launch", is_milestone=True)
    make_link(design, build)
    make_link(build, launch)
    return world


def test_api_gives_the_plan_as_ms_project_xml(plan, api_client):
    # when a member asks for the MSPDI export
    response = api_client.as_user(plan.member).get(
        f"/api/projects/{plan.project.pk}/export?format=mspdi"
    )

    # then the file comes as an attachment named after the project's code
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    assert response["Content-Disposition"] == 'attachment; filename="ACME-plan.xml"'
    project = read_mspdi(response.content, timezone=plan.project.time_zone)
    assert [t.name for t in project.tasks] == ["Design", "Build", "Launch"]
    assert len(project.links) == 2


@pytest.mark.parametrize(
    ("fmt", "content_type", "name"),
    [
        ("csv", "text/csv; charset=utf-8", "ACME-plan.csv"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "ACME-plan.xlsx"),
        ("ics", "text/calendar; charset=utf-8", "ACME-calendar.ics"),
    ],
)  # fmt: skip
def test_api_content_types_and_names(plan, api_client, fmt, content_type, name):
    response = api_client.as_user(plan.manager).get(
        f"/api/projects/{plan.project.pk}/export?format={fmt}"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'


def test_an_unknown_format_is_a_422_naming_the_field(plan, api_client):
    response = api_client.as_user(plan.manager).get(
        f"/api/projects/{plan.project.pk}/export?format=pdf"
    )
    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == ["format"]


def test_a_plan_with_a_cycle_is_a_422_naming_its_tasks(plan, api_client):
    # given a cycle written past the actions (which refuse one)
    build = Task.objects.get(project=plan.project, name="Build")
    design = Task.objects.get(project=plan.project, name="Design")
    Dependency.objects.create(project=plan.project, predecessor=build, successor=design)

    response = api_client.as_user(plan.manager).get(
        f"/api/projects/{plan.project.pk}/export?format=csv"
    )

    assert response.status_code == 422
    assert "Design" in response.json()["error"]["message"]
    assert "Build" in response.json()["error"]["message"]


def test_openapi_names_the_file_types(api_client, world):
    schema = api_client.as_user(world.member).get("/api/openapi.json").json()
    answer = schema["paths"]["/api/projects/{project_id}/export"]["get"]["responses"]["200"]
    assert set(answer["content"]) == {
        "application/xml",
        "text/csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "text/calendar",
    }


def test_command_line_writes_the_file(plan, tmp_path: Path):
    # when the plan is exported from the command line
    out = tmp_path / "plan.xml"
    stdout = io.StringIO()
    call_command("export", "ACME", "--format", "mspdi", "-o", str(out), stdout=stdout)

    # then the file is the manager's export
    project = read_mspdi(out.read_bytes(), timezone=plan.project.time_zone)
    assert [t.name for t in project.tasks] == ["Design", "Build", "Launch"]
    assert f"written to {out}" in stdout.getvalue()


def test_command_line_exports_with_the_rights_of_the_user_named(plan, tmp_path: Path):
    out = tmp_path / "calendar.ics"
    call_command(
        "export", str(plan.project.pk), "--format", "ics", "-o", str(out),
        "--user", "stakeholder", stdout=io.StringIO(),
    )  # fmt: skip
    assert b"SUMMARY:Launch" in out.read_bytes()
    with pytest.raises(CommandError, match="you may not see the project.s tasks"):
        call_command(
            "export", "ACME", "--format", "csv", "-o", str(tmp_path / "x.csv"),
            "--user", "stakeholder", stdout=io.StringIO(),
        )  # fmt: skip
    assert not (tmp_path / "x.csv").exists()


def test_command_line_refuses_an_unknown_project(plan, tmp_path: Path):
    with pytest.raises(CommandError, match="No project with the code or number 'NOPE'"):
        call_command("export", "NOPE", "--format", "csv", "-o", str(tmp_path / "x.csv"))
