"""Every route x every relation to the project x verb, with the exact status, and refused writes
change nothing. Built from the URL resolver, so a route without a rule fails here."""

import pytest

from tandem.testing.access import (
    check_rule_shape,
    collect_rules,
    routes_without_rules,
    run_rule,
)
from tandem.testing.factories import ROLES

pytestmark = pytest.mark.django_db


def test_every_route_has_an_access_rule(world):
    missing = routes_without_rules(collect_rules(world))
    assert missing == [], "routes without an access rule:\n" + "\n".join(missing)


def test_access_rules_are_complete(world):
    problems = [p for rule in collect_rules(world) for p in check_rule_shape(rule)]
    assert problems == []


def test_access_matrix(world):
    rules = collect_rules(world)
    assert len(rules) >= 20
    failures = []
    for rule in rules:
        for role in ROLES:
            status, problem = run_rule(world, rule, role)
            if problem:
                failures.append(f"{rule['method']} {rule['url']} as {role}: {problem}")
    assert failures == [], f"{len(failures)} access failures:\n" + "\n".join(failures)
