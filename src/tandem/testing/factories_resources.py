"""Resource, budget, cost and time state for tests, built through the real actions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from tandem.planning.models import Task
from tandem.projects.models import Project
from tandem.resources import actions
from tandem.resources.models import BudgetLine, CostEntry, Resource, TimeEntry


def make_resource(
    admin: Any, name: str = "Crane", kind: str = "equipment", **fields: Any
) -> Resource:
    fields.setdefault("standard_rate", Decimal("50.00"))
    return actions.do_create_resource(acting_user=admin, name=name, kind=kind, **fields)


def make_budget_line(
    project: Project, manager: Any, amount: str = "1000.00", category: str = "labour", **fields: Any
) -> BudgetLine:
    return actions.do_create_budget_line(
        project, acting_user=manager, category=category, amount=Decimal(amount), **fields
    )


def make_cost_entry(
    project: Project, manager: Any, amount: str = "250.00", category: str = "labour", **fields: Any
) -> CostEntry:
    fields.setdefault("date", dt.date(2026, 2, 2))
    return actions.do_create_cost_entry(
        project, acting_user=manager, category=category, amount=Decimal(amount), **fields
    )


def make_time_entry(task: Task, person: Any, hours: str = "2.5", **fields: Any) -> TimeEntry:
    fields.setdefault("date", dt.date(2026, 2, 3))
    return actions.do_log_time(task, acting_user=person, hours=Decimal(hours), **fields)
