"""What is searched: each kind of object, the words it is found by, its page and its policy.

A changed object may stand for another in the index: an agenda item or the minutes are found as
their meeting, an uploaded file as its document (``INDEXED_AS``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model
from django.urls import reverse
from django.utils.translation import gettext_noop

from tandem.meetings.models import AgendaItem, Meeting, Minutes
from tandem.meetings.policies import MeetingPolicy
from tandem.planning.models import Task
from tandem.planning.policies import TaskPolicy
from tandem.projects.policies import ProjectScopedPolicy
from tandem.records.models import Decision, Document, DocumentVersion, StatusUpdate
from tandem.records.policies import DecisionPolicy, DocumentPolicy, StatusUpdatePolicy
from tandem.risks.models import Issue, Risk
from tandem.risks.policies import IssuePolicy, RiskPolicy

from .models import FileText


def _join(*parts: str | None) -> str:
    return "\n".join(p for p in parts if p)


def _meeting_body(meeting: Meeting) -> str:
    agenda = [_join(item.title, item.notes) for item in meeting.agenda_items.all()]
    minutes = Minutes.objects.filter(meeting=meeting).values_list("text", flat=True).first()
    return _join(meeting.purpose, meeting.location, *agenda, minutes)


def _document_body(document: Document) -> str:
    latest = document.versions.order_by("-number").first()
    file_text = ""
    if latest is not None:
        file_text = (
            FileText.objects.filter(version=latest).values_list("text", flat=True).first() or ""
        )
        return _join(document.description, latest.original_name, latest.comment, file_text)
    return document.description


def _status_title(update: StatusUpdate) -> str:
    return f"Status {update.period_start:%d %b %Y} to {update.period_end:%d %b %Y}"


@dataclass(frozen=True)
class Source:
    kind: str
    label: str  # English (the API); pages show gettext(label)
    model: type[Model]
    policy: type[ProjectScopedPolicy[Any]]
    title: Callable[[Any], str]
    body: Callable[[Any], str]
    url: Callable[[Any], str]


SOURCES: dict[str, Source] = {
    s.kind: s
    for s in (
        Source(
            "task", gettext_noop("Tasks"), Task, TaskPolicy,
            title=lambda t: t.name,
            body=lambda t: t.description,
            url=lambda e: reverse("task-detail", args=[e.object_id]),
        ),
        Source(
            "meeting", gettext_noop("Meetings"), Meeting, MeetingPolicy,
            title=lambda m: m.title,
            body=_meeting_body,
            url=lambda e: reverse("meeting-detail", args=[e.object_id]),
        ),
        Source(
            "decision", gettext_noop("Decisions"), Decision, DecisionPolicy,
            title=lambda d: d.title,
            body=lambda d: _join(d.context, d.decision, d.alternatives),
            url=lambda e: reverse("decision-detail", args=[e.object_id]),
        ),
        Source(
            "document", gettext_noop("Documents"), Document, DocumentPolicy,
            title=lambda d: d.title,
            body=_document_body,
            url=lambda e: reverse("document-detail", args=[e.object_id]),
        ),
        Source(
            "issue", gettext_noop("Issues"), Issue, IssuePolicy,
            title=lambda i: i.title,
            body=lambda i: _join(i.description, i.resolution),
            url=lambda e: reverse("issue-detail", args=[e.object_id]),
        ),
        Source(
            "risk", gettext_noop("Risks"), Risk, RiskPolicy,
            title=lambda r: r.title,
            body=lambda r: _join(r.cause, r.effect, r.response_plan),
            url=lambda e: reverse("risk-detail", args=[e.object_id]),
        ),
        Source(
            "status", gettext_noop("Status updates"), StatusUpdate, StatusUpdatePolicy,
            title=_status_title,
            body=lambda u: _join(u.summary, u.achievements, u.next_steps, u.blockers),
            url=lambda e: reverse("status-list", args=[e.project_id]),
        ),
    )
}  # fmt: skip

KINDS = tuple(SOURCES)

# A changed object -> (the kind it is found as, the id of that object).
INDEXED_AS: dict[type[Model], Callable[[Any], tuple[str, int] | None]] = {
    Task: lambda t: ("task", t.pk),
    Meeting: lambda m: ("meeting", m.pk),
    AgendaItem: lambda a: ("meeting", a.meeting_id),
    Minutes: lambda m: ("meeting", m.meeting_id),
    Decision: lambda d: ("decision", d.pk),
    Document: lambda d: ("document", d.pk),
    DocumentVersion: lambda v: ("document", v.document_id),
    Issue: lambda i: ("issue", i.pk),
    Risk: lambda r: ("risk", r.pk),
    StatusUpdate: lambda u: ("status", u.pk),
}
