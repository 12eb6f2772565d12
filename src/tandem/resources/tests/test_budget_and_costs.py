import datetime as dt
from decimal import Decimal

import pytest

from tandem.core.errors import Forbidden, ValidationFailed
from tandem.core.models import AuditEvent
from tandem.resources.actions import do_create_budget_line, do_create_cost_entry
from tandem.resources.models import BudgetLine, CostEntry
from tandem.resources.queries import budget_summary
from tandem.testing.factories_resources import make_budget_line, make_cost_entry


def test_budget_line_defaults_to_project_currency(world):
    line = do_create_budget_line(
        world.project, acting_user=world.manager, category="labour", amount=Decimal("900")
    )
    assert (line.currency, line.amount) == ("EUR", Decimal("900"))
    assert AuditEvent.objects.get(action="budget_line.created").changes["amount"] == [
        None,
        "900",
    ]


def test_coordinator_cannot_change_budget(world):
    with pytest.raises(Forbidden, match="Only the project manager"):
        do_create_budget_line(
            world.project, acting_user=world.coordinator, category="labour", amount=Decimal(1)
        )
    assert not BudgetLine.objects.exists()


def test_bad_currency_refused(world):
    with pytest.raises(ValidationFailed, match="'eur' is not an ISO 4217 code"):
        do_create_budget_line(
            world.project,
            acting_user=world.manager,
            category="labour",
            amount=Decimal(1),
            currency="eur",
        )


def test_cost_entry_amount_must_be_positive(world):
    with pytest.raises(ValidationFailed, match="amount: must be more than 0"):
        do_create_cost_entry(
            world.project,
            acting_user=world.manager,
            category="labour",
            date=dt.date(2026, 2, 1),
            amount=Decimal(0),
        )
    assert not CostEntry.objects.exists()


def test_budget_summary_per_category(world):
    make_budget_line(world.project, world.manager, amount="1000.00", category="labour")
    make_budget_line(world.project, world.manager, amount="200.00", category="travel")
    make_cost_entry(world.project, world.manager, amount="250.00", category="labour")
    make_cost_entry(world.project, world.manager, amount="300.00", category="material")
    summary = budget_summary(world.project)
    rows = {r["category"]: (r["budget"], r["actual"], r["remaining"]) for r in summary["rows"]}
    assert rows == {
        "labour": (Decimal("1000"), Decimal("250"), Decimal("750")),
        "material": (Decimal(0), Decimal("300"), Decimal("-300")),
        "travel": (Decimal("200"), Decimal(0), Decimal("200")),
    }
    assert (summary["budget"], summary["actual"], summary["remaining"]) == (
        Decimal("1200"),
        Decimal("550"),
        Decimal("650"),
    )


def test_labour_cost_from_logged_time(world):
    from tandem.resources.queries import labour_cost_from_time
    from tandem.testing.factories_planning import make_task
    from tandem.testing.factories_resources import make_resource, make_time_entry

    make_resource(
        world.admin, "Member", kind="person", user=world.member, standard_rate=Decimal("40")
    )
    task = make_task(world.project, "Build")
    make_time_entry(task, world.member, hours="2.5")
    make_time_entry(task, world.member, hours="1.5", date=dt.date(2026, 2, 4))
    make_time_entry(task, world.coordinator, hours="3")
    assert labour_cost_from_time(world.project) == {
        "cost": Decimal("160.00"),
        "unpriced_hours": Decimal("3"),
        "currencies": ["EUR"],
    }
