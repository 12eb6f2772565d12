import datetime as dt

import pytest

from tandem.core.errors import Forbidden, PreconditionFailed, ValidationFailed
from tandem.core.models import AuditEvent
from tandem.planning.actions import do_assign, do_update_task
from tandem.planning.models import Task
from tandem.testing.factories_planning import make_task


def test_lead_updates_fields_with_one_audit_row(world):
    task = make_task(world.project, "T", estimate=2)
    task = do_update_task(
        task,
        acting_user=world.coordinator,
        version=1,
        changes={"estimate": 5, "constraint_type": "SNET", "constraint_date": dt.date(2026, 2, 2)},
    )
    assert (str(task.estimate), task.constraint_type, task.version) == ("5.00", "SNET", 2)
    event = AuditEvent.objects.get(action="task.updated")
    assert event.changes == {
        "estimate": ["2.00", "5.00"],
        "constraint_type": ["ASAP", "SNET"],
        "constraint_date": [None, "2026-02-02"],
    }


def test_member_may_not_change_planning_fields_even_when_assigned(world):
    task = make_task(world.project, "T")
    do_assign(task, acting_user=world.manager, person=world.member)
    with pytest.raises(Forbidden, match="only progress"):
        do_update_task(task, acting_user=world.member, version=1, changes={"name": "Mine"})
    task.refresh_from_db()
    assert (task.name, task.version) == ("T", 1)


def test_member_with_resource_assignment_updates_progress(world):
    from tandem.testing.factories_resources import make_resource

    person = make_resource(world.admin, "Member as resource", kind="person", user=world.member)
    task = make_task(world.project, "T")
    do_assign(task, acting_user=world.manager, resource=person)
    task = do_update_task(
        task,
        acting_user=world.member,
        version=1,
        changes={"actual_start": dt.date(2026, 1, 6), "percent_complete": 10},
    )
    assert (task.actual_start, task.percent_complete) == (dt.date(2026, 1, 6), 10)


def test_actual_finish_before_actual_start_refused(world):
    task = make_task(world.project, "T")
    with pytest.raises(ValidationFailed, match="actual finish cannot be before"):
        do_update_task(
            task,
            acting_user=world.manager,
            version=1,
            changes={"actual_start": dt.date(2026, 1, 8), "actual_finish": dt.date(2026, 1, 7)},
        )
    task.refresh_from_db()
    assert task.version == 1


def test_stale_version_refused_before_any_change(world):
    task = make_task(world.project, "T")
    with pytest.raises(PreconditionFailed):
        do_update_task(task, acting_user=world.manager, version=7, changes={"name": "X"})
    assert Task.objects.get().name == "T"
    assert not AuditEvent.objects.filter(action="task.updated").exists()


def test_reorder_within_parent(world):
    a = make_task(world.project, "A")
    make_task(world.project, "B")
    make_task(world.project, "C")
    do_update_task(a, acting_user=world.manager, version=1, changes={"position": 3})
    assert list(Task.objects.order_by("wbs_sort").values_list("name", "wbs_code")) == [
        ("B", "1"),
        ("C", "2"),
        ("A", "3"),
    ]


def test_move_subtree_renumbers_descendants(world):
    a = make_task(world.project, "A")
    b = make_task(world.project, "B")
    b1 = make_task(world.project, "B1", parent=b)
    make_task(world.project, "B1a", parent=b1)
    do_update_task(b, acting_user=world.manager, version=1, changes={"parent": a})
    assert dict(Task.objects.values_list("name", "wbs_code")) == {
        "A": "1",
        "B": "1.1",
        "B1": "1.1.1",
        "B1a": "1.1.1.1",
    }


def test_ten_siblings_sort_numerically(world):
    for i in range(1, 12):
        make_task(world.project, f"T{i}")
    codes = list(Task.objects.order_by("wbs_sort").values_list("wbs_code", flat=True))
    assert codes == [str(i) for i in range(1, 12)]


def test_move_that_closes_a_cycle_through_summaries_is_refused(world):
    from tandem.testing.factories_planning import make_link

    phase = make_task(world.project, "Phase")
    make_task(world.project, "Design", parent=phase)
    test = make_task(world.project, "Test")
    build = make_task(world.project, "Build")
    make_link(phase, test)
    make_link(test, build)
    # Build under Phase: Phase -> Test -> Build, and Phase's link now reaches Build too.
    with pytest.raises(ValidationFailed, match="move would create a dependency cycle"):
        do_update_task(build, acting_user=world.manager, version=1, changes={"parent": phase})
    build.refresh_from_db()
    assert (build.parent_id, build.wbs_code, build.version) == (None, "3", 1)


def test_move_under_a_linked_task_is_refused(world):
    from tandem.testing.factories_planning import make_link

    a = make_task(world.project, "A")
    b = make_task(world.project, "B")
    make_link(a, b)
    with pytest.raises(ValidationFailed, match="one cannot contain the other"):
        do_update_task(b, acting_user=world.manager, version=1, changes={"parent": a})
    assert dict(Task.objects.values_list("name", "wbs_code")) == {"A": "1", "B": "2"}
