"""Without a status date, a started, unfinished successor holds its finish-to-start
predecessors to the point where its remaining work resumes.

File: project start Monday 2024-01-08 08:00, Standard calendar (Mon-Fri 08-12, 13-17), no
status date.

* UID 4 "Long": 6 days, no link: Mon 01-08 08:00 to Mon 01-15 17:00, the project finish.
* UID 1 "Design": 2 days, not started: Mon 01-08 08:00 to Tue 01-09 17:00.
* UID 2 "Build": 4 days, FS on UID 1, but started out of sequence: actual start Mon 01-08
  08:00, 25% complete, remaining duration 3 days. One day is done, so its remaining work
  resumes at Tue 01-09 08:00 and it finishes Thu 01-11 17:00. Its late finish is the project
  finish, Mon 01-15 17:00, so its late remaining start would be Thu 01-11 08:00.
  Design is held to the resume point: its late finish is the last working minute before Tue
  08:00, Mon 01-08 17:00, and its late start Fri 01-05 08:00. Total slack: from an early
  finish of Tue 17:00 to a late finish of Mon 17:00 is -1 day = -480 minutes (held to the late
  remaining start it would have +1 day).
* UID 6 "Prep": 1 day, not started: Mon 01-08 08:00 to 17:00.
* UID 5 "Polish": 2 days, FS on UID 6, actual start Mon 01-08 08:00, remaining duration 0,
  no actual finish: nothing remains, so it passes its normal late date on. Its late finish is
  the project finish, Mon 01-15 17:00; Prep may finish then too: slack from Mon 01-08 17:00 to
  Mon 01-15 17:00, 5 days = 2400 minutes.
"""

from tests.engine.formats.rules.mspdi import at, project_xml, schedule_xml


def _task(uid: str, name: str, hours: int, extra: str = "") -> str:
    return (
        f"<Task><UID>{uid}</UID><ID>{uid}</ID><Name>{name}</Name><OutlineLevel>1</OutlineLevel>"
        f"<Duration>PT{hours}H0M0S</Duration><DurationFormat>7</DurationFormat>{extra}</Task>"
    )


def _fs(uid: str) -> str:
    return (
        f"<PredecessorLink><PredecessorUID>{uid}</PredecessorUID><Type>1</Type></PredecessorLink>"
    )


TASKS = "".join(
    [
        _task("4", "Long", 48),
        _task("1", "Design", 16),
        _task(
            "2",
            "Build",
            32,
            "<ActualStart>2024-01-08T08:00:00</ActualStart><PercentComplete>25</PercentComplete>"
            "<RemainingDuration>PT24H0M0S</RemainingDuration>" + _fs("1"),
        ),
        _task("6", "Prep", 8),
        _task(
            "5",
            "Polish",
            16,
            "<ActualStart>2024-01-08T08:00:00</ActualStart><PercentComplete>100</PercentComplete>"
            "<RemainingDuration>PT0H0M0S</RemainingDuration>" + _fs("6"),
        ),
    ]
)


def _schedule():
    return schedule_xml(project_xml(TASKS))[1]


def test_the_started_successor_resumes_after_the_work_done():
    build = _schedule().tasks["2"]
    assert (build.start, build.finish) == (at("2024-01-08 08:00"), at("2024-01-11 17:00"))


def test_its_predecessor_is_held_to_the_resume_point():
    design = _schedule().tasks["1"]
    assert (design.start, design.finish) == (at("2024-01-08 08:00"), at("2024-01-09 17:00"))
    assert design.late_finish == at("2024-01-08 17:00")
    assert design.late_start == at("2024-01-05 08:00")
    assert design.total_float_minutes == -480
    assert design.critical


def test_a_started_successor_with_nothing_remaining_passes_its_late_date_on():
    prep = _schedule().tasks["6"]
    assert prep.late_finish == at("2024-01-15 17:00")
    assert prep.total_float_minutes == 2400
