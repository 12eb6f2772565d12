"""The history page reads in words: names, labels and dates people write, grouped per action."""

import pytest

from tandem.core.models import AuditEvent
from tandem.planning import actions as planning_actions
from tandem.planning.models import Task
from tandem.records.history_words import in_words
from tandem.testing.factories_planning import make_link, make_task
from tandem.testing.factories_records import make_comment

pytestmark = pytest.mark.django_db


def _entries(world):
    events = AuditEvent.objects.filter(project_id=world.project.pk).order_by("-created_at", "-id")
    return in_words(events)


def _named(world):
    world.manager.first_name, world.manager.last_name = "Maria", "Keller"
    world.manager.save()


def test_a_change_names_the_person_the_object_and_each_field_in_words(world):
    _named(world)
    task = make_task(world.project, "Testing and pilot", estimate=3)
    planning_actions.do_update_task(
        task,
        acting_user=world.manager,
        version=task.version,
        changes={"status": "in_progress", "percent_complete": 13, "deadline": "2026-12-10"},
    )
    entry = next(e for e in _entries(world) if e.verb == "changed" and e.kind == "task")
    assert entry.headline == "Maria Keller changed task"
    assert entry.subject.endswith("Testing and pilot”")
    assert "status: Not started → In progress" in entry.changes
    assert "percent complete: 0 → 13" in entry.changes
    assert "deadline: 10 Dec 2026" in entry.changes


def test_ids_become_names_and_a_removed_object_says_so(world):
    design = make_task(world.project, "Design", estimate=3)
    build = make_task(world.project, "Build", estimate=5)
    make_link(design, build)
    link_entry = next(e for e in _entries(world) if e.kind == "dependency")
    assert "predecessor: Design" in link_entry.changes
    assert "successor: Build" in link_entry.changes
    assert not any("project" in line for line in link_entry.changes)

    Task.objects.filter(pk=design.pk).delete()
    link_entry = next(e for e in _entries(world) if e.kind == "dependency")
    assert "predecessor: task no longer there" in link_entry.changes


def test_a_comment_says_what_it_is_on(world):
    task = make_task(world.project, "Route map view", estimate=3)
    make_comment(world, task, by=world.member, body="Looks fine to me")
    entry = _entries(world)[0]
    assert entry.verb == "commented"
    assert entry.subject == "on task “Route map view”"
    assert entry.changes == ["body: “Looks fine to me”"]


def test_rows_of_one_action_in_a_burst_are_one_entry(world):
    tasks = [make_task(world.project, f"Step {n}", estimate=1) for n in range(4)]
    for before, after in zip(tasks, tasks[1:], strict=False):
        make_link(before, after)
    grouped = next(e for e in _entries(world) if e.kind == "dependency")
    assert grouped.count == 3
    assert grouped.headline.endswith("added 3 dependencies")


def test_a_reschedule_lists_each_moved_task_with_its_dates(world):
    design = make_task(world.project, "Design", estimate=3)
    build = make_task(world.project, "Build", estimate=5)
    make_link(design, build)
    planning_actions.do_update_task(
        design,
        acting_user=world.manager,
        version=Task.objects.get(pk=design.pk).version,
        changes={"estimate": 6},
    )
    moved = next(e for e in _entries(world) if e.verb == "rescheduled")
    assert moved.kind == "plan"
    assert any(line.startswith("2 Build: start ") and "→" in line for line in moved.changes), (
        moved.changes
    )


def test_the_page_shows_times_in_the_viewers_zone_and_says_which(world, client):
    world.manager.time_zone = "Europe/Berlin"
    world.manager.save()
    make_task(world.project, "Design", estimate=3)
    client.force_login(world.manager)
    page = client.get(f"/projects/{world.project.pk}/history/").content.decode()
    assert "times in Europe/Berlin" in page
    assert "UTC" not in page
    assert "added task" in page
