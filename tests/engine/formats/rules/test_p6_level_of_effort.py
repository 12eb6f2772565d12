"""P6 level of effort activities take their dates from the activities they span.

Calendar: Monday-Friday 08:00-12:00 and 13:00-17:00; 2024-01-01 is a Monday, data date
Mon 01 08:00.

    A  16h: Mon 01 08:00 - Tue 02 17:00.
    B  24h, FS after A: Wed 03 08:00 - Fri 05 17:00 (the project finish).
    L  level of effort, planned 8h (ignored), start-to-start after A and finish-to-finish
       before B: starts with A Mon 01 08:00 and finishes with B Fri 05 17:00 (40h).
       It drives nothing (B does not wait for L's 8h) and is never critical; it has no float
       of its own.
    L2 level of effort, FS after A, no successor: starts Wed 03 08:00 and keeps its own 8h,
       Wed 03 08:00 - 17:00.
"""

from tandem.engine.formats import load_xer

from .p6xer import Act, dates, schedule_xer, xer

ACTS = [Act("A", 16), Act("B", 24), Act("L", 8, kind="TT_LOE"), Act("L2", 8, kind="TT_LOE")]
LINKS = [("A", "B", "FS", 0), ("A", "L", "SS", 0), ("L", "B", "FF", 0), ("A", "L2", "FS", 0)]


def test_level_of_effort_is_read_in_scope():
    imported = load_xer(xer(ACTS, LINKS))
    tasks = {t.id: t for t in imported.project.tasks}
    assert tasks["L"].level_of_effort
    assert not tasks["A"].level_of_effort
    assert imported.out_of_scope == ()


def test_level_of_effort_spans_its_predecessor_and_successor():
    s = schedule_xer(xer(ACTS, LINKS)).tasks
    assert dates(s["A"]) == ("2024-01-01 08:00", "2024-01-02 17:00", 0)
    assert dates(s["B"]) == ("2024-01-03 08:00", "2024-01-05 17:00", 0)
    assert dates(s["L"]) == ("2024-01-01 08:00", "2024-01-05 17:00", 0)
    assert s["L"].duration_minutes == 40 * 60
    assert dates(s["L2"]) == ("2024-01-03 08:00", "2024-01-03 17:00", 0)
    assert (s["A"].critical, s["B"].critical) == (True, True)
    assert (s["L"].critical, s["L2"].critical) == (False, False)
