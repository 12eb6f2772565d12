"""Who may do what in a project. Every project-scoped policy in Tandem builds on this module.

A person's rights in a project come from their role there (``ProjectMembership``); people of
another organization and people outside the project have none, and the objects they cannot see
answer 404, never 403, so ids do not leak existence.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, Generic, TypeVar, cast

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from tandem.core.errors import Conflict, Forbidden, NotFound

from .models import Project, ProjectMembership, Role

ALL_ROLES = frozenset(Role)
WORKERS = frozenset({Role.MANAGER, Role.COORDINATOR, Role.MEMBER})
LEADS = frozenset({Role.MANAGER, Role.COORDINATOR})
MANAGER = frozenset({Role.MANAGER})

# right -> roles that hold it
RIGHTS: dict[str, frozenset[Role]] = {
    "project.view": ALL_ROLES,  # overview, milestones, dashboards, status updates for them
    "project.view_work": WORKERS,  # tasks, risks, issues, meetings, all documents, audit
    "project.edit": MANAGER,  # charter, dates, health, lifecycle
    "project.manage_roles": MANAGER,
    "budget.view": WORKERS,  # the project's budget, budget lines, costs, labour cost
    "budget.edit": MANAGER,
    # Resources' cost rates are the organization's, not one project's: whoever manages any
    # project of it reads them (see ``tandem.resources.policies.can_see_rates``).
    "rates.view": MANAGER,
    "goals.edit": MANAGER,
    "baselines.edit": MANAGER,
    "tasks.edit": LEADS,  # create, edit, delete tasks and dependencies, assignments
    "tasks.progress_any": LEADS,
    "tasks.progress_assigned": WORKERS,
    "time.log": WORKERS,
    "comments.add": WORKERS,
    "issues.raise": WORKERS,
    "issues.manage": LEADS,
    "risks.edit": MANAGER,
    "meetings.manage": LEADS,
    "documents.upload": WORKERS,
    "documents.manage": LEADS,
    "records.manage": LEADS,  # decision log, status updates
    "team.coordinate": LEADS,
}
# Each right in words, for refusals people read ("you may not edit tasks").
RIGHT_WORDS: dict[str, StrOrPromise] = {
    "project.view": gettext_lazy("open this project"),
    "project.view_work": gettext_lazy("see the project's tasks, risks, meetings and documents"),
    "project.edit": gettext_lazy("change the project's charter, dates or health"),
    "project.manage_roles": gettext_lazy("change who works on the project"),
    "budget.view": gettext_lazy("see the budget"),
    "budget.edit": gettext_lazy("change the budget"),
    "rates.view": gettext_lazy("see cost rates"),
    "goals.edit": gettext_lazy("change goals and key results"),
    "baselines.edit": gettext_lazy("save or change baselines"),
    "tasks.edit": gettext_lazy("create, edit or delete tasks"),
    "tasks.progress_any": gettext_lazy("update the progress of tasks assigned to others"),
    "tasks.progress_assigned": gettext_lazy("update task progress"),
    "time.log": gettext_lazy("log time"),
    "comments.add": gettext_lazy("add comments"),
    "issues.raise": gettext_lazy("raise issues"),
    "issues.manage": gettext_lazy("manage issues"),
    "risks.edit": gettext_lazy("change risks"),
    "meetings.manage": gettext_lazy("organize meetings"),
    "documents.upload": gettext_lazy("upload documents"),
    "documents.manage": gettext_lazy("manage documents"),
    "records.manage": gettext_lazy("keep the decision log and status updates"),
    "team.coordinate": gettext_lazy("coordinate the team"),
}
# The rights that only read: the only ones anybody holds in an archived project.
READ_RIGHTS = frozenset({"project.view", "project.view_work", "budget.view", "rates.view"})


class ProjectArchived(Conflict):
    """A change asked of an archived project (409): it is read-only until restored."""

    def __init__(self, project_code: str) -> None:
        super().__init__(
            _(
                "Project %(project)s is archived: it is read-only until it is restored from "
                "the archive."
            )
            % {"project": project_code}
        )


def _membership(user: Any, project: Project | int) -> tuple[Role | None, bool]:
    """(the user's role in the project or None, whether the project is archived), cached on the
    user object per request. A deleted project gives no role to anybody."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return None, False
    project_id = project if isinstance(project, int) else project.pk
    cache: dict[int, tuple[Role | None, bool]] = user.__dict__.setdefault("_tandem_roles", {})
    if project_id not in cache:
        found = (
            ProjectMembership.objects.filter(
                project_id=project_id,
                user=user,
                project__organization_id=user.organization_id,
                project__deleted_at__isnull=True,
            )
            .values_list("role", "project__archived_at")
            .first()
        )
        cache[project_id] = (Role(found[0]), found[1] is not None) if found else (None, False)
    return cache[project_id]


# What may still happen to an archived project itself.
_ARCHIVE_LIFECYCLE = frozenset(
    {"project.unarchived", "project.deleted", "project.restored", "project.purged"}
)


def refuse_writes_in_archived_projects(obj: Model, project_id: int | None, action: str) -> None:
    """The write guard (``tandem.core.writes``): nothing in an archived project changes, whatever
    path the change takes; only the project's own restore, deletion and purge go through."""
    if project_id is None or (isinstance(obj, Project) and action in _ARCHIVE_LIFECYCLE):
        return
    code = (
        Project.objects.filter(pk=project_id, archived_at__isnull=False)
        .values_list("code", flat=True)
        .first()
    )
    if code is not None:
        raise ProjectArchived(code)


def role_in(user: Any, project: Project | int) -> Role | None:
    """The user's role in the project, or None. Cached on the user object per request."""
    return _membership(user, project)[0]


def has_right(user: Any, project: Project | int, right: str) -> bool:
    """Whether the user's role grants ``right``; in an archived project only reading rights."""
    if right not in RIGHTS:
        raise KeyError(f"unknown right {right!r}")
    role, archived = _membership(user, project)
    if archived and right not in READ_RIGHTS:
        return False
    return role is not None and role in RIGHTS[right]


def refuse_if_archived(user: Any, project: Project | int, right: str) -> None:
    """409 naming the project when ``right`` would change an archived project the user is in."""
    role, archived = _membership(user, project)
    if archived and role is not None and right not in READ_RIGHTS and role in RIGHTS[right]:
        if isinstance(project, int):
            project = Project.objects.get(pk=project)
        raise ProjectArchived(project.code)


def can_see_budget(user: Any, project: Project | int) -> bool:
    """The project's money (budget, budget lines, costs): the pages and the API ask this."""
    return has_right(user, project, "budget.view")


def projects_visible_to(user: Any) -> QuerySet[Project]:
    if not getattr(user, "is_authenticated", False) or not user.organization_id:
        return Project.objects.none()
    return Project.objects.filter(
        organization_id=user.organization_id, memberships__user=user, deleted_at__isnull=True
    ).distinct()


def project_ids_with_right(user: Any, right: str) -> QuerySet[ProjectMembership, int]:
    """Ids of the projects where the user holds ``right`` (for filtering lists)."""
    if not getattr(user, "is_authenticated", False) or not user.organization_id:
        return ProjectMembership.objects.none().values_list("project_id", flat=True)
    return ProjectMembership.objects.filter(
        user=user,
        project__organization_id=user.organization_id,
        project__deleted_at__isnull=True,
        role__in=list(RIGHTS[right]),
    ).values_list("project_id", flat=True)


def access_project(user: Any, project_id: int, right: str = "project.view") -> Project:
    """The project if the user may see it and holds ``right``; 404 if unseen, 403 if not allowed."""
    project = projects_visible_to(user).filter(pk=project_id).first()
    if project is None:
        raise NotFound(_("No project %(project_id)s.") % {"project_id": project_id})
    refuse_if_archived(user, project, right)
    if not has_right(user, project, right):
        role = role_in(user, project)
        doing = str(RIGHT_WORDS.get(right, _("do this")))
        if role:
            message = _("As %(role)s in %(project)s, you may not %(doing)s.") % {
                "role": role.label.lower(),
                "project": project.code,
                "doing": doing,
            }
        else:
            message = _("In %(project)s, you may not %(doing)s.") % {
                "project": project.code,
                "doing": doing,
            }
        raise Forbidden(message)
    return project


def is_org_admin(user: Any, organization_id: int | None = None) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.is_org_admin
        and user.organization_id is not None
        and (organization_id is None or user.organization_id == organization_id)
    )


