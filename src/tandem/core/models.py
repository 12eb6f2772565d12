"""Shared model pieces: optimistic-concurrency versions and the append-only audit trail."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# The longest free text a person may write in one field (descriptions, plans, comments): far
# beyond any real entry, small enough that one request cannot fill the database or a page.
LONG_TEXT_LIMIT = 20_000


def long_text() -> list[MaxLengthValidator]:
    """The validators of a free-text field: at most ``LONG_TEXT_LIMIT`` characters."""
    return [MaxLengthValidator(LONG_TEXT_LIMIT)]


class VersionedModel(models.Model):
    """A row that clients update with the version they read (``If-Match``); see ``core.versions``."""

    version = models.PositiveIntegerField(default=1, verbose_name=_("version"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        abstract = True


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: object) -> int:
        raise TypeError("the audit trail is append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("the audit trail is append-only")


class AuditEvent(models.Model):
    """One change made through an action: who, what, when, and the field diff.

    Rows are written once and never updated or deleted: the queryset and the model refuse to,
    and so do database triggers (``core.append_only``). ``organization`` and ``project`` are plain
    ids, not foreign keys, so the trail outlives the objects it describes. ``actor`` has no
    database constraint and nothing happens to the row when the person is deleted (setting it to
    NULL would be an update the triggers refuse); ``actor_name`` keeps who it was.
    """

    organization_id = models.BigIntegerField(
        null=True, db_index=True, verbose_name=_("organization")
    )
    project_id = models.BigIntegerField(null=True, db_index=True, verbose_name=_("project"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_name = models.CharField(max_length=150, blank=True, verbose_name=_("actor name"))
    action = models.CharField(max_length=80, verbose_name=_("action"))
    object_type = models.CharField(max_length=80, verbose_name=_("object type"))
    object_id = models.CharField(max_length=64, verbose_name=_("object ID"))
    object_repr = models.CharField(max_length=300, blank=True, verbose_name=_("object name"))
    changes = models.JSONField(default=dict, verbose_name=_("changes"))
    created_at = models.DateTimeField(
        auto_now_add=True, db_index=True, verbose_name=_("created at")
    )

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type}#{self.object_id} by {self.actor_name}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise TypeError("the audit trail is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise TypeError("the audit trail is append-only")
