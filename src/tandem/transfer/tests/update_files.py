"""Two versions of one MS Project plan, for the update-from-a-newer-file tests.

Version 1: Build (summary) with Foundations, Walls, Roof and Windows, then Handover; Crane on
Foundations. Version 2: Walls renamed "Brick walls", Roof removed, Paint added (after the walls),
the link into Windows moved from Foundations to the walls, Foundations half done, Crane on
Walls at 50% too."""

from __future__ import annotations

import datetime as dt

from tandem.engine.formats import write_mspdi
from tandem.engine.scheduling import model as engine
from tandem.engine.scheduling import schedule_project

UTC = dt.UTC
WEEK = (((480, 720), (780, 1020)),) * 5 + ((), ())
DAY = 480
START = dt.datetime(2025, 3, 3, 8, tzinfo=UTC)


def _task(uid: str, name: str, days: int, **fields: object) -> engine.Task:
    return engine.Task(id=uid, name=name, duration=engine.Duration(days * DAY), **fields)  # type: ignore[arg-type]


def _link(pred: str, succ: str, lag_days: int = 0) -> engine.Link:
    return engine.Link(pred, succ, engine.LinkType.FS, engine.Lag(lag_days * DAY))


def _file(tasks: tuple[engine.Task, ...], links: tuple[engine.Link, ...], assignments) -> bytes:
    project = engine.Project(
        name="House",
        start=START,
        calendar_id="1",
        calendars=(engine.Calendar(id="1", name="Standard", week=WEEK),),
        tasks=tasks,
        links=links,
        resources=(engine.Resource(id="7", name="Crane"),),
        assignments=assignments,
        status_date=dt.datetime(2025, 3, 4, 17, tzinfo=UTC),
    )
    return write_mspdi(project, schedule_project(project))


def version_1() -> bytes:
    tasks = (
        _task("1", "Build", 0),
        _task("2", "Foundations", 3, parent_id="1"),
        _task("3", "Walls", 4, parent_id="1"),
        _task("4", "Roof", 2, parent_id="1"),
        _task("5", "Windows", 2, parent_id="1"),
        _task("8", "Handover", 0, milestone=True),
    )
    links = (_link("2", "3", 1), _link("3", "4"), _link("4", "8"), _link("2", "5"), _link("5", "8"))
    return _file(tasks, links, (engine.Assignment("2", "7", 1.0),))


def version_2() -> bytes:
    tasks = (
        _task("1", "Build", 0),
        _task("2", "Foundations", 3, parent_id="1", percent_complete=50.0, actual_start=START),
        _task("3", "Brick walls", 4, parent_id="1"),
        _task("6", "Paint", 2, parent_id="1"),
        _task("5", "Windows", 2, parent_id="1"),
        _task("8", "Handover", 0, milestone=True),
    )
    links = (_link("2", "3", 1), _link("3", "6"), _link("6", "8"), _link("3", "5"), _link("5", "8"))
    assignments = (engine.Assignment("2", "7", 1.0), engine.Assignment("3", "7", 0.5))
    return _file(tasks, links, assignments)


def other_plan() -> bytes:
    """Another plan with the same unique ids (MS Project numbers every plan from 1)."""
    tasks = (
        _task("1", "Design", 0),
        _task("2", "Sketch", 3, parent_id="1"),
        _task("3", "Review", 2, parent_id="1"),
        _task("4", "Approve", 1, parent_id="1"),
        _task("5", "Print", 2, parent_id="1"),
        _task("8", "Launch", 0, milestone=True),
    )
    return _file(tasks, (_link("2", "3"),), ())
