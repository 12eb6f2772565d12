"""P6's Start On / Finish On are not mandatory: logic still wins, negative float shows it.

Calendar: Monday-Friday 08:00-12:00 and 13:00-17:00 (8 hours a day); 2024-01-01 is a Monday.
Data date Monday 2024-01-01 08:00.

    A  16h, no predecessor: Mon 01 08:00 - Tue 02 17:00.
    B  8h after A (FS), Start On Fri 05 08:00 (later than logic): early start
       max(logic Wed 03 08:00, Fri 05 08:00) = Fri 05 08:00, finish Fri 05 17:00.
    B2 8h after A (FS), Start On Tue 02 08:00 (before logic allows): early start is logic's
       Wed 03 08:00 (a Mandatory Start would have pulled it to Tuesday), finish Wed 03 17:00;
       late start min(logic, Tue 02 08:00) = Tue 02 08:00, so total float -8h.
    D  8h after A (FS), Finish On Mon 08 17:00: early finish max(Wed 03 17:00, Mon 08 17:00)
       = Mon 08 17:00 (start Mon 08 08:00); late finish Mon 08 17:00; float 0.
    E  8h after A (FS), Mandatory Start Tue 02 08:00: overrides logic, Tue 02 08:00-17:00.
    A's late finish is B2's late start bound Tue 02 08:00, i.e. Mon 01 17:00: float -8h.
    Project finish Mon 08 17:00 (D); B's late start is min(logic Mon 08 08:00, Fri 05 08:00)
    = Fri 05 08:00: float 0.
"""

from tandem.engine.formats import load_xer
from tandem.engine.scheduling import ConstraintType

from .p6xer import Act, dates, schedule_xer, xer

ACTS = [
    Act("A", 16),
    Act("B", 8, constraint="CS_MSO", constraint_date="2024-01-05 08:00"),
    Act("B2", 8, constraint="CS_MSO", constraint_date="2024-01-02 08:00"),
    Act("D", 8, constraint="CS_MEO", constraint_date="2024-01-08 17:00"),
    Act("E", 8, constraint="CS_MANDSTART", constraint_date="2024-01-02 08:00"),
]
LINKS = [("A", s, "FS", 0) for s in ("B", "B2", "D", "E")]


def test_start_on_and_finish_on_are_read_as_non_mandatory():
    tasks = {t.id: t for t in load_xer(xer(ACTS, LINKS)).project.tasks}
    assert tasks["B"].constraint is ConstraintType.START_ON
    assert tasks["D"].constraint is ConstraintType.FINISH_ON
    assert tasks["E"].constraint is ConstraintType.MSO


def test_on_constraints_bound_early_from_below_and_late_from_above():
    s = schedule_xer(xer(ACTS, LINKS)).tasks
    assert dates(s["A"]) == ("2024-01-01 08:00", "2024-01-02 17:00", -8)
    assert dates(s["B"]) == ("2024-01-05 08:00", "2024-01-05 17:00", 0)
    assert dates(s["B2"]) == ("2024-01-03 08:00", "2024-01-03 17:00", -8)
    assert dates(s["D"]) == ("2024-01-08 08:00", "2024-01-08 17:00", 0)
    assert dates(s["E"])[:2] == ("2024-01-02 08:00", "2024-01-02 17:00")
    assert s["B2"].critical
    assert s["B"].critical


def test_start_on_before_the_data_date_starts_at_the_data_date():
    """Data date Wed 03 08:00; G (8h) Start On Mon 01 08:00, no predecessor: early start
    max(Mon 01 08:00, data date) = Wed 03 08:00; late start Mon 01 08:00: float -16h."""
    data = xer(
        [Act("G", 8, constraint="CS_MSO", constraint_date="2024-01-01 08:00")],
        data_date="2024-01-03 08:00",
    )
    assert dates(schedule_xer(data).tasks["G"]) == ("2024-01-03 08:00", "2024-01-03 17:00", -16)
