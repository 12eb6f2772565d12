"""The project start is the default start only of tasks that no predecessor drives.

File: project start Monday 2024-01-08 08:00, Standard calendar (Mon-Fri 08-12, 13-17).

* UID 1 "Early manual": manually scheduled, ManualStart Monday 2024-01-01 08:00, 2 days, so it
  runs Mon 01-01 08:00 to Tue 01-02 17:00 (a week before the project start).
* UID 2 "Follows manual": auto-scheduled, 1 day, FS on UID 1. Its only driver is UID 1's
  finish, Tue 17:00, so it starts on the next working minute, Wed 01-03 08:00, and finishes
  Wed 17:00: before the project start, because a linked task follows its links.
* UID 3 "Unlinked": auto-scheduled, 1 day, no predecessor: the project start is its start,
  Mon 01-08 08:00 to Mon 17:00.
* UID 4 "First": auto-scheduled, 2 days, no predecessor: Mon 01-08 08:00 to Tue 01-09 17:00.
* UID 5 "Lead": auto-scheduled, 1 day, FS on UID 4 with a 3-day lead (LinkLag -14400 tenths
  of a minute = -1440 minutes). Tue 01-09 17:00 less 3 working days (Tue, Mon, Fri) is the end
  of Thursday 01-04, so it starts Fri 01-05 08:00 and finishes Fri 17:00: the lead takes it
  before the project start.
"""

from dataclasses import replace

from tandem.engine.scheduling.cpm import compute_schedule
from tandem.engine.scheduling.fastpath import fast_schedule
from tests.engine.formats.rules.mspdi import at, project_xml, schedule_xml

TASKS = """
<Task><UID>1</UID><ID>1</ID><Name>Early manual</Name><OutlineLevel>1</OutlineLevel>
  <Manual>1</Manual><ManualStart>2024-01-01T08:00:00</ManualStart>
  <ManualFinish>2024-01-02T17:00:00</ManualFinish>
  <Start>2024-01-01T08:00:00</Start><Finish>2024-01-02T17:00:00</Finish>
  <Duration>PT16H0M0S</Duration><DurationFormat>7</DurationFormat></Task>
<Task><UID>2</UID><ID>2</ID><Name>Follows manual</Name><OutlineLevel>1</OutlineLevel>
  <Duration>PT8H0M0S</Duration><DurationFormat>7</DurationFormat>
  <PredecessorLink><PredecessorUID>1</PredecessorUID><Type>1</Type></PredecessorLink></Task>
<Task><UID>3</UID><ID>3</ID><Name>Unlinked</Name><OutlineLevel>1</OutlineLevel>
  <Duration>PT8H0M0S</Duration><DurationFormat>7</DurationFormat></Task>
<Task><UID>4</UID><ID>4</ID><Name>First</Name><OutlineLevel>1</OutlineLevel>
  <Duration>PT16H0M0S</Duration><DurationFormat>7</DurationFormat></Task>
<Task><UID>5</UID><ID>5</ID><Name>Lead</Name><OutlineLevel>1</OutlineLevel>
  <Duration>PT8H0M0S</Duration><DurationFormat>7</DurationFormat>
  <PredecessorLink><PredecessorUID>4</PredecessorUID><Type>1</Type>
    <LinkLag>-14400</LinkLag><LagFormat>7</LagFormat></PredecessorLink></Task>
"""


def test_a_linked_task_follows_its_predecessor_to_before_the_project_start():
    _, schedule = schedule_xml(project_xml(TASKS))
    tasks = schedule.tasks
    assert (tasks["1"].start, tasks["1"].finish) == (at("2024-01-01 08:00"), at("2024-01-02 17:00"))
    assert (tasks["2"].start, tasks["2"].finish) == (at("2024-01-03 08:00"), at("2024-01-03 17:00"))


def test_the_project_start_still_places_tasks_without_predecessors():
    _, schedule = schedule_xml(project_xml(TASKS))
    tasks = schedule.tasks
    assert (tasks["3"].start, tasks["3"].finish) == (at("2024-01-08 08:00"), at("2024-01-08 17:00"))
    assert (tasks["4"].start, tasks["4"].finish) == (at("2024-01-08 08:00"), at("2024-01-09 17:00"))


def test_a_lead_takes_a_successor_before_the_project_start():
    _, schedule = schedule_xml(project_xml(TASKS))
    lead = schedule.tasks["5"]
    assert (lead.start, lead.finish) == (at("2024-01-05 08:00"), at("2024-01-05 17:00"))


def test_the_fast_path_agrees_on_a_lead_before_the_project_start():
    # Without the manual task the project takes the vectorised path; same dates for the lead.
    imported, _ = schedule_xml(project_xml(TASKS))
    project = imported.project
    plain = replace(
        project,
        tasks=tuple(t for t in project.tasks if t.id in {"3", "4", "5"}),
        links=tuple(k for k in project.links if k.successor_id == "5"),
    )
    fast = fast_schedule(plain)
    assert fast is not None
    full = compute_schedule(plain)
    assert fast.tasks["5"].start == full.tasks["5"].start == at("2024-01-05 08:00")
    assert fast.tasks["5"].late_start == full.tasks["5"].late_start
