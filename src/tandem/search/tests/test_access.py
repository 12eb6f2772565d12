"""The search routes' rows of the authorization matrix, run on their own."""

import pytest

from tandem.search.tests.access_rules import rules
from tandem.testing.access import check_rule_shape, run_rule
from tandem.testing.factories import ROLES

pytestmark = pytest.mark.django_db


def test_search_access_rules(world):
    failures = []
    for rule in rules(world):
        assert check_rule_shape(rule) == []
        for role in ROLES:
            _, problem = run_rule(world, rule, role)
            if problem:
                failures.append(f"{rule['method']} {rule['url']} as {role}: {problem}")
    assert failures == []
