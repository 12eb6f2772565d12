import datetime as dt
from decimal import Decimal

import pytest

from tandem.core.errors import ValidationFailed
from tandem.core.models import AuditEvent
from tandem.planning.models import Dependency, PlanSettings, Task
from tandem.planning.scheduling import compute_schedule, engine_project
from tandem.testing.factories import ROLES
from tandem.testing.factories_planning import make_link, make_task

D = dt.date


@pytest.fixture
def manual_mode(world):
    """The project scheduled manually: dates change only when applied."""
    PlanSettings.objects.create(project=world.project, auto_schedule=False)


@pytest.fixture
def diamond(world):
    a = make_task(world.project, "A", estimate=2)
    b = make_task(world.project, "B", estimate=3)
    c = make_task(world.project, "C", estimate=1)
    m = make_task(world.project, "M", is_milestone=True)
    make_link(a, b)
    make_link(a, c)
    make_link(b, m)
    make_link(c, m)
    return a, b, c, m


def test_adapter_converts_durations_lags_and_calendar(world):
    a = make_task(world.project, "A", estimate=2)
    b = make_task(world.project, "B", estimate=4, duration_unit="hours")
    make_link(a, b, type="SS", lag=-1)
    project, conv = engine_project(world.project)
    by_id = {t.id: t for t in project.tasks}
    assert by_id[str(a.pk)].duration.minutes == 960
    assert by_id[str(b.pk)].duration.minutes == 240
    assert project.links[0].lag.minutes == -480
    assert project.links[0].type == "SS"
    assert project.calendars[0].week[0] == ((540, 1020),)
    assert project.calendars[0].week[5] == ()
    assert (conv.day_start, conv.day_end) == (540, 1020)


def test_schedule_of_a_diamond(world, diamond):
    a, b, c, m = diamond
    schedule = compute_schedule(world.project)
    rows = {r.task.name: r for r in schedule.rows}
    # 2026-01-05 is a Monday: A Mon-Tue, B Wed-Fri, C Wed with 2 days of float, M Friday.
    assert (rows["A"].start, rows["A"].finish) == (D(2026, 1, 5), D(2026, 1, 6))
    assert (rows["B"].start, rows["B"].finish) == (D(2026, 1, 7), D(2026, 1, 9))
    assert (rows["C"].early_start, rows["C"].late_finish) == (D(2026, 1, 7), D(2026, 1, 9))
    assert rows["C"].total_float_days == Decimal("2.00")
    assert rows["C"].critical is False
    assert [t.name for t in schedule.critical_path] == ["A", "B", "M"]
    assert schedule.project_finish == D(2026, 1, 9)


def test_apply_writes_dates_with_one_audit_row_listing_the_changed_tasks(
    world, manual_mode, diamond
):
    a, b, c, m = diamond
    Task.objects.filter(pk=a.pk).update(start_date=D(2026, 1, 5), finish_date=D(2026, 1, 6))
    from tandem.planning.actions import do_apply_schedule

    _, changed = do_apply_schedule(world.project, acting_user=world.coordinator)
    assert changed == 3
    b.refresh_from_db()
    assert (b.start_date, b.finish_date, b.version) == (D(2026, 1, 7), D(2026, 1, 9), 2)
    a.refresh_from_db()
    assert a.version == 1
    event = AuditEvent.objects.get(action="plan.schedule_applied")
    assert (event.actor, event.object_id) == (world.coordinator, str(world.project.pk))
    assert event.changes == {
        f"2 B #{b.pk}": [[None, None], ["2026-01-07", "2026-01-09"]],
        f"3 C #{c.pk}": [[None, None], ["2026-01-07", "2026-01-07"]],
        f"4 M #{m.pk}": [[None, None], ["2026-01-09", "2026-01-09"]],
    }
    _, again = do_apply_schedule(world.project, acting_user=world.coordinator)
    assert again == 0
    assert AuditEvent.objects.filter(action="plan.schedule_applied").count() == 1


def test_holiday_moves_work(world):
    from tandem.planning.models import PlanSettings
    from tandem.resources.actions import do_create_calendar

    cal = do_create_calendar(
        acting_user=world.admin,
        name="FR",
        working_hours={str(d): [["08:00", "12:00"], ["13:00", "17:00"]] for d in range(1, 6)},
        holidays=[D(2026, 1, 6)],
    )
    PlanSettings.objects.create(project=world.project, calendar=cal)
    make_task(world.project, "A", estimate=2)
    row = compute_schedule(world.project).rows[0]
    assert (row.start, row.finish) == (D(2026, 1, 5), D(2026, 1, 7))


SCHEDULE_EXPECT = {
    "anonymous": 401,
    "stranger": 404,
    "outsider": 404,
    "stakeholder": 403,
    "member": 200,
    "coordinator": 200,
    "manager": 200,
}


@pytest.mark.parametrize("role", ROLES)
def test_schedule_endpoint_per_role(world, api_client, diamond, role):
    response = api_client.as_user(world.user(role)).get(
        f"/api/projects/{world.project.pk}/schedule"
    )
    assert response.status_code == SCHEDULE_EXPECT[role]
    if response.status_code == 200:
        body = response.json()
        assert body["project_finish"] == "2026-01-09"
        assert body["critical_path"] == [diamond[0].pk, diamond[1].pk, diamond[3].pk]


@pytest.mark.parametrize("role", ROLES)
def test_apply_endpoint_per_role(world, api_client, manual_mode, diamond, role):
    expect = {**SCHEDULE_EXPECT, "member": 403}
    response = api_client.as_user(world.user(role)).post(
        f"/api/projects/{world.project.pk}/schedule/apply"
    )
    assert response.status_code == expect[role]
    changed = Task.objects.filter(start_date__isnull=False).count()
    assert changed == (4 if expect[role] == 200 else 0)


def test_three_point_estimate_uses_pert_mean(world):
    # (1 + 4 * 2 + 9) / 6 = 3 working days: Monday to Wednesday.
    make_task(
        world.project,
        "Risky",
        estimate_mode="three_point",
        optimistic=1,
        most_likely=2,
        pessimistic=9,
    )
    row = compute_schedule(world.project).rows[0]
    assert (row.start, row.finish) == (D(2026, 1, 5), D(2026, 1, 7))


def test_constraint_and_negative_lag(world):
    a = make_task(world.project, "A", estimate=3)
    b = make_task(world.project, "B", estimate=1)
    c = make_task(
        world.project, "C", estimate=1, constraint_type="SNET", constraint_date=D(2026, 1, 14)
    )
    make_link(a, b, lag=-1)  # B starts one working day before A finishes
    rows = {r.task.name: r for r in compute_schedule(world.project).rows}
    assert (rows["A"].finish, rows["B"].start) == (D(2026, 1, 7), D(2026, 1, 7))
    assert rows["C"].start == D(2026, 1, 14)
    assert c.pk


def test_engine_cycle_is_reported_with_task_names(world):
    # Links written around the actions (e.g. by an import) can still hold a cycle.
    a = make_task(world.project, "A", estimate=1)
    b = make_task(world.project, "B", estimate=1)
    make_link(a, b)
    Dependency.objects.create(project=world.project, predecessor=b, successor=a)
    with pytest.raises(
        ValidationFailed, match=r"dependency cycle (1 A -> 2 B -> 1 A|2 B -> 1 A -> 2 B)"
    ):
        compute_schedule(world.project)
