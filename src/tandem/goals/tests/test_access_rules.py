"""This app's rows of the authorization matrix: every route, every relation, exact status, and
refused writes change nothing (the suite-wide runner in core checks the same rules)."""

import pytest

from tandem.goals.tests.access_rules import rules
from tandem.testing.access import check_rule_shape, route_of, run_rule, served_routes
from tandem.testing.factories import ROLES

pytestmark = pytest.mark.django_db

APP_URL_NAMES = {"goal-list", "key-result-add", "key-result-current"}
API_PREFIXES = ("api/goals", "api/key-results", "api/projects/<project_id>/goals")


def test_rules_are_complete(world):
    assert [p for rule in rules(world) for p in check_rule_shape(rule)] == []


def test_every_route_of_this_app_has_a_rule(world):
    covered = {(route_of(r["url"]), r["method"].upper()) for r in rules(world)}
    covered_routes = {route for route, _ in covered}
    mine = [
        (route, info)
        for route, info in served_routes().items()
        if info.name in APP_URL_NAMES or any(route.startswith(p) for p in API_PREFIXES)
    ]
    assert sorted(route for route, _ in mine) == [
        "api/goals/<goal_id>",
        "api/goals/<goal_id>/key-results",
        "api/key-results/<kr_id>",
        "api/projects/<project_id>/goals",
        "goals/<int:goal_id>/key-results/",
        "key-results/<int:kr_id>/current/",
        "projects/<int:project_id>/goals/",
    ]
    missing = []
    for route, info in mine:
        if info.is_api and info.methods:
            missing += [f"{m} /{route}" for m in info.methods if (route, m) not in covered]
        elif route not in covered_routes:
            missing.append(f"ANY /{route}")
    assert missing == []


def test_access_matrix(world):
    failures = []
    for rule in rules(world):
        for role in ROLES:
            _, problem = run_rule(world, rule, role)
            if problem:
                failures.append(f"{rule['method']} {rule['url']} as {role}: {problem}")
    assert failures == []
