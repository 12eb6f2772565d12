"""Status changes that other apps hear of, without the app that makes them knowing who listens.

An action that changes an object's status calls :func:`announce` inside its transaction; every
registered listener is called once that transaction has committed (a rolled-back change tells
nobody), with plain values: the object's type (``planning.task``), its id, the status before and
after, and the acting person's id. Apps register their listeners at start
(``AppConfig.ready``), so the dependency points from the listener to the announcer, never back.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from django.db import transaction

StatusListener = Callable[[str, int, str, str, int | None], None]
_listeners: list[StatusListener] = []


def listen(listener: StatusListener) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def announce(
    object_type: str, object_id: int, before: str, after: str, actor_id: int | None
) -> None:
    """Tell the listeners, after commit, that ``object_type`` ``object_id`` changed status."""
    if before == after:
        return
    for listener in _listeners:
        transaction.on_commit(partial(listener, object_type, object_id, before, after, actor_id))
