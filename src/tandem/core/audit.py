"""Writing the audit trail. Every action calls ``record`` exactly once per changed object."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.db import models

from .models import AuditEvent

# The trail is append-only, so rows written before a model moved to another app keep the label
# it had then (``object_type``). Each former label, with the model's label now.
MOVED_OBJECT_TYPES = {
    "planning.goal": "goals.goal",
    "planning.keyresult": "goals.keyresult",
}


# Told of every recorded change: (the object, the audit action, its project id or None). Apps
# register theirs at start (see ``tandem.search.apps``: the search index follows every change);
# a listener runs inside the write's transaction and defers its own work with
# ``transaction.on_commit``.
RecordListener = Callable[[models.Model, str, int | None], None]
_listeners: list[RecordListener] = []


def add_listener(listener: RecordListener) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if hasattr(value, "name") and not isinstance(value, str | int | float | bool):
        return str(value.name)
    return value


def current_object_type(object_type: str) -> str:
    """The label an object's rows are recorded under now (``planning.goal`` -> ``goals.goal``)."""
    return MOVED_OBJECT_TYPES.get(object_type, object_type)


def recorded_object_types(object_type: str) -> list[str]:
    """Every label the object's rows may carry: the current one, then those from before a move."""
    current = current_object_type(object_type)
    former = sorted(old for old, new in MOVED_OBJECT_TYPES.items() if new == current)
    return [current, *former]


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The current values of ``fields`` as JSON-ready data (foreign keys as ids)."""
    out: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        attname = getattr(field, "attname", name)
        out[name] = _plain(getattr(obj, attname))
    return out


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for every field whose value changed."""
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    changes: Mapping[str, Any] | None = None,
    project_id: int | None = None,
    organization_id: int | None = None,
) -> AuditEvent:
    """Append one audit event for ``obj``. ``action`` is ``<noun>.<verb>`` (``task.updated``)."""
    event = AuditEvent.objects.create(
        organization_id=organization_id,
        project_id=project_id,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=getattr(actor, "username", "") or "system",
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        changes={k: _plain(v) for k, v in (changes or {}).items()},
    )
    for listener in _listeners:
        listener(obj, action, project_id)
    return event
