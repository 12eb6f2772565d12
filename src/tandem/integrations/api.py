"""REST endpoints of webhooks: list and create (a project's, or the organization's for its
admins), read, change, pause, rotate the secret, delete, send a test event, and the delivery
log. The secret is in the answer of a create or a rotation only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from tandem.core.api import ERRORS, StrictIn, version_from
from tandem.core.pagination import Pagination
from tandem.core.versions import etag

from . import actions, policies, queries
from .models import Webhook, WebhookDelivery
from .portfolio import portfolio_for

router = Router(tags=["webhooks"])


class WebhookOut(Schema):
    id: int
    version: int
    project_id: int | None
    name: str
    url: str
    events: list[str]
    active: bool
    owner: str
    created_at: dt.datetime
    secret_rotated_at: dt.datetime | None

    @staticmethod
    def resolve_owner(obj: Webhook) -> str:
        return obj.owner.get_full_name() or obj.owner.username


class WebhookWithSecretOut(WebhookOut):
    """The answer of a create or a rotation: the only one that holds the secret."""

    secret: str


class WebhookIn(StrictIn):
    name: str
    url: str
    events: list[str]


class WebhookPatch(StrictIn):
    version: int | None = None
    name: str | None = None
    url: str | None = None
    events: list[str] | None = None
    active: bool | None = None


class WebhookVersionIn(StrictIn):
    version: int | None = None


class AttemptOut(Schema):
    number: int
    at: dt.datetime
    status_code: int | None
    response_ms: int | None
    error: str


class DeliveryOut(Schema):
    id: int
    event: str
    kind: str
    status: str
    attempts: int
    last_status_code: int | None
    last_response_ms: int | None
    last_error: str
    next_attempt_at: dt.datetime | None
    created_at: dt.datetime
    finished_at: dt.datetime | None
    payload: dict[str, Any]
    tries: list[AttemptOut]

    @staticmethod
    def resolve_tries(obj: WebhookDelivery) -> list[Any]:
        return list(obj.tries.all())


def _tagged(response: HttpResponse, obj: Any) -> Any:
    response["ETag"] = etag(obj)
    return obj


@router.get("/webhooks", response={200: list[WebhookOut], **ERRORS})
@paginate(Pagination)
def list_webhooks(request: HttpRequest) -> Any:
    """Every hook the user configures: the organization's (admins) and their projects'."""
    return queries.list_webhooks(request.user)


@router.post("/webhooks", response={201: WebhookWithSecretOut, **ERRORS})
def create_org_webhook(request: HttpRequest, payload: WebhookIn) -> Any:
    """An organization-wide hook (admins). The answer holds the secret, shown this once."""
    organization_id = policies.refuse_unless_org_admin(request.user)
    hook, _ = actions.do_create_webhook(
        organization_id=organization_id,
        project=None,
        acting_user=request.user,
        **payload.dict(),
    )
    return Status(201, hook)


@router.get("/projects/{project_id}/webhooks", response={200: list[WebhookOut], **ERRORS})
@paginate(Pagination)
def list_project_webhooks(request: HttpRequest, project_id: int) -> Any:
    return queries.list_webhooks(request.user, project_id)


@router.post("/projects/{project_id}/webhooks", response={201: WebhookWithSecretOut, **ERRORS})
def create_project_webhook(request: HttpRequest, project_id: int, payload: WebhookIn) -> Any:
    """A hook of the project (its manager, organization admins). The answer holds the secret,
    shown this once."""
    project = policies.access_project_for_hooks(request.user, project_id)
    hook, _ = actions.do_create_webhook(
        organization_id=project.organization_id,
        project=project,
        acting_user=request.user,
        **payload.dict(),
    )
    return Status(201, hook)


@router.get("/webhooks/{webhook_id}", response={200: WebhookOut, **ERRORS})
def get_webhook(request: HttpRequest, webhook_id: int, response: HttpResponse) -> Any:
    return _tagged(response, queries.get_webhook(request.user, webhook_id))


@router.patch("/webhooks/{webhook_id}", response={200: WebhookOut, **ERRORS})
def update_webhook(
    request: HttpRequest, webhook_id: int, payload: WebhookPatch, response: HttpResponse
) -> Any:
    """Change the name, URL or events, or pause (``active: false``) and resume; a resumed hook
    does not send what happened while it was paused."""
    hook = queries.get_webhook(request.user, webhook_id, "update")
    changes = payload.dict(exclude_unset=True)
    version = version_from(request, changes.pop("version", None))
    hook = actions.do_update_webhook(
        hook, version=version, changes=changes, acting_user=request.user
    )
    return _tagged(response, hook)


@router.post("/webhooks/{webhook_id}/rotate-secret", response={200: WebhookWithSecretOut, **ERRORS})
def rotate_secret(request: HttpRequest, webhook_id: int, payload: WebhookVersionIn) -> Any:
    """A new secret, in this answer only; the old one stops signing at once."""
    hook = queries.get_webhook(request.user, webhook_id, "update")
    version = version_from(request, payload.version)
    hook, _ = actions.do_rotate_webhook_secret(hook, version=version, acting_user=request.user)
    return hook


@router.delete("/webhooks/{webhook_id}", response={204: None, **ERRORS})
def delete_webhook(request: HttpRequest, webhook_id: int) -> Any:
    hook = queries.get_webhook(request.user, webhook_id, "delete")
    actions.do_delete_webhook(hook, version=version_from(request), acting_user=request.user)
    return Status(204, None)


@router.post("/webhooks/{webhook_id}/test", response={202: DeliveryOut, **ERRORS})
def send_test_event(request: HttpRequest, webhook_id: int) -> Any:
    """Queue a ``webhook.test`` event; its delivery appears in the log."""
    hook = queries.get_webhook(request.user, webhook_id, "update")
    sent = actions.do_send_test_event(hook, acting_user=request.user)
    return Status(202, sent)


@router.get("/webhooks/{webhook_id}/deliveries", response={200: list[DeliveryOut], **ERRORS})
@paginate(Pagination)
def list_deliveries(request: HttpRequest, webhook_id: int) -> Any:
    """The hook's deliveries, newest first, each with its attempts."""
    return queries.deliveries(queries.get_webhook(request.user, webhook_id))


# Portfolio ------------------------------------------------------------------------------------


class NextMilestoneOut(Schema):
    task_id: int
    name: str
    finish: dt.date | None
    baseline_finish: dt.date | None
    slip_days: int | None


class ProjectLineOut(Schema):
    project_id: int
    code: str
    name: str
    role: str
    health: str
    computed_health: str | None
    next_milestone: NextMilestoneOut | None
    shows_money: bool
    spi: float | None
    cpi: float | None
    open_alerts: int
    worst_alert: str


class SharedPersonOut(Schema):
    name: str
    projects: list[str]
    over_weeks: int
    over_by: list[str]
    peak_pct: float | None


class PortfolioOut(Schema):
    projects: list[ProjectLineOut]
    load_start: dt.date
    load_end: dt.date
    shared_people: list[SharedPersonOut]


@router.get("/portfolio", response={200: PortfolioOut, **ERRORS}, tags=["portfolio"])
def get_portfolio(request: HttpRequest) -> Any:
    """The viewer's projects (health, computed health, next milestone and its slip, SPI and CPI
    where they may see the budget, open alerts) and the people those projects share."""
    return portfolio_for(request.user)
