"""Risks, mitigations and issues built through the real actions (so audit rows exist too)."""

from __future__ import annotations

from typing import Any

from tandem.risks import actions
from tandem.risks.models import Issue, MitigationAction, Risk
from tandem.testing.factories import World


def make_risk(world: World, **fields: Any) -> Risk:
    data: dict[str, Any] = {"title": "Vendor late", "probability": 3, "impact": 4}
    data.update(fields)
    return actions.do_create_risk(world.project, acting_user=world.manager, **data)


def make_mitigation(world: World, risk: Risk, **fields: Any) -> MitigationAction:
    data: dict[str, Any] = {"title": "Second vendor", "owner_id": world.coordinator.pk}
    data.update(fields)
    return actions.do_add_mitigation(risk, acting_user=world.manager, **data)


def make_issue(world: World, *, by: Any = None, **fields: Any) -> Issue:
    data: dict[str, Any] = {"title": "Build server down", "severity": "high"}
    data.update(fields)
    return actions.do_raise_issue(world.project, acting_user=by or world.member, **data)
