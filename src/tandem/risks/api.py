"""REST endpoints of the risk register (risks, mitigation actions) and the issue log."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from tandem.core.api import ERRORS, StrictIn, version_from
from tandem.core.pagination import Pagination
from tandem.core.versions import etag
from tandem.projects.policies import access_project

from . import actions, queries
from .api_analysis import router as analysis_router
from .models import Issue, MitigationAction, Risk

router = Router(tags=["risks"])


class RiskOut(Schema):
    id: int
    version: int
    project_id: int
    title: str
    cause: str
    effect: str
    probability: int
    probability_pct: Decimal | None
    impact: int
    score: int
    schedule_impact_days: Decimal
    cost_impact: Decimal
    schedule_optimistic_days: Decimal | None
    schedule_most_likely_days: Decimal | None
    schedule_pessimistic_days: Decimal | None
    owner_id: int | None
    response_strategy: str
    response_plan: str
    status: str
    review_on: dt.date | None
    task_ids: list[int]

    @staticmethod
    def resolve_task_ids(obj: Any) -> list[int]:
        return sorted(t.pk for t in obj.tasks.all())


class RiskIn(StrictIn):
    title: str
    cause: str = ""
    effect: str = ""
    probability: int | None = None
    probability_pct: Decimal | None = None
    impact: int
    schedule_impact_days: Decimal = Decimal("0")
    cost_impact: Decimal = Decimal("0")
    schedule_optimistic_days: Decimal | None = None
    schedule_most_likely_days: Decimal | None = None
    schedule_pessimistic_days: Decimal | None = None
    owner_id: int | None = None
    response_strategy: str = "mitigate"
    response_plan: str = ""
    status: str = "open"
    review_on: dt.date | None = None
    task_ids: list[int] = []


class RiskPatch(StrictIn):
    version: int | None = None
    title: str | None = None
    cause: str | None = None
    effect: str | None = None
    probability: int | None = None
    probability_pct: Decimal | None = None
    impact: int | None = None
    schedule_impact_days: Decimal | None = None
    cost_impact: Decimal | None = None
    schedule_optimistic_days: Decimal | None = None
    schedule_most_likely_days: Decimal | None = None
    schedule_pessimistic_days: Decimal | None = None
    owner_id: int | None = None
    response_strategy: str | None = None
    response_plan: str | None = None
    status: str | None = None
    review_on: dt.date | None = None
    task_ids: list[int] | None = None


class MitigationOut(Schema):
    id: int
    version: int
    risk_id: int
    title: str
    description: str
    owner_id: int | None
    due_date: dt.date | None
    status: str


class MitigationIn(StrictIn):
    title: str
    description: str = ""
    owner_id: int | None = None
    due_date: dt.date | None = None
    status: str = "planned"


class MitigationPatch(StrictIn):
    version: int | None = None
    title: str | None = None
    description: str | None = None
    owner_id: int | None = None
    due_date: dt.date | None = None
    status: str | None = None


class EscalationOut(Schema):
    id: int
    from_level: str
    to_level: str
    reason: str
    escalated_by_id: int | None
    escalated_at: dt.datetime


class IssueOut(Schema):
    id: int
    version: int
    project_id: int
    title: str
    description: str
    severity: str
    priority: str
    owner_id: int | None
    raised_by_id: int | None
    due_date: dt.date | None
    status: str
    escalation_level: str
    resolution: str
    risk_ids: list[int]
    task_ids: list[int]
    escalations: list[EscalationOut]

    @staticmethod
    def resolve_risk_ids(obj: Any) -> list[int]:
        return sorted(r.pk for r in obj.risks.all())

    @staticmethod
    def resolve_task_ids(obj: Any) -> list[int]:
        return sorted(t.pk for t in obj.tasks.all())

    @staticmethod
    def resolve_escalations(obj: Any) -> list[Any]:
        # Uses the list endpoint's prefetch; the rows are ordered by the model's Meta.
        return list(obj.escalations.all())


class IssueIn(StrictIn):
    title: str
    description: str = ""
    severity: str = "medium"
    priority: str = "medium"
    owner_id: int | None = None
    due_date: dt.date | None = None
    risk_ids: list[int] = []
    task_ids: list[int] = []


class IssuePatch(StrictIn):
    version: int | None = None
    title: str | None = None
    description: str | None = None
    severity: str | None = None
    priority: str | None = None
    owner_id: int | None = None
    due_date: dt.date | None = None
    status: str | None = None
    resolution: str | None = None
    risk_ids: list[int] | None = None
    task_ids: list[int] | None = None


class EscalateIn(StrictIn):
    version: int | None = None
    reason: str
    to_level: str | None = None


ModelT = TypeVar("ModelT", bound=Model)


def _tagged(response: HttpResponse, obj: ModelT) -> ModelT:
    response["ETag"] = etag(obj)
    return obj


# Risks ------------------------------------------------------------------------------------------


@router.get("/projects/{project_id}/risks", response=list[RiskOut])
@paginate(Pagination)
def list_risks(
    request: HttpRequest,
    project_id: int,
    status: str | None = None,
    strategy: str | None = None,
    owner_id: int | None = None,
    min_score: int | None = None,
    q: str | None = None,
    ordering: str | None = None,
) -> QuerySet[Risk]:
    return queries.list_risks(
        request.user,
        project_id,
        status=status,
        strategy=strategy,
        owner_id=owner_id,
        min_score=min_score,
        search=q,
        ordering=ordering,
    ).prefetch_related("tasks")


@router.post("/projects/{project_id}/risks", response={201: RiskOut, **ERRORS})
def create_risk(request: HttpRequest, project_id: int, payload: RiskIn) -> Status[Risk]:
    project = access_project(request.user, project_id, "risks.edit")
    data = payload.dict(exclude_unset=True)
    task_ids = data.pop("task_ids", [])
    risk = actions.do_create_risk(project, acting_user=request.user, task_ids=task_ids, **data)
    return Status(201, risk)


@router.get("/risks/{risk_id}", response={200: RiskOut, **ERRORS})
def get_risk(request: HttpRequest, risk_id: int, response: HttpResponse) -> Risk:
    return _tagged(response, queries.get_risk(request.user, risk_id))


@router.patch("/risks/{risk_id}", response={200: RiskOut, **ERRORS})
def update_risk(
    request: HttpRequest, risk_id: int, payload: RiskPatch, response: HttpResponse
) -> Risk:
    risk = queries.get_risk(request.user, risk_id, "update")
    changes = payload.dict(exclude_unset=True)
    version = version_from(request, changes.pop("version", None))
    task_ids = changes.pop("task_ids", None)
    risk = actions.do_update_risk(
        risk, acting_user=request.user, version=version, changes=changes, task_ids=task_ids
    )
    return _tagged(response, risk)


@router.delete("/risks/{risk_id}", response={204: None, **ERRORS})
def delete_risk(request: HttpRequest, risk_id: int) -> Status[None]:
    risk = queries.get_risk(request.user, risk_id, "delete")
    actions.do_delete_risk(risk, acting_user=request.user, version=version_from(request))
    return Status(204, None)


# Mitigation actions ------------------------------------------------------------------------------


@router.get("/risks/{risk_id}/mitigations", response=list[MitigationOut])
@paginate(Pagination)
def list_mitigations(request: HttpRequest, risk_id: int) -> QuerySet[MitigationAction]:
    return queries.list_mitigations(request.user, risk_id)


@router.post("/risks/{risk_id}/mitigations", response={201: MitigationOut, **ERRORS})
def add_mitigation(
    request: HttpRequest, risk_id: int, payload: MitigationIn
) -> Status[MitigationAction]:
    risk = queries.get_risk(request.user, risk_id, "update")
    m = actions.do_add_mitigation(risk, acting_user=request.user, **payload.dict())
    return Status(201, m)


@router.get("/mitigations/{mitigation_id}", response={200: MitigationOut, **ERRORS})
def get_mitigation(
    request: HttpRequest, mitigation_id: int, response: HttpResponse
) -> MitigationAction:
    return _tagged(response, queries.get_mitigation(request.user, mitigation_id))


@router.patch("/mitigations/{mitigation_id}", response={200: MitigationOut, **ERRORS})
def update_mitigation(
    request: HttpRequest, mitigation_id: int, payload: MitigationPatch, response: HttpResponse
) -> MitigationAction:
    m = queries.get_mitigation(request.user, mitigation_id, "update")
    changes = payload.dict(exclude_unset=True)
    version = version_from(request, changes.pop("version", None))
    m = actions.do_update_mitigation(m, acting_user=request.user, version=version, changes=changes)
    return _tagged(response, m)


@router.delete("/mitigations/{mitigation_id}", response={204: None, **ERRORS})
def delete_mitigation(request: HttpRequest, mitigation_id: int) -> Status[None]:
    m = queries.get_mitigation(request.user, mitigation_id, "delete")
    actions.do_delete_mitigation(m, acting_user=request.user, version=version_from(request))
    return Status(204, None)


# Issues -----------------------------------------------------------------------------------------


@router.get("/projects/{project_id}/issues", response=list[IssueOut])
@paginate(Pagination)
def list_issues(
    request: HttpRequest,
    project_id: int,
    status: str | None = None,
    severity: str | None = None,
    priority: str | None = None,
    level: str | None = None,
    owner_id: int | None = None,
    q: str | None = None,
    ordering: str | None = None,
) -> QuerySet[Issue]:
    return queries.list_issues(
        request.user,
        project_id,
        status=status,
        severity=severity,
        priority=priority,
        level=level,
        owner_id=owner_id,
        search=q,
        ordering=ordering,
    ).prefetch_related("risks", "tasks", "escalations")


@router.post("/projects/{project_id}/issues", response={201: IssueOut, **ERRORS})
def raise_issue(request: HttpRequest, project_id: int, payload: IssueIn) -> Status[Issue]:
    project = access_project(request.user, project_id, "issues.raise")
    data = payload.dict()
    issue = actions.do_raise_issue(
        project,
        acting_user=request.user,
        risk_ids=data.pop("risk_ids"),
        task_ids=data.pop("task_ids"),
        **data,
    )
    return Status(201, issue)


@router.get("/issues/{issue_id}", response={200: IssueOut, **ERRORS})
def get_issue(request: HttpRequest, issue_id: int, response: HttpResponse) -> Issue:
    return _tagged(response, queries.get_issue(request.user, issue_id))


@router.patch("/issues/{issue_id}", response={200: IssueOut, **ERRORS})
def update_issue(
    request: HttpRequest, issue_id: int, payload: IssuePatch, response: HttpResponse
) -> Issue:
    issue = queries.get_issue(request.user, issue_id)
    changes = payload.dict(exclude_unset=True)
    version = version_from(request, changes.pop("version", None))
    risk_ids = changes.pop("risk_ids", None)
    task_ids = changes.pop("task_ids", None)
    issue = actions.do_update_issue(
        issue,
        acting_user=request.user,
        version=version,
        changes=changes,
        risk_ids=risk_ids,
        task_ids=task_ids,
    )
    return _tagged(response, issue)


@router.post("/issues/{issue_id}/escalate", response={200: IssueOut, **ERRORS})
def escalate_issue(
    request: HttpRequest, issue_id: int, payload: EscalateIn, response: HttpResponse
) -> Issue:
    issue = queries.get_issue(request.user, issue_id, "escalate")
    version = version_from(request, payload.version)
    issue = actions.do_escalate_issue(
        issue,
        acting_user=request.user,
        version=version,
        reason=payload.reason,
        to_level=payload.to_level,
    )
    return _tagged(response, issue)


@router.delete("/issues/{issue_id}", response={204: None, **ERRORS})
def delete_issue(request: HttpRequest, issue_id: int) -> Status[None]:
    issue = queries.get_issue(request.user, issue_id, "delete")
    actions.do_delete_issue(issue, acting_user=request.user, version=version_from(request))
    return Status(204, None)


router.add_router("", analysis_router)
