"""Property-based checks on random networks and random calendars."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.engine.scheduling import (
    Calendar,
    CalendarException,
    Duration,
    Lag,
    LagCalendar,
    Link,
    LinkType,
    Project,
    Schedule,
    Task,
    compile_calendars,
    schedule_project,
)

from .helpers import MONDAY

KINDS = [LinkType.FS, LinkType.SS, LinkType.FF, LinkType.SF]


@st.composite
def calendars(draw: st.DrawFn, calendar_id: str) -> Calendar:
    def shifts() -> st.SearchStrategy[tuple[tuple[int, int], ...]]:
        return (
            st.lists(st.integers(0, 1440), min_size=0, max_size=4, unique=True)
            .map(lambda cuts: tuple(zip(sorted(cuts)[::2], sorted(cuts)[1::2], strict=False)))
            .map(lambda periods: tuple(p for p in periods if p[0] < p[1]))
        )

    week = list(draw(st.lists(shifts(), min_size=7, max_size=7)))
    if not any(week):
        week[draw(st.integers(0, 6))] = ((480, 1020),)
    holidays = draw(st.lists(st.integers(0, 60), max_size=4))
    exceptions = tuple(
        CalendarException(
            start=date(2024, 1, 8) + timedelta(days=d), end=date(2024, 1, 8) + timedelta(days=d)
        )
        for d in sorted(set(holidays))
    )
    return Calendar(calendar_id, calendar_id, tuple(week), exceptions)


@st.composite
def networks(
    draw: st.DrawFn, *, only_fs: bool = False, constraints: bool = True, one_calendar: bool = False
) -> Project:
    cals = (draw(calendars("c0")), draw(calendars("c1")), draw(calendars("c2")))
    n = draw(st.integers(1, 18))
    tasks = []
    for i in range(n):
        constraint = "ASAP"
        constraint_date = None
        if constraints and draw(st.integers(0, 5)) == 0:
            constraint = "SNET"
            constraint_date = MONDAY + timedelta(minutes=draw(st.integers(0, 20 * 1440)))
        tasks.append(
            Task(
                id=f"t{i}",
                duration=Duration(draw(st.sampled_from([0, 30, 240, 480, 960, 1300, 2400]))),
                calendar_id=None if one_calendar else draw(st.sampled_from([None, "c1", "c2"])),
                constraint=constraint,  # type: ignore[arg-type]
                constraint_date=constraint_date,
            )
        )
    links = []
    pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=3 * n))
    for a, b in sorted({(min(p), max(p)) for p in pairs if p[0] != p[1]}):
        kind = LinkType.FS if only_fs else draw(st.sampled_from(KINDS))
        lag = Lag(
            minutes=draw(st.sampled_from([0, 0, 60, 480, -240])),
            calendar=LagCalendar.PROJECT
            if one_calendar
            else draw(st.sampled_from(list(LagCalendar))),
        )
        links.append(Link(f"t{a}", f"t{b}", kind, lag))
    return Project(
        name="random",
        start=MONDAY,
        calendar_id="c0",
        calendars=cals,
        tasks=tuple(tasks),
        links=tuple(links),
    )


def _lag_calendar_id(project: Project, link: Link) -> str | None:
    tasks = {t.id: t for t in project.tasks}
    if link.lag.calendar is LagCalendar.TWENTY_FOUR_HOUR:
        return None
    if link.lag.calendar is LagCalendar.PROJECT:
        return project.calendar_id
    owner = (
        link.predecessor_id if link.lag.calendar is LagCalendar.PREDECESSOR else link.successor_id
    )
    return tasks[owner].calendar_id or project.calendar_id


def _reach(cal_set, project: Project, link: Link, base: datetime) -> int:  # type: ignore[no-untyped-def]
    """The earliest instant the link lets the successor's driven date be (zero lag: ``base``)."""
    lag_id = _lag_calendar_id(project, link)
    lag_cal = cal_set.twenty_four_hour if lag_id is None else cal_set.get(lag_id)
    t = lag_cal.from_datetime(base)
    if link.lag.minutes == 0:
        return int(t)
    return int(lag_cal.finish_at(lag_cal.index(t) + link.lag.minutes))


