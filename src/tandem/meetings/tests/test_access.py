"""Every meetings route as every role: the exact status, and refused writes change nothing
(no row changed, no audit event). The rules live in ``access_rules.py``; core's matrix runs
them too, together with every other app's."""

import pytest

from tandem.testing.access import (
    collect_rules,
    matrix_failures,
    route_of,
    served_routes,
    shape_problems,
)
from tandem.testing.factories import ROLES

from .access_rules import rules

pytestmark = pytest.mark.django_db

MEETING_ROUTE_WORDS = ("meeting", "action-items", "agenda-items")


@pytest.mark.parametrize("role", ROLES)
def test_every_meetings_route_as(world, role):
    assert matrix_failures(world, rules(world), roles=[role]) == []


def test_rules_are_well_formed(world):
    assert shape_problems(rules(world)) == []


def test_every_meetings_route_has_a_rule(world):
    # Routes with a meeting word that other apps serve (the coordinator's agenda builder, action
    # item scheduling) are covered by those apps' rules.
    covered: dict[str, set[str]] = {}
    for rule in collect_rules(world):
        covered.setdefault(route_of(rule["url"]), set()).add(rule["method"])
    ours = {
        route: info
        for route, info in served_routes().items()
        if any(word in route for word in MEETING_ROUTE_WORDS)
    }
    assert len(ours) >= 25
    missing = []
    for route, info in ours.items():
        have = covered.get(route, set())
        wanted = info.methods if info.is_api else {"ANY"}
        if info.is_api:
            missing += [f"{m} {route}" for m in sorted(wanted - have)]
        elif not have:
            missing.append(route)
    assert missing == []
