"""Turning new audit events into deliveries, and trying each delivery until it lands or the
tries run out.

Each hook keeps a cursor, the last audit event it looked at; a periodic job collects what came
after it, so no other app has to call anything. A delivery is tried at once, then after 30 s,
1, 2, 4 and 8 minutes (``backoff_seconds``); after ``MAX_ATTEMPTS`` failures it is given up and
stays in the log with its last error. A target the SSRF guard refuses is given up at once: it
will not become allowed by waiting. The clock and the sender are parameters, so tests pass fakes.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from tandem.core.models import AuditEvent
from tandem.projects.models import Project

from . import events
from .models import DeliveryAttempt, DeliveryStatus, Webhook, WebhookDelivery
from .sending import FetchFailed, FetchRefused, PostResult, StatusFailed, post_json
from .signing import SIGNATURE_HEADER, signature

MAX_ATTEMPTS = 6
BACKOFF_BASE_SECONDS = 30
BATCH = 500
OPEN_STATUSES = (DeliveryStatus.PENDING, DeliveryStatus.RETRYING)

Sender = Callable[[str, bytes, dict[str, str]], PostResult]


def backoff_seconds(failed_attempts: int) -> int:
    """Seconds to wait after the ``failed_attempts``-th failure: 30, 60, 120, 240, 480."""
    return int(BACKOFF_BASE_SECONDS * 2 ** (failed_attempts - 1))


def collect_events(webhook_id: int | None = None) -> int:
    """Deliveries for the audit events each active hook has not looked at yet; how many."""
    hooks = Webhook.objects.filter(active=True)
    if webhook_id is not None:
        hooks = hooks.filter(pk=webhook_id)
    made = 0
    for hook_id in hooks.values_list("pk", flat=True):
        made += _collect_for(hook_id)
    return made


@transaction.atomic
def _collect_for(hook_id: int) -> int:
    hook = (
        Webhook.objects.select_for_update(of=("self",))
        .select_related("owner", "project")
        .filter(pk=hook_id, active=True)
        .first()
    )
    if hook is None:
        return 0
    # Many rows carry only their project's id, not the organization's.
    found = AuditEvent.objects.filter(
        pk__gt=hook.cursor_audit_id, object_type__in=list(events.OBJECT_KINDS)
    )
    if hook.project_id is not None:
        found = found.filter(project_id=hook.project_id)
    else:
        org_projects = Project.objects.filter(organization_id=hook.organization_id)
        found = found.filter(project_id__in=org_projects.values("pk"))
    batch = list(found.order_by("pk")[:BATCH])
    if not batch:
        return 0
    wanted = set(hook.events)
    projects = {p.pk: p for p in _projects(batch)}
    deliveries = []
    for event in batch:
        judged = events.kind_of(event)
        if judged is None or judged[0] not in wanted:
            continue
        if not events.may_see(hook.owner, event, judged[1]):
            continue
        project = projects.get(int(event.project_id or 0))
        deliveries.append(
            WebhookDelivery(
                webhook=hook,
                event=event.action,
                kind=judged[0],
                audit_event_id=event.pk,
                payload=events.payload_of(event, judged[0], project),
                next_attempt_at=timezone.now(),
            )
        )
    WebhookDelivery.objects.bulk_create(deliveries, ignore_conflicts=True)
    Webhook.objects.filter(pk=hook.pk).update(cursor_audit_id=batch[-1].pk)
    return len(deliveries)


def _projects(batch: list[AuditEvent]) -> QuerySet[Project]:
    return Project.objects.filter(pk__in={e.project_id for e in batch if e.project_id})


def body_of(delivery: WebhookDelivery) -> bytes:
    data = {"delivery_id": delivery.pk, **delivery.payload}
    return json.dumps(data, separators=(",", ":"), sort_keys=True).encode()


def _default_sender(url: str, body: bytes, headers: dict[str, str]) -> PostResult:
    return post_json(url, body, headers)


def attempt(
    delivery_id: int,
    *,
    now: Callable[[], dt.datetime] = timezone.now,
    send: Sender = _default_sender,
    unix_time: Callable[[], float] = time.time,
) -> WebhookDelivery | None:
    """Try one delivery once, if it is still open; the delivery as it ends, or None when it
    was not open (already delivered, given up, or taken by another runner)."""
    delivery = (
        WebhookDelivery.objects.select_related("webhook")
        .filter(pk=delivery_id, status__in=OPEN_STATUSES)
        .first()
    )
    if delivery is None:
        return None
    # Claim this try: a second runner holding the same row finds the count moved on.
    claimed = WebhookDelivery.objects.filter(
        pk=delivery.pk, attempts=delivery.attempts, status__in=OPEN_STATUSES
    ).update(attempts=F("attempts") + 1)
    if not claimed:
        return None
    number = delivery.attempts + 1
    hook = delivery.webhook
    body = body_of(delivery)
    stamp = int(unix_time())
    headers = {
        SIGNATURE_HEADER: signature(hook.secret, stamp, body),
        "Tandem-Event": delivery.event,
        "Tandem-Delivery": str(delivery.pk),
    }
    status_code: int | None = None
    response_ms: int | None = None
    error = ""
    give_up = False
    try:
        result = send(hook.url, body, headers)
    except FetchRefused as exc:
        error, give_up = f"Refused: {exc}", True
    except StatusFailed as exc:
        error, status_code, response_ms = str(exc), exc.status, exc.response_ms
    except FetchFailed as exc:
        error = str(exc)
    else:
        status_code, response_ms = result.status, result.response_ms
    at = now()
    DeliveryAttempt.objects.create(
        delivery=delivery,
        number=number,
        at=at,
        status_code=status_code,
        response_ms=response_ms,
        error=error[:500],
    )
    delivery.attempts = number
    delivery.last_status_code = status_code
    delivery.last_response_ms = response_ms
    delivery.last_error = error[:500]
    if not error:
        delivery.status = DeliveryStatus.DELIVERED
        delivery.next_attempt_at = None
        delivery.finished_at = at
    elif give_up or number >= MAX_ATTEMPTS:
        delivery.status = DeliveryStatus.FAILED
        delivery.next_attempt_at = None
        delivery.finished_at = at
    else:
        delivery.status = DeliveryStatus.RETRYING
        delivery.next_attempt_at = at + dt.timedelta(seconds=backoff_seconds(number))
    delivery.save(
        update_fields=[
            "attempts", "last_status_code", "last_response_ms", "last_error", "status",
            "next_attempt_at", "finished_at",
        ]
    )  # fmt: skip
    return delivery


def due_delivery_ids(at: dt.datetime) -> list[int]:
    return list(
        WebhookDelivery.objects.filter(
            Q(next_attempt_at__lte=at) | Q(next_attempt_at__isnull=True),
            status__in=OPEN_STATUSES,
            webhook__active=True,
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:BATCH]
    )


def send_due(
    *,
    now: Callable[[], dt.datetime] = timezone.now,
    send: Sender = _default_sender,
    unix_time: Callable[[], float] = time.time,
) -> int:
    """Try every open delivery whose time has come; how many were tried."""
    tried = 0
    for delivery_id in due_delivery_ids(now()):
        if attempt(delivery_id, now=now, send=send, unix_time=unix_time) is not None:
            tried += 1
    return tried
