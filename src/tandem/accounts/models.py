"""Organizations, their departments and teams, and the people who sign in."""

from __future__ import annotations

import hashlib
import secrets
import zoneinfo
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from tandem.core.l10n import validate_language, validate_locale
from tandem.core.models import VersionedModel


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            f"{value!r} is not a known time zone (use an IANA name like Europe/Paris)"
        )


def default_working_hours() -> dict[str, list[list[str]]]:
    """Monday to Friday 09:00-17:00 with no split; keys are ISO weekday numbers 1-7."""
    return {str(d): [["09:00", "17:00"]] for d in range(1, 6)}


class Organization(VersionedModel):
    name = models.CharField(max_length=200, verbose_name=_("name"))
    slug = models.SlugField(max_length=80, unique=True, verbose_name=_("slug"))

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self) -> str:
        return self.name


class Department(VersionedModel):
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="departments",
        verbose_name=_("organization"),
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent"),
    )
    name = models.CharField(max_length=200, verbose_name=_("name"))

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "parent", "name"], name="department_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who signs in. Every person except a site superuser belongs to one organization."""

    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
        verbose_name=_("organization"),
    )
    is_org_admin = models.BooleanField(default=False, verbose_name=_("organization admin"))
    display_name = models.CharField(max_length=150, blank=True, verbose_name=_("display name"))
    job_title = models.CharField(max_length=150, blank=True, verbose_name=_("job title"))
    time_zone = models.CharField(
        max_length=64, default="UTC", validators=[validate_time_zone], verbose_name=_("time zone")
    )
    working_hours = models.JSONField(default=default_working_hours, verbose_name=_("working hours"))
    email_notifications = models.BooleanField(default=True, verbose_name=_("email notifications"))
    # How numbers, amounts and dates are written for this person (a BCP 47 tag such as de-DE);
    # blank: as their browser asks (tandem.core.l10n).
    locale = models.CharField(
        max_length=35,
        blank=True,
        default="",
        validators=[validate_locale],
        verbose_name=_("locale"),
    )
    # The interface language, one of settings.LANGUAGES; blank: as their browser asks.
    language = models.CharField(
        max_length=15,
        blank=True,
        default="",
        validators=[validate_language],
        verbose_name=_("language"),
    )
    # Set while an invitation waits: the person is inactive until they set a password through
    # the emailed link (``tandem.accounts.invitations``).
    invited_at = models.DateTimeField(null=True, blank=True, verbose_name=_("invited at"))
    version = models.PositiveIntegerField(default=1, verbose_name=_("version"))

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username


class Team(VersionedModel):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="teams", verbose_name=_("organization")
    )
    department = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="teams",
        verbose_name=_("department"),
    )
    name = models.CharField(max_length=200, verbose_name=_("name"))
    lead = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("lead"),
    )
    members = models.ManyToManyField(
        User, blank=True, related_name="teams", verbose_name=_("members")
    )

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return self.name


def password_fingerprint(user: Any) -> str:
    """SHA-256 of the user's stored password hash: changes whenever the password does."""
    return hashlib.sha256((user.password or "").encode()).hexdigest()


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class TokenScope(models.TextChoices):
    READ = "read", _("Read only")
    WRITE = "write", _("Read and write")


class PersonalAccessToken(models.Model):
    """An API token. Only its SHA-256 is stored; the raw value is shown once at creation.

    Every token expires (at most ``TANDEM_TOKEN_MAX_DAYS`` after its creation); a ``read`` token
    may only read.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="tokens", verbose_name=_("user")
    )
    name = models.CharField(max_length=100, verbose_name=_("name"))
    prefix = models.CharField(max_length=12, verbose_name=_("prefix"))
    token_hash = models.CharField(max_length=64, unique=True, verbose_name=_("token hash"))
    scope = models.CharField(
        max_length=5, choices=TokenScope.choices, default=TokenScope.WRITE, verbose_name=_("scope")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    last_used_at = models.DateTimeField(null=True, blank=True, verbose_name=_("last used at"))
    expires_at = models.DateTimeField(verbose_name=_("expires at"))
    revoked = models.BooleanField(default=False, verbose_name=_("revoked"))
    # The owner's password (its stored hash, hashed again) when the token was made: a token stops
    # working once the password changes, by whatever path (the page, a reset, the command line).
    password_fingerprint = models.CharField(
        max_length=64, blank=True, verbose_name=_("password fingerprint")
    )

    class Meta:
        verbose_name = _("personal access token")
        verbose_name_plural = _("personal access tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}...)"

    @staticmethod
    def new_raw_token() -> str:
        return "tdm_" + secrets.token_urlsafe(32)
