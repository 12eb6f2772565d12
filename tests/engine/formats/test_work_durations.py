"""Durations from assignment work against the durations MS Project stored."""

from dataclasses import replace

import pytest

from tandem.engine.formats import load_mspdi
from tandem.engine.scheduling import schedule_project
from tandem.engine.scheduling.network import work_durations

pytestmark = pytest.mark.benchdata


def test_assignment_files_durations_follow_from_work_and_units(benchdata):
    # The assignment-* projects (2002-2019) give fixed-units tasks work at 25-100% units:
    # their stored Duration is each task's longest assignment's work / units.
    files = sorted((benchdata / "mspdi/generated").glob("assignment-*/*.xml"))
    compared = 0
    for path in files:
        project = load_mspdi(path).project
        tasks = tuple(replace(t, duration_from_work=True) for t in project.tasks)
        derived = work_durations(replace(project, tasks=tasks))
        for task in project.tasks:
            if task.id in derived:
                assert derived[task.id] == task.duration.minutes, (path.name, task.id)
                compared += 1
    assert len(files) == 20
    assert compared == 351


def test_scheduling_uses_the_work_duration_and_keeps_the_stored_dates(benchdata):
    path = benchdata / "mspdi/generated/assignment-flags/assignment-flags-project2016-mspdi.xml"
    imported = load_mspdi(path)
    project = imported.project
    worked = replace(
        project,
        tasks=tuple(
            replace(t, duration_from_work=True, duration=replace(t.duration, minutes=1))
            for t in project.tasks
        ),
    )
    schedule = schedule_project(worked)
    for task_id, stored in imported.stored.items():
        assert schedule.tasks[task_id].finish == stored.finish, task_id
