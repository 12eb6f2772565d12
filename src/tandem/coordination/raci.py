"""Reading a project's RACI matrix: rows are tasks (summary tasks are the deliverables),
documents and decisions; columns the project's people; cells R, A, C or I.

Every item is reached through its own policy, so the matrix, its export and its API only ever
name what the viewer may open. The page, ``GET /api/projects/{id}/raci`` and the CSV export all
show what ``raci_matrix`` returns.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from tandem.core.errors import NotFound
from tandem.core.spreadsheet_cells import to_csv
from tandem.planning.models import Task
from tandem.planning.policies import TaskPolicy
from tandem.projects.models import Project
from tandem.projects.policies import ProjectScopedPolicy, members_of
from tandem.records.models import Decision, Document
from tandem.records.policies import DecisionPolicy, DocumentPolicy

from .models import RaciAssignment, RaciKind, RaciRole

VIEW = "project.view_work"
EDIT = "team.coordinate"  # the manager and coordinators

POLICIES: dict[str, type[ProjectScopedPolicy[Any]]] = {
    RaciKind.TASK: TaskPolicy,
    RaciKind.DOCUMENT: DocumentPolicy,
    RaciKind.DECISION: DecisionPolicy,
}


def item_label(kind: str, obj: Any) -> str:
    if kind == RaciKind.TASK:
        return f"{obj.wbs_code} {obj.name}".strip()
    return str(obj.title)


def item_url(kind: str, obj: Any) -> str:
    name = {"task": "task-detail", "document": "document-detail", "decision": "decision-detail"}
    return reverse(name[kind], args=[obj.pk])


def visible_items(user: Any, project: Project, kind: str) -> QuerySet[Model]:
    return POLICIES[kind].visible_to(user).filter(project=project)


def access_item(user: Any, project: Project, kind: str, item_id: int) -> Model:
    """The task, document or decision ``item_id`` of ``project`` if ``user`` may see it; 404
    otherwise (an unknown kind included)."""
    if kind not in POLICIES:
        raise NotFound(
            _("No RACI item kind %(kind)s: use task, document or decision.") % {"kind": repr(kind)}
        )
    found = visible_items(user, project, kind).filter(pk=item_id).first()
    if found is None:
        raise NotFound(
            _("No %(kind)s %(item_id)s in %(project_code)s.")
            % {"kind": kind, "item_id": item_id, "project_code": project.code}
        )
    return found


def kind_of(item: Model) -> str:
    if isinstance(item, Task):
        return RaciKind.TASK
    if isinstance(item, Document):
        return RaciKind.DOCUMENT
    if isinstance(item, Decision):
        return RaciKind.DECISION
    raise TypeError(f"{type(item).__name__} has no RACI roles")


def assignments_of(item: Model) -> QuerySet[RaciAssignment]:
    kind = kind_of(item)
    return RaciAssignment.objects.filter(kind=kind, **{f"{kind}_id": item.pk})


@dataclass
class RaciRow:
    kind: str
    item_id: int
    label: str
    url: str
    summary: bool = False
    roles: dict[int, str] = field(default_factory=dict)
    # (person, role or "") per column, for the page
    cells: list[tuple[Any, str]] = field(default_factory=list)

    def fill_cells(self, people: list[Any]) -> RaciRow:
        self.cells = [(p, self.roles.get(p.pk, "")) for p in people]
        return self

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.item_id}"

    @property
    def accountable_count(self) -> int:
        return sum(1 for r in self.roles.values() if r == RaciRole.ACCOUNTABLE)

    @property
    def complete(self) -> bool:
        """No roles yet, or exactly one Accountable."""
        return not self.roles or self.accountable_count == 1


@dataclass
class RaciMatrix:
    people: list[Any]
    rows: list[RaciRow]
    addable: list[tuple[str, str]]  # ("task:12", "1.2 Build") items without a row yet


def _rows_for(kind: str, items: Iterable[Any], summary_ids: set[int]) -> list[RaciRow]:
    return [
        RaciRow(
            kind,
            obj.pk,
            item_label(kind, obj),
            item_url(kind, obj),
            summary=kind == RaciKind.TASK and obj.pk in summary_ids,
        )
        for obj in items
    ]


def matrix_people(project: Project) -> list[Any]:
    """The matrix's columns: the project's active people, by name."""
    people = [m.user for m in members_of(project).filter(user__is_active=True)]
    return sorted(people, key=lambda p: str(p).lower())


def raci_matrix(user: Any, project: Project, *, extra: Iterable[str] = ()) -> RaciMatrix:
    """Rows: every item with roles, every summary task (a deliverable) and the items named in
    ``extra`` ("task:12"), in outline order for tasks, then documents, then decisions; columns:
    the project's people by name."""
    people = matrix_people(project)
    assigned = list(RaciAssignment.objects.filter(project=project))
    wanted: dict[str, set[int]] = {k: set() for k in POLICIES}
    for a in assigned:
        wanted[a.kind].add(a.item_id or 0)
    for key in extra:
        kind, _, raw = key.partition(":")
        if kind in wanted and raw.isdigit():
            wanted[kind].add(int(raw))
    tasks = visible_items(user, project, RaciKind.TASK)
    summary_ids = set(tasks.filter(children__isnull=False).values_list("pk", flat=True).distinct())
    rows: list[RaciRow] = []
    addable: list[tuple[str, str]] = []
    for kind in POLICIES:
        items = visible_items(user, project, kind)
        ids = wanted[kind] | (summary_ids if kind == RaciKind.TASK else set())
        order = ("wbs_sort",) if kind == RaciKind.TASK else ("title", "id")
        shown = items.filter(pk__in=ids).order_by(*order)
        rows += _rows_for(kind, shown, summary_ids)
        addable += [
            (f"{kind}:{obj.pk}", f"{RaciKind(kind).label}: {item_label(kind, obj)}")
            for obj in items.exclude(pk__in=ids).order_by(*order)[:500]
        ]
    by_key = {(r.kind, r.item_id): r for r in rows}
    for a in assigned:
        row = by_key.get((a.kind, a.item_id or 0))
        if row is not None:
            row.roles[a.person_id] = a.role
    return RaciMatrix(people, [row.fill_cells(people) for row in rows], addable)


def row_of(user: Any, project: Project, item: Model) -> RaciRow:
    kind = kind_of(item)
    row = RaciRow(
        kind,
        item.pk,
        item_label(kind, item),
        item_url(kind, item),
        summary=kind == RaciKind.TASK and Task.objects.filter(parent_id=item.pk).exists(),
    )
    row.roles = dict(assignments_of(item).values_list("person_id", "role"))
    return row


def raci_csv(matrix: RaciMatrix) -> str:
    """One line per item, one column per person, each cell R, A, C, I or empty (formula-like
    text neutralised: item names are the users')."""
    header = ["Kind", "Item", *(str(p) for p in matrix.people)]
    # The file's kinds stay in English whatever the page's language, like its header.
    with translation.override(None):
        kinds = {kind: str(RaciKind(kind).label) for kind in RaciKind}
    lines = [
        [
            ("Deliverable" if row.summary else kinds[RaciKind(row.kind)]),
            row.label,
            *(row.roles.get(p.pk, "") for p in matrix.people),
        ]
        for row in matrix.rows
    ]
    return to_csv(header, lines)