M = TypeVar("M", bound=Model)


class ProjectScopedPolicy(Generic[M]):
    """The policy of a model that belongs to a project.

    Subclasses name the model (both as ``model`` and as the type argument, so ``access`` returns
    it typed), how to reach the project from it (``project_field``), the right
    needed to see it (``view_right``), and the right each action needs (``action_rights``).
    ``visible_to`` narrows further with ``extra_visibility`` (e.g. documents shared with
    stakeholders).
    """

    model: ClassVar[type[Model]]
    project_field: ClassVar[str] = "project"
    view_right: ClassVar[str] = "project.view_work"
    action_rights: ClassVar[dict[str, str]] = {}

    @classmethod
    def visible_to(cls, user: Any) -> QuerySet[M]:
        base = cast("QuerySet[M]", cls.model._default_manager.all())
        ids = project_ids_with_right(user, cls.view_right)
        visible = base.filter(**{f"{cls.project_field}__in": ids})
        extra = cls.extra_visibility(user, base)
        if extra is not None:
            visible = (visible | extra).distinct()
        return visible

    @classmethod
    def extra_visibility(cls, user: Any, base: QuerySet[M]) -> QuerySet[M] | None:
        return None

    @classmethod
    def project_of(cls, obj: Any) -> Project:
        target = obj
        for part in cls.project_field.split("__"):
            target = getattr(target, part)
        return cast(Project, target)

    @classmethod
    def can(cls, user: Any, action: str, obj: Any) -> bool:
        if action == "view":
            return cls.visible_to(user).filter(pk=obj.pk).exists()
        return has_right(user, cls.project_of(obj), cls._right_for(action))

    @classmethod
    def _right_for(cls, action: str) -> str:
        right = cls.action_rights.get(action)
        if right is None:
            raise KeyError(f"{cls.__name__} has no rule for action {action!r}")
        return right

    @classmethod
    def access(cls, user: Any, obj_id: int, action: str = "view") -> M:
        """Fetch by id for ``action``: 404 when the user may not see it, 403 when they may not act."""
        obj = cls.visible_to(user).filter(pk=obj_id).first()
        if obj is None:
            raise NotFound(
                _("No %(verbose_name)s %(obj_id)s.")
                % {"verbose_name": cls.model._meta.verbose_name, "obj_id": obj_id}
            )
        if action != "view":
            refuse_if_archived(user, cls.project_of(obj), cls._right_for(action))
        if action != "view" and not cls.can(user, action, obj):
            raise Forbidden(
                _("Your role does not allow '%(action)s' on this %(verbose_name)s.")
                % {"action": action, "verbose_name": cls.model._meta.verbose_name}
            )
        return obj


def require_right(user: Any, project: Project | int, right: str, message: str) -> None:
    """403 with ``message`` unless the user holds ``right``; 409 naming the archive when only the
    project's being archived stands in the way."""
    refuse_if_archived(user, project, right)
    if not has_right(user, project, right):
        raise Forbidden(message)


def require(condition: bool, message: str) -> None:
    if not condition:
        raise Forbidden(message)


def members_of(
    project: Project, roles: Iterable[Role] | None = None
) -> QuerySet[ProjectMembership]:
    qs = project.memberships.select_related("user")
    return qs.filter(role__in=list(roles)) if roles is not None else qs
