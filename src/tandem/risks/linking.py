"""Audited writes of rows that carry many-to-many links (risks and issues link tasks, risks).

``core.writes`` audits concrete fields only; these two helpers put the link changes into the same
single audit row, so one action still writes exactly one audit event per changed object.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.apps import apps
from django.db import IntegrityError, models
from django.utils.translation import gettext as _

from tandem.core import audit, writes
from tandem.core.errors import Conflict, ValidationFailed
from tandem.core.versions import update_versioned
from tandem.projects.models import Project
from tandem.projects.policies import WORKERS, role_in

Links = Mapping[str, list[int] | None]
ModelT = TypeVar("ModelT", bound=models.Model)


def _concrete(obj: models.Model) -> list[str]:
    skip = {"id", "version", "created_at", "updated_at", "score"}
    return [f.name for f in obj._meta.concrete_fields if f.name not in skip]


def _link_ids(obj: models.Model, name: str) -> list[int]:
    return sorted(getattr(obj, name).values_list("pk", flat=True))


def check_links(project: Project, model_label: str, ids: Iterable[int], field: str) -> list[int]:
    """The ids, all of rows of ``model_label`` in ``project``; 422 naming any that are not."""
    wanted = sorted(set(ids))
    model = apps.get_model(model_label)
    found = set(
        model._default_manager.filter(pk__in=wanted, project_id=project.pk).values_list(
            "pk", flat=True
        )
    )
    missing = [i for i in wanted if i not in found]
    if missing:
        noun = model._meta.verbose_name
        raise ValidationFailed(
            _("No %(noun)s %(ids)s in this project.")
            % {"noun": noun, "ids": ", ".join(map(str, missing))},
            fields={
                field: [_("unknown %(noun)s id %(id)s") % {"noun": noun, "id": i} for i in missing]
            },
        )
    return wanted


def check_worker(project: Project, user_id: int | None, field: str) -> None:
    """422 unless ``user_id`` is empty or a manager, coordinator or member of ``project``."""
    if user_id is None:
        return
    user_model = apps.get_model("accounts", "User")
    user = user_model._default_manager.filter(pk=user_id).first()
    if user is None or role_in(user, project) not in WORKERS:
        raise ValidationFailed(
            _("Person %(user_id)s does not work on this project.") % {"user_id": user_id},
            fields={
                field: [
                    _("person %(user_id)s is not a manager, coordinator or member here")
                    % {"user_id": user_id}
                ]
            },
        )


def create_linked(obj: ModelT, *, links: Links, actor: Any, action: str, project_id: int) -> ModelT:
    writes.clean(obj)
    try:
        obj.save(force_insert=True)
    except IntegrityError as exc:
        raise Conflict(
            _("Could not create %(verbose_name)s: %(exc)s")
            % {"verbose_name": obj._meta.verbose_name, "exc": exc}
        ) from exc
    changes: dict[str, Any] = {
        k: [None, v] for k, v in audit.snapshot(obj, _concrete(obj)).items() if v not in (None, "")
    }
    for name, ids in links.items():
        if ids:
            getattr(obj, name).set(ids)
            changes[name] = [None, sorted(ids)]
    audit.record(actor=actor, action=action, obj=obj, changes=changes, project_id=project_id)
    return obj


def update_linked(
    obj: ModelT,
    *,
    version: int,
    changes: Mapping[str, Any],
    links: Links,
    actor: Any,
    action: str,
    project_id: int,
) -> ModelT:
    """Apply field ``changes`` and link lists (None: unchanged) if ``version`` is current."""
    fields = list(changes)
    before = audit.snapshot(obj, fields)
    links_before = {n: _link_ids(obj, n) for n, ids in links.items() if ids is not None}
    for name, value in changes.items():
        setattr(obj, name, value)
    writes.clean(obj)
    attnames = [getattr(obj._meta.get_field(n), "attname", n) for n in fields]
    db_changes = {a: getattr(obj, a) for a in attnames}
    try:
        obj = update_versioned(obj, version, db_changes)
    except IntegrityError as exc:
        raise Conflict(
            _("Could not update %(verbose_name)s: %(exc)s")
            % {"verbose_name": obj._meta.verbose_name, "exc": exc}
        ) from exc
    diff: dict[str, Any] = audit.diff(before, audit.snapshot(obj, fields))
    for name, old in links_before.items():
        new = sorted(set(links[name] or []))
        if new != old:
            getattr(obj, name).set(new)
            diff[name] = [old, new]
    audit.record(actor=actor, action=action, obj=obj, changes=diff, project_id=project_id)
    return obj
