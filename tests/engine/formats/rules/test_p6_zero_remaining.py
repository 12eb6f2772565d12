"""P6: an activity started with zero remaining duration finishes at the first working moment
at or after the data date (not at the end of the working period before it).

Calendar: Monday-Friday 08:00-12:00 and 13:00-17:00; 2024-01-01 is a Monday. A (40h) started
Mon 01 08:00 with 0h remaining, B (8h) follows A (FS).
"""

from .p6xer import Act, dates, schedule_xer, xer

ACTS = [
    Act("A", 40, status="TK_Active", remaining=0, actual_start="2024-01-01 08:00"),
    Act("B", 8),
]
LINKS = [("A", "B", "FS", 0)]


def test_data_date_on_a_weekend():
    """Data date Sat 06 10:00: the first working moment after it is Mon 08 08:00, A's finish
    (not Fri 05 17:00). B starts there: Mon 08 08:00 - 17:00, float 0."""
    s = schedule_xer(xer(ACTS, LINKS, data_date="2024-01-06 10:00")).tasks
    assert dates(s["A"]) == ("2024-01-01 08:00", "2024-01-08 08:00", 0)
    assert dates(s["B"]) == ("2024-01-08 08:00", "2024-01-08 17:00", 0)


def test_data_date_at_the_start_of_a_working_period():
    """Data date Wed 03 13:00 (after lunch): A finishes Wed 03 13:00 (not 12:00); B, 8 hours
    from there: Wed 03 13:00 - Thu 04 12:00."""
    s = schedule_xer(xer(ACTS, LINKS, data_date="2024-01-03 13:00")).tasks
    assert dates(s["A"])[1] == "2024-01-03 13:00"
    assert dates(s["B"]) == ("2024-01-03 13:00", "2024-01-04 12:00", 0)
