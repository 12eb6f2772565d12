"""Every write to resources, calendars, budget lines, cost entries and time entries."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from tandem.core import writes
from tandem.core.errors import Forbidden, ValidationFailed
from tandem.planning.models import Task
from tandem.projects.models import Project, Role
from tandem.projects.policies import has_right, is_org_admin

from .calendar_actions import do_create_calendar, projects_of_person, reschedule_projects
from .models import BudgetLine, CostEntry, Resource, ResourceRate, TimeEntry
from .timesheets import refuse_if_week_closed

RESOURCE_FIELDS = frozenset(
    {
        "kind",
        "name",
        "user",
        "standard_rate",
        "overtime_rate",
        "cost_per_use",
        "currency",
        "max_units",
        "material_unit",
        "calendar",
        "active",
    }
)
BUDGET_FIELDS = frozenset({"category", "description", "amount", "currency"})
COST_FIELDS = frozenset(
    {"budget_line", "category", "date", "amount", "currency", "description", "task", "resource"}
)
TIME_FIELDS = frozenset({"task", "date", "hours", "note"})
__all__ = ["do_create_calendar"]  # calendars are written in ``calendar_actions``
_CURRENCY = re.compile(r"^[A-Z]{3}$")


def _unknown(kind: str, given: set[str], allowed: frozenset[str]) -> None:
    extra = given - allowed
    if extra:
        raise ValidationFailed(
            _("Unknown %(kind)s fields: %(names)s")
            % {"kind": kind, "names": ", ".join(sorted(extra))}
        )


def _check_currency(value: str | None) -> None:
    if value is not None and not _CURRENCY.match(value):
        raise ValidationFailed(
            _("Currency %(value)s is not an ISO 4217 code like EUR.") % {"value": repr(value)},
            fields={"currency": [value]},
        )


def _require_admin(user: Any, organization_id: int) -> None:
    if not is_org_admin(user, organization_id):
        raise Forbidden(_("Only organization admins manage resources and calendars."))


# --- resources and calendars -------------------------------------------------------------------


def _check_resource(resource: Resource) -> None:
    _check_currency(resource.currency)
    user = resource.user if resource.user_id is not None else None
    if user is not None and user.organization_id != resource.organization_id:
        raise ValidationFailed(
            _("The person must belong to the organization."),
            fields={"user": [_("other organization")]},
        )
    calendar = resource.calendar if resource.calendar_id is not None else None
    if calendar is not None and calendar.organization_id != resource.organization_id:
        raise ValidationFailed(
            _("Unknown calendar."), fields={"calendar": [_("other organization")]}
        )


@transaction.atomic
def do_create_resource(*, acting_user: Any, name: str, kind: str, **fields: Any) -> Resource:
    """An organization admin adds a resource to their organization."""
    _require_admin(acting_user, acting_user.organization_id)
    _unknown("resource", set(fields), RESOURCE_FIELDS)
    resource = Resource(organization_id=acting_user.organization_id, name=name, kind=kind, **fields)
    _check_resource(resource)
    return writes.create(resource, actor=acting_user, action="resource.created")


@transaction.atomic
def do_update_resource(
    resource: Resource, *, acting_user: Any, version: int, changes: dict[str, Any]
) -> Resource:
    _require_admin(acting_user, resource.organization_id)
    _unknown("resource", set(changes), RESOURCE_FIELDS)
    preview = Resource.objects.get(pk=resource.pk)
    for key, value in changes.items():
        setattr(preview, key, value)
    _check_resource(preview)
    updated = writes.update(
        resource, version=version, changes=changes, actor=acting_user, action="resource.updated"
    )
    if "calendar" in changes:
        # The resource's tasks now work on another calendar.
        assigned = Project.objects.filter(tasks__assignments__resource=resource).distinct()
        if resource.user_id is not None:
            assigned = assigned | projects_of_person(resource.user)
        reschedule_projects(assigned, acting_user)
    return updated


@transaction.atomic
def do_delete_resource(resource: Resource, *, acting_user: Any, version: int) -> None:
    """Delete a resource; one still assigned to tasks is refused (409): deactivate it instead."""
    _require_admin(acting_user, resource.organization_id)
    writes.delete(resource, version=version, actor=acting_user, action="resource.deleted")


@transaction.atomic
def do_add_rate_change(
    resource: Resource,
    *,
    acting_user: Any,
    effective_from: dt.date,
    standard_rate: Decimal,
) -> ResourceRate:
    """From ``effective_from`` on, the resource's time is priced at ``standard_rate`` (time
    logged before keeps its rate). Organization admins only; one change per resource and date."""
    _require_admin(acting_user, resource.organization_id)
    if resource.kind == "material":
        raise ValidationFailed(
            _("A material is priced per unit, not per hour: change its standard rate instead."),
            fields={"resource": [_("material")]},
        )
    if ResourceRate.objects.filter(resource=resource, effective_from=effective_from).exists():
        message = _("%(resource)s already has a rate change on %(effective_from)s.") % {
            "resource": resource,
            "effective_from": effective_from,
        }
        raise ValidationFailed(message, fields={"effective_from": [message]})
    return writes.create(
        ResourceRate(resource=resource, effective_from=effective_from, standard_rate=standard_rate),
        actor=acting_user,
        action="resource_rate.created",
        organization_id=resource.organization_id,
    )


@transaction.atomic
def do_delete_rate_change(rate: ResourceRate, *, acting_user: Any, version: int) -> None:
    """Remove a rate change: its time is priced at the rate in force before it again."""
    _require_admin(acting_user, rate.resource.organization_id)
    writes.delete(
        rate,
        version=version,
        actor=acting_user,
        action="resource_rate.deleted",
        organization_id=rate.resource.organization_id,
    )


# --- budget lines and cost entries ---------------------------------------------------------------


def _require_budget(user: Any, project_id: int) -> None:
    if not has_right(user, project_id, "budget.edit"):
        raise Forbidden(_("Only the project manager changes the budget and its costs."))


@transaction.atomic
def do_create_budget_line(
    project: Project, *, acting_user: Any, category: str, amount: Decimal, **fields: Any
) -> BudgetLine:
    _require_budget(acting_user, project.pk)
    _unknown("budget line", set(fields), BUDGET_FIELDS)
    fields.setdefault("currency", project.currency)
    _check_currency(fields["currency"])
    return writes.create(
        BudgetLine(project=project, category=category, amount=amount, **fields),
        actor=acting_user,
        action="budget_line.created",
    )


@transaction.atomic
def do_update_budget_line(
    line: BudgetLine, *, acting_user: Any, version: int, changes: dict[str, Any]
) -> BudgetLine:
    _require_budget(acting_user, line.project_id)
    _unknown("budget line", set(changes), BUDGET_FIELDS)
    _check_currency(changes.get("currency"))
    return writes.update(
        line, version=version, changes=changes, actor=acting_user, action="budget_line.updated"
    )


@transaction.atomic
def do_delete_budget_line(line: BudgetLine, *, acting_user: Any, version: int) -> None:
    _require_budget(acting_user, line.project_id)
    writes.delete(line, version=version, actor=acting_user, action="budget_line.deleted")


def _check_cost(entry: CostEntry) -> None:
    _check_currency(entry.currency)
    errors: dict[str, list[str]] = {}
    if entry.amount is not None and entry.amount <= 0:
        errors["amount"] = [_("must be more than 0")]
    line, task, resource = entry.budget_line, entry.task, entry.resource
    if line is not None and line.project_id != entry.project_id:
        errors["budget_line"] = [_("belongs to another project")]
    if task is not None and task.project_id != entry.project_id:
        errors["task"] = [_("belongs to another project")]
    if resource is not None and resource.organization_id != entry.project.organization_id:
        errors["resource"] = [_("belongs to another organization")]
    if errors:
        summary = "; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items())
        raise ValidationFailed(
            _("Invalid cost entry: %(summary)s") % {"summary": summary}, fields=errors
        )


@transaction.atomic
def do_create_cost_entry(
    project: Project,
    *,
    acting_user: Any,
    category: str,
    date: dt.date,
    amount: Decimal,
    **fields: Any,
) -> CostEntry:
    """Record an actual cost (positive amount in ``currency``, default the project's)."""
    _require_budget(acting_user, project.pk)
    _unknown("cost entry", set(fields), COST_FIELDS)
    fields.setdefault("currency", project.currency)
    entry = CostEntry(project=project, category=category, date=date, amount=amount, **fields)
    _check_cost(entry)
    return writes.create(entry, actor=acting_user, action="cost_entry.created")


@transaction.atomic
def do_update_cost_entry(
    entry: CostEntry, *, acting_user: Any, version: int, changes: dict[str, Any]
) -> CostEntry:
    _require_budget(acting_user, entry.project_id)
    _unknown("cost entry", set(changes), COST_FIELDS)
    preview = CostEntry.objects.get(pk=entry.pk)
    for key, value in changes.items():
        setattr(preview, key, value)
    _check_cost(preview)
    return writes.update(
        entry, version=version, changes=changes, actor=acting_user, action="cost_entry.updated"
    )


@transaction.atomic
def do_delete_cost_entry(entry: CostEntry, *, acting_user: Any, version: int) -> None:
    _require_budget(acting_user, entry.project_id)
    writes.delete(entry, version=version, actor=acting_user, action="cost_entry.deleted")


# --- time entries ------------------------------------------------------------------------------------

MAX_HOURS_PER_DAY = Decimal(24)


def _check_day_total(entry: TimeEntry, exclude_id: int | None = None) -> None:
    others = TimeEntry.objects.filter(person_id=entry.person_id, date=entry.date)
    if exclude_id is not None:
        others = others.exclude(pk=exclude_id)
    logged = others.aggregate(total=Sum("hours"))["total"] or Decimal(0)
    if logged + Decimal(entry.hours) > MAX_HOURS_PER_DAY:
        raise ValidationFailed(
            _(
                "%(person)s already logged %(logged)s h on %(date)s; %(hours)s h more would exceed 24 h."
            )
            % {
                "person": entry.person,
                "logged": format(Decimal(logged), ".2f"),
                "date": entry.date,
                "hours": format(Decimal(entry.hours), ".2f"),
            },
            fields={
                "hours": [
                    _("at most %(value)s more on %(date)s")
                    % {"value": MAX_HOURS_PER_DAY - logged, "date": entry.date}
                ]
            },
        )


@transaction.atomic
def do_log_time(
    task: Task,
    *,
    acting_user: Any,
    date: dt.date,
    hours: Decimal,
    note: str = "",
    person: Any | None = None,
) -> TimeEntry:
    """Log hours on a task. Workers log their own time; leads may log for a project worker."""
    project_id = task.project_id
    person = person or acting_user
    if person.pk == acting_user.pk:
        if not has_right(acting_user, project_id, "time.log"):
            raise Forbidden(_("Your role does not allow logging time."))
    elif not has_right(acting_user, project_id, "team.coordinate"):
        raise Forbidden(_("You can log only your own time."))
    elif not has_right(person, project_id, "time.log"):
        raise ValidationFailed(_("%(person)s does not work on this project.") % {"person": person})
    refuse_if_week_closed(project_id, person.pk, date)
    entry = TimeEntry(
        project_id=project_id, person=person, task=task, date=date, hours=hours, note=note
    )
    writes.clean(entry)
    _check_day_total(entry)
    return writes.create(entry, actor=acting_user, action="time_entry.created")


@transaction.atomic
def do_update_time_entry(
    entry: TimeEntry, *, acting_user: Any, version: int, changes: dict[str, Any]
) -> TimeEntry:
    _unknown("time entry", set(changes), TIME_FIELDS)
    _require_time_owner(acting_user, entry)
    refuse_if_week_closed(entry.project_id, entry.person_id, entry.date)
    if changes.get("date"):
        refuse_if_week_closed(entry.project_id, entry.person_id, changes["date"])
    task = changes.get("task")
    if task is not None and task.project_id != entry.project_id:
        raise ValidationFailed(
            _("The task belongs to another project."), fields={"task": [_("other")]}
        )
    preview = TimeEntry.objects.get(pk=entry.pk)
    for key, value in changes.items():
        setattr(preview, key, value)
    writes.clean(preview)
    _check_day_total(preview, exclude_id=entry.pk)
    return writes.update(
        entry, version=version, changes=changes, actor=acting_user, action="time_entry.updated"
    )


@transaction.atomic
def do_delete_time_entry(entry: TimeEntry, *, acting_user: Any, version: int) -> None:
    _require_time_owner(acting_user, entry)
    refuse_if_week_closed(entry.project_id, entry.person_id, entry.date)
    writes.delete(entry, version=version, actor=acting_user, action="time_entry.deleted")


def _require_time_owner(user: Any, entry: TimeEntry) -> None:
    if has_right(user, entry.project_id, "team.coordinate"):
        return
    if entry.person_id == user.pk and has_right(user, entry.project_id, "time.log"):
        return
    raise Forbidden(_("You can change only your own time entries."))


WORKER_ROLES = (Role.MANAGER, Role.COORDINATOR, Role.MEMBER)
