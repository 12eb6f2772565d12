"""Zero-duration tasks placed by a constraint sit at the constraint's time of day; a constraint
that wins over logic gives the task the negative slack by which logic is violated.

File: project start Monday 2024-01-08 08:00, Standard calendar (Mon-Fri 08-12, 13-17, 480
working minutes a day), HonorConstraints on (MS Project's default).

* UID 1 "Work": 3 days, no predecessor: Mon 01-08 08:00 to Wed 01-10 17:00.
* UID 2 "Gate": milestone (0 days), FS on UID 1, must finish on (MFO) Tue 01-09 17:00. Logic
  puts it at Wed 17:00, one working day later; the constraint wins, so it sits at Tue 17:00
  (the constraint's time of day, not the equivalent Wed 08:00) and its own total slack is
  -1 day = -480 minutes. UID 1 must then finish by Tue 17:00 too: its slack is also -480.
* UID 3 "Review due": milestone, no link, start no earlier than (SNET) Fri 01-12 17:00. The
  project start is earlier, the constraint places it: at Fri 17:00, not Mon 01-15 08:00.
* UID 4 "Kick-off": 1 day, FS on UID 1, start no later than (SNLT) Tue 01-09 08:00. Logic
  allows Thu 01-11 08:00, two working days later; the constraint wins: Tue 01-09 08:00 to
  Tue 17:00, total slack -960 minutes. UID 1 must finish by Mon 17:00 for it, so UID 1's
  slack becomes the lesser, -960.
"""

from tests.engine.formats.rules.mspdi import at, project_xml, schedule_xml

TASKS = """
<Task><UID>1</UID><ID>1</ID><Name>Work</Name><OutlineLevel>1</OutlineLevel>
  <Duration>PT24H0M0S</Duration><DurationFormat>7</DurationFormat></Task>
<Task><UID>2</UID><ID>2</ID><Name>Gate</Name><OutlineLevel>1</OutlineLevel>
  <Duration>PT0H0M0S</Duration><DurationFormat>7</DurationFormat><Milestone>1</Milestone>
  <ConstraintType>3</ConstraintType><ConstraintDate>2024-01-09T17:00:00</ConstraintDate>
  <PredecessorLink><PredecessorUID>1</PredecessorUID><Type>1</Type></PredecessorLink></Task>
<Task><UID>3</UID><ID>3</ID><Name>Review due</Name><OutlineLevel>1</OutlineLevel>
  <Duration>PT0H0M0S</Duration><DurationFormat>7</DurationFormat><Milestone>1</Milestone>
  <ConstraintType>4</ConstraintType><ConstraintDate>2024-01-12T17:00:00</ConstraintDate></Task>
<Task><UID>4</UID><ID>4</ID><Name>Kick-off</Name><OutlineLevel>1</OutlineLevel>
  <Duration>PT8H0M0S</Duration><DurationFormat>7</DurationFormat>
  <ConstraintType>5</ConstraintType><ConstraintDate>2024-01-09T08:00:00</ConstraintDate>
  <PredecessorLink><PredecessorUID>1</PredecessorUID><Type>1</Type></PredecessorLink></Task>
"""


def _schedule(tasks: str = TASKS):
    return schedule_xml(project_xml(tasks, header="<HonorConstraints>1</HonorConstraints>"))[1]


def test_a_milestone_placed_by_its_constraint_sits_at_the_constraint_time():
    schedule = _schedule()
    assert schedule.tasks["2"].start == schedule.tasks["2"].finish == at("2024-01-09 17:00")
    assert schedule.tasks["3"].start == schedule.tasks["3"].finish == at("2024-01-12 17:00")


def test_a_constraint_beating_logic_leaves_the_task_negative_slack():
    schedule = _schedule(TASKS.split("<Task><UID>4</UID>")[0])
    assert schedule.tasks["2"].total_float_minutes == -480
    assert schedule.tasks["1"].total_float_minutes == -480


def test_a_start_no_later_than_beating_logic_counts_the_violation():
    schedule = _schedule()
    kick_off = schedule.tasks["4"]
    assert (kick_off.start, kick_off.finish) == (at("2024-01-09 08:00"), at("2024-01-09 17:00"))
    assert kick_off.total_float_minutes == -960
    assert schedule.tasks["1"].total_float_minutes == -960
    assert schedule.tasks["2"].total_float_minutes == -480
