"""REST endpoints of the coordinator's desk: agenda candidates and building an agenda from them,
an action item scheduled as a task, the RACI matrix, and the project's teams and handoffs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from tandem.core.api import ERRORS
from tandem.meetings import queries as meeting_queries
from tandem.planning import queries as planning_queries
from tandem.projects.policies import access_project

from . import actions, handoffs, raci, raci_actions
from .agenda import DEFAULT_RISK_SCORE, agenda_candidates

router = Router(tags=["coordination"])


# ---------------------------------------------------------------- agenda


class CandidateOut(Schema):
    key: str
    kind: str
    section: str
    title: str
    detail: str
    url: str
    presenter_id: int | None
    presenter_name: str
    minutes: int


class CandidateFilter(Schema):
    risk_score: int = Field(DEFAULT_RISK_SCORE, ge=1, le=25)


class BuildAgendaIn(Schema):
    items: list[str] = Field(..., min_length=1, max_length=100)
    risk_score: int = Field(DEFAULT_RISK_SCORE, ge=1, le=25)


class BuiltAgendaItemOut(Schema):
    id: int
    version: int
    meeting_id: int
    position: int
    title: str
    presenter_id: int | None
    duration_minutes: int
    notes: str


@router.get(
    "/meetings/{meeting_id}/agenda-candidates",
    response={200: list[CandidateOut], **ERRORS},
)
def list_agenda_candidates(
    request: HttpRequest, meeting_id: int, filters: Query[CandidateFilter]
) -> Any:
    """What the meeting's agenda can be built from, section by section (manager, coordinator)."""
    meeting = meeting_queries.get_meeting(request.user, meeting_id, "manage")
    return agenda_candidates(request.user, meeting, risk_score_at_least=filters.risk_score)


@router.post(
    "/meetings/{meeting_id}/agenda-from-candidates",
    response={201: list[BuiltAgendaItemOut], **ERRORS},
)
def build_agenda(request: HttpRequest, meeting_id: int, payload: BuildAgendaIn) -> Any:
    """Append the chosen candidates (their keys, in agenda order) to the meeting's agenda."""
    meeting = meeting_queries.get_meeting(request.user, meeting_id, "manage")
    added = actions.do_build_agenda(
        meeting,
        acting_user=request.user,
        keys=payload.items,
        risk_score_at_least=payload.risk_score,
    )
    return Status(201, added)


# ---------------------------------------------------------------- action item -> task


class ScheduleIn(Schema):
    parent_id: int | None = None
    owner_id: int | None = None
    due_date: dt.date | None = None
    due_as: str = actions.DUE_AS_DEADLINE
    estimate_days: Decimal = Field(Decimal(1), gt=0, le=actions.MAX_ESTIMATE_DAYS)


class MovedOut(Schema):
    id: int
    name: str
    start: dt.date
    finish: dt.date


class ScheduledOut(Schema):
    action_item_id: int
    task_id: int
    task_name: str
    wbs_code: str
    parent_id: int | None
    start_date: dt.date | None
    finish_date: dt.date | None
    deadline: dt.date | None
    constraint_type: str
    constraint_date: dt.date | None
    scheduled: bool
    moved: list[MovedOut]
    notices: list[str]


@router.post("/action-items/{item_id}/schedule", response={201: ScheduledOut, **ERRORS})
def schedule_action_item(request: HttpRequest, item_id: int, payload: ScheduleIn) -> Any:
    """Make the action item a task under ``parent_id``, owned by ``owner_id``, its due date a
    ``deadline`` or a ``finish_no_later_than`` constraint, and schedule it; the owner is told."""
    item = meeting_queries.get_action_item(request.user, item_id, "manage")
    parent = (
        planning_queries.get_task(request.user, payload.parent_id)
        if payload.parent_id is not None
        else None
    )
    done = actions.do_schedule_action_item(
        item,
        acting_user=request.user,
        parent=parent,
        owner=payload.owner_id,
        due_date=payload.due_date,
        due_as=payload.due_as,
        estimate_days=payload.estimate_days,
    )
    task = done.task
    return Status(
        201,
        {
            "action_item_id": item.pk,
            "task_id": task.pk,
            "task_name": task.name,
            "wbs_code": task.wbs_code,
            "parent_id": task.parent_id,
            "start_date": task.start_date,
            "finish_date": task.finish_date,
            "deadline": task.deadline,
            "constraint_type": task.constraint_type,
            "constraint_date": task.constraint_date,
            "scheduled": done.scheduled,
            "moved": [
                {"id": m.id, "name": m.name, "start": m.start, "finish": m.finish}
                for m in done.outcome.rescheduled
            ],
            "notices": done.outcome.notices,
        },
    )


# ---------------------------------------------------------------- RACI


class RaciPersonOut(Schema):
    id: int
    name: str


class RaciRowOut(Schema):
    kind: str
    item_id: int
    label: str
    roles: dict[str, str]
    complete: bool


class RaciMatrixOut(Schema):
    project_id: int
    people: list[RaciPersonOut]
    rows: list[RaciRowOut]


class RaciCellIn(Schema):
    person_id: int
    role: str = Field(..., min_length=1, max_length=1)


class RaciRowIn(Schema):
    roles: list[RaciCellIn] = Field(default_factory=list, max_length=500)


def _row_out(row: raci.RaciRow) -> dict[str, Any]:
    return {
        "kind": row.kind,
        "item_id": row.item_id,
        "label": row.label,
        "roles": {str(k): v for k, v in row.roles.items()},
        "complete": row.complete,
    }


@router.get("/projects/{project_id}/raci", response={200: RaciMatrixOut, **ERRORS})
def get_raci_matrix(request: HttpRequest, project_id: int) -> Any:
    """Rows: the tasks, deliverables, documents and decisions that have roles (and the summary
    tasks); columns: the project's people; cells R, A, C or I."""
    project = access_project(request.user, project_id, raci.VIEW)
    matrix = raci.raci_matrix(request.user, project)
    return {
        "project_id": project.pk,
        "people": [{"id": p.pk, "name": str(p)} for p in matrix.people],
        "rows": [_row_out(r) for r in matrix.rows],
    }


@router.put("/projects/{project_id}/raci/{kind}/{item_id}", response={200: RaciRowOut, **ERRORS})
def set_raci_row(
    request: HttpRequest, project_id: int, kind: str, item_id: int, payload: RaciRowIn
) -> Any:
    """Replace one item's roles. An item with roles has exactly one Accountable (422 otherwise);
    an empty list clears the row."""
    project = access_project(request.user, project_id, raci.VIEW)
    item = raci.access_item(request.user, project, kind, item_id)
    raci_actions.do_set_raci_roles(
        project,
        item,
        acting_user=request.user,
        roles={cell.person_id: cell.role for cell in payload.roles},
        given=len(payload.roles),
    )
    return _row_out(raci.row_of(request.user, project, item))


# ---------------------------------------------------------------- teams and handoffs


class TeamsFilter(Schema):
    float_threshold: Decimal = Field(handoffs.DEFAULT_THRESHOLD, ge=0, le=1000)


@router.get("/projects/{project_id}/teams-view", response={200: dict[str, Any], **ERRORS})
def get_teams_view(request: HttpRequest, project_id: int, filters: Query[TeamsFilter]) -> Any:
    """Per team: its tasks and load, what it waits for from other teams and what others wait
    for from it (with dates and float), and the handoffs at risk (a predecessor from another
    team with less total float than ``float_threshold`` working days)."""
    project = access_project(request.user, project_id, handoffs.VIEW)
    return handoffs.as_json(handoffs.teams_view(request.user, project, filters.float_threshold))
