"""Small plan files for the import tests, written here (no reference data needed)."""

from __future__ import annotations

import datetime as dt

from tandem.engine.formats import write_mspdi
from tandem.engine.scheduling import model as engine
from tandem.engine.scheduling import schedule_project

UTC = dt.UTC
WEEK = (((480, 720), (780, 1020)),) * 5 + ((), ())

CSV_PLAN = (
    b"ID,WBS,Name,Duration,Start,Predecessors,Resource Names,% Complete\n"
    b"1,1,Design,,,,,\n"
    b"2,1.1,Sketch,3d,2025-03-03,,member,50\n"
    b"3,1.2,Review,2d,,2FS+1d,Crane[50%],\n"
    b"4,2,Launch,0d,,3SS+2d,,\n"
)


def mspdi_plan() -> bytes:
    """Three tasks under a summary, FS and SS links with lags, a holiday, a resource."""
    start = dt.datetime(2025, 3, 3, 8, tzinfo=UTC)
    calendar = engine.Calendar(
        id="1",
        name="Standard",
        week=WEEK,
        exceptions=(engine.CalendarException(dt.date(2025, 3, 7), dt.date(2025, 3, 7)),),
    )
    day = 480
    tasks = (
        engine.Task(id="1", name="Build", duration=engine.Duration(0)),
        engine.Task(id="2", name="Foundations", duration=engine.Duration(3 * day), parent_id="1"),
        engine.Task(id="3", name="Walls", duration=engine.Duration(4 * day), parent_id="1"),
        engine.Task(id="4", name="Handover", duration=engine.Duration(0), milestone=True),
    )
    links = (
        engine.Link("2", "3", engine.LinkType.FS, engine.Lag(day)),
        engine.Link("3", "4", engine.LinkType.FS),
    )
    project = engine.Project(
        name="House",
        start=start,
        calendar_id="1",
        calendars=(calendar,),
        tasks=tasks,
        links=links,
        resources=(engine.Resource(id="7", name="member"),),
        assignments=(engine.Assignment("2", "7", 1.0),),
    )
    return write_mspdi(project, schedule_project(project))
