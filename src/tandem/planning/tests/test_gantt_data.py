"""The Gantt's data: dates, floats, drivers, warnings and what each role sees.

The world's project starts Monday 2026-01-05 on a Monday-Friday calendar (UTC). A (3 days) runs
Jan 5-7, B (2 days) follows it Jan 8-9, the milestone M closes B on Jan 9; C (1 day) floats
alone on Jan 5 with four working days of float.
"""

import datetime as dt

import pytest

from tandem.core.errors import NotFound
from tandem.planning.actions import do_save_baseline
from tandem.planning.gantt import gantt_data
from tandem.testing.factories_planning import make_link, make_task

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 1, 6)


def _plan(world):
    a = make_task(world.project, "A", estimate=3, assignee_ids=[world.member.pk])
    b = make_task(world.project, "B", estimate=2, deadline=dt.date(2026, 1, 8))
    m = make_task(world.project, "M", is_milestone=True)
    c = make_task(world.project, "C", estimate=1)
    make_link(a, b)
    make_link(b, m)
    return a, b, m, c


def _rows(data):
    return [dict(zip(data["task_fields"], row, strict=True)) for row in data["tasks"]]


def _by_name(data):
    return {t["name"]: t for t in _rows(data)}


def test_bars_floats_and_critical_links_for_the_manager(world):
    a, b, m, c = _plan(world)

    data = gantt_data(world.manager, world.project, today=TODAY)

    tasks = _by_name(data)
    assert data["mode"] == "full"
    assert data["can_edit"] is True
    assert (tasks["A"]["start"], tasks["A"]["finish"]) == ("2026-01-05", "2026-01-07")
    assert (tasks["B"]["start"], tasks["B"]["finish"]) == ("2026-01-08", "2026-01-09")
    assert (tasks["M"]["start"], tasks["M"]["finish"]) == ("2026-01-09", "2026-01-09")
    assert tasks["C"]["total_float_days"] == 4.0
    assert [t["critical"] for t in (tasks["A"], tasks["B"], tasks["M"], tasks["C"])] == [
        True,
        True,
        True,
        False,
    ]
    assert tasks["A"]["resources"] == [str(world.member)]
    assert [(link["pred"], link["succ"], link["critical"]) for link in data["links"]] == [
        (a.pk, b.pk, True),
        (b.pk, m.pk, True),
    ]
    assert data["project"]["finish"] == "2026-01-09"
    assert data["axis"] == {"first": "2025-12-29", "last": "2026-01-30"}
    assert data["nonworking"]["weekdays"] == [6, 7]


def test_drivers_and_warnings_name_tasks_not_ids(world):
    a, b, _m, c = _plan(world)

    tasks = _by_name(gantt_data(world.manager, world.project, today=TODAY))

    assert tasks["B"]["drivers"] == [f"Predecessor {a.wbs_code} A"]
    assert tasks["C"]["drivers"] == ["Project start 5 Jan 2026"]
    assert tasks["B"]["warnings"] == [
        f"{b.wbs_code} B finishes 2026-01-09, after its deadline 2026-01-08; driven by its "
        f"predecessor {a.wbs_code} A (finish to start)",
        f"{b.wbs_code} B has negative float (-1 working days): the deadline 2026-01-08 comes "
        f"before its predecessor {a.wbs_code} A (finish to start) allows",
    ]
    assert tasks["A"]["warnings"] == [
        f"{a.wbs_code} A has negative float (-1 working days): the deadline 2026-01-08 of "
        f"{b.wbs_code} B comes before the project start allows"
    ]
    assert tasks["C"]["warnings"] == []


def test_member_sees_everything_but_edits_only_progress_of_own_tasks(world):
    _plan(world)

    data = gantt_data(world.member, world.project, today=TODAY)

    tasks = _by_name(data)
    assert data["can_edit"] is False
    assert {n for n, t in tasks.items() if t["progress_editable"]} == {"A"}
    assert not any(t["editable"] for t in tasks.values())


def test_stakeholder_gets_the_milestone_timeline_only(world):
    _plan(world)

    data = gantt_data(world.stakeholder, world.project, today=TODAY)

    assert data["mode"] == "milestones"
    (milestone,) = _rows(data)
    assert milestone["name"] == "M"
    assert data["links"] == []
    assert data["baselines"] == []
    assert data["warnings"] == []
    assert (milestone["resources"], milestone["drivers"], milestone["warnings"]) == ([], [], [])
    assert milestone["editable"] is False


def test_baseline_bars_come_from_the_chosen_baseline(world):
    a, *_ = _plan(world)
    first = do_save_baseline(world.project, acting_user=world.manager, name="v1")

    data = gantt_data(world.manager, world.project, baseline_id=first.pk, today=TODAY)

    tasks = _by_name(data)
    assert data["baseline"] == {"id": first.pk, "name": "v1"}
    assert (tasks["A"]["baseline_start"], tasks["A"]["baseline_finish"]) == (
        "2026-01-05",
        "2026-01-07",
    )


def test_unknown_baseline_is_not_found(world):
    _plan(world)

    with pytest.raises(NotFound):
        gantt_data(world.manager, world.project, baseline_id=999999, today=TODAY)


def test_non_working_days_follow_the_calendar_exceptions(world):
    """A project calendar with a holiday on Wednesday Jan 7 and a working Saturday Jan 10."""
    from tandem.planning.actions import do_update_plan_settings
    from tandem.resources.calendar_actions import do_add_calendar_exception, do_copy_calendar

    _plan(world)
    own = do_copy_calendar(None, acting_user=world.manager, name="Own", project=world.project)
    do_add_calendar_exception(own, acting_user=world.manager, start=dt.date(2026, 1, 7))
    do_add_calendar_exception(
        own,
        acting_user=world.manager,
        start=dt.date(2026, 1, 10),
        working_times=[["09:00", "17:00"]],
    )
    do_update_plan_settings(
        world.project, acting_user=world.manager, version=1, changes={"calendar": own}
    )

    data = gantt_data(world.manager, world.project, today=TODAY)

    assert data["nonworking"] == {
        "weekdays": [6, 7],
        "holidays": ["2026-01-07"],
        "working": ["2026-01-10"],
    }
    assert _by_name(data)["A"]["finish"] == "2026-01-08"


def test_an_empty_plan_draws_an_empty_chart(world):
    data = gantt_data(world.manager, world.project, today=TODAY)

    assert (data["tasks"], data["links"], data["warnings"]) == ([], [], [])
    assert data["project"]["start"] == "2026-01-05"
    assert data["axis"]["first"] == "2025-12-29"
