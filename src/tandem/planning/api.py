"""REST endpoints for tasks, milestones, dependencies and assignments.

Baselines, the schedule and the Gantt chart's data live in ``api_baselines``, ``api_schedule``
and ``api_gantt`` and are mounted on this router (goals and key results: ``tandem.goals``).

Every write that can move dates answers with the tasks the automatic scheduling moved, in a
``rescheduled`` list added to the usual response object (``[]`` when nothing moved or the project
is scheduled manually); deletes of tasks and dependencies answer 200 with ``{"rescheduled":
[...]}``. Task writes also carry ``notices`` (what was made of the input, e.g. a typed start that
became a constraint) and the task's schedule ``warnings``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from tandem.core.api import ERRORS, StrictIn, version_from
from tandem.core.errors import ValidationFailed
from tandem.core.pagination import Pagination
from tandem.core.versions import etag
from tandem.projects.policies import access_project
from tandem.resources.models import Resource

from . import actions, queries
from .api_baselines import router as baselines_router
from .api_gantt import router as gantt_router
from .api_leveling import router as leveling_router
from .api_schedule import RescheduledOut, RescheduleOut, moved_out
from .api_schedule import router as schedule_router
from .models import Assignment, Dependency, Task, TaskStatus
from .schedule_actions import PlanOutcome

router = Router(tags=["planning"])


class AssigneeOut(Schema):
    id: int
    version: int
    task_id: int
    person_id: int | None
    resource_id: int | None
    name: str
    units: Decimal


class AssignmentCreatedOut(AssigneeOut):
    rescheduled: list[RescheduledOut] = Field(
        [],
        description="Tasks whose dates this write moved (the assigned calendar narrows "
        "the task's working time).",
    )


class TaskOut(Schema):
    id: int
    version: int
    project_id: int
    parent_id: int | None
    position: int
    wbs_code: str
    name: str
    description: str
    is_milestone: bool
    estimate_mode: str
    duration_unit: str
    estimate: Decimal | None
    optimistic: Decimal | None
    most_likely: Decimal | None
    pessimistic: Decimal | None
    start_date: dt.date | None
    finish_date: dt.date | None
    constraint_type: str
    constraint_date: dt.date | None
    deadline: dt.date | None
    priority: int
    status: str
    percent_complete: int
    actual_start: dt.date | None
    actual_finish: dt.date | None
    remaining: Decimal | None
    team_id: int | None
    manually_scheduled: bool
    do_not_level: bool = Field(description="Resource leveling never moves this task.")
    leveling_delay_days: int = Field(
        description="Elapsed days resource leveling added before the task starts (read-only: "
        "set by POST /projects/{id}/leveling/apply, removed by .../leveling/clear)."
    )
    assignees: list[AssigneeOut]
    notices: list[str] = Field(
        [], description="What a write made of the input, e.g. a typed start became a constraint."
    )
    warnings: list[str] | None = Field(
        None,
        description="The task's schedule warnings after a write that rescheduled the plan "
        "(None when not computed: see GET /projects/{id}/schedule).",
    )
    rescheduled: list[RescheduledOut] = Field(
        [], description="Tasks whose dates this write moved (the task itself included)."
    )

    @staticmethod
    def resolve_assignees(obj: Task | dict[str, Any]) -> list[dict[str, Any]]:
        if isinstance(obj, dict):  # already shaped by ``task_out``
            return list(obj["assignees"])
        return [assignment_out(a) for a in obj.assignments.all()]


# What only an answer to a write carries (``task_out``); a list leaves them at their defaults.
_WRITE_ONLY = frozenset({"notices", "warnings", "rescheduled"})


def task_out(task: Task, outcome: PlanOutcome) -> dict[str, Any]:
    """A task as written, with what the write did beyond it."""
    data = TaskOut.from_orm(task).dict()
    data["notices"] = outcome.notices
    data["rescheduled"] = [moved_out(m) for m in outcome.rescheduled]
    if outcome.rescheduled_plan:
        data["warnings"] = outcome.warnings.get(task.pk, [])
    return data


class MilestoneOut(Schema):
    id: int
    wbs_code: str
    name: str
    start_date: dt.date | None
    finish_date: dt.date | None
    deadline: dt.date | None
    status: str
    percent_complete: int


TaskStatusName = Literal["not_started", "in_progress", "done", "blocked", "cancelled"]
Constraint = Literal["ASAP", "ALAP", "SNET", "SNLT", "FNET", "FNLT", "MSO", "MFO"]
Percent = int


class TaskFields(StrictIn):
    description: str | None = None
    is_milestone: bool | None = None
    estimate_mode: Literal["single", "three_point"] | None = None
    duration_unit: Literal["days", "hours"] | None = None
    estimate: Decimal | None = Field(None, ge=0)
    optimistic: Decimal | None = Field(None, ge=0)
    most_likely: Decimal | None = Field(None, ge=0)
    pessimistic: Decimal | None = Field(None, ge=0)
    start_date: dt.date | None = None
    finish_date: dt.date | None = None
    constraint_type: Constraint | None = None
    constraint_date: dt.date | None = None
    deadline: dt.date | None = None
    priority: int | None = Field(None, ge=0, le=1000)
    status: TaskStatusName | None = None
    percent_complete: Percent | None = Field(None, ge=0, le=100)
    actual_start: dt.date | None = None
    actual_finish: dt.date | None = None
    remaining: Decimal | None = Field(None, ge=0)
    team_id: int | None = None
    manually_scheduled: bool | None = None
    do_not_level: bool | None = None
    parent_id: int | None = None
    position: int | None = Field(None, ge=1)


class TaskIn(TaskFields):
    name: str = Field(..., min_length=1, max_length=200)
    assignee_ids: list[int] = []


class TaskPatch(TaskFields):
    version: int | None = None
    name: str | None = Field(None, min_length=1, max_length=200)


NULLABLE = {
    "estimate", "optimistic", "most_likely", "pessimistic", "start_date", "finish_date",
    "constraint_date", "deadline", "actual_start", "actual_finish", "remaining", "team_id",
    "parent_id", "description",
}  # fmt: skip


def assignment_out(a: Any) -> dict[str, Any]:
    who = a.person if a.person_id else a.resource
    return {
        "id": a.pk,
        "version": a.version,
        "task_id": a.task_id,
        "person_id": a.person_id,
        "resource_id": a.resource_id,
        "name": str(who),
        "units": a.units,
    }


ASSIGNEE_COLUMNS = (
    "version",
    "task_id",
    "person_id",
    "resource_id",
    "units",
    "person__display_name",
    "person__first_name",
    "person__last_name",
    "person__username",
    "resource__name",
)


class TaskRows:
    """A task list for the paginator, read as rows: a page's tasks come from ``.values()`` and
    their assignees from one more query, so the response is validated from plain dicts instead
    of attribute by attribute from model instances (most of the list's time otherwise)."""

    COLUMNS = tuple(n for n in TaskOut.model_fields if n not in {"assignees", *_WRITE_ONLY})

    def __init__(self, tasks: QuerySet[Task]) -> None:
        self.tasks = tasks

    def all(self) -> QuerySet[Task]:
        # The paginator counts with ``.all().count()``.
        return self.tasks

    def __getitem__(self, page: slice) -> list[dict[str, Any]]:
        rows = list(self.tasks.prefetch_related(None).values(*self.COLUMNS)[page])
        assignees: dict[int, list[dict[str, Any]]] = {row["id"]: [] for row in rows}
        assignments = (
            Assignment.objects.filter(task_id__in=assignees)
            .select_related("person", "resource")
            # The columns ``assignment_out`` reads, names included (``str`` of a person or a
            # resource), and not every timestamp of the person's row.
            .only(*ASSIGNEE_COLUMNS)
        )
        for a in assignments:
            assignees[a.task_id].append(assignment_out(a))
        for row in rows:
            row["assignees"] = assignees[row["id"]]
        return rows


def _task_in_project(project_id: int, task_id: int, field: str) -> Task:
    task = Task.objects.filter(pk=task_id, project_id=project_id).first()
    if task is None:
        raise ValidationFailed(
            _("No task %(task_id)s in this project.") % {"task_id": task_id},
            fields={field: [_("unknown task %(task_id)s") % {"task_id": task_id}]},
        )
    return task


def _resolve_refs(project: Any, data: dict[str, Any]) -> dict[str, Any]:
    """Turn ``parent_id``/``team_id`` into objects of the project/organization (422 if unknown)."""
    out = dict(data)
    if "parent_id" in out:
        pid = out.pop("parent_id")
        out["parent"] = None if pid is None else _task_in_project(project.pk, pid, "parent_id")
    if "team_id" in out:
        from_org = project.organization.teams
        tid = out.pop("team_id")
        team = None if tid is None else from_org.filter(pk=tid).first()
        if tid is not None and team is None:
            raise ValidationFailed(
                _("No team %(tid)s.") % {"tid": tid},
                fields={"team_id": [_("unknown team %(tid)s") % {"tid": tid}]},
            )
        out["team"] = team
    for key, value in list(out.items()):
        if value is None and key not in NULLABLE and key not in {"parent", "team"}:
            raise ValidationFailed(
                _("%(key)s cannot be null.") % {"key": key}, fields={key: [_("may not be null")]}
            )
    return out


@router.get(
    "/projects/{project_id}/tasks", response={200: list[TaskOut], **ERRORS}, url_name="task-list"
)
@paginate(Pagination)
def list_tasks(
    request: HttpRequest,
    project_id: int,
    status: str | None = None,
    assignee: int | None = None,
    milestone: bool | None = None,
    parent: int | None = None,
    q: str | None = None,
) -> TaskRows:
    if status is not None and status not in TaskStatus.values:
        raise ValidationFailed(
            _("Unknown status %(status)r.") % {"status": status},
            fields={"status": [_("one of %(values)s") % {"values": TaskStatus.values}]},
        )
    return TaskRows(
        queries.list_tasks(
            request.user,
            project_id,
            status=status,
            assignee=assignee,
            milestone=milestone,
            parent=parent,
            q=q,
        )
    )


@router.post(
    "/projects/{project_id}/tasks", response={201: TaskOut, **ERRORS}, url_name="task-create"
)
def create_task(request: HttpRequest, project_id: int, payload: TaskIn) -> Status[dict[str, Any]]:
    project = access_project(request.user, project_id, "tasks.edit")
    data = _resolve_refs(project, payload.dict(exclude_unset=True))
    name = data.pop("name")
    outcome = PlanOutcome()
    task = actions.do_create_task(
        project, acting_user=request.user, name=name, outcome=outcome, **data
    )
    return Status(201, task_out(task, outcome))


@router.get(
    "/projects/{project_id}/milestones",
    response={200: list[MilestoneOut], **ERRORS},
    url_name="milestone-list",
)
def list_milestones(request: HttpRequest, project_id: int) -> list[Task]:
    return list(queries.list_milestones(request.user, project_id))


@router.get("/tasks/{task_id}", response={200: TaskOut, **ERRORS}, url_name="task-detail")
def get_task(request: HttpRequest, task_id: int, response: HttpResponse) -> Task:
    task = queries.get_task(request.user, task_id)
    response["ETag"] = etag(task)
    return task


@router.patch("/tasks/{task_id}", response={200: TaskOut, **ERRORS}, url_name="task-update")
def update_task(
    request: HttpRequest, task_id: int, payload: TaskPatch, response: HttpResponse
) -> dict[str, Any]:
    task = queries.get_task(request.user, task_id)
    changes = payload.dict(exclude_unset=True)
    version = version_from(request, changes.pop("version", None))
    changes = _resolve_refs(task.project, changes)
    outcome = PlanOutcome()
    task = actions.do_update_task(
        task, acting_user=request.user, version=version, changes=changes, outcome=outcome
    )
    response["ETag"] = etag(task)
    return task_out(task, outcome)


@router.delete("/tasks/{task_id}", response={200: RescheduleOut, **ERRORS}, url_name="task-delete")
def delete_task(request: HttpRequest, task_id: int) -> dict[str, Any]:
    task = queries.get_task(request.user, task_id)
    outcome = PlanOutcome()
    actions.do_delete_task(
        task, acting_user=request.user, version=version_from(request), outcome=outcome
    )
    return {"rescheduled": [moved_out(m) for m in outcome.rescheduled]}


# --- dependencies ----------------------------------------------------------------------------


class DependencyOut(Schema):
    id: int
    version: int
    project_id: int
    predecessor_id: int
    successor_id: int
    type: str
    lag: Decimal
    lag_unit: str
    rescheduled: list[RescheduledOut] = Field([], description="Tasks whose dates this write moved.")


def dependency_out(dep: Any, outcome: PlanOutcome) -> dict[str, Any]:
    data = DependencyOut.from_orm(dep).dict()
    data["rescheduled"] = [moved_out(m) for m in outcome.rescheduled]
    return data


class DependencyIn(StrictIn):
    predecessor_id: int
    successor_id: int
    type: Literal["FS", "SS", "FF", "SF"] = "FS"
    lag: Decimal = Decimal(0)
    lag_unit: Literal["days", "minutes", "edays", "percent"] = "days"


class DependencyPatch(StrictIn):
    version: int | None = None
    type: Literal["FS", "SS", "FF", "SF"] | None = None
    lag: Decimal | None = None
    lag_unit: Literal["days", "minutes", "edays", "percent"] | None = None


@router.get(
    "/projects/{project_id}/dependencies",
    response={200: list[DependencyOut], **ERRORS},
    url_name="dependency-list",
)
def list_dependencies(request: HttpRequest, project_id: int, task: int | None = None) -> list[Any]:
    return list(queries.list_dependencies(request.user, project_id, task))


@router.post(
    "/projects/{project_id}/dependencies",
    response={201: DependencyOut, **ERRORS},
    url_name="dependency-create",
)
def add_dependency(
    request: HttpRequest, project_id: int, payload: DependencyIn
) -> Status[dict[str, Any]]:
    access_project(request.user, project_id, "tasks.edit")
    # Both ends in this project: a task elsewhere is unknown here, never named.
    pred = _task_in_project(project_id, payload.predecessor_id, "predecessor_id")
    succ = _task_in_project(project_id, payload.successor_id, "successor_id")
    outcome = PlanOutcome()
    dep = actions.do_add_dependency(
        acting_user=request.user,
        predecessor=pred,
        successor=succ,
        type=payload.type,
        lag=payload.lag,
        lag_unit=payload.lag_unit,
        outcome=outcome,
    )
    return Status(201, dependency_out(dep, outcome))


@router.get(
    "/dependencies/{dep_id}", response={200: DependencyOut, **ERRORS}, url_name="dependency-detail"
)
def get_dependency(request: HttpRequest, dep_id: int, response: HttpResponse) -> Dependency:
    dep = queries.get_dependency(request.user, dep_id)
    response["ETag"] = etag(dep)
    return dep


@router.patch(
    "/dependencies/{dep_id}", response={200: DependencyOut, **ERRORS}, url_name="dependency-update"
)
def update_dependency(
    request: HttpRequest, dep_id: int, payload: DependencyPatch
) -> dict[str, Any]:
    dep = queries.get_dependency(request.user, dep_id)
    changes = payload.dict(exclude_unset=True)
    version = version_from(request, changes.pop("version", None))
    outcome = PlanOutcome()
    dep = actions.do_update_dependency(
        dep, acting_user=request.user, version=version, changes=changes, outcome=outcome
    )
    return dependency_out(dep, outcome)


@router.delete(
    "/dependencies/{dep_id}", response={200: RescheduleOut, **ERRORS}, url_name="dependency-delete"
)
def remove_dependency(request: HttpRequest, dep_id: int) -> dict[str, Any]:
    dep = queries.get_dependency(request.user, dep_id)
    outcome = PlanOutcome()
    actions.do_remove_dependency(
        dep, acting_user=request.user, version=version_from(request), outcome=outcome
    )
    return {"rescheduled": [moved_out(m) for m in outcome.rescheduled]}


# --- assignments -----------------------------------------------------------------------------


class AssignmentIn(StrictIn):
    person_id: int | None = None
    resource_id: int | None = None
    units: Decimal = Field(Decimal(100), gt=0, le=10000)


class AssignmentPatch(StrictIn):
    version: int | None = None
    units: Decimal = Field(..., gt=0, le=10000)


@router.get(
    "/tasks/{task_id}/assignments",
    response={200: list[AssigneeOut], **ERRORS},
    url_name="assignment-list",
)
def list_assignments(request: HttpRequest, task_id: int) -> list[dict[str, Any]]:
    task = queries.get_task(request.user, task_id)
    return [assignment_out(a) for a in queries.list_assignments(request.user, task)]


@router.post(
    "/tasks/{task_id}/assignments",
    response={201: AssignmentCreatedOut, **ERRORS},
    url_name="assignment-create",
)
def create_assignment(
    request: HttpRequest, task_id: int, payload: AssignmentIn
) -> Status[dict[str, Any]]:
    task = queries.get_task(request.user, task_id)
    person = resource = None
    org_id = task.project.organization_id
    if payload.person_id is not None:
        person = (
            get_user_model().objects.filter(pk=payload.person_id, organization_id=org_id).first()
        )
        if person is None:
            raise ValidationFailed(
                _("No person %(person_id)s.") % {"person_id": payload.person_id},
                fields={"person_id": [_("unknown person")]},
            )
    if payload.resource_id is not None:
        resource = Resource.objects.filter(pk=payload.resource_id, organization_id=org_id).first()
        if resource is None:
            raise ValidationFailed(
                _("No resource %(resource_id)s.") % {"resource_id": payload.resource_id},
                fields={"resource_id": [_("unknown resource")]},
            )
    outcome = PlanOutcome()
    a = actions.do_assign(
        task,
        acting_user=request.user,
        person=person,
        resource=resource,
        units=payload.units,
        outcome=outcome,
    )
    rescheduled = [moved_out(m) for m in outcome.rescheduled]
    return Status(201, {**assignment_out(a), "rescheduled": rescheduled})


@router.get(
    "/assignments/{assignment_id}",
    response={200: AssigneeOut, **ERRORS},
    url_name="assignment-detail",
)
def get_assignment(
    request: HttpRequest, assignment_id: int, response: HttpResponse
) -> dict[str, Any]:
    a = queries.get_assignment(request.user, assignment_id)
    response["ETag"] = etag(a)
    return assignment_out(a)


@router.patch(
    "/assignments/{assignment_id}",
    response={200: AssigneeOut, **ERRORS},
    url_name="assignment-update",
)
def update_assignment(
    request: HttpRequest, assignment_id: int, payload: AssignmentPatch
) -> dict[str, Any]:
    a = queries.get_assignment(request.user, assignment_id)
    version = version_from(request, payload.version)
    a = actions.do_update_assignment(
        a, acting_user=request.user, version=version, units=payload.units
    )
    return assignment_out(a)


@router.delete(
    "/assignments/{assignment_id}",
    response={200: RescheduleOut, **ERRORS},
    url_name="assignment-delete",
)
def delete_assignment(request: HttpRequest, assignment_id: int) -> dict[str, Any]:
    a = queries.get_assignment(request.user, assignment_id)
    outcome = PlanOutcome()
    actions.do_remove_assignment(
        a, acting_user=request.user, version=version_from(request), outcome=outcome
    )
    return {"rescheduled": [moved_out(m) for m in outcome.rescheduled]}


router.add_router("", schedule_router)
router.add_router("", gantt_router)
router.add_router("", baselines_router)
router.add_router("", leveling_router)
