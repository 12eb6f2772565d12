"""REST endpoints for people, departments, teams and personal access tokens."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from tandem.core.api import ERRORS, StrictIn, version_from
from tandem.core.pagination import Pagination

from . import actions, policies
from .auth import signed_in_user, token_of
from .models import Department, PersonalAccessToken, Team, User

router = Router(tags=["people"])


class PersonOut(Schema):
    id: int
    version: int
    username: str
    display_name: str
    email: str
    job_title: str
    time_zone: str
    working_hours: dict[str, list[list[str]]]
    is_org_admin: bool
    is_active: bool
    email_notifications: bool
    locale: str = Field(
        description="How numbers, amounts and dates are written (BCP 47, e.g. de-DE); "
        "empty: as the browser asks."
    )
    language: str = Field(
        description="Interface language, one of the installation's languages; "
        "empty: as the browser asks."
    )


class PersonIn(StrictIn):
    username: str
    password: str
    display_name: str = ""
    email: str = ""
    job_title: str = ""
    time_zone: str = "UTC"
    working_hours: dict[str, list[list[str]]] | None = None
    is_org_admin: bool = False


class PersonPatch(StrictIn):
    version: int | None = None
    display_name: str | None = None
    email: str | None = None
    job_title: str | None = None
    time_zone: str | None = None
    working_hours: dict[str, list[list[str]]] | None = None
    email_notifications: bool | None = None
    locale: str | None = None
    language: str | None = None
    is_org_admin: bool | None = None
    is_active: bool | None = None


class DepartmentOut(Schema):
    id: int
    version: int
    name: str
    parent_id: int | None


class DepartmentIn(StrictIn):
    name: str
    parent_id: int | None = None


class DepartmentPatch(StrictIn):
    version: int | None = None
    name: str | None = None
    parent_id: int | None = None


class TeamOut(Schema):
    id: int
    version: int
    name: str
    department_id: int | None
    lead_id: int | None
    member_ids: list[int]

    @staticmethod
    def resolve_member_ids(obj: Any) -> list[int]:
        return sorted(obj.members.values_list("pk", flat=True))


class TeamIn(StrictIn):
    name: str
    department_id: int | None = None
    lead_id: int | None = None
    member_ids: list[int] = []


class TeamPatch(StrictIn):
    version: int | None = None
    name: str | None = None
    department_id: int | None = None
    lead_id: int | None = None
    member_ids: list[int] | None = None


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    scope: str
    created_at: dt.datetime
    expires_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked: bool


class TokenCreated(TokenOut):
    token: str


class TokenIn(StrictIn):
    name: str
    days: int | None = Field(
        90, description="Lifetime in days, 1 to TANDEM_TOKEN_MAX_DAYS (365 unless configured)."
    )
    scope: Literal["read", "write"] = Field(
        "write", description="read: GET, HEAD and OPTIONS only; write: everything you may do."
    )


@router.get("/me", response={200: PersonOut, **ERRORS})
def me(request: HttpRequest) -> User:
    return signed_in_user(request)


@router.get("/people", response=list[PersonOut])
@paginate(Pagination)
def list_people(request: HttpRequest, q: str | None = None, active: bool = True) -> Any:
    """``active=false`` lists deactivated people, for organization admins (to reactivate them)."""
    qs = policies.people_manageable_by(request.user).filter(is_active=active).order_by("username")
    return qs.filter(username__icontains=q) if q else qs


@router.post("/people", response={201: PersonOut, **ERRORS})
def create_person(request: HttpRequest, payload: PersonIn) -> Status[User]:
    data = payload.dict(exclude_none=True)
    return Status(201, actions.do_create_person(acting_user=request.user, **data))


@router.get("/people/{person_id}", response={200: PersonOut, **ERRORS})
def get_person(request: HttpRequest, person_id: int) -> User:
    return policies.access(policies.people_manageable_by(request.user), person_id, "person")


@router.patch("/people/{person_id}", response={200: PersonOut, **ERRORS})
def update_person(request: HttpRequest, person_id: int, payload: PersonPatch) -> User:
    person = policies.access(policies.people_manageable_by(request.user), person_id, "person")
    changes = payload.dict(exclude_unset=True)
    version = version_from(request, changes.pop("version", None))
    return actions.do_update_person(
        person, acting_user=request.user, version=version, changes=changes
    )


def _department(request: HttpRequest, dept_id: int | None) -> Any:
    if dept_id is None:
        return None
    return policies.access(policies.departments_visible_to(request.user), dept_id, "department")


def _person(request: HttpRequest, person_id: int | None) -> Any:
    if person_id is None:
        return None
    return policies.access(policies.people_visible_to(request.user), person_id, "person")


@router.get("/departments", response=list[DepartmentOut])
@paginate(Pagination)
def list_departments(request: HttpRequest) -> QuerySet[Department]:
    return policies.departments_visible_to(request.user).order_by("name")


@router.post("/departments", response={201: DepartmentOut, **ERRORS})
def create_department(request: HttpRequest, payload: DepartmentIn) -> Status[Department]:
    policies.require_org_admin(request.user)
    parent = _department(request, payload.parent_id)
    return Status(
        201,
        actions.do_create_department(acting_user=request.user, name=payload.name, parent=parent),
    )


@router.patch("/departments/{dept_id}", response={200: DepartmentOut, **ERRORS})
def update_department(request: HttpRequest, dept_id: int, payload: DepartmentPatch) -> Department:
    dept = _department(request, dept_id)
    changes = payload.dict(exclude_unset=True)
    version = version_from(request, changes.pop("version", None))
    if "parent_id" in changes:
        changes["parent"] = _department(request, changes.pop("parent_id"))
    return actions.do_update_department(
        dept, acting_user=request.user, version=version, changes=changes
    )


@router.delete("/departments/{dept_id}", response={204: None, **ERRORS})
def delete_department(request: HttpRequest, dept_id: int) -> Status[None]:
    dept = _department(request, dept_id)
    actions.do_delete_department(dept, acting_user=request.user, version=version_from(request))
    return Status(204, None)


@router.get("/teams", response=list[TeamOut])
@paginate(Pagination)
def list_teams(request: HttpRequest) -> QuerySet[Team]:
    return policies.teams_visible_to(request.user).order_by("name").prefetch_related("members")


@router.post("/teams", response={201: TeamOut, **ERRORS})
def create_team(request: HttpRequest, payload: TeamIn) -> Status[Team]:
    policies.require_org_admin(request.user)
    team = actions.do_create_team(
        acting_user=request.user,
        name=payload.name,
        department=_department(request, payload.department_id),
        lead=_person(request, payload.lead_id),
        member_ids=payload.member_ids,
    )
    return Status(201, team)


@router.get("/teams/{team_id}", response={200: TeamOut, **ERRORS})
def get_team(request: HttpRequest, team_id: int) -> Team:
    return policies.access(policies.teams_visible_to(request.user), team_id, "team")


@router.patch("/teams/{team_id}", response={200: TeamOut, **ERRORS})
def update_team(request: HttpRequest, team_id: int, payload: TeamPatch) -> Team:
    team = policies.access(policies.teams_visible_to(request.user), team_id, "team")
    changes = payload.dict(exclude_unset=True)
    version = version_from(request, changes.pop("version", None))
    if "department_id" in changes:
        changes["department"] = _department(request, changes.pop("department_id"))
    if "lead_id" in changes:
        changes["lead"] = _person(request, changes.pop("lead_id"))
    return actions.do_update_team(team, acting_user=request.user, version=version, changes=changes)


@router.delete("/teams/{team_id}", response={204: None, **ERRORS})
def delete_team(request: HttpRequest, team_id: int) -> Status[None]:
    team = policies.access(policies.teams_visible_to(request.user), team_id, "team")
    actions.do_delete_team(team, acting_user=request.user, version=version_from(request))
    return Status(204, None)


@router.get("/tokens", response=list[TokenOut])
def list_tokens(request: HttpRequest) -> QuerySet[PersonalAccessToken]:
    return policies.tokens_visible_to(request.user).order_by("-created_at")


@router.post("/tokens", response={201: TokenCreated, **ERRORS})
def create_token(request: HttpRequest, payload: TokenIn) -> Status[dict[str, Any]]:
    token, raw = actions.do_create_token(
        acting_user=request.user,
        name=payload.name,
        days=payload.days,
        scope=payload.scope,
        via_token=token_of(request),
    )
    out = TokenOut.from_orm(token).dict()
    return Status(201, {**out, "token": raw})


@router.delete("/tokens/{token_id}", response={204: None, **ERRORS})
def revoke_token(request: HttpRequest, token_id: int) -> Status[None]:
    token = policies.access(policies.tokens_visible_to(request.user), token_id, "token")
    actions.do_revoke_token(token, acting_user=request.user)
    return Status(204, None)
