"""P6 keeps start and finish milestones apart.

A start milestone sits at the start of the next working period after its predecessor
finishes; a finish milestone at the end of the working period its predecessor finishes in, and
its late date is the end of the previous working period on its own calendar. Predecessors on
other calendars are bound to that instant on their own calendar.

Calendars: "5" works Monday-Friday 08:00-12:00 and 13:00-17:00; "7" works every day
08:00-16:00. 2024-01-01 is a Monday, the data date Mon 01 08:00.
"""

from tandem.engine.formats import load_xer

from .p6xer import ALL_DAYS, WEEKDAYS, Act, clndr, dates, schedule_xer, xer

CALENDARS = {"5": clndr(WEEKDAYS), "7": clndr(ALL_DAYS, (("08:00", "16:00"),))}


def test_start_and_finish_milestones_after_a_friday_finish():
    """A 40h on "5": Mon 01 08:00 - Fri 05 17:00.
    FM (finish milestone after A): Fri 05 17:00. SM (start milestone after A): Mon 08 08:00.
    B 8h after SM: Mon 08 08:00 - 17:00 (the project finish). A, SM and B have no float; FM,
    without a successor, may slip to the project finish: 8h."""
    data = xer(
        [
            Act("A", 40, calendar="5"),
            Act("FM", 0, kind="TT_FinMile", calendar="5"),
            Act("SM", 0, kind="TT_Mile", calendar="5"),
            Act("B", 8, calendar="5"),
        ],
        [("A", "FM", "FS", 0), ("A", "SM", "FS", 0), ("SM", "B", "FS", 0)],
        calendars=CALENDARS,
    )
    tasks = {t.id: t for t in load_xer(data).project.tasks}
    assert (tasks["FM"].finish_milestone, tasks["SM"].finish_milestone) == (True, False)
    s = schedule_xer(data).tasks
    assert dates(s["A"]) == ("2024-01-01 08:00", "2024-01-05 17:00", 0)
    assert dates(s["FM"]) == ("2024-01-05 17:00", "2024-01-05 17:00", 8)
    assert dates(s["SM"]) == ("2024-01-08 08:00", "2024-01-08 08:00", 0)
    assert dates(s["B"]) == ("2024-01-08 08:00", "2024-01-08 17:00", 0)


def test_finish_milestone_late_date_binds_a_seven_day_predecessor_on_friday():
    """A 40h on "5": Mon 01 08:00 - Fri 05 17:00, the project finish.
    P 8h on "7": Mon 01 08:00 - 16:00, then M (finish milestone on "5"): early Mon 01 16:00.
    M's late date: the project finish's working index on "5" is Monday 08 08:00's; the end of
    the previous working period is Fri 05 17:00. M's float: Mon 01 16:00 to Fri 05 17:00 on
    "5" = 1h + 4 x 8h = 33h.
    P must finish by Fri 05 17:00 re-fitted to "7", whose Friday ends at 16:00: late finish
    Fri 05 16:00 (not Sun 07 16:00), float Mon 16:00 to Fri 16:00 on "7" = 4 x 8h = 32h."""
    data = xer(
        [
            Act("A", 40, calendar="5"),
            Act("P", 8, calendar="7"),
            Act("M", 0, kind="TT_FinMile", calendar="5"),
        ],
        [("P", "M", "FS", 0)],
        calendars=CALENDARS,
    )
    s = schedule_xer(data).tasks
    assert dates(s["M"]) == ("2024-01-01 16:00", "2024-01-01 16:00", 33)
    assert f"{s['M'].late_finish:%Y-%m-%d %H:%M}" == "2024-01-05 17:00"
    assert dates(s["P"]) == ("2024-01-01 08:00", "2024-01-01 16:00", 32)
    assert f"{s['P'].late_finish:%Y-%m-%d %H:%M}" == "2024-01-05 16:00"
