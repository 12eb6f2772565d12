"""Baselines: saving several, comparing a later schedule against them."""

from __future__ import annotations

from tandem.engine.scheduling import compare_to_baseline, save_baseline, schedule_project

from .helpers import DAY, at, fs, project, task


def test_save_and_compare_baselines_in_working_minutes() -> None:
    first = project([task("A"), task("B", 2 * DAY), task("C")], [fs("A", "B")])
    baseline0 = save_baseline(schedule_project(first))
    assert baseline0.name == "Baseline"
    assert baseline0.tasks["B"].start == at(9)
    assert baseline0.tasks["B"].duration_minutes == 2 * DAY

    second = project([task("A", 2 * DAY), task("B", 3 * DAY), task("D")], [fs("A", "B")])
    schedule = schedule_project(second)
    baseline1 = save_baseline(schedule, number=1)
    assert baseline1.name == "Baseline1"

    comparison = compare_to_baseline(schedule, baseline0, second)
    b = comparison.tasks["B"]
    assert b.start_variance_minutes == DAY  # Tuesday -> Wednesday
    assert b.finish_variance_minutes == 2 * DAY  # Wednesday 17:00 -> Friday 17:00, working time
    assert b.duration_variance_minutes == DAY
    assert comparison.project_finish_variance_minutes == 2 * DAY
    assert comparison.project_start_variance_minutes == 0
    assert comparison.added_task_ids == ("D",)
    assert comparison.removed_task_ids == ("C",)
    assert compare_to_baseline(schedule, baseline1).tasks["B"].finish_variance_minutes == 0


def test_variance_without_project_is_wall_clock() -> None:
    first = schedule_project(project([task("A", 5 * DAY)]))
    later = schedule_project(project([task("A", 6 * DAY)]))
    variance = compare_to_baseline(later, save_baseline(first)).tasks["A"]
    assert variance.finish_variance_minutes == 3 * 24 * 60  # Friday 17:00 -> Monday 17:00
