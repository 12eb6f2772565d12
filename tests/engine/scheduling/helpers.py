"""Builders shared by the scheduling tests."""

from __future__ import annotations

from datetime import UTC, date, datetime

from tandem.engine.scheduling import (
    Calendar,
    CalendarException,
    Duration,
    Link,
    LinkType,
    Project,
    ScheduleOptions,
    Task,
    standard_calendar,
    twenty_four_hour_calendar,
)

DAY = 480  # working minutes in a Standard-calendar day
MONDAY = datetime(2024, 1, 8, 8, 0, tzinfo=UTC)  # a Monday 08:00


def at(day: int, hour: int = 8, minute: int = 0, month: int = 1, year: int = 2024) -> datetime:
    """An aware UTC datetime in January 2024 (8 January 2024 is a Monday)."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def task(task_id: str, minutes: int = DAY, **fields: object) -> Task:
    return Task(id=task_id, name=task_id, duration=Duration(minutes), **fields)  # type: ignore[arg-type]


def fs(pred: str, succ: str, kind: LinkType = LinkType.FS, **lag: object) -> Link:
    from tandem.engine.scheduling import Lag

    return Link(pred, succ, kind, Lag(**lag) if lag else Lag())  # type: ignore[arg-type]


def project(
    tasks: tuple[Task, ...] | list[Task],
    links: tuple[Link, ...] | list[Link] = (),
    *,
    start: datetime = MONDAY,
    calendars: tuple[Calendar, ...] | None = None,
    calendar_id: str = "std",
    **fields: object,
) -> Project:
    cals = (
        calendars
        if calendars is not None
        else (standard_calendar("std"), twenty_four_hour_calendar("24h"))
    )
    return Project(
        name="test",
        start=start,
        calendar_id=calendar_id,
        calendars=cals,
        tasks=tuple(tasks),
        links=tuple(links),
        **fields,  # type: ignore[arg-type]
    )


def holiday(day: date, name: str = "holiday") -> CalendarException:
    return CalendarException(start=day, end=day, name=name)


__all__ = [
    "DAY",
    "MONDAY",
    "ScheduleOptions",
    "at",
    "fs",
    "holiday",
    "project",
    "task",
]
