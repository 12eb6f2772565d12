"""Every change to webhooks: create (the secret returned once), update, pause, rotate the
secret, delete, and queue a test event. Each is atomic and audited; the secret never enters
the audit trail."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.core import audit, writes
from tandem.core.errors import ValidationFailed
from tandem.core.models import AuditEvent
from tandem.projects.models import Project

from . import events
from .jobs import deliver_webhook
from .models import EventKind, Webhook, WebhookDelivery
from .sending import FetchRefused, check_hook_url
from .signing import new_secret

EDITABLE = ("name", "url", "events", "active")


def _clean_events(raw: Any) -> list[str]:
    known = set(EventKind.values)
    if not isinstance(raw, list | tuple) or not raw:
        raise ValidationFailed(
            _("Choose at least one kind of event."), fields={"events": [_("Choose at least one.")]}
        )
    unknown = [str(e) for e in raw if e not in known]
    if unknown:
        choices = ", ".join(EventKind.values)
        raise ValidationFailed(
            _("events: unknown kind %(names)s; choose from %(choices)s.")
            % {"names": ", ".join(unknown), "choices": choices},
            fields={
                "events": [
                    _("Unknown: %(names)s. Choose from %(choices)s.")
                    % {"names": ", ".join(unknown), "choices": choices}
                ]
            },
        )
    return [k for k in EventKind.values if k in set(raw)]


def _clean_url(url: Any) -> str:
    try:
        check_hook_url(url)
    except FetchRefused as exc:
        raise ValidationFailed(
            _("url: %(exc)s") % {"exc": exc}, fields={"url": [str(exc)]}
        ) from exc
    return str(url)


def _clean_name(name: Any) -> str:
    text = str(name or "").strip()
    if not text:
        raise ValidationFailed(_("Give the webhook a name."), fields={"name": [_("Required.")]})
    return text


@transaction.atomic
def do_create_webhook(
    *,
    organization_id: int,
    project: Project | None,
    name: str,
    url: str,
    events: Iterable[str],
    acting_user: Any,
) -> tuple[Webhook, str]:
    """A new active hook owned by ``acting_user``, hearing of what happens from now on; the
    hook and its secret (shown once)."""
    secret = new_secret()
    cursor = AuditEvent.objects.aggregate(last=Max("pk"))["last"] or 0
    hook = Webhook(
        organization_id=organization_id,
        project=project,
        name=_clean_name(name),
        url=_clean_url(url),
        events=_clean_events(list(events)),
        secret=secret,
        owner=acting_user,
        cursor_audit_id=cursor,
    )
    writes.create(hook, actor=acting_user, action="webhook.created")
    return hook, secret


@transaction.atomic
def do_update_webhook(
    hook: Webhook, *, version: int, changes: Mapping[str, Any], acting_user: Any
) -> Webhook:
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise ValidationFailed(
            _("Unknown fields: %(names)s.") % {"names": ", ".join(unknown)},
            fields={k: [_("Unknown field.")] for k in unknown},
        )
    clean: dict[str, Any] = dict(changes)
    if "name" in clean:
        clean["name"] = _clean_name(clean["name"])
    if "url" in clean:
        clean["url"] = _clean_url(clean["url"])
    if "events" in clean:
        clean["events"] = _clean_events(clean["events"])
    if clean.get("active") and not hook.active:
        # Resumed: what happened while paused is not sent afterwards.
        last = AuditEvent.objects.aggregate(last=Max("pk"))["last"] or 0
        clean["cursor_audit_id"] = last
    return writes.update(
        hook, version=version, changes=clean, actor=acting_user, action="webhook.updated"
    )


@transaction.atomic
def do_rotate_webhook_secret(
    hook: Webhook, *, version: int, acting_user: Any
) -> tuple[Webhook, str]:
    """A new secret for the hook (the old one stops signing at once); the hook and the secret."""
    secret = new_secret()
    hook = writes.update(
        hook,
        version=version,
        changes={"secret_rotated_at": timezone.now()},
        actor=acting_user,
        action="webhook.secret_rotated",
    )
    Webhook.objects.filter(pk=hook.pk).update(secret=secret)
    hook.secret = secret
    return hook, secret


@transaction.atomic
def do_delete_webhook(hook: Webhook, *, version: int, acting_user: Any) -> None:
    writes.delete(hook, version=version, actor=acting_user, action="webhook.deleted")


@transaction.atomic
def do_send_test_event(hook: Webhook, *, acting_user: Any) -> WebhookDelivery:
    """A ``webhook.test`` delivery, sent once the transaction commits (paused hooks too: the
    test is how one checks a receiver before resuming)."""
    now = timezone.now()
    delivery = WebhookDelivery.objects.create(
        webhook=hook,
        event="webhook.test",
        kind="test",
        payload=events.sample_payload(hook.name, acting_user.username, now.isoformat()),
        next_attempt_at=now,
    )
    audit.record(
        actor=acting_user,
        action="webhook.test_sent",
        obj=hook,
        changes={"delivery": [None, delivery.pk]},
        project_id=hook.project_id,
        organization_id=hook.organization_id,
    )
    transaction.on_commit(lambda: deliver_webhook.delay(delivery.pk))
    return delivery
