"""The short task forms: adding a task takes a name, a parent, a duration and an assignee; the
task page edits the rest in sections that show only the fields that apply."""

import re
from decimal import Decimal

from django.test import Client

from tandem.core.models import AuditEvent
from tandem.planning.models import Assignment, Task
from tandem.testing.factories_planning import make_task


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _shown_fields(html: str, section: str) -> list[str]:
    """Names of the inputs shown (not hidden) in one section of the task page."""
    part = html.split(f'id="section-{section}"', 1)[1].split("</details>", 1)[0]
    shown = []
    for block in re.findall(r'<div class="field"[^>]*>.*?</div>', part, flags=re.S):
        if re.match(r'<div class="field"[^>]*\shidden', block):
            continue
        shown += re.findall(r'name="([a-z_]+)"', block)
    return shown


def test_adding_a_task_takes_four_fields_and_assigns_the_person(world):
    phase = make_task(world.project, "Phase")
    client = _client(world.manager)
    page = client.get(f"/projects/{world.project.pk}/plan/").content.decode()
    form = page.split("<h2>Add a task</h2>", 1)[1].split("</form>", 1)[0]
    assert re.findall(r'name="([a-z_]+)"', form) == [
        "csrfmiddlewaretoken",
        "name",
        "parent",
        "estimate",
        "assignee",
    ]
    response = client.post(
        f"/projects/{world.project.pk}/plan/",
        {"name": "Wireframes", "parent": phase.pk, "estimate": "3", "assignee": world.member.pk},
    )
    task = Task.objects.get(name="Wireframes")
    assert response["Location"] == f"/tasks/{task.pk}/"
    assert (task.parent_id, task.estimate, task.wbs_code) == (phase.pk, Decimal(3), "1.1")
    assert Assignment.objects.get(task=task).person == world.member


def test_an_assignee_outside_the_project_adds_nothing(world):
    response = _client(world.manager).post(
        f"/projects/{world.project.pk}/plan/", {"name": "Wireframes", "assignee": world.outsider.pk}
    )
    assert response.status_code == 422
    assert not Task.objects.filter(name="Wireframes").exists()


def test_one_value_mode_hides_the_three_point_fields_and_the_reverse(world):
    task = make_task(world.project, "Design", estimate=2)
    client = _client(world.manager)
    html = client.get(f"/tasks/{task.pk}/").content.decode()
    assert _shown_fields(html, "estimate") == ["estimate_mode", "duration_unit", "estimate"]
    assert _shown_fields(html, "dates") == ["manually_scheduled", "constraint_type", "deadline"]
    response = client.post(
        f"/tasks/{task.pk}/",
        {
            "section": "estimate",
            "version": task.version,
            "estimate_mode": "three_point",
            "duration_unit": "days",
            "optimistic": "1",
            "most_likely": "2",
            "pessimistic": "6",
        },
    )
    assert response.status_code == 302
    html = client.get(f"/tasks/{task.pk}/").content.decode()
    assert _shown_fields(html, "estimate") == [
        "estimate_mode",
        "duration_unit",
        "optimistic",
        "most_likely",
        "pessimistic",
    ]
    task.refresh_from_db()
    # The one-value estimate is kept while hidden: switching back brings it back.
    assert (task.estimate_mode, task.estimate, task.pessimistic) == (
        "three_point",
        Decimal(2),
        Decimal(6),
    )


def test_a_section_changes_only_its_own_fields(world):
    task = make_task(world.project, "Design", estimate=2, deadline="2026-05-01", priority=700)
    response = _client(world.manager).post(
        f"/tasks/{task.pk}/",
        {"section": "basics", "version": task.version, "name": "Visual design"},
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.name, str(task.deadline), task.priority, task.estimate) == (
        "Visual design",
        "2026-05-01",
        700,
        Decimal(2),
    )
    event = AuditEvent.objects.filter(action="task.updated").latest("id")
    assert event.changes == {"name": ["Design", "Visual design"]}


def test_a_bad_value_shows_in_its_section_and_changes_nothing(world):
    task = make_task(world.project, "Design")
    response = _client(world.manager).post(
        f"/tasks/{task.pk}/",
        {
            "section": "progress",
            "version": task.version,
            "status": "in_progress",
            "percent_complete": "140",
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    section = html.split('id="section-progress"', 1)[1].split("</details>", 1)[0]
    assert "less than or equal to 100" in section
    assert " open>" in html.split('id="section-progress"', 1)[1][:40]
    task.refresh_from_db()
    assert (task.status, task.percent_complete, task.version) == ("not_started", 0, 1)


def test_a_milestone_has_no_estimate_section(world):
    task = make_task(world.project, "Launch", is_milestone=True)
    html = _client(world.manager).get(f"/tasks/{task.pk}/").content.decode()
    assert 'id="section-basics"' in html
    assert 'id="section-estimate"' not in html
