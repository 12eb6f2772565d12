"""Project records: documents and their versions, the decision log, status updates, comments."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.validators import URLValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tandem.core.models import VersionedModel, long_text

# Links given by people must be web links: never javascript:, data: or file: URLs.
http_url = URLValidator(schemes=["http", "https"], message="Enter an http:// or https:// link.")


class DocumentCategory(models.TextChoices):
    PLAN = "plan", _("Plan")
    REQUIREMENTS = "requirements", _("Requirements")
    DESIGN = "design", _("Design")
    CONTRACT = "contract", _("Contract")
    REPORT = "report", _("Report")
    MINUTES = "minutes", _("Minutes")
    OTHER = "other", _("Other")


class Visibility(models.TextChoices):
    TEAM = "team", _("Project team")
    STAKEHOLDERS = "stakeholders", _("Team and stakeholders")


class Document(VersionedModel):
    """A named document whose content is the latest of its uploaded versions."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(max_length=200)
    category = models.CharField(
        max_length=16, choices=DocumentCategory.choices, default=DocumentCategory.OTHER
    )
    description = models.TextField(blank=True, validators=long_text())
    visibility = models.CharField(
        max_length=12, choices=Visibility.choices, default=Visibility.TEAM
    )
    link = models.URLField(max_length=500, blank=True, validators=[http_url])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    # Comments go with their target, whichever way it is deleted (see records.Comment).
    comments = GenericRelation(
        "records.Comment", content_type_field="target_type", object_id_field="target_id"
    )

    class Meta:
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title


class DocumentVersion(models.Model):
    """One uploaded file of a document. Written once; the file's stored name is random.

    ``content_type`` is the type the file is served with (always as an attachment), not
    necessarily the one the uploader's browser claimed.
    """

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    file = models.FileField(max_length=200)
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    content_type = models.CharField(max_length=120)
    comment = models.TextField(blank=True, validators=long_text())
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="docversion_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"


class DecisionStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    SUPERSEDED = "superseded", _("Superseded")


class Decision(VersionedModel):
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="decisions"
    )
    title = models.CharField(max_length=200)
    context = models.TextField(blank=True, validators=long_text())
    decision = models.TextField(blank=True, validators=long_text())
    alternatives = models.TextField(blank=True, validators=long_text())
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=DecisionStatus.choices, default=DecisionStatus.PROPOSED
    )
    supersedes = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="logged_decisions",
    )

    # Comments go with their target, whichever way it is deleted (see records.Comment).
    comments = GenericRelation(
        "records.Comment", content_type_field="target_type", object_id_field="target_id"
    )

    class Meta:
        ordering = ["-decided_on", "-id"]

    def __str__(self) -> str:
        return self.title


class Rag(models.TextChoices):
    GREEN = "green", _("Green")
    AMBER = "amber", _("Amber")
    RED = "red", _("Red")


class Audience(models.TextChoices):
    TEAM = "team", _("Project team")
    STAKEHOLDERS = "stakeholders", _("Stakeholders")


class StatusUpdate(VersionedModel):
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="status_updates"
    )
    period_start = models.DateField()
    period_end = models.DateField()
    rag = models.CharField(max_length=5, choices=Rag.choices, default=Rag.GREEN)
    summary = models.TextField(validators=long_text())
    achievements = models.TextField(blank=True, validators=long_text())
    next_steps = models.TextField(blank=True, validators=long_text())
    blockers = models.TextField(blank=True, validators=long_text())
    audience = models.CharField(max_length=12, choices=Audience.choices, default=Audience.TEAM)
    published = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    # Comments go with their target, whichever way it is deleted (see records.Comment).
    comments = GenericRelation(
        "records.Comment", content_type_field="target_type", object_id_field="target_id"
    )

    class Meta:
        ordering = ["-period_end", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="status_period_end_after_start",
                violation_error_message="The period ends before it starts.",
            )
        ]

    def __str__(self) -> str:
        return f"Status {self.period_start} to {self.period_end}"


class Comment(VersionedModel):
    """A comment on a task, risk, issue, document, decision or status update.

    ``project`` is copied from the target so comments can be scoped and audited per project; who
    may read a comment is decided by who may read its target.
    """

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="comments"
    )
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(validators=long_text())

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"Comment {self.pk} on {self.target_type_id}#{self.target_id}"
