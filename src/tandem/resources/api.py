"""REST endpoints for resources, budget lines, cost entries and time entries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from tandem.core.api import ERRORS, StrictIn, version_from
from tandem.core.errors import ValidationFailed
from tandem.core.pagination import Pagination
from tandem.core.versions import etag
from tandem.planning.models import Task
from tandem.projects.policies import access_project

from . import actions, queries
from .calendar_api import router as calendar_router
from .earned_value_api import router as earned_value_router
from .models import BudgetLine, Resource, WorkCalendar
from .policies import can_see_rates
from .rate_api import router as rate_router
from .timesheet_api import router as timesheet_router

router = Router(tags=["resources"])

Kind = Literal["person", "equipment", "material"]
Category = Literal[
    "labour", "equipment", "material", "travel", "services", "contingency", "other"
]  # fmt: skip


def _no_nulls(data: dict[str, Any], allowed: set[str]) -> dict[str, Any]:
    for key, value in data.items():
        if value is None and key not in allowed:
            raise ValidationFailed(
                _("%(key)s cannot be null.") % {"key": key}, fields={key: [_("may not be null")]}
            )
    return data


def _ref(model: Any, data: dict[str, Any], key: str, **scope: Any) -> None:
    """Replace ``<key>_id`` in ``data`` by the object it names within ``scope`` (422 if unknown)."""
    field = f"{key}_id"
    if field not in data:
        return
    obj_id = data.pop(field)
    obj = None if obj_id is None else model._default_manager.filter(pk=obj_id, **scope).first()
    if obj_id is not None and obj is None:
        raise ValidationFailed(
            _("No %(key)s %(obj_id)s.") % {"key": key, "obj_id": obj_id},
            fields={field: [_("unknown %(key)s %(obj_id)s") % {"key": key, "obj_id": obj_id}]},
        )
    data[key] = obj


_RATE_HIDDEN = "Null unless you are an organization admin or manage a project."


class ResourceOut(Schema):
    id: int
    version: int
    kind: str
    name: str
    user_id: int | None
    standard_rate: Decimal | None = Field(None, description=_RATE_HIDDEN)
    overtime_rate: Decimal | None = Field(None, description=_RATE_HIDDEN)
    cost_per_use: Decimal | None = Field(None, description=_RATE_HIDDEN)
    currency: str
    max_units: Decimal
    material_unit: str
    calendar_id: int | None
    active: bool

    @staticmethod
    def resolve_standard_rate(obj: Resource, context: dict[str, Any]) -> Decimal | None:
        return obj.standard_rate if can_see_rates(context["request"].user) else None

    @staticmethod
    def resolve_overtime_rate(obj: Resource, context: dict[str, Any]) -> Decimal | None:
        return obj.overtime_rate if can_see_rates(context["request"].user) else None

    @staticmethod
    def resolve_cost_per_use(obj: Resource, context: dict[str, Any]) -> Decimal | None:
        return obj.cost_per_use if can_see_rates(context["request"].user) else None


class ResourceFields(Schema):
    user_id: int | None = None
    standard_rate: Decimal | None = Field(None, ge=0)
    overtime_rate: Decimal | None = Field(None, ge=0)
    cost_per_use: Decimal | None = Field(None, ge=0)
    currency: str | None = None
    max_units: Decimal | None = Field(None, ge=0, le=100000)
    material_unit: str | None = None
    calendar_id: int | None = None
    active: bool | None = None


class ResourceIn(ResourceFields):
    name: str = Field(..., min_length=1, max_length=200)
    kind: Kind


class ResourcePatch(ResourceFields):
    version: int | None = None
    name: str | None = Field(None, min_length=1, max_length=200)
    kind: Kind | None = None


def _resource_data(user: Any, data: dict[str, Any]) -> dict[str, Any]:
    org = user.organization_id
    _ref(get_user_model(), data, "user", organization_id=org)
    _ref(WorkCalendar, data, "calendar", organization_id=org)
    return _no_nulls(data, {"user", "calendar"})


@router.get("/resources", response={200: list[ResourceOut], **ERRORS}, url_name="resource-list")
@paginate(Pagination)
def list_resources(  # type: ignore[no-untyped-def]
    request: HttpRequest, kind: str | None = None, q: str | None = None, active: bool | None = None
):
    return queries.list_resources(request.user, kind=kind, q=q, active=active)


@router.post("/resources", response={201: ResourceOut, **ERRORS}, url_name="resource-create")
def create_resource(request: HttpRequest, payload: ResourceIn):  # type: ignore[no-untyped-def]
    data = _resource_data(request.user, payload.dict(exclude_unset=True))
    resource = actions.do_create_resource(acting_user=request.user, **data)
    return Status(201, resource)


@router.get(
    "/resources/{resource_id}", response={200: ResourceOut, **ERRORS}, url_name="resource-detail"
)
def get_resource(request: HttpRequest, resource_id: int, response: HttpResponse):  # type: ignore[no-untyped-def]
    resource = queries.get_resource(request.user, resource_id)
    response["ETag"] = etag(resource)
    return resource


@router.patch(
    "/resources/{resource_id}", response={200: ResourceOut, **ERRORS}, url_name="resource-update"
)
def update_resource(request: HttpRequest, resource_id: int, payload: ResourcePatch):  # type: ignore[no-untyped-def]
    resource = queries.get_resource(request.user, resource_id)
    changes = payload.dict(exclude_unset=True)
    version = version_from(request, changes.pop("version", None))
    changes = _resource_data(request.user, changes)
    return actions.do_update_resource(
        resource, acting_user=request.user, version=version, changes=changes
    )


@router.delete(
    "/resources/{resource_id}", response={204: None, **ERRORS}, url_name="resource-delete"
)
def delete_resource(request: HttpRequest, resource_id: int):  # type: ignore[no-untyped-def]
    resource = queries.get_resource(request.user, resource_id)
    actions.do_delete_resource(resource, acting_user=request.user, version=version_from(request))
    return Status(204, None)


# --- budget lines ------------------------------------------------------------------------------------


class BudgetLineOut(Schema):
    id: int
    version: int
    project_id: int
    category: str
    description: str
    amount: Decimal
    currency: str


class BudgetLineIn(StrictIn):
    category: Category
    description: str = ""
    amount: Decimal = Field(..., ge=0)
    currency: str | None = None


class BudgetLinePatch(StrictIn):
    version: int | None = None
    category: Category | None = None
    description: str | None = None
    amount: Decimal | None = Field(None, ge=0)
    currency: str | None = None


@router.get(
    "/projects/{project_id}/budget-lines",
    response={200: list[BudgetLineOut], **ERRORS},
    url_name="budget-line-list",
)
def list_budget_lines(request: HttpRequest, project_id: int):  # type: ignore[no-untyped-def]
    return list(queries.list_budget_lines(request.user, project_id))


@router.post(
    "/projects/{project_id}/budget-lines",
    response={201: BudgetLineOut, **ERRORS},
    url_name="budget-line-create",
)
def create_budget_line(request: HttpRequest, project_id: int, payload: BudgetLineIn):  # type: ignore[no-untyped-def]
    project = access_project(request.user, project_id, "budget.edit")
    data = {k: v for k, v in payload.dict().items() if v is not None}
    return Status(201, actions.do_create_budget_line(project, acting_user=request.user, **data))


@router.get(
    "/budget-lines/{line_id}",
    response={200: BudgetLineOut, **ERRORS},
    url_name="budget-line-detail",
)
def get_budget_line(request: HttpRequest, line_id: int, response: HttpResponse):  # type: ignore[no-untyped-def]
    line = queries.get_budget_line(request.user, line_id)
    response["ETag"] = etag(line)
    return line


@router.patch(
    "/budget-lines/{line_id}",
    response={200: BudgetLineOut, **ERRORS},
    url_name="budget-line-update",
)
def update_budget_line(request: HttpRequest, line_id: int, payload: BudgetLinePatch):  # type: ignore[no-untyped-def]
    line = queries.get_budget_line(request.user, line_id)
    changes = payload.dict(exclude_unset=True)
    version = version_from(request, changes.pop("version", None))
    return actions.do_update_budget_line(
        line, acting_user=request.user, version=version, changes=_no_nulls(changes, set())
    )


@router.delete(
    "/budget-lines/{line_id}", response={204: None, **ERRORS}, url_name="budget-line-delete"
)
def delete_budget_line(request: HttpRequest, line_id: int):  # type: ignore[no-untyped-def]
    line = queries.get_budget_line(request.user, line_id)
    actions.do_delete_budget_line(line, acting_user=request.user, version=version_from(request))
    return Status(204, None)


# --- cost entries -----------------------------------------------------------------------------------


class CostEntryOut(Schema):
    id: int
    version: int
    project_id: int
    budget_line_id: int | None
    category: str
    date: dt.date
    amount: Decimal
    currency: str
    description: str
    task_id: int | None
    resource_id: int | None


class CostEntryIn(StrictIn):
    category: Category
    date: dt.date
    amount: Decimal = Field(..., gt=0)
    currency: str | None = None
    description: str = ""
    budget_line_id: int | None = None
    task_id: int | None = None
    resource_id: int | None = None


class CostEntryPatch(StrictIn):
    version: int | None = None
    category: Category | None = None
    date: dt.date | None = None
    amount: Decimal | None = Field(None, gt=0)
    currency: str | None = None
    description: str | None = None
    budget_line_id: int | None = None
    task_id: int | None = None
    resource_id: int | None = None


def _cost_refs(project: Any, data: dict[str, Any]) -> dict[str, Any]:
    _ref(BudgetLine, data, "budget_line", project_id=project.pk)
    _ref(Task, data, "task", project_id=project.pk)
    _ref(Resource, data, "resource", organization_id=project.organization_id)
    return data


@router.get(
    "/projects/{project_id}/cost-entries",
    response={200: list[CostEntryOut], **ERRORS},
    url_name="cost-entry-list",
)
@paginate(Pagination)
def list_cost_entries(request: HttpRequest, project_id: int, category: str | None = None):  # type: ignore[no-untyped-def]
    return queries.list_cost_entries(request.user, project_id, category=category)


@router.post(
    "/projects/{project_id}/cost-entries",
    response={201: CostEntryOut, **ERRORS},
    url_name="cost-entry-create",
)
def create_cost_entry(request: HttpRequest, project_id: int, payload: CostEntryIn):  # type: ignore[no-untyped-def]
    project = access_project(request.user, project_id, "budget.edit")
    data = _cost_refs(project, payload.dict(exclude_unset=True))
    if data.get("currency") is None:
        data.pop("currency", None)
    entry = actions.do_create_cost_entry(project, acting_user=request.user, **data)
    return Status(201, entry)


@router.get(
    "/cost-entries/{entry_id}", response={200: CostEntryOut, **ERRORS}, url_name="cost-entry-detail"
)
def get_cost_entry(request: HttpRequest, entry_id: int, response: HttpResponse):  # type: ignore[no-untyped-def]
    entry = queries.get_cost_entry(request.user, entry_id)
    response["ETag"] = etag(entry)
    return entry


@router.patch(
    "/cost-entries/{entry_id}", response={200: CostEntryOut, **ERRORS}, url_name="cost-entry-update"
)
def update_cost_entry(request: HttpRequest, entry_id: int, payload: CostEntryPatch):  # type: ignore[no-untyped-def]
    entry = queries.get_cost_entry(request.user, entry_id)
    changes = payload.dict(exclude_unset=True)
    version = version_from(request, changes.pop("version", None))
    changes = _no_nulls(_cost_refs(entry.project, changes), {"budget_line", "task", "resource"})
    return actions.do_update_cost_entry(
        entry, acting_user=request.user, version=version, changes=changes
    )


@router.delete(
    "/cost-entries/{entry_id}", response={204: None, **ERRORS}, url_name="cost-entry-delete"
)
def delete_cost_entry(request: HttpRequest, entry_id: int):  # type: ignore[no-untyped-def]
    entry = queries.get_cost_entry(request.user, entry_id)
    actions.do_delete_cost_entry(entry, acting_user=request.user, version=version_from(request))
    return Status(204, None)


# --- time entries -----------------------------------------------------------------------------------


class TimeEntryOut(Schema):
    id: int
    version: int
    project_id: int
    person_id: int
    task_id: int
    date: dt.date
    hours: Decimal
    note: str


class TimeEntryIn(StrictIn):
    task_id: int
    date: dt.date
    hours: Decimal = Field(..., gt=0, le=24)
    note: str = Field("", max_length=500)
    person_id: int | None = None


class TimeEntryPatch(StrictIn):
    version: int | None = None
    task_id: int | None = None
    date: dt.date | None = None
    hours: Decimal | None = Field(None, gt=0, le=24)
    note: str | None = Field(None, max_length=500)


@router.get(
    "/projects/{project_id}/time-entries",
    response={200: list[TimeEntryOut], **ERRORS},
    url_name="time-entry-list",
)
@paginate(Pagination)
def list_time_entries(  # type: ignore[no-untyped-def]
    request: HttpRequest, project_id: int, person: int | None = None, task: int | None = None
):
    return queries.list_time_entries(request.user, project_id, person=person, task=task)


@router.post(
    "/projects/{project_id}/time-entries",
    response={201: TimeEntryOut, **ERRORS},
    url_name="time-entry-create",
)
def log_time(request: HttpRequest, project_id: int, payload: TimeEntryIn):  # type: ignore[no-untyped-def]
    project = access_project(request.user, project_id, "time.log")
    data = payload.dict()
    _ref(Task, data, "task", project_id=project.pk)
    _ref(get_user_model(), data, "person", organization_id=project.organization_id)
    entry = actions.do_log_time(
        data.pop("task"), acting_user=request.user, person=data.pop("person"), **data
    )
    return Status(201, entry)


@router.get(
    "/time-entries/{entry_id}", response={200: TimeEntryOut, **ERRORS}, url_name="time-entry-detail"
)
def get_time_entry(request: HttpRequest, entry_id: int, response: HttpResponse):  # type: ignore[no-untyped-def]
    entry = queries.get_time_entry(request.user, entry_id)
    response["ETag"] = etag(entry)
    return entry


@router.patch(
    "/time-entries/{entry_id}", response={200: TimeEntryOut, **ERRORS}, url_name="time-entry-update"
)
def update_time_entry(request: HttpRequest, entry_id: int, payload: TimeEntryPatch):  # type: ignore[no-untyped-def]
    entry = queries.get_time_entry(request.user, entry_id)
    changes = payload.dict(exclude_unset=True)
    version = version_from(request, changes.pop("version", None))
    _ref(Task, changes, "task", project_id=entry.project_id)
    changes = _no_nulls(changes, set())
    return actions.do_update_time_entry(
        entry, acting_user=request.user, version=version, changes=changes
    )


@router.delete(
    "/time-entries/{entry_id}", response={204: None, **ERRORS}, url_name="time-entry-delete"
)
def delete_time_entry(request: HttpRequest, entry_id: int):  # type: ignore[no-untyped-def]
    entry = queries.get_time_entry(request.user, entry_id)
    actions.do_delete_time_entry(entry, acting_user=request.user, version=version_from(request))
    return Status(204, None)


# Working calendars, their exceptions and people's days off: ``calendar_api``.
router.add_router("", calendar_router)
# A resource's rate changes over time: ``rate_api``.
router.add_router("", rate_router)
# A project's earned value at a status date: ``earned_value_api``.
router.add_router("", earned_value_router)
# The weekly timesheet: a person's week, its submission and the manager's decision.
router.add_router("", timesheet_router)
