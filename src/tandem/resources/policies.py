"""Who may see and change resources (organization level), budgets, costs and time entries."""

from __future__ import annotations

from typing import Any, ClassVar, Generic, cast

from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _

from tandem.core.errors import Forbidden, NotFound
from tandem.projects.policies import (
    M,
    ProjectScopedPolicy,
    has_right,
    is_org_admin,
    project_ids_with_right,
)

from .models import (
    BudgetLine,
    CalendarException,
    CostEntry,
    Resource,
    ResourceRate,
    TimeEntry,
    TimesheetWeek,
    WorkCalendar,
)


def _org_id(user: Any) -> int | None:
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return None
    return getattr(user, "organization_id", None)


class OrganizationPolicy(Generic[M]):
    """Objects of an organization: everyone in it sees them, its admins change them."""

    model: ClassVar[type[Model]]

    @classmethod
    def visible_to(cls, user: Any) -> QuerySet[M]:
        org_id = _org_id(user)
        objects = cast("QuerySet[M]", cls.model._default_manager.all())
        if org_id is None:
            return objects.none()
        return objects.filter(organization_id=org_id)

    @classmethod
    def can(cls, user: Any, action: str, obj: Any) -> bool:
        if action == "view":
            return cls.visible_to(user).filter(pk=obj.pk).exists()
        return is_org_admin(user, obj.organization_id)

    @classmethod
    def access(cls, user: Any, obj_id: int, action: str = "view") -> M:
        obj = cls.visible_to(user).filter(pk=obj_id).first()
        if obj is None:
            raise NotFound(
                _("No %(model)s %(obj_id)s.")
                % {"model": str(cls.model._meta.verbose_name), "obj_id": obj_id}
            )
        if action != "view" and not cls.can(user, action, obj):
            raise Forbidden(
                _("Only organization admins change %(models)s.")
                % {"models": str(cls.model._meta.verbose_name_plural)}
            )
        return obj


class ResourcePolicy(OrganizationPolicy[Resource]):
    model = Resource


def can_see_rates(user: Any) -> bool:
    """Resources' cost rates (standard, overtime, per use): organization admins and whoever holds
    ``rates.view`` (manages a project) in their organization. The pages and the API ask this."""
    if _org_id(user) is None:
        return False
    cached = user.__dict__.get("_tandem_sees_rates")
    if cached is None:
        cached = is_org_admin(user) or project_ids_with_right(user, "rates.view").exists()
        user.__dict__["_tandem_sees_rates"] = cached
    return bool(cached)


class ResourceRatePolicy:
    """A resource's rate changes are rates: whoever sees rates (``can_see_rates``) sees them, its
    organization's admins change them; to everyone else they do not exist (404)."""

    @classmethod
    def visible_to(cls, user: Any) -> QuerySet[ResourceRate]:
        org_id = _org_id(user)
        if org_id is None or not can_see_rates(user):
            return ResourceRate.objects.none()
        return ResourceRate.objects.filter(resource__organization_id=org_id)

    @classmethod
    def access(cls, user: Any, obj_id: int, action: str = "view") -> ResourceRate:
        obj = cls.visible_to(user).select_related("resource").filter(pk=obj_id).first()
        if obj is None:
            raise NotFound(_("No rate change %(obj_id)s.") % {"obj_id": obj_id})
        if action != "view" and not is_org_admin(user, obj.resource.organization_id):
            raise Forbidden(_("Only organization admins change rates."))
        return obj


class CalendarPolicy(OrganizationPolicy[WorkCalendar]):
    """The organization's shared calendars: everyone in it sees them, its admins change them. A
    project's own calendar (``WorkCalendar.project``): the project's workers see it, its manager
    (``project.edit``) and the organization's admins change it."""

    model = WorkCalendar

    @classmethod
    def visible_to(cls, user: Any) -> QuerySet[WorkCalendar]:
        projects = project_ids_with_right(user, "project.view_work")
        return super().visible_to(user).filter(Q(project__isnull=True) | Q(project__in=projects))

    @classmethod
    def can(cls, user: Any, action: str, obj: Any) -> bool:
        if action == "view":
            return cls.visible_to(user).filter(pk=obj.pk).exists()
        if is_org_admin(user, obj.organization_id):
            return True
        return obj.project_id is not None and has_right(user, obj.project_id, "project.edit")

    @classmethod
    def access(cls, user: Any, obj_id: int, action: str = "view") -> WorkCalendar:
        obj = cls.visible_to(user).filter(pk=obj_id).first()
        if obj is None:
            raise NotFound(_("No calendar %(obj_id)s.") % {"obj_id": obj_id})
        if action != "view" and not cls.can(user, action, obj):
            raise Forbidden(
                _(
                    "Only organization admins change shared calendars; a project's own calendar also "
                    "its manager."
                )
            )
        return obj


