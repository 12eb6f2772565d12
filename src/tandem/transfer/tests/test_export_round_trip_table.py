"""The CSV and Excel exports read back by the table import: the same tasks, outline, links,
constraints, progress, resources and dates (a table has no calendar: the plan here is on MS
Project's standard week, which the import gives a table's plan)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tandem.planning.actions import do_assign, do_update_task
from tandem.planning.baseline_actions import do_update_plan_settings
from tandem.resources.calendar_actions import do_create_calendar
from tandem.testing.factories_planning import make_link, make_task
from tandem.transfer.exporting import ExportFormat, export_project
from tandem.transfer.importing import do_import_project
from tandem.transfer.tests import export_snapshot as snap

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(world):
    # MS Project's standard week, the one the table import gives a plan
    standard = do_create_calendar(
        acting_user=world.admin,
        name="Standard",
        working_hours={str(d): [["08:00", "12:00"], ["13:00", "17:00"]] for d in range(1, 6)},
    )
    do_update_plan_settings(
        world.project, acting_user=world.manager, version=1, changes={"calendar": standard}
    )
    phase = make_task(world.project, "Phase", estimate=1)
    design = make_task(world.project, "Design", estimate=3, parent=phase)
    build = make_task(world.project, "Build", estimate=5, parent=phase, description="Two teams")
    launch = make_task(world.project, "Launch", is_milestone=True)
    review = make_task(world.project, "Review", estimate=2)
    make_link(design, build, type="SS", lag=2)
    make_link(build, launch, lag=1, lag_unit="edays")
    do_assign(build, acting_user=world.manager, person=world.member, units=50)
    make_link(build, review)
    design.refresh_from_db()
    start = design.start_date
    # Build may not start before its date (later than the links allow), Launch must be done by
    # a date it keeps, Review is as late as possible, Design keeps none.
    for task, changes in (
        (build, {"constraint_type": "SNET", "constraint_date": start + dt.timedelta(days=14)}),
        (launch, {"constraint_type": "FNLT", "constraint_date": start + dt.timedelta(days=60)}),
        (review, {"constraint_type": "ALAP"}),
    ):
        task.refresh_from_db()
        do_update_task(task, acting_user=world.manager, version=task.version, changes=changes)
    do_update_task(
        design, acting_user=world.manager, version=design.version,
        changes={"percent_complete": 40, "status": "in_progress",
                 "actual_start": design.start_date},
    )  # fmt: skip
    return world


@pytest.mark.parametrize(
    ("fmt", "name"), [(ExportFormat.CSV, "plan.csv"), (ExportFormat.XLSX, "plan.xlsx")]
)
def test_table_export_imports_as_the_same_plan(plan, fmt, name):
    world = plan
    content = export_project(world.manager, world.project.pk, fmt, now=timezone.now()).content
    copy = do_import_project(
        content, name, acting_user=world.admin, time_zone=world.project.time_zone
    ).project

    shown = ("name", "is_milestone", "percent_complete", "constraint_type", "constraint_date")
    fields = [snap.TASK_FIELDS.index(f) for f in shown]
    ours = {k: tuple(v[i] for i in fields) for k, v in snap.tasks(world.project).items()}
    theirs = {k: tuple(v[i] for i in fields) for k, v in snap.tasks(copy).items()}
    assert theirs == ours
    constraints = {v[3] for v in theirs.values()}
    assert constraints == {"ASAP", "SNET", "FNLT", "ALAP"}
    assert snap.links(copy) == snap.links(world.project)
    assert snap.assignments(copy) == snap.assignments(world.project)
    dates = {k: v[:2] for k, v in snap.schedule(world.project).items()}
    assert {k: v[:2] for k, v in snap.schedule(copy).items()} == dates


@pytest.mark.parametrize(
    ("fmt", "name"), [(ExportFormat.CSV, "plan.csv"), (ExportFormat.XLSX, "plan.xlsx")]
)
def test_text_that_looks_like_a_formula_comes_back_unchanged(world, fmt, name):
    """The export protects such text with an apostrophe; the import takes exactly that one off,
    and keeps an apostrophe that is the text's own."""
    names = ['=HYPERLINK("x")', "-1 day buffer", "@reviewers", "'Tis the season", "''=quoted"]
    for index, text in enumerate(names):
        make_task(world.project, text, estimate=1, description=f"+{index} more" if index else "")
    content = export_project(world.manager, world.project.pk, fmt, now=timezone.now()).content
    assert b"'=HYPERLINK" in content or fmt is ExportFormat.XLSX
    copy = do_import_project(content, name, acting_user=world.admin).project

    fields = [snap.TASK_FIELDS.index(f) for f in ("name", "description")]
    ours = {k: tuple(v[i] for i in fields) for k, v in snap.tasks(world.project).items()}
    theirs = {k: tuple(v[i] for i in fields) for k, v in snap.tasks(copy).items()}
    assert theirs == ours
    assert sorted(v[0] for v in theirs.values()) == sorted(names)
