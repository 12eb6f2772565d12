"""What a meeting's agenda can be built from: the project's open issues by severity, risks at or
above a score, milestones slipping against the baseline, overdue action items, decisions still
proposed and tasks finishing late.

Every list goes through its own model's policy (``visible_to``), so a candidate is only ever
something the viewer may open; the builder page and ``GET /api/meetings/{id}/agenda-candidates``
both show what ``agenda_candidates`` returns.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, F, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.core import l10n
from tandem.meetings.models import ActionItemStatus, Meeting
from tandem.meetings.policies import ActionItemPolicy
from tandem.planning.baseline_variance import baseline_variance
from tandem.planning.models import Baseline, PlanSettings, TaskStatus
from tandem.planning.policies import TaskPolicy
from tandem.projects.models import Project
from tandem.records.models import DecisionStatus
from tandem.records.policies import DecisionPolicy
from tandem.risks.models import IssueStatus, RiskStatus, Severity
from tandem.risks.policies import IssuePolicy, RiskPolicy

DEFAULT_RISK_SCORE = 12  # of 25: the red cells of the 5x5 grid and the upper amber ones
PER_SECTION = 20

SECTIONS = {
    "issue": gettext_lazy("Open issues"),
    "risk": gettext_lazy("Risks"),
    "milestone": gettext_lazy("Milestones slipping"),
    "action": gettext_lazy("Overdue action items"),
    "decision": gettext_lazy("Decisions pending"),
    "task": gettext_lazy("Tasks finishing late"),
}


@dataclass(frozen=True)
class AgendaCandidate:
    """Something worth discussing. ``key`` ("issue:12") names it to the builder; ``title``,
    ``notes``, ``presenter_id`` and ``minutes`` become the agenda item's."""

    key: str
    kind: str
    title: str
    detail: str
    url: str
    presenter_id: int | None = None
    presenter_name: str = ""
    minutes: int = 10

    @property
    def section(self) -> str:
        return str(SECTIONS[self.kind])

    @property
    def notes(self) -> str:
        return f"{self.detail}\n{self.url}".strip()


def _title(prefix: str, text: str) -> str:
    full = f"{prefix}: {text}"
    return full if len(full) <= 200 else full[:199] + "…"


