"""Whatever sequence of inserts, moves and deletes, WBS codes stay consistent."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem.planning.actions import do_create_task, do_delete_task, do_update_task
from tandem.planning.models import Task
from tandem.planning.wbs import descendant_ids

OPS = st.lists(
    st.tuples(
        st.sampled_from(["insert", "move", "delete"]),
        st.integers(min_value=0, max_value=30),
        st.integers(min_value=0, max_value=30),
        st.integers(min_value=1, max_value=6),
    ),
    min_size=1,
    max_size=25,
)


def _pick(tasks, index):
    return tasks[index % len(tasks)] if tasks else None


def _apply(world, op):
    kind, a, b, position = op
    tasks = list(Task.objects.filter(project=world.project).order_by("id"))
    if kind == "insert" or not tasks:
        parent = _pick(tasks, a) if a % 3 else None
        do_create_task(
            world.project, acting_user=world.manager, name=f"T{a}", parent=parent,
            position=position,
        )  # fmt: skip
        return
    task = _pick(tasks, a)
    if kind == "delete":
        if not task.children.exists():
            do_delete_task(task, acting_user=world.manager, version=task.version)
        return
    target = _pick(tasks, b) if b % 4 else None
    if target is not None and (target.pk == task.pk or target.pk in descendant_ids(task)):
        return
    do_update_task(
        task,
        acting_user=world.manager,
        version=task.version,
        changes={"parent": target, "position": position},
    )


def _check_consistent(project):
    rows = list(Task.objects.filter(project=project).values("id", "parent_id", "position",
                                                            "wbs_code", "wbs_sort"))  # fmt: skip
    by_id = {r["id"]: r for r in rows}
    siblings: dict = {}
    for r in rows:
        siblings.setdefault(r["parent_id"], []).append(r["position"])
        prefix = by_id[r["parent_id"]]["wbs_code"] + "." if r["parent_id"] else ""
        assert r["wbs_code"] == f"{prefix}{r['position']}"
        parts = [int(x) for x in r["wbs_sort"].split(".")]
        assert ".".join(map(str, parts)) == r["wbs_code"]
    for positions in siblings.values():
        assert sorted(positions) == list(range(1, len(positions) + 1))
    codes = [r["wbs_code"] for r in rows]
    assert len(codes) == len(set(codes))


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=OPS)
def test_wbs_codes_stay_consistent(world, ops):
    Task.objects.filter(project=world.project).delete()
    for op in ops:
        _apply(world, op)
        _check_consistent(world.project)
