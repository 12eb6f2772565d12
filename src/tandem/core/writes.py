"""The three writes every action is made of: create, update with a version, delete with a version.

Each validates with the model's own rules (``full_clean``), changes the row, and appends exactly
one audit event with the field diff. Callers wrap them in ``transaction.atomic`` (every action is
atomic) and check rights first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models
from django.utils.translation import gettext as _

from . import audit
from .errors import Conflict, ValidationFailed
from .input_limits import has_unpaired_surrogate
from .versions import delete_versioned, update_versioned

M = TypeVar("M", bound=models.Model)


# Checks every write passes first: (the object, its project id or None, the audit action). A guard
# refuses by raising a ``TandemError``; apps register theirs at start (see
# ``tandem.projects.apps``: nothing in an archived project changes).
WriteGuard = Callable[[models.Model, int | None, str], None]
_guards: list[WriteGuard] = []


def add_guard(guard: WriteGuard) -> None:
    if guard not in _guards:
        _guards.append(guard)


def _guard(obj: models.Model, scope: Mapping[str, Any], action: str) -> None:
    for guard in _guards:
        guard(obj, scope["project_id"], action)


def validation_failed(exc: ValidationError) -> ValidationFailed:
    fields = {k: [str(m) for m in v] for k, v in getattr(exc, "message_dict", {}).items()}
    messages = "; ".join(f"{k}: {' '.join(v)}" for k, v in fields.items()) or " ".join(exc.messages)
    return ValidationFailed(
        _("Invalid input: %(messages)s") % {"messages": messages}, fields=fields
    )


def _refuse_nul(obj: models.Model, exclude: Iterable[str] | None) -> None:
    """422 naming every text field holding a NUL character or an unpaired surrogate.

    PostgreSQL cannot store NUL in text, so such a value would fail as a database error (a 500)
    there and be stored on SQLite: refused the same way on both. A lone UTF-16 surrogate cannot
    be encoded for either database (a ``UnicodeEncodeError``, a 500), from a form, an import or
    the API alike.
    """
    skip = set(exclude or [])
    texts = {
        f.name: getattr(obj, f.attname, None) or ""
        for f in obj._meta.concrete_fields
        if f.name not in skip and isinstance(f, models.CharField | models.TextField)
    }
    nul = [name for name, text in texts.items() if "\x00" in text]
    if nul:
        raise ValidationFailed(
            _("Invalid input: %(fields)s: null characters are not allowed.")
            % {"fields": ", ".join(nul)},
            fields={name: [_("Null characters are not allowed.")] for name in nul},
        )
    lone = [name for name, text in texts.items() if has_unpaired_surrogate(str(text))]
    if lone:
        raise ValidationFailed(
            _("Invalid input: %(fields)s: unpaired surrogate characters are not allowed.")
            % {"fields": ", ".join(lone)},
            fields={name: [_("Unpaired surrogate characters are not allowed.")] for name in lone},
        )


def clean(obj: models.Model, exclude: Iterable[str] | None = None) -> None:
    _refuse_nul(obj, exclude)
    try:
        obj.full_clean(exclude=list(exclude or []), validate_unique=True)
    except ValidationError as exc:
        raise validation_failed(exc) from exc


def _scope(
    obj: models.Model, project_id: int | None, organization_id: int | None
) -> dict[str, Any]:
    if project_id is None:
        project_id = getattr(obj, "project_id", None)
    if organization_id is None:
        organization_id = getattr(obj, "organization_id", None)
    return {"project_id": project_id, "organization_id": organization_id}


def _field_names(obj: models.Model) -> list[str]:
    # Secrets stay out of the append-only trail, even hashed.
    skip = {"id", "version", "created_at", "updated_at", "password", "token_hash", "secret"}
    return [f.name for f in obj._meta.concrete_fields if f.name not in skip]


def create(
    obj: M,
    *,
    actor: Any,
    action: str,
    project_id: int | None = None,
    organization_id: int | None = None,
    exclude_from_clean: Iterable[str] | None = None,
) -> M:
    _guard(obj, _scope(obj, project_id, organization_id), action)
    clean(obj, exclude_from_clean)
    try:
        obj.save(force_insert=True)
    except IntegrityError as exc:
        raise Conflict(
            _("Could not create %(model)s: %(error)s")
            % {"model": str(obj._meta.verbose_name), "error": exc}
        ) from exc
    after = audit.snapshot(obj, _field_names(obj))
    audit.record(
        actor=actor,
        action=action,
        obj=obj,
        changes={k: [None, v] for k, v in after.items() if v not in (None, "")},
        **_scope(obj, project_id, organization_id),
    )
    return obj


def update(
    obj: M,
    *,
    version: int,
    changes: Mapping[str, Any],
    actor: Any,
    action: str,
    project_id: int | None = None,
    organization_id: int | None = None,
) -> M:
    """Apply ``changes`` (field name -> value) if ``version`` is current; 412 if it is stale."""
    _guard(obj, _scope(obj, project_id, organization_id), action)
    fields = list(changes)
    before = audit.snapshot(obj, fields)
    for name, value in changes.items():
        setattr(obj, name, value)
    clean(obj)
    attnames = [getattr(obj._meta.get_field(n), "attname", n) for n in fields]
    db_changes = {a: getattr(obj, a) for a in attnames}
    try:
        obj = update_versioned(obj, version, db_changes)
    except IntegrityError as exc:
        raise Conflict(
            _("Could not update %(model)s: %(error)s")
            % {"model": str(obj._meta.verbose_name), "error": exc}
        ) from exc
    after = audit.snapshot(obj, fields)
    audit.record(
        actor=actor,
        action=action,
        obj=obj,
        changes=audit.diff(before, after),
        **_scope(obj, project_id, organization_id),
    )
    return obj


def delete(
    obj: models.Model,
    *,
    version: int,
    actor: Any,
    action: str,
    project_id: int | None = None,
    organization_id: int | None = None,
) -> None:
    scope = _scope(obj, project_id, organization_id)
    _guard(obj, scope, action)
    before = audit.snapshot(obj, _field_names(obj))
    pk = obj.pk
    try:
        delete_versioned(obj, version)
    except models.ProtectedError as exc:
        raise Conflict(
            _("%(model)s is still referenced and cannot be deleted.")
            % {"model": str(obj._meta.verbose_name)}
        ) from exc
    obj.pk = pk
    audit.record(
        actor=actor,
        action=action,
        obj=obj,
        changes={k: [v, None] for k, v in before.items() if v not in (None, "")},
        **scope,
    )
