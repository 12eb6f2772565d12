"""The RACI's Informed people hear of their items' status changes.

Planning's task action and the decision log's action announce status changes
(``tandem.core.status_changes``); :func:`status_changed`, registered at start, hears them once
their transaction has committed, so a rolled-back change tells nobody. The functions take ids and
plain values: they read the RACI rows themselves and need nothing of the caller's objects.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from tandem.comms.actions import notify

from .models import RaciAssignment, RaciKind, RaciRole


def _informed(kind: str, item_id: int, actor_id: int | None) -> list[RaciAssignment]:
    rows = RaciAssignment.objects.filter(
        kind=kind, role=RaciRole.INFORMED, **{f"{kind}_id": item_id}
    ).select_related("person", "project", kind)
    return [row for row in rows if row.person_id != actor_id]


def _tell(rows: list[RaciAssignment], label: str, url: str, change: str) -> None:
    if not rows:
        return
    notify(
        [row.person for row in rows],
        project=rows[0].project,
        kind="raci.status_changed",
        subject=_("%(item)s: %(change)s") % {"item": label, "change": change},
        body=_("You are Informed on “%(item)s” in the project's RACI matrix.") % {"item": label},
        url=url,
        right="project.view_work",
    )


def _status_label(item: Any, value: str) -> str:
    choices = dict(item._meta.get_field("status").flatchoices)
    return str(choices.get(value, value))


def task_status_changed(task_id: int, before: str, after: str, actor_id: int | None) -> None:
    """Tell the task's Informed people (not the person who changed it) its new status."""
    rows = _informed(RaciKind.TASK, task_id, actor_id)
    task = rows[0].task if rows else None
    if task is not None:
        change = f"{_status_label(task, before)} → {_status_label(task, after)}"
        label = f"{task.wbs_code} {task.name}".strip()
        _tell(rows, label, reverse("task-detail", args=[task_id]), change)


def decision_status_changed(
    decision_id: int, before: str, after: str, actor_id: int | None
) -> None:
    """Tell the decision's Informed people (not the person who changed it) its new status."""
    rows = _informed(RaciKind.DECISION, decision_id, actor_id)
    decision = rows[0].decision if rows else None
    if decision is not None:
        change = f"{_status_label(decision, before)} → {_status_label(decision, after)}"
        url = reverse("decision-detail", args=[decision_id])
        _tell(rows, decision.title, url, change)


def status_changed(
    object_type: str, object_id: int, before: str, after: str, actor_id: int | None
) -> None:
    """The listener registered with ``tandem.core.status_changes``."""
    if object_type == "planning.task":
        task_status_changed(object_id, before, after, actor_id)
    elif object_type == "records.decision":
        decision_status_changed(object_id, before, after, actor_id)
