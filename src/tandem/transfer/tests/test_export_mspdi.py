"""Exporting a plan as MS Project XML: MS Project's element order, the app's dates read back
and rescheduled, everything the plan holds carried, rates only for those who see them."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pytest
from django.utils import timezone

from tandem.engine.formats import load_mspdi
from tandem.engine.formats.xmltree import parse_xml
from tandem.engine.scheduling import schedule_project
from tandem.planning.models import Assignment, Dependency, PlanSettings, Task
from tandem.planning.scheduling import compute_schedule, task_dates
from tandem.transfer.export_model import scheduled_plan
from tandem.transfer.exporting import ExportFormat, export_project
from tandem.transfer.tests.export_demo import RATE, demo, demo_user

pytestmark = pytest.mark.django_db

__all__ = ["demo"]


def _export(project, username="maria", fmt=ExportFormat.MSPDI):
    return export_project(demo_user(username), project.pk, fmt, now=timezone.now())


def _orders(root):
    """(parent, earlier tag, later tag) for every pair of distinct sibling tags, and
    (parent, tag, tag) for every tag."""
    pairs = set()
    stack = [(root, "Project")]
    while stack:
        element, path = stack.pop()
        seen = []
        for child in element:
            if child.tag not in seen:
                seen.append(child.tag)
                pairs.add((path, child.tag, child.tag))
            stack.append((child, f"{path.split('/')[-1]}/{child.tag}"))
        pairs.update((path, a, b) for a, b in combinations(seen, 2))
    return pairs


@pytest.mark.benchdata
def test_elements_follow_ms_projects_own_order(demo, benchdata: Path):
    # given the order of elements in every file MS Project saved
    reference = set()
    for path in sorted((benchdata / "mspdi").rglob("*.xml")):
        reference |= _orders(parse_xml(path.read_bytes(), str(path)))

    # when the demo plan is exported
    exported = _export(demo)
    written = _orders(parse_xml(exported.content, "export"))

    # then no two elements come in the opposite order, and every element is one MS Project
    # writes (no reference file has a status date or a deadline: the schema places them, after
    # AutoAddNewResourcesAndTasks and after ConstraintDate)
    reversed_pairs = sorted(
        (path, a, b)
        for path, a, b in written
        if (path, b, a) in reference and (path, a, b) not in reference
    )
    assert reversed_pairs == []
    unknown = sorted(
        (path, a) for path, a, b in written if a == b and (path, a, a) not in reference
    )
    assert unknown == [("Project", "StatusDate"), ("Tasks/Task", "Deadline")]
    tags = {a for _, a, b in written if a == b}
    assert {"Notes", "Exceptions", "PredecessorLink", "Baseline", "Assignment"} <= tags
    assert exported.content_type == "application/xml"
    assert exported.filename == "ROUTE-plan.xml"


SCHEDULED = (
    "start", "finish", "early_start", "early_finish", "late_start", "late_finish",
    "total_float_minutes", "free_float_minutes", "critical",
)  # fmt: skip


def test_read_back_and_rescheduled_the_dates_are_the_apps(demo):
    # given the app's schedule of the plan
    app = scheduled_plan(demo)
    rows = {str(row.task.pk): row for row in compute_schedule(demo).rows}

    # when the export is read by the engine's reader and scheduled again
    imported = load_mspdi(_export(demo).content, timezone=demo.time_zone)
    schedule = schedule_project(imported.project)

    # then every task has the app's dates, floats and critical flag, to the minute
    assert set(schedule.tasks) == set(app.schedule.tasks) == set(rows)
    assert len(rows) > 50
    differences = [
        (task_id, name, getattr(ours, name), getattr(schedule.tasks[task_id], name))
        for task_id, ours in app.schedule.tasks.items()
        for name in SCHEDULED
        if getattr(ours, name) != getattr(schedule.tasks[task_id], name)
    ]
    assert differences == []
    # the working dates the pages show, and the dates the file itself stores
    conv = app.frame.conv
    for task_id, row in rows.items():
        assert task_dates(schedule.tasks[task_id], conv) == (row.start, row.finish)
        stored = imported.stored[task_id]
        ours = app.schedule.tasks[task_id]
        assert (stored.start, stored.finish, stored.critical) == (
            ours.start,
            ours.finish,
            ours.critical,
        )
        assert stored.total_float_minutes == ours.total_float_minutes
    assert any(row.critical for row in rows.values())
    assert any(row.total_float_days > 0 for row in rows.values())


def test_the_file_holds_links_progress_constraints_notes_and_baselines(demo):
    # when the plan is exported and read back
    project = load_mspdi(_export(demo).content, timezone=demo.time_zone).project

    # then links keep their type and lag, elapsed and percent lags included
    tasks = {t.id: t for t in project.tasks}
    links = {(k.predecessor_id, k.successor_id): k for k in project.links}
    assert len(links) == Dependency.objects.filter(project=demo).count()
    elapsed = Dependency.objects.get(project=demo, lag_unit="edays")
    lag = links[(str(elapsed.predecessor_id), str(elapsed.successor_id))].lag
    assert (lag.elapsed, lag.minutes) == (True, 3 * 1440)
    percent = Dependency.objects.get(project=demo, lag_unit="percent")
    assert links[(str(percent.predecessor_id), str(percent.successor_id))].lag.percent == 50.0
    # progress, constraints, deadlines, notes, outline
    for task in Task.objects.filter(project=demo):
        read = tasks[str(task.pk)]
        assert read.name == task.name
        assert read.wbs == task.wbs_code
        assert read.parent_id == (str(task.parent_id) if task.parent_id else None)
        assert read.milestone is task.is_milestone
        assert read.percent_complete == task.percent_complete
        assert (read.actual_start.date() if read.actual_start else None) == task.actual_start
        assert (read.actual_finish.date() if read.actual_finish else None) == task.actual_finish
        assert read.constraint.value == task.constraint_type
        assert (read.deadline.date() if read.deadline else None) == task.deadline
        assert read.notes == task.description
    assert any(t.notes for t in project.tasks)
    settings = PlanSettings.objects.get(project=demo)
    assert project.status_date is not None
    assert project.status_date.date() == settings.status_date
    # assignments with units, resources by name
    names = {r.id: r.name for r in project.resources}
    expected = sorted(
        (str(a.task_id), str(a.person or a.resource), float(a.units) / 100)
        for a in Assignment.objects.filter(task__project=demo).select_related("person", "resource")
        if not (a.resource and a.resource.user_id)
    )
    got = sorted((a.task_id, names[a.resource_id], a.units) for a in project.assignments)
    assert len(got) == Assignment.objects.filter(task__project=demo).count()
    assert set(expected) <= set(got)
    # two baselines: the one the plan compares against first
    assert [b.number for b in project.baselines] == [0, 1]
    assert len(project.baselines[0].tasks) == Task.objects.filter(project=demo).count()
    # the calendar with its repeating exception
    calendar = next(c for c in project.calendars if c.id == project.calendar_id)
    assert any(e.recurrence is not None for e in calendar.exceptions)
    assert any(e.recurrence is None and not e.working_times for e in calendar.exceptions)


def test_rates_only_for_those_who_see_them(demo):
    # when the manager (who sees rates) and a member (who does not) export the plan
    managers = load_mspdi(_export(demo, "maria").content, timezone=demo.time_zone).project
    members = load_mspdi(_export(demo, "dev.anna").content, timezone=demo.time_zone).project

    # then only the manager's file has the rates
    assert {r.standard_rate for r in managers.resources} == {float(RATE)}
    assert {r.standard_rate for r in members.resources} == {0.0}
    assert len(members.resources) == len(managers.resources) > 3
