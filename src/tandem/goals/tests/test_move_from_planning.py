"""Goals and key results moved from ``planning`` to ``goals`` with their rows: a database
migrated up to the last migration before the move, holding a goal, a key result and their
linked tasks, still holds every one of them once migrated forward."""

from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tandem.goals.models import Goal, KeyResult
from tandem.testing.factories_planning import make_task

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_THE_MOVE = [("planning", "0005_lag_units"), ("goals", None)]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def test_goals_written_before_the_move_keep_their_rows_and_links(world):
    # given a database as it was before the move, with a goal and a key result linked to tasks
    build = make_task(world.project, "Build", estimate=2)
    ship = make_task(world.project, "Ship", is_milestone=True)
    executor = _migrate(BEFORE_THE_MOVE)
    old = executor.loader.project_state([("planning", "0005_lag_units")]).apps
    assert not old.is_installed("tandem.goals")
    old_goal = old.get_model("planning", "Goal").objects.create(
        project_id=world.project.pk, name="Launch", owner_id=world.member.pk
    )
    old_goal.tasks.set([ship.pk])
    old_kr = old.get_model("planning", "KeyResult").objects.create(
        goal=old_goal, name="Pilots", metric="depots", baseline=1, target=5, current=3
    )
    old_kr.tasks.set([build.pk, ship.pk])
    old_type = old.get_model("contenttypes", "ContentType").objects.get(
        app_label="planning", model="goal"
    )
    # when it is migrated forward
    _migrate(_latest())
    ContentType.objects.clear_cache()
    # then the same rows are the goals app's, links and constraint included
    goal = Goal.objects.get()
    assert (goal.pk, goal.name, goal.owner_id, goal.project_id, goal.version) == (
        old_goal.pk, "Launch", world.member.pk, world.project.pk, 1,
    )  # fmt: skip
    assert list(goal.tasks.values_list("pk", flat=True)) == [ship.pk]
    kr = KeyResult.objects.get()
    assert (kr.pk, kr.goal_id, kr.baseline, kr.target, kr.current) == (
        old_kr.pk, goal.pk, Decimal(1), Decimal(5), Decimal(3),
    )  # fmt: skip
    assert sorted(kr.tasks.values_list("pk", flat=True)) == sorted([build.pk, ship.pk])
    assert (Goal.tasks.through._meta.db_table, KeyResult.tasks.through._meta.db_table) == (
        "planning_goal_tasks", "planning_keyresult_tasks",
    )  # fmt: skip
    assert ContentType.objects.get_for_model(Goal).pk == old_type.pk
    assert not ContentType.objects.filter(app_label="planning", model="goal").exists()


def test_the_move_runs_no_sql():
    """Neither migration touches a table, an index or a constraint, on any database."""
    executor = MigrationExecutor(connection)
    for app, name in [("goals", "0001_initial"), ("planning", "0006_move_goals_to_goals_app")]:
        migration = executor.loader.get_migration(app, name)
        state = executor.loader.project_state((app, name), at_end=False)
        with connection.schema_editor(collect_sql=True, atomic=False) as editor:
            migration.apply(state, editor, collect_sql=True)
        statements = [s for s in editor.collected_sql if not s.startswith("--")]
        assert statements == [], (app, name)
