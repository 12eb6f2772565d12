"""The project's working calendar as the planning pages use it: working weekdays and holidays."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from tandem.projects.models import Project
from tandem.resources.models import WorkCalendar, default_week

from .models import PlanSettings


@dataclass(frozen=True)
class ProjectCalendar:
    """Working hours per ISO weekday ("1".."7" -> [["09:00","17:00"], ...]) and holidays."""

    working_hours: dict[str, list[list[str]]]
    holidays: frozenset[dt.date]
    hours_per_day: Decimal
    name: str = "Standard"

    def is_working_day(self, day: dt.date) -> bool:
        return bool(self.working_hours.get(str(day.isoweekday()))) and day not in self.holidays

    def working_days(self, start: dt.date, finish: dt.date) -> int:
        """Working days from ``start`` to ``finish``, both inclusive; 0 when finish < start."""
        count = 0
        day = start
        while day <= finish:
            count += self.is_working_day(day)
            day += dt.timedelta(days=1)
        return count


def settings_of(project: Project) -> PlanSettings | None:
    return PlanSettings.objects.filter(project=project).select_related("calendar").first()


def project_calendar(project: Project) -> ProjectCalendar:
    """The calendar set in the project's plan settings, else Monday-Friday 09:00-17:00."""
    settings = settings_of(project)
    calendar: WorkCalendar | None = settings.calendar if settings else None
    hours = settings.hours_per_day if settings else Decimal("8")
    if calendar is None:
        return ProjectCalendar(default_week(), frozenset(), hours)
    holidays = frozenset(calendar.holidays.values_list("date", flat=True))
    return ProjectCalendar(calendar.working_hours, holidays, hours, calendar.name)
