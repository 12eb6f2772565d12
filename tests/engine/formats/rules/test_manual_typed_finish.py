"""A manual task shows the finish the user typed when it is the computed finish in working time.

File: project start Monday 2024-01-08 08:00, Standard calendar (Mon-Fri 08-12, 13-17).

* UID 1 "Typed Monday": manually scheduled, ManualStart Mon 01-08 08:00, 5 days, ManualFinish
  Mon 01-15 08:00. Five working days from Mon 08:00 end at Fri 01-12 17:00; Mon 01-15 08:00 is
  the same point in working time (nothing is worked between them), so the finish shown is the
  typed one, Mon 01-15 08:00.
* UID 2 "Next": auto, 1 day, FS on UID 1: it starts on the first working minute after either
  form of that finish, Mon 01-15 08:00, and finishes Mon 17:00.
* UID 3 "Typed Friday": manual, ManualStart Mon 01-08 08:00, 5 days, ManualFinish Fri 01-12
  17:00: shown Fri 17:00.
* UID 4 "Typed elsewhere": manual, ManualStart Mon 01-08 08:00, 2 days (so Tue 01-09 17:00),
  ManualFinish Thu 01-11 12:00, which is a day and a half later in working time: the typed
  finish does not match the duration and is not shown; the finish is Tue 01-09 17:00.
"""

from tandem.engine.formats import load_mspdi, write_mspdi
from tests.engine.formats.rules.mspdi import at, project_xml, schedule_xml


def _manual(uid: str, name: str, hours: int, finish: str) -> str:
    return (
        f"<Task><UID>{uid}</UID><ID>{uid}</ID><Name>{name}</Name><OutlineLevel>1</OutlineLevel>"
        f"<Manual>1</Manual><ManualStart>2024-01-08T08:00:00</ManualStart>"
        f"<ManualFinish>{finish}</ManualFinish><Duration>PT{hours}H0M0S</Duration>"
        "<DurationFormat>7</DurationFormat></Task>"
    )


TASKS = "".join(
    [
        _manual("1", "Typed Monday", 40, "2024-01-15T08:00:00"),
        "<Task><UID>2</UID><ID>2</ID><Name>Next</Name><OutlineLevel>1</OutlineLevel>"
        "<Duration>PT8H0M0S</Duration><DurationFormat>7</DurationFormat>"
        "<PredecessorLink><PredecessorUID>1</PredecessorUID><Type>1</Type></PredecessorLink>"
        "</Task>",
        _manual("3", "Typed Friday", 40, "2024-01-12T17:00:00"),
        _manual("4", "Typed elsewhere", 16, "2024-01-11T12:00:00"),
    ]
)


def test_the_typed_finish_shows_when_it_equals_the_computed_one_in_working_time():
    _, schedule = schedule_xml(project_xml(TASKS))
    assert schedule.tasks["1"].start == at("2024-01-08 08:00")
    assert schedule.tasks["1"].finish == at("2024-01-15 08:00")
    assert schedule.tasks["3"].finish == at("2024-01-12 17:00")
    assert schedule.tasks["4"].finish == at("2024-01-09 17:00")


def test_successors_of_a_typed_finish_start_on_the_next_working_minute():
    _, schedule = schedule_xml(project_xml(TASKS))
    nxt = schedule.tasks["2"]
    assert (nxt.start, nxt.finish) == (at("2024-01-15 08:00"), at("2024-01-15 17:00"))
    assert schedule.tasks["1"].total_float_minutes == 0


def test_the_typed_finish_is_read_and_written_back():
    imported, schedule = schedule_xml(project_xml(TASKS))
    task = next(t for t in imported.project.tasks if t.id == "1")
    assert task.manual_finish == at("2024-01-15 08:00")
    again = load_mspdi(write_mspdi(imported.project, schedule)).project
    assert next(t for t in again.tasks if t.id == "1").manual_finish == at("2024-01-15 08:00")
