"""REST endpoints of monitoring: a project's alerts (list, acknowledge), its suggested health
(read, accept or keep your own), its escalation rules and its watch thresholds."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from tandem.core.api import ERRORS, StrictIn, version_from
from tandem.core.errors import NotFound, ValidationFailed
from tandem.core.pagination import Pagination
from tandem.core.versions import etag
from tandem.projects.policies import access_project

from . import actions, queries
from .models import Alert
from .queries import ALERT_STATES

router = Router(tags=["monitoring"])


class AlertStepOut(Schema):
    step: int
    at: dt.datetime
    title: str


class AlertOut(Schema):
    id: int
    version: int
    project_id: int
    kind: str
    subject_key: str
    subject_label: str
    url: str
    step: int
    severity: str
    title: str
    threshold: str
    evidence: dict[str, Any]
    history: list[AlertStepOut]
    opened_at: dt.datetime
    raised_at: dt.datetime
    last_seen_at: dt.datetime
    closed_at: dt.datetime | None
    close_reason: str
    acknowledged_at: dt.datetime | None
    acknowledged_by_id: int | None

    # The title and threshold in the reader's language (the stored copy is English).
    @staticmethod
    def resolve_title(obj: Alert) -> str:
        return obj.said_title

    @staticmethod
    def resolve_threshold(obj: Alert) -> str:
        return obj.said_threshold


class HealthReasonOut(Schema):
    alert_id: int
    kind: str
    title: str
    severity: str
    threshold: str


class HealthOut(Schema):
    project_id: int
    suggested: str
    reasons: list[HealthReasonOut]
    hidden_reasons: int
    computed_at: dt.datetime
    manager_health: str
    manager_reason: str
    differs: bool
    decision: str
    decision_reason: str
    decided_by_id: int | None
    decided_at: dt.datetime | None


class HealthDecisionIn(StrictIn):
    decision: str
    reason: str = ""


class RuleOut(Schema):
    id: int
    version: int
    project_id: int
    name: str
    trigger: str
    min_severity: str
    after_working_days: int
    escalate_to: str
    active: bool


class RuleIn(StrictIn):
    name: str
    trigger: str
    min_severity: str = ""
    after_working_days: int
    escalate_to: str
    active: bool = True


class RulePatch(StrictIn):
    version: int | None = None
    name: str | None = None
    trigger: str | None = None
    min_severity: str | None = None
    after_working_days: int | None = None
    escalate_to: str | None = None
    active: bool | None = None


def _tagged(response: HttpResponse, obj: Any) -> Any:
    response["ETag"] = etag(obj)
    return obj


# Alerts ---------------------------------------------------------------------------------------


@router.get("/projects/{project_id}/alerts", response={200: list[AlertOut], **ERRORS})
@paginate(Pagination)
def list_alerts(request: HttpRequest, project_id: int, state: str = "open") -> Any:
    """The project's alerts the user may read: ``state`` open (default), closed or all."""
    if state not in ALERT_STATES:
        raise ValidationFailed(
            gettext("state must be one of %(alert_states)s.")
            % {"alert_states": ", ".join(ALERT_STATES)},
            fields={
                "state": [
                    gettext("one of %(alert_states)s") % {"alert_states": ", ".join(ALERT_STATES)}
                ]
            },
        )
    return queries.list_alerts(request.user, project_id, state)


@router.get("/alerts/{alert_id}", response={200: AlertOut, **ERRORS})
def get_alert(request: HttpRequest, alert_id: int, response: HttpResponse) -> Any:
    return _tagged(response, queries.get_alert(request.user, alert_id))


@router.post("/alerts/{alert_id}/acknowledge", response={200: AlertOut, **ERRORS})
def acknowledge_alert(request: HttpRequest, alert_id: int) -> Any:
    """A lead marks the alert seen; it stays open until the condition is gone."""
    alert = queries.get_alert(request.user, alert_id, "acknowledge")
    return actions.do_acknowledge_alert(alert, acting_user=request.user)


# Suggested health -----------------------------------------------------------------------------


def _health(request: HttpRequest, project_id: int) -> Any:
    project = access_project(request.user, project_id, "project.view_work")
    found = queries.health_for(request.user, project)
    if found is None:
        raise NotFound(
            gettext("%(project)s has not been evaluated yet.") % {"project": project.code}
        )
    return {
        **found,
        "project_id": project.pk,
        "decided_by_id": getattr(found["decided_by"], "pk", None),
    }


