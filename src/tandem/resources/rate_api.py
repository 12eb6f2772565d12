"""REST endpoints for changes of a resource's hourly rate over time (rate history)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.responses import Status

from tandem.core.api import ERRORS, version_from

from . import actions, queries
from .models import ResourceRate

router = Router(tags=["resources"])


class RateChangeOut(Schema):
    id: int
    version: int
    resource_id: int
    effective_from: dt.date
    standard_rate: Decimal


class RateChangeIn(Schema):
    effective_from: dt.date
    standard_rate: Decimal = Field(..., ge=0, max_digits=12, decimal_places=2)


@router.get(
    "/resources/{resource_id}/rates",
    response={200: list[RateChangeOut], **ERRORS},
    url_name="resource-rate-list",
)
def list_rate_changes(request: HttpRequest, resource_id: int) -> list[ResourceRate]:
    """The resource's rate changes, oldest first (people who see rates only)."""
    return list(queries.list_rate_changes(request.user, resource_id))


@router.post(
    "/resources/{resource_id}/rates",
    response={201: RateChangeOut, **ERRORS},
    url_name="resource-rate-create",
)
def add_rate_change(request: HttpRequest, resource_id: int, payload: RateChangeIn) -> Any:
    """From ``effective_from`` on, time is priced at ``standard_rate`` (organization admins)."""
    resource = queries.get_resource(request.user, resource_id, "edit")
    rate = actions.do_add_rate_change(
        resource,
        acting_user=request.user,
        effective_from=payload.effective_from,
        standard_rate=payload.standard_rate,
    )
    return Status(201, rate)


@router.delete(
    "/resource-rates/{rate_id}", response={204: None, **ERRORS}, url_name="resource-rate-delete"
)
def delete_rate_change(request: HttpRequest, rate_id: int) -> Any:
    rate = queries.get_rate_change(request.user, rate_id, "edit")
    actions.do_delete_rate_change(rate, acting_user=request.user, version=version_from(request))
    return Status(204, None)
