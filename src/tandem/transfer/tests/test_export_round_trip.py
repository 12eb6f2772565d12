"""Export, then import: the demo plan exported as MS Project XML and imported as a new project
is the same plan (tasks, links, calendar, constraints, assignments, baselines, progress) and
schedules to the same dates."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tandem.planning.models import Baseline, PlanSettings
from tandem.transfer.export_model import ordered_baselines
from tandem.transfer.exporting import ExportFormat, export_project
from tandem.transfer.importing import do_import_project
from tandem.transfer.tests import export_snapshot as snap
from tandem.transfer.tests.export_demo import demo, demo_user

pytestmark = pytest.mark.django_db

__all__ = ["demo"]


@pytest.fixture(scope="module")
def round_trip(demo, django_db_blocker):
    with django_db_blocker.unblock():
        data = export_project(
            demo_user("maria"), demo.pk, ExportFormat.MSPDI, now=timezone.now()
        ).content
        result = do_import_project(
            data, "ROUTE-plan.xml", acting_user=demo_user("admin"), time_zone=demo.time_zone
        )
    return result


def test_tasks_links_and_durations_come_back(demo, round_trip):
    # A duration that is not whole days may come back in hours (same minutes), so durations
    # are compared in minutes rather than by their unit.
    copy = round_trip.project
    assert copy.pk != demo.pk
    ours, theirs = snap.tasks(demo), snap.tasks(copy)
    assert [(k, v) for k, v in theirs.items() if v != ours.get(k)] == [], ours
    assert snap.links(copy) == snap.links(demo)
    maria = demo_user("maria")
    assert snap.durations(demo_user("admin"), copy) == snap.durations(maria, demo)


def test_calendar_assignments_baselines_and_progress_come_back(demo, round_trip):
    copy = round_trip.project
    assert snap.calendar(copy) == snap.calendar(demo)
    assert snap.assignments(copy) == snap.assignments(demo)
    # MS Project's Baseline (0) is the one the plan compares against, Baseline 1 the other; the
    # import names them so (a baseline's name does not travel in MSPDI).
    ours = snap.baselines(demo, ordered_baselines(demo))
    assert len(ours) == Baseline.objects.filter(project=demo).count() == 2
    imported = list(Baseline.objects.filter(project=copy).order_by("name"))
    assert [b.name for b in imported] == ["Baseline", "Baseline 1"]
    assert snap.baselines(copy, imported) == ours
    # The demo compares against its approved baseline, exported as Baseline 0: so does the copy.
    assert PlanSettings.objects.get(project=copy).compare_baseline == imported[0]
    status = PlanSettings.objects.values_list("status_date", flat=True)
    assert status.get(project=copy) == status.get(project=demo) is not None


def test_the_imported_plan_schedules_to_the_same_dates(demo, round_trip):
    assert snap.schedule(round_trip.project) == snap.schedule(demo)
    assert round_trip.report["differences"] == []
