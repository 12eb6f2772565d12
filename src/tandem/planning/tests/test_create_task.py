import datetime as dt

import pytest

from tandem.core.errors import Forbidden, ValidationFailed
from tandem.core.models import AuditEvent
from tandem.planning.actions import do_create_task
from tandem.planning.models import Assignment, Task
from tandem.testing.factories_planning import make_task


def test_create_task_numbers_wbs_and_writes_audit(world):
    # given
    phase = make_task(world.project, "Phase")
    # when
    task = do_create_task(
        world.project,
        acting_user=world.coordinator,
        name="Write spec",
        parent=phase,
        assignee_ids=[world.member.pk],
        due_date=dt.date(2026, 2, 1),
        estimate=3,
    )
    # then
    assert (phase.wbs_code, task.wbs_code) == ("1", "1.1")
    assert task.deadline == dt.date(2026, 2, 1)
    assert Assignment.objects.get(task=task).person == world.member
    event = AuditEvent.objects.get(action="task.created", object_id=str(task.pk))
    assert event.actor == world.coordinator
    assert event.changes["name"] == [None, "Write spec"]
    assert event.changes["parent"] == [None, phase.pk]
    assert AuditEvent.objects.filter(action="assignment.created").count() == 1


def test_create_task_inserts_at_position_and_renumbers(world):
    first = make_task(world.project, "A")
    second = make_task(world.project, "B")
    inserted = make_task(world.project, "Z", position=1)
    codes = dict(Task.objects.values_list("name", "wbs_code"))
    assert codes == {"Z": "1", "A": "2", "B": "3"}
    assert inserted.wbs_code == "1"
    assert {first.pk, second.pk} == set(
        Task.objects.exclude(pk=inserted.pk).values_list("pk", flat=True)
    )


def test_member_cannot_create_task(world):
    with pytest.raises(Forbidden):
        do_create_task(world.project, acting_user=world.member, name="Nope")
    assert Task.objects.count() == 0


def test_create_task_refuses_finish_before_start(world):
    with pytest.raises(ValidationFailed, match="finish cannot be before"):
        do_create_task(
            world.project,
            acting_user=world.manager,
            name="Bad",
            start_date=dt.date(2026, 3, 2),
            finish_date=dt.date(2026, 3, 1),
        )
    assert Task.objects.count() == 0
    assert not AuditEvent.objects.filter(action="task.created").exists()


def test_create_task_refuses_stakeholder_assignee(world):
    with pytest.raises(ValidationFailed, match=str(world.stakeholder.pk)):
        do_create_task(
            world.project, acting_user=world.manager, name="X", assignee_ids=[world.stakeholder.pk]
        )
    assert Task.objects.count() == 0


def test_create_task_refuses_percent_out_of_range(world):
    with pytest.raises(ValidationFailed, match="percent_complete"):
        do_create_task(world.project, acting_user=world.manager, name="X", percent_complete=101)
    assert Task.objects.count() == 0


def test_create_task_refuses_incomplete_three_point_estimate(world):
    with pytest.raises(ValidationFailed, match="three-point"):
        do_create_task(
            world.project,
            acting_user=world.manager,
            name="X",
            estimate_mode="three_point",
            optimistic=1,
        )
