"""This app's rows of the authorization matrix: every route, every relation, exact status, and
refused writes change nothing (the suite-wide runner in core checks the same rules)."""

import pytest

from tandem.monitoring.tests.access_rules import rules
from tandem.testing.access import app_coverage, matrix_failures, shape_problems

pytestmark = pytest.mark.django_db

APP_URL_NAMES = {
    "alert-acknowledge", "computed-health-decision", "escalation-rules", "escalation-rule-edit",
    "escalation-rule-delete",
}  # fmt: skip
API_PREFIXES = (
    "api/alerts",
    "api/escalation-rules",
    "api/projects/<project_id>/alerts",
    "api/projects/<project_id>/health/computed",
    "api/projects/<project_id>/escalation-rules",
)


def test_rules_are_complete(world):
    assert shape_problems(rules(world)) == []


def test_every_route_of_this_app_has_a_rule(world):
    coverage = app_coverage(rules(world), url_names=APP_URL_NAMES, api_prefixes=API_PREFIXES)
    assert coverage.served, "the resolver serves none of this app's routes"
    assert coverage.missing == []


def test_access_matrix(world):
    assert matrix_failures(world, rules(world)) == []
