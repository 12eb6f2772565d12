"""This app's rows of the authorization matrix (the shared runner covers every app)."""

import pytest

from tandem.planning.tests.access_rules import rules
from tandem.testing.access import matrix_failures, shape_problems

pytestmark = pytest.mark.django_db


def test_planning_access_rules(world):
    all_rules = rules(world)
    assert shape_problems(all_rules) == []
    failures = matrix_failures(world, all_rules)
    assert failures == [], "\n".join(failures)
