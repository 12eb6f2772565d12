"""Optimistic concurrency: every update or delete names the version it was based on.

The version comes from the ``If-Match`` header (``"3"`` or ``W/"3"``) or from a ``version`` field
in the body. Missing: 428. Stale: 412. The write is a single conditional ``UPDATE ... WHERE
version = N``, so of two simultaneous writers with the same version exactly one wins, on SQLite
and PostgreSQL alike.
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import PreconditionFailed, PreconditionRequired

M = TypeVar("M", bound=models.Model)
_ETAG = re.compile(r'^\s*(?:W/)?"?(\d+)"?\s*$')


def expected_version(if_match: str | None, body_version: int | None) -> int:
    """The version a client based its write on; raises 428 when it gave none."""
    if if_match:
        found = _ETAG.match(if_match)
        if not found:
            raise PreconditionRequired(
                _('If-Match must carry a version like "3", got %(value)s')
                % {"value": repr(if_match)}
            )
        return int(found.group(1))
    if body_version is not None:
        return int(body_version)
    raise PreconditionRequired(
        _('This write needs the version you read: send If-Match: "<version>" or a version field.')
    )


def etag(obj: Any) -> str:
    return f'"{obj.version}"'


def _touch(model: type[models.Model]) -> dict[str, Any]:
    names = {f.name for f in model._meta.concrete_fields}
    return {"updated_at": timezone.now()} if "updated_at" in names else {}


def update_versioned(obj: M, version: int, changes: dict[str, Any]) -> M:
    """Apply ``changes`` to ``obj`` if its stored version is still ``version``; bump the version.

    Raises 412 when another write came first. Returns the refreshed object.
    """
    model = type(obj)
    updated = model._default_manager.filter(pk=obj.pk, version=version).update(
        **changes, version=F("version") + 1, **_touch(model)
    )
    if updated != 1:
        current = model._default_manager.filter(pk=obj.pk).values_list("version", flat=True).first()
        raise PreconditionFailed(
            _(
                "%(model)s was changed by someone else "
                "(you sent version %(version)s, current is %(current)s); reload and try again."
            )
            % {"model": str(model._meta.verbose_name), "version": version, "current": current}
        )
    obj.refresh_from_db()
    return obj


def delete_versioned(obj: models.Model, version: int) -> None:
    """Delete ``obj`` only if its stored version is still ``version`` (412 otherwise)."""
    model = type(obj)
    deleted, _by_model = model._default_manager.filter(pk=obj.pk, version=version).delete()
    if not deleted:
        raise PreconditionFailed(
            _(
                "%(model)s was changed by someone else since version %(version)s; "
                "reload and try again."
            )
            % {"model": str(model._meta.verbose_name), "version": version}
        )
