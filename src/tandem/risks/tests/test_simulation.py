from decimal import Decimal

import pytest

from tandem.core.errors import Forbidden, ValidationFailed
from tandem.engine.risk import ThreePointEstimate
from tandem.planning.actions import do_create_task
from tandem.risks.simulation import risk_events
from tandem.testing.factories_risks import make_risk

pytestmark = pytest.mark.django_db


def test_open_risks_become_engine_events_in_working_minutes(world):
    task = do_create_task(world.project, acting_user=world.manager, name="Pour concrete")
    wet = make_risk(
        world,
        title="Rain",
        probability=None,
        probability_pct=Decimal("35"),
        schedule_impact_days=Decimal("2"),
        cost_impact=Decimal("1500"),
        task_ids=[task.pk],
    )
    late = make_risk(
        world,
        title="Supplier",
        probability=4,
        schedule_optimistic_days=Decimal("1"),
        schedule_most_likely_days=Decimal("2"),
        schedule_pessimistic_days=Decimal("5.5"),
    )
    make_risk(world, title="Gone", status="closed")
    events = risk_events(world.member, world.project.pk, minutes_per_day=480)
    assert [e.id for e in events] == [f"risk-{wet.pk}", f"risk-{late.pk}"]
    rain, supplier = events
    assert (rain.probability, rain.task_ids, rain.delay, rain.cost) == (
        0.35,
        (str(task.pk),),
        960.0,
        1500.0,
    )
    assert supplier.probability == 0.60
    assert supplier.task_ids == ()
    assert supplier.delay == ThreePointEstimate(480.0, 960.0, 2640.0)


def test_simulation_input_follows_the_register_policy(world):
    make_risk(world)
    with pytest.raises(Forbidden):
        risk_events(world.stakeholder, world.project.pk, minutes_per_day=480)
    with pytest.raises(ValidationFailed, match="minutes_per_day"):
        risk_events(world.member, world.project.pk, minutes_per_day=0)
