"""The table import's Constraint Type and Constraint Date columns: MS Project's names and codes,
a typed Start kept as a constraint only in files without them, and a clear error for a type
that is not one."""

from __future__ import annotations

import datetime as dt

import pytest

from tandem.engine.scheduling.model import ConstraintType, FileFormatError
from tandem.transfer.import_tabular import read_tabular

UTC = dt.UTC


def _constraints(text: str) -> dict[str, tuple[ConstraintType, dt.datetime | None]]:
    project = read_tabular(text.encode(), "plan.csv", "csv").imported.project
    return {t.name: (t.constraint, t.constraint_date) for t in project.tasks}


def test_names_and_codes_are_read_and_a_start_is_only_the_schedule():
    found = _constraints(
        "Name,Duration,Start,Constraint Type,Constraint Date\n"
        "Dig,2d,2025-03-03,As Soon As Possible,\n"
        "Pour,1d,2025-03-05,Start No Earlier Than,2025-03-10\n"
        "Cure,3d,2025-03-06,finish  no later than,2025-03-20\n"
        "Inspect,1d,2025-03-07,MFO,2025-03-21\n"
        "Tidy,1d,2025-03-08,alap,\n"
        "Sign,0d,2025-03-09,,\n"
    )
    assert found == {
        "Dig": (ConstraintType.ASAP, None),
        "Pour": (ConstraintType.SNET, dt.datetime(2025, 3, 10, 8, tzinfo=UTC)),
        "Cure": (ConstraintType.FNLT, dt.datetime(2025, 3, 20, 17, tzinfo=UTC)),
        "Inspect": (ConstraintType.MFO, dt.datetime(2025, 3, 21, 17, tzinfo=UTC)),
        "Tidy": (ConstraintType.ALAP, None),
        "Sign": (ConstraintType.ASAP, None),
    }


def test_without_constraint_columns_a_typed_start_holds_the_task():
    found = _constraints("Name,Duration,Start,Finish\nDig,2d,2025-03-03,\nPour,,,2025-03-14\n")
    assert found == {
        "Dig": (ConstraintType.SNET, dt.datetime(2025, 3, 3, 8, tzinfo=UTC)),
        "Pour": (ConstraintType.FNLT, dt.datetime(2025, 3, 14, 17, tzinfo=UTC)),
    }


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("Dig,Start Sometime,2025-03-03", "Constraint Type 'Start Sometime' is not one of"),
        ("Dig,Must Start On,", "Constraint Type 'Must Start On' needs a Constraint Date"),
        ("Dig,SNET,next week", "Constraint Date 'next week' is not a date"),
    ],
)
def test_a_bad_constraint_names_the_line(row, message):
    with pytest.raises(FileFormatError) as caught:
        _constraints(f"Name,Constraint Type,Constraint Date\n{row}\n")
    assert message in str(caught.value)
    assert str(caught.value).startswith("plan.csv:2: ")