@router.get("/projects/{project_id}/health/computed", response={200: HealthOut, **ERRORS})
def computed_health(request: HttpRequest, project_id: int) -> Any:
    """The health the open alerts suggest, with the alerts behind it, beside the manager's."""
    return _health(request, project_id)


@router.post("/projects/{project_id}/health/computed/decision", response={200: HealthOut, **ERRORS})
def decide_health(request: HttpRequest, project_id: int, payload: HealthDecisionIn) -> Any:
    """The manager accepts the suggestion (``accepted``) or keeps their own (``kept``, with a
    ``reason``)."""
    project = access_project(request.user, project_id, "project.edit")
    actions.do_decide_health(
        project, acting_user=request.user, decision=payload.decision, reason=payload.reason
    )
    return _health(request, project_id)


# Escalation rules -----------------------------------------------------------------------------


@router.get("/projects/{project_id}/escalation-rules", response={200: list[RuleOut], **ERRORS})
@paginate(Pagination)
def list_rules(request: HttpRequest, project_id: int) -> Any:
    return queries.list_rules(request.user, project_id)


@router.post("/projects/{project_id}/escalation-rules", response={201: RuleOut, **ERRORS})
def create_rule(request: HttpRequest, project_id: int, payload: RuleIn) -> Any:
    project = access_project(request.user, project_id, "team.coordinate")
    rule = actions.do_create_escalation_rule(project, acting_user=request.user, **payload.dict())
    return Status(201, rule)


@router.get("/escalation-rules/{rule_id}", response={200: RuleOut, **ERRORS})
def get_rule(request: HttpRequest, rule_id: int, response: HttpResponse) -> Any:
    return _tagged(response, queries.get_rule(request.user, rule_id))


@router.patch("/escalation-rules/{rule_id}", response={200: RuleOut, **ERRORS})
def update_rule(
    request: HttpRequest, rule_id: int, payload: RulePatch, response: HttpResponse
) -> Any:
    rule = queries.get_rule(request.user, rule_id, "update")
    changes = payload.dict(exclude_unset=True)
    version = version_from(request, changes.pop("version", None))
    rule = actions.do_update_escalation_rule(
        rule, acting_user=request.user, version=version, changes=changes
    )
    return _tagged(response, rule)


@router.delete("/escalation-rules/{rule_id}", response={204: None, **ERRORS})
def delete_rule(request: HttpRequest, rule_id: int) -> Any:
    rule = queries.get_rule(request.user, rule_id, "delete")
    actions.do_delete_escalation_rule(rule, acting_user=request.user, version=version_from(request))
    return Status(204, None)


# Watch thresholds -----------------------------------------------------------------------------


class WatchSettingsOut(Schema):
    project_id: int
    version: int
    near_critical_days: Decimal
    float_erosion_days: Decimal
    slip_steps_days: list[int]
    slip_red_days: int
    cpi_threshold: Decimal
    spi_threshold: Decimal
    overdue_grace_days: int
    risk_review_days: int


class WatchSettingsPatch(StrictIn):
    version: int | None = None
    near_critical_days: Decimal | None = None
    float_erosion_days: Decimal | None = None
    slip_steps_days: list[int] | None = None
    slip_red_days: int | None = None
    cpi_threshold: Decimal | None = None
    spi_threshold: Decimal | None = None
    overdue_grace_days: int | None = None
    risk_review_days: int | None = None


@router.get("/projects/{project_id}/watch-settings", response={200: WatchSettingsOut, **ERRORS})
def get_watch_settings(request: HttpRequest, project_id: int, response: HttpResponse) -> Any:
    """The thresholds the watcher uses for the project (the defaults, version 1, until the
    manager changes one)."""
    _, found = queries.watch_settings_for(request.user, project_id)
    return _tagged(response, found)


@router.patch("/projects/{project_id}/watch-settings", response={200: WatchSettingsOut, **ERRORS})
def update_watch_settings(
    request: HttpRequest, project_id: int, payload: WatchSettingsPatch, response: HttpResponse
) -> Any:
    """The manager changes thresholds: milestone slip steps and red slip (working days), float
    erosion and near-critical float (working days), CPI and SPI floors, overdue grace (working
    days) and risk review interval (days)."""
    project, _ = queries.watch_settings_for(request.user, project_id, "project.edit")
    changes = payload.dict(exclude_unset=True)
    version = version_from(request, changes.pop("version", None))
    found = actions.do_update_watch_settings(
        project, acting_user=request.user, version=version, changes=changes
    )
    return _tagged(response, found)
