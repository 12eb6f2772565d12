"""The export routes' rows of the authorization matrix: every route, every relation, exact
status (the suite-wide runner in core checks the same rules)."""

import pytest

from tandem.testing.access import check_rule_shape, route_of, run_rule, served_routes
from tandem.testing.factories import ROLES
from tandem.transfer.tests.access_rules import _export_rules, rules

pytestmark = pytest.mark.django_db

EXPORT_ROUTES = [
    "api/projects/<project_id>/export",
    "projects/<int:project_id>/export/",
    "projects/<int:project_id>/export/<str:fmt>/",
]


def test_every_export_route_has_a_rule(world):
    found = rules(world)
    assert [p for rule in found for p in check_rule_shape(rule)] == []
    covered = {route_of(r["url"]) for r in found}
    served = [
        route
        for route, info in served_routes().items()
        if info.name in {"project-export", "project-export-download"}
        or route.startswith("api/projects/<project_id>/export")
    ]
    assert sorted(served) == EXPORT_ROUTES
    assert [route for route in served if route not in covered] == []


def test_export_access_matrix(world):
    failures = []
    for rule in rules(world):
        for role in ROLES:
            _, problem = run_rule(world, rule, role)
            if problem:
                failures.append(f"{rule['method']} {rule['url']} as {role}: {problem}")
    assert failures == []
    assert len(_export_rules(world)) == 11
