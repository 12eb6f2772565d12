"""P6's As Late As Possible delays an activity only within its free float.

No successor's early dates move; activities are processed from the last to the first, so a
predecessor's free float is measured against an ALAP successor's delayed dates. The reported
dates are the delayed early dates and total float is measured from them.

Calendar: Monday-Friday 08:00-12:00 and 13:00-17:00; 2024-01-01 is a Monday, data date
Mon 01 08:00.

    Z  40h: Mon 01 08:00 - Fri 05 17:00 (the project finish), float 0.
    Y  24h: Mon 01 08:00 - Wed 03 17:00.
    C  8h, FS after Y and after B: Thu 04 08:00 - 17:00; late Fri 05: float 8h.
    A  8h, ALAP, then B 8h, ALAP, FS after A; B is C's other predecessor.
    Without delay A is Mon 01, B Tue 02. Last first: B's free float is up to C's early start
    Thu 04 08:00, 8h: B moves to Wed 03 08:00 - 17:00. Its late finish is C's late start
    Fri 05 08:00, i.e. Thu 04 17:00: float 8h from the delayed dates (16h from Tuesday).
    Then A's free float is up to B's delayed start Wed 03 08:00: 8h, A moves to Tue 02
    08:00 - 17:00; late finish is B's late start Thu 04 08:00, i.e. Wed 03 17:00: float 8h.
    (MS Project's ALAP would show B at its late dates, Thu 04.)
"""

from .p6xer import Act, dates, schedule_xer, xer

ACTS = [
    Act("Z", 40),
    Act("Y", 24),
    Act("C", 8),
    Act("A", 8, constraint="CS_ALAP"),
    Act("B", 8, constraint="CS_ALAP"),
]
LINKS = [("Y", "C", "FS", 0), ("B", "C", "FS", 0), ("A", "B", "FS", 0)]


def test_alap_moves_within_free_float_last_activity_first():
    s = schedule_xer(xer(ACTS, LINKS)).tasks
    assert dates(s["Z"]) == ("2024-01-01 08:00", "2024-01-05 17:00", 0)
    assert dates(s["Y"]) == ("2024-01-01 08:00", "2024-01-03 17:00", 8)
    assert dates(s["C"]) == ("2024-01-04 08:00", "2024-01-04 17:00", 8)
    assert dates(s["B"]) == ("2024-01-03 08:00", "2024-01-03 17:00", 8)
    assert dates(s["A"]) == ("2024-01-02 08:00", "2024-01-02 17:00", 8)
    assert f"{s['B'].late_finish:%Y-%m-%d %H:%M}" == "2024-01-04 17:00"
    assert s["B"].free_float_minutes == 0
