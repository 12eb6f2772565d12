"""Reads of resources, budgets, costs and time, already narrowed to what the user may see."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _

from tandem.core.errors import Forbidden
from tandem.planning.models import Assignment
from tandem.projects.models import Project
from tandem.projects.policies import access_project

from .costs import actual_costs, person_rates
from .models import BudgetCategory, BudgetLine, CostEntry, Resource, ResourceRate, TimeEntry
from .policies import (
    BudgetLinePolicy,
    CostEntryPolicy,
    ResourcePolicy,
    ResourceRatePolicy,
    TimeEntryPolicy,
    can_see_rates,
)


def list_resources(
    user: Any, *, kind: str | None = None, q: str | None = None, active: bool | None = None
) -> QuerySet[Resource]:
    qs = ResourcePolicy.visible_to(user).select_related("user", "calendar")
    if kind:
        qs = qs.filter(kind=kind)
    if active is not None:
        qs = qs.filter(active=active)
    if q:
        qs = qs.filter(name__icontains=q)
    return qs.order_by("name", "id")


def get_resource(user: Any, resource_id: int, action: str = "view") -> Resource:
    return ResourcePolicy.access(user, resource_id, action)


def list_rate_changes(user: Any, resource_id: int) -> QuerySet[ResourceRate]:
    """A resource's rate changes, oldest first; 403 for people who do not see rates."""
    resource = get_resource(user, resource_id)
    if not can_see_rates(user):
        raise Forbidden(_("Only organization admins and project managers see cost rates."))
    return ResourceRatePolicy.visible_to(user).filter(resource=resource).order_by("effective_from")


def get_rate_change(user: Any, rate_id: int, action: str = "view") -> ResourceRate:
    return ResourceRatePolicy.access(user, rate_id, action)


def list_budget_lines(user: Any, project_id: int) -> QuerySet[BudgetLine]:
    access_project(user, project_id, "budget.view")
    return BudgetLinePolicy.visible_to(user).filter(project_id=project_id)


def get_budget_line(user: Any, line_id: int, action: str = "view") -> BudgetLine:
    return BudgetLinePolicy.access(user, line_id, action)


def list_cost_entries(
    user: Any, project_id: int, *, category: str | None = None
) -> QuerySet[CostEntry]:
    access_project(user, project_id, "budget.view")
    qs = CostEntryPolicy.visible_to(user).filter(project_id=project_id)
    if category:
        qs = qs.filter(category=category)
    return qs


def get_cost_entry(user: Any, entry_id: int, action: str = "view") -> CostEntry:
    return CostEntryPolicy.access(user, entry_id, action)


def list_time_entries(
    user: Any,
    project_id: int,
    *,
    person: int | None = None,
    task: int | None = None,
) -> QuerySet[TimeEntry]:
    """Leads see every entry of the project; other workers their own only."""
    access_project(user, project_id, "time.log")
    qs = TimeEntryPolicy.visible_to(user).filter(project_id=project_id)
    if person is not None:
        qs = qs.filter(person_id=person)
    if task is not None:
        qs = qs.filter(task_id=task)
    return qs.select_related("person", "task").order_by("-date", "-id")


def get_time_entry(user: Any, entry_id: int, action: str = "view") -> TimeEntry:
    return TimeEntryPolicy.access(user, entry_id, action)


def budget_summary(project: Project, *, with_logged_time: bool = True) -> dict[str, Any]:
    """Budget per category, actual cost per category, and totals (in the stored amounts).

    Actual labour counts the hours logged, priced at each person's rate of the day
    (``costs.actual_costs``), besides the labour costs recorded; ``with_logged_time=False``
    leaves them out, for people who may not see rates (an amount priced from one person's hours
    would show their rate).
    """
    budget = dict(
        BudgetLine.objects.filter(project=project)
        .values_list("category")
        .annotate(total=Sum("amount"))
        .values_list("category", "total")
    )
    actual = dict(
        CostEntry.objects.filter(project=project)
        .values_list("category")
        .annotate(total=Sum("amount"))
        .values_list("category", "total")
    )
    logged = labour_from_logged_time(project) if with_logged_time else Decimal(0)
    if logged:
        actual[BudgetCategory.LABOUR] = actual.get(BudgetCategory.LABOUR, Decimal(0)) + logged
    categories = sorted(set(budget) | set(actual))
    rows = [
        {
            "category": c,
            "budget": budget.get(c, Decimal(0)),
            "actual": actual.get(c, Decimal(0)),
            "remaining": budget.get(c, Decimal(0)) - actual.get(c, Decimal(0)),
        }
        for c in categories
    ]
    total_budget = sum((r["budget"] for r in rows), Decimal(0))
    total_actual = sum((r["actual"] for r in rows), Decimal(0))
    return {
        "rows": rows,
        "budget": total_budget,
        "actual": total_actual,
        "remaining": total_budget - total_actual,
        "labour_from_time": logged,
    }


def labour_from_logged_time(project: Project) -> Decimal:
    """Hours logged on the project priced at each person's rate of the day, in the project's
    currency (hours priced in another currency are left out)."""
    return actual_costs(project).labour


def labour_cost_from_time(project: Project) -> dict[str, Any]:
    """Hours logged on the project priced at each person's standard hourly rate on the day worked
    (rate changes respected, see ``costs``).

    People without a person resource (or with a rate of 0) are counted in ``unpriced_hours``.
    Amounts are in each resource's currency; ``currencies`` lists the ones found.
    """
    rates = person_rates(project.organization_id)
    cost = Decimal(0)
    unpriced = Decimal(0)
    currencies: set[str] = set()
    totals = (
        TimeEntry.objects.filter(project=project)
        .values_list("person_id", "date")
        .annotate(hours=Sum("hours"))
        .order_by()
    )
    for person_id, day, hours in totals:
        rate = rates.get(person_id)
        hourly = Decimal(0) if rate is None else rate.on(day)
        if rate is None or hourly == 0:
            unpriced += hours
            continue
        cost += hours * hourly
        currencies.add(rate.currency)
    return {
        "cost": cost.quantize(Decimal("0.01")),
        "unpriced_hours": unpriced,
        "currencies": sorted(currencies),
    }


def allocations(project: Project) -> list[dict[str, Any]]:
    """Per person or resource: the tasks they are on in the project and the summed units."""
    rows: dict[tuple[str, int | None], dict[str, Any]] = {}
    qs = (
        Assignment.objects.filter(task__project=project)
        .select_related("person", "resource", "task")
        .order_by("task__wbs_sort")
    )
    for a in qs:
        key = ("person", a.person_id) if a.person_id else ("resource", a.resource_id)
        entry = rows.setdefault(
            key,
            {
                "name": str(a.person if a.person_id else a.resource),
                "kind": key[0],
                "tasks": [],
                "units": Decimal(0),
            },
        )
        entry["tasks"].append(a.task)
        entry["units"] += a.units
    return sorted(rows.values(), key=lambda r: r["name"].lower())
