"""Resources with their rates, the budget by category, invoices paid so far, and the hours the
team logged on the tasks they worked on."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from tandem.accounts.models import User
from tandem.planning.calendar import project_calendar
from tandem.planning.models import Task
from tandem.projects.models import Project
from tandem.resources import actions as resource_actions
from tandem.resources.models import BudgetLine, Resource

# username -> (standard rate, overtime rate) in EUR per hour
PERSON_RATES: dict[str, tuple[str, str]] = {
    "maria": ("95.00", "120.00"),
    "colin": ("75.00", "95.00"),
    "dev.anna": ("90.00", "115.00"),
    "dev.ben": ("85.00", "110.00"),
    "qa.chloe": ("70.00", "90.00"),
    "ux.dan": ("80.00", "100.00"),
}

# category -> (description, amount in EUR); the amounts add up to the project budget.
BUDGET_LINES: list[tuple[str, str, str]] = [
    ("labour", "Project team: six people for seventeen weeks", "300000.00"),
    ("services", "Map and traffic data licence, cloud hosting", "70000.00"),
    ("equipment", "Test device lab: 24 phones and tablets", "25000.00"),
    ("travel", "Depot visits, pilot and on-site training", "15000.00"),
    ("material", "Printed quick guides and vehicle mounts", "10000.00"),
    ("contingency", "Management reserve", "60000.00"),
]

# (category, day offset from the start, amount, description, task key or None)
COSTS: list[tuple[str, int, str, str, str | None]] = [
    (
        "travel",
        3,
        "1840.00",
        "Train and hotel: dispatcher interviews in Leipzig and Lyon",
        "interviews",
    ),
    ("services", 10, "2950.00", "Cloud hosting, first month (staging and benchmark runs)", None),
    ("equipment", 15, "11200.00", "Test device lab: 12 phones, 4 tablets, charging rack", "lab"),
    ("services", 24, "18000.00", "Traffic data licence, first quarter", "contract"),
    ("services", 31, "2950.00", "Cloud hosting, second month", None),
    ("material", 33, "1400.00", "Vehicle mounts for the pilot vans (20)", "pilot"),
]


def create_resources(admin: User, people: dict[str, User]) -> dict[str, Resource]:
    """The organization admin registers the people with their rates, plus two non-person
    resources the plan uses."""
    resources: dict[str, Resource] = {}
    for username, (rate, overtime) in PERSON_RATES.items():
        person = people[username]
        resources[username] = resource_actions.do_create_resource(
            acting_user=admin,
            name=person.display_name,
            kind="person",
            user=person,
            standard_rate=Decimal(rate),
            overtime_rate=Decimal(overtime),
        )
    resources["Test device lab"] = resource_actions.do_create_resource(
        acting_user=admin,
        name="Test device lab",
        kind="equipment",
        standard_rate=Decimal("12.50"),
        cost_per_use=Decimal("40.00"),
        max_units=Decimal("200"),
    )
    resources["Map and traffic data licence"] = resource_actions.do_create_resource(
        acting_user=admin,
        name="Map and traffic data licence",
        kind="material",
        standard_rate=Decimal("6000.00"),
        material_unit="month",
    )
    return resources


def create_budget(project: Project, maria: User, tasks: dict[str, Task]) -> list[BudgetLine]:
    """Budget lines summing to the project budget, and the costs booked against them."""
    lines = {
        category: resource_actions.do_create_budget_line(
            project,
            acting_user=maria,
            category=category,
            amount=Decimal(amount),
            description=description,
        )
        for category, description, amount in BUDGET_LINES
    }
    start = project.start_date
    for category, offset, amount, description, task_key in COSTS:
        resource_actions.do_create_cost_entry(
            project,
            acting_user=maria,
            category=category,
            date=start + dt.timedelta(days=offset),
            amount=Decimal(amount),
            description=description,
            budget_line=lines[category],
            task=tasks[task_key] if task_key else None,
        )
    return list(lines.values())


def _hours(units: Decimal) -> Decimal:
    """A day's hours at ``units`` percent, to the half hour (at least half an hour)."""
    half_hours = max(round(units * 16 / 100), 1)
    return Decimal(half_hours) / 2


def _planned_days(
    started: list[Task], today: dt.date, calendar: Any
) -> dict[tuple[Any, dt.date], list[tuple[Task, Decimal]]]:
    """(person, day) -> the started tasks they worked on that day, with their units."""
    days: dict[tuple[Any, dt.date], list[tuple[Task, Decimal]]] = defaultdict(list)
    for task in started:
        if task.actual_start is None:
            continue
        last = min(task.actual_finish or today, today - dt.timedelta(days=1))
        assignments = task.assignments.filter(person__isnull=False).select_related("person")
        for assignment in assignments:
            day = task.actual_start
            while day <= last:
                if calendar.is_working_day(day):
                    days[(assignment.person, day)].append((task, assignment.units))
                day += dt.timedelta(days=1)
    return days


def log_time(project: Project, started: list[Task], today: dt.date) -> int:
    """Each person logs their own hours, day by day up to yesterday, on the started tasks
    assigned to them: eight hours a day shared by their allocation units. Returns the number of
    entries."""
    calendar = project_calendar(project)
    days = _planned_days(started, today, calendar)
    count = 0
    for (person, day), work in sorted(days.items(), key=lambda item: (item[0][1], item[0][0].pk)):
        total_units = max(sum((units for _, units in work), Decimal(0)), Decimal(100))
        for task, units in work:
            resource_actions.do_log_time(
                task,
                acting_user=person,
                date=day,
                hours=_hours(units * 100 / total_units),
                note=_note(task, day),
            )
            count += 1
    return count


def _note(task: Task, day: dt.date) -> str:
    if day == task.actual_start:
        return f"Started: {task.name}"
    if day == task.actual_finish:
        return "Finished and handed over"
    return ""


def budget_total(lines: list[BudgetLine]) -> Decimal:
    return sum((line.amount for line in lines), Decimal(0))
