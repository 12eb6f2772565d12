"""The search routes' rows of the authorization matrix, run on their own."""

import pytest

from tandem.search.tests.access_rules import rules
from tandem.testing.access import matrix_failures, shape_problems

pytestmark = pytest.mark.django_db


def test_search_access_rules(world):
    all_rules = rules(world)
    assert shape_problems(all_rules) == []
    failures = matrix_failures(world, all_rules)
    assert failures == [], "\n".join(failures)
