"""Resource calendars are compared by working time, not by id.

File: project start Thursday 2024-01-11 08:00, 480 working minutes a day.
Calendars: 1 "Standard" Mon-Fri (project calendar); 2 "Four days" Mon-Thu 08-12, 13-17 (a
base calendar); 3 "Bob" a resource calendar based on "Four days" that changes nothing (it
inherits every weekday), so the same working time under another id; 4 "No Wednesday" Mon, Tue,
Thu, Fri. Resources: 1 "Ann" on calendar 2, 2 "Bob" on calendar 3.

* UID 1 "Pair": 2 days, no calendar of its own, Ann and Bob assigned. Their calendars are one
  working time, Mon-Thu, so the task works Mon-Thu: Thu 01-11 08:00, then (Friday off) Mon
  01-15, finishing Mon 01-15 17:00 (on the project calendar it would be Fri 01-12 17:00).
* UID 2 "Pair, own calendar": 3 days, task calendar "No Wednesday", Ann and Bob assigned: it
  works when both its calendar and the resources' do, Mon, Tue and Thu: Thu 01-11, Mon 01-15,
  Tue 01-16, finishing Tue 01-16 17:00 (on its own calendar alone: Mon 01-15 17:00).
"""

from tests.engine.formats.rules.mspdi import STANDARD, at, calendar_xml, project_xml, schedule_xml

CALENDARS = (
    STANDARD
    + calendar_xml("2", "Four days", working_days=(2, 3, 4, 5))
    + calendar_xml("3", "Bob", working_days=(), base="2")
    + calendar_xml("4", "No Wednesday", working_days=(2, 3, 5, 6))
)
TASKS = """
<Task><UID>1</UID><ID>1</ID><Name>Pair</Name><OutlineLevel>1</OutlineLevel>
  <Duration>PT16H0M0S</Duration><DurationFormat>7</DurationFormat></Task>
<Task><UID>2</UID><ID>2</ID><Name>Pair, own calendar</Name><OutlineLevel>1</OutlineLevel>
  <Duration>PT24H0M0S</Duration><DurationFormat>7</DurationFormat><CalendarUID>4</CalendarUID></Task>
"""
RESOURCES = """
<Resource><UID>1</UID><Name>Ann</Name><Type>1</Type><CalendarUID>2</CalendarUID></Resource>
<Resource><UID>2</UID><Name>Bob</Name><Type>1</Type><CalendarUID>3</CalendarUID></Resource>
"""
ASSIGNMENTS = "".join(
    f"<Assignment><UID>{n}</UID><TaskUID>{task}</TaskUID><ResourceUID>{resource}</ResourceUID>"
    f"<Units>1</Units><Work>PT{hours}H0M0S</Work></Assignment>"
    for n, (task, resource, hours) in enumerate(
        [("1", "1", 16), ("1", "2", 16), ("2", "1", 24), ("2", "2", 24)], start=1
    )
)


def _schedule():
    data = project_xml(
        TASKS,
        start="2024-01-11T08:00:00",
        calendars=CALENDARS,
        resources=RESOURCES,
        assignments=ASSIGNMENTS,
    )
    return schedule_xml(data)


def test_resources_on_calendars_with_the_same_working_time_share_it():
    imported, schedule = _schedule()
    assert "work resources on different calendars" not in imported.out_of_scope
    pair = schedule.tasks["1"]
    assert (pair.start, pair.finish) == (at("2024-01-11 08:00"), at("2024-01-15 17:00"))


def test_the_task_calendar_is_intersected_with_that_working_time():
    _, schedule = _schedule()
    task = schedule.tasks["2"]
    assert (task.start, task.finish) == (at("2024-01-11 08:00"), at("2024-01-16 17:00"))
