from decimal import Decimal

import pytest

from tandem.core.errors import Forbidden, PreconditionFailed, ValidationFailed
from tandem.core.models import AuditEvent
from tandem.risks import actions
from tandem.risks.models import MitigationAction, Risk
from tandem.testing.factories_risks import make_mitigation, make_risk

pytestmark = pytest.mark.django_db


def test_manager_creates_risk_with_computed_score_and_one_audit_row(world):
    # when
    risk = actions.do_create_risk(
        world.project,
        acting_user=world.manager,
        title="Key supplier fails",
        probability=4,
        impact=5,
        cost_impact=Decimal("12000.00"),
        owner_id=world.coordinator.pk,
    )
    # then
    stored = Risk.objects.get(pk=risk.pk)
    assert stored.score == 20
    assert stored.owner == world.coordinator
    event = AuditEvent.objects.get(action="risk.created")
    assert event.actor == world.manager
    assert event.project_id == world.project.pk
    assert event.object_id == str(risk.pk)
    assert event.changes["title"] == [None, "Key supplier fails"]
    assert event.changes["probability"] == [None, 4]
    assert event.changes["cost_impact"] == [None, "12000.00"]


def test_probability_is_derived_from_percent(world):
    risk = make_risk(world, probability=None, probability_pct=Decimal("65"), impact=2)
    assert Risk.objects.get(pk=risk.pk).probability == 4
    assert actions.probability_from_pct(Decimal("10")) == 1
    assert actions.probability_from_pct(Decimal("10.01")) == 2
    assert actions.probability_from_pct(100) == 5


def test_probability_percent_out_of_range_is_refused(world):
    with pytest.raises(ValidationFailed, match="probability_pct"):
        make_risk(world, probability=None, probability_pct=Decimal("140"))
    assert Risk.objects.count() == 0


def test_probability_outside_scale_is_refused_naming_the_field(world):
    with pytest.raises(ValidationFailed) as exc:
        make_risk(world, probability=6)
    assert "probability" in exc.value.fields
    assert Risk.objects.count() == 0


def test_three_point_impact_must_be_ordered(world):
    with pytest.raises(ValidationFailed, match="optimistic <= most likely <= pessimistic"):
        make_risk(
            world,
            schedule_optimistic_days=Decimal("5"),
            schedule_most_likely_days=Decimal("3"),
            schedule_pessimistic_days=Decimal("9"),
        )
    assert Risk.objects.count() == 0


def test_owner_must_work_on_the_project(world):
    for person in (world.stakeholder, world.outsider, world.stranger):
        with pytest.raises(ValidationFailed) as exc:
            make_risk(world, owner_id=person.pk)
        assert list(exc.value.fields) == ["owner_id"]
    assert Risk.objects.count() == 0


@pytest.mark.parametrize("role", ["coordinator", "member", "stakeholder", "outsider"])
def test_only_the_manager_creates_risks(world, role):
    with pytest.raises(Forbidden):
        actions.do_create_risk(
            world.project, acting_user=getattr(world, role), title="x", probability=1, impact=1
        )
    assert Risk.objects.count() == 0


def test_update_recomputes_score_and_audits_the_diff(world):
    risk = make_risk(world)
    AuditEvent.objects.all()  # the creation row exists already
    risk = actions.do_update_risk(
        risk, acting_user=world.manager, version=1, changes={"impact": 1, "status": "monitoring"}
    )
    assert risk.version == 2
    assert Risk.objects.get(pk=risk.pk).score == 3
    event = AuditEvent.objects.get(action="risk.updated")
    assert event.changes == {"impact": [4, 1], "status": ["open", "monitoring"]}


def test_stale_update_is_refused_and_changes_nothing(world):
    risk = make_risk(world)
    actions.do_update_risk(risk, acting_user=world.manager, version=1, changes={"title": "A"})
    with pytest.raises(PreconditionFailed):
        actions.do_update_risk(
            Risk.objects.get(pk=risk.pk),
            acting_user=world.manager,
            version=1,
            changes={"title": "B"},
        )
    assert Risk.objects.get(pk=risk.pk).title == "A"


def test_unknown_fields_are_refused_by_name(world):
    risk = make_risk(world)
    with pytest.raises(ValidationFailed, match="score"):
        actions.do_update_risk(risk, acting_user=world.manager, version=1, changes={"score": 25})
    assert Risk.objects.get(pk=risk.pk).version == 1


def test_delete_risk_removes_its_mitigations(world):
    risk = make_risk(world)
    make_mitigation(world, risk)
    actions.do_delete_risk(risk, acting_user=world.manager, version=1)
    assert not Risk.objects.exists()
    assert not MitigationAction.objects.exists()
    assert AuditEvent.objects.get(action="risk.deleted").object_id == str(risk.pk)


def test_mitigation_lifecycle(world):
    risk = make_risk(world)
    m = make_mitigation(world, risk, due_date="2026-03-01")
    m = actions.do_update_mitigation(
        m, acting_user=world.manager, version=1, changes={"status": "done"}
    )
    assert MitigationAction.objects.get(pk=m.pk).status == "done"
    assert AuditEvent.objects.get(action="mitigation.updated").changes == {
        "status": ["planned", "done"]
    }
    with pytest.raises(Forbidden):
        actions.do_delete_mitigation(m, acting_user=world.coordinator, version=2)
    actions.do_delete_mitigation(m, acting_user=world.manager, version=2)
    assert not MitigationAction.objects.exists()


def test_invalid_mitigation_status_is_refused(world):
    risk = make_risk(world)
    with pytest.raises(ValidationFailed) as exc:
        make_mitigation(world, risk, status="finished")
    assert "status" in exc.value.fields
    assert not MitigationAction.objects.exists()


def test_scale_and_percent_must_agree(world):
    with pytest.raises(ValidationFailed) as exc:
        make_risk(world, probability=1, probability_pct=Decimal("90"))
    assert set(exc.value.fields) == {"probability", "probability_pct"}
    assert Risk.objects.count() == 0


def test_new_scale_value_drops_a_percent_outside_its_band(world):
    risk = make_risk(world, probability=None, probability_pct=Decimal("45"))
    risk = actions.do_update_risk(
        risk, acting_user=world.manager, version=1, changes={"probability": 3}
    )
    assert risk.probability_pct == Decimal("45.00")
    risk = actions.do_update_risk(
        risk, acting_user=world.manager, version=2, changes={"probability": 5}
    )
    assert (risk.probability, risk.probability_pct) == (5, None)
    assert AuditEvent.objects.filter(action="risk.updated").first().changes == {
        "probability": [3, 5],
        "probability_pct": ["45.00", None],
    }
