"""This app's rows of the authorization matrix: every route, every relation, exact status, and
refused writes change nothing (the suite-wide runner in core checks the same rules)."""

import pytest

from tandem.coordination.tests.access_rules import rules
from tandem.testing.access import app_coverage, matrix_failures, shape_problems

pytestmark = pytest.mark.django_db

APP_URL_NAMES = {
    "action-item-schedule",
    "meeting-agenda-build",
    "project-raci",
    "project-raci-row",
    "project-raci-export",
    "project-teams",
    "org-teams",
    "org-team-edit",
    "org-team-delete",
    "org-department-add",
    "org-department-delete",
}
API_ROUTES = {
    "api/action-items/<item_id>/schedule",
    "api/meetings/<meeting_id>/agenda-candidates",
    "api/meetings/<meeting_id>/agenda-from-candidates",
    "api/projects/<project_id>/raci",
    "api/projects/<project_id>/raci/<kind>/<item_id>",
    "api/projects/<project_id>/teams-view",
}


def test_rules_are_complete(world):
    assert shape_problems(rules(world)) == []


def test_every_route_of_this_app_has_a_rule(world):
    coverage = app_coverage(rules(world), url_names=APP_URL_NAMES, api_routes=API_ROUTES)
    assert len(coverage.served) == len(APP_URL_NAMES) + len(API_ROUTES)
    assert coverage.missing == []


def test_access_matrix(world):
    assert matrix_failures(world, rules(world)) == []
