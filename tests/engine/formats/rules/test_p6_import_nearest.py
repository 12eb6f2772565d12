"""P6's non-mandatory Start On / Finish On and level of effort activities on import: the plan
keeps the nearest thing Tandem has and lists what was lost."""

from tandem.engine.formats import load_xer
from tandem.engine.scheduling import schedule_project
from tandem.transfer.import_convert import convert

from .p6xer import Act, xer


def test_on_constraints_and_level_of_effort_are_kept_as_nearest_and_reported():
    data = xer(
        [
            Act("A", 16),
            Act("B", 8, constraint="CS_MSO", constraint_date="2024-01-05 08:00"),
            Act("D", 8, constraint="CS_MEO", constraint_date="2024-01-08 17:00"),
            Act("L", 8, kind="TT_LOE"),
        ],
        [("A", "B", "FS", 0), ("A", "D", "FS", 0), ("A", "L", "SS", 0), ("L", "D", "FF", 0)],
    )
    imported = load_xer(data)
    plan = convert(imported.project, schedule_project(imported.project), source_format="xer")
    rows = {row.source_id: row for row in plan.tasks}
    assert (rows["B"].constraint_type, rows["D"].constraint_type) == ("MSO", "MFO")
    lost = {(loss.task_id, loss.message) for loss in plan.losses}
    assert ("B", "P6's non-mandatory on-date constraint becomes MSO") in lost
    assert ("D", "P6's non-mandatory on-date constraint becomes MFO") in lost
    assert ("L", "a level of effort activity becomes an ordinary task") in lost