def check_logic_respected(project: Project, schedule: Schedule) -> None:
    cal_set = compile_calendars(project.calendars, MONDAY.date())
    tasks = {t.id: t for t in project.tasks}

    def cal_of(task_id: str):  # type: ignore[no-untyped-def]
        return cal_set.get(tasks[task_id].calendar_id or project.calendar_id)

    start_cal = cal_set.get(project.calendar_id)
    linked = {link.successor_id for link in project.links}
    for task_id, entry in schedule.tasks.items():
        cal = cal_of(task_id)
        task = tasks[task_id]
        # The project start bounds tasks without predecessors (linked tasks follow their links,
        # checked below); a dated SNET/FNET/MSO/MFO constraint before it replaces that bound.
        dated_early = task.constraint in {"SNET", "FNET", "MSO", "MFO"}
        if task_id not in linked and not (
            dated_early and task.constraint_date < schedule.project_start
        ):
            assert cal.index(cal.from_datetime(entry.early_start)) >= cal.index(
                start_cal.from_datetime(schedule.project_start)
            ), task_id
        if task.constraint == "SNET" and task.constraint_date is not None:
            assert cal.index(cal.from_datetime(entry.early_start)) >= cal.index(
                cal.from_datetime(task.constraint_date)
            ), task_id
    for link in project.links:
        pred, succ = schedule.tasks[link.predecessor_id], schedule.tasks[link.successor_id]
        base = pred.early_finish if link.type in (LinkType.FS, LinkType.FF) else pred.early_start
        driven = succ.early_start if link.type in (LinkType.FS, LinkType.SS) else succ.early_finish
        earliest = _reach(cal_set, project, link, base)
        succ_cal = cal_of(link.successor_id)
        assert succ_cal.index(succ_cal.from_datetime(driven)) >= succ_cal.index(earliest), link


@settings(max_examples=120, deadline=None)
@given(networks())
def test_no_task_starts_before_its_logic_and_constraints_allow(project: Project) -> None:
    schedule = schedule_project(project)
    check_logic_respected(project, schedule)


@settings(max_examples=120, deadline=None)
@given(networks(constraints=False))
def test_late_dates_never_precede_early_dates_with_non_negative_float(project: Project) -> None:
    schedule = schedule_project(project)
    for task_id, entry in schedule.tasks.items():
        assert entry.total_float_minutes >= 0, task_id
        assert entry.late_start >= entry.early_start, task_id
        assert entry.late_finish >= entry.early_finish, task_id
        assert 0 <= entry.free_float_minutes <= entry.total_float_minutes


@settings(max_examples=120, deadline=None)
@given(networks(only_fs=True, constraints=False, one_calendar=True))
def test_critical_path_has_zero_float_and_spans_the_project(project: Project) -> None:
    schedule = schedule_project(project)
    cal = compile_calendars(project.calendars, MONDAY.date()).get(project.calendar_id)
    durations = {t.id: t.duration.minutes for t in project.tasks}
    entries = schedule.tasks
    assert min(e.total_float_minutes for e in entries.values()) == 0
    for task_id in schedule.critical_path:
        assert entries[task_id].total_float_minutes == 0

    def index(value: datetime) -> int:
        return int(cal.index(cal.from_datetime(value)))

    # Walk back from a critical task finishing at the project finish through driving critical
    # predecessors: the chain must reach the project start and its durations plus lags must
    # add up to the project's working time.
    last = [t for t in schedule.critical_path if entries[t].early_finish == schedule.project_finish]
    assert last, "no critical task finishes at the project finish"
    preds: dict[str, list[Link]] = {}
    for link in project.links:
        preds.setdefault(link.successor_id, []).append(link)
    current = last[0]
    length = durations[current]
    while True:
        start_index = index(entries[current].early_start)
        driving = [
            link
            for link in preds.get(current, [])
            if entries[link.predecessor_id].critical
            and index(entries[link.predecessor_id].early_finish) + link.lag.minutes == start_index
        ]
        if not driving:
            break
        current = driving[0].predecessor_id
        length += durations[current] + driving[0].lag.minutes
    assert index(entries[current].early_start) == index(schedule.project_start)
    assert length == index(schedule.project_finish) - index(schedule.project_start)