def may_edit_person_calendar(user: Any, person: Any) -> bool:
    """People change their own working hours and days off; organization admins anyone's."""
    if _org_id(user) is None or person.organization_id != user.organization_id:
        return False
    return bool(user.pk == person.pk or is_org_admin(user, person.organization_id))


class DayOffPolicy:
    """People's days off (``CalendarException`` rows with a person): everyone in the
    organization sees them (they plan with them, as with working hours); the person and the
    organization's admins change them."""

    @classmethod
    def visible_to(cls, user: Any) -> QuerySet[CalendarException]:
        org_id = _org_id(user)
        if org_id is None:
            return CalendarException.objects.none()
        return CalendarException.objects.filter(
            person__organization_id=org_id, person__is_active=True
        )

    @classmethod
    def access(cls, user: Any, obj_id: int, action: str = "view") -> CalendarException:
        obj = cls.visible_to(user).select_related("person").filter(pk=obj_id).first()
        if obj is None:
            raise NotFound(_("No day off %(obj_id)s.") % {"obj_id": obj_id})
        if action != "view" and not may_edit_person_calendar(user, obj.person):
            raise Forbidden(_("You may change only your own working hours and days off."))
        return obj


class CalendarExceptionPolicy:
    """A calendar's exceptions follow their calendar."""

    @classmethod
    def access(cls, user: Any, obj_id: int, action: str = "view") -> CalendarException:
        calendars = CalendarPolicy.visible_to(user)
        obj = (
            CalendarException.objects.filter(pk=obj_id, calendar__in=calendars)
            .select_related("calendar")
            .first()
        )
        if obj is None or obj.calendar is None:
            raise NotFound(_("No calendar exception %(obj_id)s.") % {"obj_id": obj_id})
        CalendarPolicy.access(user, obj.calendar.pk, action)
        return obj


class BudgetLinePolicy(ProjectScopedPolicy[BudgetLine]):
    model = BudgetLine
    view_right = "budget.view"
    action_rights: ClassVar[dict[str, str]] = {"edit": "budget.edit", "delete": "budget.edit"}


class CostEntryPolicy(ProjectScopedPolicy[CostEntry]):
    model = CostEntry
    view_right = "budget.view"
    action_rights: ClassVar[dict[str, str]] = {"edit": "budget.edit", "delete": "budget.edit"}


class TimeEntryPolicy(ProjectScopedPolicy[TimeEntry]):
    """People see and change their own entries; project leads see and change all of them."""

    model = TimeEntry
    view_right = "team.coordinate"

    @classmethod
    def extra_visibility(cls, user: Any, base: QuerySet[Any]) -> QuerySet[Any] | None:
        if _org_id(user) is None:
            return None
        return base.filter(Q(person=user) & Q(project__in=project_ids_with_right(user, "time.log")))

    @classmethod
    def can(cls, user: Any, action: str, obj: Any) -> bool:
        if action == "view":
            return cls.visible_to(user).filter(pk=obj.pk).exists()
        if has_right(user, obj.project_id, "team.coordinate"):
            return True
        return obj.person_id == getattr(user, "pk", None) and has_right(
            user, obj.project_id, "time.log"
        )


class TimesheetWeekPolicy(ProjectScopedPolicy[TimesheetWeek]):
    """As time entries: a person sees their own weeks, project leads everyone's; the project
    manager decides (``tandem.resources.timesheet_actions``)."""

    model = TimesheetWeek
    view_right = "team.coordinate"
    extra_visibility = TimeEntryPolicy.extra_visibility
