"""Every write a person makes in monitoring: acknowledging an alert, answering the suggested
health, managing escalation rules, setting the project's watch thresholds. (The evaluator's own
writes, made by nobody in particular, are in ``evaluation`` and ``escalations``; they are
audited too.)"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.core import audit, writes
from tandem.core.errors import Conflict, ValidationFailed
from tandem.projects import actions as project_actions
from tandem.projects.models import Project
from tandem.projects.policies import require_right

from .escalations import SEVERITY_ORDER
from .models import (
    Alert,
    EscalationRule,
    EscalationTarget,
    EscalationTrigger,
    HealthAssessment,
    HealthDecision,
    WatchSettings,
    validate_slip_steps,
)

RULE_FIELDS = {"name", "trigger", "min_severity", "after_working_days", "escalate_to", "active"}


@transaction.atomic
def do_acknowledge_alert(alert: Alert, *, acting_user: Any) -> Alert:
    """Mark an open alert seen by a lead (it stays open until the condition is gone)."""
    require_right(
        acting_user, alert.project_id, "team.coordinate", _("Only the leads acknowledge alerts.")
    )
    if alert.closed_at is not None:
        raise Conflict(_("This alert is closed already: the condition behind it is gone."))
    if alert.acknowledged_at is not None:
        return alert
    alert.acknowledged_at = timezone.now()
    alert.acknowledged_by = acting_user
    alert.version += 1
    alert.save(update_fields=["acknowledged_at", "acknowledged_by", "version", "updated_at"])
    audit.record(
        actor=acting_user,
        action="alert.acknowledged",
        obj=alert,
        changes={"acknowledged_at": [None, alert.acknowledged_at]},
        project_id=alert.project_id,
        organization_id=acting_user.organization_id,
    )
    return alert


@transaction.atomic
def do_decide_health(
    project: Project, *, acting_user: Any, decision: str, reason: str = ""
) -> HealthAssessment:
    """The manager accepts the suggested health (the project's health becomes it, with its
    reasons) or keeps their own, saying why."""
    require_right(
        acting_user, project, "project.edit", _("Only the project manager sets the health.")
    )
    assessment = HealthAssessment.objects.select_for_update().filter(project=project).first()
    if assessment is None:
        raise Conflict(
            _("%(project)s has not been evaluated yet: there is no suggestion.")
            % {"project": project.code}
        )
    reason = reason.strip()
    if decision not in HealthDecision.values:
        raise ValidationFailed(
            _("Decide accepted or kept."), fields={"decision": [_("must be accepted or kept")]}
        )
    if len(reason) > 500:
        raise ValidationFailed(_("The reason is too long."), fields={"reason": [_("at most 500")]})
    if decision == HealthDecision.KEPT and not reason:
        raise ValidationFailed(
            _("Say why you keep your own health."),
            fields={"reason": [_("required to keep your own")]},
        )
    if decision == HealthDecision.ACCEPTED:
        titles = "; ".join(r["title"] for r in assessment.reasons) or _("no open alerts")
        text = reason or _("Suggested from the alerts: %(titles)s") % {"titles": titles}
        project_actions.do_update_project(
            project,
            acting_user=acting_user,
            version=project.version,
            changes={"health": assessment.suggested, "health_reason": text[:500]},
        )
    before = audit.snapshot(assessment, ["decision", "decided_suggestion", "decision_reason"])
    assessment.decision = decision
    assessment.decided_suggestion = assessment.suggested
    assessment.decision_reason = reason
    assessment.decided_by = acting_user
    assessment.decided_at = timezone.now()
    assessment.version += 1
    assessment.save()
    audit.record(
        actor=acting_user,
        action="health.decided",
        obj=assessment,
        changes=audit.diff(
            before,
            audit.snapshot(assessment, ["decision", "decided_suggestion", "decision_reason"]),
        ),
        project_id=project.pk,
        organization_id=project.organization_id,
    )
    return assessment


def _check_rule(fields: dict[str, Any]) -> None:
    unknown = set(fields) - RULE_FIELDS
    if unknown:
        raise ValidationFailed(
            _("Unknown rule fields: %(unknown)s") % {"unknown": ", ".join(sorted(unknown))},
            fields={name: [_("unknown field")] for name in unknown},
        )
    problems: dict[str, list[str]] = {}
    if "trigger" in fields and fields["trigger"] not in EscalationTrigger.values:
        problems["trigger"] = [
            _("one of %(values)s") % {"values": ", ".join(EscalationTrigger.values)}
        ]
    if "escalate_to" in fields and fields["escalate_to"] not in EscalationTarget.values:
        problems["escalate_to"] = [
            _("one of %(values)s") % {"values": ", ".join(EscalationTarget.values)}
        ]
    if fields.get("min_severity") not in (None, "", *SEVERITY_ORDER):
        problems["min_severity"] = [
            _("empty or one of %(severity_order)s") % {"severity_order": ", ".join(SEVERITY_ORDER)}
        ]
    if "name" in fields and not str(fields["name"] or "").strip():
        problems["name"] = [_("required")]
    if problems:
        text = "; ".join(f"{k}: {' '.join(v)}" for k, v in problems.items())
        raise ValidationFailed(_("Invalid rule: %(text)s") % {"text": text}, fields=problems)


@transaction.atomic
def do_create_escalation_rule(
    project: Project, *, acting_user: Any, **fields: Any
) -> EscalationRule:
    require_right(
        acting_user, project, "team.coordinate", _("Only the leads manage escalation rules.")
    )
    _check_rule(fields)
    for required in ("name", "trigger", "after_working_days", "escalate_to"):
        if fields.get(required) in (None, ""):
            raise ValidationFailed(
                _("A rule needs %(required)s.") % {"required": required},
                fields={required: [_("required")]},
            )
    rule = EscalationRule(project=project, created_by=acting_user, **fields)
    return writes.create(rule, actor=acting_user, action="escalation_rule.created")


@transaction.atomic
def do_update_escalation_rule(
    rule: EscalationRule, *, acting_user: Any, version: int, changes: dict[str, Any]
) -> EscalationRule:
    require_right(
        acting_user,
        rule.project_id,
        "team.coordinate",
        _("Only the leads manage escalation rules."),
    )
    _check_rule(changes)
    return writes.update(
        rule, version=version, changes=changes, actor=acting_user, action="escalation_rule.updated"
    )


@transaction.atomic
def do_delete_escalation_rule(rule: EscalationRule, *, acting_user: Any, version: int) -> None:
    require_right(
        acting_user,
        rule.project_id,
        "team.coordinate",
        _("Only the leads manage escalation rules."),
    )
    writes.delete(rule, version=version, actor=acting_user, action="escalation_rule.deleted")


# Each threshold a manager sets: (kind, lowest, highest). Bounds repeat the model's validators
# so a wrong value is named in plain words before anything is written.
THRESHOLD_BOUNDS: dict[str, tuple[type, Decimal, Decimal]] = {
    "near_critical_days": (Decimal, Decimal("0"), Decimal("365")),
    "float_erosion_days": (Decimal, Decimal("0.5"), Decimal("365")),
    "slip_red_days": (int, Decimal("1"), Decimal("365")),
    "cpi_threshold": (Decimal, Decimal("0"), Decimal("2")),
    "spi_threshold": (Decimal, Decimal("0"), Decimal("2")),
    "risk_review_days": (int, Decimal("1"), Decimal("365")),
    "overdue_grace_days": (int, Decimal("0"), Decimal("60")),
}
THRESHOLD_FIELDS = {*THRESHOLD_BOUNDS, "slip_steps_days"}


def _threshold_problem(name: str, value: Any) -> str | None:
    if name == "slip_steps_days":
        try:
            validate_slip_steps(value)
        except ValidationError as exc:
            return " ".join(exc.messages)
        return None
    kind, low, high = THRESHOLD_BOUNDS[name]
    if value is None or isinstance(value, bool):
        return _("required")
    if not isinstance(value, int) and (kind is int or not isinstance(value, Decimal)):
        return _("a whole number") if kind is int else _("a number")
    number = Decimal(value)
    if not number.is_finite() or not low <= number <= high:
        return _("from %(low)s to %(high)s") % {"low": low, "high": high}
    if kind is Decimal and number != number.quantize(Decimal("0.01")):
        return _("at most 2 decimal places")
    return None


def check_thresholds(changes: dict[str, Any]) -> None:
    """Refuse unknown fields and values out of range, naming each (nothing is written)."""
    problems: dict[str, list[str]] = {}
    for name in sorted(changes):
        if name not in THRESHOLD_FIELDS:
            problems[name] = [_("unknown field")]
            continue
        found = _threshold_problem(name, changes[name])
        if found:
            problems[name] = [found]
    if problems:
        text = "; ".join(f"{k}: {' '.join(v)}" for k, v in problems.items())
        raise ValidationFailed(_("Invalid thresholds: %(text)s") % {"text": text}, fields=problems)


@transaction.atomic
def do_update_watch_settings(
    project: Project, *, acting_user: Any, version: int, changes: dict[str, Any]
) -> WatchSettings:
    """The manager sets the thresholds the watcher uses for the project. A project without its
    own thresholds reads the defaults as version 1; the first change saves them."""
    require_right(
        acting_user, project, "project.edit", _("Only the project manager sets thresholds.")
    )
    check_thresholds(changes)
    found = WatchSettings.objects.select_for_update().filter(project=project).first()
    if found is None:
        # The defaults (version 1) become a row; the change below moves it to version 2.
        found = WatchSettings.objects.create(project=project)
    return writes.update(
        found,
        version=version,
        changes=changes,
        actor=acting_user,
        action="watch_settings.updated",
        organization_id=project.organization_id,
    )
