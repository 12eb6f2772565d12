"""Build test state by calling the real actions where there is one (so audit rows exist too)."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Any

from tandem.accounts.models import Organization, User
from tandem.projects import actions as project_actions
from tandem.projects.models import Project, Role

_seq = itertools.count(1)


def make_org(name: str | None = None) -> Organization:
    n = next(_seq)
    return Organization.objects.create(name=name or f"Org {n}", slug=f"org-{n}")


def make_user(org: Organization | None, username: str | None = None, **extra: Any) -> User:
    n = next(_seq)
    user = User.objects.create_user(
        username=username or f"user{n}",
        password="pw-test-12345",  # noqa: S106
        organization=org,
        email=f"{username or f'user{n}'}@example.org",
        **extra,
    )
    return user


def make_project(admin: User, manager: User | None = None, **fields: Any) -> Project:
    n = next(_seq)
    defaults: dict[str, Any] = {
        "code": f"P{n}",
        "name": f"Project {n}",
        "start_date": dt.date(2026, 1, 5),
        "target_date": dt.date(2026, 6, 30),
    }
    defaults.update(fields)
    return project_actions.do_create_project(acting_user=admin, manager=manager, **defaults)


@dataclass
class World:
    """One project and a person in every relation to it."""

    org: Organization
    project: Project
    admin: User
    manager: User
    coordinator: User
    member: User
    stakeholder: User
    outsider: User  # same organization, not in the project
    stranger: User  # another organization

    def user(self, role: str) -> User | None:
        return None if role == "anonymous" else getattr(self, role)


ROLES = ["anonymous", "stranger", "outsider", "stakeholder", "member", "coordinator", "manager"]


def make_world() -> World:
    org = make_org("Acme")
    admin = make_user(org, "admin", is_org_admin=True)
    manager = make_user(org, "manager")
    coordinator = make_user(org, "coordinator")
    member = make_user(org, "member")
    stakeholder = make_user(org, "stakeholder")
    outsider = make_user(org, "outsider")
    other_org = make_org("Elsewhere")
    stranger = make_user(other_org, "stranger", is_org_admin=True)
    project = make_project(admin, manager=manager, code="ACME", name="Acme launch")
    for user, role in [
        (coordinator, Role.COORDINATOR),
        (member, Role.MEMBER),
        (stakeholder, Role.STAKEHOLDER),
    ]:
        project_actions.do_add_member(project, acting_user=manager, user=user, role=role)
    return World(org, project, admin, manager, coordinator, member, stakeholder, outsider, stranger)
