"""This app's rows of the authorization matrix: every route, every relation, exact status, and
refused writes change nothing (the suite-wide runner in core checks the same rules)."""

import pytest

from tandem.integrations.tests.access_rules import rules
from tandem.testing.access import check_rule_shape, route_of, run_rule, served_routes
from tandem.testing.factories import ROLES

pytestmark = pytest.mark.django_db

APP_URL_NAMES = {
    "webhook-list", "project-webhooks", "webhook-detail", "webhook-pause", "webhook-rotate",
    "webhook-test", "webhook-delete", "portfolio",
}  # fmt: skip
API_PREFIXES = ("api/webhooks", "api/projects/<project_id>/webhooks", "api/portfolio")


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
    assert mine, "the resolver serves none of this app's routes"
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