def project_today(project: Project) -> dt.date:
    try:
        zone = zoneinfo.ZoneInfo(project.time_zone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    return timezone.localdate(timezone=zone)


class _Team:
    """The project's people, to name a presenter only when they may present (on the team)."""

    def __init__(self, project: Project) -> None:
        self.ids = set(project.memberships.values_list("user_id", flat=True))

    def presenter(self, person: Any) -> dict[str, Any]:
        if person is None or person.pk not in self.ids:
            return {}
        return {"presenter_id": person.pk, "presenter_name": str(person)}


SEVERITY_RANK = Case(
    *(When(severity=s, then=Value(i)) for i, s in enumerate(reversed(Severity.values))),
    output_field=IntegerField(),
)


def _issues(user: Any, project: Project, team: _Team) -> list[AgendaCandidate]:
    rows = (
        IssuePolicy.visible_to(user)
        .filter(project=project, status__in=[IssueStatus.OPEN, IssueStatus.IN_PROGRESS])
        .select_related("owner")
        .annotate(rank=SEVERITY_RANK)
        .order_by("rank", "due_date", "id")[:PER_SECTION]
    )
    return [
        AgendaCandidate(
            key=f"issue:{i.pk}",
            kind="issue",
            title=_title(
                _("Issue (%(severity)s)") % {"severity": i.get_severity_display().lower()},
                i.title,
            ),
            detail=_("%(status)s; owner %(owner)s")
            % {"status": i.get_status_display(), "owner": i.owner or _("nobody")}
            + (_("; due %(day)s") % {"day": l10n.format_date(i.due_date)} if i.due_date else ""),
            url=reverse("issue-detail", args=[i.pk]),
            minutes=10 if i.severity in (Severity.HIGH, Severity.CRITICAL) else 5,
            **team.presenter(i.owner),
        )
        for i in rows
    ]


def _risks(user: Any, project: Project, team: _Team, score: int) -> list[AgendaCandidate]:
    rows = (
        RiskPolicy.visible_to(user)
        .filter(
            project=project,
            status__in=[RiskStatus.OPEN, RiskStatus.MONITORING],
            score__gte=score,
        )
        .select_related("owner")
        .order_by("-score", "id")[:PER_SECTION]
    )
    return [
        AgendaCandidate(
            key=f"risk:{r.pk}",
            kind="risk",
            title=_title(_("Risk (score %(score)s)") % {"score": r.score}, r.title),
            detail=_(
                "Probability %(probability)s × impact %(impact)s; %(response)s; owner %(owner)s"
            )
            % {
                "probability": r.probability,
                "impact": r.impact,
                "response": r.get_response_strategy_display().lower(),
                "owner": r.owner or _("nobody"),
            },
            url=reverse("risk-detail", args=[r.pk]),
            **team.presenter(r.owner),
        )
        for r in rows
    ]


def compared_baseline(project: Project) -> Baseline | None:
    """The baseline the plan is compared with: the one chosen in the plan settings, else the
    latest saved."""
    chosen = (
        PlanSettings.objects.filter(project=project, compare_baseline__isnull=False)
        .select_related("compare_baseline")
        .first()
    )
    if chosen is not None:
        return chosen.compare_baseline
    return Baseline.objects.filter(project=project).order_by("-created_at", "-id").first()


def _milestones(user: Any, project: Project) -> list[AgendaCandidate]:
    baseline = compared_baseline(project)
    visible = TaskPolicy.visible_to(user).filter(project=project, is_milestone=True)
    milestone_ids = set(visible.values_list("pk", flat=True))
    if baseline is None or not milestone_ids:
        return []
    rows = [
        row
        for row in baseline_variance(user, baseline).tasks
        if row.task_id in milestone_ids and (row.finish_variance_days or 0) > 0
    ]
    rows.sort(key=lambda row: -(row.finish_variance_days or 0))
    return [
        AgendaCandidate(
            key=f"milestone:{row.task_id}",
            kind="milestone",
            title=_title(
                _("Milestone slipping (+%(days)s working days)")
                % {"days": row.finish_variance_days},
                f"{row.wbs_code} {row.name}",
            ),
            detail=_("Now %(now)s, baseline “%(baseline)s” %(then)s")
            % {
                "now": l10n.format_date(row.current_finish),
                "baseline": baseline.name,
                "then": l10n.format_date(row.baseline_finish),
            },
            url=reverse("task-detail", args=[row.task_id]),
        )
        for row in rows[:PER_SECTION]
        if row.task_id is not None and row.current_finish and row.baseline_finish
    ]


def _overdue_actions(
    user: Any, project: Project, team: _Team, today: dt.date
) -> list[AgendaCandidate]:
    rows = (
        ActionItemPolicy.visible_to(user)
        .filter(
            meeting__project=project,
            status__in=[ActionItemStatus.OPEN, ActionItemStatus.IN_PROGRESS],
            due_date__lt=today,
        )
        .select_related("owner", "meeting")
        .order_by("due_date", "id")[:PER_SECTION]
    )
    return [
        AgendaCandidate(
            key=f"action:{a.pk}",
            kind="action",
            title=_title(_("Overdue action"), a.description),
            detail=_("Due %(due)s (%(days)s days ago); owner %(owner)s; from “%(meeting)s”")
            % {
                "due": l10n.format_date(a.due_date),
                "days": (today - a.due_date).days,
                "owner": a.owner or _("nobody"),
                "meeting": a.meeting.title,
            },
            url=reverse("meeting-detail", args=[a.meeting_id]) + f"#action-item-{a.pk}",
            minutes=5,
            **team.presenter(a.owner),
        )
        for a in rows
        if a.due_date is not None
    ]


def _decisions(user: Any, project: Project, team: _Team) -> list[AgendaCandidate]:
    rows = (
        DecisionPolicy.visible_to(user)
        .filter(project=project, status=DecisionStatus.PROPOSED)
        .select_related("decided_by")
        .order_by("id")[:PER_SECTION]
    )
    return [
        AgendaCandidate(
            key=f"decision:{d.pk}",
            kind="decision",
            title=_title(_("Decision needed"), d.title),
            detail=(d.context[:300] + ("…" if len(d.context) > 300 else "")) or _("Proposed"),
            url=reverse("decision-detail", args=[d.pk]),
            **team.presenter(d.decided_by),
        )
        for d in rows
    ]


def _late_tasks(user: Any, project: Project, team: _Team, today: dt.date) -> list[AgendaCandidate]:
    """Leaf tasks not done whose planned finish is after their deadline, or already past."""
    rows = (
        TaskPolicy.visible_to(user)
        .filter(project=project, is_milestone=False, children__isnull=True)
        .exclude(status__in=[TaskStatus.DONE, TaskStatus.CANCELLED])
        .filter(Q(deadline__isnull=False, finish_date__gt=F("deadline")) | Q(finish_date__lt=today))
        .prefetch_related("assignments__person")
        .order_by("finish_date", "wbs_sort")[:PER_SECTION]
    )
    out = []
    for t in rows:
        if t.deadline is not None and t.finish_date and t.finish_date > t.deadline:
            why = _("Finishes %(finish)s, after its deadline %(deadline)s") % {
                "finish": l10n.format_date(t.finish_date),
                "deadline": l10n.format_date(t.deadline),
            }
        else:
            why = _("Was due to finish %(finish)s; %(percent)s%% done") % {
                "finish": l10n.format_date(t.finish_date),
                "percent": t.percent_complete,
            }
        people = [a.person for a in t.assignments.all() if a.person is not None]
        out.append(
            AgendaCandidate(
                key=f"task:{t.pk}",
                kind="task",
                title=_title(_("Late"), f"{t.wbs_code} {t.name}"),
                detail=why,
                url=reverse("task-detail", args=[t.pk]),
                minutes=5,
                **team.presenter(people[0] if people else None),
            )
        )
    return out


def agenda_candidates(
    user: Any,
    meeting: Meeting,
    *,
    risk_score_at_least: int | None = None,
    today: dt.date | None = None,
) -> list[AgendaCandidate]:
    """The candidates for ``meeting``'s agenda that ``user`` may see, section by section in
    the order of ``SECTIONS``, at most ``PER_SECTION`` each. ``today`` (default: the project's
    today) decides what is overdue; risks count from ``risk_score_at_least`` (1-25)."""
    project = meeting.project
    today = today or project_today(project)
    score = DEFAULT_RISK_SCORE if risk_score_at_least is None else risk_score_at_least
    team = _Team(project)
    return [
        *_issues(user, project, team),
        *_risks(user, project, team, score),
        *_milestones(user, project),
        *_overdue_actions(user, project, team, today),
        *_decisions(user, project, team),
        *_late_tasks(user, project, team, today),
    ]
