"""Who may see and manage people, departments and teams: everything stays inside one organization."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.core.errors import Forbidden, NotFound

from .models import Department, PersonalAccessToken, Team, User


def _org_id(user: Any) -> int | None:
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return None
    return getattr(user, "organization_id", None)


def is_org_admin(user: Any) -> bool:
    return _org_id(user) is not None and bool(user.is_org_admin)


def people_visible_to(user: Any) -> QuerySet[User]:
    org = _org_id(user)
    return User.objects.filter(organization_id=org, is_active=True) if org else User.objects.none()


def people_manageable_by(user: Any) -> QuerySet[User]:
    """People the user may look up to change: admins see their whole organization, deactivated
    people included (to reactivate them); everyone else the active people, as in lists."""
    org = _org_id(user)
    if org is None:
        return User.objects.none()
    if is_org_admin(user):
        return User.objects.filter(organization_id=org)
    return people_visible_to(user)


def departments_visible_to(user: Any) -> QuerySet[Department]:
    org = _org_id(user)
    return Department.objects.filter(organization_id=org) if org else Department.objects.none()


def teams_visible_to(user: Any) -> QuerySet[Team]:
    org = _org_id(user)
    return Team.objects.filter(organization_id=org) if org else Team.objects.none()


def tokens_visible_to(user: Any) -> QuerySet[PersonalAccessToken]:
    if _org_id(user) is None and not getattr(user, "is_authenticated", False):
        return PersonalAccessToken.objects.none()
    return PersonalAccessToken.objects.filter(user_id=user.pk)


ModelT = TypeVar("ModelT", bound=Model)


# The words callers pass as ``what``, so a refusal names the thing in the reader's language.
_WHAT = {
    "department": gettext_lazy("department"),
    "person": gettext_lazy("person"),
    "team": gettext_lazy("team"),
    "token": gettext_lazy("token"),
}


def access(qs: QuerySet[ModelT], obj_id: int, what: str) -> ModelT:
    obj = qs.filter(pk=obj_id).first()
    if obj is None:
        raise NotFound(
            _("No %(what)s %(obj_id)s.") % {"what": str(_WHAT.get(what, what)), "obj_id": obj_id}
        )
    return obj


def require_org_admin(user: Any) -> None:
    if not is_org_admin(user):
        raise Forbidden(_("Only organization admins manage people, departments and teams."))


def can_edit_person(user: Any, person: User) -> bool:
    return is_org_admin(user) or user.pk == person.pk
