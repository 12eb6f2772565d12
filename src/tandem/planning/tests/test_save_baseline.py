import datetime as dt
from decimal import Decimal

import pytest

from tandem.core.errors import Forbidden
from tandem.core.models import AuditEvent
from tandem.planning.actions import do_save_baseline, do_update_task
from tandem.planning.models import Baseline, BaselineTask
from tandem.planning.queries import compare_baseline
from tandem.testing.factories_planning import make_task

D = dt.date


def test_save_baseline_snapshots_every_task(world):
    a = make_task(world.project, "A", start_date=D(2026, 1, 5), finish_date=D(2026, 1, 9))
    make_task(world.project, "B")
    baseline = do_save_baseline(world.project, acting_user=world.manager, name="v1")
    entry = BaselineTask.objects.get(baseline=baseline, task=a)
    assert (entry.start_date, entry.finish_date, entry.duration_days) == (
        D(2026, 1, 5),
        D(2026, 1, 9),
        Decimal(5),
    )
    assert baseline.entries.count() == 2
    assert (baseline.project_start, baseline.project_finish) == (D(2026, 1, 5), D(2026, 1, 9))
    assert AuditEvent.objects.filter(action="baseline.created").count() == 1


def test_compare_reports_variance_per_task_and_project(world):
    a = make_task(world.project, "A", start_date=D(2026, 1, 5), finish_date=D(2026, 1, 9))
    b = make_task(world.project, "B", start_date=D(2026, 1, 12), finish_date=D(2026, 1, 16))
    baseline = do_save_baseline(world.project, acting_user=world.manager, name="v1")
    do_update_task(
        b,
        acting_user=world.manager,
        version=1,
        changes={"start_date": D(2026, 1, 14), "finish_date": D(2026, 1, 20)},
    )
    make_task(world.project, "C")
    rows, project = compare_baseline(world.manager, baseline)
    by_name = {r.name: r for r in rows}
    assert (by_name["A"].status, by_name["A"].finish_variance_days) == ("unchanged", 0)
    assert (by_name["B"].status, by_name["B"].start_variance_days) == ("moved", 2)
    assert by_name["B"].finish_variance_days == 4
    assert by_name["C"].status == "added"
    assert project["finish_variance_days"] == 4
    assert a.pk == by_name["A"].task_id


def test_coordinator_cannot_save_baseline(world):
    with pytest.raises(Forbidden):
        do_save_baseline(world.project, acting_user=world.coordinator, name="v1")
    assert not Baseline.objects.exists()
