"""Every reference file imports, and the imported project's schedule equals ``tandem schedule``
on the same file, task by task (dates of work). Where the plan cannot hold what the file has,
the report says so for exactly the tasks whose dates differ.

MSPDI files (141) and P6 files run in full; ``.mpp`` files (MPXJ in Java, about 2 s each) are
marked slow. A file that Tandem's engine itself cannot schedule is not importable either: the
test asserts the 422 and that nothing was created.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from tandem.core.errors import ValidationFailed
from tandem.engine.formats import load_project_file
from tandem.engine.scheduling import Schedule, schedule_project
from tandem.planning.models import Task
from tandem.planning.scheduling import compute_schedule
from tandem.projects.models import Project
from tandem.transfer.import_mpp import mpp_supported, mpp_to_mspdi
from tandem.transfer.importing import do_import_project
from tandem.transfer.models import ImportedItem

pytestmark = [pytest.mark.django_db, pytest.mark.benchdata]

ROOT = Path(
    os.environ.get("TANDEM_BENCHDATA", Path(__file__).resolve().parents[5] / "shared" / "benchdata")
)


def _files(folder: str, *patterns: str) -> list[str]:
    base = ROOT / folder
    if not base.exists():
        return []
    found = sorted({p for pattern in patterns for p in base.rglob(pattern)})
    return [str(p.relative_to(ROOT)) for p in found]


MSPDI = _files("mspdi", "*.xml")
P6 = _files("p6", "*.xer", "*.xml", "*.pmxml")
MPP = _files("mpp", "*.mpp")


def _dates(schedule: Schedule) -> dict[str, tuple[dt.date, dt.date]]:
    zone = schedule.project_start.tzinfo
    result = {}
    for task_id, ts in schedule.tasks.items():
        start = ts.start.astimezone(zone).date()
        local_finish = ts.finish.astimezone(zone)
        finish = local_finish.date()
        if local_finish.time() == dt.time(0, 0):
            finish -= dt.timedelta(days=1)
        result[task_id] = (start, max(start, finish))
    return result


def _file_dates(data: bytes) -> dict[str, tuple[dt.date, dt.date]] | None:
    """What ``tandem schedule FILE`` computes, as dates of work (None: it refuses the file)."""
    imported = load_project_file(data)
    try:
        return _dates(schedule_project(imported.project))
    except ValueError:
        return None


def _app_dates(project: Project) -> dict[str, tuple[dt.date, dt.date]]:
    """The imported project's schedule in Tandem, by the file's task ids."""
    by_source = dict(
        ImportedItem.objects.filter(project=project, kind="task").values_list(
            "object_id", "source_id"
        )
    )
    assert Task.objects.filter(project=project).count() == len(by_source)
    return {by_source[r.task.pk]: (r.start, r.finish) for r in compute_schedule(project).rows}


def _import(world, data: bytes, name: str, expected: dict | None) -> Project | None:
    """Import; a refusal is only right for a file the engine itself cannot schedule, and then
    nothing is created."""
    projects_before = Project.objects.count()
    refused = None
    try:
        result = do_import_project(data, name, acting_user=world.admin)
    except ValidationFailed as exc:
        refused = str(exc)
    if refused is not None:
        assert expected is None, f"{name}: refused although tandem schedule reads it: {refused}"
        assert Project.objects.count() == projects_before
        return None
    assert expected is not None, f"{name}: imported although tandem schedule refuses it"
    project = result.project
    differing = {
        task_id
        for task_id, dates in _app_dates(project).items()
        if task_id in expected and dates != expected[task_id]
    }
    report = result.report
    # The report names exactly the tasks whose dates differ ...
    assert {d["task_id"] for d in report["differences"]} == differing
    # ... and each has a reason that may move dates: its own, or one of the whole project's.
    reasons = {loss["task_id"] for loss in report["losses"] if loss["affects_dates"]}
    unexplained = differing - reasons
    assert not unexplained or None in reasons, f"{name}: dates differ unexplained: {unexplained}"
    return project


@pytest.mark.parametrize("relative", MSPDI)
def test_mspdi_file_imports_with_the_files_schedule(world, benchdata, relative):
    data = (benchdata / relative).read_bytes()
    _import(world, data, relative, _file_dates(data))


@pytest.mark.parametrize("relative", P6)
def test_p6_file_imports_with_the_files_schedule(world, benchdata, relative):
    data = (benchdata / relative).read_bytes()
    _import(world, data, relative, _file_dates(data))


@pytest.mark.slow
@pytest.mark.parametrize("relative", MPP)
def test_mpp_file_imports_as_its_mspdi_twin(world, benchdata, relative):
    if mpp_supported() is not None:
        pytest.skip(mpp_supported())
    data = (benchdata / relative).read_bytes()
    expected = _file_dates(mpp_to_mspdi(data, relative))
    project = _import(world, data, relative, expected)
    assert project is not None
    feature, version = relative.split("/")[-1].split("-project")
    twin = benchdata / "mspdi" / "generated" / feature / f"{feature}-project{version[:4]}-mspdi.xml"
    if not twin.exists():
        return
    twin_project = _import(world, twin.read_bytes(), twin.name, _file_dates(twin.read_bytes()))
    assert twin_project is not None
    assert _app_dates(project) == _app_dates(twin_project)
