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
        "projects.Project",
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("project"),
    )
    title = models.CharField(max_length=200, verbose_name=_("title"))
    category = models.CharField(
        max_length=16,
        choices=DocumentCategory.choices,
        default=DocumentCategory.OTHER,
        verbose_name=_("category"),
    )
    description = models.TextField(
        blank=True, validators=long_text(), verbose_name=_("description")
    )
    visibility = models.CharField(
        max_length=12,
        choices=Visibility.choices,
        default=Visibility.TEAM,
        verbose_name=_("visibility"),
    )
    link = models.URLField(
        max_length=500, blank=True, validators=[http_url], verbose_name=_("link")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )

    # Comments go with their target, whichever way it is deleted (see records.Comment).
    comments = GenericRelation(
        "records.Comment",
        content_type_field="target_type",
        object_id_field="target_id",
        verbose_name=_("comments"),
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title


class DocumentVersion(models.Model):
    """One uploaded file of a document. Written once; the file's stored name is random.

    ``content_type`` is the type the file is served with (always as an attachment), not
    necessarily the one the uploader's browser claimed.
    """

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="versions", verbose_name=_("document")
    )
    number = models.PositiveIntegerField(verbose_name=_("number"))
    file = models.FileField(max_length=200, verbose_name=_("file"))
    original_name = models.CharField(max_length=255, verbose_name=_("original name"))
    size = models.PositiveBigIntegerField(verbose_name=_("size (bytes)"))
    sha256 = models.CharField(max_length=64, verbose_name=_("SHA-256 checksum"))
    content_type = models.CharField(max_length=120, verbose_name=_("content type"))
    comment = models.TextField(blank=True, validators=long_text(), verbose_name=_("comment"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(auto_now_add=True, verbose_name=_("uploaded at"))

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
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
        "projects.Project",
        on_delete=models.CASCADE,
        related_name="decisions",
        verbose_name=_("project"),
    )
    title = models.CharField(max_length=200, verbose_name=_("title"))
    context = models.TextField(blank=True, validators=long_text(), verbose_name=_("context"))
    decision = models.TextField(blank=True, validators=long_text(), verbose_name=_("decision"))
    alternatives = models.TextField(
        blank=True, validators=long_text(), verbose_name=_("alternatives")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_on = models.DateField(null=True, blank=True, verbose_name=_("decided on"))
    status = models.CharField(
        max_length=10,
        choices=DecisionStatus.choices,
        default=DecisionStatus.PROPOSED,
        verbose_name=_("status"),
    )
    supersedes = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
        verbose_name=_("supersedes"),
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="logged_decisions",
        verbose_name=_("meeting"),
    )

    # Comments go with their target, whichever way it is deleted (see records.Comment).
    comments = GenericRelation(
        "records.Comment",
        content_type_field="target_type",
        object_id_field="target_id",
        verbose_name=_("comments"),
    )

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
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
        "projects.Project",
        on_delete=models.CASCADE,
        related_name="status_updates",
        verbose_name=_("project"),
    )
    period_start = models.DateField(verbose_name=_("period start"))
    period_end = models.DateField(verbose_name=_("period end"))
    rag = models.CharField(
        max_length=5, choices=Rag.choices, default=Rag.GREEN, verbose_name=_("RAG status")
    )
    summary = models.TextField(validators=long_text(), verbose_name=_("summary"))
    achievements = models.TextField(
        blank=True, validators=long_text(), verbose_name=_("achievements")
    )
    next_steps = models.TextField(blank=True, validators=long_text(), verbose_name=_("next steps"))
    blockers = models.TextField(blank=True, validators=long_text(), verbose_name=_("blockers"))
    audience = models.CharField(
        max_length=12, choices=Audience.choices, default=Audience.TEAM, verbose_name=_("audience")
    )
    published = models.BooleanField(default=False, verbose_name=_("published"))
    published_at = models.DateTimeField(null=True, blank=True, verbose_name=_("published at"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author"),
    )

    # Comments go with their target, whichever way it is deleted (see records.Comment).
    comments = GenericRelation(
        "records.Comment",
        content_type_field="target_type",
        object_id_field="target_id",
        verbose_name=_("comments"),
    )

    class Meta:
        verbose_name = _("status update")
        verbose_name_plural = _("status updates")
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
        "projects.Project",
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("project"),
    )
    target_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("target type")
    )
    target_id = models.PositiveBigIntegerField(verbose_name=_("target ID"))
    target = GenericForeignKey("target_type", "target_id")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author"),
    )
    body = models.TextField(validators=long_text(), verbose_name=_("body"))

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"Comment {self.pk} on {self.target_type_id}#{self.target_id}"
