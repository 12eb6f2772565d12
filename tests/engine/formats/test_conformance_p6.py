"""Conformance against the Primavera P6 reference files (XER and P6-XML): a ratchet.

Floors are the measured figures; raise them as things improve.
"""

import pytest

from tests.engine.formats.conformance import format_report, reference_files, run_folder, totals

pytestmark = pytest.mark.benchdata


@pytest.fixture(scope="module")
def results(benchdata):
    return run_folder(benchdata, "p6")


# Measured: in-scope 17 files / 52 tasks / 50 matching; all 20 files / 69 tasks / 54 matching.
IN_SCOPE_FILES = 17
IN_SCOPE_MATCHING_FLOOR = 50
ALL_MATCHING_FLOOR = 54


def test_every_p6_file_is_scheduled_and_compared(benchdata, results):
    print(format_report(results))
    assert len(results) == len(reference_files(benchdata, "p6")) == 20
    assert [f"{r.path}: {r.error}" for r in results if r.error] == []
    in_scope, everything, _ = totals(results)
    assert everything.tasks == 69
    assert in_scope.files == IN_SCOPE_FILES
    assert in_scope.matching >= IN_SCOPE_MATCHING_FLOOR, (
        f"in-scope match fell to {in_scope.matching}"
    )
    assert everything.matching >= ALL_MATCHING_FLOOR, f"overall match fell to {everything.matching}"


def test_multi_project_files_say_which_project_was_read(results):
    by_path = {r.path: r for r in results}
    notes = by_path["p6/aspose/ScheduleOptions.xer"].notes
    assert "file holds 4 projects" in notes[1]
    assert "read the first, 4861 (NEWPROJ)" in notes[1]
