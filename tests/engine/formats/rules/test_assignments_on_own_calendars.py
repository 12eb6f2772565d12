"""Assignments on calendars with different working time are scheduled one by one.

File: project start Monday 2024-01-08 08:00, 480 working minutes a day, Standard calendar
(1, Mon-Fri 08-12, 13-17). Calendars: 2 "Mon-Wed" (a base calendar working Mon, Tue, Wed);
3 "Tue-Fri" (a base calendar working Tue to Fri); 4 "Bob", a resource calendar based on
"Tue-Fri" that inherits every weekday. Resources: 1 "Ann" on "Mon-Wed", 2 "Bob" on "Bob".

* UID 1 "Shared": 3 days, Ann 24 h at 100% and Bob 12 h at 50%. Ann lasts 24 h / 1 = 3 days
  on Mon-Wed from Mon 01-08 08:00: Mon, Tue, Wed, finishing Wed 01-10 17:00. Bob lasts
  12 h / 0.5 = 24 h = 3 days on Tue-Fri (inherited from his base calendar); his first working
  minute is Tue 01-09 08:00: Tue, Wed, Thu, finishing Thu 01-11 17:00. The task starts Mon
  01-08 08:00 and finishes with Bob, Thu 01-11 17:00 (3 days on the project calendar would
  end Wed 01-10 17:00).
* UID 2 "Long": 10 days, unlinked: Mon 01-08 08:00 - Fri 01-19 17:00, the project finish.
* UID 3 "Next": 1 day, FS after "Shared": Fri 01-12 08:00 - 17:00 early; late Fri 01-19.

Backward: "Next" late start Fri 01-19 08:00, so "Shared" late finish Thu 01-18 17:00. Counted
back on each calendar: Ann 3 days on Mon-Wed, Wed 01-17, Tue 01-16, Mon 01-15, late start Mon
01-15 08:00; Bob 3 days on Tue-Fri, Thu, Wed, Tue, late start Tue 01-16 08:00. The task's
late start is the earlier, Mon 01-15 08:00 (3 days back on the project calendar: Tue 01-16).

Incremental: "Long" grown to 15 days ends Fri 01-26 17:00; "Shared" late finish Thu 01-25 17:00,
Ann's late start Mon 01-22 08:00 (Wed, Tue, Mon), Bob's Tue 01-23 08:00: late start Mon 01-22.
"""

from tandem.engine.scheduling import IncrementalScheduler, schedule_project
from tandem.engine.scheduling.fastpath import fast_schedule
from tests.engine.formats.rules.mspdi import STANDARD, at, calendar_xml, project_xml, schedule_xml

CALENDARS = (
    STANDARD
    + calendar_xml("2", "Mon-Wed", working_days=(2, 3, 4))
    + calendar_xml("3", "Tue-Fri", working_days=(3, 4, 5, 6))
    + calendar_xml("4", "Bob", working_days=(), base="3")
)
TASKS = """
<Task><UID>1</UID><ID>1</ID><Name>Shared</Name><OutlineLevel>1</OutlineLevel>
  <Duration>PT24H0M0S</Duration><DurationFormat>7</DurationFormat></Task>
<Task><UID>2</UID><ID>2</ID><Name>Long</Name><OutlineLevel>1</OutlineLevel>
  <Duration>PT80H0M0S</Duration><DurationFormat>7</DurationFormat></Task>
<Task><UID>3</UID><ID>3</ID><Name>Next</Name><OutlineLevel>1</OutlineLevel>
  <Duration>PT8H0M0S</Duration><DurationFormat>7</DurationFormat>
  <PredecessorLink><PredecessorUID>1</PredecessorUID><Type>1</Type></PredecessorLink></Task>
"""
RESOURCES = """
<Resource><UID>1</UID><Name>Ann</Name><Type>1</Type><CalendarUID>2</CalendarUID></Resource>
<Resource><UID>2</UID><Name>Bob</Name><Type>1</Type><CalendarUID>4</CalendarUID></Resource>
"""
ASSIGNMENTS = """
<Assignment><UID>1</UID><TaskUID>1</TaskUID><ResourceUID>1</ResourceUID>
  <Units>1</Units><Work>PT24H0M0S</Work></Assignment>
<Assignment><UID>2</UID><TaskUID>1</TaskUID><ResourceUID>2</ResourceUID>
  <Units>0.5</Units><Work>PT12H0M0S</Work></Assignment>
"""


def _schedule():
    data = project_xml(
        TASKS,
        start="2024-01-08T08:00:00",
        calendars=CALENDARS,
        resources=RESOURCES,
        assignments=ASSIGNMENTS,
    )
    return schedule_xml(data)


def test_the_task_finishes_with_its_last_assignment_on_its_own_calendar():
    imported, schedule = _schedule()
    assert "work resources on different calendars" not in imported.out_of_scope
    shared = schedule.tasks["1"]
    assert (shared.start, shared.finish) == (at("2024-01-08 08:00"), at("2024-01-11 17:00"))
    following = schedule.tasks["3"]
    assert (following.start, following.finish) == (at("2024-01-12 08:00"), at("2024-01-12 17:00"))


def test_the_late_start_is_the_earliest_assignment_late_start():
    _, schedule = _schedule()
    shared = schedule.tasks["1"]
    assert shared.late_finish == at("2024-01-18 17:00")
    assert shared.late_start == at("2024-01-15 08:00")


def test_fast_path_and_incremental_agree_with_a_full_recompute():
    imported, _ = _schedule()
    project = imported.project
    assert fast_schedule(project) is None  # the vectorised path declines such tasks
    scheduler = IncrementalScheduler(project)
    scheduler.set_duration("2", 15 * 480)
    scheduler.set_actual_dates("1", at("2024-01-08 08:00"))
    changed = scheduler.set_actual_dates("1", None)
    full = schedule_project(scheduler.project)
    assert {k: changed.tasks[k] for k in changed.tasks} == {k: full.tasks[k] for k in full.tasks}
    assert changed.tasks["1"].finish == at("2024-01-11 17:00")
    assert changed.tasks["1"].late_start == at("2024-01-22 08:00")
