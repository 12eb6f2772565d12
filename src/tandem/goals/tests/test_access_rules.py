"""This app's rows of the authorization matrix: every route, every relation, exact status, and
refused writes change nothing (the suite-wide runner in core checks the same rules)."""

import pytest

from tandem.goals.tests.access_rules import rules
from tandem.testing.access import app_coverage, matrix_failures, shape_problems

pytestmark = pytest.mark.django_db

APP_URL_NAMES = {"goal-list", "key-result-add", "key-result-current"}
API_PREFIXES = ("api/goals", "api/key-results", "api/projects/<project_id>/goals")


def test_rules_are_complete(world):
    assert shape_problems(rules(world)) == []


def test_every_route_of_this_app_has_a_rule(world):
    coverage = app_coverage(rules(world), url_names=APP_URL_NAMES, api_prefixes=API_PREFIXES)
    assert sorted(coverage.served) == [
        "api/goals/<goal_id>",
        "api/goals/<goal_id>/key-results",
        "api/key-results/<kr_id>",
        "api/projects/<project_id>/goals",
        "goals/<int:goal_id>/key-results/",
        "key-results/<int:kr_id>/current/",
        "projects/<int:project_id>/goals/",
    ]
    assert coverage.missing == []


def test_access_matrix(world):
    assert matrix_failures(world, rules(world)) == []
