"""A real Celery worker consuming from a real Redis broker sends the notification email."""

import os
import time

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from celery.signals import task_prerun
from django.db import transaction

from tandem.comms.actions import notify
from tandem.comms.models import EmailStatus, Notification
from tandem.config.celery import app

from .test_notify import smtp_server  # noqa: F401 (fixture)

REDIS_URL = os.environ.get("TANDEM_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _drop_connections() -> None:
    """Forget pooled broker connections and the cached result backend made for the old settings."""
    app.close()
    app._pool = None
    app.amqp._producer_pool = None
    app.__dict__.pop("backend", None)
    app._local.__dict__.pop("backend", None)


@pytest.fixture
def redis_broker():
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("TANDEM_REQUIRE_REDIS") == "1":
            pytest.fail(f"Redis is required but does not answer at {REDIS_URL}")
        pytest.skip(f"Redis does not answer at {REDIS_URL} (.ci/run starts one)")
    client.flushdb()
    saved = {k: app.conf[k] for k in ("broker_url", "result_backend", "task_always_eager")}
    app.conf.update(broker_url=REDIS_URL, result_backend=None, task_always_eager=False)
    _drop_connections()
    try:
        yield client
    finally:
        app.conf.update(saved)
        _drop_connections()
        client.flushdb()
        client.close()


@pytest.mark.django_db(transaction=True)
def test_worker_sends_queued_email(world, smtp_server, redis_broker):  # noqa: F811
    runs: list[tuple[str, bool]] = []

    def record(sender=None, task=None, **_kwargs):
        runs.append((task.name, bool(task.request.is_eager)))

    task_prerun.connect(record, weak=False)
    self_cleanup = lambda: task_prerun.disconnect(record)  # noqa: E731
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        with transaction.atomic():
            (note,) = notify(
                [world.manager],
                project=world.project,
                kind="issue.escalated",
                subject="Vendor issue escalated to you",
            )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if Notification.objects.get(pk=note.pk).email_status == EmailStatus.SENT:
                break
            time.sleep(0.1)
    self_cleanup()
    note.refresh_from_db()
    assert note.email_status == EmailStatus.SENT
    assert [m[1] for m in smtp_server.messages] == [[world.manager.email]]
    # The worker, not an in-process call, ran the job.
    assert runs == [("tandem.comms.send_notification_email", False)]
