"""The coordinator's records: who is Responsible, Accountable, Consulted and Informed for an item
of a project (RACI), and the reminders sent about overdue action items.

The agenda builder writes meetings' own agenda items and an action item's task is the meetings'
link (``meetings.ActionItem.task``); neither needs data of its own.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tandem.core.models import VersionedModel


class RaciRole(models.TextChoices):
    RESPONSIBLE = "R", _("Responsible")
    ACCOUNTABLE = "A", _("Accountable")
    CONSULTED = "C", _("Consulted")
    INFORMED = "I", _("Informed")


class RaciKind(models.TextChoices):
    TASK = "task", _("Task")
    DOCUMENT = "document", _("Document")
    DECISION = "decision", _("Decision")


class RaciAssignment(VersionedModel):
    """One cell of a project's RACI matrix: ``person`` holds ``role`` for one item, a task (a
    summary task is a deliverable), a document or a decision; exactly one of the three is set,
    the one ``kind`` names. A person holds one role per item; an item that has any roles has
    exactly one Accountable (the actions keep it so, the database refuses a second)."""

    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.CASCADE,
        related_name="raci_assignments",
        verbose_name=_("project"),
    )
    kind = models.CharField(max_length=8, choices=RaciKind.choices, verbose_name=_("kind"))
    task = models.ForeignKey(
        "planning.Task",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("task"),
    )
    document = models.ForeignKey(
        "records.Document",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("document"),
    )
    decision = models.ForeignKey(
        "records.Decision",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("decision"),
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="raci_assignments",
        verbose_name=_("person"),
    )
    role = models.CharField(max_length=1, choices=RaciRole.choices, verbose_name=_("role"))

    class Meta:
        verbose_name = _("RACI assignment")
        verbose_name_plural = _("RACI assignments")
        ordering = ["kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="task", task__isnull=False, document__isnull=True, decision__isnull=True)
                    | Q(
                        kind="document",
                        task__isnull=True,
                        document__isnull=False,
                        decision__isnull=True,
                    )
                    | Q(
                        kind="decision",
                        task__isnull=True,
                        document__isnull=True,
                        decision__isnull=False,
                    )
                ),
                name="raci_one_item",
            ),
            models.UniqueConstraint(
                fields=["task", "person"], condition=Q(kind="task"), name="raci_task_person"
            ),
            models.UniqueConstraint(
                fields=["document", "person"],
                condition=Q(kind="document"),
                name="raci_document_person",
            ),
            models.UniqueConstraint(
                fields=["decision", "person"],
                condition=Q(kind="decision"),
                name="raci_decision_person",
            ),
            *(
                models.UniqueConstraint(
                    fields=[kind],
                    condition=Q(kind=kind, role="A"),
                    name=f"raci_{kind}_one_accountable",
                )
                for kind in ("task", "document", "decision")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.role} on {self.kind} {self.item_id}"

    @property
    def item_id(self) -> int | None:
        return self.task_id or self.document_id or self.decision_id


class ActionItemReminder(models.Model):
    """An overdue action item's owner was reminded on ``day`` (their own local date). The
    unique pair is what makes the reminder job send at most one reminder per item per day,
    however many times and in however many processes it runs."""

    action_item = models.ForeignKey(
        "meetings.ActionItem",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("action item"),
    )
    day = models.DateField(verbose_name=_("day"))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("recipient"),
    )
    sent_at = models.DateTimeField(auto_now_add=True, verbose_name=_("sent at"))

    class Meta:
        verbose_name = _("action item reminder")
        verbose_name_plural = _("action item reminders")
        ordering = ["-day", "id"]
        constraints = [
            models.UniqueConstraint(fields=["action_item", "day"], name="reminder_once_a_day")
        ]

    def __str__(self) -> str:
        return f"Reminder for action item {self.action_item_id} on {self.day}"
