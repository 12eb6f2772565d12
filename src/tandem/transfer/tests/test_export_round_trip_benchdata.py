"""MS Project's own files through Tandem and back: a file imported as a project, exported as
MS Project XML and imported again gives the same plan, and the export, read by the engine and
scheduled, has the first project's dates."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import timezone

from tandem.engine.formats import read_mspdi
from tandem.engine.scheduling import schedule_project
from tandem.planning.models import Baseline, Task
from tandem.transfer.export_model import scheduled_plan
from tandem.transfer.exporting import ExportFormat, export_project
from tandem.transfer.importing import do_import_project
from tandem.transfer.tests import export_snapshot as snap

pytestmark = [pytest.mark.django_db, pytest.mark.benchdata]

FILES = [
    "legacy/sample.xml",
    "mspdirelations.xml",
    "generated/task-baselines/task-baselines-project2013-mspdi.xml",
    "generated/calendar-recurring-exceptions/calendar-recurring-exceptions-project2016-mspdi.xml",
    "generated/assignment-assignments/assignment-assignments-project2003-mspdi.xml",
    "generated/task-links/task-links-project2019-mspdi.xml",
]


@pytest.mark.parametrize("name", FILES)
def test_import_export_import_gives_the_same_plan(world, benchdata: Path, name: str):
    # given an MS Project file imported as a project
    data = (benchdata / "mspdi" / name).read_bytes()
    first = do_import_project(data, Path(name).name, acting_user=world.admin).project

    # when it is exported and the export imported again
    exported = export_project(world.admin, first.pk, ExportFormat.MSPDI, now=timezone.now())
    second = do_import_project(exported.content, "again.xml", acting_user=world.admin).project

    # then both projects hold the same plan and schedule to the same dates
    assert Task.objects.filter(project=second).count() == Task.objects.filter(project=first).count()
    assert snap.tasks(second) == snap.tasks(first)
    assert snap.links(second) == snap.links(first)
    assert snap.durations(world.admin, second) == snap.durations(world.admin, first)
    assert snap.calendar(second) == snap.calendar(first)
    assert snap.assignments(second) == snap.assignments(first)
    ours = list(Baseline.objects.filter(project=first).order_by("name"))
    theirs = list(Baseline.objects.filter(project=second).order_by("name"))
    assert snap.baselines(second, theirs) == snap.baselines(first, ours)
    assert snap.schedule(second) == snap.schedule(first)

    # and the engine, reading the export, schedules the first project's dates to the minute
    app = scheduled_plan(first).schedule
    reread = schedule_project(read_mspdi(exported.content, timezone=first.time_zone))
    assert {k: (v.start, v.finish, v.total_float_minutes) for k, v in reread.tasks.items()} == {
        k: (v.start, v.finish, v.total_float_minutes) for k, v in app.tasks.items()
    }
