"""P6: a late-start bound in the predecessor's non-working time lets it start at the end of its
last working period before that instant (no one-minute step back).

Calendars: "5" works Monday-Friday, "7" every day, both 08:00-12:00 and 13:00-17:00;
2024-01-01 is a Monday, the data date Mon 01 08:00.

    Z  64h on "5": Mon 01 08:00 - Wed 10 17:00 (the project finish).
    S  8h on "7", Finish On or Before Sat 06 17:00: late start Sat 06 08:00.
    P  16h on "5", start-to-start to S: early Mon 01 08:00 - Tue 02 17:00. S's late start Sat
       06 08:00 is P's latest start; on P's calendar that is non-working, so P may start at
       Fri 05 17:00, i.e. as late as Monday 08 08:00's working index: late finish Tue 09 17:00,
       total float 5 working days = 40h (one minute less if the bound stepped back to the
       last working minute, Fri 05 16:59).
    S's float: early Mon 01 08:00 - 17:00 (its SS start), late finish Sat 06 17:00 on "7": 40h.
"""

from .p6xer import ALL_DAYS, WEEKDAYS, Act, clndr, dates, schedule_xer, xer

CALENDARS = {"5": clndr(WEEKDAYS), "7": clndr(ALL_DAYS)}


def test_start_bound_in_non_working_time_keeps_the_whole_period():
    data = xer(
        [
            Act("Z", 64, calendar="5"),
            Act("S", 8, calendar="7", constraint="CS_MEOB", constraint_date="2024-01-06 17:00"),
            Act("P", 16, calendar="5"),
        ],
        [("P", "S", "SS", 0)],
        calendars=CALENDARS,
    )
    s = schedule_xer(data).tasks
    assert dates(s["Z"]) == ("2024-01-01 08:00", "2024-01-10 17:00", 0)
    assert dates(s["S"]) == ("2024-01-01 08:00", "2024-01-01 17:00", 40)
    assert dates(s["P"]) == ("2024-01-01 08:00", "2024-01-02 17:00", 40)
    assert f"{s['P'].late_finish:%Y-%m-%d %H:%M}" == "2024-01-09 17:00"
