"""Damaged copies of reference files fail with a named error, never a bare traceback."""

import random

import pytest

from tandem.engine.formats import load_project_file
from tandem.engine.scheduling import SchedulingError, schedule_project

pytestmark = pytest.mark.benchdata

FILES = [
    "mspdi/legacy/sample.xml",
    "mspdi/generated/calendar-recurring-exceptions/calendar-recurring-exceptions-project2016-mspdi.xml",
    "p6/aspose/MultiprojectWithExternal.xer",
    "p6/mpxj/generated/task-percentcomplete/percent-complete-8.4.xer",
    "p6/aspose/BaselineProjects.xml",
]


def _damage(data: bytes, rng: random.Random) -> bytes:
    damaged = bytearray(data)
    kind = rng.randrange(3)
    if kind == 0:
        return bytes(damaged[: rng.randrange(len(damaged))])
    if kind == 1:
        for _ in range(5):
            damaged[rng.randrange(len(damaged))] = rng.choice(b"0123456789-:.x<>\t\n ")
        return bytes(damaged)
    start, end = sorted(rng.randrange(len(damaged)) for _ in range(2))
    return bytes(damaged[:start] + damaged[end:])


@pytest.mark.parametrize("name", FILES)
def test_damaged_files_raise_named_errors(benchdata, name):
    data = (benchdata / name).read_bytes()
    rng = random.Random(name)
    failures = 0
    for _ in range(60):
        try:
            schedule_project(load_project_file(_damage(data, rng)).project)
        except SchedulingError:
            failures += 1
    assert failures > 0  # the damage is real: some copies must be rejected
