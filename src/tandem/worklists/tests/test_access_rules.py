"""This app's rows of the authorization matrix (the shared runner covers every app)."""

import pytest

from tandem.testing.access import check_rule_shape, run_rule
from tandem.testing.factories import ROLES
from tandem.worklists.tests.access_rules import rules

pytestmark = pytest.mark.django_db


def test_worklists_access_rules(world):
    failures = []
    all_rules = rules(world)
    assert [p for r in all_rules for p in check_rule_shape(r)] == []
    for rule in all_rules:
        for role in ROLES:
            _, problem = run_rule(world, rule, role)
            if problem:
                failures.append(f"{rule['method']} {rule['url']} as {role}: {problem}")
    assert failures == [], "\n".join(failures)
