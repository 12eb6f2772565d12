"""P6, retained logic: completed activities stay in the network as zero-remaining nodes.

A completed activity drives its successors from its actual finish (or later, when an open
predecessor pushes it), lags from it count from its actual finish, and its successors' late
dates flow back through it to its open predecessors. It shows its actual dates.

Calendar: Monday-Friday 08:00-12:00 and 13:00-17:00; 2024-01-01 is a Monday. Data date
Wed 03 08:00.

    A  completed Mon 01 08:00 - Tue 02 17:00.
    B  8h, FS after A: Wed 03 08:00 - 17:00 (the data date).
    E  8h, SS after A with 8h lag: the lag counts from A's actual finish Tue 02 17:00, so E
       starts Thu 04 08:00 - 17:00 (not Mon 01 17:00 + data date = Wed 03 08:00).
    O  24h, open, no predecessor: Wed 03 08:00 - Fri 05 17:00.
    C  completed Mon 01 08:00 - 17:00, finish-to-finish after O: the zero-remaining node sits
       at O's finish Fri 05 17:00.
    D  8h, FS after C: Mon 08 08:00 - 17:00.
    X  40h, open, no predecessor: Wed 03 08:00 - Tue 09 17:00 (the project finish).
Floats: D may finish by Tue 09 17:00: 8h. Through C (late at D's late start Tue 09 08:00),
O's late finish is Mon 08 17:00: 8h (16h if C cut the chain, O running to the project
finish). B: Wed 03 17:00 to Tue 09 17:00 = 32h; E: Thu 04 17:00 to Tue 09 17:00 = 24h.
Completed A and C show their actual dates and no float.
"""

from .p6xer import Act, dates, schedule_xer, xer

ACTS = [
    Act(
        "A",
        16,
        status="TK_Complete",
        actual_start="2024-01-01 08:00",
        actual_finish="2024-01-02 17:00",
    ),
    Act("B", 8),
    Act("E", 8),
    Act("O", 24),
    Act(
        "C",
        8,
        status="TK_Complete",
        actual_start="2024-01-01 08:00",
        actual_finish="2024-01-01 17:00",
    ),
    Act("D", 8),
    Act("X", 40),
]
LINKS = [("A", "B", "FS", 0), ("A", "E", "SS", 8), ("O", "C", "FF", 0), ("C", "D", "FS", 0)]


def test_completed_activities_stay_in_the_network():
    s = schedule_xer(xer(ACTS, LINKS, data_date="2024-01-03 08:00")).tasks
    assert dates(s["A"]) == ("2024-01-01 08:00", "2024-01-02 17:00", 0)
    assert dates(s["C"]) == ("2024-01-01 08:00", "2024-01-01 17:00", 0)
    assert not s["C"].critical
    assert dates(s["B"]) == ("2024-01-03 08:00", "2024-01-03 17:00", 32)
    assert dates(s["E"]) == ("2024-01-04 08:00", "2024-01-04 17:00", 24)
    assert dates(s["O"]) == ("2024-01-03 08:00", "2024-01-05 17:00", 8)
    assert dates(s["D"]) == ("2024-01-08 08:00", "2024-01-08 17:00", 8)
    assert dates(s["X"]) == ("2024-01-03 08:00", "2024-01-09 17:00", 0)


def test_progress_override_leaves_completed_activities_out():
    """With progress override C ignores O: D starts at the data date Wed 03 08:00, and O, with
    no successor left, runs to the project finish Tue 09 17:00: 16h."""
    s = schedule_xer(xer(ACTS, LINKS, data_date="2024-01-03 08:00", retained_logic=False)).tasks
    assert dates(s["D"])[:2] == ("2024-01-03 08:00", "2024-01-03 17:00")
    assert dates(s["O"])[2] == 16
