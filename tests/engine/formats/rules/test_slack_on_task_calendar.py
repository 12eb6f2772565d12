"""Total slack is counted on the task's own calendar (the project calendar when it has none),
not on the working time the task shares with its resources' calendar.

File: project start Monday 2024-01-08 08:00, 480 working minutes a day.
Calendars: 1 "Standard" Mon-Fri (the project calendar), 2 "MWF" Mon, Wed, Fri, 3 "Mon-Thu"
Mon-Thu, all 08-12 and 13-17. Resource 1 "Pat" works on MWF.

* UID 1 "Long": 5 days, no resource: Mon 01-08 08:00 to Fri 01-12 17:00; it sets the project
  finish, Fri 01-12 17:00.
* UID 2 "Pat's day": 1 day, Pat assigned (8 h at 100%), no calendar of its own. It works on
  Pat's calendar: Mon 01-08 08:00 to 17:00. Its late finish is the project finish, Fri 17:00
  (Pat works Fridays), late start Fri 08:00. Counted on the project calendar, from Mon 08:00 to
  Fri 08:00 (and Mon 17:00 to Fri 17:00) that is 4 days = 1920 minutes of slack (on Pat's
  calendar it would be 2 days: Wed and Fri).
* UID 3 "Shared day": 1 day, task calendar Mon-Thu, Pat assigned: it works when both do, Mon
  and Wed. Mon 01-08 08:00 to 17:00; late finish: the last shared working minute not after Fri
  17:00 is Wed 01-10 17:00, late start Wed 08:00. Counted on its own calendar (Mon-Thu), Mon to
  Wed is 2 days = 960 minutes (on the shared working time it would be 1 day).
"""

from tests.engine.formats.rules.mspdi import STANDARD, at, calendar_xml, project_xml, schedule_xml

CALENDARS = (
    STANDARD
    + calendar_xml("2", "MWF", working_days=(2, 4, 6))
    + calendar_xml("3", "Mon-Thu", working_days=(2, 3, 4, 5))
)
TASKS = """
<Task><UID>1</UID><ID>1</ID><Name>Long</Name><OutlineLevel>1</OutlineLevel>
  <Duration>PT40H0M0S</Duration><DurationFormat>7</DurationFormat></Task>
<Task><UID>2</UID><ID>2</ID><Name>Pat's day</Name><OutlineLevel>1</OutlineLevel>
  <Duration>PT8H0M0S</Duration><DurationFormat>7</DurationFormat></Task>
<Task><UID>3</UID><ID>3</ID><Name>Shared day</Name><OutlineLevel>1</OutlineLevel>
  <Duration>PT8H0M0S</Duration><DurationFormat>7</DurationFormat><CalendarUID>3</CalendarUID></Task>
"""
RESOURCES = (
    "<Resource><UID>1</UID><Name>Pat</Name><Type>1</Type><CalendarUID>2</CalendarUID></Resource>"
)
ASSIGNMENTS = """
<Assignment><UID>1</UID><TaskUID>2</TaskUID><ResourceUID>1</ResourceUID><Units>1</Units>
  <Work>PT8H0M0S</Work></Assignment>
<Assignment><UID>2</UID><TaskUID>3</TaskUID><ResourceUID>1</ResourceUID><Units>1</Units>
  <Work>PT8H0M0S</Work></Assignment>
"""


def _schedule():
    data = project_xml(TASKS, calendars=CALENDARS, resources=RESOURCES, assignments=ASSIGNMENTS)
    return schedule_xml(data)[1]


def test_slack_of_a_task_without_calendar_counts_on_the_project_calendar():
    task = _schedule().tasks["2"]
    assert (task.start, task.finish) == (at("2024-01-08 08:00"), at("2024-01-08 17:00"))
    assert (task.late_start, task.late_finish) == (at("2024-01-12 08:00"), at("2024-01-12 17:00"))
    assert task.total_float_minutes == 1920


def test_slack_of_a_task_with_a_calendar_counts_on_that_calendar():
    task = _schedule().tasks["3"]
    assert (task.start, task.finish) == (at("2024-01-08 08:00"), at("2024-01-08 17:00"))
    assert (task.late_start, task.late_finish) == (at("2024-01-10 08:00"), at("2024-01-10 17:00"))
    assert task.total_float_minutes == 960


def test_the_task_setting_the_finish_has_no_slack():
    assert _schedule().tasks["1"].total_float_minutes == 0
