"""A manually scheduled summary's start is a floor for the auto-scheduled tasks under it.

File: project start Monday 2020-01-06 08:00 (four years before the plan's work), Standard
calendar (Mon-Fri 08-12, 13-17).

* UID 1 "Phase": manually scheduled summary, ManualStart Wednesday 2024-01-10 08:00.
  * UID 2 "Unlinked child": auto, 2 days, no predecessor. The project start (2020) would put it
    on 2020-01-06; the summary's start is its floor: Wed 01-10 08:00 to Thu 01-11 17:00.
  * UID 3 "Linked child": auto, 1 day, FS on UID 9 (which finishes 2020-01-06 17:00, so its
    links allow 2020-01-07 08:00); the floor wins: Wed 01-10 08:00 to Wed 17:00.
  * UID 4 "Sub-phase": auto-scheduled summary under UID 1.
    * UID 5 "Grandchild": auto, 1 day, no predecessor: the floor reaches it through the
      auto summary: Wed 01-10 08:00 to Wed 17:00.
  * UID 6 "After child": auto, 1 day, FS on UID 2 (finish Thu 01-11 17:00): its link is later
    than the floor, so Fri 01-12 08:00 to Fri 17:00.
  * UID 7 "Child milestone": auto, 0 days, no predecessor: at the floor, Wed 01-10 08:00.
* UID 8 "Auto phase": auto-scheduled summary with UID 10 "Plain child" (1 day, no predecessor):
  an auto summary only rolls up, the child starts at the project start, 2020-01-06 08:00.
* UID 9 "Outside": auto, 1 day, no predecessor: 2020-01-06 08:00 to 17:00.
"""

from tests.engine.formats.rules.mspdi import at, project_xml, schedule_xml


def _task(uid: str, name: str, level: int, hours: int, extra: str = "") -> str:
    return (
        f"<Task><UID>{uid}</UID><ID>{uid}</ID><Name>{name}</Name>"
        f"<OutlineLevel>{level}</OutlineLevel><Duration>PT{hours}H0M0S</Duration>"
        f"<DurationFormat>7</DurationFormat>{extra}</Task>"
    )


def _fs(uid: str) -> str:
    return (
        f"<PredecessorLink><PredecessorUID>{uid}</PredecessorUID><Type>1</Type></PredecessorLink>"
    )


TASKS = "".join(
    [
        _task(
            "1",
            "Phase",
            1,
            24,
            "<Summary>1</Summary><Manual>1</Manual>"
            "<ManualStart>2024-01-10T08:00:00</ManualStart>"
            "<ManualFinish>2024-01-12T17:00:00</ManualFinish>",
        ),
        _task("2", "Unlinked child", 2, 16),
        _task("3", "Linked child", 2, 8, _fs("9")),
        _task("4", "Sub-phase", 2, 8, "<Summary>1</Summary>"),
        _task("5", "Grandchild", 3, 8),
        _task("6", "After child", 2, 8, _fs("2")),
        _task("7", "Child milestone", 2, 0, "<Milestone>1</Milestone>"),
        _task("8", "Auto phase", 1, 8, "<Summary>1</Summary>"),
        _task("10", "Plain child", 2, 8),
        _task("9", "Outside", 1, 8),
    ]
)


def _dates(schedule, uid):
    task = schedule.tasks[uid]
    return task.start, task.finish


def test_tasks_under_a_manual_summary_start_no_earlier_than_its_manual_start():
    _, schedule = schedule_xml(project_xml(TASKS, start="2020-01-06T08:00:00"))
    assert _dates(schedule, "2") == (at("2024-01-10 08:00"), at("2024-01-11 17:00"))
    assert _dates(schedule, "3") == (at("2024-01-10 08:00"), at("2024-01-10 17:00"))
    assert _dates(schedule, "5") == (at("2024-01-10 08:00"), at("2024-01-10 17:00"))
    assert _dates(schedule, "7") == (at("2024-01-10 08:00"), at("2024-01-10 08:00"))


def test_links_later_than_the_floor_still_drive():
    _, schedule = schedule_xml(project_xml(TASKS, start="2020-01-06T08:00:00"))
    assert _dates(schedule, "6") == (at("2024-01-12 08:00"), at("2024-01-12 17:00"))


def test_auto_summaries_and_tasks_outside_are_not_floored():
    _, schedule = schedule_xml(project_xml(TASKS, start="2020-01-06T08:00:00"))
    assert _dates(schedule, "10") == (at("2020-01-06 08:00"), at("2020-01-06 17:00"))
    assert _dates(schedule, "9") == (at("2020-01-06 08:00"), at("2020-01-06 17:00"))
