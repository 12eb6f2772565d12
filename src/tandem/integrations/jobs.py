"""Background jobs of webhooks (Celery; the in-process schedule of ``tandem run`` without a
broker). Both are idempotent: a delivery is claimed by its attempt count before it is sent, and
a hook's cursor moves past what it collected.
"""

from __future__ import annotations

from tandem.core.jobs import job

from . import delivery


@job("tandem.integrations.dispatch_webhooks")
def dispatch_webhooks() -> int:
    """Every minute: turn new audit events into deliveries, then try those that are due."""
    delivery.collect_events()
    return delivery.send_due()


@job("tandem.integrations.deliver_webhook")
def deliver_webhook(delivery_id: int) -> str:
    """Try one delivery now (a test event); a failure waits for the periodic job's retry."""
    done = delivery.attempt(delivery_id)
    return done.status if done is not None else "skipped"
