"""A short property-based run of the whole API against its own OpenAPI schema (schemathesis).

Every operation gets a few generated requests (fixed seed, so a failure reproduces) as the
project's manager, with ids that exist: no answer may be a 500, and every answer must be one the
schema documents, with the documented content type and body shape.
"""

from __future__ import annotations

from collections import Counter

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, seed, settings
from schemathesis import checks

from tandem.accounts.actions import do_create_token
from tandem.testing.factories_planning import make_link, make_task

pytestmark = pytest.mark.django_db

EXAMPLES = 4
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


@pytest.fixture
def api_schema():
    from tandem.config.wsgi import application

    # As Django's test client does: a request's end must not close the test's database
    # connection (its transaction holds the data the requests read).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/openapi.json", application)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def manager_token(world):
    design = make_task(world.project, "Design", estimate=3)
    build = make_task(world.project, "Build", estimate=5)
    make_link(design, build)
    _, raw = do_create_token(acting_user=world.manager, name="fuzz", days=1)
    return raw


def _run_operation(operation, token, statuses):
    """Run one operation's examples, counting answers by status; the first failure, or None."""
    found: list[str] = []

    @seed(20261207)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def examples(case):
        if found:
            return
        try:
            response = case.call_and_validate(
                headers={"Authorization": f"Bearer {token}"}, checks=CHECKS
            )
            statuses[response.status_code] += 1
        except Exception as exc:  # noqa: BLE001  (every kind of failure is reported, by operation)
            found.append(f"{operation.label}: {type(exc).__name__}: {str(exc)[:1500]}")

    examples()
    return found[0] if found else None


def test_api_answers_as_its_schema_says(api_schema, manager_token):
    failures = []
    statuses: Counter[int] = Counter()
    operations = 0
    for result in api_schema.get_all_operations():
        operation = result.ok()
        operations += 1
        failure = _run_operation(operation, manager_token, statuses)
        if failure:
            failures.append(failure)
    assert operations > 100
    # The token works: no request was turned away unauthenticated, and the reads of what exists
    # (lists, the project, its tasks) were answered (most generated ids exist nowhere: 404).
    accepted = sum(n for status, n in statuses.items() if status < 300)
    assert statuses[401] == 0, dict(statuses)
    assert accepted >= 40, dict(statuses)
    assert failures == [], f"{len(failures)} operations failed:\n\n" + "\n\n".join(failures)
