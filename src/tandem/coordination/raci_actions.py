"""Writing a RACI row: who is Responsible, Accountable, Consulted and Informed for one task,
document or decision. A row is written whole, so moving the Accountable from one person to
another is one change, and an item with roles always has exactly one Accountable."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from tandem.core import writes
from tandem.core.errors import ValidationFailed
from tandem.projects.models import Project
from tandem.projects.policies import require_right

from .models import RaciAssignment, RaciRole
from .raci import EDIT, POLICIES, assignments_of, item_label, kind_of

ROLE_ORDER: dict[str, int] = {"A": 0, "R": 1, "C": 2, "I": 3}


def _fail(message: str) -> ValidationFailed:
    return ValidationFailed(message, fields={"roles": [message]})


def _check_roles(
    project: Project, kind: str, item: Model, roles: Mapping[int, str], given: int
) -> dict[Any, str]:
    """The people (users) and their roles; 422 naming the problem, field ``roles``."""
    label = item_label(kind, item)
    if given != len(roles):
        raise _fail(_("Name each person once per item."))
    bad = sorted({r for r in roles.values() if r not in RaciRole.values})
    if bad:
        raise _fail(
            _("Unknown roles %(names)s: use R, A, C or I.") % {"names": ", ".join(map(repr, bad))}
        )
    people = {
        p.pk: p
        for p in get_user_model().objects.filter(
            pk__in=list(roles), is_active=True, memberships__project=project
        )
    }
    unknown = sorted(set(roles) - set(people))
    if unknown:
        raise _fail(_("Not on the project's team: person ids %(unknown)s.") % {"unknown": unknown})
    policy = POLICIES[kind]
    blind = [str(p) for p in people.values() if not policy.can(p, "view", item)]
    if blind:
        raise _fail(
            _("%(names)s cannot see “%(label)s”, so cannot hold a role on it.")
            % {"names": ", ".join(sorted(blind)), "label": label}
        )
    accountable = [str(people[pk]) for pk, r in roles.items() if r == RaciRole.ACCOUNTABLE]
    if roles and len(accountable) != 1:
        found = _("%(count)s given") % {"count": len(accountable)}
        if accountable:
            found += f" ({', '.join(sorted(accountable))})"
        raise _fail(
            _("Exactly one person is Accountable for “%(label)s”: %(found)s.")
            % {"label": label, "found": found}
        )
    return {people[pk]: role for pk, role in roles.items()}


@transaction.atomic
def do_set_raci_roles(
    project: Project,
    item: Model,
    *,
    acting_user: Any,
    roles: Mapping[int, str],
    given: int | None = None,
) -> list[RaciAssignment]:
    """Make ``roles`` (person id -> "R", "A", "C" or "I") the item's whole row: people left out
    lose their role. An item with roles has exactly one Accountable; each person must be on the
    project's team and able to see the item. ``given`` is how many cells the caller sent (to
    refuse a person named twice). 422 naming the problem, and nothing changes. Manager and
    coordinators only."""
    require_right(acting_user, project, EDIT, _("Only the manager and coordinators edit the RACI."))
    kind = kind_of(item)
    wanted = _check_roles(project, kind, item, roles, len(roles) if given is None else given)
    current = {a.person_id: a for a in assignments_of(item).select_for_update()}
    wanted_by_id = {person.pk: (person, role) for person, role in wanted.items()}
    scope: dict[str, Any] = {"project_id": project.pk, "organization_id": project.organization_id}
    for person_id, row in list(current.items()):
        if person_id not in wanted_by_id:
            writes.delete(
                row, version=row.version, actor=acting_user, action="raci.removed", **scope
            )
            del current[person_id]
    # Whoever stops being Accountable does so before the new Accountable is written: the
    # database allows one per item at any moment.
    changed = sorted(
        (
            (row, wanted_by_id[pid][1])
            for pid, row in current.items()
            if row.role != wanted_by_id[pid][1]
        ),
        key=lambda pair: pair[1] == RaciRole.ACCOUNTABLE,
    )
    for row, role in changed:
        writes.update(
            row,
            version=row.version,
            changes={"role": role},
            actor=acting_user,
            action="raci.changed",
            **scope,
        )
    for person_id, (person, role) in wanted_by_id.items():
        if person_id not in current:
            current[person_id] = writes.create(
                RaciAssignment(
                    project=project, kind=kind, person=person, role=role, **{kind: item}
                ),
                actor=acting_user,
                action="raci.assigned",
                **scope,
            )
    return sorted(current.values(), key=lambda a: (ROLE_ORDER[a.role], a.person_id))
