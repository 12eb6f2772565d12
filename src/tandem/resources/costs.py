"""Actual cost of a project: hours logged priced at the person's rate on the day they were worked,
plus the costs recorded (invoices, purchases, expenses).

A person's hours are priced through their person resource (the one linked to them, as planned
cost is in ``planning.work_and_cost``): at the resource's ``standard_rate`` before its first rate
change, then at each change's rate from its ``effective_from`` date on. Hours of people without
a person resource, or at a rate of 0, are counted as unpriced hours. Amounts in another currency
than the project's are left out and reported per currency (there is no exchange rate to convert
them). Cost entries on a task count for that task; the others for the project as a whole.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum

from tandem.projects.models import Project

from .models import CostEntry, Resource, ResourceKind, ResourceRate, TimeEntry

CENT = Decimal("0.01")


@dataclass(frozen=True)
class PersonRate:
    """One person resource's hourly rates: ``base`` until the first change, then ``changes``
    (ascending dates, each with the rate from that date on)."""

    currency: str
    base: Decimal
    change_dates: tuple[dt.date, ...] = ()
    change_rates: tuple[Decimal, ...] = ()

    def on(self, day: dt.date) -> Decimal:
        """The hourly rate in force on ``day``."""
        index = bisect.bisect_right(self.change_dates, day)
        return self.base if index == 0 else self.change_rates[index - 1]


def person_rates(
    organization_id: int, user_ids: Iterable[int] | None = None
) -> dict[int, PersonRate]:
    """Hourly rates of the organization's person resources by user id, with their changes (two
    queries)."""
    resources = Resource.objects.filter(
        organization_id=organization_id, kind=ResourceKind.PERSON, user__isnull=False
    )
    if user_ids is not None:
        resources = resources.filter(user_id__in=list(user_ids))
    found = {r.pk: r for r in resources}
    changes: dict[int, list[ResourceRate]] = defaultdict(list)
    for change in ResourceRate.objects.filter(resource_id__in=list(found)).order_by(
        "effective_from"
    ):
        changes[change.resource_id].append(change)
    return {
        r.user_id: PersonRate(
            currency=r.currency,
            base=r.standard_rate,
            change_dates=tuple(c.effective_from for c in changes[r.pk]),
            change_rates=tuple(c.standard_rate for c in changes[r.pk]),
        )
        for r in found.values()
        if r.user_id is not None
    }


@dataclass(frozen=True)
class CostLine:
    """One priced amount: ``source`` is "time" (hours x rate) or "cost" (a cost entry)."""

    task_id: int | None
    day: dt.date
    amount: Decimal
    source: str


@dataclass(frozen=True)
class ActualCosts:
    """The project's actual cost up to a date, in its currency, line by line."""

    currency: str
    lines: list[CostLine]
    unpriced_hours: Decimal = Decimal(0)
    other_currencies: dict[str, Decimal] = field(default_factory=dict)

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal(0)).quantize(CENT)

    @property
    def labour(self) -> Decimal:
        """The part that comes from logged time."""
        amounts = (line.amount for line in self.lines if line.source == "time")
        return sum(amounts, Decimal(0)).quantize(CENT)

    def by_task(self) -> dict[int | None, Decimal]:
        """Cost per task id (None: costs recorded for the project, not for a task)."""
        totals: dict[int | None, Decimal] = defaultdict(Decimal)
        for line in self.lines:
            totals[line.task_id] += line.amount
        return dict(totals)

    def cumulative_at(self, days: Iterable[dt.date]) -> list[Decimal]:
        """Cumulative cost at the end of each of ``days`` (ascending)."""
        ordered = sorted(self.lines, key=lambda line: line.day)
        result, running, index = [], Decimal(0), 0
        for day in days:
            while index < len(ordered) and ordered[index].day <= day:
                running += ordered[index].amount
                index += 1
            result.append(running)
        return result


def actual_costs(project: Project, *, until: dt.date | None = None) -> ActualCosts:
    """Logged time priced at the rate of its day plus the project's cost entries, up to
    ``until`` inclusive (None: everything). Three queries and the rates'."""
    currency = project.currency
    time = TimeEntry.objects.filter(project=project)
    costs = CostEntry.objects.filter(project=project)
    if until is not None:
        time = time.filter(date__lte=until)
        costs = costs.filter(date__lte=until)
    hours = list(
        time.values_list("person_id", "task_id", "date").annotate(total=Sum("hours")).order_by()
    )
    rates = person_rates(project.organization_id, {row[0] for row in hours})
    lines: list[CostLine] = []
    unpriced = Decimal(0)
    skipped: dict[str, Decimal] = defaultdict(Decimal)
    for person_id, task_id, day, total in hours:
        rate = rates.get(person_id)
        amount = None if rate is None else total * rate.on(day)
        if rate is None or not amount:
            unpriced += total
        elif rate.currency != currency:
            skipped[rate.currency] += amount
        else:
            lines.append(CostLine(task_id, day, amount, "time"))
    for task_id, day, amount, entry_currency in costs.values_list(
        "task_id", "date", "amount", "currency"
    ):
        if entry_currency != currency:
            skipped[entry_currency] += amount
        else:
            lines.append(CostLine(task_id, day, amount, "cost"))
    return ActualCosts(
        currency=currency,
        lines=lines,
        unpriced_hours=unpriced,
        other_currencies={k: v.quantize(CENT) for k, v in sorted(skipped.items())},
    )
