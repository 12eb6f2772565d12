"""REST endpoints for goals and their key results."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status

from tandem.core.api import ERRORS, StrictIn, version_from
from tandem.core.errors import ValidationFailed
from tandem.core.versions import etag
from tandem.projects.policies import access_project

from . import actions, queries
from .models import Goal, KeyResult

router = Router(tags=["goals"])


class KeyResultOut(Schema):
    id: int
    version: int
    goal_id: int
    name: str
    metric: str
    unit: str
    baseline: Decimal
    target: Decimal
    current: Decimal
    progress: float
    task_ids: list[int]

    @staticmethod
    def resolve_progress(obj: KeyResult) -> float:
        return float(queries.key_result_progress(obj))

    @staticmethod
    def resolve_task_ids(obj: KeyResult) -> list[int]:
        return sorted(t.pk for t in obj.tasks.all())


class GoalOut(Schema):
    id: int
    version: int
    project_id: int
    name: str
    description: str
    owner_id: int | None
    due_date: dt.date | None
    progress: float | None
    task_progress: float | None
    task_ids: list[int]
    key_results: list[KeyResultOut]

    @staticmethod
    def resolve_progress(obj: Goal) -> float | None:
        value = queries.goal_progress(obj)
        return None if value is None else float(value)

    @staticmethod
    def resolve_task_progress(obj: Goal) -> float | None:
        value = queries.goal_task_progress(obj)
        return None if value is None else float(value)

    @staticmethod
    def resolve_task_ids(obj: Goal) -> list[int]:
        return sorted(t.pk for t in obj.tasks.all())

    @staticmethod
    def resolve_key_results(obj: Goal) -> list[KeyResult]:
        return list(obj.key_results.all())


class GoalIn(StrictIn):
    name: str = Field(..., min_length=1, max_length=200)
    description: str = ""
    owner_id: int | None = None
    due_date: dt.date | None = None
    task_ids: list[int] = []


class GoalPatch(StrictIn):
    version: int | None = None
    name: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = None
    owner_id: int | None = None
    due_date: dt.date | None = None
    task_ids: list[int] | None = None


class KeyResultIn(StrictIn):
    name: str = Field(..., min_length=1, max_length=200)
    metric: str = Field(..., min_length=1, max_length=200)
    unit: str = ""
    baseline: Decimal = Decimal(0)
    target: Decimal
    current: Decimal = Decimal(0)
    task_ids: list[int] = []


class KeyResultPatch(StrictIn):
    version: int | None = None
    name: str | None = Field(None, min_length=1, max_length=200)
    metric: str | None = Field(None, min_length=1, max_length=200)
    unit: str | None = None
    baseline: Decimal | None = None
    target: Decimal | None = None
    current: Decimal | None = None
    task_ids: list[int] | None = None


def _owner(project_id: int, data: dict[str, Any]) -> dict[str, Any]:
    """Replace ``owner_id`` by a person of the project; anyone else is unknown, and unnamed."""
    if "owner_id" in data:
        oid = data.pop("owner_id")
        owner = (
            None
            if oid is None
            else get_user_model().objects.filter(pk=oid, memberships__project_id=project_id).first()
        )
        if oid is not None and owner is None:
            raise ValidationFailed(
                _("No person %(oid)s in this project.") % {"oid": oid},
                fields={"owner_id": [_("unknown person")]},
            )
        data["owner"] = owner
    return data


def _no_nulls(data: dict[str, Any], allowed: set[str]) -> dict[str, Any]:
    for key, value in data.items():
        if value is None and key not in allowed:
            raise ValidationFailed(
                _("%(key)s cannot be null.") % {"key": key}, fields={key: [_("may not be null")]}
            )
    return data


@router.get(
    "/projects/{project_id}/goals", response={200: list[GoalOut], **ERRORS}, url_name="goal-list"
)
def list_goals(request: HttpRequest, project_id: int) -> Any:
    return list(queries.list_goals(request.user, project_id))


@router.post(
    "/projects/{project_id}/goals", response={201: GoalOut, **ERRORS}, url_name="goal-create"
)
def create_goal(request: HttpRequest, project_id: int, payload: GoalIn) -> Any:
    project = access_project(request.user, project_id, "goals.edit")
    data = _owner(project.pk, payload.dict())
    goal = actions.do_create_goal(project, acting_user=request.user, **data)
    return Status(201, goal)


@router.get("/goals/{goal_id}", response={200: GoalOut, **ERRORS}, url_name="goal-detail")
def get_goal(request: HttpRequest, goal_id: int, response: HttpResponse) -> Any:
    goal = queries.get_goal(request.user, goal_id)
    response["ETag"] = etag(goal)
    return goal


@router.patch("/goals/{goal_id}", response={200: GoalOut, **ERRORS}, url_name="goal-update")
def update_goal(request: HttpRequest, goal_id: int, payload: GoalPatch) -> Any:
    goal = queries.get_goal(request.user, goal_id)
    changes = payload.dict(exclude_unset=True)
    version = version_from(request, changes.pop("version", None))
    task_ids = changes.pop("task_ids", None)
    changes = _no_nulls(_owner(goal.project_id, changes), {"owner", "due_date"})
    return actions.do_update_goal(
        goal, acting_user=request.user, version=version, changes=changes, task_ids=task_ids
    )


@router.delete("/goals/{goal_id}", response={204: None, **ERRORS}, url_name="goal-delete")
def delete_goal(request: HttpRequest, goal_id: int) -> Any:
    goal = queries.get_goal(request.user, goal_id)
    actions.do_delete_goal(goal, acting_user=request.user, version=version_from(request))
    return Status(204, None)


@router.post(
    "/goals/{goal_id}/key-results",
    response={201: KeyResultOut, **ERRORS},
    url_name="key-result-create",
)
def create_key_result(request: HttpRequest, goal_id: int, payload: KeyResultIn) -> Any:
    goal = queries.get_goal(request.user, goal_id, "edit")
    kr = actions.do_create_key_result(goal, acting_user=request.user, **payload.dict())
    return Status(201, kr)


@router.get(
    "/key-results/{kr_id}", response={200: KeyResultOut, **ERRORS}, url_name="key-result-detail"
)
def get_key_result(request: HttpRequest, kr_id: int, response: HttpResponse) -> Any:
    kr = queries.get_key_result(request.user, kr_id)
    response["ETag"] = etag(kr)
    return kr


@router.patch(
    "/key-results/{kr_id}", response={200: KeyResultOut, **ERRORS}, url_name="key-result-update"
)
def update_key_result(request: HttpRequest, kr_id: int, payload: KeyResultPatch) -> Any:
    kr = queries.get_key_result(request.user, kr_id)
    changes = payload.dict(exclude_unset=True)
    version = version_from(request, changes.pop("version", None))
    task_ids = changes.pop("task_ids", None)
    changes = _no_nulls(changes, set())
    return actions.do_update_key_result(
        kr, acting_user=request.user, version=version, changes=changes, task_ids=task_ids
    )


@router.delete("/key-results/{kr_id}", response={204: None, **ERRORS}, url_name="key-result-delete")
def delete_key_result(request: HttpRequest, kr_id: int) -> Any:
    kr = queries.get_key_result(request.user, kr_id)
    actions.do_delete_key_result(kr, acting_user=request.user, version=version_from(request))
    return Status(204, None)
