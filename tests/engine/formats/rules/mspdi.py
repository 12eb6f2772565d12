"""Hand-written MSPDI files for the scheduling-rule tests: a wrapper and a standard calendar.

Every test writes its tasks, resources and assignments as MSPDI XML itself, so that the file
reads like one saved by MS Project and the expected dates can be derived by hand from it.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from tandem.engine.formats import ImportedProject, load_mspdi
from tandem.engine.scheduling import Schedule, schedule_project

UTC = ZoneInfo("UTC")

_DAY = (
    "<WeekDay><DayType>{day}</DayType><DayWorking>1</DayWorking><WorkingTimes>"
    "<WorkingTime><FromTime>{a}</FromTime><ToTime>{b}</ToTime></WorkingTime>"
    "<WorkingTime><FromTime>{c}</FromTime><ToTime>{d}</ToTime></WorkingTime>"
    "</WorkingTimes></WeekDay>"
)
_OFF = "<WeekDay><DayType>{day}</DayType><DayWorking>0</DayWorking></WeekDay>"


def calendar_xml(
    uid: str,
    name: str,
    *,
    working_days: tuple[int, ...] = (2, 3, 4, 5, 6),
    hours: tuple[str, str, str, str] = ("08:00:00", "12:00:00", "13:00:00", "17:00:00"),
    base: str | None = None,
) -> str:
    """A calendar; ``working_days`` are MSPDI DayTypes (1 = Sunday ... 7 = Saturday).

    Without ``base`` it is a base calendar listing all seven days. With ``base`` it is a
    resource-style calendar that lists only ``working_days`` with ``hours`` and inherits the
    other weekdays from ``base``.
    """
    a, b, c, d = hours
    if base is None:
        days = "".join(
            _DAY.format(day=day, a=a, b=b, c=c, d=d)
            if day in working_days
            else _OFF.format(day=day)
            for day in range(1, 8)
        )
        head = "<IsBaseCalendar>1</IsBaseCalendar>"
    else:
        days = "".join(_DAY.format(day=day, a=a, b=b, c=c, d=d) for day in working_days)
        head = f"<IsBaseCalendar>0</IsBaseCalendar><BaseCalendarUID>{base}</BaseCalendarUID>"
    return (
        f"<Calendar><UID>{uid}</UID><Name>{name}</Name>{head}<WeekDays>{days}</WeekDays></Calendar>"
    )


STANDARD = calendar_xml("1", "Standard")
"""Monday to Friday, 08:00-12:00 and 13:00-17:00 (MS Project's Standard calendar)."""


def project_xml(
    tasks: str,
    *,
    start: str = "2024-01-08T08:00:00",
    calendars: str = STANDARD,
    resources: str = "",
    assignments: str = "",
    header: str = "",
) -> bytes:
    """An MSPDI file: project calendar UID 1, project summary task UID 0, then ``tasks``."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Project xmlns="http://schemas.microsoft.com/project">
  <Name>rule</Name><StartDate>{start}</StartDate><CalendarUID>1</CalendarUID>
  <MinutesPerDay>480</MinutesPerDay><MinutesPerWeek>2400</MinutesPerWeek>
  <DaysPerMonth>20</DaysPerMonth><DurationFormat>7</DurationFormat>{header}
  <Calendars>{calendars}</Calendars>
  <Tasks>
    <Task><UID>0</UID><ID>0</ID><Name>rule</Name><OutlineLevel>0</OutlineLevel></Task>
    {tasks}
  </Tasks>
  <Resources>{resources}</Resources>
  <Assignments>{assignments}</Assignments>
</Project>""".encode()


def schedule_xml(data: bytes) -> tuple[ImportedProject, Schedule]:
    imported = load_mspdi(data)
    return imported, schedule_project(imported.project)


def at(text: str) -> datetime:
    """``"2024-01-08 08:00"`` as an instant in UTC (the reader's default zone)."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
