"""An MS Project file's baselines: the imported plan compares against Baseline 0, as MS Project
does, whatever order the file lists them in."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from tandem.engine.formats import read_mspdi, write_mspdi
from tandem.engine.scheduling import model as engine
from tandem.engine.scheduling import schedule_project
from tandem.planning.models import Baseline, PlanSettings
from tandem.transfer.importing import do_import_project
from tandem.transfer.tests.import_files import mspdi_plan

pytestmark = pytest.mark.django_db
UTC = dt.UTC


def _with_baselines(numbers: tuple[int, ...]) -> bytes:
    project = read_mspdi(mspdi_plan())
    day = dt.datetime(2025, 3, 3, 8, tzinfo=UTC)
    baselines = tuple(
        engine.Baseline(
            number=number,
            name="",
            tasks={
                "2": engine.BaselineEntry(
                    day + dt.timedelta(days=number),
                    day + dt.timedelta(days=number + 2, hours=9),
                    3 * 480,
                )
            },
            project_start=day,
            project_finish=day + dt.timedelta(days=10),
        )
        for number in numbers
    )
    project = replace(project, baselines=baselines)
    return write_mspdi(project, schedule_project(project))


def test_the_plan_compares_against_baseline_0(world):
    project = do_import_project(
        _with_baselines((2, 0, 1)), "house.xml", acting_user=world.admin
    ).project

    names = sorted(Baseline.objects.filter(project=project).values_list("name", flat=True))
    assert names == ["Baseline", "Baseline 1", "Baseline 2"]
    compared = PlanSettings.objects.get(project=project).compare_baseline
    assert compared == Baseline.objects.get(project=project, name="Baseline")


def test_without_baseline_0_the_plan_keeps_the_default(world):
    project = do_import_project(
        _with_baselines((1, 3)), "house.xml", acting_user=world.admin
    ).project

    assert Baseline.objects.filter(project=project).count() == 2
    assert PlanSettings.objects.get(project=project).compare_baseline is None
