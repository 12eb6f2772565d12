"""The import routes' rows of the authorization matrix: every route, every relation, exact
status, and refused writes change nothing (the suite-wide runner in core checks the same rules)."""

import pytest

from tandem.testing.access import check_rule_shape, route_of, run_rule, served_routes
from tandem.testing.factories import ROLES
from tandem.transfer.tests.access_rules import _import_rules, _update_rules

pytestmark = pytest.mark.django_db

IMPORT_ROUTES = [
    "api/imports",
    "api/imports/<import_id>",
    "api/imports/<import_id>/confirm",
    "api/imports/<import_id>/preview",
    "imports/<int:import_id>/",
    "imports/<int:import_id>/confirm/",
    "imports/<int:import_id>/project/",
    "imports/new/",
]


def test_every_import_route_has_a_rule(world):
    found = _import_rules(world)
    assert [p for rule in found for p in check_rule_shape(rule)] == []
    covered = {route_of(r["url"]) for r in found}
    served = sorted(
        route
        for route in served_routes()
        if route.startswith("api/imports") or route.startswith("imports/")
    )
    assert served == IMPORT_ROUTES
    assert [route for route in served if route not in covered] == []


def test_import_access_matrix(world):
    failures = []
    for rule in _import_rules(world):
        for role in ROLES:
            _, problem = run_rule(world, rule, role)
            if problem:
                failures.append(f"{rule['method']} {rule['url']} as {role}: {problem}")
    assert failures == []


def test_update_from_file_access_matrix(world):
    found = _update_rules(world)
    assert [p for rule in found for p in check_rule_shape(rule)] == []
    failures = []
    for rule in found:
        for role in ROLES:
            _, problem = run_rule(world, rule, role)
            if problem:
                failures.append(f"{rule['method']} {rule['url']} as {role}: {problem}")
    assert failures == []
