"""The import in Chromium: an admin opens Import from the projects list, uploads an MS Project
file, reviews the preview and the resource mapping, changes who a resource becomes, confirms,
and lands on the new project's Gantt with the file's dates."""

import pytest
from playwright.sync_api import expect

from tandem.planning.models import Assignment, Task
from tandem.projects.models import Project
from tandem.testing.factories import make_world
from tandem.transfer.tests.import_files import mspdi_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_imports_an_ms_project_file_and_sees_its_gantt(page_for, live_server, tmp_path):
    world = make_world()
    path = tmp_path / "house.xml"
    path.write_bytes(mspdi_plan())
    page = page_for(world.admin)
    page.goto(f"{live_server.url}/")
    page.click("text=Import a plan")
    page.wait_for_url(f"{live_server.url}/imports/new/")
    page.set_input_files("#import-file", str(path))
    page.click("button:text('Upload and review')")
    page.wait_for_url(f"{live_server.url}/imports/*/")
    expect(page.locator("#import-finish")).to_have_text("2025-03-13")
    expect(page.locator("#import-counts")).to_contain_text("4 (1 summaries, 1 milestones)")
    mapping = page.locator("#import-resources select")
    # The file's "member" is matched to the person by name; the admin makes it a new resource.
    assert mapping.input_value() == f"person:{world.member.pk}"
    mapping.select_option("new")
    page.fill("#project-code", "HOUSE")
    page.click("button:text('Import as a new project')")
    project = Project.objects.get(code="HOUSE")
    page.wait_for_url(f"{live_server.url}/projects/{project.pk}/gantt/")
    expect(page.locator(".messages")).to_contain_text("Every task has the file's dates.")
    page.wait_for_selector(".g-bar")
    walls = Task.objects.get(project=project, name="Walls")
    row = page.locator(f'.g-row[data-id="{walls.pk}"]').inner_text()
    assert "2025-03-10" in row
    assert "2025-03-13" in row
    foundations = Task.objects.get(project=project, name="Foundations")
    assignment = Assignment.objects.get(task=foundations)
    assert (assignment.person_id, assignment.resource.name) == (None, "member")
