"""Shorthands for the expected status of each role in an access rule."""

from __future__ import annotations

from .factories import ROLES


def expect(default: int, **overrides: int) -> dict[str, int]:
    """Every role gets ``default`` unless named: ``expect(403, anonymous=401, manager=200)``."""
    unknown = set(overrides) - set(ROLES)
    if unknown:
        raise KeyError(f"unknown roles {sorted(unknown)}")
    return {role: overrides.get(role, default) for role in ROLES}


def project_api(
    *, stakeholder: int, member: int, coordinator: int, manager: int, unseen: int = 404
) -> dict[str, int]:
    """API statuses for a project-scoped route: anonymous 401, people outside the project 404."""
    return {
        "anonymous": 401,
        "stranger": unseen,
        "outsider": unseen,
        "stakeholder": stakeholder,
        "member": member,
        "coordinator": coordinator,
        "manager": manager,
    }


def project_page(
    *, stakeholder: int, member: int, coordinator: int, manager: int, unseen: int = 404
) -> dict[str, int]:
    """Page statuses for a project-scoped route: anonymous is sent to sign in (302)."""
    return {
        **project_api(
            stakeholder=stakeholder,
            member=member,
            coordinator=coordinator,
            manager=manager,
            unseen=unseen,
        ),
        "anonymous": 302,
    }
