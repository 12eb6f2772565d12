import pytest

from tandem.core.errors import Forbidden, ValidationFailed
from tandem.core.models import AuditEvent
from tandem.planning.actions import do_add_dependency
from tandem.planning.graph import find_path, format_cycle
from tandem.planning.models import Dependency
from tandem.testing.factories import make_project
from tandem.testing.factories_planning import make_link, make_task


def test_add_dependency_writes_one_audit_row(world):
    a = make_task(world.project, "A")
    b = make_task(world.project, "B")
    dep = do_add_dependency(
        acting_user=world.coordinator, predecessor=a, successor=b, type="FF", lag=-2
    )
    assert (dep.type, str(dep.lag), dep.lag_unit) == ("FF", "-2", "days")
    event = AuditEvent.objects.get(action="dependency.created")
    assert event.changes["predecessor"] == [None, a.pk]
    assert event.changes["successor"] == [None, b.pk]
    assert event.changes["type"] == [None, "FF"]


def test_cycle_message_names_each_task_with_wbs_code(world):
    phase = make_task(world.project, "Phase")
    a = make_task(world.project, "Design", parent=phase)
    b = make_task(world.project, "Build", parent=phase)
    c = make_task(world.project, "Test")
    make_link(a, b)
    make_link(b, c)
    with pytest.raises(ValidationFailed) as caught:
        do_add_dependency(acting_user=world.manager, predecessor=c, successor=a)
    assert caught.value.message == (
        "This dependency would create a cycle: 2 Test -> 1.1 Design -> 1.2 Build -> 2 Test"
    )
    assert Dependency.objects.count() == 2
    assert AuditEvent.objects.filter(action="dependency.created").count() == 2


def test_two_task_cycle(world):
    a = make_task(world.project, "A")
    b = make_task(world.project, "B")
    make_link(a, b, type="SS")
    with pytest.raises(ValidationFailed, match=r"cycle: 2 B -> 1 A -> 2 B$"):
        do_add_dependency(acting_user=world.manager, predecessor=b, successor=a)


def test_self_link_refused(world):
    a = make_task(world.project, "A")
    with pytest.raises(ValidationFailed, match="cannot depend on itself"):
        do_add_dependency(acting_user=world.manager, predecessor=a, successor=a)


def test_cross_project_link_refused(world):
    other = make_project(world.admin, manager=world.manager)
    a = make_task(world.project, "A")
    foreign = make_task(other, "Foreign")
    with pytest.raises(ValidationFailed, match="only on tasks of its own project"):
        do_add_dependency(acting_user=world.manager, predecessor=foreign, successor=a)
    assert not Dependency.objects.exists()


def test_duplicate_link_refused(world):
    a = make_task(world.project, "A")
    b = make_task(world.project, "B")
    make_link(a, b)
    with pytest.raises(ValidationFailed, match="already depends"):
        do_add_dependency(acting_user=world.manager, predecessor=a, successor=b, type="SS")
    assert Dependency.objects.count() == 1


def test_link_between_summary_and_own_subtask_refused(world):
    phase = make_task(world.project, "Phase")
    child = make_task(world.project, "Child", parent=phase)
    with pytest.raises(ValidationFailed, match="summary and its own subtask"):
        do_add_dependency(acting_user=world.manager, predecessor=phase, successor=child)


def test_member_cannot_link(world):
    a = make_task(world.project, "A")
    b = make_task(world.project, "B")
    with pytest.raises(Forbidden):
        do_add_dependency(acting_user=world.member, predecessor=a, successor=b)
    assert not Dependency.objects.exists()


def test_find_path_is_shortest_and_none_when_unreachable():
    edges = [(1, 2), (2, 3), (3, 4), (1, 4)]
    assert find_path(edges, start=1, goal=4) == [1, 4]
    assert find_path(edges, start=2, goal=4) == [2, 3, 4]
    assert find_path(edges, start=4, goal=1) is None
    assert format_cycle([1, 2], {1: "1 A", 2: "2 B"}) == "1 A -> 2 B -> 1 A"


def test_cycle_through_a_summary_is_refused(world):
    # Build (in Phase) -> Test, then Test -> Phase would make Test precede Build.
    phase = make_task(world.project, "Phase")
    make_task(world.project, "Design", parent=phase)
    build = make_task(world.project, "Build", parent=phase)
    test = make_task(world.project, "Test")
    make_link(build, test)
    with pytest.raises(ValidationFailed) as caught:
        do_add_dependency(acting_user=world.manager, predecessor=test, successor=phase)
    assert caught.value.message == (
        "This dependency would create a cycle: 1.2 Build -> 2 Test -> 1.2 Build"
    )
    assert Dependency.objects.count() == 1


def test_find_cycle_and_leaf_edges():
    from tandem.planning.graph import find_cycle, leaf_edges

    assert find_cycle([(1, 2), (2, 3)]) is None
    assert find_cycle([(1, 2), (2, 3), (3, 2)]) == [2, 3]
    parents = {1: None, 2: 1, 3: 1, 4: None}
    assert leaf_edges([(4, 1), (2, 4)], parents) == [(4, 2), (4, 3), (2, 4)]
