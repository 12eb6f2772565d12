"""Actual cost: hours logged priced at the person's rate of the day worked (rate changes
respected) plus the costs recorded; the budget page's actual labour counts logged time."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from tandem.core.errors import Forbidden, ValidationFailed
from tandem.core.models import AuditEvent
from tandem.resources.actions import do_add_rate_change, do_delete_rate_change
from tandem.resources.costs import actual_costs
from tandem.resources.models import ResourceRate
from tandem.resources.queries import budget_summary, labour_cost_from_time
from tandem.testing.factories_planning import make_task
from tandem.testing.factories_resources import (
    make_budget_line,
    make_cost_entry,
    make_resource,
    make_time_entry,
)

D = dt.date


@pytest.fixture
def priced(world):
    """The member costs 100 an hour until Tuesday 3 February 2026, 120 from Wednesday 4 on; the
    coordinator has no person resource."""
    person = make_resource(
        world.admin, "Member", kind="person", user=world.member, standard_rate=Decimal("100")
    )
    do_add_rate_change(
        person, acting_user=world.admin, effective_from=D(2026, 2, 4), standard_rate=Decimal(120)
    )
    return person


def test_logged_time_is_priced_at_the_rate_of_the_day_it_was_worked(world, priced):
    # given eight hours on each side of the rate change, and a later change not yet reached
    build = make_task(world.project, "Build")
    make_time_entry(build, world.member, hours="8", date=D(2026, 2, 3))
    make_time_entry(build, world.member, hours="8", date=D(2026, 2, 4))
    make_time_entry(build, world.member, hours="2", date=D(2026, 2, 9))
    do_add_rate_change(
        priced, acting_user=world.admin, effective_from=D(2026, 2, 10), standard_rate=Decimal(200)
    )
    # when the actual cost is read up to 9 February
    found = actual_costs(world.project, until=D(2026, 2, 9))
    # then 8 h at 100, 8 h at 120 and 2 h at 120
    assert found.total == Decimal("2000.00")
    assert found.labour == Decimal("2000.00")
    assert found.by_task() == {build.pk: Decimal("2000.00")}
    assert found.cumulative_at([D(2026, 2, 2), D(2026, 2, 3), D(2026, 2, 4), D(2026, 2, 9)]) == [
        Decimal(0),
        Decimal(800),
        Decimal(1760),
        Decimal(2000),
    ]


def test_actual_cost_adds_recorded_costs_and_names_what_it_cannot_price(world, priced):
    build = make_task(world.project, "Build")
    make_time_entry(build, world.member, hours="1", date=D(2026, 2, 3))
    make_time_entry(build, world.coordinator, hours="3", date=D(2026, 2, 3))
    make_cost_entry(world.project, world.manager, amount="250.00", task=build, date=D(2026, 2, 3))
    make_cost_entry(world.project, world.manager, amount="40.00", date=D(2026, 2, 5))
    make_cost_entry(world.project, world.manager, amount="99.00", currency="USD")
    make_cost_entry(world.project, world.manager, amount="500.00", date=D(2026, 3, 1))
    found = actual_costs(world.project, until=D(2026, 2, 28))
    assert found.by_task() == {build.pk: Decimal("350.00"), None: Decimal("40.00")}
    assert (found.total, found.labour) == (Decimal("390.00"), Decimal("100.00"))
    assert found.unpriced_hours == Decimal(3)
    assert found.other_currencies == {"USD": Decimal("99.00")}


def test_budget_summary_counts_logged_time_in_actual_labour(world, priced):
    build = make_task(world.project, "Build")
    make_budget_line(world.project, world.manager, amount="5000.00", category="labour")
    make_cost_entry(world.project, world.manager, amount="250.00", category="labour")
    make_time_entry(build, world.member, hours="8", date=D(2026, 2, 3))
    make_time_entry(build, world.member, hours="8", date=D(2026, 2, 4))
    summary = budget_summary(world.project)
    rows = {r["category"]: (r["budget"], r["actual"], r["remaining"]) for r in summary["rows"]}
    assert rows == {"labour": (Decimal(5000), Decimal("2010.00"), Decimal("2990.00"))}
    assert summary["labour_from_time"] == Decimal("1760.00")
    assert labour_cost_from_time(world.project)["cost"] == Decimal("1760.00")


def test_only_organization_admins_change_rates_and_once_per_date(world, priced):
    with pytest.raises(Forbidden, match="Only organization admins"):
        do_add_rate_change(
            priced, acting_user=world.manager, effective_from=D(2026, 3, 1), standard_rate=1
        )
    with pytest.raises(ValidationFailed, match="already has a rate change on 2026-02-04") as exc:
        do_add_rate_change(
            priced, acting_user=world.admin, effective_from=D(2026, 2, 4), standard_rate=1
        )
    assert exc.value.fields == {
        "effective_from": ["Member already has a rate change on 2026-02-04."]
    }
    steel = make_resource(world.admin, "Steel", kind="material", material_unit="t")
    with pytest.raises(ValidationFailed, match="priced per unit"):
        do_add_rate_change(
            steel, acting_user=world.admin, effective_from=D(2026, 3, 1), standard_rate=1
        )
    assert list(ResourceRate.objects.values_list("effective_from", "standard_rate")) == [
        (D(2026, 2, 4), Decimal("120.00"))
    ]


def test_removing_a_change_prices_its_time_at_the_earlier_rate_again(world, priced):
    build = make_task(world.project, "Build")
    make_time_entry(build, world.member, hours="8", date=D(2026, 2, 4))
    change = ResourceRate.objects.get()
    do_delete_rate_change(change, acting_user=world.admin, version=change.version)
    assert actual_costs(world.project).total == Decimal("800.00")
    assert list(
        AuditEvent.objects.filter(action__startswith="resource_rate.")
        .order_by("id")
        .values_list("action", "organization_id", "project_id")
    ) == [
        ("resource_rate.created", world.org.pk, None),
        ("resource_rate.deleted", world.org.pk, None),
    ]


def test_the_budget_page_counts_logged_time_for_managers_only(world, priced):
    build = make_task(world.project, "Build")
    make_time_entry(build, world.member, hours="8", date=D(2026, 2, 4))
    pages = {}
    for role in ("manager", "member"):
        client = Client()
        client.force_login(getattr(world, role))
        pages[role] = client.get(f"/projects/{world.project.pk}/budget/").content.decode()
    assert "Labour from logged time: €960.00" in pages["manager"]
    assert "actual €960.00" in pages["manager"]
    assert 'id="labour-hidden"' in pages["member"]
    assert "960.00" not in pages["member"]
