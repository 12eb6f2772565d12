"""Every write to the risk register and the issue log."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from tandem.comms.actions import notify
from tandem.core import l10n, writes
from tandem.core.errors import Forbidden, ValidationFailed
from tandem.projects.models import Project, Role
from tandem.projects.policies import has_right, members_of, require_right

from .linking import check_links, check_worker, create_linked, update_linked
from .models import (
    ESCALATION_ORDER,
    EscalationLevel,
    Issue,
    IssueEscalation,
    MitigationAction,
    Risk,
)
from .policies import IssuePolicy

RISK_FIELDS = {
    "title",
    "cause",
    "effect",
    "probability",
    "probability_pct",
    "impact",
    "schedule_impact_days",
    "cost_impact",
    "schedule_optimistic_days",
    "schedule_most_likely_days",
    "schedule_pessimistic_days",
    "owner_id",
    "response_strategy",
    "response_plan",
    "status",
    "review_on",
}
MITIGATION_FIELDS = {"title", "description", "owner_id", "due_date", "status"}
ISSUE_RAISE_FIELDS = {"title", "description", "severity", "priority", "owner_id", "due_date"}
ISSUE_FIELDS = ISSUE_RAISE_FIELDS | {"status", "resolution"}
ISSUE_OWNER_FIELDS = {"status", "resolution"}


def _refuse_unknown(fields: dict[str, Any], allowed: set[str], noun: str) -> None:
    unknown = sorted(set(fields) - allowed)
    if unknown:
        raise ValidationFailed(
            _("Unknown %(noun)s fields: %(unknown)s")
            % {"noun": noun, "unknown": ", ".join(unknown)},
            fields={k: [_("unknown field")] for k in unknown},
        )


def probability_from_pct(pct: Decimal | float | int) -> int:
    """The 1-5 scale value of a probability in percent (0-100): bands of 10/30/50/70 %."""
    value = Decimal(str(pct))
    for bound, scale in ((10, 1), (30, 2), (50, 3), (70, 4)):
        if value <= bound:
            return scale
    return 5


def _with_derived_probability(
    fields: dict[str, Any], current_pct: Decimal | None = None
) -> dict[str, Any]:
    """Keep the 1-5 scale and the percentage in step.

    A percentage alone sets the scale; a scale value alone drops a stored percentage that no
    longer falls in its band; both together must agree (422 naming both otherwise).
    """
    pct = fields.get("probability_pct")
    scale = fields.get("probability")
    if pct is not None:
        if not Decimal("0") <= Decimal(str(pct)) <= Decimal("100"):
            raise ValidationFailed(
                _("probability_pct must be between 0 and 100, got %(pct)s") % {"pct": pct},
                fields={"probability_pct": [_("must be between 0 and 100")]},
            )
        derived = probability_from_pct(pct)
        if scale is None:
            return {**fields, "probability": derived}
        if scale != derived:
            message = _(
                "probability %(scale)s does not match probability_pct %(pct)s (scale %(derived)s)"
            ) % {"scale": scale, "pct": pct, "derived": derived}
            raise ValidationFailed(
                message, fields={"probability": [message], "probability_pct": [message]}
            )
    elif (
        scale is not None
        and "probability_pct" not in fields
        and current_pct is not None
        and probability_from_pct(current_pct) != scale
    ):
        return {**fields, "probability_pct": None}
    return fields


def _require(user: Any, project: Project | int, right: str, message: str) -> None:
    require_right(user, project, right, message)


# Risks ------------------------------------------------------------------------------------------


@transaction.atomic
def do_create_risk(
    project: Project, *, acting_user: Any, task_ids: list[int] | None = None, **fields: Any
) -> Risk:
    _require(acting_user, project, "risks.edit", _("Only the project manager edits the register."))
    _refuse_unknown(fields, RISK_FIELDS, "risk")
    fields = _with_derived_probability(fields)
    check_worker(project, fields.get("owner_id"), "owner_id")
    tasks = check_links(project, "planning.Task", task_ids or [], "task_ids")
    return create_linked(
        Risk(project=project, **fields),
        links={"tasks": tasks},
        actor=acting_user,
        action="risk.created",
        project_id=project.pk,
    )


@transaction.atomic
def do_update_risk(
    risk: Risk,
    *,
    acting_user: Any,
    version: int,
    changes: dict[str, Any],
    task_ids: list[int] | None = None,
) -> Risk:
    project = risk.project
    _require(acting_user, project, "risks.edit", _("Only the project manager edits the register."))
    _refuse_unknown(changes, RISK_FIELDS, "risk")
    changes = _with_derived_probability(changes, risk.probability_pct)
    if "owner_id" in changes:
        check_worker(project, changes["owner_id"], "owner_id")
    tasks = (
        None if task_ids is None else check_links(project, "planning.Task", task_ids, "task_ids")
    )
    return update_linked(
        risk,
        version=version,
        changes=changes,
        links={"tasks": tasks},
        actor=acting_user,
        action="risk.updated",
        project_id=project.pk,
    )


@transaction.atomic
def do_delete_risk(risk: Risk, *, acting_user: Any, version: int) -> None:
    _require(
        acting_user, risk.project_id, "risks.edit", _("Only the project manager deletes risks.")
    )
    writes.delete(risk, version=version, actor=acting_user, action="risk.deleted")


# Mitigation actions ------------------------------------------------------------------------------


@transaction.atomic
def do_add_mitigation(risk: Risk, *, acting_user: Any, **fields: Any) -> MitigationAction:
    project = risk.project
    _require(acting_user, project, "risks.edit", _("Only the project manager plans mitigations."))
    _refuse_unknown(fields, MITIGATION_FIELDS, "mitigation")
    check_worker(project, fields.get("owner_id"), "owner_id")
    return writes.create(
        MitigationAction(risk=risk, **fields),
        actor=acting_user,
        action="mitigation.created",
        project_id=project.pk,
    )


@transaction.atomic
def do_update_mitigation(
    mitigation: MitigationAction, *, acting_user: Any, version: int, changes: dict[str, Any]
) -> MitigationAction:
    project = mitigation.risk.project
    _require(acting_user, project, "risks.edit", _("Only the project manager edits mitigations."))
    _refuse_unknown(changes, MITIGATION_FIELDS, "mitigation")
    if "owner_id" in changes:
        check_worker(project, changes["owner_id"], "owner_id")
    return writes.update(
        mitigation,
        version=version,
        changes=changes,
        actor=acting_user,
        action="mitigation.updated",
        project_id=project.pk,
    )


@transaction.atomic
def do_delete_mitigation(mitigation: MitigationAction, *, acting_user: Any, version: int) -> None:
    project_id = mitigation.risk.project_id
    _require(
        acting_user, project_id, "risks.edit", _("Only the project manager edits mitigations.")
    )
    writes.delete(
        mitigation,
        version=version,
        actor=acting_user,
        action="mitigation.deleted",
        project_id=project_id,
    )


# Issues -----------------------------------------------------------------------------------------


@transaction.atomic
def do_raise_issue(
    project: Project,
    *,
    acting_user: Any,
    risk_ids: list[int] | None = None,
    task_ids: list[int] | None = None,
    **fields: Any,
) -> Issue:
    _require(acting_user, project, "issues.raise", _("Your role does not raise issues here."))
    _refuse_unknown(fields, ISSUE_RAISE_FIELDS, "issue")
    check_worker(project, fields.get("owner_id"), "owner_id")
    links = {
        "risks": check_links(project, "risks.Risk", risk_ids or [], "risk_ids"),
        "tasks": check_links(project, "planning.Task", task_ids or [], "task_ids"),
    }
    return create_linked(
        Issue(project=project, raised_by=acting_user, **fields),
        links=links,
        actor=acting_user,
        action="issue.raised",
        project_id=project.pk,
    )


@transaction.atomic
def do_update_issue(
    issue: Issue,
    *,
    acting_user: Any,
    version: int,
    changes: dict[str, Any],
    risk_ids: list[int] | None = None,
    task_ids: list[int] | None = None,
) -> Issue:
    """Leads change anything but the escalation level; the owner changes status and resolution."""
    project = issue.project
    _refuse_unknown(changes, ISSUE_FIELDS, "issue")
    if not has_right(acting_user, project, "issues.manage"):
        owner_only = set(changes) <= ISSUE_OWNER_FIELDS and risk_ids is None and task_ids is None
        if not (owner_only and IssuePolicy.can(acting_user, "update_status", issue)):
            raise Forbidden(
                _(
                    "Only the project's leads update issues; an issue's owner may change its "
                    "status and resolution."
                )
            )
    if "owner_id" in changes:
        check_worker(project, changes["owner_id"], "owner_id")
    links = {
        "risks": None
        if risk_ids is None
        else check_links(project, "risks.Risk", risk_ids, "risk_ids"),
        "tasks": None
        if task_ids is None
        else check_links(project, "planning.Task", task_ids, "task_ids"),
    }
    return update_linked(
        issue,
        version=version,
        changes=changes,
        links=links,
        actor=acting_user,
        action="issue.updated",
        project_id=project.pk,
    )


@transaction.atomic
def do_escalate_issue(
    issue: Issue, *, acting_user: Any, version: int, reason: str, to_level: str | None = None
) -> Issue:
    """Raise the issue to ``to_level`` (default: the next level up) and record who, when and why."""
    _require(acting_user, issue.project_id, "issues.manage", _("Only leads escalate issues."))
    if not reason or not reason.strip():
        raise ValidationFailed(
            _("An escalation needs a reason."), fields={"reason": [_("This field is required.")]}
        )
    current = ESCALATION_ORDER.index(issue.escalation_level)
    if to_level is None:
        if current == len(ESCALATION_ORDER) - 1:
            raise ValidationFailed(
                _("Issue %(issue_id)s is already at the highest level (%(escalation_level)s).")
                % {"issue_id": issue.pk, "escalation_level": issue.escalation_level},
                fields={"to_level": [_("already at the highest level")]},
            )
        to_level = ESCALATION_ORDER[current + 1]
    if to_level not in ESCALATION_ORDER or ESCALATION_ORDER.index(to_level) <= current:
        raise ValidationFailed(
            _(
                "Cannot escalate from %(escalation_level)s to %(to_level)r: choose a higher "
                "level among %(levels)s."
            )
            % {
                "escalation_level": issue.escalation_level,
                "to_level": to_level,
                "levels": ", ".join(ESCALATION_ORDER[current + 1 :]) or _("none"),
            },
            fields={
                "to_level": [
                    _("%(to_level)r is not above %(escalation_level)s")
                    % {"to_level": to_level, "escalation_level": issue.escalation_level}
                ]
            },
        )
    from_level = issue.escalation_level
    issue = writes.update(
        issue,
        version=version,
        changes={"escalation_level": EscalationLevel(to_level).value},
        actor=acting_user,
        action="issue.escalated",
        project_id=issue.project_id,
    )
    writes.create(
        IssueEscalation(
            issue=issue,
            from_level=from_level,
            to_level=to_level,
            reason=reason.strip(),
            escalated_by=acting_user,
        ),
        actor=acting_user,
        action="escalation.created",
        project_id=issue.project_id,
    )
    _notify_escalation(issue, acting_user, from_level, to_level, reason.strip())
    return issue


def _notify_escalation(
    issue: Issue, acting_user: Any, from_level: str, to_level: str, reason: str
) -> None:
    leads = [
        m.user
        for m in members_of(issue.project, [Role.MANAGER, Role.COORDINATOR])
        if m.user_id != acting_user.pk
    ]
    owner = [issue.owner] if issue.owner_id and issue.owner_id != acting_user.pk else []
    readers = {person.pk: person for person in [*leads, *owner] if person is not None}
    for person in readers.values():
        # Each reader's notification is written in their own language.
        with l10n.for_person(person):
            before, after = EscalationLevel(from_level).label, EscalationLevel(to_level).label
            notify(
                [person],
                project=issue.project,
                kind="issue.escalated",
                subject=_("Issue escalated to %(level)s: %(issue)s")
                % {"level": after, "issue": issue.title},
                body=_("%(person)s escalated it from %(before)s to %(after)s: %(reason)s")
                % {"person": acting_user, "before": before, "after": after, "reason": reason},
                url=reverse("issue-detail", args=[issue.pk]),
                right="project.view_work",
            )


@transaction.atomic
def do_delete_issue(issue: Issue, *, acting_user: Any, version: int) -> None:
    _require(acting_user, issue.project_id, "issues.manage", _("Only leads delete issues."))
    writes.delete(issue, version=version, actor=acting_user, action="issue.deleted")
